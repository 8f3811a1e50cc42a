/*
 * run: calls the rule families in a fixed order, so findings come out in
 * the same order every run (the emitters sort them by location).
 */
#include "rules.h"

/* The rules that need only a script. */
static const enum rule_ident script_rules[] = {
	RULE_SYNTAX, RULE_UNDEFINED_REGION, RULE_REGION_OVERLAP,
	RULE_VECTOR_NOT_KEPT, RULE_ASSIGNMENT_AS_FILENAME, RULE_PATTERN_COMMA,
	RULE_XOR_OPERATOR, RULE_OCTAL_LITERAL, RULE_NUMERIC_NAME,
	RULE_LLD_COMPAT, RULE_INVALID_CHARACTER,
};

void rules_run(struct rule_ctx *c)
{
	if (c->script) {
		for (size_t i = 0; i < sizeof script_rules / sizeof script_rules[0]; i++)
			c->d->ran[script_rules[i]] = c->d->level[script_rules[i]] != SEV_OFF;
		rules_script(c);
		rules_pitfalls(c);
	}
	rules_layout(c);
	rules_image(c);
	rules_flash(c);
	rules_boot(c);
}
