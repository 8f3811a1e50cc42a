/*
 * size: where the memory goes.
 *
 * The linked image broken down by MEMORY region, output section, input
 * file (an object, or an archive member such as 'libc.a(memcpy.o)'; with
 * a depth, the directories they are in), archive, and symbol.  Every
 * figure is exact and they add up:
 *   - a section's size is the bytes its input files give it, plus the
 *     *fill* and data statements the map lists, plus 'other': what the
 *     map does not list (ld.lld prints no fill for a move of '.'); with a
 *     GNU ld map 'other' is 0;
 *   - a region's use, as GNU ld's --print-memory-usage counts it
 *     (model_region_used), is the sections that run in it, the load
 *     images placed in it and the gaps before and between them;
 *   - an input file's bytes in a region add up, over the files, to the
 *     region's sections and load images less their fill, data and other.
 * The input files come from the map (map_contrib); the symbols from the
 * ELF's symbol table (symtab.h), each given the input file whose input
 * section holds it, or without an ELF the map's largest input sections.
 *
 * Nothing here judges or prints: the emitters print a report
 * (out_size.c, out_markdown.c, out_html.c) and baseline.c compares two.
 */
#ifndef LDLINT_SIZE_H
#define LDLINT_SIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mapfile.h"
#include "model.h"
#include "symtab.h"

/* An index that points nowhere. */
#define SIZE_NONE ((size_t)-1)

struct size_options {
	unsigned depth;		/* 0: input files one by one; N: grouped by
				   their first N path components */
	size_t top;		/* rows of the lists people read (symbols,
				   largest changes); 0: all */
	size_t keep;		/* largest symbols kept (>= top, for the
				   treemap); 0: all */
};

struct size_region {
	const char *name;
	const struct model_region *r;
	bool known;			/* origin, length and use are known */
	uint64_t origin, length;
	uint64_t used;			/* bytes, as ld's --print-memory-usage */
	uint64_t run, load;		/* bytes of the sections that run here and
					   of the load images placed here */
	int64_t gaps;			/* used - run - load: the space before and
					   between them (negative: they overlap,
					   as overlays do) */
	size_t first_part, nparts;	/* range in size_report.parts */
};

/* A section, or a section's load image, in a region. */
struct size_part {
	size_t section;			/* index into size_report.sections */
	bool load;			/* the load image */
	uint64_t addr, size;
};

struct size_section {
	const char *name;
	const struct model_section *s;
	size_t region, load_region;	/* indexes into regions, or SIZE_NONE;
					   load_region only when its load image
					   counts apart from where it runs */
	uint64_t vma, lma, size;
	bool listed;			/* the map lists its inputs: the parts
					   below are known */
	uint64_t files, fill, data;	/* bytes of input files, *fill* and data
					   statements */
	int64_t other;			/* size - files - fill - data */
	size_t first, n;		/* its contributions in
					   size_report.contribs, largest first */
};

/* The bytes one input file (or group) gives one section. */
struct size_contrib {
	size_t section, file;		/* indexes into sections, files */
	uint64_t bytes;
};

/* An input file, a --depth group of them, or an archive. */
struct size_file {
	const char *name;		/* 'out/main.o', 'libc.a(memcpy.o)',
					   'build/drivers/', 'libc.a'; the map's
					   'linker stubs' stays as it is */
	const char *archive;		/* the archive it is in or is, or NULL */
	size_t members;			/* files in the group or archive */
	uint64_t *in_region;		/* bytes per region: nregions + 1 slots,
					   the last for sections in no region */
	uint64_t total;			/* the slots added up (a copied section
					   counts where it runs and where its load
					   image is) */
};

enum size_sym_kind { SZ_FUNC, SZ_OBJECT, SZ_TLS, SZ_OTHER, SZ_INPUT };

struct size_symbol {
	const char *name;		/* the symbol, or the input section name */
	uint64_t addr, size;
	enum size_sym_kind kind;	/* SZ_INPUT: a map input section */
	size_t section;			/* index into sections, or SIZE_NONE */
	size_t file;			/* index into files, or SIZE_NONE */
	unsigned aliases;		/* other names at this address and size */
	bool nested;			/* inside the symbol before it */
};

enum size_symbols_from { SZ_SYMS_NONE, SZ_SYMS_ELF, SZ_SYMS_MAP };

struct size_report {
	struct arena arena;		/* owns everything below */
	struct size_options opt;
	bool has_image;			/* an ELF or map was joined */
	bool has_map;			/* input files are known */
	enum size_symbols_from symbols_from;
	struct size_region *regions;	size_t nregions;
	struct size_part *parts;	size_t nparts;
	struct size_section *sections;	size_t nsections;
	struct size_contrib *contribs;	size_t ncontribs;
	struct size_file *files;	size_t nfiles;	/* largest total first */
	struct size_file *archives;	size_t narchives; /* likewise, then the
					   files in no archive as one row named
					   NULL, when there are any */
	struct size_symbol *symbols;	size_t nsymbols;  /* largest first */
	size_t symbols_total;		/* symbols there were before 'keep' */
	void *collect;			/* what the map read gathered (size.c) */
};

/* A report to fill; 'syms' (may be NULL) is the ELF's symbol table,
 * which the report does not own and which must outlive it. */
struct size_report *size_new(const struct size_options *o,
			     const struct symtab *syms);

/* The largest symbols the report keeps with options 'o' (0: all): what
 * symtab_read() is asked for. */
size_t size_keep(const struct size_options *o);

/* Sets the map options' input hook, so that the map read gives the
 * report what the map reader does not keep (which input section holds
 * each symbol; the largest input sections). */
void size_map_hook(struct size_report *r, struct map_options *mo);

/* Fills the report from the joined model and its map (may be NULL). */
void size_finish(struct size_report *r, const struct model *m,
		 const struct map_image *map);

/* The group a file name belongs to at 'depth' (0: the name itself), in
 * 'a'. */
const char *size_group(struct arena *a, const char *name, unsigned depth);

/* The archive of a member name 'dir/libc.a(memcpy.o)': its length, or 0
 * when the name is no archive member. */
size_t size_archive_len(const char *name);

/* A section's part of 'region' (run and load image). */
uint64_t size_section_in(const struct size_report *r,
			 const struct size_section *s, size_t region);

const char *size_kind_name(enum size_sym_kind k);

void size_free(struct size_report *r);

#endif
