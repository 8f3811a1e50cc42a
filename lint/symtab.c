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

enum { MAX_SYMBOLS = 1 << 30 };

/* The symbol table sections: their symbols and string table. */
struct symsec {
	Elf_Data *data;			/* the symbols */
	const Elf32_Sym *sym32;		/* the same in memory, for ELFCLASS32 */
	const Elf64_Sym *sym64;		/* or ELFCLASS64; else NULL */
	size_t nstr;			/* the string table's size */
	size_t strtab;			/* its section index */
	size_t count;			/* symbols */
};

/* A symbol of the table as the breakdown sees it. */
struct entry {
	uint64_t addr, size;		/* an Arm function's Thumb bit cleared */
	uint32_t table, index;		/* which symsec, which symbol */
	unsigned char kind;		/* enum sym_kind */
	unsigned char rank;		/* rank() */
};

/* A group kept: the symbols with one address and size. */
struct group {
	struct entry shown;		/* the one whose name is shown */
	unsigned members;
	bool overlapped;		/* a symbol before it runs into it */
};

/* A group seen: one of its symbols, by ordinal + 1 (0: a free slot),
 * and bits of its hash, so that most probes decide without the symbol. */
struct slot {
	uint32_t ord, tag;
};

struct reader {
	Elf *e;
	struct symsec *tables;
	size_t ntables;
	const struct shinfo *info;
	size_t nsec;
	bool arm;
	uint64_t *once, *twice;		/* bit sets by group hash: a symbol has
					   it; more than one has (heap) */
	size_t bits;			/* their size - 1 (a power of two - 1) */
	struct slot *seen;		/* hash set of the groups seen among
					   those that share a bit (heap) */
	size_t mask;			/* its size - 1 */
	size_t *base;			/* per table: the ordinal of its symbol 0 */
};

/* Which name of an alias group is shown: a global over a weak one over
 * a local one, then a typed one, then the first in byte order. */
static unsigned char rank(enum sym_kind kind, unsigned char bind)
{
	int r = bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 2 : 4;
	return (unsigned char)(r + (kind == SYM_OTHER));
}

/* Symbol 'i' of table 't' when the breakdown counts it: a size, an
 * allocated section, a name (an offset in the string table other than 0:
 * the names themselves are read only for the symbols kept). */
static bool entry_at(const struct reader *rd, uint32_t t, size_t i, struct entry *en,
		     GElf_Sym *gs)
{
	const struct symsec *tb = &rd->tables[t];
	if (tb->sym32) {	/* gelf_getsym()'s copy without the call */
		const Elf32_Sym *y = &tb->sym32[i];
		*gs = (GElf_Sym){y->st_name, y->st_info, y->st_other, y->st_shndx,
				 y->st_value, y->st_size};
	} else if (tb->sym64)
		*gs = tb->sym64[i];
	else if (!gelf_getsym(tb->data, (int)i, gs))
		return false;
	unsigned type = GELF_ST_TYPE(gs->st_info);
	if (!gs->st_size || gs->st_shndx == SHN_UNDEF || gs->st_shndx >= rd->nsec ||
	    !rd->info[gs->st_shndx].alloc || type == STT_SECTION ||
	    type == STT_FILE || type == STT_COMMON ||
	    !gs->st_name || gs->st_name >= tb->nstr)
		return false;
	enum sym_kind kind = kind_of(type);
	*en = (struct entry){gs->st_value, gs->st_size, t, (uint32_t)i,
			     (unsigned char)kind, rank(kind, GELF_ST_BIND(gs->st_info))};
	if (rd->arm && kind == SYM_FUNC)
		en->addr &= ~(uint64_t)1;
	return true;
}

static const char *entry_name(const struct reader *rd, const struct entry *en)
{
	const struct symsec *tb = &rd->tables[en->table];
	GElf_Sym gs;
	const char *name = gelf_getsym(tb->data, (int)en->index, &gs) ?
			   elf_strptr(rd->e, tb->strtab, gs.st_name) : NULL;
	return name ? name : "?";
}

/* True the first time a group (address and size) is seen, among the
 * symbols whose bit in rd->twice is set. */
static uint64_t group_hash(const struct entry *en)
{
	uint64_t h = (en->addr * 0x9e3779b97f4a7c15u) ^ (en->size * 0xc2b2ae3d27d4eb4fu);
	return h ^ (h >> 29);
}

static bool first_of_group(struct reader *rd, const struct entry *en)
{
	uint64_t h = group_hash(en);
	uint32_t tag = (uint32_t)(h >> 32);
	for (size_t i = (size_t)(h >> 7) & rd->mask;; i = (i + 1) & rd->mask) {
		struct slot *sl = &rd->seen[i];
		if (!sl->ord) {
			*sl = (struct slot){(uint32_t)(rd->base[en->table] + en->index + 1), tag};
			return true;
		}
		if (sl->tag != tag)
			continue;
		size_t ord = sl->ord - 1, t = 0;
		while (t + 1 < rd->ntables && rd->base[t + 1] <= ord)
			t++;
		struct entry old;
		GElf_Sym gs;
		if (entry_at(rd, (uint32_t)t, ord - rd->base[t], &old, &gs) &&
		    old.addr == en->addr && old.size == en->size)
			return false;
	}
}

/* Larger first, then the lower address: the order of the report. */
static bool goes_before(const struct entry *x, const struct entry *y)
{
	if (x->size != y->size)
		return x->size > y->size;
	return x->addr < y->addr;
}

/* The groups kept form a heap with the one that goes last on top. */
static void heap_down(struct group *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && goes_before(&h[m].shown, &h[l].shown))
			m = l;
		if (r < n && goes_before(&h[m].shown, &h[r].shown))
			m = r;
		if (m == i)
			return;
		struct group t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void heap_up(struct group *h, size_t i)
{
	while (i > 0 && goes_before(&h[(i - 1) / 2].shown, &h[i].shown)) {
		struct group t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* Second pass: every group counted once, the 'keep' that go first (all
 * with 0) kept in a heap.  A symbol alone with its bit is its group's
 * only one; the others go through the exact hash set. */
static struct group *select_groups(struct reader *rd, size_t keep, size_t *ng,
				   size_t *total)
{
	struct group *g = NULL;
	*ng = *total = 0;
	for (uint32_t t = 0; t < rd->ntables; t++)
		for (size_t i = 1; i < rd->tables[t].count; i++) {
			struct entry en;
			GElf_Sym gs;
			if (!entry_at(rd, t, i, &en, &gs))
				continue;
			size_t b = (size_t)group_hash(&en) & rd->bits;
			if ((rd->twice[b / 64] >> (b % 64) & 1) && !first_of_group(rd, &en))
				continue;
			++*total;
			if (keep && *ng == keep) {
				if (goes_before(&en, &g[0].shown)) {
					g[0] = (struct group){en, 0, false};
					heap_down(g, *ng, 0);
				}
				continue;
			}
			g = xgrow(g, *ng, sizeof *g);
			g[(*ng)++] = (struct group){en, 0, false};
			if (keep)
				heap_up(g, *ng - 1);
		}
	return g;
}

static int by_place(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	if (x->shown.addr != y->shown.addr)
		return x->shown.addr < y->shown.addr ? -1 : 1;
	if (x->shown.size != y->shown.size)
		return x->shown.size > y->shown.size ? -1 : 1;
	return 0;
}

/* The first group at 'addr' or above in g (address order). */
static size_t lower_bound(const struct group *g, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g[mid].shown.addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Symbol 'x' seen again for the kept groups: a name of one of them (the
 * shown one is the best ranked, then the first in byte order), or a
 * symbol before one that runs into it. */
static void revisit(const struct reader *rd, struct group *g, size_t n,
		    const struct entry *x)
{
	uint64_t end = x->addr + x->size;
	for (size_t k = lower_bound(g, n, x->addr); k < n && g[k].shown.addr < end; k++) {
		struct entry *s = &g[k].shown;
		if (s->addr == x->addr && s->size == x->size) {
			g[k].members++;
			if (x->rank < s->rank ||
			    (x->rank == s->rank && (x->table != s->table || x->index != s->index) &&
			     strcmp(entry_name(rd, x), entry_name(rd, s)) < 0))
				*s = *x;
		} else if (x->kind != SYM_TLS &&
			   (x->addr < s->addr || x->size > s->size))
			g[k].overlapped = true;
	}
}

/* First pass: each symbol's bit in rd->once, and in rd->twice when
 * another symbol had it already: only the symbols of rd->twice's bits
 * can be aliases, and they are few, so the exact hash set of the groups
 * stays small (a set of every symbol costs more than the rest of the
 * breakdown in page faults alone).  Returns how many symbols may share
 * a bit (at most). */
static size_t mark_hashes(struct reader *rd, size_t count)
{
	size_t bits = 4096;
	while (bits < 8 * count)
		bits *= 2;
	rd->once = xcalloc(bits / 64, sizeof *rd->once);
	rd->twice = xcalloc(bits / 64, sizeof *rd->twice);
	rd->bits = bits - 1;
	size_t shared = 0;
	for (uint32_t t = 0; t < rd->ntables; t++)
		for (size_t i = 1; i < rd->tables[t].count; i++) {
			struct entry en;
			GElf_Sym gs;
			if (!entry_at(rd, t, i, &en, &gs))
				continue;
			size_t b = (size_t)group_hash(&en) & rd->bits;
			uint64_t m = (uint64_t)1 << (b % 64);
			if (rd->once[b / 64] & m) {
				rd->twice[b / 64] |= m;
				shared += 2;	/* it and the first with the bit */
			}
			rd->once[b / 64] |= m;
		}
	return shared;
}

/* t->v and t->total from the symbol tables of 'rd'. */
static void settle(struct symtab *t, struct reader *rd, size_t keep)
{
	size_t count = 0;
	rd->base = xcalloc(rd->ntables + 1, sizeof *rd->base);
	for (size_t i = 0; i < rd->ntables; i++) {
		rd->base[i] = count;
		count += rd->tables[i].count;
	}
	size_t shared = mark_hashes(rd, count), slots = 64;
	while (slots < 2 * shared)	/* shared <= 2 * MAX_SYMBOLS */
		slots *= 2;
	rd->seen = xcalloc(slots, sizeof *rd->seen);
	rd->mask = slots - 1;
	size_t n;
	struct group *g = select_groups(rd, keep, &n, &t->total);
	free(rd->seen);
	free(rd->once);
	free(rd->twice);
	if (n)
		qsort(g, n, sizeof *g, by_place);
	for (uint32_t tb = 0; tb < rd->ntables && n; tb++)
		for (size_t i = 1; i < rd->tables[tb].count; i++) {
			struct entry x;
			GElf_Sym gs;
			if (entry_at(rd, tb, i, &x, &gs))
				revisit(rd, g, n, &x);
		}
	t->v = xcalloc(n ? n : 1, sizeof *t->v);
	for (size_t i = 0; i < n; i++) {
		const struct entry *en = &g[i].shown;
		GElf_Sym gs;
		unsigned shndx = gelf_getsym(rd->tables[en->table].data, (int)en->index, &gs) ?
				 gs.st_shndx : 0;
		t->v[t->n++] = (struct sym){entry_name(rd, en), en->addr, en->size,
			(enum sym_kind)en->kind, rd->info[shndx].name ? rd->info[shndx].name : "?",
			g[i].members ? g[i].members - 1 : 0,
			en->kind != SYM_TLS && g[i].overlapped};
	}
	free(g);
	free(rd->base);
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

/* The symbol tables of 'e' with their string tables (heap); *found is
 * set when there is a symbol table, even one that cannot be read. */
static struct symsec *symbol_tables(Elf *e, size_t *n, bool *found)
{
	struct symsec *v = NULL;
	size_t all = 0;
	*n = 0;
	size_t entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		*found = true;
		Elf_Data *d = elf_getdata(scn, NULL);
		Elf_Scn *ss = elf_getscn(e, sh.sh_link);
		Elf_Data *sd = ss ? elf_rawdata(ss, NULL) : NULL;
		if (!d || !entsize || !sd || !sd->d_buf || *n >= UINT32_MAX)
			continue;
		/* at most 2^30 symbols in all: ordinals and the hash set fit */
		size_t count = d->d_size / entsize;
		if (count > MAX_SYMBOLS - all)
			count = MAX_SYMBOLS - all;
		all += count;
		v = xgrow(v, *n, sizeof *v);
		v[(*n)++] = (struct symsec){d, NULL, NULL, sd->d_size, sh.sh_link,
					    count};
		bool aligned = ((uintptr_t)d->d_buf & 7) == 0;
		if (d->d_type == ELF_T_SYM && aligned && gelf_getclass(e) == ELFCLASS32)
			v[*n - 1].sym32 = d->d_buf;
		else if (d->d_type == ELF_T_SYM && aligned && gelf_getclass(e) == ELFCLASS64)
			v[*n - 1].sym64 = d->d_buf;
	}
	return v;
}

struct symtab *symtab_read(const char *path, size_t keep)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct symtab *t = NULL;
	GElf_Ehdr eh;
	struct reader rd = {0};
	struct shinfo *info = NULL;
	bool found = false;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		goto out;
	t = xcalloc(1, sizeof *t);
	t->fd = -1;
	t->path = arena_strdup(&t->arena, path);
	info = section_info(t, e, &rd.nsec);
	if (info)
		rd.tables = symbol_tables(e, &rd.ntables, &found);
	if (!found) {
		symtab_free(t);
		t = NULL;
		goto out;
	}
	rd.e = e;
	rd.info = info;
	rd.arm = eh.e_machine == EM_ARM;
	settle(t, &rd, keep);
out:
	free(info);
	free(rd.tables);
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
