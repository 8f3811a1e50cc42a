/*
 * svg_layout: what the two parts of --layout=svg share (svg_layout.c:
 * the layout model, where everything goes; out_svg.c: drawing it as SVG).
 * The geometry, the model's structs and the functions the drawing asks
 * the model.  Not for use outside these two files.
 */
#ifndef LDLINT_SVG_LAYOUT_H
#define LDLINT_SVG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
};

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

/* Where at an address svg_ypos() looks. */
enum at {
	AT_BEGIN,	/* before the region headers at the address */
	AT_ITEMS,	/* after them, before the points */
	AT_BODY		/* after the points: where a sized item starts */
};

/* An address label left of a column's box. */
struct axis_label {
	uint64_t a;			/* the address */
	double y;			/* its tick */
	int prio;			/* 3: starts an item, 2: the rows' top or end */
};

/* Bytes in the UTF-8 character at 'p' that XML 1.0 can carry, or 0. */
size_t svg_xml_char(const unsigned char *p);
/* Characters in 's' as drawn (a byte XML cannot carry counts as one). */
size_t svg_text_len(const char *s);
/* The section has a load image apart from where it runs. */
bool svg_copied(const struct model_section *s);
/* lo + size, saturated at UINT64_MAX. */
uint64_t svg_end_of(uint64_t lo, uint64_t size);
/* Two known locations are the same place. */
bool svg_same_loc(const struct loc *a, const struct loc *b);
/* Bytes placed in region 'g'; *unknown: some sizes are not known. */
uint64_t svg_region_used(const struct pic *p, const struct model_region *g,
			 bool *unknown);
/* The part of region 'g' drawn in column 'c' under its own header, if any. */
bool svg_region_in(const struct model_region *g, const struct col *c,
		   uint64_t *lo, uint64_t *hi);
/* The part of range 's' in column 'c', if any. */
bool svg_span_in(const struct span *s, const struct col *c, uint64_t *lo,
		 uint64_t *hi);
/* The item is drawn in column 'c''s rows (not listed under them). */
bool svg_in_col(const struct pic *p, const struct item *it, const struct col *c);
/* The y of address 'a' in column 'c'. */
double svg_ypos(const struct col *c, uint64_t a, enum at w);
/* Height of column 'c' from its header to its last unplaced item. */
double svg_col_height(const struct col *c);
/* Collects the items, columns, rows and unused memories of 'p->m'. */
void svg_build(struct pic *p);
/* The width panel 'p' needs. */
double svg_panel_width(const struct pic *p);
/* Places panel 'p' from its top 'y'; legend_h: the legend's height if shown. */
void svg_place(struct pic *p, double y, double width, double legend_h);
/* The address labels of column 'c' that fit, top down; *np of them. */
struct axis_label *svg_axis_labels(const struct pic *p, const struct col *c,
				   size_t *np);
/* The row of 'c' for the label of a range over lo..hi, or NULL. */
const struct row *svg_span_row(const struct col *c, uint64_t lo, uint64_t hi);

#endif
