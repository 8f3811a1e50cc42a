/*
 * join: the linked image and the map joined into the script's model.
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

const char *const model_wanted_symbols[] = {
	"_estack", "__StackTop", "__stack", "_stack_top", "__initial_sp",
	"_stack", "__stack_top", "_sstack", "__StackLimit", "_sidata",
	"_sdata", "_edata", "_sbss", "_ebss", "Reset_Handler", "_start",
	"g_pfnVectors", "__isr_vector", "__Vectors", "vector_table",
	"_vector_table", "__vector_table", NULL,
};

struct model *model_new(void)
{
	return xcalloc(1, sizeof(struct model));
}

struct model_section *model_section(struct model *m, const char *name)
{
	for (size_t i = 0; i < m->nsections; i++)
		if (strcmp(m->sections[i].name, name) == 0)
			return &m->sections[i];
	return NULL;
}

const struct model_region *model_region_at(const struct model *m,
					   uint64_t addr, uint64_t size)
{
	for (size_t i = 0; i < m->nregions; i++) {
		const struct model_region *r = &m->regions[i];
		if (!r->origin.known || !r->length.known)
			continue;
		uint64_t end = r->origin.v + r->length.v;
		if (addr >= r->origin.v && (end < r->origin.v || addr < end) &&
		    (size == 0 || end < r->origin.v || addr + size <= end))
			return r;
	}
	return NULL;
}

static void mismatch(struct model *m, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void mismatch(struct model *m, struct loc loc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	m->mismatches = xrealloc(m->mismatches,
				 (m->nmismatches + 1) * sizeof *m->mismatches);
	m->mismatches[m->nmismatches].loc = loc;
	m->mismatches[m->nmismatches].message = arena_strdup(&m->arena, buf);
	m->nmismatches++;
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
	if (s->vma.known && s->vma.v != vma)
		mismatch(m, s->loc, "the script places '%s' at 0x%08" PRIx64
			 " but the %s has it at 0x%08" PRIx64, s->name, s->vma.v,
			 image, vma);
	const struct model_region *r = s->region ? model_region(m, s->region) : NULL;
	if (r && size && !model_region_at(m, vma, 0)) {
		/* nothing: address outside every region is for other rules */
	} else if (r && size && model_region_at(m, vma, 0) != r) {
		mismatch(m, s->loc, "the script places '%s' in '%s' but the %s "
			 "has it at 0x%08" PRIx64 " in '%s'", s->name, r->name,
			 image, vma, model_region_at(m, vma, 0)->name);
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
			mismatch(m, s->loc, "the script sets '%s' to 0x%08" PRIx64
				 " but the ELF has 0x%08" PRIx64, s->name, s->value.v,
				 es->value);
		}
		s->value = (struct val){true, es->value};
		s->from_elf = true;
	}
}

void model_add_elf(struct model *m, const struct elf_image *elf)
{
	m->elf = elf;
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
		if ((r->origin.v & mask) != mr->origin || (r->length.v & mask) != mr->length)
			mismatch(m, r->loc, "MEMORY region '%s' is 0x%08" PRIx64
				 "+0x%" PRIx64 " in the script but 0x%08" PRIx64 "+0x%"
				 PRIx64 " in the map (line %u)", name, r->origin.v,
				 r->length.v, mr->origin, mr->length, mr->line);
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

void model_add_map(struct model *m, const struct map_image *map)
{
	m->map = map;
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
			    (s->vma.v != ms->vma || s->size.v != ms->size))
				mismatch(m, s->loc, "the map (line %u) has '%s' at 0x%08"
					 PRIx64 " size 0x%" PRIx64 ", the ELF at 0x%08"
					 PRIx64 " size 0x%" PRIx64 ": they come from "
					 "different links", ms->line, name, ms->vma, ms->size,
					 s->vma.v, s->size.v);
			else if (s && s->elf_index >= 0 && ms->has_lma && ms->size &&
				 s->lma.v != ms->lma)
				mismatch(m, s->loc, "the map (line %u) loads '%s' at 0x%08"
					 PRIx64 ", the ELF at 0x%08" PRIx64 ": they come "
					 "from different links", ms->line, name, ms->lma,
					 s->lma.v);
			if (s)
				s->map_line = ms->line;
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
		regions_by_address(m, s);
	}
}

bool model_section_has_contents(const struct model_section *s)
{
	return !s->noload && (!s->elf_type || strcmp(s->elf_type, "nobits") != 0);
}

bool model_section_unallocated(const struct model *m,
			       const struct model_section *s)
{
	static const char *const prefixes[] = {".debug", ".comment",
		".ARM.attributes", ".riscv.attributes", ".gnu.attributes",
		".stab", ".note.gnu.build-id."};
	if ((m->elf || m->map) && !s->in_image)
		return true;
	if (s->flags[0])
		return !strchr(s->flags, 'a');
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(s->name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}
