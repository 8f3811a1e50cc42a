/*
 * script: rules that need only the linker script: regions an output
 * section names but MEMORY does not declare, MEMORY regions that overlap,
 * and vector or constructor tables that --gc-sections may drop.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

/* ---- helpers --------------------------------------------------------- */

/* Calls fn for every output section statement, overlays included. */
static void each_output_section(const struct stmt *list,
				void (*fn)(const struct stmt *, void *), void *ctx)
{
	for (const struct stmt *st = list; st; st = st->next) {
		if (st->kind == ST_OUTPUT_SECTION)
			fn(st, ctx);
		else if (st->kind == ST_OVERLAY)
			each_output_section(st->ovl->sections, fn, ctx);
		else if (st->body && st->kind != ST_MEMORY)
			each_output_section(st->body, fn, ctx);
	}
}

/* The declared region or alias name closest to 'name', or NULL. */
static const char *nearest_region(const struct model *m, const char *name)
{
	const char *best = NULL;
	unsigned best_d = 3;
	for (size_t i = 0; i < m->nregions + m->naliases; i++) {
		const char *cand = i < m->nregions ? m->regions[i].name :
				   m->aliases[i - m->nregions].alias;
		unsigned dist = edit_distance(name, cand, best_d);
		if (dist < best_d && strcmp(name, cand) != 0) {
			best_d = dist;
			best = cand;
		}
	}
	return best;
}

/* ---- undefined-region ------------------------------------------------ */

static void check_region_name(struct rule_ctx *c, const struct stmt *st,
			      const char *name, struct loc loc, const char *how)
{
	const struct model *m = c->model;
	if (!name || model_resolve_region(m, name))
		return;
	const char *near = nearest_region(m, name);
	struct finding *f;
	if (near)
		f = diag_add(c->d, RULE_UNDEFINED_REGION, loc,
			     "'%s %s' of output section '%s' names no MEMORY region; "
			     "GNU ld only warns and places the section at address 0; "
			     "did you mean '%s'?", how, name, st->sec->name, near);
	else
		f = diag_add(c->d, RULE_UNDEFINED_REGION, loc,
			     "'%s %s' of output section '%s' names no MEMORY region; "
			     "GNU ld only warns and places the section at address 0; "
			     "declare '%s' in MEMORY or add a REGION_ALIAS",
			     how, name, st->sec->name, name);
	if (m->nregions)
		diag_note(c->d, f, m->regions[0].loc, "MEMORY declares '%s' here",
			  m->regions[0].name);
}

static void undefined_regions(const struct stmt *st, void *ctx)
{
	struct rule_ctx *c = ctx;
	const struct output_section *sec = st->sec;
	check_region_name(c, st, sec->region, sec->region_loc, ">");
	check_region_name(c, st, sec->lma_region, sec->lma_region_loc, "AT>");
	if (sec->overlay && sec == sec->overlay->ovl->sections->sec) {
		const struct overlay *ov = sec->overlay->ovl;
		check_region_name(c, st, ov->region, ov->region_loc, ">");
		check_region_name(c, st, ov->lma_region, ov->lma_region_loc, "AT>");
	}
}

static void alias_stmt(struct stmt *st, void *ctx)
{
	struct rule_ctx *c = ctx;
	if (st->kind != ST_REGION_ALIAS || !st->name2)
		return;
	const struct model_region *r = model_resolve_region(c->model, st->name2);
	if (!r) {
		diag_add(c->d, RULE_UNDEFINED_REGION, st->name2_loc,
			 "REGION_ALIAS '%s' stands for '%s', which MEMORY does not "
			 "declare; GNU ld stops here", st->name, st->name2);
	} else if ((size_t)(r - c->model->regions) >= st->regions_before) {
		struct finding *f = diag_add(c->d, RULE_UNDEFINED_REGION,
			st->name2_loc, "REGION_ALIAS '%s' comes before MEMORY declares "
			"'%s'; GNU ld resolves the alias where it stands and stops "
			"('memory region does not exist'); move it after MEMORY",
			st->name, st->name2);
		diag_note(c->d, f, r->loc, "'%s' is declared here", r->name);
	}
}

/* ---- region-overlap -------------------------------------------------- */

/* Overlapping regions are a deliberate idiom (ChibiOS's ram0 = the whole
 * SRAM with ram1/ram2 its parts; a whole-flash region beside per-bank
 * ones): a mistake only when sections placed through both can collide.
 * With an image, a region "holds" a section that the linked image has with
 * bytes in it; with the script alone, one the script places there. */
struct usage {
	const struct model *m;
	bool image;		/* judge by the linked image */
	bool *used;		/* per model region */
};

static void mark(struct usage *u, const char *name)
{
	const struct model_region *r = name ? model_resolve_region(u->m, name) : NULL;
	if (r)
		u->used[r - u->m->regions] = true;
}

static void mark_used(const struct stmt *st, void *ctx)
{
	struct usage *u = ctx;
	if (u->image) {
		const struct model_section *s = model_section_named(u->m, st->sec->name);
		if (!s || !s->in_image || !s->size.known || s->size.v == 0)
			return;
	}
	mark(u, st->sec->region);
	mark(u, st->sec->lma_region);
	if (st->sec->overlay) {
		mark(u, st->sec->overlay->ovl->region);
		mark(u, st->sec->overlay->ovl->lma_region);
	}
}

static bool overlap(const struct model_region *a, const struct model_region *b,
		    uint64_t *lo, uint64_t *hi)
{
	if (!a->origin.known || !a->length.known || !b->origin.known ||
	    !b->length.known || !a->length.v || !b->length.v)
		return false;
	uint64_t a_end = a->origin.v + a->length.v, b_end = b->origin.v + b->length.v;
	if (a_end < a->origin.v || b_end < b->origin.v)
		return false;	/* wraps: ld's 'unbounded' defaults */
	*lo = a->origin.v > b->origin.v ? a->origin.v : b->origin.v;
	*hi = a_end < b_end ? a_end : b_end;
	return *lo < *hi;
}

/* A used region's extent, for the sweep. */
struct span {
	uint64_t lo, hi;
	size_t region;
};

static int by_lo(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->region < b->region ? -1 : a->region > b->region;
}

static int by_pair(const void *x, const void *y)
{
	const size_t *a = x, *b = y;	/* {later, earlier} */
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Min-heap of spans by their end. */
static void heap_push(struct span *h, size_t *n, struct span s)
{
	size_t i = (*n)++;
	for (; i > 0 && h[(i - 1) / 2].hi > s.hi; i = (i - 1) / 2)
		h[i] = h[(i - 1) / 2];
	h[i] = s;
}

static void heap_pop(struct span *h, size_t *n)
{
	struct span last = h[--*n];
	size_t i = 0;
	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= *n)
			break;
		if (k + 1 < *n && h[k + 1].hi < h[k].hi)
			k++;
		if (h[k].hi >= last.hi)
			break;
		h[i] = h[k];
		i = k;
	}
	if (*n)
		h[i] = last;
}

/* The overlapping pairs of used regions, {later declared, earlier} in
 * declaration order: a sweep by address, with at most PARTNERS partners
 * found for each region, so 10^5 regions cost n log n. */
enum { PARTNERS = 16 };

static size_t *overlapping_pairs(const struct model *m, const bool *used,
				 size_t *npairs)
{
	struct span *spans = xmalloc((m->nregions + 1) * sizeof *spans);
	struct span *heap = xmalloc((m->nregions + 1) * sizeof *heap);
	size_t n = 0, nheap = 0, np = 0;
	for (size_t i = 0; i < m->nregions; i++) {
		const struct model_region *r = &m->regions[i];
		uint64_t lo, hi;
		if (used[i] && overlap(r, r, &lo, &hi))
			spans[n++] = (struct span){lo, hi, i};
	}
	qsort(spans, n, sizeof *spans, by_lo);
	size_t *pairs = xmalloc((n * PARTNERS + 1) * 2 * sizeof *pairs);
	for (size_t k = 0; k < n; k++) {
		while (nheap > 0 && heap[0].hi <= spans[k].lo)
			heap_pop(heap, &nheap);
		/* every span still open overlaps this one */
		for (size_t j = 0; j < nheap && j < PARTNERS; j++) {
			size_t a = heap[j].region, b = spans[k].region;
			pairs[2 * np] = a > b ? a : b;
			pairs[2 * np + 1] = a > b ? b : a;
			np++;
		}
		heap_push(heap, &nheap, spans[k]);
	}
	qsort(pairs, np, 2 * sizeof *pairs, by_pair);
	free(spans);
	free(heap);
	*npairs = np;
	return pairs;
}

void check_region_overlap(struct rule_ctx *c)
{
	const struct model *m = c->model;
	if (!m->nregions)
		return;
	struct usage u = {m, m->elf_path || m->map_path,
			  xcalloc(m->nregions, sizeof *u.used)};
	each_output_section(c->script->stmts, mark_used, &u);
	size_t npairs;
	size_t *pairs = overlapping_pairs(m, u.used, &npairs);
	for (size_t k = 0; k < npairs; k++) {
		const struct model_region *a = &m->regions[pairs[2 * k + 1]];
		const struct model_region *b = &m->regions[pairs[2 * k]];
		uint64_t lo, hi;
		if (!overlap(a, b, &lo, &hi))
			continue;
		struct finding *f = diag_add_capped(c->d, RULE_REGION_OVERLAP,
			u.image ? SEV_ERROR : SEV_WARNING, b->loc,
			"MEMORY region '%s' (0x%08" PRIx64 "-0x%08" PRIx64
			") overlaps '%s' (0x%08" PRIx64 "-0x%08" PRIx64 ") in "
			"0x%" PRIx64 " bytes from 0x%08" PRIx64 ", and sections "
			"are placed through both: ld allocates each region "
			"separately, so they can land on each other; make the "
			"regions disjoint or use REGION_ALIAS for a second name",
			b->name, b->origin.v, b->origin.v + b->length.v - 1,
			a->name, a->origin.v, a->origin.v + a->length.v - 1,
			hi - lo, lo);
		diag_note(c->d, f, a->loc, "'%s' is declared here", a->name);
	}
	free(pairs);
	free(u.used);
}

/* ---- vector-not-kept ------------------------------------------------- */

/* Sections nothing references that the program cannot work without.
 * Left out: .ctors/.dtors (ARM and RISC-V GCC put constructors in
 * .init_array, so a bare .ctors is empty legacy) and .fini_array
 * (firmware does not return from main, so destructors never run). */
static const char *const must_keep[] = {
	".isr_vector", ".vectors", ".vector_table", ".vector", ".intvecs",
	".interrupt_vector", ".init_array", ".init_array.00100",
	".preinit_array",
};

static bool only_wildcards(const char *p)
{
	return strspn(p, "*?[]") == strlen(p);
}

static const char *kept_name(const char *pattern)
{
	if (!pattern || only_wildcards(pattern))
		return NULL;
	for (size_t i = 0; i < sizeof must_keep / sizeof must_keep[0]; i++)
		if (fnmatch(pattern, must_keep[i], 0) == 0)
			return must_keep[i];
	return NULL;
}

static bool in_discard(const struct stmt *st)
{
	for (const struct stmt *p = st->parent; p; p = p->parent)
		if (p->kind == ST_OUTPUT_SECTION && strcmp(p->sec->name, "/DISCARD/") == 0)
			return true;
	return false;
}

struct keep_walk {
	struct rule_ctx *c;
	bool table_referenced;	/* EXTERN/ENTRY names the vector table */
};

static bool is_vector_table(const char *what)
{
	return strncmp(what, ".isr", 4) == 0 || strncmp(what, ".vec", 4) == 0 ||
	       strncmp(what, ".int", 4) == 0;
}

static void vectors_kept(struct stmt *st, void *ctx)
{
	struct keep_walk *w = ctx;
	if (st->kind != ST_INPUT || st->in->keep || in_discard(st))
		return;
	for (const struct pattern *pat = st->in->sections; pat; pat = pat->next) {
		const char *what = kept_name(pat->text);
		if (!what || (w->table_referenced && is_vector_table(what)))
			continue;
		const char *file = st->in->file && st->in->file->text ?
				   st->in->file->text : "*";
		diag_add(w->c->d, RULE_VECTOR_NOT_KEPT, st->loc,
			 "input sections '%s(%s)' are not in KEEP(): nothing "
			 "references %s, so --gc-sections may discard it; write "
			 "'KEEP(%s(%s))'", file, pat->text,
			 is_vector_table(what) ? "the vector table" :
			 "a constructor table", file, pat->text);
		return;
	}
}

/* Symbols naming a vector table in the usual startup files. */
static bool vector_symbol(const char *name)
{
	static const char *const names[] = {"vector_table", "_vector_table",
		"__vector_table", "g_pfnVectors", "__isr_vector", "__Vectors",
		"_vectors", "__vectors", "vectors", "isr_vector", "_isr_vector",
		"exception_table", "__interrupt_vector", "_vectors_start",
		"__vector_table_0", NULL};
	return rule_glob_any(names, name);
}

/* EXTERN(vector_table) or ENTRY(g_pfnVectors) makes the table referenced,
 * so --gc-sections keeps its input section as surely as KEEP() does
 * (libopencm3's scripts do this). */
static void referenced(struct stmt *st, void *ctx)
{
	bool *kept = ctx;
	if (st->kind == ST_ENTRY && st->name && vector_symbol(st->name))
		*kept = true;
	if (st->kind == ST_COMMAND && st->kw == K_EXTERN)
		for (const struct name_list *n = st->names; n; n = n->next)
			if (vector_symbol(n->name))
				*kept = true;
}

void check_vector_not_kept(struct rule_ctx *c)
{
	struct keep_walk w = {c, false};
	script_walk(c->script->stmts, referenced, &w.table_referenced);
	script_walk(c->script->stmts, vectors_kept, &w);
}

void check_undefined_region(struct rule_ctx *c)
{
	/* A script without MEMORY that names regions is a fragment meant to
	 * be INCLUDEd; its regions come from the including script. */
	if (!c->model->nregions)
		return;
	each_output_section(c->script->stmts, undefined_regions, c);
	script_walk(c->script->stmts, alias_stmt, c);
}

/* ---- what GNU ld itself would stop on ------------------------------------ */

void check_div_by_zero(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nissues; i++) {
		const struct model_issue *is = &m->issues[i];
		if (is->kind != ISSUE_DIV_ZERO)
			continue;
		diag_add(c->d, RULE_DIV_BY_ZERO, is->loc,
			 "the divisor is 0: GNU ld stops the link with \"%s by "
			 "zero\"; make the divisor non-zero or guard it "
			 "('n ? x %s n : 0')", is->name, is->name);
	}
}

void check_region_overflow(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nissues; i++) {
		const struct model_issue *is = &m->issues[i];
		if (is->kind != ISSUE_REGION_OVERFLOW)
			continue;
		const struct model_region *r = model_region(m, is->region);
		struct finding *f = diag_add(c->d, RULE_REGION_OVERFLOW, is->loc,
			"section '%s' ends %" PRIu64 " bytes past the end of "
			"region '%s': GNU ld stops with \"section `%s' will not "
			"fit in region `%s'\"; reserve less or enlarge the region",
			is->name, is->value, is->region, is->name, is->region);
		if (r)
			diag_note(c->d, f, r->loc, "region '%s' is 0x%" PRIx64
				  "..0x%" PRIx64 " (%" PRIu64 " bytes)", r->name,
				  r->origin.v, r->origin.v + r->length.v,
				  r->length.v);
	}
}

static void assert_failed(struct rule_ctx *c, struct loc loc,
			  const char *message, const char *how)
{
	diag_add(c->d, RULE_ASSERT_FAILS, loc,
		 "ASSERT fails %s: GNU ld stops the link with \"%s\"", how,
		 message ? message : "");
}

void check_assert_fails(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nissues; i++)
		if (m->issues[i].kind == ISSUE_ASSERT)
			assert_failed(c, m->issues[i].loc, m->issues[i].message,
				      "(the script alone decides it)");
	if (!m->elf && !m->map)
		return;
	const char *how = m->elf ? "with the ELF's symbols and sections" :
			  "with the map's symbols and sections";
	for (size_t i = 0; i < m->nasserts; i++) {
		uint64_t v;
		const struct model_assert *a = &m->asserts[i];
		if (model_eval(m, a->cond, &v) && v == 0)
			assert_failed(c, a->loc, a->message, how);
	}
}

void check_undefined_symbol(struct rule_ctx *c)
{
	const struct model *m = c->model;
	for (size_t i = 0; i < m->nissues; i++) {
		const struct model_issue *is = &m->issues[i];
		if (is->kind != ISSUE_MEMORY_SYMBOL)
			continue;
		const struct model_symbol *s = model_symbol(m, is->name);
		if ((s && s->from_elf) || !m->elf_symtab)
			continue;
		diag_add(c->d, RULE_UNDEFINED_SYMBOL, is->loc,
			 "'%s' is defined neither by the script, by --defsym nor "
			 "by any object file: GNU ld says \"invalid %s for memory "
			 "region %s\" and links the region %s; define it or pass "
			 "--defsym %s=VALUE", is->name,
			 is->origin ? "origin" : "length", is->region,
			 is->origin ? "at address 0" : "without a size limit",
			 is->name);
	}
}
