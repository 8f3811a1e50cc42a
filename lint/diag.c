/*
 * diag: the finding list, with a hash table of it that folds repeats.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d, struct arena *a, size_t nrules,
	       const char *const *ids, const enum severity *defaults)
{
	memset(d, 0, sizeof *d);
	d->arena = a;
	d->tail = &d->head;
	d->nrules = nrules;
	d->ids = ids;
	d->level = arena_alloc(a, (nrules ? nrules : 1) * sizeof *d->level);
	d->ran = arena_alloc(a, (nrules ? nrules : 1) * sizeof *d->ran);
	for (size_t i = 0; i < nrules; i++)
		d->level[i] = defaults[i];
}

void diag_init_like(struct diag *d, struct arena *a, const struct diag *like)
{
	diag_init(d, a, like->nrules, like->ids, like->level);
}

int diag_rule(const struct diag *d, const char *id)
{
	for (size_t i = 0; i < d->nrules; i++)
		if (strcmp(d->ids[i], id) == 0)
			return (int)i;
	return -1;
}

const char *diag_rule_nearest(const struct diag *d, const char *id)
{
	const char *best = NULL;
	unsigned best_d = 4;
	for (size_t i = 0; i < d->nrules; i++) {
		unsigned dist = edit_distance(id, d->ids[i], best_d);
		if (dist < best_d && strcmp(d->ids[i], id) != 0) {
			best_d = dist;
			best = d->ids[i];
		}
	}
	return best;
}

static char *vformat(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* FNV-1a over a string, continuing from 'h'. */
static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static uint64_t fold_hash(unsigned rule, enum severity sev, const struct loc *l,
			  const char *msg)
{
	uint64_t h = 14695981039346656037ULL ^ ((uint64_t)rule << 40 ^
						(uint64_t)sev << 32 ^ l->line);
	h = hash_str(h * 1099511628211ULL, l->file);
	return hash_str(h ^ 0xff, msg);
}

static bool same_file(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The slot of the finding that 'rule, sev, loc, msg' repeats, or the
 * empty slot where it would go. */
static struct finding **fold_slot(struct diag *d, unsigned rule, enum severity sev,
				  const struct loc *l, const char *msg)
{
	size_t mask = d->fold_cap - 1;
	size_t i = (size_t)fold_hash(rule, sev, l, msg) & mask;
	for (;; i = (i + 1) & mask) {
		struct finding *f = d->fold[i];
		if (!f || (f->rule == rule && f->severity == sev &&
			   f->loc.line == l->line && same_file(f->loc.file, l->file) &&
			   strcmp(f->message, msg) == 0))
			return &d->fold[i];
	}
}

/* Keeps the table at most half full. */
static void fold_grow(struct diag *d)
{
	if (2 * (d->fold_n + 1) <= d->fold_cap)
		return;
	struct finding **old = d->fold;
	size_t old_cap = d->fold_cap;
	d->fold_cap = old_cap ? 2 * old_cap : 64;
	d->fold = arena_alloc(d->arena, d->fold_cap * sizeof *d->fold);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			*fold_slot(d, old[i]->rule, old[i]->severity, &old[i]->loc,
				   old[i]->message) = old[i];
}

static struct finding *vadd(struct diag *d, unsigned rule, enum severity cap,
			   struct loc loc, const char *fmt, va_list ap)
{
	if (rule >= d->nrules) {
		fprintf(stderr, "ldlint: internal error: rule number %u is not in "
			"the catalogue\n", rule);
		exit(EXIT_INTERNAL);
	}
	enum severity sev = d->level[rule];
	if (sev == SEV_OFF)
		return NULL;
	if (sev > cap)
		sev = cap;
	/* the message, in a heap buffer until it is known to be new (a
	 * flood of repeats must not fill the arena) */
	char small[256], *msg = small;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0, small[0] = '\0';
	if ((size_t)n >= sizeof small) {
		msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	}
	/* a flood repeats the finding just added: no need to hash */
	struct finding *f = d->last;
	bool repeat = f && f->rule == rule && f->severity == sev &&
		      f->loc.line == loc.line && same_file(f->loc.file, loc.file) &&
		      strcmp(f->message, msg) == 0;
	struct finding **slot = NULL;
	if (!repeat) {
		fold_grow(d);
		slot = fold_slot(d, rule, sev, &loc, msg);
		f = *slot;
		repeat = f != NULL;
	}
	if (repeat) {
		f->repeats++;
	} else {
		f = arena_alloc(d->arena, sizeof *f);
		f->message = arena_strndup(d->arena, msg, (size_t)n);
		f->rule = rule;
		f->id = d->ids[rule];
		f->severity = sev;
		f->loc = loc;
		*d->tail = f;
		d->tail = &f->next;
		d->count[sev]++;
		*slot = f;
		d->fold_n++;
	}
	d->last = f;
	if (msg != small)
		free(msg);
	return repeat ? NULL : f;
}

struct finding *diag_add(struct diag *d, unsigned rule, struct loc loc,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct finding *f = vadd(d, rule, SEV_ERROR, loc, fmt, ap);
	va_end(ap);
	return f;
}

struct finding *diag_add_capped(struct diag *d, unsigned rule, enum severity cap,
				struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct finding *f = vadd(d, rule, cap, loc, fmt, ap);
	va_end(ap);
	return f;
}

struct finding *diag_report(struct diag *d, const char *id, struct loc loc,
			    const char *fmt, ...)
{
	int rule = diag_rule(d, id);
	va_list ap;
	va_start(ap, fmt);
	struct finding *f = vadd(d, rule < 0 ? (unsigned)d->nrules : (unsigned)rule,
				 SEV_ERROR, loc, fmt, ap);
	va_end(ap);
	return f;
}

void diag_note(struct diag *d, struct finding *f, struct loc loc,
	       const char *fmt, ...)
{
	if (!f)
		return;
	struct note *n = arena_alloc(d->arena, sizeof *n), **pp;
	va_list ap;
	va_start(ap, fmt);
	n->message = vformat(d->arena, fmt, ap);
	va_end(ap);
	n->loc = loc;
	for (pp = &f->notes; *pp; pp = &(*pp)->next)
		;
	*pp = n;
}

static int loc_cmp(const struct loc *a, const struct loc *b)
{
	const char *fa = a->file ? a->file : "", *fb = b->file ? b->file : "";
	int c = strcmp(fa, fb);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static int finding_cmp(const struct finding *a, const struct finding *b)
{
	int c = loc_cmp(&a->loc, &b->loc);
	if (c)
		return c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Merges two sorted lists; on equal keys 'a' (the earlier) first. */
static struct finding *merge(struct finding *a, struct finding *b)
{
	struct finding *head = NULL, **tail = &head;
	while (a && b) {
		struct finding **take = finding_cmp(b, a) < 0 ? &b : &a;
		*tail = *take;
		tail = &(*take)->next;
		*take = (*take)->next;
	}
	*tail = a ? a : b;
	return head;
}

void diag_sort(struct diag *d)
{
	/* A stable bottom-up merge sort: equal keys keep the order they were
	 * added in, and 10^5 findings sort in n log n.  At one location the
	 * most severe comes first, then the more specific rule (rules.def
	 * lists a specific rule before its general twin). */
	struct finding *runs[64] = {0};
	struct finding *f = d->head;
	while (f) {
		struct finding *one = f;
		f = f->next;
		one->next = NULL;
		size_t i = 0;
		for (; i < 63 && runs[i]; i++) {
			one = merge(runs[i], one);
			runs[i] = NULL;
		}
		runs[i] = runs[i] ? merge(runs[i], one) : one;
	}
	struct finding *sorted = NULL;
	for (size_t i = 0; i < 64; i++)
		if (runs[i])
			sorted = merge(runs[i], sorted);
	d->head = sorted;
	d->tail = &d->head;
	while (*d->tail)
		d->tail = &(*d->tail)->next;
}

unsigned long diag_total(const struct diag *d, enum severity s)
{
	unsigned long n = 0;
	for (const struct finding *f = d->head; f; f = f->next)
		if (f->severity == s)
			n += 1 + f->repeats;
	return n;
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	case SEV_NOTE: return "note";
	case SEV_OFF: break;
	}
	return "off";
}
