/*
 * rules: the checks.  Each family file walks the model (and the script
 * AST or lexical events where a rule is about the text) and adds findings;
 * rules never print.  A rule runs only when the inputs it needs are there.
 */
#ifndef LDLINT_RULES_H
#define LDLINT_RULES_H

#include "diag.h"
#include "model.h"
#include "script.h"

struct rule_ctx {
	const struct script *script;	/* NULL when no script was given */
	const struct model *model;	/* never NULL */
	struct diag *d;
};

/* Runs every family on one model. */
void rules_run(struct rule_ctx *c);

/* rules/script.c: undefined-region, region-overlap, vector-not-kept */
void rules_script(struct rule_ctx *c);

/* rules/pitfalls.c: GNU ld's silent misreadings (ld-grammar.md section 9) */
void rules_pitfalls(struct rule_ctx *c);

#endif
