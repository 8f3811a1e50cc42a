/*
 * mapfile: the map a linker writes with -Map, GNU ld's format and
 * ld.lld's (VMA LMA Size Align Out In Symbol columns).
 *
 * One pass over the mmap'd file with no allocation per line: names are
 * slices of the mapping (not NUL-terminated; use the length), kept valid
 * until map_free.  A file that is neither format, or that is malformed,
 * gives one 'map-file' finding with the file and line, and map_read
 * returns NULL.
 */
#ifndef LDLINT_MAPFILE_H
#define LDLINT_MAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* A slice of the map file. */
struct slice {
	const char *p;
	size_t n;
};

enum map_format { MAP_GNU, MAP_LLD };

/* map_symbol.section of a symbol printed outside any output section. */
#define MAP_NONE ((size_t)-1)

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
	bool fill;			/* a *fill* line */
	bool data;			/* a data statement (BYTE, SHORT, LONG,
					   QUAD, SQUAD): 'section' is its text,
					   e.g. "LONG 0xdeadbeef" */
	unsigned line;
};

struct map_symbol {		/* a symbol line inside an output section */
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
	size_t first_input, ninputs;	/* range in map_image.inputs */
	size_t first_symbol, nsymbols;	/* range in map_image.symbols */
};

struct map_image {
	const char *path;
	enum map_format format;
	const char *data;		/* the mapping */
	size_t len;
	struct map_region *regions;	size_t nregions;
	struct map_section *sections;	size_t nsections;
	struct map_input *inputs;	size_t ninputs;
	struct map_symbol *symbols;	size_t nsymbols;
	struct map_input *discarded;	size_t ndiscarded;	/* GNU only */
	struct map_member *members;	size_t nmembers;	/* GNU only */
	void *priv;
};

/* Reads 'path'.  On a malformed or unrecognized file: one 'map-file'
 * finding in 'd' and NULL. */
struct map_image *map_read(const char *path, struct diag *d);

/* True if the file starts like a GNU ld or ld.lld map. */
bool map_is_map(const char *path);

/* The output section named 'name', or NULL. */
const struct map_section *map_section(const struct map_image *m,
				      const char *name);

bool slice_eq(struct slice s, const char *str);

void map_free(struct map_image *m);

#endif
