/*
 * report: the caps on findings and messages, and text made safe for a
 * terminal (source excerpts included).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* --- which findings are listed ---------------------------------------- */

void report_cap_init(struct report_cap *c, const struct diag *d, unsigned per_rule)
{
	c->nrules = d->nrules + 1;	/* + the number of an unknown id */
	c->per_rule = per_rule;
	c->listed = xcalloc(c->nrules, sizeof *c->listed);
	c->unlisted = xcalloc(c->nrules, sizeof *c->unlisted);
	c->unlisted_total = 0;
}

static size_t rule_slot(const struct report_cap *c, const struct finding *f)
{
	return f->rule < c->nrules ? f->rule : c->nrules - 1;
}

void report_skip(struct report_cap *c, const struct finding *f)
{
	size_t r = rule_slot(c, f);
	c->unlisted[r] += 1 + f->repeats;
	c->unlisted_total += 1 + f->repeats;
}

bool report_take(struct report_cap *c, const struct finding *f)
{
	size_t r = rule_slot(c, f);
	if (c->listed[r] < c->per_rule) {
		c->listed[r]++;
		return true;
	}
	report_skip(c, f);
	return false;
}

void report_untake(struct report_cap *c, const struct finding *f)
{
	c->listed[rule_slot(c, f)]--;
	report_skip(c, f);
}

void report_cap_free(struct report_cap *c)
{
	free(c->listed);
	free(c->unlisted);
	c->listed = NULL;
	c->unlisted = NULL;
}

/* --- messages ------------------------------------------------------------ */

const char *report_message(const char *msg, char **tofree)
{
	*tofree = NULL;
	size_t n = strlen(msg);
	if (n <= REPORT_MESSAGE)
		return msg;
	/* keep the start (what is wrong) and the end (the fix), cut between
	 * characters */
	size_t head = REPORT_MESSAGE * 3 / 4, tail = n - REPORT_MESSAGE / 4;
	while (head > 0 && ((unsigned char)msg[head] & 0xc0) == 0x80)
		head--;
	while (tail < n && ((unsigned char)msg[tail] & 0xc0) == 0x80)
		tail++;
	struct strbuf sb = {0};
	sb_add(&sb, msg, head);
	sb_printf(&sb, " [... %zu bytes not shown ...] ", tail - head);
	sb_puts(&sb, msg + tail);
	*tofree = sb.buf;
	return sb.buf;
}

/* --- terminal text ------------------------------------------------------- */

/* What one character of the input becomes on a terminal. */
struct unit {
	size_t bytes;		/* of the input */
	unsigned width;		/* columns on the terminal */
	char text[12];		/* printed instead of the bytes; "" = the bytes */
};

/* The unit at 'p' ('n' >= 1 bytes left) starting at column 'col'; a tab
 * expands to the next 8-column stop when 'tabs', else is escaped. */
static void unit_at(const char *p, size_t n, unsigned col, bool tabs,
		    struct unit *u)
{
	uint32_t cp;
	size_t k = utf8_char(p, n, &cp);
	u->text[0] = '\0';
	if (k == 0) {
		u->bytes = 1;
		u->width = 4;
		snprintf(u->text, sizeof u->text, "\\x%02x", (unsigned char)*p);
	} else if (cp == '\t' && tabs) {
		u->bytes = 1;
		u->width = 8 - col % 8;
		memset(u->text, ' ', u->width);
		u->text[u->width] = '\0';
	} else if (utf8_unsafe(cp)) {
		u->bytes = k;
		u->width = cp < 0x80 ? 4 : 6;
		snprintf(u->text, sizeof u->text, cp < 0x80 ? "\\x%02x" : "\\u%04x",
			 (unsigned)cp);
	} else {
		u->bytes = k;
		u->width = 1;
	}
}

static void put_unit(struct strbuf *sb, const char *p, const struct unit *u)
{
	if (u->text[0])
		sb_puts(sb, u->text);
	else
		sb_add(sb, p, u->bytes);
}

void report_safe(struct strbuf *sb, const char *s, size_t n)
{
	struct unit u;
	for (size_t i = 0; i < n; i += u.bytes) {
		unit_at(s + i, n - i, 0, false, &u);
		put_unit(sb, s + i, &u);
	}
	if (!sb->buf)
		sb_add(sb, "", 0);
}

const char *report_safe_str(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	struct unit u;
	size_t i = 0;
	for (; i < n; i += u.bytes) {
		unit_at(s + i, n - i, 0, false, &u);
		if (u.text[0])
			break;
	}
	if (i == n)
		return s;
	struct strbuf sb = {0};
	report_safe(&sb, s, n);
	const char *copy = arena_strndup(a, sb.buf, sb.len);
	sb_free(&sb);
	return copy;
}

void report_write_safe(FILE *f, const char *s, size_t n)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t k = nl ? (size_t)(nl - (s + i)) : n - i;
		sb.len = 0;
		report_safe(&sb, s + i, k);
		fwrite(sb.buf, 1, sb.len, f);
		if (nl)
			fputc('\n', f);
		i += k + (nl != NULL);
	}
	sb_free(&sb);
}

/* --- source excerpts ----------------------------------------------------- */

/* Where the caret goes, in columns of the expanded, escaped line. */
struct span_cols {
	unsigned caret, end;	/* start of the caret's unit; end of the span */
	unsigned width;		/* of the whole line */
};

/* Scans no further than needed: once past the span, with more than a
 * window after the caret on a line too wide to show whole, the rest of
 * the line cannot be shown (so 'width' is only a lower bound then). */
static void measure(const char *line, size_t len, size_t cb, size_t ce,
		    struct span_cols *sc)
{
	unsigned c = 0;
	struct unit u;
	sc->caret = sc->end = 0;
	bool caret_set = false, end_set = false;
	for (size_t i = 0; i < len; i += u.bytes) {
		unit_at(line + i, len - i, c, true, &u);
		if (!caret_set && cb < i + u.bytes) {
			sc->caret = c;
			caret_set = true;
		}
		c += u.width;
		if (!end_set && ce <= i + u.bytes) {
			sc->end = c;
			end_set = true;
		}
		if (end_set && c > REPORT_WIDTH && c > sc->caret + REPORT_WINDOW)
			break;
	}
	sc->width = c;
	if (!caret_set)
		sc->caret = c;
	if (!end_set || sc->end <= sc->caret)
		sc->end = sc->caret + 1;
}

void report_excerpt(struct strbuf *sb, const char *line, size_t len,
		    unsigned lineno, unsigned col, unsigned span,
		    const char *on, const char *off)
{
	size_t cb = col ? col - 1 : 0;
	if (cb > len)
		cb = len;
	size_t ce = cb + (span ? span : 1);
	if (ce > len)
		ce = len;
	struct span_cols sc;
	measure(line, len, cb, ce, &sc);
	/* the window of columns [from, to) shown */
	unsigned from = 0, to = sc.width;
	if (sc.width > REPORT_WIDTH) {
		from = sc.caret > REPORT_WINDOW / 3 ? sc.caret - REPORT_WINDOW / 3 : 0;
		to = from + REPORT_WINDOW;
		if (to > sc.width) {
			to = sc.width;
			from = to - REPORT_WINDOW;
		}
	}
	size_t start = sb->len;
	sb_printf(sb, "%5u", lineno);
	int width = (int)(sb->len - start);
	sb_puts(sb, " | ");
	bool cut_left = false, cut_right = false, any = false;
	unsigned c = 0, first = sc.caret;
	unsigned last = first;
	struct unit u;
	for (size_t i = 0; i < len; i += u.bytes) {
		unit_at(line + i, len - i, c, true, &u);
		if (c < from) {
			cut_left = true;
		} else if (c + u.width > to) {
			cut_right = true;
			break;
		} else {
			if (!any && cut_left)
				sb_puts(sb, "...");
			if (!any)
				first = c;
			any = true;
			put_unit(sb, line + i, &u);
			last = c + u.width;
		}
		c += u.width;
	}
	if (cut_right)
		sb_puts(sb, "...");
	sb_putc(sb, '\n');
	if (!col)
		return;
	sb_printf(sb, "%*s | %s", width, "", cut_left ? "   " : "");
	for (unsigned k = first; k < sc.caret; k++)
		sb_putc(sb, ' ');
	sb_puts(sb, on);
	sb_putc(sb, '^');
	unsigned end = sc.end;
	if (cut_right && end > last)
		end = last;
	for (unsigned k = sc.caret + 1; k < end; k++)
		sb_putc(sb, '~');
	sb_puts(sb, off);
	sb_putc(sb, '\n');
}
