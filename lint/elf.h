/*
 * elf: the linked image, read with libelf (ELF_C_READ_MMAP, gelf).
 *
 * Reads what the layout rules need and nothing else: the allocated
 * sections, the PT_LOAD (and other) program headers with the sections each
 * holds, each section's load address (from the segment that holds it), the
 * entry point, the symbols a caller asks for by name, and a few words of
 * content at a given address (the Cortex-M vector table).  It never reads
 * the contents of debug or other non-allocated sections, so its cost does
 * not grow with debug information.  ELF32 and ELF64, either byte order;
 * extended section and program header numbering (the counts in section
 * header 0) as readelf reads it.  A file without section headers gives
 * its program headers only: no sections, no symbols, and the bytes asked
 * for come from the PT_LOAD segments' file images.
 *
 * A file that is not a well-formed ELF gives one 'elf-file' finding naming
 * the file and what is wrong, and elf_read returns NULL.
 */
#ifndef LDLINT_ELF_H
#define LDLINT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

struct elf_section {
	const char *name;	/* arena string */
	unsigned index;		/* section header index in the file */
	uint32_t type;		/* SHT_* */
	uint64_t flags;		/* SHF_* */
	uint64_t addr;		/* VMA (sh_addr) */
	uint64_t lma;		/* load address: paddr + (addr - vaddr) of the
				   PT_LOAD holding it; addr when none does */
	bool has_segment;	/* a PT_LOAD holds it */
	uint64_t size;		/* bytes (sh_size) */
	uint64_t align;		/* sh_addralign */
	uint64_t offset;	/* file offset (sh_offset) */
};

struct elf_segment {
	uint32_t type;		/* PT_* */
	uint32_t flags;		/* PF_* */
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
	unsigned *sections;	/* indexes into elf_image.sections, in address
				   order; arena array */
	size_t nsections;
};

struct elf_symbol {
	const char *name;	/* arena string */
	uint64_t value, size;
	unsigned char type;	/* STT_* */
	unsigned char bind;	/* STB_* */
	unsigned shndx;		/* section header index (SHN_* specials kept) */
};

struct elf_image {
	struct arena arena;		/* owns everything below */
	const char *path;
	int elfclass;			/* 32 or 64 */
	bool big_endian;
	unsigned machine;		/* EM_* */
	uint64_t entry;			/* e_entry */
	struct elf_section *sections;	/* SHF_ALLOC sections, header order */
	size_t nsections;
	bool has_sections;		/* false: the file has no section
					   headers (e_shoff 0); only the
					   segments are known */
	struct elf_segment *segments;	/* every program header, file order */
	size_t nsegments;
	struct elf_symbol *symbols;	/* the symbols asked for that exist */
	size_t nsymbols;
	bool has_symtab;		/* a symbol table was there to search */
	void *priv;			/* reader state (file, libelf handle) */
};

/* Reads 'path'.  'want' is a NULL-terminated list of symbol names to look
 * up (may be NULL: then the symbol table is not read at all, and the cost
 * is that of the headers alone).  On a malformed or unreadable file: one
 * 'elf-file' finding in 'd' and NULL. */
struct elf_image *elf_read(const char *path, const char *const *want,
			   struct diag *d);

/* Copies 'n' bytes of loaded content at virtual address 'addr' into 'out'
 * (little or big endian as in the file); false if they are not all in
 * PROGBITS sections of the file (PT_LOAD segments when it has no section
 * headers). */
bool elf_read_bytes(const struct elf_image *img, uint64_t addr, void *out,
		    size_t n);

/* The same for bytes whose load address (LMA) is 'lma': what a
 * programmer writes there and what the CPU reads at boot. */
bool elf_read_load_bytes(const struct elf_image *img, uint64_t lma, void *out,
			 size_t n);

/* Reads 'n' 32-bit words at load address 'lma' in host order (the
 * Cortex-M vector table at the boot address); false as above. */
bool elf_read_words(const struct elf_image *img, uint64_t lma, uint32_t *out,
		    size_t n);

/* The symbol named 'name' among those asked for, or NULL. */
const struct elf_symbol *elf_symbol(const struct elf_image *img,
				    const char *name);

/* The allocated section named 'name', or NULL. */
const struct elf_section *elf_section(const struct elf_image *img,
				      const char *name);

void elf_free(struct elf_image *img);

/* True if the first bytes of 'path' are the ELF magic. */
bool elf_is_elf(const char *path);

#endif
