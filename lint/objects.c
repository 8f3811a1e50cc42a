/*
 * objects: input sections' bytes from the relocatable objects and
 * archives a map names (libelf).
 */
#include "objects.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* One opened file or archive member, found or not. */
struct obj_file {
	char *key;		/* "a.o", "lib.a" or "lib.a(m.o)" */
	int fd;			/* -1 when not opened (members: -1) */
	Elf *elf;		/* NULL when it could not be read */
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
		Elf_Cmd cmd = ELF_C_READ_MMAP;
		for (Elf *m; a->elf && elf_kind(a->elf) == ELF_K_AR &&
		     (m = elf_begin(a->fd, cmd, a->elf)) != NULL;) {
			Elf_Arhdr *h = elf_getarhdr(m);
			if (!found && h && h->ar_name && strlen(h->ar_name) == nlen &&
			    memcmp(h->ar_name, name, nlen) == 0 && elf_kind(m) == ELF_K_ELF) {
				found = m;
				break;
			}
			cmd = elf_next(m);
			elf_end(m);
		}
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
		free(f->key);
		free(f);
	}
	free(o);
}
