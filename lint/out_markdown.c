/*
 * out_markdown: a summary for a pull request (-f markdown), written for
 * GitHub's job summary ($GITHUB_STEP_SUMMARY) and for a comment on the
 * pull request, and readable as plain text in a log.
 *
 *   ### ldlint: 1 error, 2 warnings          (the title says it all)
 *   the inputs, the device, the baseline
 *   | Region | Used | Size | Use | | Change |   one row per region, a bar
 *   #### Findings                             each with a link to its line
 *   fixed since the baseline                  (folded)
 *   #### What changed                         sections, files, symbols
 *   <details> Where the memory goes           the input files and symbols
 *
 * Links go to summary_link_base() (--link-base, or the commit on GitHub
 * Actions) plus the file's path from the repository's top, '#L<line>'.
 * Text from scripts, maps and ELF files is escaped: markdown's
 * punctuation gets a backslash ('$' too: GitHub reads math between two),
 * '<', '>' and '&' become entities, an '@' cannot mention anyone, and
 * control characters, bidirectional controls and bytes that are not
 * UTF-8 are shown as the text report shows them (\x1b, \u202e).  The lists are cut (--top, and 50 findings)
 * so that the summary stays far below GitHub's limits for a comment
 * (65,536 characters) and a job summary (1 MiB).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "report.h"
#include "summary.h"
#include "size.h"

enum { MAX_FINDINGS = 50, MAX_NAME = 100, BAR = 20 };

struct md {
	FILE *f;
	const struct run *r;
	struct arena a;
	char *root;			/* the repository's top (summary_root) */
	const char *base;		/* link base */
	size_t top;			/* rows of the lists */
};

/* Writes text from the inputs, escaped, cut at 'max' characters (0: no
 * limit). */
static void text(struct md *m, const char *s, size_t max)
{
	s = s ? s : "";
	size_t len = strlen(s), n = 0;
	char in[12];
	for (size_t i = 0, k; i < len; i += k, n++) {
		if (max && n + 1 == max && i + 1 < len) {
			fputs("\xe2\x80\xa6", m->f);	/* ... */
			return;
		}
		k = summary_unit(s + i, len - i, in);
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\t')
			fputc(' ', m->f);
		else if (in[0])
			fprintf(m->f, "\\%s", in);	/* markdown's \\ is a backslash */
		else if (c == '<')
			fputs("&lt;", m->f);
		else if (c == '>')
			fputs("&gt;", m->f);
		else if (c == '&')
			fputs("&amp;", m->f);
		else if (c == '@')
			fputs("@\xe2\x81\xa0", m->f);	/* a word joiner: no mention */
		else if (k == 1 && strchr("\\`*_[]#|~$", c))
			fprintf(m->f, "\\%c", c);
		else
			fwrite(s + i, 1, k, m->f);
	}
}

static const char *bytes(struct md *m, uint64_t v)
{
	return summary_bytes(&m->a, v);
}

/* "240 B" / "12.5 KiB" */
static const char *human(struct md *m, uint64_t v)
{
	char buf[32];
	size_human(buf, sizeof buf, v);
	return arena_strdup(&m->a, buf);
}

static void bar(struct md *m, uint64_t used, uint64_t length)
{
	unsigned fill = length ? (unsigned)((used * BAR + length / 2) / length) : 0;
	if (used && !fill)
		fill = 1;
	fputc('`', m->f);
	for (unsigned i = 0; i < BAR; i++)
		fputs(i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91", m->f);	/* █ ░ */
	fputc('`', m->f);
	if (used > length)
		fputs(" over", m->f);
}

/* "+72 B (+30.0%)" */
static void change(struct md *m, uint64_t before, uint64_t after)
{
	int64_t d = baseline_change(before, after);
	if (!d) {
		fputs("0", m->f);
		return;
	}
	const char *g = summary_growth(&m->a, before, after);
	fprintf(m->f, "%s B%s%s%s", summary_change(&m->a, d), *g ? " (" : "", g,
		*g ? ")" : "");
}

static void title(struct md *m)
{
	const struct diag *d = m->r->diag;
	unsigned e = d->count[SEV_ERROR], w = d->count[SEV_WARNING],
		 n = d->count[SEV_NOTE];
	fprintf(m->f, "### ldlint: ");
	if (!e && !w && !n)
		fprintf(m->f, "no findings");
	else
		fprintf(m->f, "%u error%s, %u warning%s, %u note%s", e, e == 1 ? "" : "s",
			w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
	if (m->r->baseline)
		fprintf(m->f, " (%zu new, %zu fixed)", m->r->baseline->nfresh,
			m->r->baseline->nfixed);
	fputs("\n\n", m->f);
	for (size_t i = 0; i < m->r->ninputs; i++) {
		const struct input *in = &m->r->inputs[i];
		char *rel = in->kind == INPUT_DEVICE || in->kind == INPUT_LOADER ? NULL :
			    summary_relative(m->root, in->path);
		const char *name = in->kind == INPUT_DEVICE ? m->r->device :
				   in->kind == INPUT_LOADER ? m->r->loader :
				   rel ? rel : in->path;
		fputs(i ? " \xc2\xb7 " : "", m->f);	/* · */
		text(m, name, MAX_NAME);
		free(rel);
	}
	const struct baseline *b = m->r->baseline;
	if (b) {
		fputs("; compared with ", m->f);
		for (size_t i = 0; i < b->ninputs; i++) {
			char *rel = summary_relative(m->root, b->inputs[i]);
			fputs(i ? ", " : "", m->f);
			text(m, rel ? rel : b->inputs[i], MAX_NAME);
			free(rel);
		}
		if (b->current_scripts)
			fputs(" (linted with this build's scripts)", m->f);
	}
	fputs("\n\n", m->f);
}

static const struct region_delta *region_delta(const struct md *m, const char *name)
{
	const struct baseline *b = m->r->baseline;
	for (size_t i = 0; b && i < b->nregions; i++)
		if (!strcmp(b->regions[i].name, name))
			return &b->regions[i];
	return NULL;
}

static void regions(struct md *m)
{
	const struct size_report *z = m->r->size;
	bool any = false;
	for (size_t i = 0; z && i < z->nregions; i++)
		any |= z->regions[i].known;
	if (!any)
		return;
	bool delta = m->r->baseline != NULL;
	fprintf(m->f, "| Region | Used | Size | Use | |%s\n", delta ? " Change |" : "");
	fprintf(m->f, "|:--|--:|--:|--:|:--|%s\n", delta ? "--:|" : "");
	for (size_t i = 0; i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known)
			continue;
		fputs("| ", m->f);
		text(m, g->name, MAX_NAME);
		fprintf(m->f, " | %s B | %s | %s | ", bytes(m, g->used), human(m, g->length),
			summary_percent(&m->a, g->used, g->length));
		bar(m, g->used, g->length);
		fputs(" |", m->f);
		if (delta) {
			const struct region_delta *d = region_delta(m, g->name);
			fputc(' ', m->f);
			if (d && d->before_known)
				change(m, d->before, g->used);
			else
				fputs("new", m->f);
			fputs(" |", m->f);
		}
		fputc('\n', m->f);
	}
	fputc('\n', m->f);
}

static const char *sev_mark(enum severity s)
{
	return s == SEV_ERROR ? "\xe2\x9d\x8c **error**" :		/* ❌ */
	       s == SEV_WARNING ? "\xe2\x9a\xa0\xef\xb8\x8f **warning**" :	/* ⚠️ */
	       "\xe2\x84\xb9\xef\xb8\x8f **note**";			/* ℹ️ */
}

/* "[app.ld:42](link)", or the place as text when it has no link (a
 * file outside the repository, or the baseline's). */
static void place(struct md *m, const struct loc *l, bool link)
{
	if (!l->file)
		return;
	char *rel = link ? summary_relative(m->root, l->file) : NULL;
	const char *shown = rel ? rel : l->file;
	if (!link)
		shown = l->file;
	if (rel)
		fputc('[', m->f);
	text(m, shown, MAX_NAME);
	if (l->line)
		fprintf(m->f, ":%u", l->line);
	if (rel)
		fprintf(m->f, "](%s)", summary_link(&m->a, m->base, rel, l->line));
	fputs(": ", m->f);
	free(rel);
}

static void finding(struct md *m, const struct finding *f, bool fresh, bool fixed)
{
	fputs(fixed ? "- ~~" : "- ", m->f);
	if (!fixed)
		fprintf(m->f, "%s ", sev_mark(f->severity));
	else
		fprintf(m->f, "%s ", severity_name(f->severity));
	place(m, &f->loc, !fixed);
	char *cut;
	text(m, report_message(f->message, &cut), 0);
	free(cut);
	fprintf(m->f, " `%s`%s%s\n", f->id, fixed ? "~~" : "", fresh ? " **new**" : "");
}

static void findings(struct md *m)
{
	const struct diag *d = m->r->diag;
	const struct baseline *b = m->r->baseline;
	size_t n = 0;
	for (const struct finding *f = d->head; f; f = f->next)
		n++;
	if (n) {
		fprintf(m->f, "#### Findings");
		if (b)
			fprintf(m->f, ": %zu new, %zu still there", b->nfresh, b->npresent);
		fputs("\n\n", m->f);
	}
	size_t k = 0;
	/* new ones first, then the rest, each in file order */
	for (int pass = b ? 0 : 1; pass < 2; pass++)
		for (const struct finding *f = d->head; f && k < MAX_FINDINGS; f = f->next) {
			bool fresh = b && baseline_is_new(b, f);
			if (b && fresh != (pass == 0))
				continue;
			finding(m, f, fresh, false);
			k++;
		}
	if (n > k)
		fprintf(m->f, "- \xe2\x80\xa6 and %zu more (the SARIF or JSON report "
			"has them all)\n", n - k);
	if (n)
		fputc('\n', m->f);
	if (b && b->nfixed) {
		fprintf(m->f, "<details><summary>%zu fixed since the baseline</summary>"
			"\n\n", b->nfixed);
		for (size_t i = 0; i < b->nfixed && i < MAX_FINDINGS; i++)
			finding(m, b->fixed[i], false, true);
		fputs("\n</details>\n\n", m->f);
	}
}

static void delta_rows(struct md *m, const char *kind, const struct size_delta *v,
		       size_t n)
{
	for (size_t i = 0; i < n && i < m->top; i++) {
		fprintf(m->f, "| %s | ", kind);
		text(m, v[i].name, MAX_NAME);
		if (v[i].where) {
			fputs(" (", m->f);
			text(m, v[i].where, MAX_NAME);
			fputc(')', m->f);
		}
		fprintf(m->f, " | %s | %s | ", v[i].before_known ? bytes(m, v[i].before) :
			"\xe2\x80\x93", v[i].after_known ? bytes(m, v[i].after) : "\xe2\x80\x93");
		if (!v[i].before_known)
			fprintf(m->f, "+%s B (new)", bytes(m, v[i].after));
		else if (!v[i].after_known)
			fprintf(m->f, "-%s B (gone)", bytes(m, v[i].before));
		else
			change(m, v[i].before, v[i].after);
		fputs(" |\n", m->f);
	}
}

static void changes(struct md *m)
{
	const struct baseline *b = m->r->baseline;
	if (!b)
		return;
	if (!b->nsections && !b->nfiles && !b->nsymbols) {
		fputs("No section, input file or symbol changed size.\n\n", m->f);
		return;
	}
	fputs("#### What grew or shrank\n\n", m->f);
	fputs("| | | Before | After | Change |\n|:--|:--|--:|--:|--:|\n", m->f);
	delta_rows(m, "section", b->sections, b->nsections);
	delta_rows(m, "file", b->files, b->nfiles);
	delta_rows(m, b->symbols_compared && m->r->size &&
		   m->r->size->symbols_from == SZ_SYMS_MAP ? "input" : "symbol",
		   b->symbols, b->nsymbols);
	fputc('\n', m->f);
}

/* One row of the input file table: 'v' per region with a known use. */
static void file_row(struct md *m, const struct size_report *z, const char *name,
		     const int64_t *v)
{
	fputs("| ", m->f);
	text(m, name, MAX_NAME);
	fputs(" |", m->f);
	for (size_t k = 0; k < z->nregions; k++)
		if (z->regions[k].known)
			fprintf(m->f, " %s%s |", v[k] < 0 ? "-" : "",
				bytes(m, v[k] < 0 ? -(uint64_t)v[k] : (uint64_t)v[k]));
	fputc('\n', m->f);
}

/* The largest input files, then the rest as one row, then what no file
 * gives (fill, data statements, gaps), so that each column adds up to
 * the region's use. */
static void file_table(struct md *m, const struct size_report *z)
{
	int64_t *row = xcalloc(z->nregions + 1, sizeof *row);
	int64_t *rest = xcalloc(z->nregions + 1, sizeof *rest);
	int64_t *none = xcalloc(z->nregions + 1, sizeof *none);
	fputs("| Input file |", m->f);
	for (size_t k = 0; k < z->nregions; k++)
		if (z->regions[k].known) {
			fputc(' ', m->f);
			text(m, z->regions[k].name, MAX_NAME);
			fputs(" |", m->f);
		}
	fputs("\n|:--|", m->f);
	for (size_t k = 0; k < z->nregions; k++)
		if (z->regions[k].known)
			fputs("--:|", m->f);
	fputc('\n', m->f);
	for (size_t k = 0; k < z->nregions; k++)
		none[k] = (int64_t)z->regions[k].used;
	for (size_t i = 0; i < z->nfiles; i++) {
		for (size_t k = 0; k < z->nregions; k++) {
			row[k] = (int64_t)z->files[i].in_region[k];
			rest[k] += i >= m->top ? row[k] : 0;
			none[k] -= row[k];
		}
		if (i < m->top)
			file_row(m, z, z->files[i].name, row);
	}
	if (z->nfiles > m->top)
		file_row(m, z, arena_printf(&m->a, "(%zu more files)", z->nfiles - m->top),
			 rest);
	file_row(m, z, "(fill, data statements, gaps)", none);
	for (size_t k = 0; k < z->nregions; k++)
		none[k] = (int64_t)z->regions[k].used;
	file_row(m, z, "= used", none);
	fputc('\n', m->f);
	free(row);
	free(rest);
	free(none);
}

static void breakdown(struct md *m)
{
	const struct size_report *z = m->r->size;
	if (!z || !z->has_image || (!z->nfiles && !z->nsymbols))
		return;
	fputs("<details><summary>Where the memory goes</summary>\n\n", m->f);
	if (z->nfiles)
		file_table(m, z);
	size_t n = z->nsymbols < m->top ? z->nsymbols : m->top;
	if (n) {
		fprintf(m->f, "| Largest %s | Size | Section | Input file |\n"
			"|:--|--:|:--|:--|\n", z->symbols_from == SZ_SYMS_ELF ? "symbols" :
			"input sections");
		for (size_t i = 0; i < n; i++) {
			const struct size_symbol *y = &z->symbols[i];
			fputs("| ", m->f);
			text(m, y->name, MAX_NAME);
			fprintf(m->f, " | %s | ", bytes(m, y->size));
			text(m, y->section == SIZE_NONE ? "" : z->sections[y->section].name,
			     MAX_NAME);
			fputs(" | ", m->f);
			text(m, y->file == SIZE_NONE ? "" : z->files[y->file].name, MAX_NAME);
			fputs(" |\n", m->f);
		}
		fputc('\n', m->f);
	}
	fputs("</details>\n\n", m->f);
}

void out_markdown(FILE *f, const struct run *r)
{
	struct md m = {0};
	m.f = f;
	m.r = r;
	m.root = summary_root();
	m.base = summary_link_base(&m.a, r);
	m.top = r->size && r->size->opt.top ? r->size->opt.top : (size_t)-1;
	title(&m);
	regions(&m);
	findings(&m);
	changes(&m);
	breakdown(&m);
	fprintf(f, "<sub>ldlint %s</sub>\n", LDLINT_VERSION);
	free(m.root);
	arena_free(&m.a);
}
