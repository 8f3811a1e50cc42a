/*
 * suppress: the suppression comments of linker scripts.
 *
 *   /+ ldlint-disable-next-line ID[,ID...] [-- reason] +/   the next line
 *   /+ ldlint-disable [ID...] +/ ... /+ ldlint-enable [ID...] +/   a block
 *
 * (with '*' for '+').  Without IDs, ldlint-disable covers every rule.
 * Suppressed findings are removed; a directive that suppressed nothing for
 * a rule that ran, or that names an unknown rule, becomes an
 * 'unused-suppression' finding.  Syntax errors cannot be suppressed.
 */
#ifndef LDLINT_SUPPRESS_H
#define LDLINT_SUPPRESS_H

#include "rules.h"

void suppress_apply(struct diag *d, struct script *const *scripts, size_t n);

#endif
