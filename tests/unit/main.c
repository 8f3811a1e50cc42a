/*
 * The unit-test runner: every suite, one summary line from check.
 */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(lex_suite());
	srunner_add_suite(sr, parse_suite());
	srunner_add_suite(sr, eval_suite());
	srunner_add_suite(sr, util_suite());
	srunner_add_suite(sr, rules_suite());
	srunner_add_suite(sr, device_suite());
	srunner_add_suite(sr, elf_suite());
	srunner_add_suite(sr, map_suite());
	srunner_add_suite(sr, examples_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, ytcache_suite());
	srunner_add_suite(sr, xml_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
