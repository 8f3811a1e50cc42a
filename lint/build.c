/*
 * build: reading and linting one linked build (see build.h).
 */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "mapfile.h"
#include "script.h"
#include "source.h"
#include "suppress.h"
#include "symtab.h"

/* The symbols the rules read and every symbol the script sets,
 * NULL-terminated (heap): what the ELF and map readers are asked for. */
static const char **wanted_symbols(const struct model *m0)
{
	const char **want = xcalloc(m0->nsymbols + m0->nreads + 64, sizeof *want);
	size_t nw = 0;
	for (size_t i = 0; model_wanted_symbols[i]; i++)
		want[nw++] = model_wanted_symbols[i];
	if (m0->entry)
		want[nw++] = m0->entry;
	for (size_t i = 0; i < m0->nsymbols; i++)
		if (!model_symbol_wanted(m0->symbols[i].name))
			want[nw++] = m0->symbols[i].name;
	/* and what it reads without setting (MEMORY's symbols, ASSERTs) */
	for (size_t i = 0; i < m0->nreads; i++)
		if (!model_symbol_wanted(m0->reads[i]) && !model_symbol(m0, m0->reads[i]))
			want[nw++] = m0->reads[i];
	want[nw] = NULL;
	return want;
}

/* An input that does not exist: one finding that names the closest file. */
static bool missing(const char *path, const char *rule, const char *what,
		    struct diag *d)
{
	if (access(path, F_OK) == 0 || errno != ENOENT)
		return false;
	struct loc l = {path, 0, 0, 0};
	diag_report(d, rule, l, "cannot read %s '%s': no such file%s", what, path,
		    source_suggest(path));
	return true;
}

/* Where the map's relative object paths are looked up: --objdir, else
 * the map's directory (where a build usually writes it and runs the link),
 * then the current one. */
static const char *const *objdirs(const char *objdir, const char *map,
				  struct arena *a)
{
	const char **dirs = arena_alloc(a, 3 * sizeof *dirs);
	if (objdir) {
		dirs[0] = objdir;
		return dirs;
	}
	const char *slash = strrchr(map, '/');
	dirs[0] = slash ? arena_strndup(a, map, (size_t)(slash - map) +
				       (slash == map)) : ".";
	dirs[1] = slash ? "." : NULL;
	return dirs;
}

static void read_scripts(struct build *b, const struct build_inputs *in,
			 struct diag *d)
{
	size_t nmodels = in->nscripts ? in->nscripts : 1;
	b->scripts = xcalloc(nmodels, sizeof *b->scripts);
	b->models = xcalloc(nmodels, sizeof *b->models);
	b->inputs = xcalloc(in->nscripts + 4, sizeof *b->inputs);	/* + elf, map,
									   device, loader */
	for (size_t i = 0; i < in->nscripts; i++) {
		const char *path = in->scripts[i];
		b->inputs[b->ninputs++] = (struct input){INPUT_SCRIPT, path};
		b->scripts[i] = script_load(path, in->so, d);
		if (b->scripts[i]->failed)
			b->bad_input = true;
		b->models[b->nmodels++] = model_from_script(b->scripts[i], in->defsyms);
	}
	if (!b->nmodels)
		b->models[b->nmodels++] = model_new();
}

/* The linked image and its map join the first script's model. */
void build_read(struct build *b, const struct build_inputs *in,
		struct diag *d, struct arena *a)
{
	memset(b, 0, sizeof *b);
	read_scripts(b, in, d);
	const char *elf = in->elf, *map = in->map;
	if (elf && missing(elf, "elf-file", "ELF file", d))
		b->bad_input = true, elf = NULL;
	if (map && missing(map, "map-file", "map file", d))
		b->bad_input = true, map = NULL;
	/* the symbols rules read, and every symbol the script sets */
	const char **want = wanted_symbols(b->models[0]);
	if (elf) {
		b->inputs[b->ninputs++] = (struct input){INPUT_ELF, elf};
		b->elf = elf_read(elf, want, d);
		if (b->elf)
			model_add_elf(b->models[0], b->elf);
		else
			b->bad_input = true;
		if (b->elf && in->size)
			b->syms = symtab_read(elf, size_keep(in->size));
	}
	if (in->size)
		b->size = size_new(in->size, b->syms);
	if (map) {
		b->inputs[b->ninputs++] = (struct input){INPUT_MAP, map};
		source_allow(map);	/* its lines are shown with findings */
		struct map_options mo;
		model_map_options(b->models[0], &mo);
		mo.symbols = want;
		if (b->size)
			size_map_hook(b->size, &mo);
		b->map = map_read(map, &mo, d);
		if (b->map)
			model_add_map(b->models[0], b->map, objdirs(in->objdir, map, a));
		else
			b->bad_input = true;
	}
	free(want);
	if (b->size)
		size_finish(b->size, b->models[0], b->map);
}

void build_lint(struct build *b, const struct device *dev,
		const struct loader *ldr, const struct rule_config *cfg,
		struct diag *d)
{
	for (size_t i = 0; i < b->nmodels; i++) {
		/* after a fatal script error (a missing INCLUDE, an unreadable
		 * file) the rest of the script was never read: no rule that
		 * needs the script may judge it */
		const struct script *sc = b->scripts[i] && !b->scripts[i]->fatal ?
					  b->scripts[i] : NULL;
		struct rule_ctx rc = {sc, b->models[i], d, dev, ldr, cfg, NULL};
		rules_run(&rc);
	}
	suppress_apply(d, b->scripts, b->nmodels);
	diag_sort(d);
}

/* ---- the baseline's files ------------------------------------------------ */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool regular(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* 'dir/name' if it is a readable regular file passing 'is', else NULL. */
static const char *beside(struct arena *a, const char *dir, const char *name,
			  bool (*is)(const char *))
{
	const char *p = arena_printf(a, "%s/%s", dir, name);
	return regular(p) && (!is || is(p)) ? p : NULL;
}

/* 'name' without its last '.suffix'. */
static const char *stem(struct arena *a, const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name ? arena_strndup(a, name, (size_t)(dot - name)) : name;
}

/* The one file of a kind in 'dir' named 'want' (or 'want2'), or its only
 * one; NULL with 'why' set when there are several and none so named. */
static const char *pick(struct arena *a, const char *dir, bool (*is)(const char *),
			const char *want, const char *want2, const char *what,
			char *why, size_t nwhy)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	const char *only = NULL, *named = NULL;
	size_t n = 0;
	struct strbuf names = {0};
	for (struct dirent *e; (e = readdir(dp));) {
		if (e->d_name[0] == '.')
			continue;
		const char *p = beside(a, dir, e->d_name, is);
		if (!p)
			continue;
		n++;
		sb_printf(&names, "%s'%s'", names.len ? ", " : "", e->d_name);
		if (!only || strcmp(p, only) < 0)
			only = p;
		if ((want && !strcmp(e->d_name, want)) || (want2 && !strcmp(e->d_name, want2)))
			if (!named || (want && !strcmp(e->d_name, want)))
				named = p;
	}
	closedir(dp);
	if (!named && n > 1)
		snprintf(why, nwhy, "the directory holds %zu %ss (%s) and none is "
			 "named '%s'; give the baseline's file itself", n, what,
			 names.buf, want ? want : want2 ? want2 : "like this build's");
	sb_free(&names);
	return named ? named : n == 1 ? only : NULL;
}

static bool is_elf(const char *p) { return elf_is_elf(p); }
static bool is_map(const char *p) { return map_is_map(p); }

/* The baseline's ELF and map in directory 'dir'. */
static bool from_dir(const char *dir, const struct build_inputs *cur,
		     struct build_inputs *out, struct arena *a, char *why, size_t nwhy)
{
	why[0] = '\0';
	if (cur->elf)
		out->elf = pick(a, dir, is_elf, base_name(cur->elf), NULL, "ELF file",
				why, nwhy);
	if (why[0])
		return false;
	if (cur->map) {
		const char *like_elf = out->elf ?
			arena_printf(a, "%s.map", stem(a, base_name(out->elf))) : NULL;
		out->map = pick(a, dir, is_map, base_name(cur->map), like_elf,
				"map file", why, nwhy);
	}
	return !why[0];
}

/* The baseline's ELF or map 'path', and its partner beside it. */
static bool from_file(const char *path, const char *dir,
		      const struct build_inputs *cur, struct build_inputs *out,
		      struct arena *a, char *why, size_t nwhy)
{
	const char *name = base_name(path);
	if (elf_is_elf(path)) {
		if (!cur->elf) {
			snprintf(why, nwhy, "it is an ELF file and this build has none "
				 "to compare it with");
			return false;
		}
		out->elf = path;
		if (cur->map && !(out->map = beside(a, dir, arena_printf(a, "%s.map",
						stem(a, name)), is_map)))
			out->map = beside(a, dir, arena_printf(a, "%s.map", name), is_map);
		return true;
	}
	if (!map_is_map(path)) {
		snprintf(why, nwhy, "it is neither an ELF file nor a map, nor a "
			 "directory holding them");
		return false;
	}
	if (!cur->map) {
		snprintf(why, nwhy, "it is a map and this build has none to compare "
			 "it with");
		return false;
	}
	out->map = path;
	static const char *const suffixes[] = {".elf", ".axf", ".out", ""};
	for (size_t i = 0; cur->elf && !out->elf && i < 4; i++)
		out->elf = beside(a, dir, arena_printf(a, "%s%s", stem(a, name),
						       suffixes[i]), is_elf);
	return true;
}

bool build_baseline_inputs(const char *path, const struct build_inputs *cur,
			   struct build_inputs *out, bool *current_scripts,
			   struct arena *a, char *why, size_t nwhy)
{
	*out = *cur;
	out->elf = out->map = NULL;
	out->objdir = NULL;
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(why, nwhy, "%s", strerror(errno));
		return false;
	}
	const char *dir;
	if (S_ISDIR(st.st_mode)) {
		dir = path;
		if (!from_dir(dir, cur, out, a, why, nwhy))
			return false;
	} else {
		const char *slash = strrchr(path, '/');
		dir = slash ? arena_strndup(a, path, (size_t)(slash - path) +
					    (slash == path)) : ".";
		if (!from_file(path, dir, cur, out, a, why, nwhy))
			return false;
	}
	if (!out->elf && !out->map) {
		snprintf(why, nwhy, "no %s there to compare with this build's",
			 cur->elf && cur->map ? "ELF file or map" : cur->elf ?
			 "ELF file" : "map");
		return false;
	}
	const char **scripts = arena_alloc(a, (cur->nscripts + 1) * sizeof *scripts);
	*current_scripts = false;
	for (size_t i = 0; i < cur->nscripts; i++) {
		scripts[i] = beside(a, dir, base_name(cur->scripts[i]), NULL);
		if (!scripts[i] || !strcmp(scripts[i], cur->scripts[i])) {
			scripts[i] = cur->scripts[i];
			*current_scripts = true;
		}
	}
	out->scripts = scripts;
	return true;
}

void build_free(struct build *b)
{
	size_free(b->size);
	symtab_free(b->syms);
	for (size_t i = 0; i < b->nmodels; i++) {
		model_free(b->models[i]);
		if (b->scripts[i])
			script_free(b->scripts[i]);
	}
	if (b->elf)
		elf_free(b->elf);
	if (b->map)
		map_free(b->map);
	free(b->scripts);
	free(b->models);
	free(b->inputs);
	memset(b, 0, sizeof *b);
}
