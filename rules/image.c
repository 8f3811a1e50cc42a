/*
 * image: the linked image (ELF, or map when there is no ELF) against the
 * device and the loader: what is loaded where, whether it can be stored,
 * programmed, written and executed there, what a raw binary of it looks
 * like, and whether the inputs belong to the same link.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

static const struct model_section *by_name(const struct model *m, const char *n)
{
	return model_section_named(m, n);
}

/* ---- load-in-ram, data-no-lma ------------------------------------------------ */

static bool is_data_no_lma(struct rule_ctx *c, const struct model_section *s)
{
	if (!rule_loaded(s) || !rule_writable_data(s) || s->lma.v != s->vma.v)
		return false;
	const struct dev_memory *m = device_memory_at(c->dev, s->vma.v);
	/* without initial values, the fix is NOLOAD, not a load address:
	 * load-in-ram says so */
	return m && mem_type_volatile(m->type) &&
	       !(c->ldr && loader_runs_at(c->ldr, s->vma.v)) &&
	       !rule_ram_image_at(c, s->vma.v) && !model_section_zero(c->model, s);
}

void check_data_no_lma(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!is_data_no_lma(c, s))
			continue;
		const struct dev_memory *mem = device_memory_at(c->dev, s->vma.v);
		struct finding *f = diag_add(c->d, RULE_DATA_NO_LMA, rule_where(c, s),
			"'%s' is initialised data in %s at 0x%08" PRIx64 " but has no "
			"load address in flash, so its initial values are not in the "
			"programmed image; add 'AT> %s'", s->name, mem->name, s->vma.v,
			rule_flash_region(c));
		rule_note_memory(c, f, mem);
	}
}

void check_load_in_ram(struct rule_ctx *c)
{
	size_t n;
	const struct chunk *k = rule_chunks(c, &n);
	for (size_t i = 0; i < n; i++) {
		const struct dev_memory *mem = device_memory_at(c->dev, k[i].lma);
		if (!mem || !mem_type_volatile(mem->type))
			continue;
		if ((c->ldr && loader_runs_at(c->ldr, k[i].lma)) ||
		    rule_ram_image_at(c, k[i].lma))
			continue;	/* the loader runs images from there */
		struct finding *f = diag_add(c->d, RULE_LOAD_IN_RAM,
			rule_where(c, k[i].s), "%s has its load address in %s: the "
			"image asks the programmer to write RAM, which does not keep "
			"it across a reset; give it a load address in flash "
			"('AT> %s') or make it NOLOAD", rule_chunk_name(c, &k[i]),
			rule_memory_name(c->d, mem), rule_flash_region(c));
		rule_note_memory(c, f, mem);
	}
}

/* ---- write-to-nvm, exec-not-executable, ramfunc-in-flash --------------------- */

/* A script region in RAM to name in a fix ("RAM" when there is none). */
static const char *ram_region(const struct rule_ctx *c)
{
	const struct model *m = c->model;
	/* where the script already keeps its variables */
	static const char *const data[] = {".data", ".bss", NULL};
	for (size_t d = 0; data[d]; d++) {
		const struct model_section *s = by_name(m, data[d]);
		if (s && s->region)
			return s->region;
	}
	for (size_t i = 0; i < m->nregions; i++) {
		const struct dev_memory *mem = m->regions[i].origin.known ?
			device_memory_at(c->dev, m->regions[i].origin.v) : NULL;
		if (mem && mem->type == MEM_RAM && !mem->init_requires &&
		    (m->regions[i].flags & MATTR_W))
			return m->regions[i].name;
	}
	return "RAM";
}

/* Whether a writable section is program data that the code stores to:
 * built from .data, .bss or COMMON inputs (the map), or named so.  ld
 * marks an output section writable when any input is, so linker tables of
 * LONG() entries (.copy.table), alignment padding (.lalign), a non-const
 * vector table and a NOLOAD page reserved for settings the program erases
 * and programs through the flash controller carry the W flag without a
 * store ever reaching them. */
static bool runs_as_data(const struct model_section *s)
{
	static const char *const names[] = {".data", ".data.*", ".bss", ".bss.*",
		".sdata", ".sdata.*", ".sbss", ".sbss.*", ".tdata", ".tbss", NULL};
	if (rule_glob_any(names, s->name))
		return true;
	if (s->has_contents && s->contents.zero_objects)
		return true;	/* zero-initialised variables in a section of their own */
	if (s->src && s->src->sec)	/* what the script collects decides */
		return rule_collects(s, rule_variable_sections) != NULL;
	return s->has_contents && (s->contents.data_name || s->contents.bss_name);
}

void check_write_to_nvm(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_placed(s) || !s->in_image)
			continue;
		const struct dev_memory *mem = device_memory_at(c->dev, s->vma.v);
		if (!mem || !rule_writable_data(s) || s->noload ||
		    !mem_type_nonvolatile(mem->type) ||
		    device_writable_at(c->dev, s->vma.v) || !runs_as_data(s))
			continue;
		struct finding *f = diag_add(c->d, RULE_WRITE_TO_NVM,
			rule_where(c, s), "'%s' is writable but runs from %s at "
			"0x%08" PRIx64 ", where stores fault or are ignored; place "
			"it in RAM ('> %s', loaded from flash if it has initial "
			"values), or make its contents const", s->name,
			rule_memory_name(c->d, mem), s->vma.v, ram_region(c));
		rule_note_memory(c, f, mem);
	}
}

void check_exec_not_executable(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_placed(s) || !s->in_image || !rule_flag(s, 'x'))
			continue;
		const struct dev_memory *mem = device_memory_at(c->dev, s->vma.v);
		const struct dev_xn *xn = NULL;
		const struct dev_memory *why = NULL;
		enum exec_verdict ex = device_exec_at(c->dev, s->vma.v, &xn, &why);
		if (!exec_faults(ex))
			continue;
		struct finding *f = diag_add(c->d, RULE_EXEC_NOT_EXECUTABLE,
			rule_where(c, s), "'%s' holds code but runs at 0x%08"
			PRIx64 " in %s, %s; calling it hard-faults; place it in "
			"flash or in RAM the core executes from", s->name, s->vma.v,
			mem ? rule_memory_name(c->d, mem) :
			device_window_at(c->dev, s->vma.v) ? arena_printf(c->d->arena,
			"the %s window", device_window_at(c->dev, s->vma.v)->name) :
			"an unmapped area",
			ex == EXEC_NEVER ? "an execute-never address range" :
			ex == EXEC_XN ? "execute-never in the default memory map "
			"(an MPU region set up before the first call could allow it)" :
			"which the core cannot fetch instructions from");
		if (xn && xn->loc.file)
			diag_note(c->d, f, xn->loc, "execute-never: %s",
				  xn->reason ? xn->reason : "");
		else
			rule_note_memory(c, f, why ? why : mem);
	}
}

static const char *const ramfunc_globs[] = {
	".RamFunc*", ".ramfunc*", ".ram_code*", ".ramcode*", ".ram_text*",
	".ramtext*", ".fastcode*", ".fast_code*", ".time_critical*",
	".code_ram*", ".iram*", NULL,
};

static void ramfunc_report(const struct rule_ctx *c, const struct model_section *s,
			   const char *input, const struct dev_memory *mem)
{
	struct finding *f = diag_add(c->d, RULE_RAMFUNC_IN_FLASH, rule_where(c, s),
		"%s%s%s run%s from %s: the RAM-function attribute has no effect, "
		"and code that erases or programs flash from there stalls or "
		"faults; place '*(%s*)' in the RAM section the startup code copies "
		"('> RAM AT> FLASH')", input ? "input sections '" : "'",
		input ? input : s->name, input ? arena_printf(c->d->arena,
		"' of '%s'", s->name) : "'", input ? "" : "s", rule_memory_name(c->d, mem),
		input ? input : s->name);
	rule_note_memory(c, f, mem);
}

/* Does an input pattern name RAM functions?  Patterns of wildcards alone
 * ('*') do not. */
static bool ramfunc_text(const char *t)
{
	if (strspn(t, "*?") == strlen(t))
		return false;
	return rule_glob_matches(t, ".RamFunc") || rule_glob_matches(t, ".ramfunc") ||
	       rule_glob_any(ramfunc_globs, t);
}

/* Script: input patterns naming RAM functions inside an output section
 * that runs from flash. */
static bool ramfunc_pattern(const struct stmt *body, const char **pattern)
{
	for (const struct stmt *st = body; st; st = st->next)
		if (st->kind == ST_INPUT)
			for (const struct pattern *p = st->in->sections; p; p = p->next)
				if (p->text && ramfunc_text(p->text)) {
					*pattern = p->text;
					return true;
				}
	return false;
}

void check_ramfunc_in_flash(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!s->vma.known || (s->size.known && s->size.v == 0 && s->in_image))
			continue;
		const struct dev_memory *mem = device_memory_at(c->dev, s->vma.v);
		if (!mem || !mem_type_nonvolatile(mem->type))
			continue;
		const char *pattern = NULL;
		if (rule_glob_any(ramfunc_globs, s->name))
			ramfunc_report(c, s, NULL, mem);
		else if (s->src && s->src->sec && ramfunc_pattern(s->src->sec->body, &pattern))
			ramfunc_report(c, s, pattern, mem);
	}
}

/* ---- vma/lma-outside-device, lma-not-programmable ------------------------------ */

void check_vma_outside_device(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		/* content in an external memory window is unsized-memory's */
		if (!rule_placed(s) || !s->in_image ||
		    rule_covered(c->dev, s->vma.v, s->size.v) ||
		    device_window_at(c->dev, s->vma.v))
			continue;
		diag_add(c->d, RULE_VMA_OUTSIDE_DEVICE, rule_where(c, s),
			 "'%s' runs at 0x%08" PRIx64 "-0x%08" PRIx64 ", where the "
			 "device has no memory; place it in a region that matches a "
			 "memory of %s", s->name, s->vma.v, s->vma.v + s->size.v - 1,
			 c->dev->id);
	}
}

void check_lma_outside_device(struct rule_ctx *c)
{
	size_t n;
	const struct chunk *k = rule_chunks(c, &n);
	for (size_t i = 0; i < n; i++) {
		if (rule_covered(c->dev, k[i].lma, k[i].size) ||
		    device_window_at(c->dev, k[i].lma))
			continue;
		diag_add(c->d, RULE_LMA_OUTSIDE_DEVICE, rule_where(c, k[i].s),
			 "%s is stored where %s has no memory (0x%08" PRIx64 "-0x%08"
			 PRIx64 "); give it a load address in the device's flash",
			 rule_chunk_name(c, &k[i]), c->dev->id, k[i].lma,
			 k[i].lma + k[i].size - 1);
	}
}

/* Is load content at 'lma' where it belongs: somewhere the loader runs
 * or writes images, or else the device's boot memory? */
static bool expected_place(const struct rule_ctx *c, uint64_t lma)
{
	if (c->ldr) {
		const struct ldr_range *w = loader_write_at(c->ldr,
			loader_storage_address(c->ldr, lma));
		return loader_runs_at(c->ldr, lma) || (w && w->how == WRITE_YES);
	}
	const struct dev_memory *m = device_memory_at(c->dev, lma);
	return m && !mem_type_volatile(m->type) && m->boot;
}

/* A loader that takes a raw binary (dfu-util with -s ADDR) writes the
 * whole span from the lowest to the highest load address at one address;
 * that is what it accepts or refuses. */
static bool binary_image(const struct rule_ctx *c, const struct chunk *k, size_t n)
{
	const struct loader *l = c->ldr;
	if (!l->has_download_at || !l->image_format || strcmp(l->image_format, "bin") ||
	    n == 0)
		return false;
	uint64_t lo = k[0].lma, hi = k[0].lma + k[0].size;
	const struct chunk *low = &k[0];
	for (size_t i = 1; i < n; i++) {
		if (k[i].lma < lo) {
			lo = k[i].lma;
			low = &k[i];
		}
		if (k[i].lma + k[i].size > hi)
			hi = k[i].lma + k[i].size;
	}
	struct ldr_verdict v;
	loader_check(l, l->download_at, hi - lo, &v);
	if (v.ok)
		return true;
	/* the finding belongs to the content that stretches the binary out of
	 * the memory the loader writes it to */
	const struct chunk *odd = NULL;
	for (size_t i = 0; i < n && !odd; i++)
		if (!expected_place(c, k[i].lma))
			odd = &k[i];
	if (!odd)
		odd = low;
	struct finding *f = diag_add(c->d, RULE_LMA_NOT_PROGRAMMABLE,
		rule_where(c, odd->s), "the raw binary of this image spans 0x%08"
		PRIx64 "-0x%08" PRIx64 " (%" PRIu64 " bytes); %s writes it at 0x%08"
		PRIx64 " and refuses 0x%08" PRIx64 "; %s will print \"%s\"; keep "
		"all loadable content in the memory %s writes", lo, hi - 1, hi - lo,
		l->id, l->download_at, v.bad, l->tool ? l->tool : l->id,
		v.message, l->id);
	if (v.write)
		diag_note(c->d, f, v.write->loc, "what %s writes", l->id);
	else
		diag_note(c->d, f, l->loc, "loader %s", l->id);
	return true;
}

void check_lma_not_programmable(struct rule_ctx *c)
{
	const struct loader *l = c->ldr;	/* the needs say L */
	if (!l)
		return;
	size_t n;
	const struct chunk *k = rule_chunks(c, &n);
	if (binary_image(c, k, n))
		return;
	for (size_t i = 0; i < n; i++) {
		if (loader_runs_at(l, k[i].lma) &&
		    !loader_write_at(l, loader_storage_address(l, k[i].lma)))
			continue;
		uint64_t at = loader_storage_address(l, k[i].lma);
		struct ldr_verdict v;
		loader_check(l, at, k[i].size, &v);
		const char *tool = l->tool ? l->tool : l->id;
		struct finding *f = NULL;
		bool says = v.message[0] && (l->message || l->ndfuse);
		if (!v.ok)
			f = diag_add(c->d, RULE_LMA_NOT_PROGRAMMABLE, rule_where(c, k[i].s),
				"%s cannot be written by %s: it refuses 0x%08" PRIx64 "%s%s",
				rule_chunk_name(c, &k[i]), l->id, v.bad,
				says ? arena_printf(c->d->arena, "; %s will print "
				"\"%s\"", tool, v.message) : "",
				"; keep loadable content in memory the loader writes, or "
				"make it NOLOAD");
		else if (v.how == WRITE_NEEDS && !(v.write && v.write->ram_image &&
						     rule_ram_image_at(c, at)))
			f = diag_add(c->d, RULE_LMA_NOT_PROGRAMMABLE, rule_where(c, k[i].s),
				"%s is in memory %s writes only with %s; without it the "
				"programming fails", rule_chunk_name(c, &k[i]), l->id,
				v.write && v.write->requires ? v.write->requires :
				"extra set-up (an external flash loader)");
		if (f && v.write)
			diag_note(c->d, f, v.write->loc, "what %s writes", l->id);
		else if (f)
			diag_note(c->d, f, l->loc, "loader %s", l->id);
	}
}

/* ---- image-gap ------------------------------------------------------------------ */

/* Is the gap between two load chunks inside one programmable memory? */
static bool gap_inside_memory(const struct rule_ctx *c, uint64_t lo, uint64_t hi)
{
	const struct model *m = c->model;
	if (c->dev) {
		const struct dev_memory *a = device_memory_at(c->dev, lo);
		return a && device_memory_at(c->dev, hi) == a;
	}
	if (m->nregions) {
		const struct model_region *a = model_region_at(m, lo, 0);
		return a && model_region_at(m, hi, 0) == a;
	}
	return hi - lo < 16u * 1024 * 1024;	/* no device, no script */
}

/* Which side of the gap before k[i] is the mistake: with a device, the
 * side in RAM or outside the boot memory; else the smaller side. */
static const struct chunk *odd_one_out(const struct rule_ctx *c,
				       const struct chunk *k, size_t n, size_t i)
{
	if (c->dev) {
		bool a_bad = !expected_place(c, k[i - 1].lma);
		bool b_bad = !expected_place(c, k[i].lma);
		if (a_bad != b_bad)
			return a_bad ? &k[i - 1] : &k[i];
	}
	uint64_t below = 0, above = 0;
	for (size_t j = 0; j < n; j++)
		*(j < i ? &below : &above) += k[j].size;
	return below <= above ? &k[i - 1] : &k[i];
}

/* Whether the loader takes a file that carries an address per record
 * (ELF, Intel HEX, UF2): a gap then costs nothing. */
static bool sparse_format(const struct loader *l)
{
	const char *f = l ? l->image_format : NULL;
	return f && (!strcmp(f, "elf") || !strcmp(f, "ihex") || !strcmp(f, "uf2"));
}

void check_image_gap(struct rule_ctx *c)
{
	size_t n;
	const struct chunk *k = rule_chunks(c, &n);
	if (n < 2 || sparse_format(c->ldr))
		return;
	uint64_t lo = k[0].lma, hi = k[0].lma + k[0].size, end = hi;
	for (size_t i = 1; i < n; i++)
		if (k[i].lma + k[i].size > end)
			end = k[i].lma + k[i].size;
	for (size_t i = 1; i < n; i++) {
		if (k[i].lma <= hi) {
			if (k[i].lma + k[i].size > hi)
				hi = k[i].lma + k[i].size;
			continue;
		}
		if (!gap_inside_memory(c, hi - 1, k[i].lma)) {
			const struct chunk *odd = odd_one_out(c, k, n, i);
			struct finding *f = diag_add(c->d, RULE_IMAGE_GAP,
				rule_where(c, odd->s), "the loadable content spans 0x%08"
				PRIx64 "-0x%08" PRIx64 " with a gap of 0x%" PRIx64 " bytes "
				"after 0x%08" PRIx64 ": objcopy -O binary would write a "
				"%" PRIu64 "-byte file, and a programmer would write the "
				"addresses in the gap; %s is the odd one out", lo, end - 1,
				k[i].lma - hi, hi - 1, end - lo, rule_chunk_name(c, odd));
			(void)f;
			return;
		}
		hi = k[i].lma + k[i].size;
	}
}

/* ---- section-overlap --------------------------------------------------------------- */

static const struct stmt *overlay_of(const struct model_section *s)
{
	return s->src && s->src->sec ? s->src->sec->overlay : NULL;
}

/* Two sections that share run addresses (unless they are one OVERLAY's),
 * or load addresses. */
static bool plain_overlap(struct rule_ctx *c, const struct model_section *a,
			  const struct model_section *b, bool same_overlay)
{
	if (!same_overlay && a->vma.v < b->vma.v + b->size.v &&
	    b->vma.v < a->vma.v + a->size.v) {
		struct finding *f = diag_add(c->d, RULE_SECTION_OVERLAP,
			rule_where(c, b), "'%s' (0x%08" PRIx64 "-0x%08" PRIx64
			") overlaps '%s' (0x%08" PRIx64 "-0x%08" PRIx64 ") in "
			"run addresses; move one of them", b->name, b->vma.v,
			b->vma.v + b->size.v - 1, a->name, a->vma.v,
			a->vma.v + a->size.v - 1);
		if (a->loc.file)
			diag_note(c->d, f, a->loc, "'%s' is here", a->name);
		return true;
	}
	if (rule_loaded(a) && rule_loaded(b) &&
	    a->lma.v < b->lma.v + b->size.v && b->lma.v < a->lma.v + a->size.v) {
		struct finding *f = diag_add(c->d, RULE_SECTION_OVERLAP,
			rule_where(c, b), "the load image of '%s' (0x%08" PRIx64
			"-0x%08" PRIx64 ") overlaps that of '%s' (0x%08" PRIx64
			"-0x%08" PRIx64 "): one is programmed over the other",
			b->name, b->lma.v, b->lma.v + b->size.v - 1, a->name,
			a->lma.v, a->lma.v + a->size.v - 1);
		if (a->loc.file)
			diag_note(c->d, f, a->loc, "'%s' is here", a->name);
		return true;
	}
	return false;
}

/* The same storage at two addresses: a section in an alias window of the
 * device (SRAM2 seen at 0x20018000 on an STM32L476) and one in the memory
 * itself (SRAM2 at 0x10000000), or in another of its windows.  The run
 * addresses differ, so the plain check passes, but the bytes are the
 * same.  Only run addresses: nothing is programmed through an alias. */
struct shared {
	const struct dev_memory *ma, *mb;	/* the windows a and b use */
	uint64_t lo, hi;			/* shared bytes, in the storage's
						   own addresses, hi exclusive */
};

/* The part of [lo, hi) inside window 'm', in its storage's addresses. */
static bool in_storage(const struct dev_memory *m, uint64_t lo, uint64_t hi,
		       uint64_t *slo, uint64_t *shi)
{
	uint64_t l = lo > m->base ? lo : m->base;
	uint64_t h = hi < m->base + m->size ? hi : m->base + m->size;
	if (l >= h)
		return false;
	const struct dev_memory *t = device_resolve_alias(m, l, slo);
	*shi = *slo + (h - l);
	return t != NULL;
}

static const struct dev_memory *storage_of(const struct dev_memory *m)
{
	return m->alias ? m->alias : m;
}

static bool alias_shared(const struct device *d, const struct model_section *a,
			 const struct model_section *b, struct shared *r)
{
	uint64_t a_hi = a->vma.v + a->size.v, b_hi = b->vma.v + b->size.v;
	for (size_t i = 0; i < d->nmems; i++)
		for (size_t k = 0; k < d->nmems; k++) {
			const struct dev_memory *x = &d->mems[i], *y = &d->mems[k];
			if (x == y || storage_of(x) != storage_of(y) ||
			    (x->is_alias && !x->alias) || (y->is_alias && !y->alias))
				continue;
			uint64_t xl, xh, yl, yh;
			if (!in_storage(x, a->vma.v, a_hi, &xl, &xh) ||
			    !in_storage(y, b->vma.v, b_hi, &yl, &yh))
				continue;
			r->ma = x;
			r->mb = y;
			r->lo = xl > yl ? xl : yl;
			r->hi = xh < yh ? xh : yh;
			if (r->lo < r->hi)
				return true;
		}
	return false;
}

/* Does the section run in an alias window of the device? */
static bool in_alias(const struct device *d, const struct model_section *s)
{
	for (size_t i = 0; i < d->nmems; i++) {
		const struct dev_memory *m = &d->mems[i];
		if (m->alias && dev_ranges_overlap(s->vma.v, s->size.v, m->base, m->size))
			return true;
	}
	return false;
}

/* The region holding 's' when it starts before the alias window 'win'
 * (it runs from the storage's other view into the alias), or NULL. */
static const struct model_region *region_into(const struct rule_ctx *c,
					      const struct model_section *s,
					      const struct dev_memory *win)
{
	const struct model_region *r = s->region ?
		model_resolve_region(c->model, s->region) : NULL;
	return r && r->origin.known && r->origin.v < win->base ? r : NULL;
}

/* The fix: such a region ends where the alias starts; otherwise one of
 * the sections moves. */
static const char *alias_fix(struct rule_ctx *c, const struct model_section *s,
			     const struct dev_memory *win,
			     const struct model_section *other)
{
	const struct model_region *r = region_into(c, s, win);
	if (!r)
		return arena_printf(c->d->arena, "move '%s' or '%s' so that they "
				    "do not share %s", s->name, other->name,
				    win->alias->name);
	if (!r->length.known || r->origin.v + r->length.v > win->base + win->size)
		return arena_printf(c->d->arena, "address %s through one of its "
			"views only: move '%s' out of %s, or split region '%s' "
			"around %s (0x%08" PRIx64 "-0x%08" PRIx64 ")",
			win->alias->name, other->name, win->alias->name, r->name,
			win->name, win->base, win->base + win->size - 1);
	uint64_t len = win->base - r->origin.v;
	char size[32];
	if (len % 1024 == 0)
		snprintf(size, sizeof size, "%" PRIu64 "K", len / 1024);
	else
		snprintf(size, sizeof size, "0x%" PRIx64, len);
	return arena_printf(c->d->arena, "address %s through one of its views "
		"only: end region '%s' where %s starts (LENGTH = %s), or move "
		"'%s' out of %s", win->alias->name, r->name, win->name, size,
		other->name, win->alias->name);
}

static void alias_overlap(struct rule_ctx *c, const struct model_section *a,
			  const struct model_section *b)
{
	struct shared sh;
	if (!alias_shared(c->dev, a, b, &sh))
		return;
	/* the finding is about the section in the alias window */
	const struct model_section *w = sh.ma->alias ? a : b, *o = w == a ? b : a;
	const struct dev_memory *win = w == a ? sh.ma : sh.mb;
	const struct dev_memory *st = storage_of(win);
	uint64_t wlo = win->base + (sh.lo - st->base);
	struct finding *f = diag_add(c->d, RULE_SECTION_OVERLAP, rule_where(c, w),
		"'%s' (0x%08" PRIx64 "-0x%08" PRIx64 ") runs at 0x%08" PRIx64
		"-0x%08" PRIx64 " in %s, an alias of %s, and so uses the same "
		"bytes (%s 0x%08" PRIx64 "-0x%08" PRIx64 ") as '%s' (0x%08" PRIx64
		"-0x%08" PRIx64 "): each overwrites the other at run time; %s",
		w->name, w->vma.v, w->vma.v + w->size.v - 1, wlo,
		wlo + (sh.hi - sh.lo) - 1, win->name, st->name, st->name, sh.lo,
		sh.hi - 1, o->name, o->vma.v, o->vma.v + o->size.v - 1,
		alias_fix(c, w, win, o));
	if (o->loc.file)
		diag_note(c->d, f, o->loc, "'%s' is here", o->name);
	const struct model_region *r = region_into(c, w, win);
	if (r && r->loc.file)
		diag_note(c->d, f, r->loc, "region '%s' is declared here", r->name);
	rule_note_memory(c, f, win);
}

void check_section_overlap(struct rule_ctx *c)
{
	const struct model *m = c->model;
	bool *aliased = xcalloc(m->nsections ? m->nsections : 1, sizeof *aliased);
	for (size_t i = 0; c->dev && i < m->nsections; i++)
		aliased[i] = rule_placed(&m->sections[i]) &&
			     in_alias(c->dev, &m->sections[i]);
	for (size_t j = 0; j < m->nsections; j++)
		for (size_t i = 0; i < j; i++) {
			const struct model_section *a = &m->sections[i], *b = &m->sections[j];
			if (!rule_placed(a) || !rule_placed(b) || !a->in_image || !b->in_image)
				continue;
			bool same_overlay = overlay_of(a) && overlay_of(a) == overlay_of(b);
			if (!plain_overlap(c, a, b, same_overlay) && !same_overlay &&
			    c->dev && (aliased[i] || aliased[j]))
				alias_overlap(c, a, b);
		}
	free(aliased);
}

/* ---- orphan-section -------------------------------------------------------------- */

static const char *const linker_made[] = {
	".vfp11_veneer", ".v4_bx", ".iplt", ".rel.dyn", ".rela.dyn", ".igot.plt",
	".glue_7", ".glue_7t", ".got", ".got.plt", NULL,
};

void check_orphan_section(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!s->orphan || !rule_placed(s))
			continue;
		bool made = false;
		for (size_t k = 0; linker_made[k] && !made; k++)
			made = strcmp(linker_made[k], s->name) == 0;
		if (made)
			continue;
		diag_add(c->d, RULE_ORPHAN_SECTION, rule_sections_loc(c),
			 "output section '%s' (0x%" PRIx64 " bytes at 0x%08" PRIx64
			 "%s%s) is not named in the script: GNU ld placed it by its "
			 "orphan heuristic; name its input sections in an output "
			 "section (or /DISCARD/ them)", s->name, s->size.v, s->vma.v,
			 s->region ? " in " : "", s->region ? s->region : "");
	}
}

/* ---- noload-discards-data ------------------------------------------------------- */

/* Input sections the compiler fills with initial values or code: what
 * the name alone says when the object cannot be read. */
static bool initialised_name(const char *name)
{
	static const char *const init[] = {".data", ".data.*", ".sdata", ".sdata.*",
		".rodata", ".rodata.*", ".text", ".text.*", ".tdata", ".tdata.*", NULL};
	return rule_glob_any(init, name);
}

/* Why an input of a NOLOAD section loses initial values, or NULL when it
 * does not: its object's bytes are not all zero, or (object unread) its
 * name is one the compiler fills. */
static const char *lost_values(struct diag *d, const struct model_input *in)
{
	if (in->kind == MI_FILL || in->size == 0)
		return NULL;
	if (in->bytes == OBJ_NONZERO)
		return "the object's bytes are not all zero";
	if (in->bytes == OBJ_ZERO || !initialised_name(in->section))
		return NULL;
	return arena_printf(d->arena, "%s holds initialised data by its name "
			    "(the object was not read; --objdir DIR says where the "
			    "link ran)", in->section);
}

void check_noload_discards_data(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!s->noload || !s->src || !s->src->sec)
			continue;
		const struct stmt *data = NULL;
		for (const struct stmt *st = s->src->sec->body; st && !data; st = st->next)
			if (st->kind == ST_DATA)
				data = st;
		if (data) {
			diag_add(c->d, RULE_NOLOAD_DISCARDS_DATA, data->loc, "'%s' is "
				 "NOLOAD, so the value of this %s statement is not in the "
				 "image; move it to a section without (NOLOAD)", s->name,
				 tok_describe(data->kw));
			continue;
		}
		for (size_t k = 0; k < s->ninputs; k++) {
			const struct model_input *in = &s->inputs[k];
			const char *why = lost_values(c->d, in);
			if (!why)
				continue;
			diag_add(c->d, RULE_NOLOAD_DISCARDS_DATA, rule_where(c, s),
				 "'%s' is NOLOAD but receives %s from %s (0x%" PRIx64
				 " bytes, map line %u), whose initial values are lost: %s; "
				 "place it in a section without (NOLOAD) or make the "
				 "variables zero-initialised", s->name,
				 in->section, in->file, in->size, in->map_line, why);
			break;
		}
	}
}

/* ---- data-not-copied ------------------------------------------------------- */

/* Startup code copies a section from flash to RAM only if it knows where
 * the section is loaded: the script hands it LOADADDR(.section) (ST's
 * '_sidata = LOADADDR(.data)', a copy table entry) or states the load
 * address itself with AT(...) and a symbol (nrfx's AT(__etext), RIOT's
 * AT(_etext)).  A section that gets its flash load address only from ld's
 * default rule ('.mydata : { ... } > RAM' after .data) is loaded but
 * copied by nothing. */
static bool is_loadaddr_of(const struct expr *e, void *name)
{
	return e->kind == EX_CALL && e->op == F_LOADADDR && e->text &&
	       !strcmp(e->text, name);
}

static bool loadaddr_in(const struct expr *e, const char *name)
{
	return expr_find(e, is_loadaddr_of, (void *)name);
}

struct loadaddr_walk {
	const char *name;
	bool found;
};

static void loadaddr_stmt(struct stmt *st, void *ctx)
{
	struct loadaddr_walk *w = ctx;
	w->found |= loadaddr_in(st->value, w->name) || loadaddr_in(st->addr, w->name);
	if (st->sec)
		w->found |= loadaddr_in(st->sec->addr, w->name) ||
			    loadaddr_in(st->sec->at, w->name);
}

static bool copied(const struct rule_ctx *c, const struct model_section *s)
{
	if (s->src->sec->at || (s->src->sec->overlay && s->src->sec->overlay->ovl->at))
		return true;	/* the load address is the script's own */
	struct loadaddr_walk w = {s->name, false};
	script_walk(c->script->stmts, loadaddr_stmt, &w);
	if (w.found)
		return true;
	/* or a symbol the script sets where the load image starts (RIOT's
	 * _etext, the GD32 library's _data_lma just before .data's bytes) */
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsymbols; i++)
		if (m->symbols[i].from_elf && m->symbols[i].loc.file &&
		    m->symbols[i].value.known && m->symbols[i].value.v == s->lma.v)
			return true;
	return false;
}

void check_data_not_copied(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!rule_loaded(s) || s->lma.v == s->vma.v || !s->src || !s->src->sec)
			continue;
		const struct dev_memory *run = device_memory_at(c->dev, s->vma.v);
		const struct dev_memory *load = device_memory_at(c->dev, s->lma.v);
		if (!run || !load || !mem_type_volatile(run->type) ||
		    !mem_type_nonvolatile(load->type) || copied(c, s))
			continue;
		struct finding *f = diag_add(c->d, RULE_DATA_NOT_COPIED, rule_where(c, s),
			"'%s' (0x%" PRIx64 " bytes) runs in %s at 0x%08" PRIx64 " and "
			"is loaded in %s at 0x%08" PRIx64 "%s, but nothing tells the "
			"startup code where: no LOADADDR(%s), no AT(...) and no symbol "
			"at that address in the script, so its initial values are never "
			"copied to RAM; move its input sections into .data, or export "
			"LOADADDR(%s) and copy it in the startup code", s->name,
			s->size.v, run->name, s->vma.v, load->name, s->lma.v,
			s->src->sec->lma_region ? "" : " (by ld's default rule)",
			s->name, s->name);
		rule_note_memory(c, f, run);
	}
}

/* ---- stale-inputs ------------------------------------------------------------- */

static const char *mismatch_text(struct diag *d, const struct model_mismatch *mm)
{
	switch (mm->kind) {
	case MM_SCRIPT_ADDRESS:
		return arena_printf(d->arena, "the script places '%s' at 0x%08" PRIx64
				    " but the %s has it at 0x%08" PRIx64, mm->name,
				    mm->script_value, mm->image, mm->image_value);
	case MM_SCRIPT_REGION:
		return arena_printf(d->arena, "the script places '%s' in '%s' but the "
				    "%s has it at 0x%08" PRIx64 " in '%s'", mm->name,
				    mm->script_region, mm->image, mm->image_value,
				    mm->image_region);
	case MM_SCRIPT_SYMBOL:
		return arena_printf(d->arena, "the script sets '%s' to 0x%08" PRIx64
				    " but the ELF has 0x%08" PRIx64, mm->name,
				    mm->script_value, mm->image_value);
	case MM_MAP_REGION:
		return arena_printf(d->arena, "MEMORY region '%s' is 0x%08" PRIx64
				    "+0x%" PRIx64 " in the script but 0x%08" PRIx64
				    "+0x%" PRIx64 " in the map (line %u)", mm->name,
				    mm->script_value, mm->script_size, mm->image_value,
				    mm->image_size, mm->map_line);
	case MM_MAP_SECTION:
		return arena_printf(d->arena, "the map (line %u) has '%s' at 0x%08"
				    PRIx64 " size 0x%" PRIx64 ", the ELF at 0x%08" PRIx64
				    " size 0x%" PRIx64 ": they come from different links",
				    mm->map_line, mm->name, mm->image_value,
				    mm->image_size, mm->script_value, mm->script_size);
	case MM_MAP_LOAD:
		return arena_printf(d->arena, "the map (line %u) loads '%s' at 0x%08"
				    PRIx64 ", the ELF at 0x%08" PRIx64 ": they come "
				    "from different links", mm->map_line, mm->name,
				    mm->image_value, mm->script_value);
	}
	return "";
}

void check_stale_inputs(struct rule_ctx *c)
{
	/* The first disagreement says it; the rest only add a count. */
	const struct model *m = c->model;
	if (!m->nmismatches)
		return;
	struct loc l = m->mismatches[0].loc;
	if (!l.file)
		l.file = m->map_path ? m->map_path : m->elf_path;
	diag_add(c->d, RULE_STALE_INPUTS, l, "%s%s; pass the script, ELF and "
		 "map of one link", mismatch_text(c->d, &m->mismatches[0]),
		 m->nmismatches > 1 ? arena_printf(c->d->arena, " (and %zu more "
		 "disagreements)", m->nmismatches - 1) : "");
}

/* ---- secure aliases -------------------------------------------------------- */

static enum dev_security security_at(const struct device *d, uint64_t addr)
{
	const struct dev_memory *m = device_memory_at(d, addr);
	return m ? m->security : SEC_UNSPECIFIED;
}

/* The build's security state, from what the image holds: CMSE veneers
 * ('.gnu.sgstubs') make it secure; otherwise the alias its vector table
 * (or, without one, its entry point) is at.  *why says which. */
static enum dev_security build_security(const struct rule_ctx *c,
					const char **why)
{
	const struct model *m = c->model;
	const struct model_section *veneers = model_section_named(m, ".gnu.sgstubs");
	if (veneers && rule_placed(veneers) && veneers->in_image) {
		*why = "it has CMSE veneers ('.gnu.sgstubs')";
		return SEC_SECURE;
	}
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (rule_placed(s) && s->in_image &&
		    rule_glob_any(rule_vector_sections, s->name)) {
			*why = arena_printf(c->d->arena, "its vector table '%s' is at "
					    "0x%08" PRIx64, s->name, s->vma.v);
			return security_at(c->dev, s->vma.v);
		}
	}
	if (!m->entry_addr.known)
		return SEC_UNSPECIFIED;
	*why = arena_printf(c->d->arena, "its entry point is 0x%08" PRIx64,
			    m->entry_addr.v & ~(uint64_t)1);
	return security_at(c->dev, m->entry_addr.v & ~(uint64_t)1);
}

/* "0x08001000 (FLASH)": the same storage through the other alias. */
static const char *other_alias(const struct rule_ctx *c, uint64_t addr)
{
	const struct dev_memory *m = device_memory_at(c->dev, addr);
	const struct dev_memory *to = m && m->alias ? m->alias : NULL;
	for (size_t i = 0; !to && m && i < c->dev->nmems; i++)
		if (c->dev->mems[i].alias == m)
			to = &c->dev->mems[i];
	if (!to || to->security == m->security)
		return NULL;
	return arena_printf(c->d->arena, "0x%08" PRIx64 " (%s)",
			    to->base + (addr - m->base), to->name);
}

/* A non-secure build's section at a secure alias, by run or load address. */
static void nonsecure_at_secure(const struct rule_ctx *c,
				const struct model_section *s, const char *why)
{
	uint64_t at = s->vma.v;
	bool run = security_at(c->dev, at) == SEC_SECURE;
	if (!run) {
		if (!rule_loaded(s) || !s->lma.known ||
		    security_at(c->dev, s->lma.v) != SEC_SECURE)
			return;
		at = s->lma.v;
	}
	const struct dev_memory *mem = device_memory_at(c->dev, at);
	const char *ns = other_alias(c, at);
	struct finding *f = diag_add(c->d, RULE_SECURE_ALIAS, rule_where(c, s),
		"'%s' %s at 0x%08" PRIx64 " in %s, a secure alias, but the build "
		"is non-secure (%s and it has no CMSE veneers): non-secure code "
		"faults on every access there; %s", s->name, run ? "runs" :
		"is loaded", at, rule_memory_name(c->d, mem), why, ns ?
		arena_printf(c->d->arena, "place it at the non-secure alias, %s",
			     ns) : "place it in non-secure memory");
	rule_note_memory(c, f, mem);
}

void check_secure_alias(struct rule_ctx *c)
{
	const char *why = NULL;
	if (build_security(c, &why) != SEC_NONSECURE)
		return;
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (rule_placed(s) && s->in_image &&
		    !model_section_unallocated(m, s))
			nonsecure_at_secure(c, s, why);
	}
}
