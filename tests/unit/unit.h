/*
 * unit: the check-based unit tests.  Each test file defines one suite
 * constructor; main.c runs them all in one runner.
 */
#ifndef LDLINT_UNIT_H
#define LDLINT_UNIT_H

#include <check.h>

Suite *lex_suite(void);
Suite *parse_suite(void);
Suite *eval_suite(void);
Suite *util_suite(void);
Suite *rules_suite(void);
Suite *device_suite(void);
Suite *elf_suite(void);
Suite *map_suite(void);
Suite *examples_suite(void);
Suite *report_suite(void);
Suite *ytcache_suite(void);
Suite *xml_suite(void);

#endif
