/*
 * symtab: the sized symbols of a linked image (see symtab.h), read with
 * libelf's gelf_getsym() and elf_strptr(), which check every index and
 * offset against the file.
 */
#include "symtab.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A section header's facts that the symbols need. */
struct shinfo {
	bool alloc;
	const char *name;		/* arena copy, or NULL */
};

static enum sym_kind kind_of(unsigned type)
{
	switch (type) {
	case STT_FUNC:
	case STT_GNU_IFUNC:
		return SYM_FUNC;
	case STT_OBJECT:
		return SYM_OBJECT;
	case STT_TLS:
		return SYM_TLS;
	default:
		return SYM_OTHER;
	}
}

/* Which name of an alias group is shown: a global over a weak one over
 * a local one, then a typed one, then the first in byte order. */
static int rank(const struct sym *s, unsigned char bind)
{
	int r = bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 2 : 4;
	return r + (s->kind == SYM_OTHER);
}

struct entry {
	struct sym s;
	int rank;
};

static int by_place(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->s.addr != y->s.addr)
		return x->s.addr < y->s.addr ? -1 : 1;
	if (x->s.size != y->s.size)
		return x->s.size > y->s.size ? -1 : 1;	/* the enclosing first */
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->s.name, y->s.name);
}

/* The allocated sections' names, by section index. */
static struct shinfo *section_info(struct symtab *t, Elf *e, size_t *n)
{
	size_t shstrndx;
	if (elf_getshdrnum(e, n) != 0 || elf_getshdrstrndx(e, &shstrndx) != 0)
		return NULL;
	struct shinfo *info = xcalloc(*n ? *n : 1, sizeof *info);
	for (size_t i = 1; i < *n; i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = elf_getscn(e, i);
		if (!scn || !gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
			continue;
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		info[i].alloc = true;
		info[i].name = arena_strdup(&t->arena, name ? name : "?");
	}
	return info;
}

/* Appends the sized symbols of symbol table 'scn' to *v. */
static void take_symbols(Elf *e, Elf_Scn *scn,
			 const GElf_Shdr *sh, const struct shinfo *info,
			 size_t nsec, bool arm, struct entry **v, size_t *n)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	if (!data || !entsize)
		return;
	size_t count = data->d_size / entsize;
	for (size_t i = 1; i < count; i++) {
		GElf_Sym gs;
		if (!gelf_getsym(data, (int)i, &gs))
			break;
		unsigned type = GELF_ST_TYPE(gs.st_info);
		if (!gs.st_size || gs.st_shndx == SHN_UNDEF || gs.st_shndx >= nsec ||
		    !info[gs.st_shndx].alloc || type == STT_SECTION ||
		    type == STT_FILE || type == STT_COMMON)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, gs.st_name);
		if (!name || !name[0])
			continue;
		*v = xgrow(*v, *n, sizeof **v);
		struct entry *en = &(*v)[(*n)++];
		en->s = (struct sym){name, gs.st_value,
				     gs.st_size, kind_of(type), info[gs.st_shndx].name,
				     0, false};
		if (arm && en->s.kind == SYM_FUNC)
			en->s.addr &= ~(uint64_t)1;
		en->rank = rank(&en->s, GELF_ST_BIND(gs.st_info));
	}
}

/* Sorts the entries into t->v: one symbol per address and size, with
 * the others counted as its aliases, and symbols inside the one before
 * marked nested. */
static void settle(struct symtab *t, struct entry *v, size_t n)
{
	if (n)
		qsort(v, n, sizeof *v, by_place);
	t->v = xcalloc(n ? n : 1, sizeof *t->v);
	uint64_t end = 0;
	bool have_end = false;
	for (size_t i = 0; i < n; i++) {
		if (t->n && t->v[t->n - 1].addr == v[i].s.addr &&
		    t->v[t->n - 1].size == v[i].s.size) {
			t->v[t->n - 1].aliases++;
			continue;
		}
		struct sym *s = &t->v[t->n++];
		*s = v[i].s;
		s->nested = s->kind != SYM_TLS && have_end && s->addr < end;
		if (s->kind != SYM_TLS && (!have_end || s->addr + s->size > end)) {
			end = s->addr + s->size;
			have_end = true;
		}
	}
}

struct symtab *symtab_read(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct symtab *t = NULL;
	GElf_Ehdr eh;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		goto out;
	t = xcalloc(1, sizeof *t);
	t->fd = -1;
	t->path = arena_strdup(&t->arena, path);
	size_t nsec = 0;
	struct shinfo *info = section_info(t, e, &nsec);
	struct entry *v = NULL;
	size_t n = 0;
	bool found = false;
	for (Elf_Scn *scn = NULL; info && (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		found = true;
		take_symbols(e, scn, &sh, info, nsec, eh.e_machine == EM_ARM, &v, &n);
	}
	if (found)
		settle(t, v, n);
	free(v);
	free(info);
	if (!found) {
		symtab_free(t);
		t = NULL;
	}
out:
	if (t) {		/* the names point into the mapped string table */
		t->elf = e;
		t->fd = fd;
		return t;
	}
	if (e)
		elf_end(e);
	close(fd);
	return NULL;
}

size_t symtab_lower_bound(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void symtab_free(struct symtab *t)
{
	if (!t)
		return;
	free(t->v);
	if (t->elf)
		elf_end(t->elf);
	if (t->fd >= 0)
		close(t->fd);
	arena_free(&t->arena);
	free(t);
}
