/*
 * rules: the catalogue and the checks.
 *
 * rules.def is the catalogue: one row per rule with its id, default
 * severity, family, the inputs it needs and its check function (or, for
 * findings about unusable input, the reader that reports them).  run.c
 * works out which inputs a run has, calls every check whose needs are met
 * and records which ran (so that suppressions can tell "nothing to
 * suppress" from "not checked").  A check reads the model (model.h) and
 * the device (device.h) and adds findings (diag.h); checks never print and
 * never read files.
 *
 * Adding a rule: a RULE() row in rules.def, its check function in the
 * family's file, its fixtures (tests/cases/rules/ID.pos*, ID.neg*).
 */
#ifndef LDLINT_RULES_H
#define LDLINT_RULES_H

#include "device.h"
#include "diag.h"
#include "model.h"

struct rule_ctx;

/* One row of rules.def. */
struct rule {
	const char *id;			/* stable kebab-case id */
	enum severity severity;		/* default severity */
	const char *family;		/* rule family (the rules/ file) */
	const char *needs;		/* inputs the rule needs, e.g. "D+(E|M)" */
	void (*check)(struct rule_ctx *);	/* NULL for INPUT_RULE rows */
	const char *reporter;		/* INPUT_RULE: who reports it */
	const char *summary;		/* one line */
	const char *explanation;	/* --explain paragraph */
};

enum rule_ident {
#define RULE(ident, id, sev, fam, needs, fn, sum, expl) RULE_##ident,
#define INPUT_RULE(ident, id, sev, fam, needs, who, sum, expl) RULE_##ident,
#include "rules.def"
#undef RULE
#undef INPUT_RULE
	RULE_COUNT
};

extern const struct rule rule_table[RULE_COUNT];

/* The rule with this id, or NULL. */
const struct rule *rule_find(const char *id);

/* A rule that reports input ldlint cannot read (exit 2): its level cannot
 * be changed. */
bool rule_fixed(const struct rule *r);

/* The ids and default severities of the catalogue, by rule number, for
 * diag_init. */
extern const char *const rule_ids[RULE_COUNT];
extern const enum severity rule_defaults[RULE_COUNT];

/* diag_init with this catalogue. */
void rules_diag_init(struct diag *d, struct arena *a);

/* Inputs a rule can need (the letters of the needs column). */
enum {
	IN_SCRIPT = 1 << 0,	/* S */
	IN_DEVICE = 1 << 1,	/* D */
	IN_LOADER = 1 << 2,	/* L */
	IN_ELF = 1 << 3,	/* E */
	IN_MAP = 1 << 4,	/* M */
	IN_OBJECTS = 1 << 5,	/* O: the input objects the map names */
};

/* Whether the inputs 'have' (IN_* bits) meet 'needs'; -1 when 'needs' is
 * not a well-formed needs expression. */
int rules_needs_met(const char *needs, unsigned have);

/* A size budget: the most of a region a build may use. */
struct rule_budget {
	const char *region;		/* MEMORY region name */
	bool percent;			/* 'value' is a percentage of its length */
	uint64_t value;			/* bytes, or percent */
	struct loc loc;			/* where it is set (.ldlint.yaml) */
	struct loc name_at;		/* where the region is named there */
};

/* What configuration changes in the rules. */
struct rule_config {
	const char *const *runtime_written;	/* section name globs, NULL-ended */
	unsigned usage_percent;			/* region-usage threshold */
	const struct rule_budget *budgets;	/* region-budget, or NULL */
	size_t nbudgets;
};

extern const char *const rules_default_runtime_written[];

struct rule_derived;

struct rule_ctx {
	const struct script *script;	/* NULL when no script was given */
	const struct model *model;	/* never NULL */
	struct diag *d;
	const struct device *dev;	/* -d, or NULL */
	const struct loader *ldr;	/* -L bound to dev, or NULL */
	const struct rule_config *cfg;	/* never NULL */
	struct rule_derived *derived;	/* what several checks share, made on
					   first use (derived.c); run.c owns it */
};

/* Runs every check whose needs the inputs meet, in catalogue order. */
void rules_run(struct rule_ctx *c);

/* Check functions, one per RULE row. */
#define RULE(ident, id, sev, fam, needs, fn, sum, expl) void fn(struct rule_ctx *c);
#define INPUT_RULE(ident, id, sev, fam, needs, who, sum, expl)
#include "rules.def"
#undef RULE
#undef INPUT_RULE

/* --- what several checks share (derived.c) ------------------------------ */

/* A piece of the load image: a PT_LOAD's file bytes, or (map only) a
 * loaded section. */
struct chunk {
	uint64_t lma, size;
	const struct model_section *s;	/* the first section in it */
	unsigned segment;		/* ELF program header index + 1, or 0 */
};

/* The load image in address order (computed once per run). */
const struct chunk *rule_chunks(struct rule_ctx *c, size_t *n);

/* "segment 0 (PT_LOAD, ...)" or "section '.x' (... loaded at ...)". */
const char *rule_chunk_name(const struct rule_ctx *c, const struct chunk *k);

/* What is wrong with a reset vector, if anything. */
enum reset_problem {
	RESET_OK,
	RESET_EVEN,		/* bit 0 clear: not Thumb code */
	RESET_NO_EXEC,		/* no memory, or fetches fault there */
	RESET_VOLATILE,		/* RAM, which holds nothing at reset */
};

/* What a Cortex-M core reads at reset, and the initial stack pointer. */
struct boot_info {
	bool has_boot;			/* a boot address was found */
	uint64_t boot;			/* where the vector table must be */
	const struct model_section *emptied;	/* the script's vector table
					   section, empty in the image ... */
	const struct model_section *at_boot;	/* ... while this one starts at
					   the boot address */
	bool has_words;			/* the image has two words there */
	uint32_t words[2];		/* initial SP, reset vector */
	enum reset_problem reset;	/* of words[1]; not RESET_OK: the words
					   are no vector table, so no stack
					   pointer is taken from them */
	struct loc where;		/* for findings about the table */
	bool sp_known;			/* the initial stack pointer ... */
	uint64_t sp;			/* ... is this */
	struct loc sp_loc;		/* the statement that sets it */
	const char *sp_source;		/* "the stack top '_estack'" */
	bool sp_from_table;		/* read from vector[0] at 'where' */
};

const struct boot_info *rule_boot(struct rule_ctx *c);

/* Output section names that hold a Cortex-M vector table, NULL-ended. */
extern const char *const rule_vector_sections[];

/* What the image holds where the boot ROM reads a boot header. */
enum header_state {
	HDR_NOT_APPLICABLE,	/* the image loads nothing in the memory or
				   window of 'at' (a RAM image): no check */
	HDR_OK,			/* found at 'addr' */
	HDR_ABSENT,		/* nothing loaded where it must be */
	HDR_WRONG,		/* word 'index' at 'addr' is 'got', not 'want' */
	HDR_NOT_FOUND,		/* no start words in the searched window */
	HDR_NO_END,		/* start words at 'addr', no end words after */
	HDR_BAD_CRC,		/* the block at 'addr' ends in 'got', its
				   CRC-32 is 'want' */
};

struct header_match {
	enum header_state state;
	uint64_t addr;
	size_t index;
	uint32_t got, want;
};

/* Looks for boot header 'h' in the load image (needs the ELF). */
void rule_boot_header(const struct rule_ctx *c, const struct dev_boot_header *h,
		      struct header_match *r);

/* The section whose load image holds 'lma', else the lowest one loaded in
 * [base, base+size), or NULL. */
const struct model_section *rule_loaded_section_at(const struct model *m,
						   uint64_t lma, uint64_t base,
						   uint64_t size);

/* Whether the loader writes 'addr' because the image is a RAM-only one
 * (its entry point in RAM, or with the map alone, nothing loaded outside
 * RAM) and the loader's write there is for such images (ram_image). */
bool rule_ram_image_at(struct rule_ctx *c, uint64_t addr);

struct rule_derived *rule_derived_new(void);
void rule_derived_free(struct rule_derived *r);

/* --- helpers (common.c) -------------------------------------------------- */

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

/* Input section names the compiler gives ordinary variables and code
 * (.data, .bss, COMMON, .rodata, .text), and variables only. */
extern const char *const rule_program_sections[];
extern const char *const rule_variable_sections[];

/* The first input pattern of the section's statement in the script that
 * picks up sections named like one of 'probes' (a generic '*(.bss*)', not
 * a table's own '*(.data.init.enter)'), or NULL. */
const char *rule_collects(const struct model_section *s, const char *const *probes);

/* Does 'name' match one of the globs? */
bool rule_glob_any(const char *const *globs, const char *name);
/* fnmatch(glob, name, 0) == 0, with a quick test of the first characters. */
bool rule_glob_matches(const char *glob, const char *name);

/* The script's first region in non-volatile memory, to name in a fix
 * ("FLASH" when there is none). */
const char *rule_flash_region(const struct rule_ctx *c);

/* Where the SECTIONS command starts (for findings about the script as a
 * whole), or the script / ELF file. */
struct loc rule_sections_loc(const struct rule_ctx *c);

#endif
