/*
 * Fast examples of the script-only rules (shellcheck's verify/verifyNot):
 * each is a small script parsed and checked in-process, with whether the
 * rule must fire on it.  The negative ones are written the way real
 * projects write the construct.  The linked firmware cases in
 * tests/cases/rules/ remain the proof on real builds; these run in
 * milliseconds while a rule is being written.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "script.h"
#include "unit.h"

struct example {
	const char *rule;
	bool fires;
	const char *script;
};

#define MEM "MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K\n" \
	"  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }\n"

static const struct example examples[] = {
	{"undefined-region", true, MEM "SECTIONS { .text : { *(.text) } > FLSH }"},
	{"undefined-region", false, MEM "REGION_ALIAS(\"REGION_TEXT\", FLASH);\n"
	 "SECTIONS { .text : { *(.text) } > REGION_TEXT }"},
	{"undefined-region", false, "SECTIONS { .text : { *(.text) } > FLASH }"},
	{"undefined-region", false, MEM "REGION_ALIAS(\"A0\", FLASH);\n"
	 "REGION_ALIAS(\"A1\", A0);\nSECTIONS { .text : { *(.text) } > A1 }"},
	{"region-overlap", true, "MEMORY { A : ORIGIN = 0, LENGTH = 2K\n"
	 "  B : ORIGIN = 1K, LENGTH = 2K }\n"
	 "SECTIONS { .a : { *(.a) } > A .b : { *(.b) } > B }"},
	{"region-overlap", false, MEM "SECTIONS { .text : { *(.text) } > FLASH "
	 ".data : { *(.data) } > RAM AT> FLASH }"},
	{"vector-not-kept", true, MEM "SECTIONS { .isr_vector : { *(.isr_vector) } > FLASH }"},
	{"vector-not-kept", false, MEM "SECTIONS { .isr_vector : { KEEP(*(.isr_vector)) } > FLASH }"},
	{"assignment-as-filename", true, MEM "SECTIONS { .text : { _stext=.; *(.text) } > FLASH }"},
	{"assignment-as-filename", false, MEM "SECTIONS { .text : { _stext = .; *(.text) } > FLASH }"},
	{"pattern-comma", true, MEM "SECTIONS { .text : { *(.text, .rodata) } > FLASH }"},
	{"pattern-comma", false, MEM "SECTIONS { .text : { *(.text .rodata) } > FLASH }"},
	{"xor-operator", true, "x = 5; x ^= 3;"},
	{"xor-operator", false, "x = 5; x |= 3;"},
	{"octal-literal", true, "_stack_size = 0400;"},
	{"octal-literal", false, "_stack_size = 0x400;"},
	{"numeric-name", true, "dead = 1; x = dead + 1;"},
	{"numeric-name", false, "_dead = 1; x = _dead + 1;"},
	{"invalid-character", true, "x = 1 @ 2;"},
	{"invalid-character", false, "x = 1 + 2;"},
	{"lld-compat", true, "_estack = ORIGIN(RAM) + LENGTH(RAM);\n" MEM},
	{"lld-compat", false, MEM "_estack = ORIGIN(RAM) + LENGTH(RAM);"},
	{"number-overflow", true, "MEMORY { RAM : ORIGIN = 0x200000000000000000, LENGTH = 128K }"},
	{"number-overflow", false, "_heap_limit = 0xFFFFFFFFFFFFFFFF; _span = 16M;"},
	{"div-by-zero", true, "_blk = 0; _n = 0x400 / _blk;"},
	{"div-by-zero", true, "_n = 1 ? 4 : 4 % 0;"},
	{"div-by-zero", false, "_blk = 0; _n = _blk ? 0x400 / _blk : 0;"},
	{"div-by-zero", false, "_blk = 0; PROVIDE(_n = 0x400 / _blk);"},
	{"div-by-zero", false, "_blk = DEFINED(_blk) ? _blk : 0; _n = 0x400 / _blk;"},
	{"region-overflow", true, MEM "SECTIONS { .stack (NOLOAD) : { . += 129K; } > RAM }"},
	{"region-overflow", false, MEM "SECTIONS { .stack (NOLOAD) : { . += 128K; } > RAM }"},
	{"region-overflow", false, MEM "SECTIONS { .bss : { *(.bss) } > RAM\n"
	 "  .stack (NOLOAD) : { . += 127K; } > RAM }"},
	{"assert-fails", true, MEM "ASSERT(LENGTH(RAM) >= 256K, \"RAM too small\")"},
	{"assert-fails", true, MEM "SECTIONS { .s : { . += 4; ASSERT(. == 0x20000008, \"m\"); } > RAM }"},
	{"assert-fails", false, MEM "ASSERT(LENGTH(RAM) >= 64K, \"RAM too small\")"},
	{"assert-fails", false, MEM "_sz = DEFINED(_sz) ? _sz : 0;\n"
	 "ASSERT(_sz > 0, \"give _sz\")"},
	{"assert-fails", false, MEM "x = 1 ? 1 : ASSERT(0, \"never evaluated\");"},
	{"syntax", true, MEM "SECTIONS { .text : { *(.text) } > FLASH"},
	{"syntax", false, MEM "SECTIONS { .text : { *(.text) } > FLASH }"},
};

/* Lints 'text' as a script with every rule on; the findings' rule ids,
 * space-separated, in 'out'. */
static void lint(const char *text, char *out, size_t n)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	for (size_t i = 0; i < d.nrules; i++)
		if (d.level[i] == SEV_OFF)
			d.level[i] = SEV_NOTE;
	struct script *s = script_parse_buffer("t.ld", text, strlen(text), NULL, &d);
	struct model *m = model_from_script(s, NULL);
	struct rule_config cfg = {rules_default_runtime_written, 95, NULL, 0};
	struct rule_ctx c = {s, m, &d, NULL, NULL, &cfg, NULL};
	rules_run(&c);
	out[0] = '\0';
	for (const struct finding *f = d.head; f; f = f->next) {
		strncat(out, f->id, n - strlen(out) - 2);
		strncat(out, " ", n - strlen(out) - 1);
	}
	model_free(m);
	script_free(s);
	arena_free(&a);
}

START_TEST(script_rule_examples)
{
	for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
		const struct example *e = &examples[i];
		char ids[1024], want[64];
		lint(e->script, ids, sizeof ids);
		snprintf(want, sizeof want, "%s ", e->rule);
		bool fired = strstr(ids, want) != NULL;
		ck_assert_msg(fired == e->fires, "example %zu of %s: %s (findings: %s)\n%s",
			      i, e->rule, e->fires ? "did not fire" : "fired",
			      ids[0] ? ids : "none", e->script);
	}
}
END_TEST

/* Every rule that needs only a script has a positive and a negative
 * example here. */
START_TEST(every_script_rule_has_examples)
{
	for (int r = 0; r < RULE_COUNT; r++) {
		if (strcmp(rule_table[r].needs, "S") != 0 ||
		    !strcmp(rule_table[r].id, "config-file") ||
		    !strcmp(rule_table[r].id, "unused-suppression"))
			continue;
		bool pos = false, neg = false;
		for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
			if (!strcmp(examples[i].rule, rule_table[r].id))
				*(examples[i].fires ? &pos : &neg) = true;
		ck_assert_msg(pos && neg, "script rule %s needs a positive and a "
			      "negative example in tests/unit/test_examples.c",
			      rule_table[r].id);
	}
}
END_TEST

Suite *examples_suite(void)
{
	Suite *s = suite_create("examples");
	TCase *tc = tcase_create("script rules");
	tcase_add_test(tc, script_rule_examples);
	tcase_add_test(tc, every_script_rule_has_examples);
	suite_add_tcase(s, tc);
	return s;
}
