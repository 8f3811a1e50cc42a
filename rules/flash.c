/*
 * flash: erase sectors and banks: sections rewritten at run time must own
 * whole erase sectors, and nothing should straddle two flash banks.
 */
#include <inttypes.h>
#include <string.h>

#include "rules.h"

/* The range a section occupies in flash: its load image when it has one
 * (that is what is programmed and erased), else its run addresses. */
static bool flash_range(const struct rule_ctx *c, const struct model_section *s,
			uint64_t *base)
{
	if (rule_loaded(s) && device_sector_at(c->dev, s->lma.v, &(struct dev_sector){0})) {
		*base = s->lma.v;
		return true;
	}
	if (device_sector_at(c->dev, s->vma.v, &(struct dev_sector){0})) {
		*base = s->vma.v;
		return true;
	}
	return false;
}

/* "16 KiB", or "128 bytes" for the L0's pages. */
static const char *size_text(const struct rule_ctx *c, uint64_t n)
{
	if (n % 1024 == 0)
		return arena_printf(c->d->arena, "%" PRIu64 " KiB", n / 1024);
	return arena_printf(c->d->arena, "%" PRIu64 " bytes", n);
}

static const char *sector_text(const struct rule_ctx *c, const struct dev_sector *a,
			       const struct dev_sector *b)
{
	if (a->number == b->number && a->memory == b->memory)
		return arena_printf(c->d->arena, "erase sector %u of %s (0x%08" PRIx64
				    "-0x%08" PRIx64 ", %s)", a->number,
				    a->memory->name, a->base, a->base + a->size - 1,
				    size_text(c, a->size));
	return arena_printf(c->d->arena, "erase sectors %u-%u of %s (0x%08" PRIx64
			    "-0x%08" PRIx64 ")", a->number, b->number,
			    a->memory->name, a->base, b->base + b->size - 1);
}

/* Another section with bytes in [lo, hi) of flash, or NULL. */
static const struct model_section *content_in(const struct rule_ctx *c,
					       const struct model_section *self,
					       uint64_t lo, uint64_t hi)
{
	const struct model *m = c->model;
	for (size_t k = 0; k < m->nsections; k++) {
		const struct model_section *o = &m->sections[k];
		uint64_t ob;
		if (o == self || !rule_placed(o) || !o->in_image ||
		    !flash_range(c, o, &ob))
			continue;
		if (ob < hi && lo < ob + o->size.v)
			return o;
	}
	return NULL;
}

/* A region that reaches into [lo, hi) beyond the section and holds other
 * sections: a later change can put them next to it. */
static const struct model_region *region_spills(const struct rule_ctx *c,
						const struct model_section *s,
						uint64_t base, uint64_t lo, uint64_t hi)
{
	const struct model *m = c->model;
	const struct model_region *r = s->region ? model_resolve_region(m, s->region) :
				       model_region_at(m, base, 0);
	if (!r || !r->origin.known || !r->length.known)
		return NULL;
	uint64_t r_end = r->origin.v + r->length.v;
	bool beyond = (r->origin.v < base && r->origin.v < hi && lo < base) ||
		      (r_end > base + s->size.v && base + s->size.v < hi);
	if (!beyond)
		return NULL;
	for (size_t k = 0; k < m->nsections; k++) {
		const struct model_section *o = &m->sections[k];
		if (o != s && rule_placed(o) && o->in_image && o->region &&
		    model_resolve_region(m, o->region) == r)
			return r;
	}
	return NULL;
}

/* The first erase sector of 'mem' at least 'size' bytes long (or a run
 * of them) with nothing in it and not the boot sector, as a place to
 * suggest; false when there is none. */
static bool free_sector(const struct rule_ctx *c, const struct dev_memory *mem,
			uint64_t size, struct dev_sector *out)
{
	struct dev_sector sec;
	for (uint64_t a = mem->base; a - mem->base < mem->size; a = sec.base + sec.size) {
		if (!device_sector_at(c->dev, a, &sec) || sec.size == 0)
			return false;
		if (a == mem->base && mem->boot)
			continue;	/* the vector table's */
		uint64_t end = sec.base, need = size ? size : 1;
		struct dev_sector last = sec;
		while (end - sec.base < need && device_sector_at(c->dev, end, &last))
			end = last.base + last.size;
		if (end - sec.base >= need && !content_in(c, NULL, sec.base, end)) {
			*out = sec;
			return true;
		}
	}
	return false;
}

static const char *where_instead(const struct rule_ctx *c, const struct dev_sector *first,
				 uint64_t size)
{
	struct dev_sector free;
	if (!free_sector(c, first->memory, size, &free))
		return "give it erase sectors of its own";
	return arena_printf(c->d->arena, "move it to a free sector, such as "
			    "sector %u at 0x%08" PRIx64 " (%s), in a region of its "
			    "own", free.number, free.base, size_text(c, free.size));
}

void check_sector_sharing(struct rule_ctx *c)
{
	const struct model *m = c->model;
	const char *const *globs = c->cfg->runtime_written;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		uint64_t base;
		if (!rule_placed(s) || !rule_glob_any(globs, s->name) ||
		    !flash_range(c, s, &base))
			continue;
		struct dev_sector first, last;
		if (!device_sector_at(c->dev, base, &first) ||
		    !device_sector_at(c->dev, base + s->size.v - 1, &last))
			continue;
		uint64_t lo = first.base, hi = last.base + last.size;
		const struct model_section *other = content_in(c, s, lo, hi);
		const struct model_region *spill = other ? NULL :
						   region_spills(c, s, base, lo, hi);
		struct finding *f = NULL;
		if (other)
			f = diag_add(c->d, RULE_SECTOR_SHARING, rule_where(c, s),
				"'%s' is rewritten at run time but shares %s with '%s': "
				"erasing it erases '%s' too; %s", s->name,
				sector_text(c, &first, &last), other->name, other->name,
				where_instead(c, &first, s->size.v));
		else if (spill)
			f = diag_add(c->d, RULE_SECTOR_SHARING, rule_where(c, s),
				"'%s' is rewritten at run time and covers only part of "
				"%s, and region '%s' (which holds other sections) "
				"continues over the rest of it: whatever ld places next "
				"is erased with it; give '%s' a region that is exactly "
				"0x%08" PRIx64 "-0x%08" PRIx64 ", or %s", s->name,
				sector_text(c, &first, &last), spill->name, s->name, lo,
				hi - 1, where_instead(c, &first, s->size.v));
		if (f && other && other->loc.file)
			diag_note(c->d, f, other->loc, "'%s' is here", other->name);
		if (f && spill)
			diag_note(c->d, f, spill->loc, "region '%s' is declared here",
				  spill->name);
		if (f)
			rule_note_memory(c, f, first.memory);
	}
}

void check_bank_crossing(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_placed(s) || !s->in_image)
			continue;
		uint64_t starts[2] = {s->vma.v, s->lma.known ? s->lma.v : s->vma.v};
		for (int k = 0; k < (rule_loaded(s) && starts[1] != starts[0] ? 2 : 1); k++) {
			const struct dev_memory *m1 = NULL, *m2 = NULL;
			const struct dev_bank *a = device_bank_at(c->dev, starts[k], &m1);
			const struct dev_bank *b = device_bank_at(c->dev, starts[k] + s->size.v - 1, &m2);
			if (!a || !b || a == b)
				continue;
			struct finding *f = diag_add(c->d, RULE_BANK_CROSSING,
				rule_where(c, s), "%s'%s' (0x%08" PRIx64 "-0x%08" PRIx64
				") straddles flash banks %s and %s (bank boundary at 0x%08"
				PRIx64 "); end the region at the boundary and start a new "
				"one for the second bank", k ? "the load image of " : "",
				s->name, starts[k], starts[k] + s->size.v - 1, a->name,
				b->name, b->base);
			diag_note(c->d, f, b->loc, "bank %s of %s", b->name, c->dev->id);
			break;
		}
	}
}
