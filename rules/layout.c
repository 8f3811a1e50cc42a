/*
 * layout: MEMORY regions and placed sections against the device: regions
 * outside the device's memories, attributes the memory contradicts,
 * NOLOAD sections in non-volatile memory, ranges the device, board or
 * loader reserves, and regions that are almost full.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

/* ---- region-outside-device ------------------------------------------- */

static bool region_known(const struct model_region *r)
{
	return r->origin.known && r->length.known && r->length.v > 0 &&
	       r->origin.v + r->length.v > r->origin.v;	/* no ld defaults */
}

static void region_outside(const struct rule_ctx *c, const struct model_region *r)
{
	uint64_t o = r->origin.v, len = r->length.v, end = o + len;
	if (rule_covered(c->dev, o, len))
		return;
	const struct dev_memory *m = device_memory_at(c->dev, o);
	struct finding *f;
	if (m) {
		uint64_t fit = m->base + m->size - o;
		/* adjacent memories continue it */
		uint64_t covered = fit;
		while (o + covered < end && device_memory_at(c->dev, o + covered))
			covered = device_memory_at(c->dev, o + covered)->base +
				  device_memory_at(c->dev, o + covered)->size - o;
		f = diag_add(c->d, RULE_REGION_OUTSIDE_DEVICE, r->loc,
			     "MEMORY region '%s' (0x%08" PRIx64 "-0x%08" PRIx64 ", "
			     "0x%" PRIx64 " bytes) runs past the end of %s at 0x%08"
			     PRIx64 "; %s has no memory there; set LENGTH = 0x%"
			     PRIx64, r->name, o, end - 1, len,
			     rule_memory_name(c->d, m), o + covered, c->dev->id, covered);
		rule_note_memory(c, f, m);
		return;
	}
	if (device_window_at(c->dev, o))
		return;	/* a board fills it: unsized-memory says so */
	diag_add(c->d, RULE_REGION_OUTSIDE_DEVICE, r->loc,
		 "MEMORY region '%s' starts at 0x%08" PRIx64 ", where %s has no "
		 "memory; set its ORIGIN from the device's memory map (ldlint "
		 "--show-device %s)", r->name, o, c->dev->id, c->dev->id);
}

/* ---- region-attributes --------------------------------------------------- */

/* What the attribute letters change: only where ld puts orphan sections.
 * A contradiction is worth a warning when the region really holds what the
 * memory cannot take (code where fetches fault, writable data in flash)
 * or an orphan ld put there by the attributes; else it is a note. */
static enum severity attribute_weight(const struct rule_ctx *c,
				      const struct model_region *r, char flag)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_placed(s) || !s->in_image || !s->region ||
		    model_resolve_region(m, s->region) != r)
			continue;
		if (s->orphan)
			return SEV_WARNING;
		if (flag == 'x' && rule_flag(s, 'x'))
			return SEV_WARNING;
		if (flag == 'w' && rule_writable_data(s) && !s->noload)
			return SEV_WARNING;
	}
	return SEV_NOTE;
}

static void region_attributes(const struct rule_ctx *c, const struct model_region *r)
{
	const struct dev_memory *m = device_memory_at(c->dev, r->origin.v);
	const struct dev_xn *xn = NULL;
	const struct dev_memory *why = NULL;
	enum exec_verdict ex = device_exec_at(c->dev, r->origin.v, &xn, &why);
	if ((r->flags & MATTR_X) && exec_faults(ex)) {
		struct finding *f = diag_add_capped(c->d, RULE_REGION_ATTRIBUTES,
			attribute_weight(c, r, 'x'), r->loc,
			"MEMORY region '%s' is marked 'x' but %s cannot execute "
			"code%s; ld may place code there; drop 'x' from its "
			"attributes", r->name, m ? rule_memory_name(c->d, m) :
			arena_printf(c->d->arena, "0x%08" PRIx64, r->origin.v),
			ex == EXEC_NEVER ? " (execute-never address range)" :
			ex == EXEC_XN ? " (execute-never in the default memory map)" :
			" (it is not on the instruction bus)");
		if (xn && xn->loc.file)
			diag_note(c->d, f, xn->loc, "execute-never: %s",
				  xn->reason ? xn->reason : "");
		else
			rule_note_memory(c, f, m);
	}
	if (m && (r->flags & MATTR_W) && mem_type_nonvolatile(m->type) &&
	    m->type != MEM_XIP) {
		struct finding *f = diag_add_capped(c->d, RULE_REGION_ATTRIBUTES,
			attribute_weight(c, r, 'w'), r->loc,
			"MEMORY region '%s' is marked 'w' but it is in %s, which "
			"stores cannot change; ld may place writable data there; "
			"write its attributes as 'rx'", r->name,
			rule_memory_name(c->d, m));
		rule_note_memory(c, f, m);
	}
}

/* ---- noload-in-nvm ------------------------------------------------------- */

/* A section the image has, but empty (or that the image dropped), or one
 * placed in a zero-length region: it holds nothing. */
static bool holds_nothing(const struct rule_ctx *c, const struct model_section *s)
{
	const struct model *m = c->model;
	if (m->elf_path || m->map_path)
		return !s->in_image || (s->size.known && s->size.v == 0);
	const struct model_region *r = s->region ? model_region(m, s->region) : NULL;
	return r && r->length.known && r->length.v == 0;
}

void check_noload_in_nvm(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!s->noload || holds_nothing(c, s))
			continue;
		struct val at = s->vma;
		const struct model_region *r = s->region ? model_region(m, s->region) : NULL;
		if (!at.known && r)
			at = r->origin;
		if (!at.known)
			continue;
		const struct dev_memory *mem = device_memory_at(c->dev, at.v);
		if (!mem || !mem_type_nonvolatile(mem->type))
			continue;
		const char *what = NULL;
		if (s->has_contents && (s->contents.bss_name || s->contents.init_name))
			what = s->contents.bss_name ? "zero-initialised variables "
			       "(.bss, COMMON)" : "initialised data or code";
		else if (!s->has_contents && (what = rule_collects(s, rule_program_sections)))
			what = arena_printf(c->d->arena, "ordinary program sections "
					    "('*(%s)')", what);
		if (!what)
			continue;
		struct finding *f = diag_add(c->d, RULE_NOLOAD_IN_NVM, rule_where(c, s),
			"'%s' is NOLOAD in %s at 0x%08" PRIx64 " but collects %s: "
			"nothing is programmed there, so they hold whatever the %s "
			"held before; place it in RAM, or keep only storage the "
			"program writes at run time in it", s->name,
			rule_memory_name(c->d, mem), at.v, what, mem_type_name(mem->type));
		rule_note_memory(c, f, mem);
	}
}

/* ---- reserved-overlap ---------------------------------------------------- */

struct reserved_hit {
	const struct rule_ctx *c;
	const char *what;		/* "section '.text'" / "region 'FLASH'" */
	struct loc loc;
	uint64_t base, size;
	bool load_image;		/* the range is load-image content */
	const char *section;		/* for allow lists */
	bool reported;
};

static bool reserved_fn(const struct dev_reserved *r, void *arg)
{
	struct reserved_hit *h = arg;
	if (r->load_image_only && !h->load_image)
		return true;
	for (size_t i = 0; h->section && i < r->nallow; i++)
		if (strcmp(r->allow[i], h->section) == 0)
			return true;
	uint64_t lo = h->base > r->base ? h->base : r->base;
	uint64_t h_end = h->base + h->size, r_end = r->base + r->size;
	uint64_t hi = h_end < r_end ? h_end : r_end;
	struct finding *f = diag_add(h->c->d, RULE_RESERVED_OVERLAP, h->loc,
		"%s (0x%08" PRIx64 "-0x%08" PRIx64 ") overlaps 0x%08" PRIx64
		"-0x%08" PRIx64 ", which %s reserves%s%s; move it past 0x%08" PRIx64,
		h->what, h->base, h_end - 1, lo, hi - 1, r->by ? r->by : "the device",
		r->reason ? ": " : "", r->reason ? r->reason : "", r_end);
	diag_note(h->c->d, f, r->loc, "reserved by %s", r->by ? r->by : "the device");
	h->reported = true;
	return false;	/* one finding per object */
}

/* What the loader itself occupies (a bootloader, a SoftDevice): one
 * finding for all the occupied ranges the object overlaps. */
static void occupied(struct reserved_hit *h)
{
	const struct loader *l = h->c->ldr;
	uint64_t h_end = h->base + h->size, lo = UINT64_MAX, end = 0;
	const struct ldr_range *first = NULL;
	struct strbuf why = {0};
	for (size_t i = 0; l && i < l->noccupies; i++) {
		const struct ldr_range *o = &l->occupies[i];
		if (!o->resolved || !(h->base < o->base + o->size && o->base < h_end))
			continue;
		if (!first)
			first = o;
		if (o->base < lo)
			lo = o->base;
		if (o->base + o->size > end)
			end = o->base + o->size;
		if (o->note)
			sb_printf(&why, "%s%s", why.len ? "; " : "", o->note);
	}
	if (!first)
		return;
	uint64_t from = h->base > lo ? h->base : lo, to = h_end < end ? h_end : end;
	struct finding *f = diag_add(h->c->d, RULE_RESERVED_OVERLAP, h->loc,
		"%s (0x%08" PRIx64 "-0x%08" PRIx64 ") overlaps 0x%08" PRIx64
		"-0x%08" PRIx64 ", which %s occupies%s%s; move it past 0x%08" PRIx64,
		h->what, h->base, h_end - 1, from, to - 1, l->id, why.len ? " (" : "",
		why.len ? arena_printf(h->c->d->arena, "%s)", why.buf) : "", end);
	diag_note(h->c->d, f, first->loc, "what %s occupies", l->id);
	sb_free(&why);
	h->reported = true;
}

static void reserved_sections(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_placed(s) || !s->in_image)
			continue;
		struct reserved_hit h = {c, arena_printf(c->d->arena, "section '%s'",
					 s->name), rule_where(c, s), s->vma.v,
					 s->size.v, false, s->name, false};
		occupied(&h);
		if (!h.reported)
			device_reserved_in(c->dev, c->ldr, s->vma.v, s->size.v,
					   reserved_fn, &h);
		if (!h.reported && rule_loaded(s) && s->lma.v != s->vma.v) {
			h.what = arena_printf(c->d->arena, "the load image of '%s'", s->name);
			h.base = s->lma.v;
			h.load_image = true;
			device_reserved_in(c->dev, c->ldr, s->lma.v, s->size.v,
					   reserved_fn, &h);
		} else if (!h.reported && rule_loaded(s)) {
			h.load_image = true;
			device_reserved_in(c->dev, c->ldr, s->vma.v, s->size.v,
					   reserved_fn, &h);
		}
	}
}

/* Regions are checked only when no image says where sections really
 * went, and only regions sections use. */
static bool region_used(const struct model *m, const struct model_region *r)
{
	for (size_t i = 0; i < m->nsections; i++)
		if ((m->sections[i].region && !strcmp(m->sections[i].region, r->name)) ||
		    (m->sections[i].lma_region && !strcmp(m->sections[i].lma_region, r->name)))
			return true;
	return false;
}

static void reserved_regions(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nregions; i++) {
		const struct model_region *r = &m->regions[i];
		if (!region_known(r) || !region_used(m, r))
			continue;
		struct reserved_hit h = {c, arena_printf(c->d->arena, "MEMORY region "
					 "'%s'", r->name), r->loc, r->origin.v,
					 r->length.v, false, NULL, false};
		occupied(&h);
		if (!h.reported)
			device_reserved_in(c->dev, c->ldr, r->origin.v, r->length.v,
					   reserved_fn, &h);
	}
}

/* ---- region-usage -------------------------------------------------------- */

/* Space a script fills on purpose: heap and stack reservations (often
 * sized to take the rest of RAM) and storage areas that own whole
 * sectors.  Region usage counts code and data only. */
static bool deliberate_fill(const struct rule_ctx *c, const struct model_section *s)
{
	static const char *const fills[] = {"*heap*", "*stack*", "*HEAP*",
		"*STACK*", "*Heap*", "*Stack*", NULL};
	return rule_glob_any(fills, s->name) ||
	       rule_glob_any(c->cfg->runtime_written, s->name);
}

void check_region_usage(struct rule_ctx *c)
{
	const struct model *m = c->model;
	/* the sections that count, judged once for all regions */
	bool *counts = arena_alloc(c->d->arena, m->nsections + 1);
	for (size_t k = 0; k < m->nsections; k++) {
		const struct model_section *s = &m->sections[k];
		counts[k] = rule_placed(s) && s->in_image && !deliberate_fill(c, s);
	}
	for (size_t i = 0; i < m->nregions; i++) {
		const struct model_region *r = &m->regions[i];
		if (!region_known(r))
			continue;
		uint64_t used = 0, biggest = 0;
		for (size_t k = 0; k < m->nsections; k++) {
			const struct model_section *s = &m->sections[k];
			if (!counts[k])
				continue;
			if (model_region_at(m, s->vma.v, 0) == r ||
			    (rule_loaded(s) && s->lma.v != s->vma.v &&
			     model_region_at(m, s->lma.v, 0) == r)) {
				used += s->size.v;
				if (s->size.v > biggest)
					biggest = s->size.v;
			}
		}
		/* a region made to the size of the one thing in it (a settings
		 * page, a UICR word) is full by design */
		if (used * 100 <= r->length.v * c->cfg->usage_percent ||
		    (biggest == used && used == r->length.v))
			continue;
		diag_add(c->d, RULE_REGION_USAGE, r->loc, "MEMORY region '%s' is %"
			 PRIu64 "%% full: %" PRIu64 " of %" PRIu64 " bytes used, %"
			 PRId64 " left", r->name, used * 100 / r->length.v, used,
			 r->length.v, (int64_t)(r->length.v - used));
	}
}

/* ---- region-budget ------------------------------------------------------ */

/* The region names of the model, for a message: "FLASH, RAM". */
static const char *region_list(const struct rule_ctx *c)
{
	const struct model *m = c->model;
	struct strbuf sb = {0};
	for (size_t i = 0; i < m->nregions && i < 8; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", m->regions[i].name);
	if (m->nregions > 8)
		sb_puts(&sb, ", ...");
	const char *s = arena_strdup(c->d->arena, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return s;
}

void check_region_budget(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < c->cfg->nbudgets; i++) {
		const struct rule_budget *b = &c->cfg->budgets[i];
		const struct model_region *r = model_region(m, b->region);
		if (!r) {
			const char *near = NULL;
			unsigned best = 3;
			for (size_t k = 0; k < m->nregions; k++) {
				unsigned dist = edit_distance(b->region, m->regions[k].name,
							      best);
				if (dist < best)
					best = dist, near = m->regions[k].name;
			}
			if (m->nregions && (m->elf_path || m->map_path))
				diag_add(c->d, RULE_REGION_BUDGET, b->name_at, "the budget "
					 "names region '%s', which this build does not "
					 "have; %s%s%s", b->region,
					 near ? "did you mean '" : "its regions: ",
					 near ? near : region_list(c), near ? "'?" : "");
			continue;
		}
		uint64_t used;
		if (!model_region_used(m, r, &used) || (b->percent && !r->length.known))
			continue;
		uint64_t limit = b->percent ? r->length.v / 100 * b->value +
					      r->length.v % 100 * b->value / 100 : b->value;
		if (used <= limit)
			continue;
		char what[64] = "";
		if (b->percent)
			snprintf(what, sizeof what, " (%" PRIu64 "%% of %" PRIu64 ")",
				 b->value, r->length.v);
		struct finding *f = diag_add(c->d, RULE_REGION_BUDGET, r->loc,
			"MEMORY region '%s' uses %" PRIu64 " bytes, %" PRIu64 " more than "
			"its budget of %" PRIu64 " bytes%s; make the image smaller or "
			"raise the budget", r->name, used, used - limit, limit, what);
		diag_note(c->d, f, b->loc, "the budget for '%s' is set here", r->name);
	}
}

void check_region_outside_device(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nregions; i++)
		if (region_known(&m->regions[i]))
			region_outside(c, &m->regions[i]);
}

void check_region_attributes(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nregions; i++)
		if (region_known(&m->regions[i]))
			region_attributes(c, &m->regions[i]);
}

void check_reserved_overlap(struct rule_ctx *c)
{
	if (c->model->elf_path || c->model->map_path)
		reserved_sections(c);
	else
		reserved_regions(c);
}

/* ---- unsized-memory ------------------------------------------------------ */

/* One note per external memory window (QSPI, OCTOSPI, FMC, FSMC, XIP) of
 * a bare chip that the script or the image puts content in: the window is
 * address space a board fills, so its size and sectors are unknown. */
static void window_note(struct rule_ctx *c, const struct dev_window **seen,
			size_t *nseen, uint64_t addr, const char *what, struct loc loc)
{
	const struct dev_window *w = device_window_at(c->dev, addr);
	if (!w)
		return;
	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == w)
			return;
	seen[(*nseen)++] = w;
	struct finding *f = diag_add(c->d, RULE_UNSIZED_MEMORY, loc,
		"%s puts content at 0x%08" PRIx64 " in the %s window of %s, which a "
		"board fills: its size and erase sectors are unknown, so ldlint does "
		"not check them; describe the board (-d BOARD, or a board YAML "
		"that extends %s and populates %s)", what, addr, w->name,
		c->dev->id, c->dev->id, w->name);
	diag_note(c->d, f, w->loc, "the %s window of %s", w->name, c->dev->id);
}

void check_unsized_memory(struct rule_ctx *c)
{
	const struct model *m = c->model;
	const struct dev_window **seen = xcalloc(m->nsections + m->nregions + 1,
						 sizeof *seen);
	size_t nseen = 0;
	bool image = m->elf_path || m->map_path;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (image ? !rule_placed(s) || !s->in_image : !s->region)
			continue;
		const char *what = arena_printf(c->d->arena, "'%s'", s->name);
		if (image) {
			window_note(c, seen, &nseen, s->vma.v, what, rule_where(c, s));
			if (rule_loaded(s))
				window_note(c, seen, &nseen, s->lma.v, what, rule_where(c, s));
			continue;
		}
		const struct model_region *r = model_resolve_region(m, s->region);
		if (r && region_known(r))
			window_note(c, seen, &nseen, r->origin.v, what, rule_where(c, s));
	}
	free(seen);
}
