/*
 * elf: reads the allocated sections, program headers, a few symbols and
 * a few words of content from a linked ELF image with libelf.
 *
 * The file is opened with ELF_C_READ_MMAP, so only the pages holding the
 * headers, the symbol table and the bytes asked for are ever touched:
 * debug sections are never read, and the cost does not grow with -g.
 * Before libelf sees the file the ELF header is checked by hand against
 * the file size, because elf_begin() only says "invalid ELF file" and
 * the user needs to know which table is broken.  After that every table
 * the reader uses (section headers, program headers, the section name
 * table, the symbol table and its string table) is checked for offsets
 * past the end of the file, out-of-range string indexes and zero entry
 * sizes; the first problem becomes one 'elf-file' finding.
 *
 * The counts that do not fit the ELF header (65280 sections or more,
 * 65535 program headers or more) are read from section header 0, as
 * readelf does.  A file without section headers (e_shoff 0) is read by
 * its program headers alone: it has no sections and no symbols.
 *
 * The reader does not judge the layout (overlaps, regions, vectors):
 * that is for the rules.  Section-to-segment membership follows the rule
 * readelf and BFD use (ELF_SECTION_IN_SEGMENT_STRICT in binutils), so the
 * load address of every section agrees with 'readelf -lS'.
 */
#include "elf.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reader state kept until elf_free. */
struct elf_priv {
	int fd;
	Elf *elf;
	const unsigned char *raw;	/* the whole file (libelf's mapping) */
	size_t size;			/* bytes */
};

/* What the hand check of the ELF header found. */
struct ehdr_info {
	bool is64, be;
	unsigned type;			/* e_type: ET_* */
	uint64_t phoff, shoff;
	unsigned phentsize, phnum, shentsize;
	size_t shnum, shstrndx;
};

static bool version_set;	/* elf_version() was called */

/* Adds the one 'elf-file' finding; 'path' is copied into the diag arena
 * because the image that held it is freed. */
static void fail(struct diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct diag *d, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct loc loc = {arena_strdup(d->arena, path), 0, 0, 0};
	diag_report(d, "elf-file", loc, "%s", msg);
}

static uint64_t rd(const unsigned char *p, unsigned n, bool be)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

/* True if 'count' entries of 'entsize' bytes at 'off' fit in 'size'. */
static bool fits(uint64_t off, uint64_t count, uint64_t entsize, uint64_t size)
{
	if (off > size)
		return false;
	return entsize == 0 || count <= (size - off) / entsize;
}

/* Reads the identification and the ELF header (up to 64 bytes) into 'e'
 * and checks the magic number, class, byte order and length.  False
 * after one finding. */
static bool read_ident(int fd, unsigned char *e, const char *path,
		       struct diag *d)
{
	ssize_t got = pread(fd, e, 64, 0);
	if (got < 0) {
		fail(d, path, "cannot read: %s", strerror(errno));
		return false;
	}
	if (got == 0) {
		fail(d, path, "empty file; not an ELF image");
		return false;
	}
	if (got < 4 || memcmp(e, ELFMAG, SELFMAG) != 0) {
		fail(d, path, "not an ELF file (no ELF magic number)");
		return false;
	}
	if (got < EI_NIDENT) {
		fail(d, path, "truncated ELF file: %zd bytes, shorter than the "
		     "ELF identification", got);
		return false;
	}
	if (e[EI_CLASS] != ELFCLASS32 && e[EI_CLASS] != ELFCLASS64) {
		fail(d, path, "unknown ELF class %u (expected 1 for ELF32 or 2 "
		     "for ELF64)", e[EI_CLASS]);
		return false;
	}
	if (e[EI_DATA] != ELFDATA2LSB && e[EI_DATA] != ELFDATA2MSB) {
		fail(d, path, "unknown ELF byte order %u (expected 1 or 2)",
		     e[EI_DATA]);
		return false;
	}
	unsigned ehsize = e[EI_CLASS] == ELFCLASS64 ? 64 : 52;
	if ((uint64_t)got < ehsize) {
		fail(d, path, "truncated ELF file: %zd bytes, shorter than the "
		     "%u-byte ELF header", got, ehsize);
		return false;
	}
	return true;
}

/* The header fields the checks need, from the bytes read_ident read. */
static void parse_ehdr(const unsigned char *e, struct ehdr_info *h)
{
	h->is64 = e[EI_CLASS] == ELFCLASS64;
	h->be = e[EI_DATA] == ELFDATA2MSB;
	bool be = h->be;
	unsigned w = h->is64 ? 8 : 4;
	h->type = (unsigned)rd(e + EI_NIDENT, 2, be);
	h->phoff = rd(e + 24 + w, w, be);	/* after e_entry */
	h->shoff = rd(e + 24 + 2 * w, w, be);
	const unsigned char *q = e + 24 + 3 * w + 6;	/* after e_ehsize */
	h->phentsize = (unsigned)rd(q, 2, be);
	h->phnum = (unsigned)rd(q + 2, 2, be);
	h->shentsize = (unsigned)rd(q + 4, 2, be);
	h->shnum = (size_t)rd(q + 6, 2, be);
	h->shstrndx = (size_t)rd(q + 8, 2, be);
}

/* An object, a shared library or a core dump is an ELF file but not the
 * linked image: its addresses are not where anything runs, and linting
 * it would only give findings about nothing. */
static bool check_type(const struct ehdr_info *h, const char *path,
		       struct diag *d)
{
	const char *what = h->type == ET_REL ? "a relocatable object"
			 : h->type == ET_DYN ? "a shared object"
			 : h->type == ET_CORE ? "a core file" : NULL;
	if (!what)
		return true;
	fail(d, path, "'%s' is %s, not a linked executable: pass the ELF that "
	     "the link wrote", path, what);
	return false;
}

/* The program header table: entry size and extent. */
static bool check_phdr_table(const struct ehdr_info *h, uint64_t size,
			     const char *path, struct diag *d)
{
	unsigned phsize = h->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	unsigned ehsize = h->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (h->phnum && h->phoff < ehsize) {
		fail(d, path, "program header table at offset 0x%" PRIx64 " "
		     "overlaps the %u-byte ELF header", h->phoff, ehsize);
		return false;
	}
	if (h->phnum && h->phentsize != phsize) {
		fail(d, path, "program header entry size is %u bytes (expected "
		     "%u)", h->phentsize, phsize);
		return false;
	}
	if (h->phnum && !fits(h->phoff, h->phnum, phsize, size)) {
		fail(d, path, "program header table at offset 0x%" PRIx64 " (%u "
		     "entries of %u bytes) is past the end of the file (size "
		     "%" PRIu64 ")", h->phoff, h->phnum, phsize, size);
		return false;
	}
	return true;
}

/* Extended numbering: when e_shnum, e_shstrndx or e_phnum do not fit the
 * ELF header, the real values are in section header 0 (sh_size, sh_link,
 * sh_info), as readelf reads them. */
static bool read_section0(int fd, struct ehdr_info *h, const char *path,
			  struct diag *d)
{
	unsigned char s0[64];
	unsigned shsize = h->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	unsigned w = h->is64 ? 8 : 4;
	if (pread(fd, s0, shsize, (off_t)h->shoff) != (ssize_t)shsize) {
		fail(d, path, "cannot read section header 0: %s",
		     strerror(errno ? errno : EIO));
		return false;
	}
	if (h->shnum == 0)
		h->shnum = (size_t)rd(s0 + (h->is64 ? 32 : 20), w, h->be);
	if (h->shstrndx == SHN_XINDEX)
		h->shstrndx = (size_t)rd(s0 + (h->is64 ? 40 : 24), 4, h->be);
	if (h->phnum == PN_XNUM)
		h->phnum = (unsigned)rd(s0 + (h->is64 ? 44 : 28), 4, h->be);
	return true;
}

/* The section header table: entry size, extent, the name table's index. */
static bool check_shdr_table(int fd, struct ehdr_info *h, uint64_t size,
			     const char *path, struct diag *d)
{
	unsigned shsize = h->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	unsigned ehsize = h->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (h->shoff < ehsize) {
		fail(d, path, "section header table at offset 0x%" PRIx64 " "
		     "overlaps the %u-byte ELF header", h->shoff, ehsize);
		return false;
	}
	if (h->shentsize != shsize) {
		fail(d, path, "section header entry size is %u bytes (expected "
		     "%u)", h->shentsize, shsize);
		return false;
	}
	if (!fits(h->shoff, 1, shsize, size)) {
		fail(d, path, "section header table at offset 0x%" PRIx64 " is "
		     "past the end of the file (size %" PRIu64 ")", h->shoff,
		     size);
		return false;
	}
	if ((h->shnum == 0 || h->shstrndx == SHN_XINDEX ||
	     h->phnum == PN_XNUM) && !read_section0(fd, h, path, d))
		return false;
	if (h->shnum == 0) {
		fail(d, path, "section header table at offset 0x%" PRIx64 " has "
		     "no entries", h->shoff);
		return false;
	}
	if (!fits(h->shoff, h->shnum, shsize, size)) {
		fail(d, path, "section header table at offset 0x%" PRIx64 " (%zu "
		     "entries of %u bytes) is past the end of the file (size "
		     "%" PRIu64 ")", h->shoff, h->shnum, shsize, size);
		return false;
	}
	if (h->shstrndx == SHN_UNDEF || h->shstrndx >= h->shnum) {
		fail(d, path, "section name table index %zu is out of range "
		     "(%zu sections)", h->shstrndx, h->shnum);
		return false;
	}
	return true;
}

/* Checks the ELF header and the extents of both header tables by hand
 * (see the top of the file for why).  False after one finding. */
static bool check_ehdr(int fd, uint64_t size, const char *path,
		       struct ehdr_info *h, struct diag *d)
{
	unsigned char e[64];
	if (!read_ident(fd, e, path, d))
		return false;
	parse_ehdr(e, h);
	if (!check_type(h, path, d))
		return false;
	/* the section headers first: header 0 may hold the real e_phnum */
	if (h->shoff == 0) {
		h->shnum = 0;	/* no section headers: segments only */
		h->shstrndx = 0;
	} else if (!check_shdr_table(fd, h, size, path, d)) {
		return false;
	}
	if (h->phnum == PN_XNUM && h->shoff == 0) {
		fail(d, path, "the program header count is PN_XNUM (0xffff), but "
		     "there is no section header 0 to hold the real count");
		return false;
	}
	return check_phdr_table(h, size, path, d);
}

/* The section name table: its bytes, checked to end in a NUL. */
static const char *name_table(struct elf_priv *pv, size_t ndx, size_t *len,
			      const char *path, struct diag *d)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_getscn(pv->elf, ndx);
	if (!scn || !gelf_getshdr(scn, &sh)) {
		fail(d, path, "cannot read section header %zu: %s", ndx,
		     elf_errmsg(-1));
		return NULL;
	}
	if (sh.sh_type != SHT_STRTAB) {
		fail(d, path, "section name table [%zu] has type %u, not "
		     "SHT_STRTAB", ndx, (unsigned)sh.sh_type);
		return NULL;
	}
	if (sh.sh_size == 0) {
		fail(d, path, "section name table [%zu] is empty", ndx);
		return NULL;
	}
	if (!fits(sh.sh_offset, 1, sh.sh_size, pv->size)) {
		fail(d, path, "section name table [%zu] at offset 0x%" PRIx64
		     " (0x%" PRIx64 " bytes) is past the end of the file (size "
		     "%zu)", ndx, (uint64_t)sh.sh_offset, (uint64_t)sh.sh_size,
		     pv->size);
		return NULL;
	}
	const char *s = (const char *)pv->raw + sh.sh_offset;
	if (s[sh.sh_size - 1] != '\0') {
		fail(d, path, "section name table [%zu] does not end with a NUL "
		     "byte", ndx);
		return NULL;
	}
	*len = sh.sh_size;
	return s;
}

/* Does the section lie in the segment?  The rule of binutils'
 * ELF_SECTION_IN_SEGMENT_STRICT (check_vma, strict), which readelf's
 * section-to-segment mapping prints: file bytes inside the segment's file
 * image, addresses inside its memory image, zero-size sections not at
 * the very end, TLS sections only in TLS-capable segments. */
static bool in_segment(const GElf_Shdr *s, const GElf_Phdr *p)
{
	bool tls = (s->sh_flags & SHF_TLS) != 0;
	bool tbss = tls && s->sh_type == SHT_NOBITS && p->p_type != PT_TLS;
	if (tbss)
		return false;		/* .tbss takes no room outside PT_TLS */
	if (tls ? !(p->p_type == PT_TLS || p->p_type == PT_GNU_RELRO ||
		    p->p_type == PT_LOAD)
		: (p->p_type == PT_TLS || p->p_type == PT_PHDR))
		return false;
	if (!(s->sh_flags & SHF_ALLOC) &&
	    (p->p_type == PT_LOAD || p->p_type == PT_DYNAMIC ||
	     p->p_type == PT_GNU_EH_FRAME || p->p_type == PT_GNU_STACK ||
	     p->p_type == PT_GNU_RELRO))
		return false;
	uint64_t size = s->sh_size;
	if (s->sh_type != SHT_NOBITS) {
		if (s->sh_offset < p->p_offset)
			return false;
		uint64_t off = s->sh_offset - p->p_offset;
		/* p_filesz - 1 wraps for an empty segment, as in binutils */
		if (off > p->p_filesz - 1 || off > p->p_filesz ||
		    size > p->p_filesz - off)
			return false;
	}
	if (s->sh_flags & SHF_ALLOC) {
		if (s->sh_addr < p->p_vaddr)
			return false;
		uint64_t va = s->sh_addr - p->p_vaddr;
		if (va > p->p_memsz - 1 || va > p->p_memsz ||
		    size > p->p_memsz - va)
			return false;
	}
	if ((p->p_type == PT_DYNAMIC || p->p_type == PT_NOTE) &&
	    s->sh_size == 0 && p->p_memsz != 0) {
		bool off_in = s->sh_type == SHT_NOBITS ||
			      (s->sh_offset > p->p_offset &&
			       s->sh_offset - p->p_offset < p->p_filesz);
		bool va_in = !(s->sh_flags & SHF_ALLOC) ||
			     (s->sh_addr > p->p_vaddr &&
			      s->sh_addr - p->p_vaddr < p->p_memsz);
		if (!off_in || !va_in)
			return false;
	}
	return true;
}

/* The highest address of the file's class: 2^32 - 1 or 2^64 - 1. */
static uint64_t addr_top(const struct elf_image *img)
{
	return img->elfclass == 64 ? UINT64_MAX : UINT32_MAX;
}

/* True if 'size' bytes at 'base' run past the top of the address space
 * (they would wrap around to address 0). */
static bool wraps(uint64_t base, uint64_t size, uint64_t top)
{
	return size && (base > top || size - 1 > top - base);
}

/* Checks one section header: its name is in the name table, its bytes
 * in the file, and an allocated section's addresses in the address
 * space.  Sets '*name'. */
static bool check_section(struct elf_image *img, size_t i, const GElf_Shdr *sh,
			  const char *names, size_t namelen, const char **name,
			  struct diag *d)
{
	struct elf_priv *pv = img->priv;
	if (sh->sh_name >= namelen) {
		fail(d, img->path, "section [%2zu]: name offset 0x%x is past the "
		     "end of the section name table (0x%zx bytes)", i,
		     (unsigned)sh->sh_name, namelen);
		return false;
	}
	*name = names + sh->sh_name;
	if (sh->sh_type != SHT_NOBITS && sh->sh_type != SHT_NULL &&
	    !fits(sh->sh_offset, 1, sh->sh_size, pv->size)) {
		fail(d, img->path, "section [%2zu] '%s': offset 0x%" PRIx64 " and "
		     "size 0x%" PRIx64 " reach past the end of the file (size "
		     "%zu)", i, *name, (uint64_t)sh->sh_offset,
		     (uint64_t)sh->sh_size, pv->size);
		return false;
	}
	if ((sh->sh_flags & SHF_ALLOC) &&
	    wraps(sh->sh_addr, sh->sh_size, addr_top(img))) {
		fail(d, img->path, "section [%2zu] '%s': address 0x%" PRIx64 " and "
		     "size 0x%" PRIx64 " wrap past the end of the %d-bit address "
		     "space", i, *name, (uint64_t)sh->sh_addr,
		     (uint64_t)sh->sh_size, img->elfclass);
		return false;
	}
	return true;
}

/* Appends an allocated section to img->sections. */
static void add_section(struct elf_image *img, size_t i, const GElf_Shdr *sh,
			const char *name)
{
	struct elf_section *s = &img->sections[img->nsections++];
	s->name = arena_strdup(&img->arena, name);
	s->index = (unsigned)i;
	s->type = sh->sh_type;
	s->flags = sh->sh_flags;
	s->addr = s->lma = sh->sh_addr;
	s->size = sh->sh_size;
	s->align = sh->sh_addralign;
	s->offset = sh->sh_offset;
}

/* Reads every section header: the allocated ones go into img->sections
 * (their GElf headers into 'shdrs'), and the symbol table's index is
 * remembered (the dynamic one when there is no other).  A file without
 * section headers has no sections: only its segments are known. */
static bool read_sections(struct elf_image *img, const struct ehdr_info *h,
			  GElf_Shdr **shdrs, size_t *symtab, struct diag *d)
{
	struct elf_priv *pv = img->priv;
	*symtab = 0;
	img->has_sections = h->shnum != 0;
	if (!img->has_sections)
		return true;
	size_t namelen, dynsym = 0;
	const char *names = name_table(pv, h->shstrndx, &namelen, img->path, d);
	if (!names)
		return false;
	img->sections = arena_alloc(&img->arena, h->shnum * sizeof *img->sections);
	*shdrs = arena_alloc(&img->arena, h->shnum * sizeof **shdrs);
	for (size_t i = 1; i < h->shnum; i++) {
		GElf_Shdr sh;
		const char *name;
		Elf_Scn *scn = elf_getscn(pv->elf, i);
		if (!scn || !gelf_getshdr(scn, &sh)) {
			fail(d, img->path, "cannot read section header %zu: %s", i,
			     elf_errmsg(-1));
			return false;
		}
		if (!check_section(img, i, &sh, names, namelen, &name, d))
			return false;
		if (sh.sh_type == SHT_SYMTAB && !*symtab)
			*symtab = i;
		if (sh.sh_type == SHT_DYNSYM && !dynsym)
			dynsym = i;
		if ((sh.sh_flags & SHF_ALLOC) && sh.sh_type != SHT_NULL) {
			(*shdrs)[img->nsections] = sh;
			add_section(img, i, &sh, name);
		}
	}
	if (!*symtab)
		*symtab = dynsym;
	return true;
}

/* "segment 3 (LOAD at 0x8000000)", for the messages. */
static const char *segment_label(char *buf, size_t n, size_t i,
				 const GElf_Phdr *ph)
{
	if (ph->p_type == PT_LOAD)
		snprintf(buf, n, "segment %zu (LOAD at 0x%" PRIx64 ")", i,
			 (uint64_t)ph->p_vaddr);
	else
		snprintf(buf, n, "segment %zu (type 0x%x at 0x%" PRIx64 ")", i,
			 (unsigned)ph->p_type, (uint64_t)ph->p_vaddr);
	return buf;
}

/* Checks one program header: a PT_LOAD's file bytes are in the file and
 * no more than its memory image, and its addresses (run and load) stay
 * in the address space. */
static bool check_segment(struct elf_image *img, size_t i, const GElf_Phdr *ph,
			  struct diag *d)
{
	struct elf_priv *pv = img->priv;
	char what[64];
	segment_label(what, sizeof what, i, ph);
	bool load = ph->p_type == PT_LOAD;
	if (load && ph->p_filesz && !fits(ph->p_offset, 1, ph->p_filesz, pv->size)) {
		fail(d, img->path, "%s: file offset 0x%" PRIx64 " and size 0x%"
		     PRIx64 " reach past the end of the file (size %zu)", what,
		     (uint64_t)ph->p_offset, (uint64_t)ph->p_filesz, pv->size);
		return false;
	}
	if (load && ph->p_filesz > ph->p_memsz) {
		fail(d, img->path, "%s: file size 0x%" PRIx64 " is larger than its "
		     "memory size 0x%" PRIx64, what, (uint64_t)ph->p_filesz,
		     (uint64_t)ph->p_memsz);
		return false;
	}
	uint64_t top = addr_top(img);
	bool va = wraps(ph->p_vaddr, ph->p_memsz, top);
	if (va || wraps(ph->p_paddr, ph->p_memsz, top)) {
		fail(d, img->path, "%s: %s 0x%" PRIx64 " and memory size 0x%" PRIx64
		     " wrap past the end of the %d-bit address space", what,
		     va ? "address" : "load address",
		     (uint64_t)(va ? ph->p_vaddr : ph->p_paddr),
		     (uint64_t)ph->p_memsz, img->elfclass);
		return false;
	}
	return true;
}

/* Lists the sections segment 'g' holds, in address order, and gives
 * each section in a PT_LOAD its load address (from the first one).
 * 'tmp' has room for every section. */
static void segment_sections(struct elf_image *img, struct elf_segment *g,
			     const GElf_Phdr *ph, const GElf_Shdr *shdrs,
			     unsigned *tmp)
{
	size_t n = 0;
	for (size_t k = 0; shdrs && k < img->nsections; k++) {
		if (!in_segment(&shdrs[k], ph))
			continue;
		/* insertion by address keeps header order for ties */
		size_t j = n++;
		while (j > 0 && img->sections[tmp[j - 1]].addr >
				img->sections[k].addr) {
			tmp[j] = tmp[j - 1];
			j--;
		}
		tmp[j] = (unsigned)k;
		struct elf_section *s = &img->sections[k];
		if (ph->p_type == PT_LOAD && !s->has_segment) {
			s->has_segment = true;
			s->lma = ph->p_paddr + (s->addr - ph->p_vaddr);
		}
	}
	g->nsections = n;
	g->sections = arena_alloc(&img->arena, (n ? n : 1) * sizeof *tmp);
	memcpy(g->sections, tmp, n * sizeof *tmp);
}

/* Reads the program headers and works out which sections each holds;
 * a section's load address comes from the first PT_LOAD holding it. */
static bool read_segments(struct elf_image *img, const struct ehdr_info *h,
			  const GElf_Shdr *shdrs, struct diag *d)
{
	struct elf_priv *pv = img->priv;
	img->nsegments = h->phnum;
	img->segments = arena_alloc(&img->arena, h->phnum * sizeof *img->segments);
	unsigned *tmp = arena_alloc(&img->arena, (img->nsections + 1) * sizeof *tmp);
	for (size_t i = 0; i < h->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(pv->elf, (int)i, &ph)) {
			fail(d, img->path, "cannot read program header %zu: %s", i,
			     elf_errmsg(-1));
			return false;
		}
		if (!check_segment(img, i, &ph, d))
			return false;
		struct elf_segment *g = &img->segments[i];
		*g = (struct elf_segment){ph.p_type, ph.p_flags, ph.p_offset,
			ph.p_vaddr, ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_align,
			NULL, 0};
		segment_sections(img, g, &ph, shdrs, tmp);
	}
	return true;
}

/* The names to look for, deduplicated, with a bitmap keyed by their
 * first four bytes that rules out most symbols before a name is hashed
 * (a large image has 10^5 symbols, often sharing a prefix with a wanted
 * name: "vendor_..." and "vector_table"). */
struct wanted {
	const char **names;
	struct strmap index;		/* name -> its position in names */
	size_t n;
	unsigned char first4[65536 / 8];	/* bitmap of the keys */
	struct elf_symbol *found;	/* the best definition of each name */
	bool *have;			/* found[j] is set */
};

/* A 16-bit key of the first four bytes (fewer in a shorter name). */
static unsigned key4(const char *name)
{
	uint32_t v = 0;
	for (int i = 0; i < 4 && name[i]; i++)
		v |= (uint32_t)(unsigned char)name[i] << (8 * i);
	return (unsigned)((v * 0x9E3779B1u) >> 16);
}

static void want_add(struct wanted *w, struct arena *a, const char *name,
		     size_t cap)
{
	if (w->n == cap || !name[0] || strmap_get(&w->index, name) != (size_t)-1)
		return;
	unsigned k = key4(name);
	w->names[w->n] = arena_strdup(a, name);
	strmap_put(&w->index, w->names[w->n], w->n);
	w->n++;
	w->first4[k >> 3] |= (unsigned char)(1u << (k & 7));
}

/* A symbol is a better match than the one already found when the old
 * one is local and the new one is not. */
static bool better(unsigned char info, const struct elf_symbol *old)
{
	return !old || (old->bind == STB_LOCAL &&
			GELF_ST_BIND(info) != STB_LOCAL);
}

/* One symbol table entry, whatever the class (libelf has already put
 * it in host byte order). */
static void get_sym(const Elf_Data *data, bool is64, size_t i, GElf_Sym *out)
{
	if (is64) {
		*out = ((const Elf64_Sym *)data->d_buf)[i];
	} else {
		const Elf32_Sym *s = &((const Elf32_Sym *)data->d_buf)[i];
		out->st_name = s->st_name;
		out->st_info = s->st_info;
		out->st_other = s->st_other;
		out->st_shndx = s->st_shndx;
		out->st_value = s->st_value;
		out->st_size = s->st_size;
	}
}

/* The wanted names, deduplicated, with room for what is found. */
static struct wanted *wanted_new(struct arena *a, const char *const *want)
{
	size_t cap = 0;
	for (size_t i = 0; want[i]; i++)
		cap++;
	struct wanted *w = xcalloc(1, sizeof *w);
	w->names = arena_alloc(a, cap * sizeof *w->names);
	for (size_t i = 0; want[i]; i++)
		want_add(w, a, want[i], cap);
	w->found = arena_alloc(a, w->n * sizeof *w->found);
	w->have = arena_alloc(a, w->n * sizeof *w->have);
	return w;
}

/* The index of 'name' among the wanted names, or -1.  Most names are
 * ruled out by their first two bytes. */
static long wanted_index(const struct wanted *w, const char *name)
{
	unsigned k = key4(name);
	if (!(w->first4[k >> 3] & (1u << (k & 7))))
		return -1;
	size_t j = strmap_get(&w->index, name);
	return j == (size_t)-1 ? -1 : (long)j;
}

/* A symbol table and the string table it links to, checked. */
struct symtab {
	size_t ndx;			/* section header index */
	Elf_Data *data;			/* the entries, host order */
	size_t nsyms;
	unsigned strndx;		/* sh_link */
	const char *str;		/* its string table, NUL-terminated */
	size_t strsize;			/* bytes */
};

/* The symbol table's header: entry size and size. */
static bool symtab_header(struct elf_image *img, struct symtab *t,
			  Elf_Scn **scn, GElf_Shdr *sh, struct diag *d)
{
	struct elf_priv *pv = img->priv;
	*scn = elf_getscn(pv->elf, t->ndx);
	if (!*scn || !gelf_getshdr(*scn, sh)) {
		fail(d, img->path, "cannot read section header %zu: %s", t->ndx,
		     elf_errmsg(-1));
		return false;
	}
	size_t entsize = gelf_fsize(pv->elf, ELF_T_SYM, 1, EV_CURRENT);
	if (sh->sh_entsize != entsize) {
		fail(d, img->path, "symbol table [%zu] has entry size %" PRIu64
		     " (expected %zu)", t->ndx, (uint64_t)sh->sh_entsize, entsize);
		return false;
	}
	if (sh->sh_size % entsize) {
		fail(d, img->path, "symbol table [%zu] size 0x%" PRIx64 " is not "
		     "a multiple of its entry size %zu", t->ndx,
		     (uint64_t)sh->sh_size, entsize);
		return false;
	}
	t->nsyms = sh->sh_size / entsize;
	t->strndx = (unsigned)sh->sh_link;
	return true;
}

/* The string table the symbol table links to. */
static bool symtab_strings(struct elf_image *img, struct symtab *t,
			   size_t shnum, struct diag *d)
{
	struct elf_priv *pv = img->priv;
	GElf_Shdr st;
	Elf_Scn *sscn = t->strndx < shnum ? elf_getscn(pv->elf, t->strndx) : NULL;
	if (t->strndx == 0 || !sscn || !gelf_getshdr(sscn, &st)) {
		fail(d, img->path, "symbol table [%zu] links to string table "
		     "%u, which is out of range (%zu sections)", t->ndx,
		     t->strndx, shnum);
		return false;
	}
	if (st.sh_type != SHT_STRTAB || st.sh_size == 0) {
		fail(d, img->path, "string table [%u] of symbol table [%zu] is %s",
		     t->strndx, t->ndx,
		     st.sh_type != SHT_STRTAB ? "not SHT_STRTAB" : "empty");
		return false;
	}
	t->str = (const char *)pv->raw + st.sh_offset;
	t->strsize = st.sh_size;
	if (t->str[t->strsize - 1] != '\0') {
		fail(d, img->path, "string table [%u] does not end with a NUL byte",
		     t->strndx);
		return false;
	}
	return true;
}

/* Maps the file's pages of [off, off + size) in one call.  The symbol
 * scan reads every page of the symbol and string tables, and taking
 * them one page fault at a time costs more than the scan itself
 * (MADV_POPULATE_READ: Linux 5.14; where it is missing, or fails, the
 * pages fault in as they are read). */
static void prefault(const struct elf_priv *pv, uint64_t off, uint64_t size)
{
#ifdef MADV_POPULATE_READ
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo = ((uintptr_t)pv->raw + off) & ~(page - 1);
	uintptr_t hi = (uintptr_t)pv->raw + off + size;
	if (size)
		(void)madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
#else
	(void)pv, (void)off, (void)size;
#endif
}

/* Checks the symbol table at section 'ndx' and its string table, and
 * gets its entries. */
static bool open_symtab(struct elf_image *img, size_t ndx, size_t shnum,
			struct symtab *t, struct diag *d)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	t->ndx = ndx;
	if (!symtab_header(img, t, &scn, &sh, d) ||
	    !symtab_strings(img, t, shnum, d))
		return false;
	struct elf_priv *pv = img->priv;
	prefault(pv, sh.sh_offset, sh.sh_size);
	prefault(pv, (uint64_t)((const unsigned char *)t->str - pv->raw),
		 t->strsize);
	t->data = sh.sh_size ? elf_getdata(scn, NULL) : NULL;
	size_t need = t->nsyms * (img->elfclass == 64 ? sizeof(Elf64_Sym)
						       : sizeof(Elf32_Sym));
	if (sh.sh_size && (!t->data || t->data->d_size < need)) {
		fail(d, img->path, "cannot read symbol table [%zu]: %s", ndx,
		     elf_errmsg(-1));
		return false;
	}
	return true;
}

/* Asks for the name of symbol 'i' to be brought into the cache: the scan
 * is bound by the wait for each name, and the names of the symbols a few
 * dozen entries ahead can be fetched while it works.  st_name comes first
 * in the entries of both classes. */
static void prefetch_name(const struct symtab *t, size_t i, size_t entsize)
{
	uint32_t name;
	if (i >= t->nsyms)
		return;
	memcpy(&name, (const unsigned char *)t->data->d_buf + i * entsize,
	       sizeof name);
	if (name < t->strsize)
		__builtin_prefetch(t->str + name);
}

/* Goes through the symbol table once and keeps the best definition of
 * each wanted name.  A large image has some 10^5 symbols and their names
 * are the bulk of the file after the code: the loop reads the entries
 * directly, looks at two bytes of most names only, and asks for the
 * names 48 entries ahead. */
static bool scan_symbols(struct elf_image *img, const struct symtab *t,
			 struct wanted *w, struct diag *d)
{
	bool is64 = img->elfclass == 64;
	size_t entsize = is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	for (size_t i = 1; i < t->nsyms; i++) {
		GElf_Sym sym;
		prefetch_name(t, i + 48, entsize);
		get_sym(t->data, is64, i, &sym);
		if (sym.st_name >= t->strsize) {
			fail(d, img->path, "symbol %zu: name offset 0x%x is past the "
			     "end of its string table [%u] (0x%zx bytes)", i,
			     (unsigned)sym.st_name, t->strndx, t->strsize);
			return false;
		}
		unsigned char type = GELF_ST_TYPE(sym.st_info);
		if (type == STT_SECTION || type == STT_FILE)
			continue;
		long j = wanted_index(w, t->str + sym.st_name);
		if (j < 0 || !better(sym.st_info, w->have[j] ? &w->found[j] : NULL))
			continue;
		w->found[j] = (struct elf_symbol){
			w->names[j], sym.st_value, sym.st_size, type,
			GELF_ST_BIND(sym.st_info), sym.st_shndx};
		w->have[j] = true;
	}
	return true;
}

/* Looks the wanted names up in the symbol table at section 'ndx'. */
static bool read_symbols(struct elf_image *img, size_t ndx, size_t shnum,
			 const char *const *want, struct diag *d)
{
	struct wanted *w = wanted_new(&img->arena, want);
	struct symtab t = {0};
	bool ok = open_symtab(img, ndx, shnum, &t, d) && scan_symbols(img, &t, w, d);
	if (ok) {
		img->symbols = arena_alloc(&img->arena,
					   (w->n ? w->n : 1) * sizeof *img->symbols);
		for (size_t j = 0; j < w->n; j++)
			if (w->have[j])
				img->symbols[img->nsymbols++] = w->found[j];
	}
	strmap_free(&w->index);
	free(w);
	return ok;
}

/* Opens 'path' without blocking (a FIFO or a device opens at once) and
 * makes sure it is a regular file before reading a byte of it.  Returns
 * the descriptor and its size, or -1 after one finding. */
static int open_regular(const char *path, uint64_t *size, struct diag *d)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fail(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		fail(d, path, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(d, path, "'%s' is %s, not an ELF file: pass the ELF that the "
		     "link wrote", path, file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

/* Opens 'path' and hands it to libelf after the header check. */
static bool open_image(struct elf_image *img, struct ehdr_info *h,
		       struct diag *d)
{
	struct elf_priv *pv = img->priv;
	uint64_t size;
	pv->fd = open_regular(img->path, &size, d);
	if (pv->fd < 0 || !check_ehdr(pv->fd, size, img->path, h, d))
		return false;
	if (!version_set) {
		elf_version(EV_CURRENT);
		version_set = true;
	}
	pv->elf = elf_begin(pv->fd, ELF_C_READ_MMAP, NULL);
	if (!pv->elf || elf_kind(pv->elf) != ELF_K_ELF) {
		fail(d, img->path, "libelf cannot read the file: %s",
		     elf_errmsg(-1));
		return false;
	}
	pv->raw = (const unsigned char *)elf_rawfile(pv->elf, &pv->size);
	if (!pv->raw || pv->size != size) {
		fail(d, img->path, "cannot map the file: %s", elf_errmsg(-1));
		return false;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(pv->elf, &eh)) {
		fail(d, img->path, "cannot read the ELF header: %s", elf_errmsg(-1));
		return false;
	}
	img->elfclass = h->is64 ? 64 : 32;
	img->big_endian = h->be;
	img->machine = eh.e_machine;
	img->entry = eh.e_entry;
	return true;
}

struct elf_image *elf_read(const char *path, const char *const *want,
			   struct diag *d)
{
	struct elf_image *img = xcalloc(1, sizeof *img);
	struct elf_priv *pv = arena_alloc(&img->arena, sizeof *pv);
	pv->fd = -1;
	img->priv = pv;
	img->path = arena_strdup(&img->arena, path);
	struct ehdr_info h;
	GElf_Shdr *shdrs = NULL;
	size_t symtab = 0;
	if (!open_image(img, &h, d) ||
	    !read_sections(img, &h, &shdrs, &symtab, d) ||
	    !read_segments(img, &h, shdrs, d) ||
	    (symtab && want && want[0] &&
	     !read_symbols(img, symtab, h.shnum, want, d))) {
		elf_free(img);
		return NULL;
	}
	img->has_symtab = symtab != 0;
	return img;
}

/* Where the bytes at 'addr' (a run address, or a load address when
 * 'lma') are in the file: the PROGBITS section covering it or, in a file
 * without section headers, the file image of the PT_LOAD covering it.
 * Sets the file offset and how many bytes follow in that section or
 * segment; false when nothing covers it. */
static bool covering(const struct elf_image *img, uint64_t addr, bool lma,
		     uint64_t *off, uint64_t *avail)
{
	for (size_t i = 0; i < img->nsections; i++) {
		const struct elf_section *c = &img->sections[i];
		uint64_t base = lma ? c->lma : c->addr;
		if (c->type != SHT_NOBITS && addr >= base && addr - base < c->size) {
			*off = c->offset + (addr - base);
			*avail = c->size - (addr - base);
			return true;
		}
	}
	for (size_t i = 0; !img->has_sections && i < img->nsegments; i++) {
		const struct elf_segment *g = &img->segments[i];
		uint64_t base = lma ? g->paddr : g->vaddr;
		if (g->type == PT_LOAD && addr >= base && addr - base < g->filesz) {
			*off = g->offset + (addr - base);
			*avail = g->filesz - (addr - base);
			return true;
		}
	}
	return false;
}

/* Copies 'n' bytes at 'addr' (a run address, or a load address when
 * 'lma') from the file; false unless the file holds them all. */
static bool read_bytes(const struct elf_image *img, uint64_t addr,
		       unsigned char *out, size_t n, bool lma)
{
	const struct elf_priv *pv = img->priv;
	while (n > 0) {
		uint64_t off, avail;
		if (!covering(img, addr, lma, &off, &avail))
			return false;
		size_t k = avail < n ? (size_t)avail : n;
		if (off > pv->size || k > pv->size - off)
			return false;
		memcpy(out, pv->raw + off, k);
		if (k < n && addr + k < addr)
			return false;	/* no bytes past the top address */
		out += k;
		addr += k;
		n -= k;
	}
	return true;
}

bool elf_read_bytes(const struct elf_image *img, uint64_t addr, void *out,
		    size_t n)
{
	return read_bytes(img, addr, out, n, false);
}

bool elf_read_load_bytes(const struct elf_image *img, uint64_t lma, void *out,
			 size_t n)
{
	return read_bytes(img, lma, out, n, true);
}

bool elf_read_words(const struct elf_image *img, uint64_t lma, uint32_t *out,
		    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b[4];
		if (!read_bytes(img, lma + 4 * i, b, 4, true))
			return false;
		out[i] = (uint32_t)rd(b, 4, img->big_endian);
	}
	return true;
}

const struct elf_symbol *elf_symbol(const struct elf_image *img,
				    const char *name)
{
	for (size_t i = 0; i < img->nsymbols; i++)
		if (strcmp(img->symbols[i].name, name) == 0)
			return &img->symbols[i];
	return NULL;
}

const struct elf_section *elf_section(const struct elf_image *img,
				      const char *name)
{
	for (size_t i = 0; i < img->nsections; i++)
		if (strcmp(img->sections[i].name, name) == 0)
			return &img->sections[i];
	return NULL;
}

void elf_free(struct elf_image *img)
{
	if (!img)
		return;
	struct elf_priv *pv = img->priv;
	if (pv && pv->elf)
		elf_end(pv->elf);
	if (pv && pv->fd >= 0)
		close(pv->fd);
	arena_free(&img->arena);
	free(img);
}

bool elf_is_elf(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	unsigned char m[SELFMAG];
	bool yes = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		   read(fd, m, SELFMAG) == SELFMAG &&
		   memcmp(m, ELFMAG, SELFMAG) == 0;
	close(fd);
	return yes;
}
