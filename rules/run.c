/*
 * run: the dispatcher.  Works out which inputs a run has, then calls the
 * check of every catalogue row whose needs they meet, in catalogue order
 * (the emitters sort findings by location, so the order only matters
 * between findings of one rule at one place).
 */
#include <stdlib.h>

#include "rules.h"

/* ---- needs expressions --------------------------------------------------

 * expr   = term { '|' term }
 * term   = factor { '+' factor }
 * factor = letter | '(' expr ')'
 */

struct needs_parser {
	const char *p;
	unsigned have;
	bool bad;
};

static bool needs_expr(struct needs_parser *np);

static unsigned letter_bit(char c)
{
	switch (c) {
	case 'S': return IN_SCRIPT;
	case 'D': return IN_DEVICE;
	case 'L': return IN_LOADER;
	case 'E': return IN_ELF;
	case 'M': return IN_MAP;
	case 'O': return IN_OBJECTS;
	default: return 0;
	}
}

static bool needs_factor(struct needs_parser *np)
{
	if (*np->p == '(') {
		np->p++;
		bool v = needs_expr(np);
		if (*np->p != ')')
			np->bad = true;
		else
			np->p++;
		return v;
	}
	unsigned bit = letter_bit(*np->p);
	if (!bit) {
		np->bad = true;
		return false;
	}
	np->p++;
	return (np->have & bit) != 0;
}

static bool needs_term(struct needs_parser *np)
{
	bool v = needs_factor(np);
	while (*np->p == '+' && !np->bad) {
		np->p++;
		v = needs_factor(np) && v;
	}
	return v;
}

static bool needs_expr(struct needs_parser *np)
{
	bool v = needs_term(np);
	while (*np->p == '|' && !np->bad) {
		np->p++;
		v = needs_term(np) || v;
	}
	return v;
}

int rules_needs_met(const char *needs, unsigned have)
{
	struct needs_parser np = {needs, have, false};
	bool v = needs_expr(&np);
	if (np.bad || *np.p)
		return -1;
	return v;
}

/* ---- dispatch ------------------------------------------------------------ */

static unsigned inputs_of(const struct rule_ctx *c)
{
	unsigned have = 0;
	if (c->script)
		have |= IN_SCRIPT;
	if (c->dev)
		have |= IN_DEVICE;
	if (c->ldr)
		have |= IN_LOADER;
	if (c->model->elf_path)
		have |= IN_ELF;
	if (c->model->map_path)
		have |= IN_MAP;
	if (c->model->objects_read)
		have |= IN_OBJECTS;
	return have;
}

void rules_run(struct rule_ctx *c)
{
	unsigned have = inputs_of(c);
	c->derived = rule_derived_new();
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule *r = &rule_table[i];
		if (!r->check || c->d->level[i] == SEV_OFF ||
		    rules_needs_met(r->needs, have) != 1)
			continue;
		c->d->ran[i] = true;
		r->check(c);
	}
	rule_derived_free(c->derived);
	c->derived = NULL;
}
