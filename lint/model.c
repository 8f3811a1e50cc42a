/*
 * model: the joined layout model's structure and queries.  The builders
 * are model_script.c (from the linker script) and model_image.c (the ELF
 * and the map joined in); this file calls neither.
 */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "model.h"
#include "source.h"

const char *const model_stack_symbols[] = {
	"_estack", "__StackTop", "__stack", "_stack_top", "__initial_sp",
	"__stack_top", "_stack", "_sp", "__sp", "__main_stack_end__",
	"__stack_end", "_stack_end", NULL,
};

const char *const model_wanted_symbols[] = {
	/* stack tops and bottoms */
	"_estack", "__StackTop", "__stack", "_stack_top", "__initial_sp",
	"_stack", "__stack_top", "__stack_end", "_stack_end", "_sp", "__sp",
	"__main_stack_end__", "_sstack", "__StackLimit", "_eram",
	/* the copy and zero ranges of the startup code */
	"_sidata", "_sdata", "_edata", "_sbss", "_ebss",
	/* the heap start */
	"_end", "__end__", "end",
	/* the reset handler and the vector table */
	"Reset_Handler", "_start", "g_pfnVectors", "__isr_vector", "__Vectors",
	"vector_table", "_vector_table", "__vector_table", NULL,
};

bool model_symbol_wanted(const char *name)
{
	for (size_t i = 0; model_wanted_symbols[i]; i++)
		if (strcmp(model_wanted_symbols[i], name) == 0)
			return true;
	return false;
}

struct model *model_new(void)
{
	return xcalloc(1, sizeof(struct model));
}

static void index_first(struct strmap *idx, const char *name, size_t i)
{
	if (strmap_get(idx, name) == (size_t)-1)
		strmap_put(idx, name, i);
}

void model_index_section(struct model *m, size_t i)
{
	index_first(&m->section_idx, m->sections[i].name, i);
}

void model_index_region(struct model *m, size_t i)
{
	index_first(&m->region_idx, m->regions[i].name, i);
}

void model_index_symbol(struct model *m, size_t i)
{
	index_first(&m->symbol_idx, m->symbols[i].name, i);
}

void model_index_alias(struct model *m, size_t i)
{
	index_first(&m->alias_idx, m->aliases[i].alias, i);
}

struct model_section *model_section(struct model *m, const char *name)
{
	size_t i = strmap_get(&m->section_idx, name);
	return i < m->nsections ? &m->sections[i] : NULL;
}

const struct model_section *model_section_named(const struct model *m,
						const char *name)
{
	return model_section((struct model *)m, name);
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

void model_free(struct model *m)
{
	if (!m)
		return;
	free(m->regions);
	free(m->aliases);
	free(m->sections);
	free(m->symbols);
	free(m->segments);
	free(m->mismatches);
	free(m->issues);
	free(m->asserts);
	free(m->alias_target);
	free(m->reads);
	strmap_free(&m->section_idx);
	strmap_free(&m->region_idx);
	strmap_free(&m->symbol_idx);
	strmap_free(&m->alias_idx);
	arena_free(&m->arena);
	free(m);
}

const struct model_region *model_region(const struct model *m, const char *name)
{
	size_t i = strmap_get(&m->region_idx, name);
	return i < m->nregions ? &m->regions[i] : NULL;
}

const struct model_region *model_resolve_region(const struct model *m,
						const char *name)
{
	const struct model_region *r = model_region(m, name);
	if (r)
		return r;
	size_t i = strmap_get(&m->alias_idx, name);
	if (i >= m->naliases)
		return NULL;
	if (i < m->nresolved)
		return m->alias_target[i] < m->nregions ?
		       &m->regions[m->alias_target[i]] : NULL;
	/* an alias may name another alias: GNU ld looks the name up among
	 * every region's names (lang_memory_region_lookup) */
	for (size_t hops = 0; hops <= m->naliases; hops++) {
		name = m->aliases[i].region;
		if ((r = model_region(m, name)))
			return r;
		i = strmap_get(&m->alias_idx, name);
		if (i >= m->naliases)
			return NULL;
	}
	return NULL;
}

void model_resolve_aliases(struct model *m)
{
	free(m->alias_target);
	m->alias_target = xmalloc((m->naliases ? m->naliases : 1) * sizeof *m->alias_target);
	size_t *chain = xmalloc((m->naliases ? m->naliases : 1) * sizeof *chain);
	m->nresolved = 0;
	for (size_t i = 0; i < m->naliases; i++)
		m->alias_target[i] = (size_t)-2;	/* not yet */
	for (size_t i = 0; i < m->naliases; i++) {
		/* follow the chain to a region, or to an alias already
		   resolved, then give every alias on the way the answer */
		size_t n = 0, j = i, target = (size_t)-1;
		while (m->alias_target[j] == (size_t)-2 && n < m->naliases) {
			m->alias_target[j] = (size_t)-3;	/* on the chain */
			chain[n++] = j;
			const char *name = m->aliases[j].region;
			const struct model_region *r = model_region(m, name);
			if (r) {
				target = (size_t)(r - m->regions);
				break;
			}
			size_t k = strmap_get(&m->alias_idx, name);
			if (k >= m->naliases)
				break;
			j = k;
		}
		if (n == 0 || (target == (size_t)-1 && m->alias_target[j] < m->nregions))
			target = m->alias_target[j];
		while (n > 0)
			m->alias_target[chain[--n]] = target < m->nregions ? target : (size_t)-1;
	}
	m->nresolved = m->naliases;
	free(chain);
}

const struct model_symbol *model_symbol(const struct model *m, const char *name)
{
	size_t i = strmap_get(&m->symbol_idx, name);
	return i < m->nsymbols ? &m->symbols[i] : NULL;
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

/* The region a section runs in (or is loaded in): the script's '>' (AT>)
 * region, else the one its address falls in. */
static const struct model_region *placed_in(const struct model *m,
					    const char *name, uint64_t addr)
{
	const struct model_region *r = name ? model_resolve_region(m, name) : NULL;
	return r ? r : model_region_at(m, addr, 0);
}

/* The region a section's load image goes to, as ld decides it: the
 * script's AT> region; none with AT(expr); else, when the section shares
 * its run region with the section before it, that one's load region
 * (ld's lang_size_sections), so .bss and COPY sections after an
 * '> RAM AT> FLASH' .data still advance FLASH. */
static const struct model_region *load_region(const struct model *m,
					      const struct model_section *s,
					      const struct model_section *prev,
					      const struct model_region *prev_load)
{
	const struct output_section *sec = s->src && s->src->sec ? s->src->sec : NULL;
	if (!sec)
		return s->lma.known && s->vma.known && s->lma.v != s->vma.v ?
		       model_region_at(m, s->lma.v, 0) : NULL;
	if (sec->lma_region)
		return model_resolve_region(m, sec->lma_region);
	if (sec->at || !prev || !sec->region || !prev->src || !prev->src->sec ||
	    !prev->src->sec->region ||
	    model_resolve_region(m, sec->region) != model_resolve_region(m, prev->src->sec->region))
		return NULL;
	return prev_load;
}

bool model_image_lists_sections(const struct model *m)
{
	return m->map || (m->elf && m->elf->has_sections);
}

bool model_region_used(const struct model *m, const struct model_region *r,
		       uint64_t *used)
{
	if (!model_image_lists_sections(m) || !r->origin.known)
		return false;
	uint64_t end = r->origin.v;
	const struct model_section *prev = NULL;
	const struct model_region *prev_load = NULL;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		const struct model_region *lr = load_region(m, s, prev, prev_load);
		if (s->src && s->src->sec) {
			prev = s;
			prev_load = lr;
		}
		if (!s->in_image || !s->vma.known || !s->size.known || !s->size.v ||
		    model_section_unallocated(m, s))
			continue;
		if (placed_in(m, s->region, s->vma.v) == r && s->vma.v + s->size.v > end)
			end = s->vma.v + s->size.v;
		if (lr == r && s->lma.known && model_section_has_contents(s) &&
		    s->lma.v + s->size.v > end)
			end = s->lma.v + s->size.v;
	}
	*used = end - r->origin.v;
	return true;
}

bool model_segment_loads(const struct model_segment *g)
{
	return g->type == PT_LOAD && g->filesz > 0;
}

bool model_load_words(const struct model *m, uint64_t lma, uint32_t *out,
		      size_t n)
{
	return m->elf && elf_read_words(m->elf, lma, out, n);
}

bool model_load_bytes(const struct model *m, uint64_t lma, void *out, size_t n)
{
	return m->elf && elf_read_load_bytes(m->elf, lma, out, n);
}

bool model_section_zero(const struct model *m, const struct model_section *s)
{
	if (s->has_contents && !s->contents.unknown &&
	    (s->contents.data_stmt || s->contents.init_name || s->contents.nonzero))
		return false;
	if (m->elf && s->elf_index >= 0 && s->size.known && s->vma.known) {
		unsigned char buf[4096];
		for (uint64_t off = 0; off < s->size.v; off += sizeof buf) {
			size_t n = s->size.v - off < sizeof buf ? (size_t)(s->size.v - off) :
				   sizeof buf;
			if (!elf_read_bytes(m->elf, s->vma.v + off, buf, n))
				return false;
			for (size_t i = 0; i < n; i++)
				if (buf[i])
					return false;
		}
		return true;
	}
	return s->has_contents && !s->contents.unknown && !s->contents.nonzero &&
	       !s->contents.init_name && !s->contents.data_stmt;
}

bool model_section_plain(const struct model_section *s)
{
	return !s->sh_type || s->sh_type == SHT_PROGBITS || s->sh_type == SHT_NOBITS;
}

const char *model_source_line(const char *file, unsigned line, size_t *len)
{
	return source_line(file, line, len);
}
