/*
 * baseline: comparing two builds (see baseline.h).
 */
#include "baseline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

int64_t baseline_change(uint64_t before, uint64_t after)
{
	if (after >= before)
		return after - before > (uint64_t)INT64_MAX ? INT64_MAX :
		       (int64_t)(after - before);
	return before - after > (uint64_t)INT64_MAX ? -INT64_MAX :
	       -(int64_t)(before - after);
}

/* ---- findings ----------------------------------------------------------- */

struct fkey {
	const struct finding *f;
	const char *file;		/* base name, or "" */
	const char *msg;		/* message, numbers taken out */
	const char *text;		/* the line's text, blanks squeezed */
	bool matched;
};

/* The message with each number (decimal or 0x hex, with its digits and
 * unit letters) replaced by '#'; a digit inside a name ('.data2') stays. */
static const char *without_numbers(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	for (const char *p = s; *p;) {
		bool starts = isdigit((unsigned char)*p) &&
			      (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
					   p[-1] == '.'));
		if (!starts) {
			*o++ = *p++;
			continue;
		}
		while (isalnum((unsigned char)*p))
			p++;
		*o++ = '#';
	}
	*o = '\0';
	return out;
}

/* The text of the line a finding points at, blanks squeezed. */
static const char *line_text(struct arena *a, const struct loc *l)
{
	size_t len;
	const char *line = l->file && l->line ? source_line(l->file, l->line, &len) : NULL;
	if (!line)
		return "";
	char *out = arena_alloc(a, len + 1), *o = out;
	bool blank = true;
	for (size_t i = 0; i < len; i++) {
		bool sp = isspace((unsigned char)line[i]);
		if (sp && !blank)
			*o++ = ' ';
		else if (!sp)
			*o++ = line[i];
		blank = sp;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

static struct fkey *keys(struct arena *a, const struct diag *d, size_t *n)
{
	*n = 0;
	for (const struct finding *f = d->head; f; f = f->next)
		(*n)++;
	struct fkey *k = arena_alloc(a, (*n + 1) * sizeof *k);
	size_t i = 0;
	for (const struct finding *f = d->head; f; f = f->next, i++) {
		const char *slash = f->loc.file ? strrchr(f->loc.file, '/') : NULL;
		k[i].f = f;
		k[i].file = slash ? slash + 1 : f->loc.file ? f->loc.file : "";
		k[i].msg = without_numbers(a, f->message);
		k[i].text = line_text(a, &f->loc);
	}
	return k;
}

/* Does 'x' match 'y' at pass 0 (everything), 1 (not the line's text) or
 * 2 (not the message)? */
static bool same(const struct fkey *x, const struct fkey *y, int pass)
{
	if (x->f->rule != y->f->rule || strcmp(x->file, y->file) != 0)
		return false;
	if (pass != 2 && strcmp(x->msg, y->msg) != 0)
		return false;
	if (pass == 2 && !x->text[0])
		return false;
	return pass == 1 || strcmp(x->text, y->text) == 0;
}

static void match_findings(struct baseline *b, const struct diag *before,
			   const struct diag *after)
{
	size_t nb, na;
	struct fkey *kb = keys(&b->arena, before, &nb), *ka = keys(&b->arena, after, &na);
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < nb && !ka[i].matched; j++)
				if (!kb[j].matched && same(&ka[i], &kb[j], pass)) {
					ka[i].matched = kb[j].matched = true;
					b->npresent++;
				}
	b->fresh = arena_alloc(&b->arena, (na + 1) * sizeof *b->fresh);
	b->fixed = arena_alloc(&b->arena, (nb + 1) * sizeof *b->fixed);
	for (size_t i = 0; i < na; i++)
		if (!ka[i].matched)
			b->fresh[b->nfresh++] = ka[i].f;
	for (size_t j = 0; j < nb; j++)
		if (!kb[j].matched)
			b->fixed[b->nfixed++] = kb[j].f;
}

bool baseline_is_new(const struct baseline *b, const struct finding *f)
{
	for (size_t i = 0; i < b->nfresh; i++)
		if (b->fresh[i] == f)
			return true;
	return false;
}

/* ---- sizes -------------------------------------------------------------- */

/* A growing list of deltas with a name index. */
struct dlist {
	struct size_delta *v;
	size_t n;
	struct strmap idx;
};

static struct size_delta *delta(struct baseline *b, struct dlist *l,
				const char *name, const char *where)
{
	const char *key = where ? arena_printf(&b->arena, "%s\n%s", name, where) : name;
	size_t k = strmap_get(&l->idx, key);
	if (k != (size_t)-1)
		return &l->v[k];
	l->v = xgrow(l->v, l->n, sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].name = name;
	l->v[l->n].where = where;
	strmap_put(&l->idx, key, l->n);
	return &l->v[l->n++];
}

static uint64_t magnitude(const struct size_delta *d)
{
	return d->after > d->before ? d->after - d->before : d->before - d->after;
}

static int by_change(const void *a, const void *b)
{
	const struct size_delta *x = a, *y = b;
	uint64_t mx = magnitude(x), my = magnitude(y);
	if (mx != my)
		return mx > my ? -1 : 1;
	int c = strcmp(x->name, y->name);
	if (c || !x->where || !y->where)
		return c;
	return strcmp(x->where, y->where);
}

/* The changed ones, largest change first, into the arena. */
static struct size_delta *changed(struct baseline *b, struct dlist *l, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].before != l->v[i].after ||
		    l->v[i].before_known != l->v[i].after_known)
			l->v[k++] = l->v[i];
	if (k)
		qsort(l->v, k, sizeof *l->v, by_change);
	struct size_delta *out = arena_alloc(&b->arena, (k + 1) * sizeof *out);
	if (k)
		memcpy(out, l->v, k * sizeof *out);
	*n = k;
	free(l->v);
	strmap_free(&l->idx);
	return out;
}

static const char *region_of(const struct size_report *r, const struct size_section *s)
{
	return s->region == SIZE_NONE ? NULL : r->regions[s->region].name;
}

static void compare_regions(struct baseline *b, const struct size_report *before,
			    const struct size_report *after)
{
	size_t cap = (before ? before->nregions : 0) + (after ? after->nregions : 0) + 1;
	b->regions = arena_alloc(&b->arena, cap * sizeof *b->regions);
	for (int pass = 0; pass < 2; pass++) {
		const struct size_report *r = pass ? before : after;
		for (size_t i = 0; r && i < r->nregions; i++) {
			const struct size_region *g = &r->regions[i];
			struct region_delta *d = NULL;
			for (size_t k = 0; k < b->nregions && !d; k++)
				if (!strcmp(b->regions[k].name, g->name))
					d = &b->regions[k];
			if (!d) {
				d = &b->regions[b->nregions++];
				d->name = g->name;
				d->length = g->length;
			}
			if (pass && g->known)
				d->before_known = true, d->before = g->used;
			else if (!pass && g->known)
				d->after_known = true, d->after = g->used;
		}
	}
}

/* Adds one build's sections, files and symbols to the lists. */
static void add_sizes(struct baseline *b, const struct size_report *r, bool after,
		      struct dlist *secs, struct dlist *files, struct dlist *syms)
{
	for (size_t i = 0; r && i < r->nsections; i++) {
		const struct size_section *s = &r->sections[i];
		struct size_delta *d = delta(b, secs, s->name, NULL);
		*(after ? &d->after : &d->before) += s->size;
		*(after ? &d->after_known : &d->before_known) = true;
		if (!d->where || after)
			d->where = region_of(r, s);
	}
	for (size_t i = 0; r && i < r->nfiles; i++) {
		struct size_delta *d = delta(b, files, r->files[i].name, NULL);
		*(after ? &d->after : &d->before) += r->files[i].total;
		*(after ? &d->after_known : &d->before_known) = true;
	}
	for (size_t i = 0; r && syms && i < r->nsymbols; i++) {
		const struct size_symbol *y = &r->symbols[i];
		const char *where = y->file == SIZE_NONE ? NULL : r->files[y->file].name;
		struct size_delta *d = delta(b, syms, y->name, where);
		*(after ? &d->after : &d->before) += y->size;
		*(after ? &d->after_known : &d->before_known) = true;
	}
}

struct baseline *baseline_compare(const struct size_report *before,
				  const struct size_report *after,
				  const struct diag *dbefore,
				  const struct diag *dafter)
{
	struct baseline *b = xcalloc(1, sizeof *b);
	match_findings(b, dbefore, dafter);
	compare_regions(b, before, after);
	struct dlist secs = {0}, files = {0}, syms = {0};
	b->symbols_compared = before && after && before->symbols_from == after->symbols_from &&
			      before->symbols_from != SZ_SYMS_NONE;
	add_sizes(b, before, false, &secs, &files, b->symbols_compared ? &syms : NULL);
	add_sizes(b, after, true, &secs, &files, b->symbols_compared ? &syms : NULL);
	b->sections = changed(b, &secs, &b->nsections);
	b->files = changed(b, &files, &b->nfiles);
	b->symbols = changed(b, &syms, &b->nsymbols);
	return b;
}

void baseline_free(struct baseline *b)
{
	if (!b)
		return;
	arena_free(&b->arena);
	free(b);
}
