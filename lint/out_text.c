/*
 * out_text: GCC-style diagnostics,
 *
 *   app.ld:42:5: error: message [rule-id]
 *      42 |     .data : { *(.data) } >RAM
 *         |     ^~~~~
 *   app.ld:3:3: note: related place
 *
 * with ANSI colours when asked.  Everything quoted from the inputs (file
 * names, names in messages, source lines) is escaped for the terminal
 * (report.c), and the report is bounded: repeats on a line are one
 * finding with a count, at most REPORT_TEXT_PER_RULE findings per rule
 * and REPORT_TEXT_BYTES bytes are shown, and what is not shown is
 * counted at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "ldlint.h"
#include "report.h"
#include "source.h"

#define BOLD "\033[1m"
#define RED "\033[1;31m"
#define MAGENTA "\033[1;35m"
#define CYAN "\033[1;36m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

static const char *sev_color(enum severity s)
{
	return s == SEV_ERROR ? RED : s == SEV_WARNING ? MAGENTA : CYAN;
}

static void safe(struct strbuf *sb, const char *s)
{
	report_safe(sb, s, strlen(s));
}

static void print_location(struct strbuf *sb, const struct loc *l, bool color)
{
	if (color)
		sb_puts(sb, BOLD);
	if (l->file) {
		safe(sb, l->file);
		if (l->line)
			sb_printf(sb, ":%u", l->line);
		if (l->line && l->col)
			sb_printf(sb, ":%u", l->col);
		sb_putc(sb, ':');
	} else {
		sb_puts(sb, "ldlint:");
	}
	if (color)
		sb_puts(sb, RESET);
	sb_putc(sb, ' ');
}

static void print_source(struct strbuf *sb, const struct loc *l, bool color)
{
	size_t len;
	const char *line = source_line(l->file, l->line, &len);
	if (line)
		report_excerpt(sb, line, len, l->line, l->col, l->len,
			       color ? GREEN : "", color ? RESET : "");
}

/* A message, cut when too long and escaped. */
static void print_message(struct strbuf *sb, const char *message)
{
	char *tofree;
	safe(sb, report_message(message, &tofree));
	free(tofree);
}

static bool same_place(const struct loc *a, const struct loc *b)
{
	return a->line == b->line && a->col == b->col &&
	       ((!a->file && !b->file) || (a->file && b->file && !strcmp(a->file, b->file)));
}

static void print_header(struct strbuf *sb, const struct finding *fd, bool color)
{
	print_location(sb, &fd->loc, color);
	if (color)
		sb_puts(sb, sev_color(fd->severity));
	sb_printf(sb, "%s:", severity_name(fd->severity));
	if (color)
		sb_puts(sb, RESET BOLD);
	sb_putc(sb, ' ');
	print_message(sb, fd->message);
	if (fd->repeats)
		sb_printf(sb, " (and %lu more on this line)", fd->repeats);
	sb_printf(sb, " [%s]", fd->id);
	if (color)
		sb_puts(sb, RESET);
	sb_putc(sb, '\n');
}

static void print_note(struct strbuf *sb, const struct loc *l, const char *message,
		       bool color)
{
	print_location(sb, l, color);
	sb_printf(sb, "%snote:%s ", color ? CYAN : "", color ? RESET : "");
	print_message(sb, message);
	sb_putc(sb, '\n');
}

/* Has an earlier shown finding of the group printed this note? */
static bool note_seen(const struct finding *const *shown, size_t upto,
		      const struct note *n)
{
	for (size_t i = 0; i < upto; i++) {
		unsigned k = 0;
		for (const struct note *o = shown[i]->notes; o && k < REPORT_NOTES;
		     o = o->next, k++)
			if (same_place(&o->loc, &n->loc) && !strcmp(o->message, n->message))
				return true;
	}
	return false;
}

static void print_notes(struct strbuf *sb, const struct finding *const *shown,
			size_t i, bool color)
{
	unsigned k = 0, more = 0;
	for (const struct note *n = shown[i]->notes; n; n = n->next) {
		if (k == REPORT_NOTES) {
			more++;
			continue;
		}
		k++;
		if (note_seen(shown, i, n))
			continue;
		print_note(sb, &n->loc, n->message, color);
		if (n->loc.file && n->loc.line)
			print_source(sb, &n->loc, color);
	}
	if (more) {
		struct loc none = {0};
		char msg[64];
		snprintf(msg, sizeof msg, "and %u more note%s", more, more == 1 ? "" : "s");
		print_note(sb, &none, msg, color);
	}
}

/* Findings at one place print as a group, like a compiler's: every
 * message, then the source line once, then their notes.  Only the
 * findings 'cap' lets through are printed (into 'shown'); returns the
 * first finding after the group. */
static const struct finding *print_group(struct strbuf *sb, const struct finding *first,
					 struct report_cap *cap, bool color,
					 const struct finding ***shown, size_t *nshown)
{
	const struct finding *end = first->next;
	while (end && same_place(&end->loc, &first->loc))
		end = end->next;
	size_t n = 0;
	for (const struct finding *g = first; g != end; g = g->next)
		if (report_take(cap, g)) {
			*shown = xgrow(*shown, n, sizeof **shown);
			(*shown)[n++] = g;
		}
	*nshown = n;
	if (!n)
		return end;
	for (size_t i = 0; i < n; i++)
		print_header(sb, (*shown)[i], color);
	print_source(sb, &first->loc, color);
	for (size_t i = 0; i < n; i++)
		print_notes(sb, *shown, i, color);
	return end;
}

/* What was not shown: per rule, and where the size cap stopped. */
static void print_unshown(FILE *f, const struct diag *d, const struct report_cap *cap,
			  unsigned long stopped, bool color)
{
	struct strbuf sb = {0};
	struct loc none = {0};
	char msg[256];
	for (size_t r = 0; r < cap->nrules; r++) {
		unsigned long n = cap->unlisted[r];
		if (stopped || !n)
			continue;
		snprintf(msg, sizeof msg, "%lu more '%s' finding%s not shown (the text "
			 "report shows %d per rule; -f json lists up to %d)", n,
			 r < d->nrules ? d->ids[r] : "?", n == 1 ? "" : "s",
			 REPORT_TEXT_PER_RULE, REPORT_DATA_PER_RULE);
		print_note(&sb, &none, msg, color);
	}
	if (stopped) {
		snprintf(msg, sizeof msg, "the text report stops at %d MiB: %lu more "
			 "finding%s not shown (-f json lists up to %d per rule)",
			 REPORT_TEXT_BYTES >> 20, stopped, stopped == 1 ? "" : "s",
			 REPORT_DATA_PER_RULE);
		print_note(&sb, &none, msg, color);
	}
	if (sb.len)
		fwrite(sb.buf, 1, sb.len, f);
	sb_free(&sb);
}

void out_text(FILE *f, const struct run *r, bool quiet)
{
	const struct diag *d = r->diag;
	struct report_cap cap;
	report_cap_init(&cap, d, REPORT_TEXT_PER_RULE);
	struct strbuf sb = {0};
	const struct finding **shown = NULL;
	size_t nshown, written = 0;
	bool full = false;
	for (const struct finding *fd = d->head; fd && !full;) {
		sb.len = 0;
		const struct finding *next = print_group(&sb, fd, &cap, r->color,
							 &shown, &nshown);
		if (written + sb.len > REPORT_TEXT_BYTES) {
			/* this group and the rest are not shown */
			for (size_t i = 0; i < nshown; i++)
				report_untake(&cap, shown[i]);
			for (const struct finding *g = next; g; g = g->next)
				report_skip(&cap, g);
			full = true;
			break;
		}
		fwrite(sb.buf, 1, sb.len, f);
		written += sb.len;
		fd = next;
	}
	sb_free(&sb);
	free(shown);
	print_unshown(f, d, &cap, full ? cap.unlisted_total : 0, r->color);
	report_cap_free(&cap);
	if (quiet)
		return;
	unsigned long e = diag_total(d, SEV_ERROR), w = diag_total(d, SEV_WARNING),
		      n = diag_total(d, SEV_NOTE);
	if (e + w + n)
		fprintf(f, "%lu error%s, %lu warning%s, %lu note%s\n", e, e == 1 ? "" : "s",
			w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
}
