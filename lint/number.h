/*
 * number: sizes and addresses in device descriptions, .ldlint.yaml and
 * command-line options.
 *
 * The accepted forms, everywhere the same:
 *   decimal without a leading zero        528, 0
 *   hexadecimal with 0x or 0X             0x08000000, 0X1f
 *   either, followed by K (x1024) or M (x1048576), as in GNU ld
 *                                         512K, 2M, 0x10K
 * Rejected: a leading zero (ld and YAML 1.1 read it as octal), lower-case
 * k and m, signs, underscores, fractions, other suffixes, and values that
 * do not fit in 64 bits.  Linker scripts keep GNU ld's own number syntax
 * (lex.c).
 */
#ifndef LDLINT_NUMBER_H
#define LDLINT_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* Reads 's' into *v; on failure *why says what is wrong (a static string
 * that reads after the number, e.g. "has a leading zero; ..."). */
bool number_parse(const char *s, uint64_t *v, const char **why);

#endif
