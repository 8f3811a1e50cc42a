/*
 * catalog: the rule table built from rules.def, and lookups by id.
 */
#include <string.h>

#include "rules.h"

const struct rule rule_table[RULE_COUNT] = {
#define RULE(ident, id, sev, fam, needs, fn, sum, expl) \
	[RULE_##ident] = {id, sev, fam, needs, fn, NULL, sum, expl},
#define INPUT_RULE(ident, id, sev, fam, needs, who, sum, expl) \
	[RULE_##ident] = {id, sev, fam, needs, NULL, who, sum, expl},
#include "rules.def"
#undef RULE
#undef INPUT_RULE
};

const char *const rule_ids[RULE_COUNT] = {
#define RULE(ident, id, sev, fam, needs, fn, sum, expl) [RULE_##ident] = id,
#define INPUT_RULE(ident, id, sev, fam, needs, who, sum, expl) [RULE_##ident] = id,
#include "rules.def"
#undef RULE
#undef INPUT_RULE
};

const enum severity rule_defaults[RULE_COUNT] = {
#define RULE(ident, id, sev, fam, needs, fn, sum, expl) [RULE_##ident] = sev,
#define INPUT_RULE(ident, id, sev, fam, needs, who, sum, expl) [RULE_##ident] = sev,
#include "rules.def"
#undef RULE
#undef INPUT_RULE
};

const struct rule *rule_find(const char *id)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (strcmp(rule_table[i].id, id) == 0)
			return &rule_table[i];
	return NULL;
}

bool rule_fixed(const struct rule *r)
{
	return !r->check && r->severity == SEV_ERROR;
}

void rules_diag_init(struct diag *d, struct arena *a)
{
	diag_init(d, a, RULE_COUNT, rule_ids, rule_defaults);
}
