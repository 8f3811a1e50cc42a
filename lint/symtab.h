/*
 * symtab: every sized symbol of a linked image's symbol table, for the
 * size breakdown (the largest functions and variables).
 *
 * elf.c reads only the symbols the rules ask for by name, so that its
 * cost does not grow with the symbol table; this reader scans all of
 * them, and runs only when a size report is asked for.  It counts the
 * symbols that occupy bytes in the image: a size above zero and an
 * allocated section (functions, variables, and untyped symbols that
 * assembly gives a size); names at the same address with the same size
 * (weak aliases: the interrupt handlers that all stand for
 * Default_Handler) are one symbol with its alias count.  An Arm
 * function's address has its Thumb bit cleared.  Only the largest are
 * kept, and only their names are read: three passes over the table (bit
 * sets of the address-and-size hashes, so that the exact set of groups
 * holds only the symbols that may be aliases; the groups counted and the
 * largest chosen in a bounded heap; their aliases and nesting), no sort
 * of the whole table.
 *
 * The file is read after elf_read() has accepted it; a file it cannot
 * read (changed since, or with no symbol table) gives NULL and no
 * finding: the report then says that it has no symbols.
 */
#ifndef LDLINT_SYMTAB_H
#define LDLINT_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

#include <libelf.h>

#include "util.h"

enum sym_kind { SYM_FUNC, SYM_OBJECT, SYM_TLS, SYM_OTHER };

struct sym {
	const char *name;		/* in the ELF's string table (symtab.elf) */
	uint64_t addr, size;		/* run address and bytes */
	enum sym_kind kind;
	const char *section;		/* its section's name (arena) */
	unsigned aliases;		/* other names with this address and size */
	bool nested;			/* starts inside the symbol before it (a
					   member alias, a table inside a
					   function): its bytes are counted there */
};

struct symtab {
	struct arena arena;		/* owns the section names and path */
	Elf *elf;			/* kept open: the symbol names are its
					   mapped string table's */
	int fd;				/* elf's file */
	const char *path;
	struct sym *v;			/* address order (heap) */
	size_t n;
	size_t total;			/* symbols before 'keep' */
};

/* The sized symbols of the ELF file 'path', or NULL (see above): the
 * 'keep' largest (larger first, then the lower address; 0: all).  The
 * names of the others are never looked up, and they are neither sorted
 * by size nor kept, so that a report of the largest twenty costs little
 * more than a scan of the table. */
struct symtab *symtab_read(const char *path, size_t keep);

/* The first symbol whose address is 'addr' or above (n when none). */
size_t symtab_lower_bound(const struct symtab *t, uint64_t addr);

void symtab_free(struct symtab *t);

#endif
