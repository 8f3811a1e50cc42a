/*
 * report: strict UTF-8, escaping for terminals and JSON, source excerpts
 * (caret under escaped text, windows on long lines), repeats folded, the
 * caps on findings and on the size of a text report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ldlint.h"
#include "report.h"
#include "unit.h"
#include "utf8.h"

START_TEST(utf8_strict)
{
	uint32_t cp;
	ck_assert_uint_eq(utf8_char("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(utf8_char("\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(utf8_char("\xe2\x80\xae", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x202e);
	ck_assert_uint_eq(utf8_char("\xf0\x9f\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f600);
	static const char *const bad[] = {
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xc3", "\xe2\x80",
		"\xc3\x28",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_uint_eq(utf8_char(bad[i], strlen(bad[i]), &cp), 0);
	/* a sequence cut by the end of the buffer */
	ck_assert_uint_eq(utf8_char("\xc3\xa9", 1, &cp), 0);
	ck_assert(utf8_unsafe(0x1b) && utf8_unsafe(0x7f) && utf8_unsafe(0x9b) &&
		  utf8_unsafe(0x202e) && utf8_unsafe(0x2066) && utf8_unsafe('\t'));
	ck_assert(!utf8_unsafe(' ') && !utf8_unsafe(0xa0) && !utf8_unsafe(0xe9));
}
END_TEST

/* What json_string writes for 's'. */
static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	json_init(&j, f);
	json_string(&j, s);
	fclose(f);
	return buf;
}

START_TEST(json_escapes_and_replaces)
{
	char *out = json_of("a\x1b]0;x\x07\xff\xc2\x9b\xe2\x80\xae\x7f\"\\\n\xc3\xa9");
	ck_assert_str_eq(out, "\"a\\u001b]0;x\\u0007\\ufffd\\u009b\\u202e\\u007f"
			 "\\\"\\\\\\n\xc3\xa9\"");
	free(out);
	out = json_of("\xed\xa0\x80\xc0\xaf");	/* surrogate, overlong '/' */
	ck_assert_str_eq(out, "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
	free(out);
}
END_TEST

static char *safe_of(const char *s)
{
	struct strbuf sb = {0};
	report_safe(&sb, s, strlen(s));
	return sb.buf;
}

START_TEST(terminal_escapes)
{
	char *out = safe_of("a\x1b[31m\xff\xc2\x85\t\xe2\x80\xae\x7f\xc3\xa9");
	ck_assert_str_eq(out, "a\\x1b[31m\\xff\\u0085\\x09\\u202e\\x7f\xc3\xa9");
	free(out);
	struct arena a = {0};
	const char *same = "plain name";
	ck_assert_ptr_eq(report_safe_str(&a, same), same);
	ck_assert_str_eq(report_safe_str(&a, "x\x07"), "x\\x07");
	arena_free(&a);
}
END_TEST

/* The excerpt of 'line' with the caret at byte column 'col'; returns the
 * source line and the caret line (after "N | " and "  | "). */
static void excerpt(const char *line, unsigned col, unsigned span,
		    char **src, char **caret)
{
	struct strbuf sb = {0};
	report_excerpt(&sb, line, strlen(line), 7, col, span, "", "");
	char *nl = strchr(sb.buf, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	char *bar1 = strstr(sb.buf, " | "), *bar2 = strstr(nl + 1, " | ");
	ck_assert_ptr_nonnull(bar1);
	ck_assert_ptr_nonnull(bar2);
	/* both bars line up */
	ck_assert_uint_eq((size_t)(bar1 - sb.buf), (size_t)(bar2 - (nl + 1)));
	*src = strdup(bar1 + 3);
	*caret = strdup(bar2 + 3);
	(*caret)[strcspn(*caret, "\n")] = '\0';
	sb_free(&sb);
}

START_TEST(caret_under_escaped_text)
{
	char *src, *caret;
	/* tab, ESC, a C1 control and a bad byte before the construct */
	excerpt("\tA\x1b\xc2\x9b\xff" "B = 1;", 7, 1, &src, &caret);
	ck_assert_str_eq(src, "        A\\x1b\\u009b\\xffB = 1;");
	ck_assert_uint_eq(strlen(caret), strlen("        A\\x1b\\u009b\\xff") + 1);
	ck_assert_int_eq(src[strlen(caret) - 1], 'B');
	ck_assert_int_eq(caret[strlen(caret) - 1], '^');
	free(src);
	free(caret);
	/* the caret on an escaped byte underlines all of its escape */
	excerpt("x\x07y", 2, 1, &src, &caret);
	ck_assert_str_eq(src, "x\\x07y");
	ck_assert_str_eq(caret, " ^~~~");
	free(src);
	free(caret);
	/* a caret past the end of the line stands just after it */
	excerpt("ab", 9, 3, &src, &caret);
	ck_assert_str_eq(caret, "  ^");
	free(src);
	free(caret);
}
END_TEST

START_TEST(long_lines_show_a_window)
{
	size_t n = 20000;
	char *line = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		line[i] = (char)('a' + i % 26);
	line[n] = '\0';
	line[9999] = '#';
	char *src, *caret;
	excerpt(line, 10000, 3, &src, &caret);
	ck_assert_uint_le(strlen(src), REPORT_WINDOW + 6);
	ck_assert(!strncmp(src, "...", 3));
	ck_assert(!strcmp(src + strlen(src) - 3, "..."));
	size_t at = strlen(caret) - 3;	/* "^~~" */
	ck_assert_str_eq(caret + at, "^~~");
	ck_assert_int_eq(src[at], '#');
	ck_assert_int_eq(src[at + 1], line[10000]);
	free(src);
	free(caret);
	/* near the end: the window ends with the line */
	excerpt(line, (unsigned)n, 1, &src, &caret);
	ck_assert(!strncmp(src, "...", 3));
	ck_assert_int_eq(src[strlen(src) - 1], line[n - 1]);
	ck_assert_int_eq(src[strlen(caret) - 1], line[n - 1]);
	free(src);
	free(caret);
	/* a line of REPORT_WIDTH columns is shown whole */
	line[REPORT_WIDTH] = '\0';
	excerpt(line, 1, 1, &src, &caret);
	ck_assert_str_eq(src, line);
	free(src);
	free(caret);
	free(line);
}
END_TEST

static const char *const ids[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6",
				  "r7", "r8", "r9"};
static const enum severity sevs[] = {SEV_WARNING, SEV_WARNING, SEV_WARNING,
	SEV_WARNING, SEV_WARNING, SEV_WARNING, SEV_WARNING, SEV_WARNING,
	SEV_WARNING, SEV_ERROR};

START_TEST(repeats_fold)
{
	struct arena a = {0};
	struct diag d;
	diag_init(&d, &a, 10, ids, sevs);
	struct loc l = {"x.ld", 1, 1, 1};
	ck_assert_ptr_nonnull(diag_add(&d, 0, l, "ignored '%c'", '*'));
	for (unsigned i = 2; i <= 20000; i++) {
		l.col = i;
		ck_assert_ptr_null(diag_add(&d, 0, l, "ignored '%c'", '*'));
	}
	l.col = 5;
	ck_assert_ptr_nonnull(diag_add(&d, 0, l, "ignored '%c'", '#'));	/* another message */
	l.line = 2;
	ck_assert_ptr_nonnull(diag_add(&d, 0, l, "ignored '%c'", '*'));	/* another line */
	ck_assert_ptr_nonnull(diag_add(&d, 1, l, "ignored '%c'", '*'));	/* another rule */
	ck_assert_uint_eq(d.count[SEV_WARNING], 4);
	ck_assert_uint_eq(diag_total(&d, SEV_WARNING), 20003);
	ck_assert_uint_eq(d.head->repeats, 19999);
	arena_free(&a);
}
END_TEST

START_TEST(sort_is_stable_and_fast)
{
	struct arena a = {0};
	struct diag d;
	diag_init(&d, &a, 10, ids, sevs);
	/* 10^5 findings, two per place, the places in reverse order and
	 * then in order (an insertion sort's worst case) */
	for (unsigned i = 50000; i > 25000; i--) {
		struct loc l = {"x.ld", i, 1, 1};
		diag_add(&d, 1, l, "b %u", i);
		diag_add(&d, 1, l, "a %u", i);
	}
	for (unsigned i = 1; i <= 25000; i++) {
		struct loc l = {"x.ld", i, 1, 1};
		diag_add(&d, 1, l, "b %u", i);
		diag_add(&d, 1, l, "a %u", i);
	}
	diag_sort(&d);
	unsigned n = 0, line = 0;
	for (const struct finding *f = d.head; f; f = f->next, n++) {
		ck_assert_uint_ge(f->loc.line, line);
		if (f->loc.line == line)	/* added second, stays second */
			ck_assert_int_eq(f->message[0], 'a');
		else
			ck_assert_int_eq(f->message[0], 'b');
		line = f->loc.line;
	}
	ck_assert_uint_eq(n, 100000);
	ck_assert_ptr_null(*d.tail);
	arena_free(&a);
}
END_TEST

/* out_text of 'd' into a string. */
static char *text_of(struct diag *d, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct run r = {0};
	r.diag = d;
	diag_sort(d);
	out_text(f, &r, false);
	fclose(f);
	return buf;
}

START_TEST(text_caps_per_rule)
{
	struct arena a = {0};
	struct diag d;
	diag_init(&d, &a, 10, ids, sevs);
	for (unsigned i = 1; i <= 150; i++) {
		struct loc l = {"missing.ld", i, 1, 1};
		diag_add(&d, 3, l, "finding %u", i);
	}
	size_t len;
	char *out = text_of(&d, &len);
	ck_assert_ptr_nonnull(strstr(out, "missing.ld:100:1: warning: finding 100 [r3]"));
	ck_assert_ptr_null(strstr(out, "finding 101 "));
	ck_assert_ptr_nonnull(strstr(out, "ldlint: note: 50 more 'r3' findings not shown"));
	ck_assert_ptr_nonnull(strstr(out, "0 errors, 150 warnings, 0 notes\n"));
	free(out);
	arena_free(&a);
}
END_TEST

START_TEST(text_stops_at_its_size_cap)
{
	struct arena a = {0};
	struct diag d;
	diag_init(&d, &a, 10, ids, sevs);
	char *msg = malloc(REPORT_MESSAGE + 1);
	memset(msg, 'm', REPORT_MESSAGE);
	msg[REPORT_MESSAGE] = '\0';
	for (unsigned r = 0; r < 10; r++)
		for (unsigned i = 1; i <= 100; i++) {
			struct loc l = {"missing.ld", i, r + 1, 1};
			diag_add(&d, r, l, "%u %s", r, msg);
		}
	size_t len;
	char *out = text_of(&d, &len);
	ck_assert_uint_le(len, REPORT_TEXT_BYTES + 1024);
	ck_assert_uint_ge(len, REPORT_TEXT_BYTES - 4 * REPORT_MESSAGE);
	ck_assert_ptr_nonnull(strstr(out, "ldlint: note: the text report stops at 1 MiB"));
	ck_assert_ptr_nonnull(strstr(out, "100 errors, 900 warnings, 0 notes\n"));
	free(out);
	free(msg);
	arena_free(&a);
}
END_TEST

START_TEST(long_messages_lose_their_middle)
{
	size_t n = 10000;
	char *msg = malloc(n + 1);
	memset(msg, 'x', n);
	memcpy(msg, "START", 5);
	memcpy(msg + n - 3, "END", 3);
	msg[n] = '\0';
	msg[REPORT_MESSAGE * 3 / 4] = (char)0xc3;	/* a character on the cut */
	msg[REPORT_MESSAGE * 3 / 4 + 1] = (char)0xa9;
	char *tofree;
	const char *cut = report_message(msg, &tofree);
	ck_assert_ptr_nonnull(tofree);
	ck_assert_uint_le(strlen(cut), REPORT_MESSAGE + 64);
	ck_assert(!strncmp(cut, "START", 5));
	ck_assert_str_eq(cut + strlen(cut) - 3, "END");
	ck_assert_ptr_nonnull(strstr(cut, " bytes not shown ...] "));
	ck_assert_ptr_null(strstr(cut, "\xc3 ["));	/* not cut inside it */
	free(tofree);
	const char *shorter = "short";
	ck_assert_ptr_eq(report_message(shorter, &tofree), shorter);
	ck_assert_ptr_null(tofree);
	free(msg);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_add_test(tc, utf8_strict);
	tcase_add_test(tc, json_escapes_and_replaces);
	tcase_add_test(tc, terminal_escapes);
	tcase_add_test(tc, caret_under_escaped_text);
	tcase_add_test(tc, long_lines_show_a_window);
	tcase_add_test(tc, repeats_fold);
	tcase_add_test(tc, sort_is_stable_and_fast);
	tcase_add_test(tc, text_caps_per_rule);
	tcase_add_test(tc, text_stops_at_its_size_cap);
	tcase_add_test(tc, long_messages_lose_their_middle);
	suite_add_tcase(s, tc);
	return s;
}
