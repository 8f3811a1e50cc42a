/*
 * model_image: the linked image and the map joined into the model.
 *
 * Output sections are matched by name.  The ELF is the authority on
 * addresses, sizes, types and flags; the map fills them in when there is
 * no ELF.  A section the script never names is added as an orphan.  Where
 * two inputs disagree (the script fixes an address the ELF does not have,
 * the script places a section in one region and the ELF in another, the
 * map and the ELF come from different builds) the disagreement is kept as
 * a mismatch for the stale-inputs rule; nothing is reported here.
 */
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "mapfile.h"
#include "model.h"

/* Records a disagreement; the caller fills in the fields of its kind. */
static struct model_mismatch *mismatch(struct model *m, enum mismatch_kind kind,
				       struct loc loc, const char *name)
{
	m->mismatches = xrealloc(m->mismatches,
				 (m->nmismatches + 1) * sizeof *m->mismatches);
	struct model_mismatch *mm = &m->mismatches[m->nmismatches++];
	memset(mm, 0, sizeof *mm);
	mm->kind = kind;
	mm->loc = loc;
	mm->name = name;
	return mm;
}

static struct model_section *add_orphan(struct model *m, const char *name)
{
	m->sections = xrealloc(m->sections, (m->nsections + 1) * sizeof *m->sections);
	struct model_section *s = &m->sections[m->nsections++];
	memset(s, 0, sizeof *s);
	s->name = arena_strdup(&m->arena, name);
	s->elf_index = -1;
	s->orphan = m->script != NULL;
	return s;
}

/* Region names for a section the script does not place explicitly:
 * the MEMORY region its addresses fall in. */
static void regions_by_address(struct model *m, struct model_section *s)
{
	if (!s->region && s->vma.known) {
		const struct model_region *r = model_region_at(m, s->vma.v, s->size.v);
		s->region = r ? r->name : NULL;
	}
	if (!s->lma_region && s->lma.known && s->vma.known && s->lma.v != s->vma.v) {
		const struct model_region *r = model_region_at(m, s->lma.v, s->size.v);
		s->lma_region = r ? r->name : NULL;
	}
}

/* The script said one thing, the image another. */
static void compare_with_script(struct model *m, struct model_section *s,
				uint64_t vma, uint64_t lma, uint64_t size,
				const char *image)
{
	if (s->orphan || s->elf_index >= 0 || s->map_line)
		return;		/* nothing the script fixed */
	if (s->vma.known && s->vma.v != vma) {
		struct model_mismatch *mm = mismatch(m, MM_SCRIPT_ADDRESS, s->loc, s->name);
		mm->image = image;
		mm->script_value = s->vma.v;
		mm->image_value = vma;
	}
	const struct model_region *r = s->region ? model_region(m, s->region) : NULL;
	if (r && size && !model_region_at(m, vma, 0)) {
		/* nothing: address outside every region is for other rules */
	} else if (r && size && model_region_at(m, vma, 0) != r) {
		struct model_mismatch *mm = mismatch(m, MM_SCRIPT_REGION, s->loc, s->name);
		mm->image = image;
		mm->script_region = r->name;
		mm->image_value = vma;
		mm->image_region = model_region_at(m, vma, 0)->name;
	}
	(void)lma;
}

static void flags_string(char *out, uint64_t shf)
{
	char *p = out;
	if (shf & SHF_ALLOC)
		*p++ = 'a';
	if (shf & SHF_WRITE)
		*p++ = 'w';
	if (shf & SHF_EXECINSTR)
		*p++ = 'x';
	*p = '\0';
}

static void join_elf_sections(struct model *m, const struct elf_image *elf)
{
	for (size_t i = 0; i < elf->nsections; i++) {
		const struct elf_section *es = &elf->sections[i];
		struct model_section *s = model_section(m, es->name);
		if (!s)
			s = add_orphan(m, es->name);
		compare_with_script(m, s, es->addr, es->lma, es->size, "ELF");
		s->vma = (struct val){true, es->addr};
		s->lma = (struct val){true, es->lma};
		s->size = (struct val){true, es->size};
		s->elf_type = es->type == SHT_NOBITS ? "nobits" : "progbits";
		s->sh_type = es->type;
		flags_string(s->flags, es->flags);
		s->align = es->align;
		s->elf_index = (int)es->index;
		s->in_image = true;
		regions_by_address(m, s);
	}
}

static void join_elf_segments(struct model *m, const struct elf_image *elf)
{
	m->segments = xcalloc(elf->nsegments ? elf->nsegments : 1, sizeof *m->segments);
	for (size_t i = 0; i < elf->nsegments; i++) {
		const struct elf_segment *es = &elf->segments[i];
		struct model_segment *g = &m->segments[m->nsegments++];
		g->type = es->type;
		g->flags = es->flags;
		g->vaddr = es->vaddr;
		g->paddr = es->paddr;
		g->filesz = es->filesz;
		g->memsz = es->memsz;
		g->nsections = es->nsections;
		g->sections = arena_alloc(&m->arena, (es->nsections + 1) * sizeof *g->sections);
		for (size_t k = 0; k < es->nsections; k++)
			g->sections[k] = elf->sections[es->sections[k]].name;
	}
}

static void join_elf_symbols(struct model *m, const struct elf_image *elf)
{
	for (size_t i = 0; i < elf->nsymbols; i++) {
		const struct elf_symbol *es = &elf->symbols[i];
		struct model_symbol *s = NULL;
		for (size_t k = 0; k < m->nsymbols && !s; k++)
			if (strcmp(m->symbols[k].name, es->name) == 0)
				s = &m->symbols[k];
		if (!s) {
			m->symbols = xrealloc(m->symbols, (m->nsymbols + 1) * sizeof *m->symbols);
			s = &m->symbols[m->nsymbols++];
			memset(s, 0, sizeof *s);
			s->name = arena_strdup(&m->arena, es->name);
		} else if (s->value.known && s->value.v != es->value) {
			struct model_mismatch *mm = mismatch(m, MM_SCRIPT_SYMBOL,
							     s->loc, s->name);
			mm->image = "ELF";
			mm->script_value = s->value.v;
			mm->image_value = es->value;
		}
		s->value = (struct val){true, es->value};
		s->from_elf = true;
	}
}

void model_add_elf(struct model *m, const struct elf_image *elf)
{
	m->elf = elf;
	m->elf_path = elf->path;
	join_elf_sections(m, elf);
	join_elf_segments(m, elf);
	join_elf_symbols(m, elf);
}

static char *slice_dup(struct model *m, struct slice s)
{
	return arena_strndup(&m->arena, s.p, s.n);
}

static void compare_map_regions(struct model *m, const struct map_image *map)
{
	for (size_t i = 0; i < map->nregions; i++) {
		const struct map_region *mr = &map->regions[i];
		char *name = slice_dup(m, mr->name);
		const struct model_region *r = model_region(m, name);
		if (!r || !r->origin.known || !r->length.known)
			continue;
		/* ld prints addresses in the target's width */
		uint64_t mask = map->format == MAP_GNU && mr->origin <= 0xffffffffu &&
				mr->length <= 0xffffffffu ? 0xffffffffu : UINT64_MAX;
		if ((r->origin.v & mask) != mr->origin || (r->length.v & mask) != mr->length) {
			struct model_mismatch *mm = mismatch(m, MM_MAP_REGION, r->loc, name);
			mm->image = "map";
			mm->script_value = r->origin.v;
			mm->script_size = r->length.v;
			mm->image_value = mr->origin;
			mm->image_size = mr->length;
			mm->map_line = mr->line;
		}
	}
}

/* Whether a section in the map has contents, the map being all there is:
 * it does not print section types.  GNU ld gives an output section no
 * contents (SHT_NOBITS) when nothing in it has any, so a section whose
 * inputs are all zero-initialised ones (.bss*, .sbss*, .tbss*, COMMON,
 * .noinit*), padding or assignments is taken to have none. */
static bool map_has_contents(const struct map_image *map,
			     const struct map_section *ms)
{
	static const char *const nobits[] = {".bss", ".sbss", ".tbss", ".noinit",
					     ".gnu.linkonce.b", "COMMON", NULL};
	for (size_t i = 0; i < ms->ninputs; i++) {
		const struct map_input *in = &map->inputs[ms->first_input + i];
		if (in->data)
			return true;
		if (in->fill || in->size == 0)
			continue;
		bool zero = false;
		for (const char *const *p = nobits; *p && !zero; p++) {
			size_t n = strlen(*p);
			zero = in->section.n >= n &&
			       memcmp(in->section.p, *p, n) == 0 &&
			       (in->section.n == n || in->section.p[n] == '.');
		}
		if (!zero)
			return true;
	}
	return false;
}

/* The input sections of a NOLOAD section (what noload-discards-data
 * inspects), copied out of the map. */
static void keep_inputs(struct model *m, struct model_section *s,
			const struct map_image *map, const struct map_section *ms)
{
	if (!s->noload || !ms->ninputs)
		return;
	s->inputs = arena_alloc(&m->arena, ms->ninputs * sizeof *s->inputs);
	for (size_t k = 0; k < ms->ninputs; k++) {
		const struct map_input *in = &map->inputs[ms->first_input + k];
		struct model_input *mi = &s->inputs[s->ninputs++];
		mi->kind = in->fill ? MI_FILL : in->data ? MI_DATA : MI_SECTION;
		mi->section = slice_dup(m, in->section);
		mi->file = slice_dup(m, in->file);
		mi->addr = in->addr;
		mi->size = in->size;
		mi->map_line = in->line;
	}
}

void model_add_map(struct model *m, const struct map_image *map)
{
	m->map = map;
	m->map_path = map->path;
	compare_map_regions(m, map);
	for (size_t i = 0; i < map->nsections; i++) {
		const struct map_section *ms = &map->sections[i];
		char *name = slice_dup(m, ms->name);
		struct model_section *s = model_section(m, name);
		uint64_t lma = ms->has_lma ? ms->lma : ms->vma;
		if (m->elf) {
			/* The ELF is the authority: only compare allocated ones.
			 * An empty section is in no segment, so the ELF has no
			 * load address for it: compare the LMA only when there
			 * is something to load. */
			if (s && s->elf_index >= 0 &&
			    (s->vma.v != ms->vma || s->size.v != ms->size)) {
				struct model_mismatch *mm = mismatch(m, MM_MAP_SECTION,
								     s->loc, s->name);
				mm->image = "map";
				mm->map_line = ms->line;
				mm->image_value = ms->vma;
				mm->image_size = ms->size;
				mm->script_value = s->vma.v;
				mm->script_size = s->size.v;
			} else if (s && s->elf_index >= 0 && ms->has_lma && ms->size &&
				   s->lma.v != ms->lma) {
				struct model_mismatch *mm = mismatch(m, MM_MAP_LOAD,
								     s->loc, s->name);
				mm->image = "map";
				mm->map_line = ms->line;
				mm->image_value = ms->lma;
				mm->script_value = s->lma.v;
			}
			if (s) {
				s->map_line = ms->line;
				keep_inputs(m, s, map, ms);
			}
			continue;
		}
		/* debug and comment sections sit at 0 in the map and are not
		 * part of the memory image; the script may still place them */
		if (ms->nonalloc) {
			if (s)
				s->map_line = ms->line;
			continue;
		}
		if (!s)
			s = add_orphan(m, name);
		compare_with_script(m, s, ms->vma, lma, ms->size, "map");
		s->vma = (struct val){true, ms->vma};
		s->lma = (struct val){true, lma};
		s->size = (struct val){true, ms->size};
		if (ms->noload || !map_has_contents(map, ms))
			s->elf_type = "nobits";
		s->map_line = ms->line;
		s->in_image = true;
		keep_inputs(m, s, map, ms);
		regions_by_address(m, s);
	}
}
