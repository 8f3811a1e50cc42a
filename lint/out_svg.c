/*
 * out_svg: the memory picture as a self-contained SVG 1.1 image
 * (--layout=svg).
 *
 * One column per memory: the device's memories when -d is given, else the
 * script's MEMORY regions; only memories something is placed in get a
 * column, the others are listed under the picture.  Down a column, in
 * address order: the MEMORY regions with their usage, the sections that
 * run there, the load images of sections copied at startup, the image a
 * loader keeps there and copies elsewhere at boot, the reserved and
 * loader-occupied ranges (hatched) and the gaps.  Arrows go from each load
 * image to where its section runs.  Sections that a finding points at
 * (the finding's location is the section's) are red; every finding is
 * listed at the bottom.  Which sections are drawn, and which have a load
 * image, follows out_layout.c.
 *
 * Addresses span orders of magnitude, so nothing is drawn to a linear
 * scale: a column is cut into rows at every boundary (section, region,
 * reserved range), and a row's height grows with the logarithm of its
 * length from a minimum that fits a line of text; gaps stay short and get
 * a break marker.  All text is monospaced, so its width is known: long
 * names are cut with an ellipsis, and the full text is in a <title> (the
 * tooltip).  No fonts, stylesheets or scripts are referenced, and the
 * output depends on the inputs only.  This file does not judge anything:
 * red comes from the findings the rules made.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "ldlint.h"

/* Geometry, in SVG user units (pixels at 100% zoom). */
enum {
	MARGIN = 20,		/* around the picture */
	AXIS = 78,		/* address labels, left of a column's box */
	COLW = 236,		/* a column's box */
	GUTTER = 70,		/* right of a box, for arrows */
	PITCH = AXIS + COLW + GUTTER,
	INSET = 6,		/* sections inside the box */
	RAIL = 7,		/* strip at the box's right edge for reserved ranges */
	COL_HEAD = 52,		/* column header above the rows */
	ROW_MIN = 18,		/* one line of 11px text */
	HEADER_H = 32,		/* a region's header row */
	UNPLACED_H = 20,	/* a box in the "address unknown" list */
	LINE = 15,		/* line pitch of the lists under the picture */
	MIN_WIDTH = 780,
	MAX_LIST = 40,		/* findings listed at most */
};

#define FONT "DejaVu Sans Mono,Menlo,Consolas,Liberation Mono,monospace"
#define ADVANCE 0.61		/* monospace advance width per font-size */

enum item_kind { ITEM_RUN, ITEM_LOAD, ITEM_STORED };

/* Something drawn as a box: a section where it runs, the load image of a
 * section copied at startup, or the image a loader keeps for copying. */
struct item {
	enum item_kind kind;
	const struct model_section *s;	/* NULL for ITEM_STORED */
	const struct ldr_range *runs;	/* ITEM_STORED: the runs_from entry */
	bool placed;			/* the address is known */
	bool sized;			/* the size is known */
	uint64_t lo, hi;		/* addresses, hi exclusive (placed) */
	uint64_t size;			/* bytes (sized) */
	uint64_t run_lo, run_hi;	/* ITEM_STORED: load addresses it holds */
	size_t col;			/* index into pic.cols */
	unsigned lane, lanes;		/* side by side where items overlap */
	double x, y, w, h;		/* its box */
	unsigned nfind;			/* findings at the section's location */
};

enum col_kind { COL_MEMORY, COL_REGION, COL_OUTSIDE, COL_NOREGION, COL_UNKNOWN };

enum row_kind { ROW_HEADER, ROW_POINT, ROW_ITEM, ROW_RESERVED, ROW_FREE, ROW_OUTSIDE };

/* A horizontal slice of a column: an address interval, or at one address
 * a region's header or an item of no (known) size. */
struct row {
	enum row_kind kind;
	uint64_t lo, hi;		/* hi == lo for headers and points */
	const struct model_region *reg;	/* ROW_HEADER */
	struct item *it;		/* ROW_POINT */
	double y, h;			/* y relative to the first row */
};

struct col {
	enum col_kind kind;
	const struct dev_memory *mem;	/* COL_MEMORY */
	const struct model_region *reg;	/* COL_REGION */
	size_t rank;			/* columns go in declaration order */
	bool ranged;			/* lo/hi hold something */
	uint64_t lo, hi;		/* addresses drawn, hi exclusive */
	struct row *rows;		size_t nrows;
	size_t nunplaced;		/* items listed under the rows */
	double rows_h;			/* height of the rows */
	double x, top;			/* box's left edge; y of the first row */
};

/* A reserved or loader-occupied range. */
struct span {
	uint64_t lo, hi;
	bool occupied;			/* by the loader; else reserved */
	const char *by, *reason;	/* may be NULL */
};

/* One model's picture. */
struct pic {
	const struct run *r;
	const struct model *m;
	struct arena *a;
	struct item *items;		size_t nitems;
	struct col *cols;		size_t ncols;
	struct span *spans;		size_t nspans;
	const char **unused;		size_t nunused;	/* lines under it */
	size_t unused_rows;		/* ... in columns this many lines deep */
	double unused_w;		/* ... this wide */
	double y, h;			/* top and height of the panel */
	double body;			/* y of the column headers */
	bool legend;			/* the legend is drawn under the title */
};

/* --- text ------------------------------------------------------------- */

/* Bytes in the UTF-8 character at 'p' that XML 1.0 can carry, or 0. */
static size_t xml_char(const unsigned char *p)
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
static size_t text_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
		size_t k = xml_char(p);
		p += k ? k : 1;
	}
	return n;
}

/* Writes 's' as XML character data, at most 'max' characters; a cut
 * string ends in an ellipsis.  Bytes XML cannot carry become '?'. */
static void put_esc(FILE *f, const char *s, size_t max)
{
	size_t n = text_len(s);
	size_t keep = n <= max ? n : max ? max - 1 : 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < keep; i++) {
		size_t k = xml_char(p);
		if (!k)
			fputc('?', f);
		else if (*p == '&')
			fputs("&amp;", f);
		else if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '"')
			fputs("&quot;", f);
		else if (*p == '\n' || *p == '\r' || *p == '\t')
			fputc(' ', f);
		else
			fwrite(p, 1, k, f);
		p += k ? k : 1;
	}
	if (keep < n)
		fputs("\xe2\x80\xa6", f);
}

/* Characters of 'size'-unit text that fit in 'width'. */
static size_t fit(double width, double size)
{
	return width <= 0 ? 0 : (size_t)(width / (size * ADVANCE));
}

/* A <text> at (x, y); 'attrs' is trusted markup ("" for none). */
static void text(FILE *f, double x, double y, const char *attrs, size_t max,
		 const char *s)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, *attrs ? " " : "", attrs);
	put_esc(f, s, max);
	fputs("</text>\n", f);
}

static void title(FILE *f, const char *s)
{
	fputs("<title>", f);
	put_esc(f, s, SIZE_MAX);
	fputs("</title>", f);
}

/* Bytes of the first line of 's' wrapped at 'w' characters: up to a space
 * in the second half of the line, else cut between characters. */
static size_t wrap(const char *s, size_t w)
{
	size_t len = strlen(s), cut = w;
	if (len <= w)
		return len;
	while (cut > w / 2 && s[cut] != ' ')
		cut--;
	if (s[cut] != ' ')
		for (cut = w; cut && ((unsigned char)s[cut] & 0xc0) == 0x80; cut--)
			;
	return cut ? cut : len;
}

/* text() of the first 'n' bytes of 's'. */
static void text_part(FILE *f, double x, double y, const char *attrs, size_t max,
		      const char *s, size_t n)
{
	char *part = xmalloc(n + 1);
	memcpy(part, s, n);
	part[n] = 0;
	text(f, x, y, attrs, max, part);
	free(part);
}

/* Skips the first line (n bytes) of 's' and the spaces after it. */
static const char *next_line(const char *s, size_t n)
{
	for (s += n; *s == ' '; s++)
		;
	return s;
}

/* As out_layout.c. */
static void human(char *buf, size_t n, uint64_t v)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		snprintf(buf, n, "%" PRIu64 " MiB", v / (1024 * 1024));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, n, "%" PRIu64 " KiB", v / 1024);
	else if (v >= 10 * 1024 * 1024)
		snprintf(buf, n, "%.1f MiB", (double)v / (1024 * 1024));
	else if (v >= 10 * 1024)
		snprintf(buf, n, "%.1f KiB", (double)v / 1024);
	else
		snprintf(buf, n, "%" PRIu64 " B", v);
}

static void percent(char *buf, size_t n, uint64_t used, uint64_t total)
{
	double pc = total ? (double)used * 100 / (double)total : 0;
	if (pc > 0 && pc < 0.1)
		snprintf(buf, n, "<0.1%%");
	else if (pc > 0 && pc < 10)
		snprintf(buf, n, "%.1f%%", pc);
	else
		snprintf(buf, n, "%.0f%%", pc);
}

/* --- what is drawn ---------------------------------------------------- */

static bool has_contents(const struct model_section *s)
{
	return !s->noload && (!s->elf_type || strcmp(s->elf_type, "nobits") != 0);
}

/* Sections that are never allocated, as out_layout.c decides. */
static bool unallocated(const struct model *m, const struct model_section *s)
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

/* Has a load image apart from where it runs: initial values copied at
 * startup. */
static bool copied(const struct model_section *s)
{
	if (!has_contents(s))
		return false;
	if (s->lma.known && s->vma.known)
		return s->lma.v != s->vma.v;
	return s->lma_region && (!s->region || strcmp(s->region, s->lma_region) != 0);
}

static uint64_t end_of(uint64_t lo, uint64_t size)
{
	return size > UINT64_MAX - lo ? UINT64_MAX : lo + size;
}

static bool same_loc(const struct loc *a, const struct loc *b)
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
	it->hi = end_of(addr.v, it->size);
	for (const struct finding *f = p->r->diag ? p->r->diag->head : NULL; f;
	     f = f->next)
		if (same_loc(&f->loc, &s->loc))
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
			if (p->items[k].kind != ITEM_RUN || !has_contents(s) ||
			    !s->lma.known || !s->size.known || !s->size.v ||
			    s->lma.v < rf->base || s->lma.v - rf->base >= rf->size)
				continue;
			if (!any || s->lma.v < lo)
				lo = s->lma.v;
			if (!any || end_of(s->lma.v, s->size.v) > hi)
				hi = end_of(s->lma.v, s->size.v);
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
		it->hi = end_of(it->lo, it->size);
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
		if (unallocated(m, s))
			continue;
		add_item(p, ITEM_RUN, s, s->vma);
	}
	size_t nrun = p->nitems;
	for (size_t i = 0; i < nrun; i++)
		if (copied(p->items[i].s))
			add_item(p, ITEM_LOAD, p->items[i].s, p->items[i].s->lma);
	add_stored(p, nrun);
}

static void add_span(struct pic *p, uint64_t base, uint64_t size, bool occupied,
		     const char *by, const char *reason)
{
	if (!size)
		return;
	p->spans[p->nspans++] = (struct span){base, end_of(base, size), occupied,
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
			widen(c, c->mem->base, end_of(c->mem->base, c->mem->size));
		if (c->reg && c->reg->origin.known && c->reg->length.known)
			widen(c, c->reg->origin.v,
			      end_of(c->reg->origin.v, c->reg->length.v));
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
static bool region_in(const struct model_region *g, const struct col *c,
		      uint64_t *lo, uint64_t *hi)
{
	if (c->kind == COL_REGION || !c->ranged || !g->origin.known ||
	    !g->length.known || !g->length.v)
		return false;
	uint64_t glo = g->origin.v, ghi = end_of(glo, g->length.v);
	if (ghi <= c->lo || glo >= c->hi)
		return false;
	*lo = glo > c->lo ? glo : c->lo;
	*hi = ghi < c->hi ? ghi : c->hi;
	return true;
}

static bool span_in(const struct span *s, const struct col *c, uint64_t *lo,
		    uint64_t *hi)
{
	if (!c->ranged || s->hi <= c->lo || s->lo >= c->hi)
		return false;
	*lo = s->lo > c->lo ? s->lo : c->lo;
	*hi = s->hi < c->hi ? s->hi : c->hi;
	return true;
}

static bool in_col(const struct pic *p, const struct item *it, const struct col *c)
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
		if (in_col(p, it, c) && it->sized && it->lo <= lo && it->hi >= hi &&
		    it->hi > it->lo)
			return ROW_ITEM;
	}
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].lo <= lo && p->spans[i].hi >= hi)
			return ROW_RESERVED;
	if (c->kind == COL_REGION)
		return c->reg->origin.known && c->reg->length.known &&
		       lo >= c->reg->origin.v &&
		       hi <= end_of(c->reg->origin.v, c->reg->length.v) ?
		       ROW_FREE : ROW_OUTSIDE;
	uint64_t glo, ghi;
	for (size_t i = 0; i < p->m->nregions; i++)
		if (region_in(&p->m->regions[i], c, &glo, &ghi) && glo <= lo &&
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
		if (in_col(p, &p->items[i], c)) {
			bp[n++] = p->items[i].lo;
			bp[n++] = p->items[i].hi;
		}
	for (size_t i = 0; i < p->m->nregions; i++)
		if (region_in(&p->m->regions[i], c, &lo, &hi)) {
			bp[n++] = lo;
			bp[n++] = hi;
		}
	for (size_t i = 0; i < p->nspans; i++)
		if (span_in(&p->spans[i], c, &lo, &hi)) {
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
			if (region_in(&p->m->regions[i], c, &lo, &hi) && lo == bp[k])
				c->rows[c->nrows++] = (struct row){ROW_HEADER, lo, lo,
					&p->m->regions[i], NULL, 0, 0};
		for (size_t i = 0; i < p->nitems; i++) {
			struct item *it = &p->items[i];
			if (in_col(p, it, c) && it->lo == bp[k] && it->hi == it->lo)
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

enum at {
	AT_BEGIN,	/* before the region headers at the address */
	AT_ITEMS,	/* after them, before the points */
	AT_BODY		/* after the points: where a sized item starts */
};

/* The y of address 'a' in column 'c'. */
static double ypos(const struct col *c, uint64_t a, enum at w)
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
		if (in_col(p, &p->items[i], c) && p->items[i].hi > p->items[i].lo)
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
		if (!in_col(p, it, c)) {
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
			it->y = ypos(c, it->lo, AT_BODY);
			it->h = ypos(c, it->hi, AT_BEGIN) - it->y;
		}
	}
}

static double col_height(const struct col *c)
{
	return COL_HEAD + c->rows_h +
	       (c->nunplaced ? (c->rows_h > 0 ? 22 : 18) + UNPLACED_H * (double)c->nunplaced : 0);
}

/* --- the lines under a panel ------------------------------------------ */

static const char *region_line(struct pic *p, const struct model_region *g)
{
	char size[24];
	human(size, sizeof size, g->length.known ? g->length.v : 0);
	if (!g->origin.known || !g->length.known)
		return arena_printf(p->a, "%-12s ?  (%s)  empty", g->name,
				    g->attributes[0] ? g->attributes : "-");
	return arena_printf(p->a, "%-12s 0x%08" PRIx64 "-0x%08" PRIx64 "  %s  (%s)  empty",
			    g->name, g->origin.v,
			    end_of(g->origin.v, g->length.v) - (g->length.v ? 1 : 0),
			    size, g->attributes[0] ? g->attributes : "-");
}

static bool region_drawn(const struct pic *p, const struct model_region *g)
{
	uint64_t lo, hi;
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i].reg == g || region_in(g, &p->cols[i], &lo, &hi))
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
		human(size, sizeof size, mem->size);
		struct strbuf sb = {0};
		sb_printf(&sb, "%-12s 0x%08" PRIx64 "-0x%08" PRIx64 "  %s  %s %s",
			  mem->name, mem->base, end_of(mem->base, mem->size) - 1, size,
			  mem_type_name(mem->type), access_string(mem->access, acc));
		if (mem->alias_of)
			sb_printf(&sb, "  alias of %s", mem->alias_of);
		for (size_t g = 0; g < m->nregions; g++) {
			const struct model_region *rg = &m->regions[g];
			if (rg->origin.known && rg->length.known && rg->length.v &&
			    rg->origin.v < end_of(mem->base, mem->size) &&
			    end_of(rg->origin.v, rg->length.v) > mem->base)
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

static void build(struct pic *p)
{
	collect_items(p);
	collect_spans(p);
	make_columns(p);
	for (size_t i = 0; i < p->ncols; i++)
		build_rows(p, &p->cols[i]);
	collect_unused(p);
}

struct legend_entry {
	const char *label;
	const char *fill, *stroke, *dash;	/* a box; fill NULL: an arrow */
};

static const struct legend_entry legend[] = {
	{"code", "#cfe0f7", "#5b6b7b", NULL},
	{"read-only data", "#f6e7c1", "#5b6b7b", NULL},
	{"data", "#d3edc9", "#5b6b7b", NULL},
	{"zero-init/NOLOAD", "#eef6ea", "#5b6b7b", NULL},
	{"other", "#e4e7eb", "#5b6b7b", NULL},
	{"load image", "#ffffff", "#5b6b7b", "4 2"},
	{"reserved", "url(#hatch-r)", "#8a8a8a", NULL},
	{"loader occupies", "url(#hatch-o)", "#c77a1e", NULL},
	{"has findings", "#ffd9d9", "#d11a1a", NULL},
	{"copied at startup", NULL, "#1f5fbf", NULL},
	{"copied by the loader", NULL, "#7a55b0", "5 3"},
};

/* Draws the legend at y when f is not NULL; returns its height. */
static double draw_legend(FILE *f, double y, double width)
{
	double x = MARGIN, h = 18;
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++) {
		const struct legend_entry *e = &legend[i];
		double w = 30 + strlen(e->label) * 10 * ADVANCE + 16;
		if (x + w > width - MARGIN) {
			x = MARGIN;
			y += 18;
			h += 18;
		}
		if (f && e->fill)
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"24\" height=\"12\" "
				"fill=\"%s\" stroke=\"%s\"%s%s%s/>\n", x, y, e->fill,
				e->stroke, e->dash ? " stroke-dasharray=\"" : "",
				e->dash ? e->dash : "", e->dash ? "\"" : "");
		else if (f)
			fprintf(f, "<path d=\"M%.1f %.1fh20\" stroke=\"%s\" stroke-width=\"1.6\" "
				"fill=\"none\" marker-end=\"url(#%s)\"%s%s%s/>\n", x, y + 6,
				e->stroke, e->dash ? "arrow-l" : "arrow",
				e->dash ? " stroke-dasharray=\"" : "", e->dash ? e->dash : "",
				e->dash ? "\"" : "");
		if (f)
			text(f, x + 30, y + 10, "font-size=\"10\"", SIZE_MAX, e->label);
		x += w;
	}
	return h;
}

static double panel_width(const struct pic *p)
{
	double w = 2 * MARGIN + (double)p->ncols * PITCH - GUTTER + 40;
	return w < MIN_WIDTH ? MIN_WIDTH : w;
}

/* Sets the panel's coordinates from its top 'y'. */
static void place(struct pic *p, double y, double width)
{
	p->y = y;
	p->body = y + 48;
	if (p->legend)
		p->body += draw_legend(NULL, 0, width) + 8;
	double bottom = p->body;
	for (size_t i = 0; i < p->ncols; i++) {
		struct col *c = &p->cols[i];
		c->x = MARGIN + AXIS + (double)i * PITCH;
		c->top = p->body + COL_HEAD;
		place_items(p, c);
		if (p->body + col_height(c) > bottom)
			bottom = p->body + col_height(c);
	}
	if (!p->ncols)
		bottom += 20;
	if (p->nunused) {
		/* side by side when they fit */
		size_t widest = 0;
		for (size_t i = 0; i < p->nunused; i++)
			if (text_len(p->unused[i]) > widest)
				widest = text_len(p->unused[i]);
		p->unused_w = (double)widest * 10 * ADVANCE + 30;
		size_t across = (size_t)((width - 2 * MARGIN) / p->unused_w);
		across = across < 1 ? 1 : across > 3 ? 3 : across;
		p->unused_rows = (p->nunused + across - 1) / across;
		bottom += 16 + LINE * (double)(p->unused_rows + 1);
	}
	p->h = bottom + 16 - y;
}

/* --- drawing ---------------------------------------------------------- */

static void defs(FILE *f)
{
	fputs("<defs>\n"
	      "<pattern id=\"hatch-r\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#f1f1f1\"/>"
	      "<rect width=\"2.5\" height=\"7\" fill=\"#a8a8a8\"/></pattern>\n"
	      "<pattern id=\"hatch-o\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#fbeedd\"/>"
	      "<rect width=\"2.5\" height=\"7\" fill=\"#e0a35a\"/></pattern>\n"
	      "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
	      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
	      "<path d=\"M0 0L10 5L0 10z\" fill=\"#1f5fbf\"/></marker>\n"
	      "<marker id=\"arrow-l\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
	      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
	      "<path d=\"M0 0L10 5L0 10z\" fill=\"#7a55b0\"/></marker>\n"
	      "</defs>\n", f);
}

static const char *section_fill(const struct model_section *s)
{
	static const char *const code[] = {".text", ".isr_vector", ".vectors",
		".init", ".fini", ".ramfunc", ".RamFunc", ".itcm"};
	if (!has_contents(s))
		return "#eef6ea";
	if (s->flags[0])
		return strchr(s->flags, 'x') ? "#cfe0f7" :
		       strchr(s->flags, 'w') ? "#d3edc9" : "#f6e7c1";
	for (size_t i = 0; i < sizeof code / sizeof code[0]; i++)
		if (strncmp(s->name, code[i], strlen(code[i])) == 0)
			return "#cfe0f7";
	if (strncmp(s->name, ".rodata", 7) == 0 || strncmp(s->name, ".ARM.ex", 7) == 0)
		return "#f6e7c1";
	if (strncmp(s->name, ".data", 5) == 0)
		return "#d3edc9";
	return "#e4e7eb";
}

static const char *item_name(const struct pic *p, const struct item *it)
{
	if (it->kind == ITEM_LOAD)
		return arena_printf(p->a, "load of %s", it->s->name);
	if (it->kind == ITEM_STORED)
		return arena_printf(p->a, "kept by %s", p->r->ldr ? p->r->ldr->id : "the loader");
	return it->s->name;
}

/* The second line of a tall box, and the start of its tooltip. */
static const char *item_detail(const struct pic *p, const struct item *it)
{
	const struct model_section *s = it->s;
	if (it->kind == ITEM_STORED)
		return arena_printf(p->a, "copied to 0x%08" PRIx64 " at boot", it->run_lo);
	if (it->kind == ITEM_LOAD) {
		if (!s->vma.known)
			return arena_printf(p->a, "runs in %s", s->region ? s->region : "?");
		return arena_printf(p->a, "runs at 0x%08" PRIx64 "%s%s", s->vma.v,
				    s->region ? " in " : "", s->region ? s->region : "");
	}
	struct strbuf sb = {0};
	if (s->script_type)
		sb_printf(&sb, "%s", s->script_type);
	else if (s->elf_type && !strcmp(s->elf_type, "nobits"))
		sb_puts(&sb, "no file bytes");
	if (s->orphan)
		sb_printf(&sb, "%sorphan", sb.len ? ", " : "");
	if (copied(s) && s->lma.known)
		sb_printf(&sb, "%sloaded from 0x%08" PRIx64, sb.len ? ", " : "", s->lma.v);
	else if (copied(s))
		sb_printf(&sb, "%sloaded from %s", sb.len ? ", " : "",
			  s->lma_region ? s->lma_region : "?");
	const char *d = arena_strdup(p->a, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return d;
}

static void item_tooltip(FILE *f, const struct pic *p, const struct item *it)
{
	char size[24];
	human(size, sizeof size, it->size);
	struct strbuf sb = {0};
	sb_printf(&sb, "%s: ", item_name(p, it));
	if (it->placed)
		sb_printf(&sb, "0x%08" PRIx64 "-0x%08" PRIx64 ", ", it->lo,
			  it->hi > it->lo ? it->hi - 1 : it->lo);
	else
		sb_puts(&sb, "address unknown, ");
	sb_printf(&sb, "%s", it->sized ? size : "size unknown");
	const char *d = item_detail(p, it);
	if (*d)
		sb_printf(&sb, "; %s", d);
	if (it->kind == ITEM_STORED && it->runs->note)
		sb_printf(&sb, " (%s)", it->runs->note);
	for (const struct finding *fd = p->r->diag ? p->r->diag->head : NULL;
	     fd && it->s; fd = fd->next)
		if (same_loc(&fd->loc, &it->s->loc))
			sb_printf(&sb, "\n%s: %s [%s]", severity_name(fd->severity),
				  fd->message, rule_table[fd->rule].id);
	title(f, sb.buf);
	sb_free(&sb);
}

static void draw_item(FILE *f, const struct pic *p, const struct item *it)
{
	const struct model_section *s = it->s;
	const char *fill = it->nfind ? "#ffd9d9" : it->kind == ITEM_STORED ? "#ece3f7" :
			   it->kind == ITEM_LOAD ? "#ffffff" : section_fill(s);
	const char *stroke = it->nfind ? "#d11a1a" : it->kind == ITEM_STORED ?
			     "#7a55b0" : "#5b6b7b";
	fputs("<g>", f);
	item_tooltip(f, p, it);
	fprintf(f, "\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n", it->x, it->y,
		it->w, it->h, fill, stroke, it->nfind ? "2" : "1",
		it->kind != ITEM_RUN || !it->placed ? " stroke-dasharray=\"4 2\"" : "");
	char size[24] = "?";
	if (it->sized)
		human(size, sizeof size, it->size);
	size_t room = fit(it->w - 8, 11);
	size_t sl = strlen(size);
	bool show_size = room > sl + 4;
	double base = it->y + (it->h < ROW_MIN ? it->h - 4 : 12.5);
	text(f, it->x + 4, base, it->nfind ?
	     "font-weight=\"bold\" fill=\"#b00000\"" : it->kind == ITEM_RUN ?
	     "font-weight=\"bold\"" : "font-style=\"italic\"",
	     show_size ? room - sl - 1 : room, item_name(p, it));
	if (show_size)
		text(f, it->x + it->w - 4, base, "text-anchor=\"end\" fill=\"#333\"",
		     SIZE_MAX, size);
	const char *d = item_detail(p, it);
	if (it->h >= 32 && *d)
		text(f, it->x + 4, it->y + 25.5, "font-size=\"10\" fill=\"#444\"",
		     fit(it->w - 8, 10), d);
	fputs("</g>\n", f);
}

static void usage_bar(FILE *f, double x, double y, double w, uint64_t used,
		      uint64_t total)
{
	double fill = total ? w * (double)(used > total ? total : used) / (double)total : 0;
	if (used && fill < 1.5)
		fill = 1.5;
	const char *c = used > total ? "#d62728" : (double)used > (double)total * 0.95 ?
			"#e69500" : "#2ca02c";
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#ffffff\" "
		"stroke=\"#777\" stroke-width=\"0.8\"/>\n", x, y, w);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"%s\"/>\n",
		x, y, fill, c);
}

/* Bytes of the sections that run in 'g' and of the load images in it, as
 * out_layout.c counts them; *unknown: some sizes are not known. */
static uint64_t region_used(const struct pic *p, const struct model_region *g,
			    bool *unknown)
{
	uint64_t used = 0;
	*unknown = false;
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

static const char *usage_text(const struct pic *p, const struct model_region *g,
			      uint64_t *used)
{
	char u[24], t[24], pc[16];
	bool unknown;
	*used = region_used(p, g, &unknown);
	human(u, sizeof u, *used);
	human(t, sizeof t, g->length.v);
	percent(pc, sizeof pc, *used, g->length.v);
	if (unknown && *used)
		return arena_printf(p->a, "%s + ? / %s", u, t);
	if (unknown)
		return arena_printf(p->a, "? / %s", t);
	return arena_printf(p->a, "%s / %s (%s)", u, t, pc);
}

static void draw_region_header(FILE *f, const struct pic *p, const struct col *c,
			       const struct row *rw)
{
	const struct model_region *g = rw->reg;
	double x = c->x + INSET, w = COLW - 2 * INSET - RAIL, y = c->top + rw->y;
	uint64_t used;
	const char *u = usage_text(p, g, &used);
	const char *name = arena_printf(p->a, "%s%s%s%s", g->name,
		g->attributes[0] ? " (" : "", g->attributes, g->attributes[0] ? ")" : "");
	if (g->origin.v < c->lo)
		name = arena_printf(p->a, "%s (cont.)", g->name);
	fputs("<g>", f);
	title(f, arena_printf(p->a, "MEMORY region %s: 0x%08" PRIx64 "-0x%08" PRIx64
			      ", %s used", g->name, g->origin.v,
			      end_of(g->origin.v, g->length.v) - 1, u));
	size_t ul = text_len(u);
	text(f, x, y + 12, "font-weight=\"bold\" fill=\"#1f4e8c\"",
	     fit(w - ul * 10 * ADVANCE - 6, 11), name);
	text(f, x + w, y + 12, "font-size=\"10\" text-anchor=\"end\" fill=\"#1f4e8c\"",
	     SIZE_MAX, u);
	usage_bar(f, x, y + 18, w, used, g->length.v);
	fputs("</g>\n", f);
}

/* A zigzag from x to x+w at y: the gap is drawn much shorter than it is. */
static void zigzag(FILE *f, double x, double w, double y)
{
	if (w < 6)
		return;
	fprintf(f, "<path d=\"M%.1f %.1f", x, y);
	for (int i = 0; i < (int)(w / 4); i++)
		fprintf(f, "l4 %s", i % 2 ? "-3" : "3");
	fputs("\" fill=\"none\" stroke=\"#888\" stroke-width=\"1\"/>\n", f);
}

static void draw_gap(FILE *f, const struct pic *p, const struct col *c,
		     const struct row *rw)
{
	uint64_t len = rw->hi - rw->lo;
	if (len < 256)
		return;
	char size[24];
	human(size, sizeof size, len);
	const char *what = rw->kind == ROW_FREE ? "free" :
			   c->kind == COL_MEMORY ? "not in a region," :
			   c->kind == COL_REGION ? "past the region," : "gap";
	const char *label = arena_printf(p->a, "%s %s", what, size);
	double y = c->top + rw->y + rw->h / 2, x = c->x + INSET;
	double w = COLW - 2 * INSET - RAIL, mid = x + w / 2;
	double half = (double)text_len(label) * 10 * ADVANCE / 2 + 5;
	if (len >= 1024) {
		zigzag(f, x + 2, mid - half - x - 2, y - 1.5);
		zigzag(f, mid + half, x + w - 2 - mid - half, y - 1.5);
	}
	text(f, mid, y + 3.5, "font-size=\"10\" font-style=\"italic\" "
	     "text-anchor=\"middle\" fill=\"#555\"", fit(w, 10), label);
}

/* Who reserves a range and why, on a white ground in row 'rw': the
 * reason wrapped over the lines the row has room for. */
static void span_label(FILE *f, const struct col *c, const struct row *rw,
		       const char *who, const char *reason)
{
	double x = c->x + INSET, w = COLW - 2 * INSET - RAIL - 4;
	size_t n = fit(w - 8, 10), avail = (size_t)((rw->h - 6) / 12), lines = 1;
	size_t widest = text_len(who);
	size_t cut[4];
	const char *r = reason ? reason : "";
	for (const char *t = r; *t && lines < avail && lines < 4; lines++) {
		cut[lines] = lines + 1 == avail ? strlen(t) : wrap(t, n);
		size_t l = text_len(t) < cut[lines] ? text_len(t) : cut[lines];
		if (l > widest)
			widest = l;
		t = next_line(t, cut[lines]);
	}
	if (widest > n)
		widest = n;
	double y = c->top + rw->y + rw->h / 2 - (double)lines * 6 - 1;
	fprintf(f, "\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"#ffffff\" fill-opacity=\"0.88\" rx=\"2\"/>\n", x, y,
		(double)widest * 10 * ADVANCE + 8, (double)lines * 12 + 3);
	text(f, x + 4, y + 10.5, "font-size=\"10\" font-weight=\"bold\" fill=\"#333\"",
	     n, who);
	const char *t = r;
	for (size_t i = 1; i < lines; i++) {
		text_part(f, x + 4, y + 10.5 + 12 * (double)i,
			  "font-size=\"10\" fill=\"#333\"", n, t, cut[i]);
		t = next_line(t, cut[i]);
	}
}

static void draw_span(FILE *f, const struct pic *p, const struct col *c,
		      const struct span *s, bool rail)
{
	uint64_t lo, hi;
	if (!span_in(s, c, &lo, &hi))
		return;
	double y0 = ypos(c, lo, AT_ITEMS), y1 = ypos(c, hi, AT_BEGIN);
	const char *pat = s->occupied ? "url(#hatch-o)" : "url(#hatch-r)";
	const char *stroke = s->occupied ? "#c77a1e" : "#8a8a8a";
	if (rail) {
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
			"fill=\"%s\" stroke=\"%s\" stroke-width=\"0.8\"/>\n",
			c->x + COLW - 2 - RAIL, y0, RAIL, y1 - y0, pat, stroke);
		return;
	}
	const char *who = s->occupied ? arena_printf(p->a, "occupied by %s", s->by) :
			  s->by ? arena_printf(p->a, "reserved by %s", s->by) : "reserved";
	fputs("<g>", f);
	title(f, arena_printf(p->a, "0x%08" PRIx64 "-0x%08" PRIx64 " %s%s%s", s->lo,
			      s->hi - 1, who, s->reason ? ": " : "",
			      s->reason ? s->reason : ""));
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>",
		c->x + 2, y0, COLW - 4, y1 - y0, pat);
	/* the label goes in the tallest row nothing else covers */
	const struct row *best = NULL;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct row *rw = &c->rows[i];
		if (rw->kind == ROW_RESERVED && rw->lo >= lo && rw->hi <= hi &&
		    (!best || rw->h > best->h))
			best = rw;
	}
	if (best)
		span_label(f, c, best, who, s->reason);
	fputs("</g>\n", f);
}

static void col_header(FILE *f, const struct pic *p, const struct col *c)
{
	double x = c->x, y = p->body;
	const char *name, *l2 = "", *l3 = "", *right = "";
	char size[24], acc[4];
	if (c->kind == COL_MEMORY) {
		const struct dev_memory *m = c->mem;
		human(size, sizeof size, m->size);
		name = m->name;
		right = mem_type_name(m->type);
		l2 = arena_printf(p->a, "0x%08" PRIx64 "-0x%08" PRIx64, m->base,
				  end_of(m->base, m->size) - 1);
		l3 = arena_printf(p->a, "%s  %s%s%s%s", size, access_string(m->access, acc),
				  m->boot ? "  boot" : "", m->alias_of ? "  alias of " : "",
				  m->alias_of ? m->alias_of : "");
	} else if (c->kind == COL_REGION) {
		const struct model_region *g = c->reg;
		name = g->name;
		right = g->attributes[0] ? g->attributes : "";
		human(size, sizeof size, g->length.v);
		if (g->origin.known && g->length.known) {
			uint64_t used;
			l2 = arena_printf(p->a, "0x%08" PRIx64 "-0x%08" PRIx64 "  %s", g->origin.v,
					  end_of(g->origin.v, g->length.v) - (g->length.v ? 1 : 0),
					  size);
			l3 = usage_text(p, g, &used);
			usage_bar(f, x + COLW - 62, y + 37, 62, used, g->length.v);
		} else {
			l2 = "origin or length unknown";
		}
	} else {
		name = c->kind == COL_OUTSIDE ? "outside the memories" :
		       c->kind == COL_UNKNOWN ? "address unknown" :
		       p->m->nregions ? "in no MEMORY region" : "sections";
		l2 = c->kind == COL_OUTSIDE && p->r->dev ?
		     arena_printf(p->a, "no memory of %s there", p->r->dev->id) :
		     c->kind == COL_UNKNOWN ? "no region or address known" :
		     p->m->nregions ? "placed by address" :
		     p->m->script ? "the script has no MEMORY" : "no script: placed by address";
	}
	text(f, x, y + 14, "font-size=\"13\" font-weight=\"bold\"", fit(COLW - 60, 13), name);
	text(f, x + COLW, y + 14, "font-size=\"10\" text-anchor=\"end\" fill=\"#555\"",
	     8, right);
	text(f, x, y + 29, "font-size=\"10\" fill=\"#333\"", fit(COLW, 10), l2);
	text(f, x, y + 43, "font-size=\"10\" fill=\"#333\"",
	     fit(c->kind == COL_REGION ? COLW - 68 : COLW, 10), l3);
}

/* Address labels left of the box, where rows start; a label too close to
 * the one above gives way, unless it starts an item and that one does not. */
static void axis(FILE *f, const struct pic *p, const struct col *c)
{
	struct label { uint64_t a; double y; int prio; };
	struct label *v = arena_alloc(p->a, (c->nrows + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i <= c->nrows; i++) {
		uint64_t a = i < c->nrows ? c->rows[i].lo : c->hi;
		if (n && v[n - 1].a == a)
			continue;
		struct label l = {a, ypos(c, a, AT_ITEMS), i == 0 || i == c->nrows ? 2 : 1};
		for (size_t k = 0; k < p->nitems; k++)
			if (in_col(p, &p->items[k], c) && p->items[k].lo == a)
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
	fputs("<g font-size=\"10\" text-anchor=\"end\" fill=\"#222\">\n", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">0x%08" PRIx64 "</text>"
			"<path d=\"M%.1f %.1fh4\" stroke=\"#444\"/>\n", c->x - 6,
			v[i].y + 3.5, v[i].a, c->x - 4, v[i].y);
	fputs("</g>\n", f);
}

static void draw_col(FILE *f, const struct pic *p, const struct col *c)
{
	col_header(f, p, c);
	double y0 = c->top, w = COLW;
	if (c->rows_h > 0) {
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#e9e9e9\"/>\n",
			c->x, y0, COLW, c->rows_h);
		if (c->kind == COL_REGION && c->reg->origin.known && c->reg->length.known) {
			double a = ypos(c, c->reg->origin.v, AT_BEGIN);
			double b = ypos(c, end_of(c->reg->origin.v, c->reg->length.v), AT_BEGIN);
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\"/>\n",
				c->x, a, w, b - a);
		}
		uint64_t lo, hi;
		for (size_t i = 0; i < p->m->nregions; i++)
			if (region_in(&p->m->regions[i], c, &lo, &hi)) {
				double a = ypos(c, lo, AT_BEGIN), b = ypos(c, hi, AT_BEGIN);
				fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
					"fill=\"#ffffff\" stroke=\"#3b6fb6\" stroke-width=\"1.4\"/>\n",
					c->x + 2, a + 1, w - 4, b - a - 2);
			}
		for (size_t i = 0; i < p->nspans; i++)
			draw_span(f, p, c, &p->spans[i], false);
		for (size_t i = 0; i < c->nrows; i++)
			if (c->rows[i].kind == ROW_FREE || c->rows[i].kind == ROW_OUTSIDE)
				draw_gap(f, p, c, &c->rows[i]);
			else if (c->rows[i].kind == ROW_HEADER)
				draw_region_header(f, p, c, &c->rows[i]);
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (&p->cols[p->items[i].col] == c)
			draw_item(f, p, &p->items[i]);
	if (c->rows_h > 0) {
		for (size_t i = 0; i < p->nspans; i++)
			draw_span(f, p, c, &p->spans[i], true);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
			"fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\"/>\n",
			c->x, y0, COLW, c->rows_h);
		axis(f, p, c);
	}
	if (c->nunplaced)
		text(f, c->x, c->top + c->rows_h + (c->rows_h > 0 ? 16 : 12),
		     "font-size=\"10\" font-style=\"italic\" fill=\"#555\"", SIZE_MAX,
		     "address unknown:");
}

/* A curve from box 'from' to the box edges tx0/tx1 at ty in column tcol.
 * Where it passes a column's address labels, it runs level at the height
 * of a box's middle, between the labels at the box's edges. */
static void arrow(FILE *f, const struct item *from, size_t tcol, double tx0,
		  double tx1, double ty, bool loader)
{
	double sy = from->y + from->h / 2, sx, bx, ex, tx;
	if (tcol > from->col) {
		sx = bx = from->x + from->w;
		tx = tx0;
		ex = tx0 - INSET - AXIS + 10;
	} else if (tcol < from->col) {
		sx = from->x;
		bx = from->x - INSET - AXIS + 10;
		tx = tx1;
		ex = tx1 + 10;
	} else {
		sx = bx = from->x + from->w;
		tx = tx1;
		ex = tx1 + 10;
	}
	double dx = (ex > bx ? ex - bx : bx - ex) / 2;
	if (dx < 30)
		dx = 30;
	double c1 = tcol < from->col ? bx - dx : bx + dx;
	double c2 = tcol > from->col ? ex - dx : ex + dx;
	if (tcol == from->col)
		c1 = c2 = (sx > tx ? sx : tx) + 46;
	const char *color = loader ? "#7a55b0" : "#1f5fbf";
	for (int pass = 0; pass < 2; pass++)
		fprintf(f, "<path d=\"M%.1f %.1fH%.1fC%.1f %.1f %.1f %.1f %.1f %.1fH%.1f\" "
			"fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s%s/>\n", sx, sy,
			bx, c1, sy, c2, ty, ex, ty, tx, pass ? color : "#ffffff",
			pass ? "1.6" : "4.5",
			pass ? (loader ? " stroke-dasharray=\"5 3\"" : "") :
			" stroke-opacity=\"0.85\"",
			pass ? (loader ? " marker-end=\"url(#arrow-l)\"" :
				" marker-end=\"url(#arrow)\"") : "");
}

static void draw_arrows(FILE *f, const struct pic *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct item *from = &p->items[i];
		if (from->kind == ITEM_LOAD) {
			for (size_t k = 0; k < p->nitems; k++) {
				const struct item *to = &p->items[k];
				if (to->kind == ITEM_RUN && to->s == from->s)
					arrow(f, from, to->col, to->x, to->x + to->w,
					      to->y + to->h / 2, false);
			}
		} else if (from->kind == ITEM_STORED) {
			/* to the span of the sections it holds */
			const struct item *first = NULL;
			double y0 = 0, y1 = 0;
			for (size_t k = 0; k < p->nitems; k++) {
				const struct item *to = &p->items[k];
				const struct model_section *s = to->s;
				if (to->kind != ITEM_RUN || !has_contents(s) || !s->lma.known ||
				    s->lma.v < from->run_lo || s->lma.v >= from->run_hi ||
				    (first && to->col != first->col))
					continue;
				if (!first || to->y < y0)
					y0 = to->y;
				if (!first || to->y + to->h > y1)
					y1 = to->y + to->h;
				if (!first)
					first = to;
			}
			if (first)
				arrow(f, from, first->col, first->x, first->x + COLW - 2 * INSET - RAIL,
				      (y0 + y1) / 2, true);
		}
	}
}

static void draw_pic(FILE *f, const struct pic *p, double width)
{
	const struct run *r = p->r;
	const char *what = p->m->script ? p->m->script->path : "the linked image";
	for (size_t i = 0; !p->m->script && i < r->ninputs; i++)
		if (r->inputs[i].kind == INPUT_ELF || r->inputs[i].kind == INPUT_MAP) {
			what = r->inputs[i].path;
			break;
		}
	struct strbuf sb = {0};
	sb_printf(&sb, "Memory layout of %s", what);
	if (r->dev)
		sb_printf(&sb, " on %s", r->dev->id);
	if (r->ldr)
		sb_printf(&sb, ", loaded by %s", r->ldr->id);
	text(f, MARGIN, p->y + 22, "font-size=\"15\" font-weight=\"bold\"",
	     fit(width - 2 * MARGIN, 15), sb.buf);
	sb_free(&sb);
	text(f, MARGIN, p->y + 40, "font-size=\"10\" fill=\"#555\"",
	     fit(width - 2 * MARGIN, 10), "addresses grow downward; not to scale: "
	     "a box grows with the log of its size, zigzags mark gaps drawn short");
	if (p->legend)
		draw_legend(f, p->y + 48, width);
	for (size_t i = 0; i < p->ncols; i++)
		draw_col(f, p, &p->cols[i]);
	draw_arrows(f, p);
	double y = p->body;
	for (size_t i = 0; i < p->ncols; i++)
		if (p->body + col_height(&p->cols[i]) > y)
			y = p->body + col_height(&p->cols[i]);
	if (!p->ncols)
		text(f, MARGIN, y + 14, "font-style=\"italic\"", SIZE_MAX,
		     "no allocated sections and no MEMORY regions to draw");
	if (!p->nunused)
		return;
	y += 24;
	text(f, MARGIN, y + 4, "font-size=\"11\" font-weight=\"bold\"", SIZE_MAX,
	     r->dev ? "Memories with nothing placed in them" :
		      "MEMORY regions with nothing placed in them");
	for (size_t i = 0; i < p->nunused; i++)
		text(f, MARGIN + p->unused_w * (double)(i / p->unused_rows),
		     y + 4 + LINE * (double)(i % p->unused_rows + 1),
		     "font-size=\"10\" xml:space=\"preserve\"",
		     fit(width - 2 * MARGIN, 10), p->unused[i]);
}

/* Draws one finding from y on (or counts its lines when f is NULL):
 * severity, rule, place and message, wrapped at 'n' characters, three
 * lines at most. */
static size_t finding_lines(FILE *f, const struct finding *fd, double y, size_t n)
{
	struct strbuf sb = {0};
	sb_printf(&sb, "%-7s %s", severity_name(fd->severity), rule_table[fd->rule].id);
	if (fd->loc.file)
		sb_printf(&sb, "  %s:%u:%u", fd->loc.file, fd->loc.line, fd->loc.col);
	sb_printf(&sb, ": %s", fd->message);
	const char *attrs = fd->severity == SEV_ERROR ?
		"font-size=\"10\" xml:space=\"preserve\" fill=\"#b00000\"" :
		fd->severity == SEV_WARNING ?
		"font-size=\"10\" xml:space=\"preserve\" fill=\"#8a5a00\"" :
		"font-size=\"10\" xml:space=\"preserve\"";
	if (f) {
		fputs("<g>", f);
		title(f, sb.buf);
		fputs("\n", f);
	}
	size_t lines = 0;
	for (const char *s = sb.buf; *s && lines < 3; lines++) {
		size_t w = lines ? n - 4 : n, cut = lines < 2 ? wrap(s, w) : strlen(s);
		if (f)
			text_part(f, MARGIN + (lines ? 4 * 10 * ADVANCE : 0),
				  y + LINE * (double)lines, attrs, w, s, cut);
		s = next_line(s, cut);
	}
	if (f)
		fputs("</g>\n", f);
	sb_free(&sb);
	return lines;
}

/* The findings under the pictures, from y on; returns their height. */
static double draw_findings(FILE *f, const struct run *r, double y, double width)
{
	const unsigned *cnt = r->diag ? r->diag->count : NULL;
	char head[128] = "No findings";
	if (cnt && (cnt[1] || cnt[2] || cnt[3]))
		snprintf(head, sizeof head, "Findings: %u error%s, %u warning%s, %u note%s",
			 cnt[3], cnt[3] == 1 ? "" : "s", cnt[2], cnt[2] == 1 ? "" : "s",
			 cnt[1], cnt[1] == 1 ? "" : "s");
	if (f)
		text(f, MARGIN, y + 4, "font-size=\"11\" font-weight=\"bold\"", SIZE_MAX, head);
	size_t i = 0, lines = 1, n = fit(width - 2 * MARGIN, 10);
	for (const struct finding *fd = r->diag ? r->diag->head : NULL; fd;
	     fd = fd->next, i++) {
		double ly = y + 4 + LINE * (double)lines;
		if (i == MAX_LIST) {
			size_t more = 0;
			for (; fd; fd = fd->next)
				more++;
			if (f)
				fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\">and %zu "
					"more</text>\n", MARGIN, ly, more);
			lines++;
			break;
		}
		lines += finding_lines(f, fd, ly, n);
	}
	return LINE * (double)lines + 8;
}

void out_svg(FILE *f, const struct run *r)
{
	struct arena a = {0};
	size_t np = r->nmodels;
	struct pic *pics = arena_alloc(&a, (np + 1) * sizeof *pics);
	double width = MIN_WIDTH;
	for (size_t i = 0; i < np; i++) {
		pics[i] = (struct pic){.r = r, .m = r->models[i], .a = &a,
				       .legend = i == 0};
		build(&pics[i]);
		if (panel_width(&pics[i]) > width)
			width = panel_width(&pics[i]);
	}
	double y = 0;
	for (size_t i = 0; i < np; i++) {
		place(&pics[i], y, width);
		y += pics[i].h;
	}
	double height = y + 8 + draw_findings(NULL, r, y + 8, width);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		"width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"font-family=\"" FONT "\" font-size=\"11\">\n", width, height, width, height);
	title(f, "ldlint memory layout");
	fputc('\n', f);
	defs(f);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	for (size_t i = 0; i < np; i++)
		draw_pic(f, &pics[i], width);
	draw_findings(f, r, y + 8, width);
	fputs("</svg>\n", f);
	arena_free(&a);
}
