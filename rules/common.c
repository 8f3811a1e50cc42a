/*
 * common: helpers the rule families share: where a finding points, which
 * sections are placed and loaded, memory coverage and names.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

const char *const rules_default_runtime_written[] = {
	".user_data*", ".eeprom*", ".nvm*", ".storage*", ".settings*",
	".persist*", NULL,
};

struct loc rule_where(const struct rule_ctx *c, const struct model_section *s)
{
	if (s && s->loc.file)
		return s->loc;
	struct loc l = {0};
	if (s && s->map_line && c->model->map_path) {
		l.file = c->model->map_path;
		l.line = s->map_line;
		l.col = 1;
		l.len = (unsigned)strlen(s->name);
	} else if (c->model->elf_path) {
		l.file = c->model->elf_path;
	} else if (c->script) {
		l.file = c->script->path;
	}
	return l;
}

bool rule_placed(const struct model_section *s)
{
	return (!s->flags[0] || strchr(s->flags, 'a')) && s->vma.known &&
	       s->size.known && s->size.v > 0;
}

bool rule_loaded(const struct model_section *s)
{
	return rule_placed(s) && s->in_image && !s->noload && s->lma.known &&
	       (!s->elf_type || strcmp(s->elf_type, "nobits") != 0);
}

bool rule_flag(const struct model_section *s, char flag)
{
	return s->flags[0] && strchr(s->flags, flag);
}

bool rule_writable_data(const struct model_section *s)
{
	/* The ELF gives constructor tables (and .got, .ctors, .jcr) the write
	 * flag whatever memory they end up in; only plain data counts. */
	static const char *const tables[] = {".init_array*", ".fini_array*",
		".preinit_array*", ".ctors*", ".dtors*", ".jcr*", ".got*", NULL};
	if (!rule_flag(s, 'w'))
		return false;
	if (!model_section_plain(s))
		return false;
	return !rule_glob_any(tables, s->name);
}

bool rule_covered(const struct device *dev, uint64_t addr, uint64_t size)
{
	uint64_t end = addr + (size ? size : 1);
	while (addr < end) {
		const struct dev_memory *m = device_memory_at(dev, addr);
		if (!m || m->base + m->size <= addr)
			return false;
		addr = m->base + m->size;
		if (addr == 0)
			return true;	/* wrapped at the top of the space */
	}
	return true;
}

const char *rule_memory_name(struct diag *d, const struct dev_memory *m)
{
	return arena_printf(d->arena, "%s (%s, 0x%08" PRIx64 "-0x%08" PRIx64 ")",
			    m->name, mem_type_name(m->type), m->base,
			    m->base + m->size - 1);
}

void rule_note_memory(const struct rule_ctx *c, struct finding *f,
		      const struct dev_memory *m)
{
	if (!m)
		return;
	char size[32];
	if (m->size % (1024 * 1024) == 0)
		snprintf(size, sizeof size, "%" PRIu64 " MiB", m->size / (1024 * 1024));
	else if (m->size % 1024 == 0)
		snprintf(size, sizeof size, "%" PRIu64 " KiB", m->size / 1024);
	else
		snprintf(size, sizeof size, "%" PRIu64 " bytes", m->size);
	diag_note(c->d, f, m->loc, "%s of %s: %s, 0x%08" PRIx64 "-0x%08" PRIx64
		  " (%s)", m->name, c->dev->id, mem_type_name(m->type), m->base,
		  m->base + m->size - 1, size);
}

/* Does 'name' fail 'glob' in its first two characters, when those are
 * plain characters?  Most globs are ruled out this way without fnmatch. */
static bool plain_mismatch(const char *glob, const char *name)
{
	for (int i = 0; i < 2; i++) {
		char g = glob[i];
		if (g == '\0' || g == '*' || g == '?' || g == '[' || g == '\\')
			return false;
		if (g != name[i])
			return true;
	}
	return false;
}

/* A glob '*TEXT*' with no other special character in TEXT matches the
 * names that contain TEXT (fnmatch without flags lets '*' match any
 * character).  Most globs of the rules' lists ('*heap*', '*stack*') are
 * of this form: they are matched here, at a tenth of fnmatch's cost.
 * Returns 1 or 0, or -1 when the glob is not of this form. */
static int infix_match(const char *glob, const char *name)
{
	if (glob[0] != '*')
		return -1;
	const char *text = glob + 1;
	size_t n = strcspn(text, "*?[\\");
	if (n == 0 || text[n] != '*' || text[n + 1] != '\0')
		return -1;
	for (const char *p = name; (p = strchr(p, text[0])) != NULL; p++)
		if (strncmp(p, text, n) == 0)
			return 1;
	return 0;
}

bool rule_glob_matches(const char *glob, const char *name)
{
	if (plain_mismatch(glob, name))
		return false;
	int infix = infix_match(glob, name);
	return infix >= 0 ? infix == 1 : fnmatch(glob, name, 0) == 0;
}

bool rule_glob_any(const char *const *globs, const char *name)
{
	for (; globs && *globs; globs++)
		if (rule_glob_matches(*globs, name))
			return true;
	return false;
}

const char *rule_flash_region(const struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t r = 0; r < m->nregions; r++) {
		const struct dev_memory *rm = m->regions[r].origin.known ?
			device_memory_at(c->dev, m->regions[r].origin.v) : NULL;
		if (rm && mem_type_nonvolatile(rm->type))
			return m->regions[r].name;
	}
	return "FLASH";
}

struct loc rule_sections_loc(const struct rule_ctx *c)
{
	struct loc l = {0};
	for (const struct stmt *st = c->script ? c->script->stmts : NULL; st; st = st->next)
		if (st->kind == ST_SECTIONS)
			return st->loc;
	l.file = c->script ? c->script->path : c->model->elf_path;
	return l;
}

const char *const rule_program_sections[] = {".bss", ".bss.x", "COMMON",
	".data", ".data.x", ".sbss", ".sdata", ".rodata", ".rodata.x", ".text",
	".text.x", NULL};
const char *const rule_variable_sections[] = {".bss", ".bss.x", "COMMON",
	".data", ".data.x", ".sbss", ".sbss.x", ".sdata", ".sdata.x", NULL};

const char *rule_collects(const struct model_section *s, const char *const *probes)
{
	if (!s->src || !s->src->sec)
		return NULL;
	for (const struct stmt *st = s->src->sec->body; st; st = st->next) {
		if (st->kind != ST_INPUT)
			continue;
		for (const struct pattern *p = st->in->sections; p; p = p->next)
			for (size_t i = 0; p->text && probes[i]; i++)
				if (rule_glob_matches(p->text, probes[i]))
					return p->text;
	}
	return NULL;
}
