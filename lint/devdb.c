/*
 * devdb: finding descriptions and resolving them.
 *
 * Lookup: an id is searched in $LDLINT_MEMMAPS, then in the memmaps/ of
 * the source tree the running binary was built in, then in the installed
 * data directory; within a directory tree, ID.yaml may sit in any
 * subdirectory.  Resolution: a board is merged over the device it
 * extends (recursively, cycles refused), the architecture's execute-never
 * areas are added, and the merged memory list is checked (overlaps,
 * aliases, windows).  A loader is bound to a device: its variant chosen,
 * its memory and type selectors turned into address ranges, its DfuSe
 * strings turned into writes.  A vendor file (--device-file) is read by
 * pdsc.c or probers.c and checked like a description.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devdb.h"
#include "devfile.h"
#include "pdsc.h"
#include "probers.h"
#include "source.h"

#ifndef LDLINT_DATADIR
#define LDLINT_DATADIR "/usr/local/share/ldlint"
#endif

enum { MAX_EXTENDS = 8, MAX_SCAN_DEPTH = 4 };

/* --- the search path ------------------------------------------------- */

static void add_dir(struct devdb *db, const char *dir)
{
	db->dirs = xrealloc(db->dirs, (db->ndirs + 1) * sizeof *db->dirs);
	db->dirs[db->ndirs++] = arena_strdup(&db->arena, dir);
}

/* 'path' relative to the working directory when they share at least two
 * leading components (so golden tests and editors see short paths), else
 * unchanged. */
static const char *display_path(struct devdb *db, const char *path)
{
	char cwd[PATH_MAX];
	if (path[0] != '/' || !getcwd(cwd, sizeof cwd))
		return path;
	size_t n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return arena_strdup(&db->arena, path + n + 1);
	size_t common = 0, comps = 0;
	for (size_t i = 0; path[i] && cwd[i] && path[i] == cwd[i]; i++)
		if (path[i] == '/' && i > 0) {
			common = i;
			comps++;
		}
	if (cwd[common] == '\0' || comps < 2)
		return path;
	struct strbuf sb = {0};
	for (const char *p = cwd + common; *p; p++)
		if (*p == '/')
			sb_puts(&sb, "../");
	sb_puts(&sb, path + common + 1);
	const char *r = arena_strdup(&db->arena, sb.buf);
	sb_free(&sb);
	return r;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running binary when it is a source tree's. */
static void add_source_tree(struct devdb *db)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(probe, sizeof probe, "%s/lint/device.c", exe);
	if (!is_file(probe))
		return;
	snprintf(probe, sizeof probe, "%s/memmaps", exe);
	if (is_dir(probe))
		add_dir(db, display_path(db, probe));
}

void devdb_init(struct devdb *db, struct diag *d)
{
	memset(db, 0, sizeof *db);
	db->diag = d;
	const char *env = getenv("LDLINT_MEMMAPS");
	if (env) {
		char *copy = xstrdup(env), *save = NULL;
		for (char *t = strtok_r(copy, ":", &save); t;
		     t = strtok_r(NULL, ":", &save))
			add_dir(db, t);
		free(copy);
	}
	add_source_tree(db);
	char data[PATH_MAX];
	snprintf(data, sizeof data, "%s/memmaps", LDLINT_DATADIR);
	add_dir(db, display_path(db, data));
}

void devdb_free(struct devdb *db)
{
	free(db->dirs);
	free(db->yaml);
	arena_free(&db->arena);
	memset(db, 0, sizeof *db);
}

static bool yaml_name(const char *name, const char *id)
{
	size_t n = strlen(id);
	return strncmp(name, id, n) == 0 &&
	       (strcmp(name + n, ".yaml") == 0 || strcmp(name + n, ".yml") == 0);
}

static bool yaml_suffix(const char *name)
{
	size_t len = strlen(name);
	return (len > 5 && !strcmp(name + len - 5, ".yaml")) ||
	       (len > 4 && !strcmp(name + len - 4, ".yml"));
}

/* A directory entry worth a look: a sub-directory, a YAML file, or an
 * entry whose type readdir does not give. */
struct dent {
	const char *path;
	const char *name;	/* in path */
	unsigned char type;
};

static int dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name, ((const struct dent *)b)->name);
}

/* The entries of 'dir' worth a look, sorted by name (as alphasort sorts
 * them in the C locale); NULL with *n = 0 when there are none or the
 * directory cannot be read. */
static struct dent *list_dir(struct devdb *db, const char *dir, size_t *n)
{
	*n = 0;
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	struct dent *v = NULL;
	size_t dl = strlen(dir);
	for (struct dirent *e; (e = readdir(dp)) != NULL;) {
		const char *name = e->d_name;
		unsigned char type = e->d_type;
		if (name[0] == '.' || !(type == DT_DIR || type == DT_UNKNOWN ||
					type == DT_LNK || yaml_suffix(name)))
			continue;
		size_t nl = strlen(name);
		char *path = arena_alloc(&db->arena, dl + nl + 2);
		memcpy(path, dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, name, nl + 1);
		v = xgrow(v, *n, sizeof *v);
		v[(*n)++] = (struct dent){path, path + dl + 1, type};
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof *v, dent_cmp);
	return v;
}

/* Lists the .yaml and .yml files under search directory 'dirno' (sorted,
 * depth-limited) into db->yaml.  A directory entry's type comes from
 * readdir where the file system gives it; stat only for the others. */
static void scan_dir(struct devdb *db, const char *dir, size_t dirno, int depth)
{
	size_t n;
	struct dent *list = list_dir(db, dir, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned char type = list[i].type;
		bool sub = type == DT_DIR ||
			   ((type == DT_UNKNOWN || type == DT_LNK) && is_dir(list[i].path));
		if (sub) {
			if (depth < MAX_SCAN_DEPTH)
				scan_dir(db, list[i].path, dirno, depth + 1);
		} else if (yaml_suffix(list[i].name)) {
			db->yaml = xgrow(db->yaml, db->nyaml, sizeof *db->yaml);
			db->yaml[db->nyaml].path = list[i].path;
			db->yaml[db->nyaml++].dir = dirno;
		}
	}
	free(list);
}

/* The description files of the search path, listed once a run: a run
 * looks up a device, a loader and what they extend. */
static void scan(struct devdb *db)
{
	if (db->scanned)
		return;
	db->scanned = true;
	for (size_t i = 0; i < db->ndirs; i++)
		scan_dir(db, db->dirs[i], i, 0);
}

static const char *find_in(struct devdb *db, size_t dirno, const char *id)
{
	const char *found = NULL;
	for (size_t i = 0; i < db->nyaml; i++) {
		const char *path = db->yaml[i].path, *b = strrchr(path, '/');
		if (db->yaml[i].dir != dirno || !yaml_name(b ? b + 1 : path, id))
			continue;
		if (!found) {
			found = path;
			continue;
		}
		struct loc l = {path, 0, 0, 0};
		struct finding *f = dev_error(db, l, "a second description with id "
					      "'%s' in '%s'", id, db->dirs[dirno]);
		struct loc l1 = {found, 0, 0, 0};
		diag_note(db->diag, f, l1, "the first one, which is used");
		break;
	}
	return found;
}

const char *devdb_find(struct devdb *db, const char *id)
{
	scan(db);
	for (size_t i = 0; i < db->ndirs; i++) {
		const char *p = find_in(db, i, id);
		if (p)
			return p;
	}
	return NULL;
}

static bool is_path(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n > 5 && !strcmp(spec + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(spec + n - 4, ".yml"));
}

/* The id in the search path closest to a misspelt one, or NULL. */
static const char *nearest_id(struct devdb *db, const char *id)
{
	struct diag quiet, *real = db->diag;
	diag_init_like(&quiet, &db->arena, db->diag);
	db->diag = &quiet;		/* broken files are not this finding */
	size_t n;
	struct devdb_entry *all = devdb_list(db, &n);
	db->diag = real;
	const char *best = NULL;
	unsigned best_d = 3;	/* at most two edits away */
	for (size_t i = 0; i < n; i++) {
		unsigned d = edit_distance(id, all[i].id, best_d);
		if (d < best_d) {
			best_d = d;
			best = all[i].id;
		}
	}
	return best;
}

static void not_found(struct devdb *db, struct loc at, const char *what,
		      const char *id)
{
	struct strbuf sb = {0};
	const char *near = nearest_id(db, id);
	if (near) {
		if (at.file)
			dev_error(db, at, "no %s '%s'; did you mean '%s'?", what, id, near);
		else
			dev_error(db, at, "unknown %s '%s'; did you mean '%s'? (see "
				  "--list-devices)", what, id, near);
		return;
	}
	for (size_t i = 0; i < db->ndirs; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", db->dirs[i]);
	if (at.file)
		dev_error(db, at, "no %s '%s' in %s (set LDLINT_MEMMAPS or give "
			  "a path)", what, id, sb.buf ? sb.buf : "no directory");
	else
		dev_error(db, at, "no %s '%s' in %s; see --list-devices, or set "
			  "LDLINT_MEMMAPS, or give a path", what, id,
			  sb.buf ? sb.buf : "no directory");
	sb_free(&sb);
}

static struct devfile *open_spec(struct devdb *db, const char *spec,
				 const char *what)
{
	const char *path = is_path(spec) ? spec : devdb_find(db, spec);
	if (!path) {
		not_found(db, db->spec_at, what, spec);
		return NULL;
	}
	if (db->spec_at.file && path == spec && !readable_file(path)) {
		dev_error(db, db->spec_at, "cannot read the %s '%s': %s", what,
			  path, read_failure());
		return NULL;
	}
	return devfile_read(db, path);
}

/* --- checking a resolved device -------------------------------------- */

static bool check_aliases(struct devdb *db, struct device *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->nmems; i++) {
		struct dev_memory *m = &d->mems[i];
		if (!m->alias_of)
			continue;
		const struct dev_memory *t = device_memory_named(d, m->alias_of);
		if (!t) {
			dev_error(db, m->alias_loc, "'alias_of: %s' names no memory of "
				  "'%s'", m->alias_of, d->id);
			ok = false;
		} else if (t == m || t->alias_of) {
			dev_error(db, m->alias_loc, "'%s' must be an alias of a plain "
				  "memory, not of %s", m->name,
				  t == m ? "itself" : "another alias");
			ok = false;
		} else if (m->size > t->size) {
			dev_error(db, m->size_loc, "alias '%s' (%llu bytes) is larger "
				  "than '%s' (%llu bytes)", m->name,
				  (unsigned long long)m->size, t->name,
				  (unsigned long long)t->size);
			ok = false;
		} else if (m->type != t->type) {
			dev_error(db, m->type_loc, "alias '%s' is of type %s but '%s' "
				  "is %s; an alias shows the same storage", m->name,
				  mem_type_name(m->type), t->name,
				  mem_type_name(t->type));
			ok = false;
		} else {
			m->alias = t;
		}
	}
	return ok;
}

/* Each memory is reported once, with the first memory it overlaps. */
static bool check_overlaps(struct devdb *db, struct device *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->nmems; i++)
		for (size_t j = 0; j < i; j++) {
			const struct dev_memory *a = &d->mems[j], *b = &d->mems[i];
			if (!dev_ranges_overlap(a->base, a->size, b->base, b->size))
				continue;
			bool alias_pair =
				(a->alias_of && !strcmp(a->alias_of, b->name)) ||
				(b->alias_of && !strcmp(b->alias_of, a->name)) ||
				(d->from_probers && (a->is_alias || b->is_alias));
			if (alias_pair)
				continue;
			struct finding *f = dev_error(db, b->base_loc, "memory '%s' "
				"(0x%08llx-0x%08llx) overlaps '%s' (0x%08llx-0x%08llx); a "
				"second window onto the same memory needs "
				"'alias_of: %s'", b->name, (unsigned long long)b->base,
				(unsigned long long)(b->base + b->size - 1), a->name,
				(unsigned long long)a->base,
				(unsigned long long)(a->base + a->size - 1), a->name);
			diag_note(db->diag, f, a->loc, "'%s' is declared here", a->name);
			ok = false;
			break;
		}
	return ok;
}

/* A name given to more than one memory is reported once, at its second
 * use, with how many memories have it (n copies of an aliased entry are
 * one finding, not n^2). */
static bool check_names(struct devdb *db, struct device *d)
{
	bool ok = true;
	bool *repeat = xcalloc(d->nmems ? d->nmems : 1, sizeof *repeat);
	for (size_t i = 0; i < d->nmems; i++) {
		if (repeat[i])
			continue;
		size_t second = 0, uses = 1;
		for (size_t j = i + 1; j < d->nmems; j++)
			if (!strcmp(d->mems[i].name, d->mems[j].name)) {
				repeat[j] = true;
				if (uses++ == 1)
					second = j;
			}
		if (uses == 1)
			continue;
		const struct dev_memory *m = &d->mems[second];
		struct finding *f = dev_error(db, m->name_loc, "a second memory "
			"named '%s'%s", m->name, uses == 2 ? "" :
			arena_printf(&db->arena, " (%zu memories have this name)", uses));
		diag_note(db->diag, f, d->mems[i].name_loc, "the first '%s'", m->name);
		ok = false;
	}
	free(repeat);
	return ok;
}

/* Board memories lie in one window or in none; windows get populated.
 * A memory partly outside windows is reported once. */
static bool check_windows(struct devdb *db, struct device *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->nmems; i++) {
		const struct dev_memory *m = &d->mems[i];
		const struct dev_window *in = NULL;
		bool outside = false;	/* reported, with the first such window */
		for (size_t k = 0; k < d->nwindows; k++) {
			struct dev_window *w = &d->windows[k];
			if (!dev_ranges_overlap(m->base, m->size, w->base, w->size))
				continue;
			if (!outside && (m->base < w->base ||
					 m->base + m->size > w->base + w->size)) {
				dev_error(db, m->base_loc, "memory '%s' (0x%08llx-"
					  "0x%08llx) is partly outside window '%s' "
					  "(0x%08llx-0x%08llx)", m->name,
					  (unsigned long long)m->base,
					  (unsigned long long)(m->base + m->size - 1),
					  w->name, (unsigned long long)w->base,
					  (unsigned long long)(w->base + w->size - 1));
				ok = false;
				outside = true;
			}
			in = w;
			if (!w->populated_by)
				w->populated_by = m;
		}
		if (m->window && (!in || strcmp(in->name, m->window))) {
			dev_error(db, m->loc, "memory '%s' says 'window: %s' but %s",
				  m->name, m->window, in ?
				  arena_printf(&db->arena, "lies in window '%s'",
					       in->name) :
				  "lies in no window of the chip");
			ok = false;
		}
	}
	return ok;
}

static bool resolve_reserved(struct devdb *db, struct device *d,
			     struct dev_reserved *r, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!r[i].memory)
			continue;
		const struct dev_memory *m = device_memory_named(d, r[i].memory);
		if (!m) {
			dev_error(db, r[i].loc, "'memory: %s' names no memory of '%s'",
				  r[i].memory, d->id);
			ok = false;
			continue;
		}
		r[i].base = m->base;
		r[i].size = m->size;
	}
	return ok;
}

/* 'security' is the Armv8-M Security Extension's attribution. */
static bool check_security(struct devdb *db, const struct device *d)
{
	bool v8m = d->arch && !strncmp(d->arch, "armv8-m", 7);
	for (size_t i = 0; i < d->nmems; i++) {
		const struct dev_memory *m = &d->mems[i];
		if (m->security == SEC_UNSPECIFIED || v8m)
			continue;
		dev_error(db, m->security_loc, "'security' is the Armv8-M "
			  "Security Extension's attribution; '%s' is %s", d->id,
			  d->arch ? d->arch : "of no known architecture");
		return false;
	}
	return true;
}

/* A boot header lies in a memory or a window of the device. */
static bool check_headers(struct devdb *db, const struct device *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->nboot_headers; i++) {
		const struct dev_boot_header *h = &d->boot_headers[i];
		bool in_window = false;
		for (size_t k = 0; k < d->nwindows; k++)
			in_window |= h->at >= d->windows[k].base &&
				     h->at - d->windows[k].base < d->windows[k].size;
		if (in_window || device_memory_at(d, h->at))
			continue;
		dev_error(db, h->loc, "boot header '%s' at 0x%08llx is in no memory "
			  "or window of '%s'", h->name, (unsigned long long)h->at,
			  d->id);
		ok = false;
	}
	return ok;
}

static bool device_check(struct devdb *db, struct device *d)
{
	/* With two memories of one name, 'alias_of' and 'memory:' are
	 * ambiguous and every copy would repeat the other findings. */
	if (!check_names(db, d))
		return false;
	bool ok = check_security(db, d);
	ok &= check_headers(db, d);
	ok &= check_aliases(db, d);
	ok &= check_overlaps(db, d);
	ok &= check_windows(db, d);
	ok &= resolve_reserved(db, d, d->reserved, d->nreserved);
	return ok;
}

static void device_add_arch_xn(struct devdb *db, struct device *d)
{
	static const struct dev_xn v6[] = {
		{0x40000000, 0x20000000, true, "Armv6-M peripheral region "
		 "(ARM DDI 0419E B3.1)", {0}},
		{0xA0000000, 0x40000000, true, "Armv6-M device region "
		 "(ARM DDI 0419E B3.1)", {0}},
		{0xE0000000, 0x10000000, false, "Armv6-M private peripheral "
		 "bus (ARM DDI 0419E B3.1; Cortex-M0+ TRM DDI 0484C 3.4)", {0}},
		{0xF0000000, 0x10000000, true, "Armv6-M vendor system region "
		 "(ARM DDI 0419E B3.1)", {0}},
	};
	static const struct dev_xn v7[] = {
		{0x40000000, 0x20000000, true, "Armv7-M peripheral region "
		 "(ARM DDI 0403E B3.1, Table B3-1)", {0}},
		{0xA0000000, 0x40000000, true, "Armv7-M device region "
		 "(ARM DDI 0403E B3.1, Table B3-1)", {0}},
		{0xE0000000, 0x20000000, false, "Armv7-M system region: PPB and "
		 "vendor system (ARM DDI 0403E B3.1; Cortex-M3 TRM DDI 0337G "
		 "Table 4-1: an MPU cannot change this)", {0}},
	};
	const struct dev_xn *add = NULL;
	size_t nadd = 0;
	if (!d->arch)
		return;
	if (!strcmp(d->arch, "armv6-m"))
		add = v6, nadd = sizeof v6 / sizeof v6[0];
	else if (!strncmp(d->arch, "armv7", 5) || !strncmp(d->arch, "armv8-m", 7))
		add = v7, nadd = sizeof v7 / sizeof v7[0];
	if (!nadd)
		return;
	struct dev_xn *x = arena_alloc(&db->arena, (d->nxn + nadd) * sizeof *x);
	memcpy(x, add, nadd * sizeof *x);
	if (d->nxn)
		memcpy(x + nadd, d->xn, d->nxn * sizeof *x);
	d->xn = x;
	d->nxn += nadd;
}

/* --- resolving devices and boards ------------------------------------ */

static void *concat(struct arena *a, const void *x, size_t nx, const void *y,
		    size_t ny, size_t elem)
{
	unsigned char *v = arena_alloc(a, (nx + ny + 1) * elem);
	if (nx)
		memcpy(v, x, nx * elem);
	if (ny)
		memcpy(v + nx * elem, y, ny * elem);
	return v;
}

/* The parent's boot headers with the board's over them: a board header
 * replaces the parent's of the same name, others are added. */
static struct dev_boot_header *merge_headers(struct devdb *db,
					     const struct device *p,
					     const struct device *b, size_t *n)
{
	size_t k = p->nboot_headers;
	struct dev_boot_header *all = arena_alloc(&db->arena,
		(k + b->nboot_headers + 1) * sizeof *all);
	if (k)
		memcpy(all, p->boot_headers, k * sizeof *all);
	for (size_t i = 0; i < b->nboot_headers; i++) {
		size_t j = 0;
		while (j < k && strcmp(all[j].name, b->boot_headers[i].name))
			j++;
		all[j] = b->boot_headers[i];
		if (j == k)
			k++;
	}
	*n = k;
	return all;
}

/* The parent of a board: first next to the board file, then by search. */
static struct devfile *parent_file(struct devdb *db, const struct device *b)
{
	const char *slash = strrchr(b->path, '/');
	if (slash) {
		const char *dir = arena_strndup(&db->arena, b->path,
						(size_t)(slash - b->path));
		for (int k = 0; k < 2; k++) {
			const char *p = arena_printf(&db->arena, "%s/%s.%s", dir,
						     b->extends, k ? "yml" : "yaml");
			if (is_file(p))
				return devfile_read(db, p);
		}
	}
	const char *p = devdb_find(db, b->extends);
	if (!p) {
		not_found(db, b->extends_loc, "description", b->extends);
		return NULL;
	}
	return devfile_read(db, p);
}

static const struct device *resolve(struct devdb *db, struct devfile *f,
				    struct strbuf *chain, int depth);

static const struct device *merge_board(struct devdb *db, struct devfile *f,
					struct strbuf *chain, int depth)
{
	const struct device *b = f->dev;
	if (depth >= MAX_EXTENDS) {
		dev_error(db, b->extends_loc, "'extends' chains deeper than %d "
			  "descriptions: %s", MAX_EXTENDS, chain->buf);
		return NULL;
	}
	struct devfile *pf = parent_file(db, b);
	if (!pf)
		return NULL;
	if (!strcmp(pf->kind, "loader")) {
		dev_error(db, b->extends_loc, "'%s' extends '%s', which is a loader, "
			  "not a device or board", b->id, b->extends);
		return NULL;
	}
	if (pf->resolving) {
		dev_error(db, b->extends_loc, "'extends' makes a cycle: %s -> %s",
			  chain->buf, b->extends);
		return NULL;
	}
	const struct device *p = resolve(db, pf, chain, depth + 1);
	if (!p)
		return NULL;
	struct device *d = arena_alloc(&db->arena, sizeof *d);
	*d = *b;
	d->parent = p;
	d->match = p->match, d->nmatch = p->nmatch;
	d->core = p->core, d->arch = p->arch;
	d->from_probers = p->from_probers;
	if (!b->has_vector_table) {
		d->has_vector_table = p->has_vector_table;
		d->vector_table = p->vector_table;
		d->vector_table_loc = p->vector_table_loc;
	}
	d->mems = concat(&db->arena, p->mems, p->nmems, b->mems, b->nmems,
			 sizeof *d->mems);
	d->nmems = p->nmems + b->nmems;
	d->windows = concat(&db->arena, p->windows, p->nwindows, NULL, 0,
			    sizeof *d->windows);
	d->nwindows = p->nwindows;
	d->reserved = concat(&db->arena, p->reserved, p->nreserved, b->reserved,
			     b->nreserved, sizeof *d->reserved);
	d->nreserved = p->nreserved + b->nreserved;
	d->xn = concat(&db->arena, p->xn, p->nxn, b->xn, b->nxn, sizeof *d->xn);
	d->nxn = p->nxn + b->nxn;
	d->boot_headers = merge_headers(db, p, b, &d->nboot_headers);
	for (size_t i = 0; i < d->nwindows; i++)
		d->windows[i].populated_by = NULL;
	return d;
}

static const struct device *resolve(struct devdb *db, struct devfile *f,
				    struct strbuf *chain, int depth)
{
	if (f->resolved)
		return f->resolved;
	if (f->bad)
		return NULL;
	sb_printf(chain, "%s%s", chain->len ? " -> " : "", f->id);
	f->resolving = true;
	struct device *d;
	if (!strcmp(f->kind, "board")) {
		d = (struct device *)merge_board(db, f, chain, depth);
	} else {
		d = arena_alloc(&db->arena, sizeof *d);
		*d = *f->dev;
		d->mems = concat(&db->arena, f->dev->mems, f->dev->nmems, NULL, 0,
				 sizeof *d->mems);
		d->windows = concat(&db->arena, f->dev->windows, f->dev->nwindows,
				    NULL, 0, sizeof *d->windows);
		d->reserved = concat(&db->arena, f->dev->reserved,
				     f->dev->nreserved, NULL, 0,
				     sizeof *d->reserved);
		device_add_arch_xn(db, d);
	}
	f->resolving = false;
	if (!d || !device_check(db, d)) {
		f->bad = true;
		return NULL;
	}
	f->resolved = d;
	return d;
}

const struct device *devdb_device(struct devdb *db, const char *spec)
{
	struct devfile *f = open_spec(db, spec, "device or board");
	if (!f)
		return NULL;
	if (!strcmp(f->kind, "loader")) {
		struct loc l = {f->path, 0, 0, 0};
		dev_error(db, l, "'%s' is a loader; give it with -L, and a device "
			  "or board with -d", f->id);
		return NULL;
	}
	struct strbuf chain = {0};
	const struct device *d = resolve(db, f, &chain, 0);
	sb_free(&chain);
	return d;
}

const struct device *devdb_device_file(struct devdb *db, const char *path,
				       const char *chip)
{
	size_t len;
	const char *text = source_read(path, &len);
	if (!text) {
		struct loc l = {path, 0, 0, 0};
		dev_error(db, l, "cannot read the device file: %s", strerror(errno));
		return NULL;
	}
	struct device *d = pdsc_is_xml(text, len) ? pdsc_read(db, path, chip) :
			   probers_read(db, path, chip);
	if (!d)
		return NULL;
	device_add_arch_xn(db, d);
	if (!device_check(db, d))
		return NULL;
	return d;
}

/* --- binding loaders ------------------------------------------------- */

/* Does 'dev' or a device it extends match one of the globs? */
static bool dev_matches(const struct device *dev, const char **globs, size_t n)
{
	for (const struct device *d = dev; d; d = d->parent)
		for (size_t i = 0; i < n; i++)
			if (dev_glob(globs[i], d->id))
				return true;
	return false;
}

static void merge_part(struct devdb *db, struct ldr_part *to,
		       const struct ldr_part *from)
{
	struct arena *a = &db->arena;
	if (from->description)
		to->description = from->description;
	if (from->image_format)
		to->image_format = from->image_format;
	if (from->has_download_at)
		to->has_download_at = true, to->download_at = from->download_at;
	if (from->message)
		to->message = from->message;
	if (from->has_transfer_size)
		to->has_transfer_size = true, to->transfer_size = from->transfer_size;
#define CAT(f) \
	to->f = concat(a, to->f, to->n##f, from->f, from->n##f, sizeof *to->f); \
	to->n##f += from->n##f
	CAT(occupies);
	CAT(reserves);
	CAT(writes);
	CAT(runs_from);
	CAT(dfuse);
#undef CAT
}

/* Turns 'memory:' and 'type:' selectors into address ranges; a type
 * selector becomes one range per memory of that type. */
static struct ldr_range *bind_ranges(struct devdb *db, const struct loader *l,
				     const struct ldr_range *in, size_t n,
				     size_t *nout, bool *ok)
{
	const struct device *d = l->device;
	size_t cap = n + 1;
	for (size_t i = 0; d && i < n; i++)
		if (in[i].type >= 0)
			cap += d->nmems;
	struct ldr_range *out = arena_alloc(&db->arena, cap * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ldr_range *r = &in[i];
		if (!d || r->resolved) {
			out[k++] = *r;
			continue;
		}
		if (r->memory) {
			const struct dev_memory *m = device_memory_named(d, r->memory);
			if (!m) {
				dev_error(db, r->loc, "loader '%s' names memory '%s', "
					  "which '%s' does not have", l->id,
					  r->memory, d->id);
				*ok = false;
				continue;
			}
			out[k] = *r;
			out[k].base = m->base, out[k].size = m->size;
			out[k++].resolved = true;
			continue;
		}
		for (size_t j = 0; j < d->nmems; j++) {
			const struct dev_memory *m = &d->mems[j];
			if ((int)m->type != r->type || m->alias_of)
				continue;
			out[k] = *r;
			out[k].memory = m->name;
			out[k].base = m->base, out[k].size = m->size;
			out[k++].resolved = true;
		}
	}
	*nout = k;
	return out;
}

/* The writable runs of the DfuSe strings, as writes. */
static void dfuse_writes(struct devdb *db, struct loader *l)
{
	size_t extra = 0;
	for (size_t i = 0; i < l->ndfuse; i++)
		extra += l->dfuse[i].nsegs;
	struct ldr_range *w = arena_alloc(&db->arena,
					  (l->nwrites + extra + 1) * sizeof *w);
	size_t k = 0;
	for (size_t i = 0; i < l->ndfuse; i++)
		for (size_t s = 0; s < l->dfuse[i].nsegs; s++) {
			const struct dfuse_segment *sg = &l->dfuse[i].segs[s];
			if (!(sg->memtype & 4))
				continue;
			struct ldr_range *r = &w[k++];
			memset(r, 0, sizeof *r);
			r->base = sg->start;
			r->size = sg->end - sg->start + 1;
			r->resolved = true;
			r->type = -1;
			r->page = sg->pagesize;
			r->dfuse_alt = (int)i;
			r->loc = l->dfuse[i].loc;
			r->how = i == 0 ? WRITE_YES : WRITE_NEEDS;
			if (i > 0)
				r->requires = arena_printf(&db->arena,
					"a separate download to DfuSe alternate "
					"setting %zu ('%s', dfu-util -a %zu)", i,
					l->dfuse[i].name, i);
		}
	if (l->nwrites)
		memcpy(w + k, l->writes, l->nwrites * sizeof *w);
	l->writes = w;
	l->nwrites += k;
}

const struct loader *devdb_loader(struct devdb *db, const char *spec,
				  const struct device *dev)
{
	struct devfile *f = open_spec(db, spec, "loader");
	if (!f)
		return NULL;
	if (strcmp(f->kind, "loader")) {
		struct loc l = {f->path, 0, 0, 0};
		dev_error(db, l, "'%s' is a %s, not a loader", f->id, f->kind);
		return NULL;
	}
	const struct ldr_raw *raw = f->ldr;
	if (dev && !dev_matches(dev, raw->head.applies_to, raw->head.napplies)) {
		dev_error(db, raw->applies_loc, "loader '%s' does not apply to '%s' "
			  "(nor to a device it extends)", raw->head.id, dev->id);
		return NULL;
	}
	struct ldr_part part = raw->base;
	struct loader *l = arena_alloc(&db->arena, sizeof *l);
	*l = raw->head;
	l->device = dev;
	if (dev && raw->nvariants) {
		const struct ldr_variant *v = NULL;
		for (size_t i = 0; i < raw->nvariants && !v; i++)
			if (dev_matches(dev, raw->variants[i].match,
					raw->variants[i].nmatch))
				v = &raw->variants[i];
		if (!v) {
			dev_error(db, raw->applies_loc, "loader '%s' has no variant "
				  "for '%s'", raw->head.id, dev->id);
			return NULL;
		}
		merge_part(db, &part, &v->part);
		l->variant = v->part.description ? v->part.description : "";
	}
	l->image_format = part.image_format;
	l->has_download_at = part.has_download_at;
	l->download_at = part.download_at;
	l->message = part.message;
	l->transfer_size = part.has_transfer_size ? part.transfer_size : 0;
	l->dfuse = part.dfuse, l->ndfuse = part.ndfuse;
	bool ok = true;
	l->occupies = bind_ranges(db, l, part.occupies, part.noccupies,
				  &l->noccupies, &ok);
	l->writes = bind_ranges(db, l, part.writes, part.nwrites, &l->nwrites, &ok);
	l->runs_from = bind_ranges(db, l, part.runs_from, part.nruns_from,
				   &l->nruns_from, &ok);
	l->reserves = concat(&db->arena, part.reserves, part.nreserves, NULL, 0,
			     sizeof *l->reserves);
	l->nreserves = part.nreserves;
	if (dev)
		ok &= resolve_reserved(db, (struct device *)dev, l->reserves,
				       l->nreserves);
	dfuse_writes(db, l);
	if (!l->message && l->ndfuse)
		l->message = "Last page at {last} is not writeable";
	return ok ? l : NULL;
}

/* --- the catalogue --------------------------------------------------- */

struct list_arg {
	struct devdb_entry *v;
	size_t n, cap;
};

static void list_fn(struct devdb *db, const char *path, void *arg)
{
	struct list_arg *la = arg;
	const char *b = strrchr(path, '/');
	char *id = arena_strdup(&db->arena, b ? b + 1 : path);
	char *dot = strrchr(id, '.');
	if (dot)
		*dot = '\0';
	for (size_t i = 0; i < la->n; i++)
		if (!strcmp(la->v[i].id, id))
			return;		/* an earlier directory wins */
	struct devfile *f = devfile_read(db, path);
	if (!f)
		return;
	if (la->n == la->cap) {
		la->cap = la->cap ? 2 * la->cap : 32;
		la->v = xrealloc(la->v, la->cap * sizeof *la->v);
	}
	struct devdb_entry *e = &la->v[la->n++];
	e->id = f->id;
	e->kind = f->kind;
	e->description = f->description;
	e->path = f->path;
}

static int kind_rank(const char *k)
{
	return !strcmp(k, "device") ? 0 : !strcmp(k, "board") ? 1 : 2;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct devdb_entry *x = a, *y = b;
	int r = kind_rank(x->kind) - kind_rank(y->kind);
	return r ? r : strcmp(x->id, y->id);
}

struct devdb_entry *devdb_list(struct devdb *db, size_t *n)
{
	struct list_arg la = {0};
	scan(db);
	for (size_t i = 0; i < db->nyaml; i++)
		list_fn(db, db->yaml[i].path, &la);
	if (la.n)
		qsort(la.v, la.n, sizeof *la.v, entry_cmp);
	struct devdb_entry *v = arena_alloc(&db->arena,
					    (la.n + 1) * sizeof *v);
	if (la.n)
		memcpy(v, la.v, la.n * sizeof *v);
	free(la.v);
	*n = la.n;
	return v;
}
