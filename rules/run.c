/*
 * run: calls the rule families in a fixed order, so findings come out in
 * the same order every run (the emitters sort them by location).
 */
#include "rules.h"

void rules_run(struct rule_ctx *c)
{
	if (c->script) {
		rules_script(c);
		rules_pitfalls(c);
	}
}
