/*
 * derived: what several checks read, worked out once per run on first
 * use: the load image as address-ordered chunks, what a boot ROM reads
 * before the application (boot headers), and what a Cortex-M core reads at
 * reset (the boot address, the vector table's first words, the initial
 * stack pointer and where it is set).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct rule_derived {
	int ram_image;			/* -1 not worked out yet, else 0/1 */
	bool have_chunks;
	struct chunk *chunks;
	size_t nchunks;
	bool have_boot;
	struct boot_info boot;
};

struct rule_derived *rule_derived_new(void)
{
	struct rule_derived *r = xcalloc(1, sizeof *r);
	r->ram_image = -1;
	return r;
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

/* ---- boot headers ---------------------------------------------------------- */

/* Whether the image loads bytes anywhere in [base, base+size). */
static bool loads_in(const struct model *m, uint64_t base, uint64_t size)
{
	for (size_t i = 0; i < m->nsegments; i++) {
		const struct model_segment *g = &m->segments[i];
		if (model_segment_loads(g) &&
		    dev_ranges_overlap(g->paddr, g->filesz, base, size))
			return true;
	}
	return false;
}

/* The memory or window holding 'addr', as a range. */
static bool home_of(const struct device *d, uint64_t addr, uint64_t *base,
		    uint64_t *size)
{
	const struct dev_memory *mem = device_memory_at(d, addr);
	if (mem) {
		*base = mem->base, *size = mem->size;
		return true;
	}
	for (size_t i = 0; i < d->nwindows; i++)
		if (addr >= d->windows[i].base &&
		    addr - d->windows[i].base < d->windows[i].size) {
			*base = d->windows[i].base, *size = d->windows[i].size;
			return true;
		}
	return false;
}

enum { WORDS_MATCH, WORDS_DIFFER, WORDS_UNLOADED };

/* Whether the words at 'addr' are h's start words; the first that is not
 * goes to r (index, got, want). */
static int words_at(const struct model *m, const struct dev_boot_header *h,
		    uint64_t addr, struct header_match *r)
{
	for (size_t i = 0; i < h->nwords; i++) {
		uint32_t w;
		if (!model_load_words(m, addr + 4 * i, &w, 1))
			return WORDS_UNLOADED;
		if ((w ^ h->words[i]) & h->mask[i]) {
			r->index = i;
			r->got = w;
			r->want = h->words[i];
			return WORDS_DIFFER;
		}
	}
	return WORDS_MATCH;
}

static bool end_follows(const struct model *m, const struct dev_boot_header *h,
			uint64_t start)
{
	for (uint64_t e = start + 4 * h->nwords;
	     e + 4 * h->nend <= start + h->end_within; e += 4) {
		size_t k = 0;
		uint32_t w;
		while (k < h->nend && model_load_words(m, e + 4 * k, &w, 1) &&
		       w == h->end[k])
			k++;
		if (k == h->nend)
			return true;
	}
	return false;
}

/* CRC-32/MPEG-2: polynomial 0x04c11db7, initial value 0xffffffff, bits
 * not reflected, no final xor. */
static uint32_t crc32_mpeg2(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint32_t)p[i] << 24;
		for (int b = 0; b < 8; b++)
			crc = crc & 0x80000000u ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
	}
	return crc;
}

static void check_crc(const struct model *m, const struct dev_boot_header *h,
		      struct header_match *r)
{
	unsigned char *buf = xcalloc(1, (size_t)h->crc32);
	if (!model_load_bytes(m, h->at, buf, (size_t)h->crc32)) {
		r->state = HDR_ABSENT;
	} else {
		size_t n = (size_t)h->crc32 - 4;
		r->got = (uint32_t)buf[n] | (uint32_t)buf[n + 1] << 8 |
			 (uint32_t)buf[n + 2] << 16 | (uint32_t)buf[n + 3] << 24;
		r->want = crc32_mpeg2(buf, n);
		r->state = r->got == r->want ? HDR_OK : HDR_BAD_CRC;
	}
	free(buf);
}

/* A search of [at, at+within) for the start words followed by the end
 * words. */
static void search_header(const struct model *m, const struct dev_boot_header *h,
			  struct header_match *r)
{
	struct header_match miss;
	bool any = false;
	r->state = HDR_NOT_FOUND;
	for (uint64_t a = h->at; a + 4 * h->nwords <= h->at + h->within;
	     a += h->align) {
		uint32_t w;
		any |= model_load_words(m, a, &w, 1);
		if (words_at(m, h, a, &miss) != WORDS_MATCH)
			continue;
		if (!h->nend || end_follows(m, h, a)) {
			r->state = HDR_OK, r->addr = a;
			return;
		}
		if (r->state != HDR_NO_END)
			r->state = HDR_NO_END, r->addr = a;
	}
	if (!any)
		r->state = HDR_ABSENT;
}

void rule_boot_header(const struct rule_ctx *c, const struct dev_boot_header *h,
		      struct header_match *r)
{
	uint64_t base, size;
	memset(r, 0, sizeof *r);
	r->addr = h->at;
	if (!c->model->elf_path || !home_of(c->dev, h->at, &base, &size) ||
	    !loads_in(c->model, base, size))
		return;		/* HDR_NOT_APPLICABLE */
	if (h->within) {
		search_header(c->model, h, r);
	} else if (h->nwords) {
		int w = words_at(c->model, h, h->at, r);
		r->state = w == WORDS_MATCH ? HDR_OK : w == WORDS_DIFFER ? HDR_WRONG :
			   HDR_ABSENT;
	} else {
		r->state = HDR_OK;
	}
	if (r->state == HDR_OK && h->crc32)
		check_crc(c->model, h, r);
}

const struct model_section *rule_loaded_section_at(const struct model *m,
						   uint64_t lma, uint64_t base,
						   uint64_t size)
{
	const struct model_section *low = NULL;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_loaded(s))
			continue;
		if (lma >= s->lma.v && lma - s->lma.v < s->size.v)
			return s;
		if (s->lma.v >= base && s->lma.v - base < size &&
		    (!low || s->lma.v < low->lma.v))
			low = s;
	}
	return low;
}

/* ---- boot ----------------------------------------------------------------- */

static bool cortex_m(const struct device *d)
{
	return d && d->core && strncmp(d->core, "cortex-m", 8) == 0;
}

/* Whether the image loads bytes at 'lma'. */
static bool loads_at(const struct model *m, uint64_t lma)
{
	for (size_t i = 0; i < m->nsegments; i++) {
		const struct model_segment *g = &m->segments[i];
		if (model_segment_loads(g) && lma >= g->paddr && lma - g->paddr < g->filesz)
			return true;
	}
	return false;
}

/* A secure build (TrustZone on) is linked at the boot memory's secure
 * alias and boots through it: that alias's base when the image has
 * content there and none at the boot memory's own base. */
static uint64_t secure_boot(const struct device *d, const struct model *m,
			    const struct dev_memory *boot)
{
	if (loads_at(m, boot->base))
		return boot->base;
	for (size_t i = 0; i < d->nmems; i++)
		if (d->mems[i].alias == boot && d->mems[i].security == SEC_SECURE &&
		    loads_at(m, d->mems[i].base))
			return d->mems[i].base;
	return boot->base;
}

/* The image's lowest load address, if it loads anything. */
static bool lowest_load(const struct model *m, uint64_t *addr)
{
	bool found = false;
	for (size_t i = 0; i < m->nsegments; i++)
		if (model_segment_loads(&m->segments[i]) &&
		    (!found || m->segments[i].paddr < *addr)) {
			*addr = m->segments[i].paddr;
			found = true;
		}
	return found;
}

/* A non-secure image of a TrustZone project: nothing at the boot memory's
 * base or at its secure alias, and its lowest content in non-secure
 * memory of a chip that has secure aliases.  The secure image boots and
 * starts it through its own table (VTOR_NS), wherever it is linked. */
static bool nonsecure_image(const struct device *d, const struct model *m,
			    const struct dev_memory *boot)
{
	bool aliased = false;
	uint64_t low = 0;
	for (size_t i = 0; i < d->nmems; i++)
		if (d->mems[i].alias == boot && d->mems[i].security == SEC_SECURE) {
			if (loads_at(m, d->mems[i].base))
				return false;
			aliased = true;
		}
	if (!aliased || boot->security != SEC_NONSECURE || loads_at(m, boot->base))
		return false;
	const struct dev_memory *at = lowest_load(m, &low) ?
		device_memory_at(d, low) : NULL;
	return at && at->security == SEC_NONSECURE;
}

/* Where a boot header's entry word says the ROM enters the image (the
 * i.MX RT IVT): 1 with *addr when it is even, a vector table the ROM
 * starts through; 0 when it is odd (a Thumb function: no table to check)
 * or the header is not valid (boot-header reports that); -1 when no
 * header with an entry applies to the image. */
static int entry_table(const struct rule_ctx *c, uint64_t *addr)
{
	for (size_t i = 0; i < c->dev->nboot_headers; i++) {
		const struct dev_boot_header *h = &c->dev->boot_headers[i];
		struct header_match r;
		uint32_t w;
		if (h->entry < 0)
			continue;
		rule_boot_header(c, h, &r);
		if (r.state == HDR_NOT_APPLICABLE)
			continue;
		if (r.state != HDR_OK ||
		    !model_load_words(c->model, r.addr + 4 * (uint64_t)h->entry, &w, 1) ||
		    (w & 1))
			return 0;
		*addr = w;
		return 1;
	}
	return -1;
}

/* Where the vector table must be: the device's boot memory; when that is
 * a vendor ROM, where a boot header's entry says the ROM enters the image,
 * or where the device says the ROM (or its second stage) finds the
 * application's table, if the image is one it starts that way (else the
 * ROM starts the image at its entry: nothing to check); a secure build
 * boots through the boot memory's secure alias; when a
 * bootloader occupies the boot memory, where it runs the application, or
 * the lowest load address of the image, as for a TrustZone project's
 * non-secure image, which its secure image starts. */
static bool boot_address(const struct rule_ctx *c, uint64_t *addr)
{
	const struct device *d = c->dev;
	const struct model *m = c->model;
	const struct dev_memory *boot = NULL;
	for (size_t i = 0; i < d->nmems && !boot; i++)
		if (d->mems[i].boot)
			boot = &d->mems[i];
	if (boot && boot->type == MEM_ROM) {
		int e = entry_table(c, addr);
		if (e >= 0)
			return e == 1 && loads_at(m, *addr);
		*addr = d->vector_table;
		return d->has_vector_table && loads_at(m, d->vector_table);
	}
	if (boot && !(c->ldr && loader_occupies_at(c->ldr, boot->base)) &&
	    !nonsecure_image(d, m, boot)) {
		*addr = secure_boot(d, m, boot);
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
	return lowest_load(m, addr);
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

static enum reset_problem reset_problem(const struct rule_ctx *c, uint32_t pc)
{
	uint64_t target = pc & ~(uint64_t)1;
	const struct dev_memory *mem = device_memory_at(c->dev, target);
	if (!(pc & 1))
		return RESET_EVEN;
	if (!mem && device_window_at(c->dev, target))
		return RESET_OK;	/* a board fills the window: unknown */
	if (!mem || exec_faults(device_exec_at(c->dev, target, NULL, NULL)))
		return RESET_NO_EXEC;
	if (mem_type_volatile(mem->type) && !(c->ldr && loader_runs_at(c->ldr, target)))
		return RESET_VOLATILE;
	return RESET_OK;
}

/* The statement that sets the stack top to 'value': a stack-top symbol the
 * script assigns (_estack = ...), for findings about vector[0]. */
static const struct model_symbol *stack_statement(const struct model *m,
						  uint64_t value)
{
	for (size_t i = 0; model_stack_symbols[i]; i++) {
		const struct model_symbol *s = model_symbol(m, model_stack_symbols[i]);
		if (s && s->value.known && s->value.v == value && s->loc.file)
			return s;
	}
	return NULL;
}

const char *const rule_vector_sections[] = {
	".isr_vector", ".vectors", ".vector_table", ".vector", ".intvecs",
	".interrupt_vector", ".interrupts", NULL
};

/* The script's vector-table output section when the image has nothing in
 * it (its input was discarded), while another section starts at the boot
 * address: then the words there are that section's, not a table. */
static const struct model_section *emptied_table(const struct model *m,
						 const struct model_section *at_boot)
{
	const char *const *names = rule_vector_sections;
	if (!at_boot || rule_glob_any(names, at_boot->name))
		return NULL;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (s->src && rule_glob_any(names, s->name) &&
		    (!s->in_image || (s->size.known && s->size.v == 0)))
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
	b->emptied = emptied_table(c->model, s);
	if (b->emptied) {
		b->at_boot = s;
		return;
	}
	b->has_words = model_load_words(c->model, b->boot, b->words, 2);
	if (!b->has_words)
		return;
	b->reset = reset_problem(c, b->words[1]);
	if (b->reset != RESET_OK)
		return;
	b->sp_known = true;
	b->sp = b->words[0];
	b->sp_from_table = true;
	const struct model_symbol *sym = stack_statement(c->model, b->sp);
	b->sp_loc = sym ? sym->loc : b->where;
	b->sp_source = sym ? arena_printf(c->d->arena, "the initial stack pointer "
					  "'%s' (vector[0] at 0x%08" PRIx64 ")",
					  sym->name, b->boot) :
		       arena_printf(c->d->arena, "the initial stack pointer "
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

/* ---- RAM-only images ------------------------------------------------------ */

static bool volatile_at(const struct device *d, uint64_t addr)
{
	const struct dev_memory *m = device_memory_at(d, addr);
	return m && mem_type_volatile(m->type);
}

static bool ram_image(struct rule_ctx *c)
{
	const struct model *m = c->model;
	if (m->entry_addr.known)
		return volatile_at(c->dev, m->entry_addr.v & ~(uint64_t)1);
	size_t n;
	const struct chunk *k = rule_chunks(c, &n);
	for (size_t i = 0; i < n; i++)
		if (!volatile_at(c->dev, k[i].lma))
			return false;
	return n > 0;
}

bool rule_ram_image_at(struct rule_ctx *c, uint64_t addr)
{
	if (!c->ldr || !c->dev)
		return false;
	const struct ldr_range *w = loader_write_at(c->ldr, addr);
	if (!w || !w->ram_image)
		return false;
	if (c->derived->ram_image < 0)
		c->derived->ram_image = ram_image(c);
	return c->derived->ram_image == 1;
}
