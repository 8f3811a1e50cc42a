/*
 * Lexer: every mode, every number form, and each quirk of ld-grammar.md
 * section 9 that the lexer decides.
 */
#include <stdio.h>
#include <string.h>

#include "lex.h"
#include "unit.h"

struct lexed {
	struct arena arena;
	struct lex_event *events;
	struct lexer lx;
};

static void lex_start(struct lexed *l, const char *text)
{
	memset(l, 0, sizeof *l);
	lex_init(&l->lx, text, strlen(text), "t.ld", &l->arena);
	l->lx.events = &l->events;
}

/* Tokens of 'text' in one mode as "KIND:text" joined by '|'. */
static const char *tokens(const char *text, enum lex_mode mode)
{
	static char buf[1024];
	struct lexed l;
	lex_start(&l, text);
	buf[0] = '\0';
	for (;;) {
		struct token t = lex_next(&l.lx, mode);
		if (t.kind == T_EOF)
			break;
		char one[128];
		if (t.kind == T_NAME)
			snprintf(one, sizeof one, "N:%s", t.text);
		else if (t.kind == T_INT)
			snprintf(one, sizeof one, "I:%llu", (unsigned long long)t.value);
		else if (t.kind == T_LNAME)
			snprintf(one, sizeof one, "L:%s", t.text);
		else
			snprintf(one, sizeof one, "%s", t.text);
		if (buf[0])
			strcat(buf, "|");
		strcat(buf, one);
	}
	arena_free(&l.arena);
	return buf;
}

static enum tok first_kind(const char *text, enum lex_mode mode)
{
	struct lexed l;
	lex_start(&l, text);
	enum tok k = lex_next(&l.lx, mode).kind;
	arena_free(&l.arena);
	return k;
}

START_TEST(script_mode_names)
{
	/* Q1: '=' is a name character in SCRIPT mode */
	ck_assert_str_eq(tokens("a=1;", MODE_SCRIPT), "N:a=1|;");
	ck_assert_str_eq(tokens("a = 1;", MODE_SCRIPT), "N:a|=|I:1|;");
	/* Q2: '-', '+', ':' , ',' are name characters too */
	ck_assert_str_eq(tokens("foo-bar = 1;", MODE_SCRIPT), "N:foo-bar|=|I:1|;");
	ck_assert_str_eq(tokens("R: ORIGIN", MODE_SCRIPT), "N:R:|ORIGIN");
	ck_assert_str_eq(tokens("x+y", MODE_SCRIPT), "N:x+y");
	ck_assert_str_eq(tokens("REGION_ALIAS(A, B)", MODE_SCRIPT),
			 "REGION_ALIAS|(|N:A,|N:B|)");
	/* a name cannot start with a digit, '-' or '+' */
	ck_assert_str_eq(tokens("-x", MODE_SCRIPT), "-|N:x");
	ck_assert_str_eq(tokens("512K", MODE_SCRIPT), "I:524288");
	/* '!' splits attribute letters (Q8) */
	ck_assert_str_eq(tokens("(rw!x)", MODE_SCRIPT), "(|N:rw|!|N:x|)");
}
END_TEST

START_TEST(expression_mode_names)
{
	/* Q2: '/' and '~' continue a symbol; '-' is an operator */
	ck_assert_str_eq(tokens("a/2", MODE_EXPR), "N:a/2");
	ck_assert_str_eq(tokens("x~y", MODE_EXPR), "N:x~y");
	ck_assert_str_eq(tokens("_end-_start", MODE_EXPR), "N:_end|-|N:_start");
	ck_assert_str_eq(tokens("a=1", MODE_EXPR), "N:a|=|I:1");
	ck_assert_str_eq(tokens("/DISCARD/", MODE_EXPR), "N:/DISCARD/");
	ck_assert_str_eq(tokens("a / 2", MODE_EXPR), "N:a|/|I:2");
	ck_assert_str_eq(tokens("a<<=2", MODE_EXPR), "N:a|<<=|I:2");
	ck_assert_str_eq(tokens("a>=b&&c||d", MODE_EXPR), "N:a|>=|N:b|&&|N:c||||N:d");
}
END_TEST

START_TEST(wild_mode_patterns)
{
	/* Q17: the glued comma belongs to the pattern */
	ck_assert_str_eq(tokens("*(.text, .rodata)", MODE_WILD),
			 "N:*|(|N:.text,|N:.rodata|)");
	ck_assert_str_eq(tokens("*(.text , .rodata)", MODE_WILD),
			 "N:*|(|N:.text|N:,|N:.rodata|)");
	/* Q1 inside an output section: one name, read as a file name */
	ck_assert_str_eq(tokens(".=ALIGN(4);", MODE_WILD), "N:.=ALIGN|(|N:4|)|;");
	ck_assert_str_eq(tokens(". = ALIGN(4);", MODE_WILD), "N:.|=|N:ALIGN|(|N:4|)|;");
	ck_assert_str_eq(tokens("libc.a:printf.o(.text)", MODE_WILD),
			 "N:libc.a:printf.o|(|N:.text|)");
	ck_assert_str_eq(tokens("[abc]*", MODE_WILD), "N:[abc]*");
	ck_assert_str_eq(tokens("[ x ]", MODE_WILD), "[|N:x|]");
	ck_assert_str_eq(tokens("SHF_ALLOC&!SHF_WRITE", MODE_WILD),
			 "N:SHF_ALLOC|&|N:!SHF_WRITE");
	/* a comment opens only at the start of a pattern */
	ck_assert_str_eq(tokens("*(.text)/*c*/", MODE_WILD), "N:*|(|N:.text|)");
	ck_assert_str_eq(tokens(".text/*c*/", MODE_WILD), "N:.text/*c*/");
	ck_assert_str_eq(tokens("*=", MODE_WILD), "*=");
}
END_TEST

START_TEST(keywords_by_mode)
{
	ck_assert_int_eq(first_kind("MEMORY", MODE_SCRIPT), K_MEMORY);
	ck_assert_int_eq(first_kind("MEMORYX", MODE_SCRIPT), T_NAME);
	ck_assert_int_eq(first_kind("MEMORY", MODE_EXPR), T_NAME);
	ck_assert_int_eq(first_kind("org", MODE_SCRIPT), K_ORIGIN);
	ck_assert_int_eq(first_kind("org", MODE_EXPR), T_NAME);
	ck_assert_int_eq(first_kind("len", MODE_SCRIPT), K_LENGTH);
	ck_assert_int_eq(first_kind("l", MODE_SCRIPT), K_LENGTH);
	ck_assert_int_eq(first_kind("LENGTH", MODE_EXPR), K_LENGTH);
	ck_assert_int_eq(first_kind("NOLOAD", MODE_EXPR), K_NOLOAD);
	ck_assert_int_eq(first_kind("NOLOAD", MODE_SCRIPT), T_NAME);
	ck_assert_int_eq(first_kind("KEEP", MODE_WILD), K_KEEP);
	ck_assert_int_eq(first_kind("KEEP", MODE_SCRIPT), T_NAME);
	ck_assert_int_eq(first_kind("KEEPER", MODE_WILD), T_NAME);
	ck_assert_int_eq(first_kind("SORT", MODE_WILD), K_SORT_BY_NAME);
	ck_assert_int_eq(first_kind("ALIGN", MODE_WILD), T_NAME);
	ck_assert_int_eq(first_kind("ENTRY", MODE_EXPR), T_NAME);
	ck_assert_int_eq(first_kind("AT", MODE_WILD), K_AT);
	ck_assert_int_eq(first_kind("AS_NEEDED", MODE_INPUTLIST), K_AS_NEEDED);
	/* 2.41+ keywords are names to 2.40 */
	ck_assert_int_eq(first_kind("ASCIZ", MODE_WILD), T_NAME);
	ck_assert_int_eq(first_kind("LINKER_VERSION", MODE_WILD), T_NAME);
	ck_assert_int_eq(first_kind("REVERSE", MODE_WILD), T_NAME);
}
END_TEST

START_TEST(number_forms)
{
	ck_assert_str_eq(tokens("0x10 0X1f 10 4k 4K 2m 2M 0x10K", MODE_EXPR),
			 "I:16|I:31|I:10|I:4096|I:4096|I:2097152|I:2097152|I:16384");
	/* Q4: leading zero is octal; a bad digit ends the scan */
	ck_assert_str_eq(tokens("010 08 0777", MODE_EXPR), "I:8|I:0|I:511");
	/* radix suffixes and $hex, expressions only */
	ck_assert_str_eq(tokens("1Fh 1fH 10x 101b 17o 99d $ff", MODE_EXPR),
			 "I:31|I:31|I:16|I:5|I:15|I:99|I:255");
	ck_assert_str_eq(tokens("$ff", MODE_SCRIPT), "I:255");
	ck_assert_str_eq(tokens("1Fh", MODE_SCRIPT), "I:1|N:Fh");
	/* 0b101 is not binary: "0b" then 101 */
	ck_assert_str_eq(tokens("0b101", MODE_EXPR), "I:0|I:101");
	/* saturation like strtoul */
	ck_assert_str_eq(tokens("0x1FFFFFFFFFFFFFFFF", MODE_EXPR),
			 "I:18446744073709551615");
	/* "0x": the radix-suffix rule wins in expressions */
	ck_assert_str_eq(tokens("0x", MODE_EXPR), "I:0");
	ck_assert_str_eq(tokens("0x", MODE_SCRIPT), "I:0|N:x");
}
END_TEST

START_TEST(numeric_names)
{
	/* Q3: hex letters plus a radix suffix read as a number */
	ck_assert_str_eq(tokens("add bad dead cab fab beefh", MODE_EXPR),
			 "I:0|I:0|I:0|I:0|I:0|I:48879");
	ck_assert_str_eq(tokens("adds", MODE_EXPR), "N:adds");
	ck_assert_str_eq(tokens("add", MODE_SCRIPT), "N:add");
	struct lexed l;
	lex_start(&l, "x = add ;");
	while (lex_next(&l.lx, MODE_EXPR).kind != T_EOF)
		;
	ck_assert_ptr_nonnull(l.events);
	ck_assert_int_eq(l.events->kind, LEXE_NUMERIC_NAME);
	ck_assert_str_eq(l.events->text, "add");
	arena_free(&l.arena);
}
END_TEST

START_TEST(invalid_characters)
{
	/* Q5/Q6: '^' and '@' are dropped with a warning */
	struct lexed l;
	lex_start(&l, "x ^ 3 @");
	ck_assert_str_eq(tokens("x ^ 3 @", MODE_EXPR), "N:x|I:3");
	while (lex_next(&l.lx, MODE_EXPR).kind != T_EOF)
		;
	ck_assert_ptr_nonnull(l.events);
	ck_assert_int_eq(l.events->kind, LEXE_INVALID_CHAR);
	ck_assert_str_eq(l.events->text, "^");
	ck_assert_uint_eq(l.events->loc.col, 3);
	ck_assert_ptr_nonnull(l.events->next);
	ck_assert_str_eq(l.events->next->text, "@");
	arena_free(&l.arena);
	ck_assert_str_eq(tokens("x^=3", MODE_SCRIPT), "N:x|=|I:3");
	/* an unterminated quote is an invalid '"' */
	ck_assert_str_eq(tokens("\"abc", MODE_SCRIPT), "N:abc");
}
END_TEST

START_TEST(input_list_mode)
{
	ck_assert_str_eq(tokens("-lgcc -lc AS_NEEDED(-lm)", MODE_INPUTLIST),
			 "L:gcc|L:c|AS_NEEDED|(|L:m|)");
	ck_assert_str_eq(tokens("=crt0.o a.o,b.o", MODE_INPUTLIST), "N:=crt0.o|N:a.o,b.o");
	ck_assert_str_eq(tokens("a.o , b.o", MODE_INPUTLIST), "N:a.o|,|N:b.o");
}
END_TEST

START_TEST(comments_and_quotes)
{
	ck_assert_str_eq(tokens("/* c */ a # hash\n b", MODE_SCRIPT), "N:a|N:b");
	ck_assert_str_eq(tokens("\"odd name\" x", MODE_SCRIPT), "N:odd name|N:x");
	ck_assert_str_eq(tokens("\"a*b\"", MODE_WILD), "N:a*b");
	struct lexed l;
	lex_start(&l, "a /* never closed");
	ck_assert_int_eq(lex_next(&l.lx, MODE_SCRIPT).kind, T_NAME);
	ck_assert_int_eq(lex_next(&l.lx, MODE_SCRIPT).kind, T_EOF);
	ck_assert_ptr_nonnull(l.lx.error_msg);
	ck_assert_uint_eq(l.lx.error.col, 3);
	arena_free(&l.arena);
}
END_TEST

START_TEST(locations_and_backup)
{
	struct lexed l;
	lex_start(&l, "a\n  /* x\n */ bcd\tfoo-bar");
	struct token t = lex_next(&l.lx, MODE_SCRIPT);
	ck_assert_uint_eq(t.loc.line, 1);
	t = lex_next(&l.lx, MODE_SCRIPT);
	ck_assert_str_eq(t.text, "bcd");
	ck_assert_uint_eq(t.loc.line, 3);
	ck_assert_uint_eq(t.loc.col, 5);
	ck_assert_uint_eq(t.loc.len, 3);
	/* the same characters read again in another mode */
	t = lex_next(&l.lx, MODE_EXPR);
	ck_assert_str_eq(t.text, "foo");
	lex_backup(&l.lx, &t);
	t = lex_next(&l.lx, MODE_SCRIPT);
	ck_assert_str_eq(t.text, "foo-bar");
	ck_assert_uint_eq(t.loc.col, 9);
	arena_free(&l.arena);
}
END_TEST

START_TEST(cpp_line_markers)
{
	struct lexed l;
	const char *text = "# 1 \"a.ld.S\"\nx\n# 40 \"inc.h\" 1\ny\n";
	lex_start(&l, text);
	l.lx.cpp_markers = true;
	struct token t = lex_next(&l.lx, MODE_SCRIPT);
	ck_assert_str_eq(t.loc.file, "a.ld.S");
	ck_assert_uint_eq(t.loc.line, 1);
	t = lex_next(&l.lx, MODE_SCRIPT);
	ck_assert_str_eq(t.loc.file, "inc.h");
	ck_assert_uint_eq(t.loc.line, 40);
	arena_free(&l.arena);
}
END_TEST

Suite *lex_suite(void)
{
	Suite *s = suite_create("lex");
	TCase *tc = tcase_create("modes");
	tcase_add_test(tc, script_mode_names);
	tcase_add_test(tc, expression_mode_names);
	tcase_add_test(tc, wild_mode_patterns);
	tcase_add_test(tc, keywords_by_mode);
	tcase_add_test(tc, number_forms);
	tcase_add_test(tc, numeric_names);
	tcase_add_test(tc, invalid_characters);
	tcase_add_test(tc, input_list_mode);
	tcase_add_test(tc, comments_and_quotes);
	tcase_add_test(tc, locations_and_backup);
	tcase_add_test(tc, cpp_line_markers);
	suite_add_tcase(s, tc);
	return s;
}
