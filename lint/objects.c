/*
 * objects: input sections' bytes from the relocatable objects and
 * archives a map names (libelf).
 */
#include "objects.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* An archive member's name and where its header starts. */
struct ar_member {
	char *name;
	size_t off;
};

/* One opened file or archive member, found or not. */
struct obj_file {
	char *key;		/* "a.o", "lib.a" or "lib.a(m.o)" */
	int fd;			/* -1 when not opened (members: -1) */
	Elf *elf;		/* NULL when it could not be read */
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
	if (elf_version(EV_CURRENT) == EV_NONE)
		o->dirs = NULL;
	return o;
}

unsigned objects_read_count(const struct objects *o)
{
	return o->nread;
}

static struct obj_file *remember(struct objects *o, const char *key, int fd, Elf *e)
{
	struct obj_file *f = xcalloc(1, sizeof *f);
	f->key = xstrdup(key);
	f->fd = fd;
	f->elf = e;
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
 * device, FIFO or directory (a map may name anything). */
static int open_found(const struct objects *o, const char *path)
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
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			return fd;
		close(fd);
	}
	return -1;
}

static struct obj_file *open_file(struct objects *o, const char *path)
{
	struct obj_file *f = cached(o, path);
	if (f)
		return f;
	int fd = open_found(o, path);
	Elf *e = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (e && elf_kind(e) != ELF_K_ELF && elf_kind(e) != ELF_K_AR) {
		elf_end(e);
		e = NULL;
	}
	return remember(o, path, fd, e);
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
 * (n bytes), which it returns; NULL at the end.  Opening a member is then
 * one seek, where asking libelf for each member in turn made it read
 * every member before (and each member's section table). */
static const struct ar_member *list_members(struct obj_file *a,
					    const char *want, size_t n)
{
	size_t size;
	const char *raw = elf_rawfile(a->elf, &size);
	if (!raw || size < 8 || memcmp(raw, "!<arch>\n", 8) != 0)
		return NULL;
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
			a->names = raw + off + 60;
			a->names_len = len;
			continue;
		}
		if (h[0] == '/' && !(h[1] >= '0' && h[1] <= '9'))
			continue;	/* "/" or "/SYM64/": the symbol index */
		char *name = ar_name(h, a->names, a->names_len);
		if (!name)
			continue;
		a->members = xgrow(a->members, a->nmembers, sizeof *a->members);
		a->members[a->nmembers++] = (struct ar_member){name, off};
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

/* 'lib.a(m.o)': the member's ELF handle. */
static Elf *member(struct objects *o, const char *spec)
{
	struct obj_file *f = cached(o, spec);
	if (f)
		return f->elf;
	const char *open = strrchr(spec, '(');
	size_t n = strlen(spec);
	Elf *found = NULL;
	if (open && n > 2 && spec[n - 1] == ')') {
		char *ar = xstrdup(spec);
		ar[open - spec] = '\0';
		const char *name = open + 1;
		size_t nlen = (size_t)(spec + n - 1 - name);
		struct obj_file *a = open_file(o, ar);
		free(ar);
		const struct ar_member *am = a->elf && elf_kind(a->elf) == ELF_K_AR ?
					     ar_find(a, name, nlen) : NULL;
		Elf *m = am && elf_rand(a->elf, am->off) == am->off ?
			 elf_begin(a->fd, ELF_C_READ_MMAP, a->elf) : NULL;
		if (m && elf_kind(m) == ELF_K_ELF)
			found = m;
		else if (m)
			elf_end(m);
	}
	remember(o, spec, -1, found);
	return found;
}

/* Whether a relocation section applies to section 'index' with entries:
 * then the final bytes are not what the object holds (initialised
 * pointers). */
static bool relocated(Elf *e, size_t index)
{
	for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s)) != NULL;) {
		GElf_Shdr sh;
		if (gelf_getshdr(s, &sh) && (sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA) &&
		    sh.sh_info == index && sh.sh_size > 0)
			return true;
	}
	return false;
}

static enum obj_bytes section_bytes(Elf *e, Elf_Scn *s, const GElf_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS)
		return OBJ_ZERO;
	if (relocated(e, elf_ndxscn(s)))
		return OBJ_NONZERO;
	Elf_Data *d = elf_rawdata(s, NULL);
	if (!d || (d->d_size && !d->d_buf) || d->d_size != sh->sh_size)
		return OBJ_UNKNOWN;
	const unsigned char *p = d->d_buf;
	for (size_t i = 0; i < d->d_size; i++)
		if (p[i])
			return OBJ_NONZERO;
	return OBJ_ZERO;
}

static enum obj_bytes find_section(Elf *e, const char *section, uint64_t size)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return OBJ_UNKNOWN;
	Elf_Scn *first = NULL;
	GElf_Shdr first_sh;
	for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s)) != NULL;) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(s, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name)) ||
		    strcmp(name, section) != 0)
			continue;
		if (sh.sh_size == size)
			return section_bytes(e, s, &sh);
		if (!first) {
			first = s;
			first_sh = sh;
		}
	}
	return first ? section_bytes(e, first, &first_sh) : OBJ_UNKNOWN;
}

enum obj_bytes objects_bytes(struct objects *o, const char *file,
			     const char *section, uint64_t size)
{
	if (!o || !file || !*file)
		return OBJ_UNKNOWN;
	bool is_member = file[strlen(file) - 1] == ')' && strchr(file, '(');
	Elf *e = NULL;
	if (is_member) {
		bool seen = cached(o, file) != NULL;
		e = member(o, file);
		if (e && !seen)
			o->nread++;
	} else {
		bool seen = cached(o, file) != NULL;
		struct obj_file *f = open_file(o, file);
		e = f->elf && elf_kind(f->elf) == ELF_K_ELF ? f->elf : NULL;
		if (e && !seen)
			o->nread++;
	}
	GElf_Ehdr eh;
	if (!e || !gelf_getehdr(e, &eh) || eh.e_type != ET_REL)
		return OBJ_UNKNOWN;
	return find_section(e, section, size);
}

void objects_free(struct objects *o)
{
	if (!o)
		return;
	/* members first: they hold references to their archive */
	for (int pass = 0; pass < 2; pass++)
		for (struct obj_file *f = o->files; f; f = f->next)
			if ((pass == 0) == (f->fd < 0) && f->elf) {
				elf_end(f->elf);
				f->elf = NULL;
			}
	while (o->files) {
		struct obj_file *f = o->files;
		o->files = f->next;
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
