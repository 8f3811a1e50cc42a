/*
 * derived: what several checks read, worked out once per run on first
 * use: the load image as address-ordered chunks, and what a Cortex-M core
 * reads at reset (the boot address, the vector table's first words, the
 * initial stack pointer and where it is set).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct rule_derived {
	bool have_chunks;
	struct chunk *chunks;
	size_t nchunks;
	bool have_boot;
	struct boot_info boot;
};

struct rule_derived *rule_derived_new(void)
{
	return xcalloc(1, sizeof(struct rule_derived));
}

void rule_derived_free(struct rule_derived *r)
{
	if (!r)
		return;
	free(r->chunks);
	free(r);
}

/* ---- the load image -------------------------------------------------------- */

/* The first section with file bytes in a segment. */
static const struct model_section *segment_section(const struct model *m,
						   const struct model_segment *g)
{
	for (size_t k = 0; k < g->nsections; k++) {
		const struct model_section *s = model_section_named(m, g->sections[k]);
		if (s && rule_loaded(s))
			return s;
	}
	return g->nsections ? model_section_named(m, g->sections[0]) : NULL;
}

static int by_lma(const void *a, const void *b)
{
	const struct chunk *x = a, *y = b;
	return x->lma < y->lma ? -1 : x->lma > y->lma;
}

static void make_chunks(const struct model *m, struct rule_derived *r)
{
	size_t n = 0;
	struct chunk *k = xcalloc(m->nsegments + m->nsections + 1, sizeof *k);
	if (m->elf_path) {
		for (size_t i = 0; i < m->nsegments; i++) {
			const struct model_segment *g = &m->segments[i];
			if (model_segment_loads(g))
				k[n++] = (struct chunk){g->paddr, g->filesz,
					segment_section(m, g), (unsigned)i + 1};
		}
	} else {
		for (size_t i = 0; i < m->nsections; i++)
			if (rule_loaded(&m->sections[i]))
				k[n++] = (struct chunk){m->sections[i].lma.v,
					m->sections[i].size.v, &m->sections[i], 0};
	}
	if (n >= 2)
		qsort(k, n, sizeof *k, by_lma);
	r->chunks = k;
	r->nchunks = n;
	r->have_chunks = true;
}

const struct chunk *rule_chunks(struct rule_ctx *c, size_t *n)
{
	if (!c->derived->have_chunks)
		make_chunks(c->model, c->derived);
	*n = c->derived->nchunks;
	return c->derived->chunks;
}

const char *rule_chunk_name(const struct rule_ctx *c, const struct chunk *k)
{
	if (k->segment)
		return arena_printf(c->d->arena, "segment %u (PT_LOAD, 0x%" PRIx64
				    " file bytes at 0x%08" PRIx64 "%s%s%s)",
				    k->segment - 1, k->size, k->lma,
				    k->s ? ", first section '" : "",
				    k->s ? k->s->name : "", k->s ? "'" : "");
	return arena_printf(c->d->arena, "section '%s' (0x%" PRIx64 " bytes "
			    "loaded at 0x%08" PRIx64 ")", k->s->name, k->size, k->lma);
}

/* ---- boot ----------------------------------------------------------------- */

static bool cortex_m(const struct device *d)
{
	return d && d->core && strncmp(d->core, "cortex-m", 8) == 0;
}

/* Boot address: the device's boot memory, or, when a bootloader occupies
 * it, the lowest load address of the image (the application's start). */
static bool boot_address(const struct rule_ctx *c, uint64_t *addr)
{
	const struct device *d = c->dev;
	const struct model *m = c->model;
	const struct dev_memory *boot = NULL;
	for (size_t i = 0; i < d->nmems && !boot; i++)
		if (d->mems[i].boot)
			boot = &d->mems[i];
	if (boot && !(c->ldr && loader_occupies_at(c->ldr, boot->base))) {
		*addr = boot->base;
		return true;
	}
	/* A bootloader starts the application where it runs it from. */
	for (size_t r = 0; c->ldr && r < c->ldr->nruns_from; r++) {
		const struct ldr_range *run = &c->ldr->runs_from[r];
		for (size_t i = 0; i < m->nsegments; i++)
			if (model_segment_loads(&m->segments[i]) &&
			    m->segments[i].paddr == run->base) {
				*addr = run->base;
				return true;
			}
	}
	bool found = false;
	for (size_t i = 0; i < m->nsegments; i++)
		if (model_segment_loads(&m->segments[i]) &&
		    (!found || m->segments[i].paddr < *addr)) {
			*addr = m->segments[i].paddr;
			found = true;
		}
	return found;
}

/* The section whose load image holds 'lma', for locations. */
static const struct model_section *section_at_lma(const struct model *m, uint64_t lma)
{
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (rule_loaded(s) && lma >= s->lma.v && lma < s->lma.v + s->size.v)
			return s;
	}
	return NULL;
}

static void vector_words(const struct rule_ctx *c, struct boot_info *b)
{
	if (!c->model->elf_path || !cortex_m(c->dev) || !boot_address(c, &b->boot))
		return;
	b->has_boot = true;
	const struct model_section *s = section_at_lma(c->model, b->boot);
	b->where = s ? rule_where(c, s) : rule_sections_loc(c);
	b->has_words = model_load_words(c->model, b->boot, b->words, 2);
	if (!b->has_words)
		return;
	b->sp_known = true;
	b->sp = b->words[0];
	b->sp_loc = b->where;
	b->sp_source = arena_printf(c->d->arena, "the initial stack pointer "
				    "(vector[0] at 0x%08" PRIx64 ")", b->boot);
}

static void stack_symbol(const struct rule_ctx *c, struct boot_info *b)
{
	for (size_t i = 0; model_stack_symbols[i] && !b->sp_known; i++) {
		const struct model_symbol *s = model_symbol(c->model, model_stack_symbols[i]);
		if (!s || !s->value.known)
			continue;
		b->sp_known = true;
		b->sp = s->value.v;
		b->sp_loc = s->loc.file ? s->loc : rule_sections_loc(c);
		b->sp_source = arena_printf(c->d->arena, "the stack top '%s'", s->name);
	}
}

const struct boot_info *rule_boot(struct rule_ctx *c)
{
	struct rule_derived *r = c->derived;
	if (!r->have_boot) {
		if (c->dev)
			vector_words(c, &r->boot);
		if (!r->boot.sp_known && (c->script || c->model->elf_path))
			stack_symbol(c, &r->boot);
		r->have_boot = true;
	}
	return &r->boot;
}
