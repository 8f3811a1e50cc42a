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

static const char *sector_text(const struct rule_ctx *c, const struct dev_sector *a,
			       const struct dev_sector *b)
{
	if (a->number == b->number && a->memory == b->memory)
		return arena_printf(c->d->arena, "erase sector %u of %s (0x%08" PRIx64
				    "-0x%08" PRIx64 ", %" PRIu64 " KiB)", a->number,
				    a->memory->name, a->base, a->base + a->size - 1,
				    a->size / 1024);
	return arena_printf(c->d->arena, "erase sectors %u-%u of %s (0x%08" PRIx64
			    "-0x%08" PRIx64 ")", a->number, b->number,
			    a->memory->name, a->base, b->base + b->size - 1);
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
		/* anything else with bytes in those sectors? */
		const struct model_section *other = NULL;
		for (size_t k = 0; k < m->nsections && !other; k++) {
			const struct model_section *o = &m->sections[k];
			uint64_t ob;
			if (o == s || !rule_placed(o) || !o->in_image ||
			    !flash_range(c, o, &ob))
				continue;
			if (ob < hi && lo < ob + o->size.v)
				other = o;
		}
		struct finding *f = NULL;
		if (other)
			f = diag_add(c->d, RULE_SECTOR_SHARING, rule_where(c, s),
				"'%s' is rewritten at run time but shares %s with '%s': "
				"erasing it erases '%s' too; give it whole sectors of its "
				"own (align it to 0x%08" PRIx64 " and keep other sections "
				"out of 0x%08" PRIx64 "-0x%08" PRIx64 ")", s->name,
				sector_text(c, &first, &last), other->name, other->name,
				lo, lo, hi - 1);
		else if (base != lo || base + s->size.v != hi)
			f = diag_add(c->d, RULE_SECTOR_SHARING, rule_where(c, s),
				"'%s' is rewritten at run time but does not cover whole "
				"sectors: it is at 0x%08" PRIx64 "-0x%08" PRIx64 " in %s; "
				"align it to the sector at 0x%08" PRIx64 " and size it to "
				"0x%" PRIx64 " bytes", s->name, base, base + s->size.v - 1,
				sector_text(c, &first, &last), lo, hi - lo);
		if (f && other && other->loc.file)
			diag_note(c->d, f, other->loc, "'%s' is here", other->name);
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
