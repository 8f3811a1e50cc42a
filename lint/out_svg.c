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
 * listed at the bottom.
 *
 * Where everything goes, and the log scale of the rows, is svg_layout.c's
 * job; this file writes it out: the XML, escaping, colours, the legend,
 * the arrows and the findings list.  Gaps drawn short get a break marker.
 * All text is monospaced, so its width is known: long names are cut with
 * an ellipsis, and the full text is in a <title> (the tooltip).  No fonts,
 * stylesheets or scripts are referenced, and the output depends on the
 * inputs only.  This file does not judge anything: red comes from the
 * findings the rules made.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "svg_layout.h"

enum { MAX_LIST = 40 };		/* findings listed at most */

#define FONT "DejaVu Sans Mono,Menlo,Consolas,Liberation Mono,monospace"

/* --- text ------------------------------------------------------------- */

/* Writes 's' as XML character data, at most 'max' characters; a cut
 * string ends in an ellipsis.  Bytes XML cannot carry become '?'. */
static void put_esc(FILE *f, const char *s, size_t max)
{
	size_t n = svg_text_len(s);
	size_t keep = n <= max ? n : max ? max - 1 : 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < keep; i++) {
		size_t k = svg_xml_char(p);
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

/* --- legend ----------------------------------------------------------- */

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
	if (!model_section_has_contents(s))
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
	if (svg_copied(s) && s->lma.known)
		sb_printf(&sb, "%sloaded from 0x%08" PRIx64, sb.len ? ", " : "", s->lma.v);
	else if (svg_copied(s))
		sb_printf(&sb, "%sloaded from %s", sb.len ? ", " : "",
			  s->lma_region ? s->lma_region : "?");
	const char *d = arena_strdup(p->a, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return d;
}

static void item_tooltip(FILE *f, const struct pic *p, const struct item *it)
{
	char size[24];
	size_human(size, sizeof size, it->size);
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
		if (svg_same_loc(&fd->loc, &it->s->loc))
			sb_printf(&sb, "\n%s: %s [%s]", severity_name(fd->severity),
				  fd->message, fd->id);
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
		size_human(size, sizeof size, it->size);
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

static const char *usage_text(const struct pic *p, const struct model_region *g,
			      uint64_t *used)
{
	char u[24], t[24], pc[16];
	bool unknown;
	*used = svg_region_used(p, g, &unknown);
	size_human(u, sizeof u, *used);
	size_human(t, sizeof t, g->length.v);
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
			      svg_end_of(g->origin.v, g->length.v) - 1, u));
	size_t ul = svg_text_len(u);
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
	size_human(size, sizeof size, len);
	const char *what = rw->kind == ROW_FREE ? "free" :
			   c->kind == COL_MEMORY ? "not in a region," :
			   c->kind == COL_REGION ? "past the region," : "gap";
	const char *label = arena_printf(p->a, "%s %s", what, size);
	double y = c->top + rw->y + rw->h / 2, x = c->x + INSET;
	double w = COLW - 2 * INSET - RAIL, mid = x + w / 2;
	double half = (double)svg_text_len(label) * 10 * ADVANCE / 2 + 5;
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
	size_t widest = svg_text_len(who);
	size_t cut[4];
	const char *r = reason ? reason : "";
	for (const char *t = r; *t && lines < avail && lines < 4; lines++) {
		cut[lines] = lines + 1 == avail ? strlen(t) : wrap(t, n);
		size_t l = svg_text_len(t) < cut[lines] ? svg_text_len(t) : cut[lines];
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
	if (!svg_span_in(s, c, &lo, &hi))
		return;
	double y0 = svg_ypos(c, lo, AT_ITEMS), y1 = svg_ypos(c, hi, AT_BEGIN);
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
	const struct row *best = svg_span_row(c, lo, hi);
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
		size_human(size, sizeof size, m->size);
		name = m->name;
		right = mem_type_name(m->type);
		l2 = arena_printf(p->a, "0x%08" PRIx64 "-0x%08" PRIx64, m->base,
				  svg_end_of(m->base, m->size) - 1);
		l3 = arena_printf(p->a, "%s  %s%s%s%s", size, access_string(m->access, acc),
				  m->boot ? "  boot" : "", m->alias_of ? "  alias of " : "",
				  m->alias_of ? m->alias_of : "");
	} else if (c->kind == COL_REGION) {
		const struct model_region *g = c->reg;
		name = g->name;
		right = g->attributes[0] ? g->attributes : "";
		size_human(size, sizeof size, g->length.v);
		if (g->origin.known && g->length.known) {
			uint64_t used;
			l2 = arena_printf(p->a, "0x%08" PRIx64 "-0x%08" PRIx64 "  %s", g->origin.v,
					  svg_end_of(g->origin.v, g->length.v) - (g->length.v ? 1 : 0),
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

/* Address labels left of the box, with a tick each: the ones
 * svg_axis_labels() keeps. */
static void axis(FILE *f, const struct pic *p, const struct col *c)
{
	size_t n;
	const struct axis_label *v = svg_axis_labels(p, c, &n);
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
			double a = svg_ypos(c, c->reg->origin.v, AT_BEGIN);
			double b = svg_ypos(c, svg_end_of(c->reg->origin.v, c->reg->length.v),
					    AT_BEGIN);
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\"/>\n",
				c->x, a, w, b - a);
		}
		uint64_t lo, hi;
		for (size_t i = 0; i < p->m->nregions; i++)
			if (svg_region_in(&p->m->regions[i], c, &lo, &hi)) {
				double a = svg_ypos(c, lo, AT_BEGIN), b = svg_ypos(c, hi, AT_BEGIN);
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
				if (to->kind != ITEM_RUN || !model_section_has_contents(s) || !s->lma.known ||
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
		if (p->body + svg_col_height(&p->cols[i]) > y)
			y = p->body + svg_col_height(&p->cols[i]);
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
	sb_printf(&sb, "%-7s %s", severity_name(fd->severity), fd->id);
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
		svg_build(&pics[i]);
		if (svg_panel_width(&pics[i]) > width)
			width = svg_panel_width(&pics[i]);
	}
	double y = 0, legend_h = draw_legend(NULL, 0, width) + 8;
	for (size_t i = 0; i < np; i++) {
		svg_place(&pics[i], y, width, legend_h);
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
