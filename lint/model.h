/*
 * model: the joined layout model the rules read and the emitters print.
 *
 * Two builders fill it: model_script.c evaluates the linker script
 * (MEMORY regions, REGION_ALIAS names, output sections with the addresses
 * the script determines, symbol values), model_image.c joins the linked
 * ELF and the map into it by output section name.  model.c owns the
 * structure and the queries.  Values nothing determines are unknown; they
 * are never 0 by default.  Where the inputs disagree the model keeps the
 * disagreement as data (model_mismatch); the stale-inputs rule words it.
 */
#ifndef LDLINT_MODEL_H
#define LDLINT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "loc.h"
#include "objects.h"

/* A value that may be unknown. */
struct val {
	bool known;
	uint64_t v;
	bool assumed;	/* rests on DEFINED() of a symbol the script does not
			   define, which an object file may define */
};

/* A known value, as the linked image or the map gives it. */
static inline struct val val_of(uint64_t v)
{
	struct val r = {true, v, false};
	return r;
}

struct model_region {
	const char *name;
	struct val origin, length;
	unsigned flags, not_flags;	/* MATTR_* */
	char attributes[16];		/* as ld's map prints them, e.g. "rw!x" */
	struct loc loc;			/* the region name in MEMORY */
	bool forward_ref;		/* uses ORIGIN/LENGTH of a later region */
	bool from_map;			/* from the map's Memory Configuration
					   (no script was given); loc is the
					   map line */
	const struct mem_region *src;
};

struct model_alias {
	const char *alias, *region;	/* region: the name it stands for */
	struct loc loc;
};

/* One input section placed in an output section, as the map lists it,
 * with what is known of its bytes. */
enum model_input_kind { MI_SECTION, MI_FILL, MI_DATA };

struct model_input {
	enum model_input_kind kind;
	const char *section;		/* ".data.x", "*fill*", "LONG 0x1" */
	const char *file;		/* object or archive(member); "" if none */
	uint64_t addr, size;
	unsigned map_line;
	enum obj_bytes bytes;		/* what its object holds, when read */
};

/* What the map's input sections of an output section say of its bytes. */
struct model_contents {
	bool data_stmt;			/* a BYTE/SHORT/LONG/QUAD statement */
	bool init_name;			/* an input the compiler fills: .data*,
					   .sdata*, .rodata*, .text* */
	bool bss_name;			/* an input .bss*, .sbss*, COMMON */
	bool data_name;			/* an input .data*, .sdata*, .tdata* */
	bool nonzero;			/* an input whose object bytes are not
					   all zero */
	bool zero_objects;		/* an input whose object bytes are all
					   zero though its name is no .bss: a
					   zero-initialised variable given a
					   section of its own */
	bool unknown;			/* an input neither its name nor its
					   object settles */
	bool lma_printed;		/* the map prints a load address */
};

struct model_section {
	const char *name;
	struct val vma, lma, size;
	char flags[4];			/* ELF "awx" subset; "" = unknown */
	uint32_t sh_type;		/* ELF SHT_*, 0 = unknown */
	uint64_t align;			/* ELF sh_addralign, 0 = unknown */
	int elf_index;			/* section header index, -1 = none */
	unsigned map_line;		/* line in the map, 0 = none */
	bool in_image;			/* the ELF or map has it */
	bool orphan;			/* in the image, not named by the script */
	const char *elf_type;		/* "progbits"/"nobits", NULL = unknown */
	const char *script_type;	/* "NOLOAD", "READONLY"... or NULL */
	bool noload;
	const char *region;		/* resolved MEMORY region, or NULL */
	const char *lma_region;		/* resolved AT> region, or NULL */
	struct loc loc;			/* the output section's name */
	const struct stmt *src;		/* its statement */
	struct model_input *inputs;	/* the map's input sections, kept for
					   NOLOAD sections only (arena) */
	size_t ninputs;
	bool has_contents;		/* the map listed it: 'contents' is set */
	struct model_contents contents;
};

struct model_symbol {
	const char *name;
	struct val value;
	struct loc loc;			/* the assignment that defines it */
	bool provide;			/* PROVIDE / PROVIDE_HIDDEN */
	bool from_elf;			/* the value is the linked one */
	bool reassigned;		/* the script sets it more than once,
					   so ASSERTs between saw other values */
	struct val script_value;	/* what the script alone gives it */
};

struct model_segment {
	uint32_t type;			/* PT_* */
	uint32_t flags;			/* PF_* */
	uint64_t vaddr, paddr, filesz, memsz;
	const char **sections;		/* names, address order */
	size_t nsections;
};

/* How two inputs disagree (for the stale-inputs rule). */
enum mismatch_kind {
	MM_SCRIPT_ADDRESS,	/* the script fixes a section's address; the
				   image has another (script_value, image_value) */
	MM_SCRIPT_REGION,	/* the script places a section in script_region;
				   the image has it at image_value in image_region */
	MM_SCRIPT_SYMBOL,	/* the script sets a symbol to script_value; the
				   ELF has image_value */
	MM_MAP_REGION,		/* a MEMORY region: script origin/length in
				   script_value/script_size, map's in
				   image_value/image_size, map_line */
	MM_MAP_SECTION,		/* the map has a section at image_value size
				   image_size, the ELF at script_value/size */
	MM_MAP_LOAD,		/* the map loads a section at image_value, the
				   ELF at script_value */
};

struct model_mismatch {
	enum mismatch_kind kind;
	struct loc loc;			/* the script statement, if any */
	const char *name;		/* section, symbol or region */
	const char *image;		/* "ELF" or "map" */
	uint64_t script_value, script_size;	/* see the kinds */
	uint64_t image_value, image_size;
	const char *script_region, *image_region;
	unsigned map_line;
};


/* What GNU ld would stop on that the script alone decides, found while
 * evaluating it. */
enum issue_kind {
	ISSUE_DIV_ZERO,		/* '/' or '%' by a known 0: ld "/ by zero" */
	ISSUE_MEMORY_SYMBOL,	/* ORIGIN/LENGTH reads a symbol nothing defines
				   before MEMORY: ld "invalid origin ..." */
	ISSUE_REGION_OVERFLOW,	/* a section ends past its region: 'name' the
				   section, 'region', value = bytes over */
	ISSUE_ASSERT,		/* an ASSERT the script decides false:
				   'message' is its text */
};

struct model_issue {
	enum issue_kind kind;
	struct loc loc;			/* the operator, name, section, ASSERT */
	const char *name;		/* symbol or section */
	const char *region;		/* ISSUE_REGION_OVERFLOW: the region */
	const char *message;		/* ISSUE_ASSERT: the ASSERT's message */
	bool origin;			/* ISSUE_MEMORY_SYMBOL: in ORIGIN (else
					   LENGTH) */
	uint64_t value;			/* see the kinds */
};

/* An ASSERT(cond, "message") statement or call. */
struct model_assert {
	const struct expr *cond;
	const char *message;
	struct loc loc;			/* the ASSERT keyword */
};

struct elf_image;
struct map_image;
struct map_options;

struct model {
	struct arena arena;		/* strings made by the evaluator */
	const struct script *script;	/* not owned */
	struct model_region *regions;	size_t nregions;
	struct model_alias *aliases;	size_t naliases;
	struct model_section *sections;	size_t nsections;
	struct model_symbol *symbols;	size_t nsymbols;
	struct model_segment *segments;	size_t nsegments;
	struct model_mismatch *mismatches; size_t nmismatches;
	struct model_issue *issues;	size_t nissues;
	struct model_assert *asserts;	size_t nasserts;
	const char **reads;		size_t nreads;	/* symbols the
					   script reads and does not set */	/* the ASSERTs the
					   script alone does not decide */
	const char *entry;		/* ENTRY(...) symbol, or NULL */
	struct loc entry_loc;
	struct val entry_addr;		/* the ELF's entry point (e_entry) */
	const char *elf_path;		/* the linked ELF joined in, or NULL */
	bool elf_symtab;		/* ... and it has a symbol table */
	const char *map_path;		/* the map joined in, or NULL */
	bool objects_read;		/* the map's input objects were read */
	const struct elf_image *elf;	/* not owned; for the model's own
					   queries, never read by rules */
	const struct map_image *map;	/* likewise */
	struct strmap section_idx, region_idx, symbol_idx, alias_idx;
	size_t *alias_target;		/* per alias: the region it stands for
					   (index), or -1 for none */
	size_t nresolved;		/* aliases with alias_target set */
					/* name -> first index (model_index) */
};

/* Records element 'i' of sections/regions/symbols/aliases in its name
 * index; the builders call it for every element they append. */
void model_index_section(struct model *m, size_t i);
void model_index_region(struct model *m, size_t i);
void model_index_symbol(struct model *m, size_t i);
void model_index_alias(struct model *m, size_t i);

/* Stack-top symbol names of the usual startup files and scripts, in the
 * order they are tried; NULL-terminated. */
extern const char *const model_stack_symbols[];

/* Every symbol the rules read from a linked image (the stack tops, the
 * reset handler and vector table names, the .data/.bss bounds),
 * NULL-terminated: what the ELF reader is asked for. */
extern const char *const model_wanted_symbols[];

/* Whether 'name' is one of model_wanted_symbols. */
bool model_symbol_wanted(const char *name);

/* An empty model, for an ELF or map given without a script. */
struct model *model_new(void);

/* Joins a linked image into the model by output section name: sections
 * get their linked addresses, sizes, types and flags; sections the script
 * does not name are added as orphans; disagreements with the script are
 * recorded as mismatches. */
void model_add_elf(struct model *m, const struct elf_image *elf);

/* Joins a map file likewise; with an ELF present, the map is compared
 * with it (a map from another build is a mismatch), unless the ELF has no
 * section headers: then the map gives the sections.  'objdirs' (NULL-
 * terminated, or NULL: objects are not read) are where the link ran: the
 * input objects the map names are looked up there for the bytes of the
 * input sections that the names do not settle.  Without a script, the
 * regions come from the map's Memory Configuration. */
void model_add_map(struct model *m, const struct map_image *map,
		   const char *const *objdirs);

/* What the map reader must keep for model_add_map: how the model
 * classifies input section names, and the inputs of the NOLOAD sections
 * of the script already in 'm'. */
void model_map_options(const struct model *m, struct map_options *o);

/* The section named 'name', or NULL. */
struct model_section *model_section(struct model *m, const char *name);
const struct model_section *model_section_named(const struct model *m,
						const char *name);

/* Evaluates an expression with the linked values: symbols as the ELF or
 * map gives them, ADDR/LOADADDR/SIZEOF from the image's sections, regions
 * as evaluated; false when some value is unknown (or '.' is read). */
bool model_eval(const struct model *m, const struct expr *e, uint64_t *v);

/* Works out, once, the region every REGION_ALIAS stands for (a chain of
 * 10^5 aliases then costs one lookup per use).  Called when the aliases
 * are all known. */
void model_resolve_aliases(struct model *m);

/* MEMORY regions the script alone could not evaluate (ORIGIN = a symbol an
 * object file defines), evaluated with the linked symbols. */
void model_settle_regions(struct model *m);

/* The MEMORY region holding [addr, addr+size), or NULL. */
const struct model_region *model_region_at(const struct model *m,
					   uint64_t addr, uint64_t size);

/* Evaluates 'script' into a new model; 'defs' (may be NULL) are symbols
 * defined on the command line, as ld's --defsym. */
struct model *model_from_script(const struct script *script,
				const struct defsym *defs);

void model_free(struct model *m);

const struct model_region *model_region(const struct model *m, const char *name);

/* The region NAME stands for (itself or through REGION_ALIAS), or NULL. */
const struct model_region *model_resolve_region(const struct model *m,
						const char *name);

const struct model_symbol *model_symbol(const struct model *m, const char *name);

/* Whether the joined image lists its sections: a map does, and so does
 * an ELF unless it has no section headers (then only its segments, entry
 * point and nothing else are known). */
bool model_image_lists_sections(const struct model *m);

/* How much of a region the linked image uses, as GNU ld's
 * --print-memory-usage counts it: from the origin to the end of the last
 * section placed in it (by run address, or by load address for the load
 * images AT> puts there), alignment gaps and NOLOAD sections included.
 * False when no image listing the sections was joined or the region's
 * origin is unknown. */
bool model_region_used(const struct model *m, const struct model_region *r,
		       uint64_t *used);

/* Whether a program header loads file bytes (PT_LOAD, p_filesz > 0). */
bool model_segment_loads(const struct model_segment *g);

/* Copies 'n' 32-bit words of the load image at load address 'lma' (host
 * order); false when the ELF has no loaded bytes there. */
bool model_load_words(const struct model *m, uint64_t lma, uint32_t *out,
		      size_t n);

/* Copies 'n' bytes of the load image at load address 'lma'; false when
 * the ELF has no loaded bytes at one of them. */
bool model_load_bytes(const struct model *m, uint64_t lma, void *out, size_t n);

/* Whether a section's initial values are known to be all zero: the ELF's
 * bytes of it, or the map's inputs, say so.  False when unknown. */
bool model_section_zero(const struct model *m, const struct model_section *s);

/* Whether the ELF section type is plain data or code (PROGBITS or NOBITS),
 * or unknown; false for tables such as .init_array's INIT_ARRAY. */
bool model_section_plain(const struct model_section *s);

/* The text of line 'line' of an input file as it was read (not
 * NUL-terminated; *len bytes), or NULL. */
const char *model_source_line(const char *file, unsigned line, size_t *len);

/* Whether the section has bytes in the image (not NOLOAD, not NOBITS). */
bool model_section_has_contents(const struct model_section *s);

/* Whether the section is never allocated: not in the ELF or map when one
 * is given (ld drops empty output sections), not 'a' in its ELF flags, or
 * known by name (.debug*, .comment, attributes) when no ELF says. */
bool model_section_unallocated(const struct model *m,
			       const struct model_section *s);

#endif
