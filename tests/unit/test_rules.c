/*
 * The rule table: every rule has a stable id, a summary, an explanation
 * that says what goes wrong, how to fix it and an example, and a positive
 * and a negative case under tests/cases/rules/ (make check runs from the
 * repository's top directory).
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "unit.h"

static bool has_fixture(const char *id, const char *kind)
{
	DIR *dir = opendir("tests/cases/rules");
	ck_assert_msg(dir != NULL, "tests/cases/rules not found (run from the top directory)");
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s.%s", id, kind);
	bool found = false;
	for (struct dirent *e; (e = readdir(dir)) && !found;)
		found = strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(dir);
	return found;
}

START_TEST(every_rule_is_documented)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule *r = &rule_table[i];
		ck_assert_msg(strspn(r->id, "abcdefghijklmnopqrstuvwxyz-") == strlen(r->id),
			      "rule id '%s' is not kebab-case", r->id);
		ck_assert_msg(r->summary && strlen(r->summary) >= 20,
			      "rule %s has no summary", r->id);
		ck_assert_msg(r->explanation && strlen(r->explanation) >= 300,
			      "rule %s has no real explanation", r->id);
		ck_assert_msg(strstr(r->explanation, "Fix") != NULL,
			      "rule %s: the explanation says no fix", r->id);
		ck_assert_msg(strstr(r->explanation, "Example") != NULL,
			      "rule %s: the explanation gives no example", r->id);
		ck_assert_msg(r->family && r->needs && *r->family && *r->needs,
			      "rule %s has no family or needs", r->id);
		ck_assert_ptr_eq(rule_find(r->id), r);
	}
}
END_TEST

/* Every row dispatches: a check function, or (for findings about input
 * that cannot be used) the module that reports them; and a needs field
 * the dispatcher can read. */
START_TEST(every_rule_dispatches)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule *r = &rule_table[i];
		ck_assert_msg((r->check != NULL) != (r->reporter != NULL),
			      "rule %s needs a check function or a reporter", r->id);
		ck_assert_msg(rules_needs_met(r->needs, 0) >= 0,
			      "rule %s: needs '%s' does not parse", r->id, r->needs);
		ck_assert_msg(rules_needs_met(r->needs, ~0u) == 1,
			      "rule %s: needs '%s' is never met", r->id, r->needs);
		ck_assert_msg(rules_needs_met(r->needs, 0) == 0,
			      "rule %s: needs '%s' is met with no input", r->id, r->needs);
	}
	ck_assert_int_eq(rules_needs_met("D+(E|M)", IN_DEVICE | IN_MAP), 1);
	ck_assert_int_eq(rules_needs_met("D+(E|M)", IN_ELF | IN_MAP), 0);
	ck_assert_int_eq(rules_needs_met("E+M|E+S", IN_ELF | IN_SCRIPT), 1);
	ck_assert_int_eq(rules_needs_met("E+M|E+S", IN_MAP | IN_SCRIPT), 0);
	ck_assert_int_eq(rules_needs_met("D+(E", IN_DEVICE), -1);
	ck_assert_int_eq(rules_needs_met("D+X", IN_DEVICE), -1);
	ck_assert_int_eq(rules_needs_met("", 0), -1);
}
END_TEST

START_TEST(every_rule_has_fixtures)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		ck_assert_msg(has_fixture(rule_table[i].id, "pos"),
			      "rule %s has no positive case in tests/cases/rules/",
			      rule_table[i].id);
		ck_assert_msg(has_fixture(rule_table[i].id, "neg"),
			      "rule %s has no negative case in tests/cases/rules/",
			      rule_table[i].id);
	}
}
END_TEST

/* rule_glob_matches answers as fnmatch(glob, name, 0) does, for the
 * '*TEXT*' globs it matches itself and for the rest. */
START_TEST(globs_match_as_fnmatch)
{
	static const char *const globs[] = {"*heap*", "*stack*", "*", "**",
		"*a*b*", "*[h]eap*", "*\\*x*", "*.noinit*", "*?*", "*h*",
		"*heap", "heap*", ".bss*", "*HEAP*", "*Stack*", NULL};
	static const char *const names[] = {"", "heap", ".heap", ".heap_end",
		"xheapy", "hea", "stack", "._user_heap_stack", "a", "ab", "*x",
		"\\x", ".noinit", ".noinitx", "h", ".bss.x", "HEAP", NULL};
	for (size_t i = 0; globs[i]; i++)
		for (size_t j = 0; names[j]; j++)
			ck_assert_msg(rule_glob_matches(globs[i], names[j]) ==
				      (fnmatch(globs[i], names[j], 0) == 0),
				      "'%s' against '%s'", globs[i], names[j]);
}
END_TEST

Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, every_rule_is_documented);
	tcase_add_test(tc, globs_match_as_fnmatch);
	tcase_add_test(tc, every_rule_dispatches);
	tcase_add_test(tc, every_rule_has_fixtures);
	suite_add_tcase(s, tc);
	return s;
}
