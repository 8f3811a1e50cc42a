/*
 * svg_layout: where everything in the --layout=svg picture goes
 * (out_svg.c draws it).
 *
 * Collects what is drawn as a box (the sections where they run, the load
 * images of sections copied at startup, the image a loader keeps and
 * copies elsewhere at boot), the reserved and loader-occupied ranges, and
 * the memories nothing is placed in; gives each box a column (one per
 * memory of the device with -d, else per MEMORY region); cuts each column
 * into rows; and sets every box's, column's and panel's coordinates, and
 * which address labels are drawn.  Which sections are drawn, and which
 * have a load image, follows out_layout.c.
 *
 * Addresses span orders of magnitude, so nothing is drawn to a linear
 * scale: a column is cut into rows at every boundary (section, region,
 * reserved range), and a row's height grows with the logarithm of its
 * length from a minimum that fits a line of text; gaps stay short.  All
 * text is monospaced, so its width is known from its length.  Nothing
 * here writes SVG.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "svg_layout.h"

/* --- text metrics ----------------------------------------------------- */

/* Bytes in the UTF-8 character at 'p' that XML 1.0 can carry, or 0. */
size_t svg_xml_char(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
	size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
	if (!n || c > 0xf4)
		return 0;
	unsigned long v = c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff) || v == 0xfffe || v == 0xffff)
		return 0;
	return n;
}

/* Characters in 's' as drawn (a byte XML cannot carry counts as one). */
size_t svg_text_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
		size_t k = svg_xml_char(p);
		p += k ? k : 1;
	}
	return n;
}

/* --- what is drawn ---------------------------------------------------- */

/* Has a load image apart from where it runs: initial values copied at
 * startup. */
bool svg_copied(const struct model_section *s)
{
	if (!model_section_has_contents(s))
		return false;
	if (s->lma.known && s->vma.known)
		return s->lma.v != s->vma.v;
	return s->lma_region && (!s->region || strcmp(s->region, s->lma_region) != 0);
}

uint64_t svg_end_of(uint64_t lo, uint64_t size)
{
	return size > UINT64_MAX - lo ? UINT64_MAX : lo + size;
}

bool svg_same_loc(const struct loc *a, const struct loc *b)
{
	return a->file && b->file && a->line && a->line == b->line &&
	       a->col == b->col && strcmp(a->file, b->file) == 0;
}

static void add_item(struct pic *p, enum item_kind k,
		     const struct model_section *s, struct val addr)
{
	struct item *it = &p->items[p->nitems++];
	it->kind = k;
	it->s = s;
	it->placed = addr.known;
	it->sized = s->size.known;
	it->size = s->size.known ? s->size.v : 0;
	it->lo = addr.v;
	it->hi = svg_end_of(addr.v, it->size);
	for (const struct finding *f = p->r->diag ? p->r->diag->head : NULL; f;
	     f = f->next)
		if (svg_same_loc(&f->loc, &s->loc))
			it->nfind++;
}

/* What a loader keeps elsewhere and copies to where it runs at boot
 * (the Daisy bootloader's SRAM apps, kept in QSPI flash). */
static void add_stored(struct pic *p, size_t nrun)
{
	const struct loader *l = p->r->ldr;
	for (size_t i = 0; l && i < l->nruns_from; i++) {
		const struct ldr_range *rf = &l->runs_from[i];
		bool any = false;
		uint64_t lo = 0, hi = 0;
		for (size_t k = 0; rf->resolved && rf->has_stored_at && k < nrun; k++) {
			const struct model_section *s = p->items[k].s;
			if (p->items[k].kind != ITEM_RUN || !model_section_has_contents(s) ||
			    !s->lma.known || !s->size.known || !s->size.v ||
			    s->lma.v < rf->base || s->lma.v - rf->base >= rf->size)
				continue;
			if (!any || s->lma.v < lo)
				lo = s->lma.v;
			if (!any || svg_end_of(s->lma.v, s->size.v) > hi)
				hi = svg_end_of(s->lma.v, s->size.v);
			any = true;
		}
		if (!any)
			continue;
		struct item *it = &p->items[p->nitems++];
		it->kind = ITEM_STORED;
		it->runs = rf;
		it->placed = it->sized = true;
		it->lo = loader_storage_address(l, lo);
		it->size = hi - lo;
		it->hi = svg_end_of(it->lo, it->size);
		it->run_lo = lo;
		it->run_hi = hi;
	}
}

static void collect_items(struct pic *p)
{
	const struct model *m = p->m;
	size_t nstored = p->r->ldr ? p->r->ldr->nruns_from : 0;
	p->items = arena_alloc(p->a, (2 * m->nsections + nstored + 1) * sizeof *p->items);
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (model_section_unallocated(m, s))
			continue;
		add_item(p, ITEM_RUN, s, s->vma);
	}
	size_t nrun = p->nitems;
	for (size_t i = 0; i < nrun; i++)
		if (svg_copied(p->items[i].s))
			add_item(p, ITEM_LOAD, p->items[i].s, p->items[i].s->lma);
	add_stored(p, nrun);
}

static void add_span(struct pic *p, uint64_t base, uint64_t size, bool occupied,
		     const char *by, const char *reason)
{
	if (!size)
		return;
	p->spans[p->nspans++] = (struct span){base, svg_end_of(base, size), occupied,
					      by, reason};
}

static void collect_spans(struct pic *p)
{
	const struct device *d = p->r->dev;
	const struct loader *l = p->r->ldr;
	size_t n = (d ? d->nreserved : 0) + (l ? l->nreserves + l->noccupies : 0);
	p->spans = arena_alloc(p->a, (n + 1) * sizeof *p->spans);
	for (size_t i = 0; d && i < d->nreserved; i++)
		add_span(p, d->reserved[i].base, d->reserved[i].size, false,
			 d->reserved[i].by, d->reserved[i].reason);
	for (size_t i = 0; l && i < l->nreserves; i++)
		add_span(p, l->reserves[i].base, l->reserves[i].size, false,
			 l->reserves[i].by, l->reserves[i].reason);
	for (size_t i = 0; l && i < l->noccupies; i++)
		if (l->occupies[i].resolved)
			add_span(p, l->occupies[i].base, l->occupies[i].size, true,
				 l->id, l->occupies[i].note);
}

/* --- columns ---------------------------------------------------------- */

static const char *item_region(const struct item *it)
{
	return it->kind == ITEM_RUN ? it->s->region :
	       it->kind == ITEM_LOAD ? it->s->lma_region : NULL;
}

/* Bytes of the sections that run in 'g' and of the load images in it, as
 * out_layout.c counts them; *unknown: some sizes are not known. */
uint64_t svg_region_used(const struct pic *p, const struct model_region *g,
			 bool *unknown)
{
	uint64_t used = 0;
	*unknown = false;
	for (size_t k = 0; k < p->r->nmodels; k++)
		for (size_t i = 0; i < p->r->models[k]->nregions; i++)
			if (&p->r->models[k]->regions[i] == g &&
			    model_region_used(p->r->models[k], g, &used))
				return used;
	for (size_t i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		const char *rn = item_region(it);
		if (!rn || strcmp(rn, g->name) != 0)
			continue;
		used += it->size;
		*unknown |= !it->sized;
	}
	return used;
}

/* The column an item belongs in, as a column with only its key set. */
static struct col key_of(const struct pic *p, const struct item *it)
{
	struct col k = {0};
	const struct device *d = p->r->dev;
	const char *rn = item_region(it);
	const struct model_region *g = rn ? model_resolve_region(p->m, rn) : NULL;
	if (d) {
		uint64_t at = it->lo;
		if (!it->placed && g && g->origin.known)
			at = g->origin.v;
		k.mem = it->placed || (g && g->origin.known) ?
			device_memory_at(d, at) : NULL;
		k.kind = k.mem ? COL_MEMORY : it->placed ? COL_OUTSIDE : COL_UNKNOWN;
		return k;
	}
	if (!g && it->placed)
		g = model_region_at(p->m, it->lo, 0);
	k.reg = g;
	k.kind = g ? COL_REGION : it->placed ? COL_NOREGION : COL_UNKNOWN;
	return k;
}

static size_t find_col(struct pic *p, const struct col *k, bool add)
{
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i].kind == k->kind && p->cols[i].mem == k->mem &&
		    p->cols[i].reg == k->reg)
			return i;
	if (!add)
		return 0;	/* not reached: every key was added */
	struct col *c = &p->cols[p->ncols];
	*c = *k;
	/* the memories in the device's order, the regions in MEMORY's, then
	 * the columns of what is in neither */
	c->rank = k->mem ? (size_t)(k->mem - p->r->dev->mems) :
		  k->reg ? (size_t)(k->reg - p->m->regions) :
		  (p->r->dev ? p->r->dev->nmems : p->m->nregions) + k->kind;
	return p->ncols++;
}

static void widen(struct col *c, uint64_t lo, uint64_t hi)
{
	if (!c->ranged || lo < c->lo)
		c->lo = lo;
	if (!c->ranged || hi > c->hi)
		c->hi = hi;
	c->ranged = true;
}

static int by_col(const void *a, const void *b)
{
	const struct col *x = a, *y = b;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static void make_columns(struct pic *p)
{
	p->cols = arena_alloc(p->a, (p->nitems + 1) * sizeof *p->cols);
	for (size_t i = 0; i < p->nitems; i++) {
		struct col k = key_of(p, &p->items[i]);
		p->items[i].col = find_col(p, &k, true);
	}
	for (size_t i = 0; i < p->ncols; i++) {
		struct col *c = &p->cols[i];
		if (c->mem)
			widen(c, c->mem->base, svg_end_of(c->mem->base, c->mem->size));
		if (c->reg && c->reg->origin.known && c->reg->length.known)
			widen(c, c->reg->origin.v,
			      svg_end_of(c->reg->origin.v, c->reg->length.v));
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].placed)
			widen(&p->cols[p->items[i].col], p->items[i].lo, p->items[i].hi);
	qsort(p->cols, p->ncols, sizeof *p->cols, by_col);
	for (size_t i = 0; i < p->nitems; i++) {
		struct col k = key_of(p, &p->items[i]);
		p->items[i].col = find_col(p, &k, false);
		if (!p->items[i].placed || !p->cols[p->items[i].col].ranged)
			p->cols[p->items[i].col].nunplaced++;
	}
}

/* The part of region 'g' drawn in column 'c' (with its own header), if
 * any.  A region's own column draws it as the column. */
bool svg_region_in(const struct model_region *g, const struct col *c,
		   uint64_t *lo, uint64_t *hi)
{
	if (c->kind == COL_REGION || !c->ranged || !g->origin.known ||
	    !g->length.known || !g->length.v)
		return false;
	uint64_t glo = g->origin.v, ghi = svg_end_of(glo, g->length.v);
	if (ghi <= c->lo || glo >= c->hi)
		return false;
	*lo = glo > c->lo ? glo : c->lo;
	*hi = ghi < c->hi ? ghi : c->hi;
	return true;
}

bool svg_span_in(const struct span *s, const struct col *c, uint64_t *lo,
		 uint64_t *hi)
{
	if (!c->ranged || s->hi <= c->lo || s->lo >= c->hi)
		return false;
	*lo = s->lo > c->lo ? s->lo : c->lo;
	*hi = s->hi < c->hi ? s->hi : c->hi;
	return true;
}

bool svg_in_col(const struct pic *p, const struct item *it, const struct col *c)
{
	return &p->cols[it->col] == c && it->placed && c->ranged;
}

/* --- rows ------------------------------------------------------------- */

/* log2(v) in quarter steps; 0 for v <= 1. */
static double lg(uint64_t v)
{
	if (v <= 1)
		return 0;
	int e = 63;
	while (!(v >> e))
		e--;
	unsigned frac = e >= 2 ? (unsigned)(v >> (e - 2)) & 3 :
			(unsigned)(v << (2 - e)) & 3;
	return e + frac / 4.0;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The heart of the scaling: heights grow with log2 of the length, from a
 * minimum that holds the row's text.  64 B and less is one text line,
 * 1 MiB about five; gaps never take more than two lines. */
static double row_height(const struct row *rw)
{
	uint64_t len = rw->hi - rw->lo;
	double l = lg(len);
	switch (rw->kind) {
	case ROW_HEADER:
		return HEADER_H;
	case ROW_POINT:
		return ROW_MIN;
	case ROW_ITEM:
		return clamp(ROW_MIN + 4 * (l - 6), ROW_MIN, 90);
	case ROW_RESERVED:
		return clamp(32 + 2 * (l - 12), 32, 48);
	case ROW_FREE:
	case ROW_OUTSIDE:
		break;
	}
	return len < 256 ? 6 : clamp(18 + 2 * (l - 12), 18, 34);
}

static enum row_kind classify(const struct pic *p, const struct col *c,
			      uint64_t lo, uint64_t hi)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		if (svg_in_col(p, it, c) && it->sized && it->lo <= lo && it->hi >= hi &&
		    it->hi > it->lo)
			return ROW_ITEM;
	}
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].lo <= lo && p->spans[i].hi >= hi)
			return ROW_RESERVED;
	if (c->kind == COL_REGION)
		return c->reg->origin.known && c->reg->length.known &&
		       lo >= c->reg->origin.v &&
		       hi <= svg_end_of(c->reg->origin.v, c->reg->length.v) ?
		       ROW_FREE : ROW_OUTSIDE;
	uint64_t glo, ghi;
	for (size_t i = 0; i < p->m->nregions; i++)
		if (svg_region_in(&p->m->regions[i], c, &glo, &ghi) && glo <= lo &&
		    ghi >= hi)
			return ROW_FREE;
	return ROW_OUTSIDE;
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Every address where something starts or ends, sorted, once each. */
static size_t breakpoints(const struct pic *p, const struct col *c, uint64_t *bp)
{
	size_t n = 0;
	uint64_t lo, hi;
	bp[n++] = c->lo;
	bp[n++] = c->hi;
	for (size_t i = 0; i < p->nitems; i++)
		if (svg_in_col(p, &p->items[i], c)) {
			bp[n++] = p->items[i].lo;
			bp[n++] = p->items[i].hi;
		}
	for (size_t i = 0; i < p->m->nregions; i++)
		if (svg_region_in(&p->m->regions[i], c, &lo, &hi)) {
			bp[n++] = lo;
			bp[n++] = hi;
		}
	for (size_t i = 0; i < p->nspans; i++)
		if (svg_span_in(&p->spans[i], c, &lo, &hi)) {
			bp[n++] = lo;
			bp[n++] = hi;
		}
	qsort(bp, n, sizeof *bp, by_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || bp[i] != bp[u - 1])
			bp[u++] = bp[i];
	return u;
}

static void build_rows(struct pic *p, struct col *c)
{
	if (!c->ranged)
		return;
	size_t cap = 2 * (p->nitems + p->m->nregions + p->nspans) + 2;
	uint64_t *bp = arena_alloc(p->a, cap * sizeof *bp);
	size_t nb = breakpoints(p, c, bp);
	c->rows = arena_alloc(p->a, (nb + p->m->nregions + p->nitems) * sizeof *c->rows);
	double y = 0;
	for (size_t k = 0; k < nb; k++) {
		uint64_t lo, hi;
		for (size_t i = 0; i < p->m->nregions; i++)
			if (svg_region_in(&p->m->regions[i], c, &lo, &hi) && lo == bp[k])
				c->rows[c->nrows++] = (struct row){ROW_HEADER, lo, lo,
					&p->m->regions[i], NULL, 0, 0};
		for (size_t i = 0; i < p->nitems; i++) {
			struct item *it = &p->items[i];
			if (svg_in_col(p, it, c) && it->lo == bp[k] && it->hi == it->lo)
				c->rows[c->nrows++] = (struct row){ROW_POINT, it->lo,
					it->lo, NULL, it, 0, 0};
		}
		if (k + 1 < nb)
			c->rows[c->nrows++] = (struct row){classify(p, c, bp[k], bp[k + 1]),
				bp[k], bp[k + 1], NULL, NULL, 0, 0};
	}
	for (size_t i = 0; i < c->nrows; i++) {
		c->rows[i].y = y;
		c->rows[i].h = row_height(&c->rows[i]);
		y += c->rows[i].h;
	}
	c->rows_h = y;
}

/* The y of address 'a' in column 'c'. */
double svg_ypos(const struct col *c, uint64_t a, enum at w)
{
	for (size_t i = 0; i < c->nrows; i++) {
		const struct row *rw = &c->rows[i];
		if (rw->lo < a && a < rw->hi)
			return c->top + rw->y +
			       rw->h * (double)(a - rw->lo) / (double)(rw->hi - rw->lo);
		if (rw->lo != a || (w >= AT_ITEMS && rw->kind == ROW_HEADER) ||
		    (w == AT_BODY && rw->kind == ROW_POINT))
			continue;
		return c->top + rw->y;
	}
	return c->top + c->rows_h;
}

static int by_lo(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a;
	const struct item *y = *(const struct item *const *)b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Overlapping items go side by side: lanes within each overlapping run. */
static void assign_lanes(struct pic *p, const struct col *c)
{
	struct item **v = arena_alloc(p->a, (p->nitems + 1) * sizeof *v);
	uint64_t *lane_end = arena_alloc(p->a, (p->nitems + 1) * sizeof *lane_end);
	size_t n = 0;
	for (size_t i = 0; i < p->nitems; i++)
		if (svg_in_col(p, &p->items[i], c) && p->items[i].hi > p->items[i].lo)
			v[n++] = &p->items[i];
	qsort(v, n, sizeof *v, by_lo);
	for (size_t i = 0; i < n;) {
		size_t j = i, lanes = 0;
		uint64_t end = v[i]->hi;
		for (; j < n && (j == i || v[j]->lo < end); j++) {
			size_t l = 0;
			while (l < lanes && lane_end[l] > v[j]->lo)
				l++;
			if (l == lanes)
				lanes++;
			lane_end[l] = v[j]->hi;
			v[j]->lane = (unsigned)l;
			if (v[j]->hi > end)
				end = v[j]->hi;
		}
		for (; i < j; i++)
			v[i]->lanes = (unsigned)lanes;
	}
}

/* Boxes of the items in column 'c', once its x and top are set. */
static void place_items(struct pic *p, struct col *c)
{
	double inner = COLW - 2 * INSET - RAIL;
	double uy = c->top + c->rows_h + (c->rows_h > 0 ? 22 : 18);
	assign_lanes(p, c);
	for (size_t i = 0; i < p->nitems; i++) {
		struct item *it = &p->items[i];
		if (&p->cols[it->col] != c)
			continue;
		it->x = c->x + INSET;
		it->w = inner;
		if (!svg_in_col(p, it, c)) {
			it->y = uy;
			it->h = UNPLACED_H - 2;
			uy += UNPLACED_H;
		} else if (it->hi == it->lo) {
			for (size_t k = 0; k < c->nrows; k++)
				if (c->rows[k].it == it) {
					it->y = c->top + c->rows[k].y;
					it->h = c->rows[k].h;
				}
		} else {
			unsigned lanes = it->lanes ? it->lanes : 1;
			it->w = inner / lanes;
			it->x += it->lane * it->w;
			it->y = svg_ypos(c, it->lo, AT_BODY);
			it->h = svg_ypos(c, it->hi, AT_BEGIN) - it->y;
		}
	}
}

double svg_col_height(const struct col *c)
{
	return COL_HEAD + c->rows_h +
	       (c->nunplaced ? (c->rows_h > 0 ? 22 : 18) + UNPLACED_H * (double)c->nunplaced : 0);
}

/* --- the lines under a panel ------------------------------------------ */

static const char *region_line(struct pic *p, const struct model_region *g)
{
	char size[24];
	size_human(size, sizeof size, g->length.known ? g->length.v : 0);
	if (!g->origin.known || !g->length.known)
		return arena_printf(p->a, "%-12s ?  (%s)  empty", g->name,
				    g->attributes[0] ? g->attributes : "-");
	return arena_printf(p->a, "%-12s 0x%08" PRIx64 "-0x%08" PRIx64 "  %s  (%s)  empty",
			    g->name, g->origin.v,
			    svg_end_of(g->origin.v, g->length.v) - (g->length.v ? 1 : 0),
			    size, g->attributes[0] ? g->attributes : "-");
}

static bool region_drawn(const struct pic *p, const struct model_region *g)
{
	uint64_t lo, hi;
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i].reg == g || svg_region_in(g, &p->cols[i], &lo, &hi))
			return true;
	return false;
}

/* Memories (or regions) nothing is placed in, one line each. */
static void collect_unused(struct pic *p)
{
	const struct device *d = p->r->dev;
	const struct model *m = p->m;
	p->unused = arena_alloc(p->a, ((d ? d->nmems : 0) + m->nregions + 1) *
				sizeof *p->unused);
	for (size_t i = 0; d && i < d->nmems; i++) {
		const struct dev_memory *mem = &d->mems[i];
		bool drawn = false;
		for (size_t c = 0; c < p->ncols; c++)
			drawn |= p->cols[c].mem == mem;
		if (drawn)
			continue;
		char size[24], acc[4];
		size_human(size, sizeof size, mem->size);
		struct strbuf sb = {0};
		sb_printf(&sb, "%-12s 0x%08" PRIx64 "-0x%08" PRIx64 "  %s  %s %s",
			  mem->name, mem->base, svg_end_of(mem->base, mem->size) - 1, size,
			  mem_type_name(mem->type), access_string(mem->access, acc));
		if (mem->alias_of)
			sb_printf(&sb, "  alias of %s", mem->alias_of);
		for (size_t g = 0; g < m->nregions; g++) {
			const struct model_region *rg = &m->regions[g];
			if (rg->origin.known && rg->length.known && rg->length.v &&
			    rg->origin.v < svg_end_of(mem->base, mem->size) &&
			    svg_end_of(rg->origin.v, rg->length.v) > mem->base)
				sb_printf(&sb, "  region %s (empty)", rg->name);
		}
		p->unused[p->nunused++] = arena_strdup(p->a, sb.buf);
		sb_free(&sb);
	}
	for (size_t g = 0; g < m->nregions; g++) {
		const struct model_region *rg = &m->regions[g];
		bool listed = false;
		for (size_t i = 0; d && i < d->nmems && rg->origin.known; i++)
			listed |= rg->origin.v >= d->mems[i].base &&
				  rg->origin.v - d->mems[i].base < d->mems[i].size;
		if (!listed && !region_drawn(p, rg))
			p->unused[p->nunused++] = region_line(p, rg);
	}
}

/* --- layout ----------------------------------------------------------- */

void svg_build(struct pic *p)
{
	collect_items(p);
	collect_spans(p);
	make_columns(p);
	for (size_t i = 0; i < p->ncols; i++)
		build_rows(p, &p->cols[i]);
	collect_unused(p);
}

double svg_panel_width(const struct pic *p)
{
	double w = 2 * MARGIN + (double)p->ncols * PITCH - GUTTER + 40;
	return w < MIN_WIDTH ? MIN_WIDTH : w;
}

/* Sets the panel's coordinates from its top 'y'; the legend, when the
 * panel has it, takes 'legend_h' under the title. */
void svg_place(struct pic *p, double y, double width, double legend_h)
{
	p->y = y;
	p->body = y + 48;
	if (p->legend)
		p->body += legend_h;
	double bottom = p->body;
	for (size_t i = 0; i < p->ncols; i++) {
		struct col *c = &p->cols[i];
		c->x = MARGIN + AXIS + (double)i * PITCH;
		c->top = p->body + COL_HEAD;
		place_items(p, c);
		if (p->body + svg_col_height(c) > bottom)
			bottom = p->body + svg_col_height(c);
	}
	if (!p->ncols)
		bottom += 20;
	if (p->nunused) {
		/* side by side when they fit */
		size_t widest = 0;
		for (size_t i = 0; i < p->nunused; i++)
			if (svg_text_len(p->unused[i]) > widest)
				widest = svg_text_len(p->unused[i]);
		p->unused_w = (double)widest * 10 * ADVANCE + 30;
		size_t across = (size_t)((width - 2 * MARGIN) / p->unused_w);
		across = across < 1 ? 1 : across > 3 ? 3 : across;
		p->unused_rows = (p->nunused + across - 1) / across;
		bottom += 16 + LINE * (double)(p->unused_rows + 1);
	}
	p->h = bottom + 16 - y;
}

/* --- labels ----------------------------------------------------------- */

/* Address labels left of the box, where rows start; a label too close to
 * the one above gives way, unless it starts an item and that one does not. */
struct axis_label *svg_axis_labels(const struct pic *p, const struct col *c,
				   size_t *np)
{
	struct axis_label *v = arena_alloc(p->a, (c->nrows + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i <= c->nrows; i++) {
		uint64_t a = i < c->nrows ? c->rows[i].lo : c->hi;
		if (n && v[n - 1].a == a)
			continue;
		struct axis_label l = {a, svg_ypos(c, a, AT_ITEMS),
				       i == 0 || i == c->nrows ? 2 : 1};
		for (size_t k = 0; k < p->nitems; k++)
			if (svg_in_col(p, &p->items[k], c) && p->items[k].lo == a)
				l.prio = 3;
		if (n && l.y - v[n - 1].y < 11) {
			if (l.prio <= v[n - 1].prio)
				continue;
			n--;
			if (n && l.y - v[n - 1].y < 11)
				continue;
		}
		v[n++] = l;
	}
	*np = n;
	return v;
}

/* A reserved range's label goes in the tallest row between lo and hi that
 * nothing else covers. */
const struct row *svg_span_row(const struct col *c, uint64_t lo, uint64_t hi)
{
	const struct row *best = NULL;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct row *rw = &c->rows[i];
		if (rw->kind == ROW_RESERVED && rw->lo >= lo && rw->hi <= hi &&
		    (!best || rw->h > best->h))
			best = rw;
	}
	return best;
}
