/*
 * config: finding and reading .ldlint.yaml (see config.h for the keys).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "number.h"
#include "source.h"
#include "ytree.h"

struct reader {
	struct config *cfg;
	struct arena *a;
	struct diag *d;
	const char *dir;	/* the file's directory, relative; "" = cwd */
	const char *absdir;	/* the same, absolute and real */
	const char *top;	/* the repository's top (real), or absdir */
	bool ok;
};

static void bad(struct reader *r, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct reader *r, const struct ynode *n, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_report(r->d, "config-file", n->loc, "%s", buf);
	r->ok = false;
}

/* A key must be one of 'keys'; suggest the nearest. */
static bool known_key(struct reader *r, const struct ynode *key,
		      const char *const *keys, const char *where)
{
	const char *best = NULL;
	unsigned best_d = 3;
	for (const char *const *k = keys; *k; k++) {
		if (strcmp(*k, key->text) == 0)
			return true;
		unsigned dist = edit_distance(key->text, *k, best_d);
		if (dist < best_d) {
			best_d = dist;
			best = *k;
		}
	}
	if (best)
		bad(r, key, "unknown key '%s' in %s; did you mean '%s'?", key->text,
		    where, best);
	else
		bad(r, key, "unknown key '%s' in %s", key->text, where);
	return false;
}

static const char *scalar(struct reader *r, const struct ynode *n, const char *what)
{
	if (n->kind != YN_SCALAR) {
		bad(r, n, "%s must be a string, not %s", what, ytree_kind_name(n));
		return NULL;
	}
	return n->text;
}

/* 'rel' joined to 'dir' with '.' and '..' taken away (no symlinks read). */
static char *lexical_join(struct arena *a, const char *dir, const char *rel)
{
	char *out = arena_alloc(a, strlen(dir) + strlen(rel) + 3);
	size_t n = strlen(strcpy(out, dir));
	const char *p = rel;
	while (*p) {
		size_t len = strcspn(p, "/");
		if ((len == 1 && p[0] == '.') || len == 0) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 1)
				n--;
			out[n] = '\0';
		} else {
			if (n == 0 || out[n - 1] != '/')
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
			out[n] = '\0';
		}
		p += len;
		while (*p == '/')
			p++;
	}
	if (n == 0)
		strcpy(out, "/");
	return out;
}

static bool under(const char *path, const char *top)
{
	size_t n = strlen(top);
	if (n == 1 && top[0] == '/')
		return true;
	return strncmp(path, top, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* A path in the file stays inside the repository: a configuration that
 * comes with a pull request must not make a report quote files from
 * elsewhere on the machine (an absolute path, '..' past the top, or a
 * symbolic link out of it). */
static bool inside(struct reader *r, const struct ynode *n, const char *s)
{
	const char *why = NULL;
	if (s[0] == '/') {
		why = "is absolute";
	} else {
		const char *abs = lexical_join(r->a, r->absdir, s);
		char *real = realpath(abs, NULL);
		if (!under(abs, r->top))
			why = "leads out of the repository";
		else if (real && !under(real, r->top))
			why = "is a symbolic link out of the repository";
		free(real);
	}
	if (why)
		bad(r, n, "'%s' %s: a path in the configuration stays inside "
		    "the repository (%s); give this one on the command line", s,
		    why, r->top);
	return !why;
}

static const char *path_of(struct reader *r, const struct ynode *n, const char *what)
{
	const char *s = scalar(r, n, what);
	if (!s || !inside(r, n, s))
		return NULL;
	if (!r->dir[0])
		return s;
	return arena_printf(r->a, "%s/%s", r->dir, s);
}

/* A device or loader: an id stays an id, a path is made relative. */
static const char *id_or_path(struct reader *r, const struct ynode *n, const char *what)
{
	const char *s = scalar(r, n, what);
	if (s && (strchr(s, '/') || strstr(s, ".yaml") || strstr(s, ".yml")))
		return path_of(r, n, what);
	return s;
}

/* A string or a list of strings; *at (when given) gets their places. */
static const char **list(struct reader *r, const struct ynode *n, size_t *count,
			 bool paths, const char *what, struct loc **at)
{
	size_t len = n->kind == YN_SEQ ? n->n : 1;
	const char **out = arena_alloc(r->a, (len + 1) * sizeof *out);
	if (at)
		*at = arena_alloc(r->a, (len + 1) * sizeof **at);
	*count = 0;
	for (size_t i = 0; i < len; i++) {
		const struct ynode *item = n->kind == YN_SEQ ? n->items[i] : n;
		const char *s = paths ? path_of(r, item, what) : scalar(r, item, what);
		if (s && at)
			(*at)[*count] = item->loc;
		if (s)
			out[(*count)++] = s;
	}
	return out;
}

static bool number(struct reader *r, const struct ynode *n, uint64_t *v)
{
	const char *s = scalar(r, n, "a number");
	if (!s)
		return false;
	const char *why;
	if (!number_parse(s, v, &why)) {
		bad(r, n, "'%s' %s", s, why);
		return false;
	}
	return true;
}

static void inputs(struct reader *r, const struct ynode *map)
{
	static const char *const keys[] = {"script", "scripts", "elf", "map", "objdir",
		"include", "defsym", NULL};
	struct config *c = r->cfg;
	if (map->kind != YN_MAP) {
		bad(r, map, "inputs must be a mapping, not %s", ytree_kind_name(map));
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i], *v = map->items[i];
		if (!known_key(r, k, keys, "inputs"))
			continue;
		if (!strcmp(k->text, "script") || !strcmp(k->text, "scripts"))
			c->scripts = list(r, v, &c->nscripts, true, "a script path",
					  &c->scripts_at);
		else if (!strcmp(k->text, "elf"))
			c->elf = path_of(r, v, "elf"), c->elf_at = v->loc;
		else if (!strcmp(k->text, "map"))
			c->map = path_of(r, v, "map"), c->map_at = v->loc;
		else if (!strcmp(k->text, "objdir"))
			c->objdir = path_of(r, v, "objdir");
		else if (!strcmp(k->text, "include"))
			c->include_dirs = list(r, v, &c->ninclude, true, "a directory",
					       NULL);
		else if (v->kind != YN_MAP)
			bad(r, v, "defsym must be a mapping of symbol: number");
		else {
			c->defsyms = arena_alloc(r->a, (v->n + 1) * sizeof *c->defsyms);
			for (size_t j = 0; j < v->n; j++) {
				uint64_t num;
				if (number(r, v->items[j], &num)) {
					c->defsyms[j].name = v->keys[j]->text;
					c->defsyms[j].value = num;
				}
			}
		}
	}
}

static bool level(const char *s, enum severity *out)
{
	static const struct { const char *w; enum severity s; } levels[] = {
		{"error", SEV_ERROR}, {"warning", SEV_WARNING}, {"note", SEV_NOTE},
		{"off", SEV_OFF}};
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(s, levels[i].w)) {
			*out = levels[i].s;
			return true;
		}
	return false;
}

static void rules(struct reader *r, const struct ynode *map)
{
	if (map->kind != YN_MAP) {
		bad(r, map, "rules must be a mapping of rule id: level");
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i], *v = map->items[i];
		int rule = diag_rule(r->d, k->text);
		if (rule < 0) {
			const char *near = diag_rule_nearest(r->d, k->text);
			if (near)
				bad(r, k, "'%s' is no rule id; did you mean '%s'?", k->text, near);
			else
				bad(r, k, "'%s' is no rule id (see ldlint --list-rules)", k->text);
			continue;
		}
		const char *s = scalar(r, v, "a rule level");
		enum severity sev;
		if (s && level(s, &sev)) {
			r->cfg->level[rule] = sev;
			r->cfg->level_set[rule] = true;
			r->cfg->level_at[rule] = v->loc;
		} else if (s) {
			bad(r, v, "'%s' is no level; use error, warning, note or off", s);
		}
	}
}

static void top(struct reader *r, const struct ynode *root)
{
	static const char *const keys[] = {"device", "loader", "inputs", "rules",
		"thresholds", "runtime-written", "fail-on", NULL};
	struct config *c = r->cfg;
	if (root->kind != YN_MAP) {
		bad(r, root, "the configuration must be a mapping, not %s",
		    ytree_kind_name(root));
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *k = root->keys[i], *v = root->items[i];
		if (!known_key(r, k, keys, "the configuration"))
			continue;
		if (!strcmp(k->text, "device"))
			c->device = id_or_path(r, v, "device"), c->device_at = v->loc;
		else if (!strcmp(k->text, "loader"))
			c->loader = id_or_path(r, v, "loader"), c->loader_at = v->loc;
		else if (!strcmp(k->text, "inputs"))
			inputs(r, v);
		else if (!strcmp(k->text, "rules"))
			rules(r, v);
		else if (!strcmp(k->text, "runtime-written"))
			c->runtime_written = list(r, v, &c->nruntime, false,
						  "a section glob", NULL);
		else if (!strcmp(k->text, "fail-on")) {
			const char *s = scalar(r, v, "fail-on");
			if (s && level(s, &c->fail_on) && c->fail_on != SEV_OFF)
				c->fail_on_set = true;
			else if (s)
				bad(r, v, "fail-on takes error, warning or note, not '%s'", s);
		} else {
			static const char *const tkeys[] = {"region-usage", NULL};
			if (v->kind != YN_MAP) {
				bad(r, v, "thresholds must be a mapping");
				continue;
			}
			for (size_t j = 0; j < v->n; j++) {
				uint64_t pct;
				if (known_key(r, v->keys[j], tkeys, "thresholds") &&
				    number(r, v->items[j], &pct)) {
					if (pct < 1 || pct > 100)
						bad(r, v->items[j], "region-usage is a percentage "
						    "from 1 to 100");
					else
						c->usage_percent = (unsigned)pct;
				}
			}
		}
	}
}

/* Whose the file or directory is must be the user's (or root's): a
 * .ldlint.yaml another user left in /tmp does not apply. */
static bool owned(const struct stat *st)
{
	return st->st_uid == geteuid() || st->st_uid == 0;
}

/* The nearest .ldlint.yaml from the current directory upward, as a path
 * relative to it; NULL when there is none.  The search stops at a
 * repository's top, at $HOME, at the root, and before a directory that is
 * not the user's. */
static const char *find_config(struct arena *a, const char **dir)
{
	char prefix[4096] = "";
	const char *home = getenv("HOME");
	char *real_home = home && home[0] ? realpath(home, NULL) : NULL;
	const char *found = NULL;
	for (int up = 0; up < 64 && !found; up++) {
		struct stat st;
		char *real = realpath(prefix[0] ? prefix : ".", NULL);
		if (!real || stat(real, &st) != 0 || !owned(&st)) {
			free(real);
			break;
		}
		const char *cand = arena_printf(a, "%s.ldlint.yaml", prefix);
		if (lstat(cand, &st) == 0 && S_ISREG(st.st_mode) && owned(&st)) {
			size_t n = strlen(prefix);
			*dir = arena_strndup(a, prefix, n ? n - 1 : 0);
			found = cand;
		}
		const char *git = arena_printf(a, "%s.git", prefix);
		bool last = strcmp(real, "/") == 0 || stat(git, &st) == 0 ||
			    (real_home && strcmp(real, real_home) == 0) ||
			    strlen(prefix) + 4 >= sizeof prefix;
		free(real);
		if (last)
			break;
		strcat(prefix, "../");
	}
	free(real_home);
	return found;
}

/* The top of the repository holding 'dir' (real path), or 'dir' itself. */
static const char *repository_top(struct arena *a, const char *dir)
{
	char *real = realpath(dir[0] ? dir : ".", NULL);
	if (!real)
		return NULL;
	const char *top = arena_strdup(a, real);
	char *p = real;
	for (int up = 0; up < 64; up++) {
		struct stat st;
		const char *git = arena_printf(a, "%s/.git", strcmp(p, "/") ? p : "");
		if (stat(git, &st) == 0) {
			top = arena_strdup(a, p);
			break;
		}
		char *slash = strrchr(p, '/');
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	free(real);
	return top;
}

bool config_load(struct config *cfg, const char *path, struct arena *a,
		 struct diag *d)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->level = arena_alloc(a, (d->nrules ? d->nrules : 1) * sizeof *cfg->level);
	cfg->level_set = arena_alloc(a, (d->nrules ? d->nrules : 1) * sizeof *cfg->level_set);
	cfg->level_at = arena_alloc(a, (d->nrules ? d->nrules : 1) * sizeof *cfg->level_at);
	const char *dir = "";
	if (path) {
		const char *slash = strrchr(path, '/');
		dir = slash ? arena_strndup(a, path, (size_t)(slash - path)) : "";
	} else if (!(path = find_config(a, &dir))) {
		return true;
	}
	cfg->path = path;
	size_t len;
	char *text = source_read(path, &len);
	if (!text) {
		struct loc l = {path, 0, 0, 0};
		diag_report(d, "config-file", l, "cannot read configuration '%s': %s",
			 path, read_failure());
		return false;
	}
	struct ynode *root;
	if (!ytree_parse_as(a, d, "config-file", path, text, len, &root))
		return false;
	if (!root)
		return true;	/* empty: nothing set */
	char *absdir = realpath(dir[0] ? dir : ".", NULL);
	struct reader r = {cfg, a, d, dir, arena_strdup(a, absdir ? absdir : "/"),
			   repository_top(a, dir), true};
	free(absdir);
	if (!r.top)
		r.top = r.absdir;
	top(&r, root);
	return r.ok;
}
