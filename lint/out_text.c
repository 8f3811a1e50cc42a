/*
 * out_text: GCC-style diagnostics,
 *
 *   app.ld:42:5: error: message [rule-id]
 *      42 |     .data : { *(.data) } >RAM
 *         |     ^~~~~
 *   app.ld:3:3: note: related place
 *
 * with ANSI colours when asked.  The caret line copies the tabs of the
 * source line so the caret stays under the construct.
 */
#include <string.h>

#include "ldlint.h"
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

static void print_location(FILE *f, const struct loc *l, bool color)
{
	if (color)
		fputs(BOLD, f);
	if (l->file && l->line && l->col)
		fprintf(f, "%s:%u:%u:", l->file, l->line, l->col);
	else if (l->file && l->line)
		fprintf(f, "%s:%u:", l->file, l->line);
	else if (l->file)
		fprintf(f, "%s:", l->file);
	else
		fputs("ldlint:", f);
	if (color)
		fputs(RESET, f);
	fputc(' ', f);
}

static void print_source(FILE *f, const struct loc *l, bool color)
{
	size_t len;
	const char *line = source_line(l->file, l->line, &len);
	if (!line)
		return;
	int width = fprintf(f, "%5u", l->line);
	fprintf(f, " | %.*s\n", (int)len, line);
	if (!l->col)
		return;
	fprintf(f, "%*s | ", width, "");
	for (size_t i = 0; i + 1 < l->col && i < len; i++)
		fputc(line[i] == '\t' ? '\t' : ' ', f);
	if (color)
		fputs(GREEN, f);
	fputc('^', f);
	unsigned span = l->len;
	if (l->col - 1 + span > len)
		span = len >= l->col ? (unsigned)(len - l->col + 1) : 1;
	for (unsigned i = 1; i < span; i++)
		fputc('~', f);
	if (color)
		fputs(RESET, f);
	fputc('\n', f);
}

static bool same_place(const struct loc *a, const struct loc *b)
{
	return a->line == b->line && a->col == b->col &&
	       ((!a->file && !b->file) || (a->file && b->file && !strcmp(a->file, b->file)));
}

static void print_header(FILE *f, const struct finding *fd, bool color)
{
	print_location(f, &fd->loc, color);
	if (color)
		fputs(sev_color(fd->severity), f);
	fprintf(f, "%s:", severity_name(fd->severity));
	if (color)
		fputs(RESET BOLD, f);
	fprintf(f, " %s [%s]", fd->message, fd->id);
	if (color)
		fputs(RESET, f);
	fputc('\n', f);
}

/* Has an earlier finding of the group printed this note? */
static bool note_seen(const struct finding *first, const struct finding *upto,
		      const struct note *n)
{
	for (const struct finding *g = first; g != upto; g = g->next)
		for (const struct note *o = g->notes; o; o = o->next)
			if (same_place(&o->loc, &n->loc) && !strcmp(o->message, n->message))
				return true;
	return false;
}

/* Findings at one place print as a group, like a compiler's: every
 * message, then the source line once, then their notes. */
static const struct finding *print_group(FILE *f, const struct finding *first,
					 bool color)
{
	const struct finding *end = first->next;
	while (end && same_place(&end->loc, &first->loc))
		end = end->next;
	for (const struct finding *g = first; g != end; g = g->next)
		print_header(f, g, color);
	print_source(f, &first->loc, color);
	for (const struct finding *g = first; g != end; g = g->next)
		for (const struct note *n = g->notes; n; n = n->next) {
			if (note_seen(first, g, n))
				continue;
			print_location(f, &n->loc, color);
			fprintf(f, "%snote:%s %s\n", color ? CYAN : "",
				color ? RESET : "", n->message);
			if (n->loc.file && n->loc.line)
				print_source(f, &n->loc, color);
		}
	return end;
}

void out_text(FILE *f, const struct run *r, bool quiet)
{
	const struct diag *d = r->diag;
	for (const struct finding *fd = d->head; fd;)
		fd = print_group(f, fd, r->color);
	if (quiet)
		return;
	unsigned e = d->count[SEV_ERROR], w = d->count[SEV_WARNING],
		 n = d->count[SEV_NOTE];
	if (e + w + n)
		fprintf(f, "%u error%s, %u warning%s, %u note%s\n", e, e == 1 ? "" : "s",
			w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
}
