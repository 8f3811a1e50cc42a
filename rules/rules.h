/*
 * rules: the checks.  Each family file (rules/<family>.c, the family
 * column of rules.def) walks the model, and the script AST or lexical
 * events where a rule is about the text, and adds findings; rules never
 * print.  A rule runs only when the inputs it needs are there, and marks
 * itself in diag.ran so that suppressions can tell "nothing to suppress"
 * from "not checked".
 */
#ifndef LDLINT_RULES_H
#define LDLINT_RULES_H

#include "device.h"
#include "diag.h"
#include "model.h"
#include "script.h"

/* What configuration changes in the rules. */
struct rule_config {
	const char *const *runtime_written;	/* section name globs, NULL-ended */
	unsigned usage_percent;			/* region-usage threshold */
};

extern const char *const rules_default_runtime_written[];

struct rule_ctx {
	const struct script *script;	/* NULL when no script was given */
	const struct model *model;	/* never NULL */
	struct diag *d;
	const struct device *dev;	/* -d, or NULL */
	const struct loader *ldr;	/* -L bound to dev, or NULL */
	const struct rule_config *cfg;	/* never NULL */
};

/* Runs every family on one model. */
void rules_run(struct rule_ctx *c);

/* rules/script.c: undefined-region, region-overlap, vector-not-kept */
void rules_script(struct rule_ctx *c);

/* rules/pitfalls.c: GNU ld's silent misreadings (ld-grammar.md section 9) */
void rules_pitfalls(struct rule_ctx *c);

/* rules/layout.c: regions against the device: region-outside-device,
 * region-attributes, noload-in-nvm, reserved-overlap, region-usage */
void rules_layout(struct rule_ctx *c);

/* rules/image.c: the linked image: load-in-ram, data-no-lma, write-to-nvm,
 * exec-not-executable, ramfunc-in-flash, vma/lma-outside-device,
 * lma-not-programmable, image-gap, section-overlap, orphan-section,
 * noload-discards-data, stale-inputs */
void rules_image(struct rule_ctx *c);

/* rules/flash.c: sector-sharing, bank-crossing */
void rules_flash(struct rule_ctx *c);

/* rules/boot.c: stack-outside-ram, stack-misaligned, vector-table */
void rules_boot(struct rule_ctx *c);

/* --- helpers shared by the families (rules/common.c) ------------------ */

/* Where a finding about 's' points: its output-section statement in the
 * script, else the map line, else the ELF file. */
struct loc rule_where(const struct rule_ctx *c, const struct model_section *s);

/* Allocated (or unknown) and with a known address and a size > 0. */
bool rule_placed(const struct model_section *s);

/* Has bytes in the load image (PROGBITS, not NOLOAD, size > 0). */
bool rule_loaded(const struct model_section *s);

/* Does the ELF say the section is writable / executable? */
bool rule_flag(const struct model_section *s, char flag);

/* Writable data: the write flag on a PROGBITS or NOBITS section that is
 * not a constructor table (those are 'WA' in ELF but read-only in use). */
bool rule_writable_data(const struct model_section *s);

/* Are all of [addr, addr+size) in memories of the device (adjacent
 * memories count as one)? */
bool rule_covered(const struct device *dev, uint64_t addr, uint64_t size);

/* "FLASH (flash, 0x08000000-0x0807ffff)": a memory for messages. */
const char *rule_memory_name(struct diag *d, const struct dev_memory *m);

/* A note pointing at the memory's line in the device description. */
void rule_note_memory(const struct rule_ctx *c, struct finding *f,
		      const struct dev_memory *m);

/* Does 'name' match one of the globs? */
bool rule_glob_any(const char *const *globs, const char *name);

#endif
