/*
 * diag: the finding list.
 */
#include "diag.h"

#include <stdarg.h>
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
	struct finding *f = arena_alloc(d->arena, sizeof *f);
	f->message = vformat(d->arena, fmt, ap);
	f->rule = rule;
	f->id = d->ids[rule];
	f->severity = sev;
	f->loc = loc;
	*d->tail = f;
	d->tail = &f->next;
	d->count[sev]++;
	return f;
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

void diag_sort(struct diag *d)
{
	/* Insertion sort keeps equal keys in the order they were added;
	 * finding lists are short.  At one location the most severe comes
	 * first, then the more specific rule (rules.def lists a specific rule
	 * before its general twin). */
	struct finding *sorted = NULL, *f = d->head;
	while (f) {
		struct finding *next = f->next, **pp = &sorted;
		while (*pp && finding_cmp(*pp, f) <= 0)
			pp = &(*pp)->next;
		f->next = *pp;
		*pp = f;
		f = next;
	}
	d->head = sorted;
	d->tail = &d->head;
	while (*d->tail)
		d->tail = &(*d->tail)->next;
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
