/*
 * diag: the finding list and the rule table.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct rule rule_table[RULE_COUNT] = {
#define RULE(ident, id, sev, fam, needs, sum, expl) \
	[RULE_##ident] = {id, sev, fam, needs, sum, expl},
#include "../rules/rules.def"
#undef RULE
};

const struct rule *rule_find(const char *id)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (strcmp(rule_table[i].id, id) == 0)
			return &rule_table[i];
	return NULL;
}

const char *rule_nearest(const char *id)
{
	const char *best = NULL;
	unsigned best_d = 4;
	for (int i = 0; i < RULE_COUNT; i++) {
		unsigned d = edit_distance(id, rule_table[i].id, best_d);
		if (d < best_d) {
			best_d = d;
			best = rule_table[i].id;
		}
	}
	return best;
}

void diag_init(struct diag *d, struct arena *a)
{
	memset(d, 0, sizeof *d);
	d->arena = a;
	d->tail = &d->head;
	for (int i = 0; i < RULE_COUNT; i++)
		d->level[i] = rule_table[i].severity;
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

struct finding *diag_add(struct diag *d, enum rule_ident rule, struct loc loc,
			 const char *fmt, ...)
{
	enum severity sev = d->level[rule];
	if (sev == SEV_OFF)
		return NULL;
	struct finding *f = arena_alloc(d->arena, sizeof *f);
	va_list ap;
	va_start(ap, fmt);
	f->message = vformat(d->arena, fmt, ap);
	va_end(ap);
	f->rule = rule;
	f->severity = sev;
	f->loc = loc;
	*d->tail = f;
	d->tail = &f->next;
	d->count[sev]++;
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
