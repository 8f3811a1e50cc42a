/*
 * objects: input sections' bytes from the relocatable objects and
 * archives a map names.
 *
 * A file is mapped once (read-only, private) and read in place: its ELF
 * header, section headers and section names, then the bytes of the one
 * section asked for.  libelf is not used here: opening an object with it
 * builds a descriptor for each of its sections, and a -ffunction-sections
 * object has thousands, where ldlint looks up one by name.  Every offset
 * and size is checked against the file (or the archive member) before it
 * is read; what does not check out is "unknown".
 */
#include "objects.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

enum {
	EI_CLASS = 4, EI_DATA = 5,
	CLASS32 = 1, CLASS64 = 2, DATA_LSB = 1, DATA_MSB = 2,
	TYPE_REL = 1,
	SHT_RELA_ = 4, SHT_NOBITS_ = 8, SHT_REL_ = 9,
	SHN_XINDEX_ = 0xFFFF,
};

/* An archive member's name and where its header starts. */
struct ar_member {
	char *name;
	size_t off, size;	/* its header's offset; its bytes after it */
};

/* One ELF object in memory: a file or an archive member. */
struct obj {
	const unsigned char *p;
	size_t size;
	bool is64, big;
};

/* One opened file or archive member, found or not. */
struct obj_file {
	char *key;		/* "a.o", "lib.a" or "lib.a(m.o)" */
	int fd;			/* -1 when not opened (members: -1) */
	const unsigned char *map;	/* a file's mapping; NULL if none */
	size_t map_size;
	struct obj obj;		/* the ELF object (obj.p NULL: none) */
	bool archive;
	struct ar_member *members;	/* an archive's, listed so far */
	size_t nmembers;
	size_t next_off;		/* the next header to list; 0: none yet */
	const char *names;		/* GNU ar's long names ("//") */
	size_t names_len;
	struct obj_file *next;
};

struct objects {
	const char *const *dirs;
	struct obj_file *files;
	unsigned nread;
};

struct objects *objects_new(const char *const *dirs)
{
	struct objects *o = xcalloc(1, sizeof *o);
	o->dirs = dirs;
	return o;
}

unsigned objects_read_count(const struct objects *o)
{
	return o->nread;
}

/* --- reading an ELF object in memory ------------------------------------ */

/* A 2-, 4- or 8-byte field at 'off' (checked by the caller), in the
 * object's byte order. */
static uint64_t get(const struct obj *e, size_t off, unsigned n)
{
	const bool host_big = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	const unsigned char *q = e->p + off;
	uint16_t v2;
	uint32_t v4;
	uint64_t v8;
	switch (n) {
	case 2:
		memcpy(&v2, q, 2);
		return e->big == host_big ? v2 : __builtin_bswap16(v2);
	case 4:
		memcpy(&v4, q, 4);
		return e->big == host_big ? v4 : __builtin_bswap32(v4);
	default:
		memcpy(&v8, q, 8);
		return e->big == host_big ? v8 : __builtin_bswap64(v8);
	}
}

/* 'p' (size bytes) as an ELF object, if its identification says so. */
static bool obj_init(struct obj *e, const unsigned char *p, size_t size)
{
	memset(e, 0, sizeof *e);
	if (size < 52 || memcmp(p, "\177ELF", 4) != 0 ||
	    (p[EI_CLASS] != CLASS32 && p[EI_CLASS] != CLASS64) ||
	    (p[EI_DATA] != DATA_LSB && p[EI_DATA] != DATA_MSB) ||
	    (p[EI_CLASS] == CLASS64 && size < 64))
		return false;
	e->p = p;
	e->size = size;
	e->is64 = p[EI_CLASS] == CLASS64;
	e->big = p[EI_DATA] == DATA_MSB;
	return true;
}

/* A section header's fields, read from the table. */
struct shdr {
	uint32_t name, type, link, info;
	uint64_t offset, size;
};

/* The section header table: where, how many, entry size; false when it
 * does not fit in the object. */
struct shtab {
	size_t off, num, entsize, strndx;
};

static void read_shdr(const struct obj *e, const struct shtab *t, size_t i,
		      struct shdr *sh)
{
	size_t at = t->off + i * t->entsize;
	sh->name = (uint32_t)get(e, at, 4);
	sh->type = (uint32_t)get(e, at + 4, 4);
	if (e->is64) {
		sh->offset = get(e, at + 24, 8);
		sh->size = get(e, at + 32, 8);
		sh->link = (uint32_t)get(e, at + 40, 4);
		sh->info = (uint32_t)get(e, at + 44, 4);
	} else {
		sh->offset = get(e, at + 16, 4);
		sh->size = get(e, at + 20, 4);
		sh->link = (uint32_t)get(e, at + 24, 4);
		sh->info = (uint32_t)get(e, at + 28, 4);
	}
}

/* A relocatable object's section table, with the extended numbering of
 * section 0 (more than 0xff00 sections); false if it is not one. */
static bool shtab_of(const struct obj *e, struct shtab *t)
{
	if (get(e, 16, 2) != TYPE_REL)
		return false;
	t->off = (size_t)(e->is64 ? get(e, 40, 8) : get(e, 32, 4));
	t->entsize = (size_t)get(e, e->is64 ? 58 : 46, 2);
	t->num = (size_t)get(e, e->is64 ? 60 : 48, 2);
	t->strndx = (size_t)get(e, e->is64 ? 62 : 50, 2);
	if (t->entsize < (e->is64 ? 64u : 40u) || t->off == 0 || t->off > e->size ||
	    e->size - t->off < t->entsize)
		return false;
	struct shdr s0;
	read_shdr(e, t, 0, &s0);
	if (t->num == 0)
		t->num = s0.size > SIZE_MAX ? 0 : (size_t)s0.size;
	if (t->strndx == SHN_XINDEX_)
		t->strndx = s0.link;
	return t->num > 0 && (e->size - t->off) / t->entsize >= t->num &&
	       t->strndx < t->num;
}

/* Section i's name in the section name table, or NULL. */
static const char *sec_name(const struct obj *e, const struct shdr *strtab,
			    uint32_t name)
{
	if (strtab->offset > e->size || strtab->size > e->size - strtab->offset ||
	    name >= strtab->size)
		return NULL;
	const char *s = (const char *)e->p + strtab->offset + name;
	return memchr(s, '\0', (size_t)(strtab->size - name)) ? s : NULL;
}

/* Whether a relocation section applies to section 'index' with entries:
 * then the final bytes are not what the object holds (initialised
 * pointers). */
static bool relocated(const struct obj *e, const struct shtab *t, size_t index)
{
	for (size_t i = 1; i < t->num; i++) {
		struct shdr sh;
		read_shdr(e, t, i, &sh);
		if ((sh.type == SHT_REL_ || sh.type == SHT_RELA_) && sh.info == index &&
		    sh.size > 0)
			return true;
	}
	return false;
}

static enum obj_bytes section_bytes(const struct obj *e, const struct shtab *t,
				    size_t index, const struct shdr *sh)
{
	if (sh->type == SHT_NOBITS_)
		return OBJ_ZERO;
	if (relocated(e, t, index))
		return OBJ_NONZERO;
	if (sh->offset > e->size || sh->size > e->size - sh->offset)
		return OBJ_UNKNOWN;
	const unsigned char *p = e->p + sh->offset;
	for (size_t i = 0; i < sh->size; i++)
		if (p[i])
			return OBJ_NONZERO;
	return OBJ_ZERO;
}

/* The section named 'section', of 'size' bytes if several have that name. */
static enum obj_bytes find_section(const struct obj *e, const char *section,
				   uint64_t size)
{
	struct shtab t;
	if (!shtab_of(e, &t))
		return OBJ_UNKNOWN;
	struct shdr strtab, first_sh;
	read_shdr(e, &t, t.strndx, &strtab);
	size_t first = 0;
	for (size_t i = 1; i < t.num; i++) {
		const char *name = sec_name(e, &strtab,
					    (uint32_t)get(e, t.off + i * t.entsize, 4));
		if (!name || strcmp(name, section) != 0)
			continue;
		struct shdr sh;
		read_shdr(e, &t, i, &sh);
		if (sh.size == size)
			return section_bytes(e, &t, i, &sh);
		if (!first) {
			first = i;
			first_sh = sh;
		}
	}
	return first ? section_bytes(e, &t, first, &first_sh) : OBJ_UNKNOWN;
}

/* --- files and archives --------------------------------------------------- */

static struct obj_file *remember(struct objects *o, const char *key, int fd)
{
	struct obj_file *f = xcalloc(1, sizeof *f);
	f->key = xstrdup(key);
	f->fd = fd;
	f->next = o->files;
	o->files = f;
	return f;
}

static struct obj_file *cached(struct objects *o, const char *key)
{
	for (struct obj_file *f = o->files; f; f = f->next)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* Opens a regular file found as ld would find it; -1 if none.  Never a
 * device, FIFO or directory (a map may name anything).  *size: its size. */
static int open_found(const struct objects *o, const char *path, size_t *size)
{
	char buf[4096];
	for (size_t i = 0; path[0] == '/' ? i < 1 : o->dirs && o->dirs[i]; i++) {
		const char *p = path;
		if (path[0] != '/') {
			if ((size_t)snprintf(buf, sizeof buf, "%s/%s", o->dirs[i], path) >= sizeof buf)
				continue;
			p = buf;
		}
		int fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (uintmax_t)st.st_size <= SIZE_MAX) {
			*size = (size_t)st.st_size;
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* A file, mapped: an ELF object or an archive (f->archive). */
static struct obj_file *open_file(struct objects *o, const char *path)
{
	struct obj_file *f = cached(o, path);
	if (f)
		return f;
	size_t size = 0;
	int fd = open_found(o, path, &size);
	f = remember(o, path, fd);
	if (fd < 0 || size < 8)
		return f;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return f;
	f->map = m;
	f->map_size = size;
	if (!memcmp(f->map, "!<arch>\n", 8)) {
		f->archive = true;	/* its headers are read through fd */
	} else {
		obj_init(&f->obj, f->map, size);
		close(fd);		/* a link may name more objects than a
					   process may hold open */
		f->fd = -1;
	}
	return f;
}

/* The decimal field of an ar header, or SIZE_MAX. */
static size_t ar_number(const char *f, size_t width)
{
	size_t v = 0, i = 0;
	while (i < width && f[i] == ' ')
		i++;
	if (i == width || f[i] < '0' || f[i] > '9')
		return SIZE_MAX;
	for (; i < width && f[i] >= '0' && f[i] <= '9'; i++) {
		if (v > (SIZE_MAX - 9) / 10)
			return SIZE_MAX;
		v = v * 10 + (size_t)(f[i] - '0');
	}
	return v;
}

/* A member's name from its header: "m.o/" or, past 15 characters, "/N",
 * the offset of "m.o/\n" in the long-name member "//" (GNU ar, ar(5)). */
static char *ar_name(const char *h, const char *names, size_t names_len)
{
	size_t n = 0;
	if (h[0] == '/' && h[1] >= '0' && h[1] <= '9') {
		size_t at = ar_number(h + 1, 15);
		if (!names || at >= names_len)
			return NULL;
		const char *p = names + at;
		while (at + n < names_len && p[n] != '/' && p[n] != '\n')
			n++;
		return xstrndup(p, n);
	}
	while (n < 16 && h[n] != '/' && h[n] != ' ')
		n++;
	return xstrndup(h, n);
}

/* The 60-byte header at 'off'.  Headers are read, not touched in the
 * mapping: they sit one or more pages apart, and a page fault for each
 * costs more than a read. */
static bool ar_header(int fd, size_t off, char h[60])
{
	ssize_t n;
	do
		n = pread(fd, h, 60, (off_t)off);
	while (n < 0 && errno == EINTR);
	return n == 60;
}

/* Lists an archive's members by walking its headers, up to the one named
 * (n bytes), which it returns; NULL at the end. */
static const struct ar_member *list_members(struct obj_file *a,
					    const char *want, size_t n)
{
	size_t size = a->map_size;
	if (a->next_off == 0)
		a->next_off = 8;
	while (a->next_off <= size && size - a->next_off >= 60) {
		size_t off = a->next_off;
		char h[60];
		size_t len = ar_header(a->fd, off, h) ? ar_number(h + 48, 10) : SIZE_MAX;
		if (len == SIZE_MAX || h[58] != '`' || h[59] != '\n' ||
		    len > size - off - 60) {
			a->next_off = size;	/* malformed: no further */
			return NULL;
		}
		a->next_off = off + 60 + len + (len & 1);
		if (h[0] == '/' && h[1] == '/') {
			a->names = (const char *)a->map + off + 60;
			a->names_len = len;
			continue;
		}
		if (h[0] == '/' && !(h[1] >= '0' && h[1] <= '9'))
			continue;	/* "/" or "/SYM64/": the symbol index */
		char *name = ar_name(h, a->names, a->names_len);
		if (!name)
			continue;
		a->members = xgrow(a->members, a->nmembers, sizeof *a->members);
		a->members[a->nmembers++] = (struct ar_member){name, off, len};
		if (strlen(name) == n && memcmp(name, want, n) == 0)
			return &a->members[a->nmembers - 1];
	}
	return NULL;
}

/* The member named (n bytes) of archive 'a', listed before or now. */
static const struct ar_member *ar_find(struct obj_file *a, const char *name,
				       size_t n)
{
	for (size_t i = 0; i < a->nmembers; i++)
		if (strlen(a->members[i].name) == n &&
		    memcmp(a->members[i].name, name, n) == 0)
			return &a->members[i];
	return list_members(a, name, n);
}

/* 'lib.a(m.o)': the member, an ELF object inside the archive's mapping. */
static struct obj_file *member(struct objects *o, const char *spec)
{
	struct obj_file *f = cached(o, spec);
	if (f)
		return f;
	const char *open = strrchr(spec, '(');
	size_t n = strlen(spec);
	struct obj found = {0};
	if (open && n > 2 && spec[n - 1] == ')') {
		char *ar = xstrdup(spec);
		ar[open - spec] = '\0';
		const char *name = open + 1;
		size_t nlen = (size_t)(spec + n - 1 - name);
		struct obj_file *a = open_file(o, ar);
		free(ar);
		const struct ar_member *am = a->archive ? ar_find(a, name, nlen) : NULL;
		if (am)		/* list_members() checked it fits */
			obj_init(&found, a->map + am->off + 60, am->size);
	}
	f = remember(o, spec, -1);
	f->obj = found;
	return f;
}

enum obj_bytes objects_bytes(struct objects *o, const char *file,
			     const char *section, uint64_t size)
{
	if (!o || !file || !*file)
		return OBJ_UNKNOWN;
	bool is_member = file[strlen(file) - 1] == ')' && strchr(file, '(');
	bool seen = cached(o, file) != NULL;
	struct obj_file *f = is_member ? member(o, file) : open_file(o, file);
	if (!f->obj.p)
		return OBJ_UNKNOWN;
	if (!seen)
		o->nread++;
	return find_section(&f->obj, section, size);
}

void objects_free(struct objects *o)
{
	if (!o)
		return;
	while (o->files) {
		struct obj_file *f = o->files;
		o->files = f->next;
		if (f->map)
			munmap((void *)f->map, f->map_size);
		if (f->fd >= 0)
			close(f->fd);
		for (size_t i = 0; i < f->nmembers; i++)
			free(f->members[i].name);
		free(f->members);
		free(f->key);
		free(f);
	}
	free(o);
}
