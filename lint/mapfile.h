/*
 * mapfile: the map a linker writes with -Map, GNU ld's format and
 * ld.lld's (VMA LMA Size Align Out In Symbol columns).
 *
 * One pass over the file, read in blocks into one reused buffer.  What is
 * kept is bounded by the output sections, the input files and the
 * script, never by the number of input sections: every output section
 * with a summary of its inputs and the bytes each input file gives it;
 * the input sections themselves only where the caller needs them (see
 * struct map_options); the script's assignments and the symbols asked
 * for.  Names are copies (not NUL-terminated; use the length), valid
 * until map_free.  A file that is neither format, that is malformed or
 * that was cut short gives one 'map-file' finding with the file and line,
 * and map_read returns NULL.
 */
#ifndef LDLINT_MAPFILE_H
#define LDLINT_MAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* A name read from the map. */
struct slice {
	const char *p;
	size_t n;
};

enum map_format { MAP_GNU, MAP_LLD };

/* map_symbol.section of a symbol printed outside any output section. */
#define MAP_NONE ((size_t)-1)

/* What an input section's name says of its bytes, as flags: '.data' is
 * MAP_INIT | MAP_DATA.  An input with neither MAP_INIT nor MAP_ZERO is
 * unknown: only its object's bytes can tell. */
enum map_class_bit { MAP_ZERO_BIT, MAP_INIT_BIT, MAP_DATA_BIT, MAP_BSS_BIT,
		     MAP_NCLASSES };
enum map_class {
	MAP_UNKNOWN = 0,
	MAP_ZERO = 1 << MAP_ZERO_BIT,	/* zero or reserved: .bss*, COMMON,
					   .noinit*, .stack*, .heap* */
	MAP_INIT = 1 << MAP_INIT_BIT,	/* code or initial values: .text*,
					   .rodata*, .data* */
	MAP_DATA = 1 << MAP_DATA_BIT,	/* initialised variables: .data*,
					   .sdata*, .tdata* */
	MAP_BSS = 1 << MAP_BSS_BIT,	/* zero-initialised variables: .bss*,
					   .sbss*, COMMON */
};

/* True if an input of class 'c' is unknown (neither INIT nor ZERO). */
#define MAP_IS_UNKNOWN(c) (((c) & (MAP_INIT | MAP_ZERO)) == 0)

struct map_section;
struct map_input;

/* What map_read keeps besides the sections and their summaries.  All
 * fields may be zero. */
struct map_options {
	/* The class flags of an input section's name; NULL: all unknown. */
	unsigned (*classify)(struct slice section, void *ctx);
	/* Whether to list every input (and *fill* and data statement) of
	 * this output section; called once per output section, with the
	 * section filled in up to its inputs.  NULL: none. */
	bool (*keep_inputs)(const struct map_section *s, void *ctx);
	/* Whether to list this output section's inputs of unknown class
	 * (whose objects the caller may read); called like keep_inputs.
	 * NULL: every section's are listed. */
	bool (*unknown_inputs)(const struct map_section *s, void *ctx);
	/* Whether the lines listed under this output section of a GNU ld
	 * map (its inputs, symbols and assignments) may go unread: they are
	 * then only counted and checked for their shape (indented), and the
	 * section is marked 'skipped', its summary empty.  Called like
	 * keep_inputs, and not for a section whose inputs keep_inputs
	 * lists, nor with every_symbol, per_file, 'input' or every_input.
	 * NULL: every line is read. */
	bool (*skip_lines)(const struct map_section *s, void *ctx);
	void *ctx;			/* handed to all four */
	/* Symbols to keep, NULL-terminated; NULL: none.  Assignments
	 * ('x = .', 'PROVIDE (x = y)') are always kept: they are few, and
	 * telling them from symbol lines costs one scan of the name, less
	 * than matching each line's assignment target against this list
	 * (measured with make bench); keeping every symbol line would make
	 * memory grow with the input sections again. */
	const char *const *symbols;
	bool every_symbol;		/* keep every symbol line */
	/* Called for every input section, *fill* and data statement as it
	 * is read, with its output section and that section's index; an
	 * input section's 'in->file' is the kept copy (the name in
	 * map_contrib), the other names and 's' only last for the call.
	 * For callers that want more of each input than the summaries (the
	 * size breakdown's largest inputs) without the reader keeping them
	 * all.  NULL: none. */
	void (*input)(const struct map_section *s, size_t index,
		      const struct map_input *in, void *ctx);
	void *input_ctx;		/* handed to 'input' */
	bool every_input;		/* list every input and every discarded
					   input section (tests and tools) */
	bool per_file;			/* keep the per-file totals (contribs);
					   also kept with every_input or an
					   'input' callback */
};

struct map_region {		/* Memory Configuration (GNU only), with the
				   '*default*' line ld always prints */
	struct slice name;
	uint64_t origin, length;
	struct slice attributes;	/* as printed, e.g. "xr", "rw!x", "" */
	unsigned line;
};

struct map_input {		/* an input section placed in an output one */
	struct slice section;		/* e.g. ".text.main", "*fill*", COMMON */
	struct slice file;		/* object, or archive(member); empty for
					   *fill* and linker-made sections */
	uint64_t addr, size;
	unsigned cls;			/* enum map_class flags of 'section' */
	bool fill;			/* a *fill* line */
	bool data;			/* a data statement (BYTE, SHORT, LONG,
					   QUAD, SQUAD): 'section' is its text,
					   e.g. "LONG 0xdeadbeef" */
	unsigned line;
};

struct map_symbol {		/* a symbol or assignment line */
	struct slice name;
	uint64_t value;
	bool assigned;			/* 'name = expr' line (script assignment) */
	bool has_value;			/* 'value' is the symbol's value; false
					   for an ld.lld assignment other than
					   'name = .', where lld prints the
					   location counter instead */
	unsigned line;
	size_t section;			/* index into map_image.sections of the
					   listing it is printed in, or
					   MAP_NONE; GNU ld prints top-level
					   assignments after the previous
					   section's inputs, so they count as
					   that section's */
};

struct map_member {		/* Archive member included ... (GNU only) */
	struct slice member;		/* archive(member) */
	struct slice file;		/* the file whose reference pulled it in */
	struct slice symbol;		/* the symbol referenced */
	unsigned line;
};

/* An output section's inputs summed up.  Input sections are the lines
 * naming a file (or a linker-made section); *fill* and data statements
 * are counted apart.  The class counts are of input sections with a
 * size: what a section's contents depend on. */
struct map_summary {
	size_t ninputs;			/* input section lines */
	uint64_t input_bytes;		/* their sizes added up */
	size_t nclass[MAP_NCLASSES];	/* sized inputs with each class flag,
					   by enum map_class_bit */
	size_t nunknown;		/* sized inputs of no class */
	size_t nfill;			/* *fill* lines */
	uint64_t fill_bytes;
	size_t ndata;			/* data statements */
	uint64_t data_bytes;
};

/* The bytes one input file gives one output section. */
struct map_contrib {
	size_t section;			/* index into map_image.sections */
	struct slice file;		/* object path or archive(member); empty
					   for linker-made inputs */
	uint64_t bytes;			/* its input sections' sizes added up */
};

struct map_section {		/* an output section */
	struct slice name;
	uint64_t vma, size;
	bool has_lma;			/* GNU: 'load address 0x...'; lld: LMA column */
	uint64_t lma;			/* load address; vma when none printed */
	bool noload;			/* GNU prints '(NOLOAD)' */
	bool nonalloc;			/* the name of a section that is never
					   loaded (.comment, .debug*, .stab*,
					   *.attributes, .symtab, ...): the map
					   does not say which sections are
					   allocated, and lld lists these too */
	unsigned line;
	struct map_summary sum;		/* all its inputs */
	bool listed;			/* every input is in 'inputs' (chosen by
					   map_options.keep_inputs); else only
					   those of unknown class, if
					   'list_unknown' */
	bool list_unknown;		/* map_options.unknown_inputs said so */
	bool skipped;			/* map_options.skip_lines said so: the
					   lines under it were not read, and
					   'sum' is empty */
	size_t first_input, ninputs;	/* range in map_image.inputs */
	size_t first_symbol, nsymbols;	/* range in map_image.symbols */
	size_t first_contrib, ncontribs; /* range in map_image.contribs, one
					   per input file, in the order seen;
					   the bytes add up to sum.input_bytes
					   (map_options.per_file; else none) */
};

struct map_image {
	const char *path;
	enum map_format format;
	size_t bytes;			/* the file's size */
	struct map_region *regions;	size_t nregions;
	struct map_section *sections;	size_t nsections;
	struct map_input *inputs;	size_t ninputs;
	struct map_symbol *symbols;	size_t nsymbols;
	struct map_contrib *contribs;	size_t ncontribs;
	struct map_input *discarded;	size_t ndiscarded;	/* GNU only, with
								   every_input */
	struct map_member *members;	size_t nmembers;	/* GNU only */
	struct arena arena;		/* the names */
};

/* Reads 'path', keeping what 'opt' asks for (NULL: the summaries and
 * assignments only).  On a malformed, truncated or unrecognized file:
 * one 'map-file' finding in 'd' and NULL. */
struct map_image *map_read(const char *path, const struct map_options *opt,
			   struct diag *d);

/* True if the path is a regular file that starts like a GNU ld or ld.lld
 * map (never blocks on a FIFO or a device). */
bool map_is_map(const char *path);

/* The output section named 'name', or NULL. */
const struct map_section *map_section(const struct map_image *m,
				      const char *name);

/* Whether the slice holds exactly 'str'. */
bool slice_eq(struct slice s, const char *str);

/* Frees the image and every name in it. */
void map_free(struct map_image *m);

#endif
