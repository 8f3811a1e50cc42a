/*
 * out_html: a self-contained report to open in a browser (-f html -o
 * report.html): the findings with their source lines, the regions with
 * their use, what changed since the baseline, a treemap of where the
 * memory goes (regions, sections, input files, symbols; click to zoom
 * in), the tables of the breakdown and the memory picture (out_svg.c's
 * SVG, inline).
 *
 * One file with its style and script inline, and a Content-Security-
 * Policy that allows nothing else: it loads nothing from the network and
 * works from a CI artifact or a mail attachment.  The page reads without
 * its script (tables, findings, picture); the script only draws the
 * treemap, from the JSON in <script type="application/json">.
 *
 * Names from scripts, maps and ELF files can hold any bytes.  In the
 * HTML every text and attribute is escaped (&<>"' as entities; control
 * characters, bidirectional controls and bytes that are not UTF-8 as the
 * text report shows them, \x1b and \u202e); the JSON is json.c's, with
 * '<', '>' and '&' escaped too, so that no name can end the script
 * element or a JavaScript string; the script puts names into the page
 * with textContent only, never as markup.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "json.h"
#include "report.h"
#include "summary.h"
#include "rules.h"
#include "size.h"
#include "source.h"

enum { CONTEXT = 2, MAX_FILES_SHOWN = 500, MAX_FINDINGS_SHOWN = 500 };

struct page {
	FILE *f;
	const struct run *r;
	const struct size_report *z;
	struct arena a;
	char *root;			/* the repository's top */
	const char *base;		/* link base, or "" */
	size_t top;
};

/* ---- escaping ----------------------------------------------------------- */

/* Text or an attribute value from the inputs: control characters,
 * bidirectional controls and bytes that are not UTF-8 shown as the text
 * report shows them (\x1b, \u202e), never as the characters (an entity
 * such as &#x202e; would still reorder the line). */
static void esc(struct page *p, const char *s)
{
	s = s ? s : "";
	size_t len = strlen(s);
	char in[12];
	for (size_t i = 0, k; i < len; i += k) {
		k = summary_unit(s + i, len - i, in);
		if (in[0] && s[i] != '\t') {
			fputs(in, p->f);	/* '\\', 'x', 'u' and hex digits */
			continue;
		}
		switch (s[i]) {
		case '&': fputs("&amp;", p->f); break;
		case '<': fputs("&lt;", p->f); break;
		case '>': fputs("&gt;", p->f); break;
		case '"': fputs("&quot;", p->f); break;
		case '\'': fputs("&#39;", p->f); break;
		default: fwrite(s + i, 1, k, p->f);
		}
	}
}

/* Bytes [from, to) of a source line, escaped. */
static void esc_n(struct page *p, const char *s, size_t from, size_t to)
{
	char *copy = arena_strndup(&p->a, s + from, to - from);
	esc(p, copy);
}

/* The bytes of a 'len'-byte line an excerpt shows: all of it, or for a
 * line wider than REPORT_WIDTH, REPORT_WINDOW bytes around column 'col'
 * (1-based; 0: from the start) that start on a character. */
static void window(const char *line, size_t len, unsigned col, size_t *from,
		   size_t *to)
{
	*from = 0;
	*to = len;
	if (len <= REPORT_WIDTH)
		return;
	size_t at = col ? col - 1 : 0;
	*from = at > REPORT_WINDOW / 2 ? at - REPORT_WINDOW / 2 : 0;
	if (*from > len)
		*from = len;
	while (*from && ((unsigned char)line[*from] & 0xc0) == 0x80)
		(*from)--;
	*to = *from + REPORT_WINDOW < len ? *from + REPORT_WINDOW : len;
	while (*to < len && ((unsigned char)line[*to] & 0xc0) == 0x80)
		(*to)++;
}

/* A JSON string safe inside <script> (json.c's, with '<', '>' and '&'
 * escaped too). */
static void jstr(struct page *p, const char *s)
{
	json_write_string(p->f, s ? s : "", true);
}

static const char *bytes(struct page *p, uint64_t v)
{
	return summary_bytes(&p->a, v);
}

static const char *human(struct page *p, uint64_t v)
{
	char buf[32];
	size_human(buf, sizeof buf, v);
	return arena_strdup(&p->a, buf);
}

/* ---- the page's frame ---------------------------------------------------- */

static const char *const style[] = {
	":root{--fg:#1f2328;--mut:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;",
	"--err:#cf222e;--warn:#9a6700;--note:#0969da;--ok:#1a7f37}\n",
	"*{box-sizing:border-box}\n",
	"body{margin:0;font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;",
	"color:var(--fg);background:var(--bg)}\n",
	"header,main,footer{max-width:1200px;margin:0 auto;padding:0 20px}\n",
	"header{padding-top:16px}\n",
	"h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;",
	"border-bottom:1px solid var(--line);padding-bottom:4px}\n",
	"h3{font-size:15px;margin:16px 0 6px}\n",
	"code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,",
	"monospace;font-size:12.5px}\n",
	".inputs{color:var(--mut);word-break:break-all}\n",
	".counts span{display:inline-block;margin-right:12px;font-weight:600}\n",
	".c-error{color:var(--err)}.c-warning{color:var(--warn)}.c-note{color:var(--note)}",
	".c-ok{color:var(--ok)}\n",
	"nav a{margin-right:14px}\n",
	"table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}\n",
	"th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;",
	"vertical-align:top}\n",
	"th{background:var(--soft);font-weight:600}\n",
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n",
	"td.name{word-break:break-all;font-family:ui-monospace,'DejaVu Sans Mono',",
	"Menlo,Consolas,monospace;font-size:12.5px}\n",
	".bar{width:180px;height:12px;background:var(--soft);border:1px solid var(--line);",
	"border-radius:3px;overflow:hidden}\n",
	".bar i{display:block;height:100%;background:#2da44e}\n",
	".bar i.hi{background:#bf8700}.bar i.over{background:var(--err)}\n",
	".grow{color:var(--err)}.shrink{color:var(--ok)}\n",
	".finding{border:1px solid var(--line);border-left:4px solid var(--note);",
	"border-radius:4px;padding:8px 12px;margin:10px 0}\n",
	".finding.error{border-left-color:var(--err)}",
	".finding.warning{border-left-color:var(--warn)}\n",
	".finding.fixed{opacity:.75}\n",
	".finding .head{font-weight:600}\n",
	".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;",
	"font-weight:600;margin-right:6px;color:#fff;background:var(--note)}\n",
	".badge.error{background:var(--err)}.badge.warning{background:var(--warn)}",
	".badge.new{background:#8250df}.badge.fixed{background:var(--ok)}\n",
	"pre.src{background:var(--soft);border-radius:4px;padding:6px 0;overflow-x:auto;",
	"margin:6px 0}\n",
	"pre.src span.l{display:block;padding:0 10px}\n",
	"pre.src span.at{background:#fff8c5}\n",
	"pre.src b{color:var(--mut);font-weight:400;display:inline-block;min-width:4em;",
	"text-align:right;margin-right:12px;user-select:none}\n",
	"pre.src .caret{color:var(--err)}\n",
	".notes{margin:4px 0;padding-left:18px;color:var(--mut)}\n",
	"details summary{cursor:pointer;color:var(--mut)}\n",
	"#ld-treemap{position:relative;height:480px;border:1px solid var(--line);",
	"border-radius:4px;overflow:hidden;background:var(--soft);user-select:none}\n",
	".tm-node{position:absolute;overflow:hidden;border:1px solid rgba(255,255,255,.9);",
	"font-size:11.5px;line-height:15px;padding:1px 4px;cursor:pointer;color:#102030}\n",
	".tm-node:hover{outline:2px solid #1f2328;z-index:2}\n",
	".tm-node .tm-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;",
	"display:block;font-weight:600}\n",
	".tm-node.tm-leaf .tm-label{font-weight:400}\n",
	"#ld-crumbs{margin:6px 0}#ld-crumbs button{font:inherit;border:1px solid ",
	"var(--line);background:var(--bg);border-radius:4px;margin-right:4px;",
	"cursor:pointer}\n",
	"#ld-tminfo{color:var(--mut);min-height:1.5em}\n",
	".picture{overflow:auto;border:1px solid var(--line);border-radius:4px}\n",
	".picture svg{display:block;max-width:100%;height:auto}\n",
	"footer{color:var(--mut);margin:28px auto 20px;font-size:12px}\n",
	"@media print{#ld-treemap,#ld-crumbs,#ld-tminfo{display:none}}\n",
	NULL
};

/* The treemap: squarified (Bruls, Huizing and van Wijk), two levels
 * under the node zoomed into; click a box to zoom into it, a crumb or
 * Escape to go back. */
static const char *const script[] = {
	"(function () {\n",
	"'use strict';\n",
	"var src = document.getElementById('ld-data');\n",
	"var box = document.getElementById('ld-treemap');\n",
	"if (!src || !box) return;\n",
	"var data = JSON.parse(src.textContent);\n",
	"if (!data.tree || !data.tree.v) { box.textContent = 'No sizes to show.'; return; }\n",
	"var crumbs = document.getElementById('ld-crumbs');\n",
	"var info = document.getElementById('ld-tminfo');\n",
	"var KIND = {t: 'image', r: 'region', s: 'section', l: 'load image', f: 'input file',\n",
	"  y: 'symbol', p: 'fill, data statements, other', g: 'gaps', o: 'bytes no symbol covers'};\n",
	"var HUES = [210, 140, 30, 280, 350, 180, 60, 250, 100, 320];\n",
	"var stack = [data.tree];\n",
	"function fmt(n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); }\n",
	"function pct(a, b) { return b ? (100 * a / b).toFixed(1) + '%' : ''; }\n",
	"function worst(row, sum, side) {\n",
	"  var max = 0, min = Infinity;\n",
	"  for (var i = 0; i < row.length; i++) {\n",
	"    if (row[i].a > max) max = row[i].a;\n",
	"    if (row[i].a < min) min = row[i].a;\n",
	"  }\n",
	"  var s2 = sum * sum, d2 = side * side;\n",
	"  return Math.max(d2 * max / s2, s2 / (d2 * min));\n",
	"}\n",
	"function squarify(items, x, y, w, h) {\n",
	"  var out = [], i = 0;\n",
	"  while (i < items.length && w > 0 && h > 0) {\n",
	"    var side = Math.min(w, h), row = [items[i]], sum = items[i].a;\n",
	"    for (i++; i < items.length; i++) {\n",
	"      var next = row.concat([items[i]]);\n",
	"      if (worst(next, sum + items[i].a, side) > worst(row, sum, side)) break;\n",
	"      row = next;\n",
	"      sum += items[i].a;\n",
	"    }\n",
	"    var k, t, at;\n",
	"    if (w >= h) {\n",
	"      t = sum / h;\n",
	"      for (k = 0, at = y; k < row.length; k++) {\n",
	"        out.push({n: row[k].n, x: x, y: at, w: t, h: row[k].a / t});\n",
	"        at += row[k].a / t;\n",
	"      }\n",
	"      x += t; w -= t;\n",
	"    } else {\n",
	"      t = sum / w;\n",
	"      for (k = 0, at = x; k < row.length; k++) {\n",
	"        out.push({n: row[k].n, x: at, y: y, w: row[k].a / t, h: t});\n",
	"        at += row[k].a / t;\n",
	"      }\n",
	"      y += t; h -= t;\n",
	"    }\n",
	"  }\n",
	"  return out;\n",
	"}\n",
	"function layout(node, x, y, w, h) {\n",
	"  var kids = (node.c || []).filter(function (c) { return c.v > 0; });\n",
	"  if (!kids.length || w < 2 || h < 2) return [];\n",
	"  var scale = w * h / node.v;\n",
	"  var items = kids.map(function (c) { return {n: c, a: c.v * scale}; });\n",
	"  items.sort(function (a, b) { return b.a - a.a; });\n",
	"  return squarify(items, x, y, w, h);\n",
	"}\n",
	"function color(node, hue, depth) {\n",
	"  if (node.k === 'g' || node.k === 'p' || node.k === 'o') return 'hsl(0,0%,' + (86 - 4 * depth) + '%)';\n",
	"  var light = node.k === 'l' ? 88 : 80 - 9 * depth;\n",
	"  return 'hsl(' + hue + ',' + (node.k === 'l' ? 35 : 55) + '%,' + Math.max(light, 40) + '%)';\n",
	"}\n",
	"function describe(node, parent) {\n",
	"  return node.n + ' (' + (KIND[node.k] || node.k) + '): ' + fmt(node.v) + ' bytes' +\n",
	"    (parent ? ', ' + pct(node.v, parent.v) + ' of ' + parent.n : '');\n",
	"}\n",
	"function zoom(node) {\n",
	"  var i = stack.indexOf(node);\n",
	"  if (i >= 0) stack.length = i + 1; else stack.push(node);\n",
	"  draw();\n",
	"}\n",
	"function cell(node, parent, r, hue, depth, into) {\n",
	"  var d = document.createElement('div');\n",
	"  d.className = 'tm-node' + (node.c && node.c.length ? '' : ' tm-leaf');\n",
	"  d.style.left = r.x + 'px'; d.style.top = r.y + 'px';\n",
	"  d.style.width = Math.max(r.w, 0) + 'px'; d.style.height = Math.max(r.h, 0) + 'px';\n",
	"  d.style.background = color(node, hue, depth);\n",
	"  d.title = describe(node, parent);\n",
	"  if (r.w > 30 && r.h > 14) {\n",
	"    var label = document.createElement('span');\n",
	"    label.className = 'tm-label';\n",
	"    label.textContent = node.n;\n",
	"    d.appendChild(label);\n",
	"  }\n",
	"  d.addEventListener('mouseenter', function () { info.textContent = describe(node, parent); });\n",
	"  d.addEventListener('click', function (e) {\n",
	"    e.stopPropagation();\n",
	"    if (node.c && node.c.length) zoom(depth === 1 ? node : parent);\n",
	"    if (depth === 2 && node.c && node.c.length) zoom(node);\n",
	"  });\n",
	"  into.appendChild(d);\n",
	"  return d;\n",
	"}\n",
	"function draw() {\n",
	"  var root = stack[stack.length - 1];\n",
	"  box.textContent = '';\n",
	"  var W = box.clientWidth, H = box.clientHeight;\n",
	"  layout(root, 0, 0, W, H).forEach(function (r, i) {\n",
	"    var hue = root.hue !== undefined ? root.hue : HUES[i % HUES.length];\n",
	"    if (r.n.hue === undefined) r.n.hue = hue;\n",
	"    cell(r.n, root, r, r.n.hue, 1, box);\n",
	"    if (r.w > 60 && r.h > 40)\n",
	"      layout(r.n, r.x + 3, r.y + 17, r.w - 6, r.h - 20).forEach(function (q) {\n",
	"        if (q.n.hue === undefined) q.n.hue = r.n.hue;\n",
	"        if (q.w >= 3 && q.h >= 3) cell(q.n, r.n, q, r.n.hue, 2, box);\n",
	"      });\n",
	"  });\n",
	"  crumbs.textContent = '';\n",
	"  stack.forEach(function (node, i) {\n",
	"    var b = document.createElement('button');\n",
	"    b.type = 'button';\n",
	"    b.textContent = node.n + ' \\u00b7 ' + fmt(node.v) + ' B';\n",
	"    b.addEventListener('click', function () { stack.length = i + 1; draw(); });\n",
	"    crumbs.appendChild(b);\n",
	"  });\n",
	"  info.textContent = describe(root, stack[stack.length - 2]);\n",
	"}\n",
	"document.addEventListener('keydown', function (e) {\n",
	"  if ((e.key === 'Escape' || e.key === 'Backspace') && stack.length > 1 &&\n",
	"      !/^(INPUT|TEXTAREA)$/.test(e.target.tagName)) { stack.pop(); draw(); }\n",
	"});\n",
	"var pending = 0;\n",
	"window.addEventListener('resize', function () {\n",
	"  clearTimeout(pending); pending = setTimeout(draw, 100);\n",
	"});\n",
	"draw();\n",
	"})();\n",
	NULL
};

static const char *title_of(struct page *p)
{
	for (size_t i = 0; i < p->r->ninputs; i++)
		if (p->r->inputs[i].kind == INPUT_ELF || p->r->inputs[i].kind == INPUT_MAP) {
			const char *path = p->r->inputs[i].path;
			const char *slash = strrchr(path, '/');
			return slash ? slash + 1 : path;
		}
	return p->r->ninputs ? p->r->inputs[0].path : "";
}

static void head(struct page *p)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"generator\" content=\"ldlint " LDLINT_VERSION "\">\n<title>ldlint: ",
	      p->f);
	esc(p, title_of(p));
	fputs("</title>\n<style>\n", p->f);
	for (const char *const *l = style; *l; l++)
		fputs(*l, p->f);
	fputs("</style>\n</head>\n<body>\n", p->f);
}

static void counts(struct page *p)
{
	const struct diag *d = p->r->diag;
	fputs("<p class=\"counts\">", p->f);
	if (!d->count[SEV_ERROR] && !d->count[SEV_WARNING] && !d->count[SEV_NOTE])
		fputs("<span class=\"c-ok\">no findings</span>", p->f);
	static const char *const names[] = {"", "note", "warning", "error"};
	for (int s = SEV_ERROR; s >= SEV_NOTE; s--)
		if (d->count[s])
			fprintf(p->f, "<span class=\"c-%s\">%u %s%s</span>", names[s],
				d->count[s], names[s], d->count[s] == 1 ? "" : "s");
	if (p->r->baseline)
		fprintf(p->f, "<span>%zu new, %zu fixed since the baseline</span>",
			p->r->baseline->nfresh, p->r->baseline->nfixed);
	fputs("</p>\n", p->f);
}

static void header(struct page *p)
{
	fputs("<header>\n<h1>ldlint report</h1>\n<p class=\"inputs mono\">", p->f);
	for (size_t i = 0; i < p->r->ninputs; i++) {
		const struct input *in = &p->r->inputs[i];
		char *rel = in->kind == INPUT_DEVICE || in->kind == INPUT_LOADER ? NULL :
			    summary_relative(p->root, in->path);
		fputs(i ? " &middot; " : "", p->f);
		esc(p, in->kind == INPUT_DEVICE ? p->r->device : in->kind == INPUT_LOADER ?
		    p->r->loader : rel ? rel : in->path);
		free(rel);
	}
	const struct baseline *b = p->r->baseline;
	if (b) {
		fputs("<br>compared with ", p->f);
		for (size_t i = 0; i < b->ninputs; i++) {
			char *rel = summary_relative(p->root, b->inputs[i]);
			fputs(i ? ", " : "", p->f);
			esc(p, rel ? rel : b->inputs[i]);
			free(rel);
		}
		if (b->current_scripts)
			fputs(" (linted with this build's scripts)", p->f);
	}
	fputs("</p>\n", p->f);
	counts(p);
	fputs("<nav><a href=\"#ld-regions\">Regions</a>", p->f);
	if (b)
		fputs("<a href=\"#ld-changes\">Changes</a>", p->f);
	fputs("<a href=\"#ld-findings\">Findings</a>", p->f);
	if (p->z && p->z->has_image)
		fputs("<a href=\"#ld-breakdown\">Where the memory goes</a>", p->f);
	fputs("<a href=\"#ld-picture\">Memory picture</a></nav>\n</header>\n<main>\n", p->f);
}

/* ---- regions and changes ------------------------------------------------ */

static const struct region_delta *region_delta(const struct page *p, const char *name)
{
	const struct baseline *b = p->r->baseline;
	for (size_t i = 0; b && i < b->nregions; i++)
		if (!strcmp(b->regions[i].name, name))
			return &b->regions[i];
	return NULL;
}

static void change_cell(struct page *p, bool before_known, uint64_t before,
			bool after_known, uint64_t after)
{
	if (!before_known || !after_known) {
		fprintf(p->f, "<td class=\"n\">%s</td>", !before_known ? "new" : "gone");
		return;
	}
	int64_t d = baseline_change(before, after);
	const char *g = summary_growth(&p->a, before, after);
	fprintf(p->f, "<td class=\"n %s\">%s%s%s%s</td>", d > 0 ? "grow" : d < 0 ?
		"shrink" : "", summary_change(&p->a, d), *g ? " (" : "", g, *g ? ")" : "");
}

static void regions(struct page *p)
{
	fputs("<section id=\"ld-regions\">\n<h2>Memory regions</h2>\n", p->f);
	const struct size_report *z = p->z;
	size_t shown = 0;
	for (size_t i = 0; z && i < z->nregions; i++)
		shown += z->regions[i].known;
	if (!shown) {
		fputs("<p>No region's use is known: give the ELF or the map.</p>\n"
		      "</section>\n", p->f);
		return;
	}
	bool delta = p->r->baseline != NULL;
	fprintf(p->f, "<table id=\"ld-region-table\"><thead><tr><th>Region</th>"
		"<th class=\"n\">Origin</th><th class=\"n\">Size</th><th class=\"n\">Used"
		"</th><th class=\"n\">Free</th><th class=\"n\">Use</th><th></th>%s</tr>"
		"</thead>\n<tbody>\n", delta ? "<th class=\"n\">Change</th>" : "");
	for (size_t i = 0; i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known)
			continue;
		double pct = g->length ? (double)g->used * 100.0 / (double)g->length : 0;
		fputs("<tr><td class=\"name\">", p->f);
		esc(p, g->name);
		fprintf(p->f, "</td><td class=\"n mono\">0x%08" PRIx64 "</td><td class=\"n\">"
			"%s</td><td class=\"n\">%s B</td><td class=\"n\">%s</td><td class=\"n\">"
			"%s</td><td><div class=\"bar\"><i class=\"%s\" style=\"width:%.1f%%\">"
			"</i></div></td>", g->origin, human(p, g->length), bytes(p, g->used),
			g->used <= g->length ? human(p, g->length - g->used) : "0",
			summary_percent(&p->a, g->used, g->length),
			pct > 100 ? "over" : pct >= 90 ? "hi" : "",
			pct > 100 ? 100 : g->used && pct < 1 ? 1 : pct);	/* in use: seen */
		if (delta) {
			const struct region_delta *d = region_delta(p, g->name);
			change_cell(p, d && d->before_known, d ? d->before : 0, true, g->used);
		}
		fputs("</tr>\n", p->f);
	}
	fputs("</tbody></table>\n<p class=\"inputs\">Used as GNU ld's memory usage table "
	      "counts it: from the region's origin to the end of the last section or "
	      "load image in it.</p>\n</section>\n", p->f);
}

static void delta_table(struct page *p, const char *title, const struct size_delta *v,
			size_t n)
{
	if (!n)
		return;
	size_t shown = p->top && p->top < n ? p->top : n;
	fprintf(p->f, "<h3>%s (%zu of %zu that changed)</h3>\n<table><thead><tr><th>Name"
		"</th><th class=\"n\">Before</th><th class=\"n\">After</th><th class=\"n\">"
		"Change</th></tr></thead>\n<tbody>\n", title, shown, n);
	for (size_t i = 0; i < shown; i++) {
		fputs("<tr><td class=\"name\">", p->f);
		esc(p, v[i].name);
		if (v[i].where && v[i].where[0]) {
			fputs(" <span class=\"inputs\">(", p->f);
			esc(p, v[i].where);
			fputs(")</span>", p->f);
		}
		fprintf(p->f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>",
			v[i].before_known ? bytes(p, v[i].before) : "&ndash;",
			v[i].after_known ? bytes(p, v[i].after) : "&ndash;");
		change_cell(p, v[i].before_known, v[i].before, v[i].after_known, v[i].after);
		fputs("</tr>\n", p->f);
	}
	fputs("</tbody></table>\n", p->f);
}

static void changes(struct page *p)
{
	const struct baseline *b = p->r->baseline;
	if (!b)
		return;
	fputs("<section id=\"ld-changes\">\n<h2>Changes since the baseline</h2>\n", p->f);
	fprintf(p->f, "<p>Findings: %zu new, %zu fixed, %zu still there.</p>\n", b->nfresh,
		b->nfixed, b->npresent);
	if (!b->nsections && !b->nfiles && !b->nsymbols)
		fputs("<p>No section, input file or symbol changed size.</p>\n", p->f);
	delta_table(p, "Sections", b->sections, b->nsections);
	delta_table(p, "Input files", b->files, b->nfiles);
	delta_table(p, "Symbols", b->symbols, b->nsymbols);
	fputs("</section>\n", p->f);
}

/* ---- findings ----------------------------------------------------------- */

/* The caret line under the excerpt of line 'l' (shown from byte 'from',
 * after "..." when cut): the caret under the escaped text, a tab for a
 * tab so that it lines up in the <pre>. */
static void caret(struct page *p, const struct loc *l, const char *line, size_t len,
		  size_t from)
{
	fputs("<span class=\"l\"><b></b>", p->f);
	if (from)
		fputs("   ", p->f);
	size_t at = l->col - 1 < len ? l->col - 1 : len;
	char in[12];
	for (size_t i = from, k; i < at; i += k) {
		k = summary_unit(line + i, at - i, in);
		if (line[i] == '\t')
			fputc('\t', p->f);
		else
			fprintf(p->f, "%*s", in[0] ? (int)strlen(in) : 1, "");
	}
	fputs("<span class=\"caret\">^", p->f);
	for (unsigned i = 1; i < l->len && l->col + i <= len; i++)
		fputc('~', p->f);
	fputs("</span></span>", p->f);
}

/* The lines around 'l' with the line itself marked and a caret under
 * the column; lines wider than REPORT_WIDTH cut to a window around it,
 * between "...". */
static void excerpt(struct page *p, const struct loc *l, unsigned context)
{
	size_t len;
	if (!l->file || !l->line || !source_line(l->file, l->line, &len))
		return;
	fputs("<pre class=\"src\">", p->f);
	unsigned first = l->line > context ? l->line - context : 1;
	for (unsigned n = first; n <= l->line + context; n++) {
		const char *line = source_line(l->file, n, &len);
		if (!line)
			break;
		size_t from, to;
		window(line, len, n == l->line ? l->col : 0, &from, &to);
		fprintf(p->f, "<span class=\"l%s\"><b>%u</b>%s", n == l->line ? " at" : "",
			n, from ? "..." : "");
		esc_n(p, line, from, to);
		fprintf(p->f, "%s</span>", to < len ? "..." : "");
		if (n == l->line && l->col)
			caret(p, l, line, len, from);
	}
	fputs("</pre>\n", p->f);
}

/* "app.ld:42:5" linked to the line when the file is in the repository
 * (and is this build's: 'link'). */
static void place(struct page *p, const struct loc *l, bool link)
{
	if (!l->file)
		return;
	char *rel = link ? summary_relative(p->root, l->file) : NULL;
	if (rel)
		fprintf(p->f, "<a href=\"%s\">", summary_link(&p->a, p->base, rel, l->line));
	esc(p, rel ? rel : l->file);
	if (l->line)
		fprintf(p->f, ":%u", l->line);
	if (l->line && l->col)
		fprintf(p->f, ":%u", l->col);
	fputs(rel ? "</a>" : "", p->f);
	free(rel);
}

static void finding(struct page *p, const struct finding *f, const char *state)
{
	const char *sev = severity_name(f->severity);
	fprintf(p->f, "<article class=\"finding %s%s\" data-rule=\"%s\">\n"
		"<div class=\"head\"><span class=\"badge %s\">%s</span>", sev,
		state && !strcmp(state, "fixed") ? " fixed" : "", f->id, sev, sev);
	if (state)
		fprintf(p->f, "<span class=\"badge %s\">%s</span>", state, state);
	bool fixed = state && !strcmp(state, "fixed");
	place(p, &f->loc, !fixed);
	fputs("</div>\n<p>", p->f);
	char *cut;
	esc(p, report_message(f->message, &cut));
	free(cut);
	fprintf(p->f, " <code>[%s]</code></p>\n", f->id);
	excerpt(p, &f->loc, CONTEXT);
	if (f->notes) {
		fputs("<ul class=\"notes\">\n", p->f);
		for (const struct note *n = f->notes; n; n = n->next) {
			fputs("<li>", p->f);
			if (n->loc.file) {
				place(p, &n->loc, !fixed);
				fputs(": ", p->f);
			}
			esc(p, report_message(n->message, &cut));
			free(cut);
			excerpt(p, &n->loc, 0);
			fputs("</li>\n", p->f);
		}
		fputs("</ul>\n", p->f);
	}
	const struct rule *r = rule_find(f->id);
	if (r) {
		fprintf(p->f, "<details><summary>About %s</summary><p>", r->id);
		esc(p, r->explanation);
		fputs("</p></details>\n", p->f);
	}
	fputs("</article>\n", p->f);
}

static void findings(struct page *p)
{
	const struct baseline *b = p->r->baseline;
	fputs("<section id=\"ld-findings\">\n<h2>Findings</h2>\n", p->f);
	size_t n = 0;
	for (const struct finding *f = p->r->diag->head; f; f = f->next, n++)
		if (n < MAX_FINDINGS_SHOWN)
			finding(p, f, b ? baseline_is_new(b, f) ? "new" : NULL : NULL);
	if (!n)
		fputs("<p class=\"c-ok\">No findings.</p>\n", p->f);
	else if (n > MAX_FINDINGS_SHOWN)
		fprintf(p->f, "<p>&hellip; and %zu more (the JSON or SARIF report has them "
			"all).</p>\n", n - MAX_FINDINGS_SHOWN);
	if (b && b->nfixed) {
		fprintf(p->f, "<h3>Fixed since the baseline (%zu)</h3>\n", b->nfixed);
		for (size_t i = 0; i < b->nfixed && i < MAX_FINDINGS_SHOWN; i++)
			finding(p, b->fixed[i], "fixed");
	}
	fputs("</section>\n", p->f);
}

/* ---- the breakdown ------------------------------------------------------ */

static void th_regions(struct page *p)
{
	for (size_t k = 0; k < p->z->nregions; k++)
		if (p->z->regions[k].known) {
			fputs("<th class=\"n\">", p->f);
			esc(p, p->z->regions[k].name);
			fputs("</th>", p->f);
		}
}

static void file_table(struct page *p, const char *id, const char *what,
		       const struct size_file *v, size_t n)
{
	fprintf(p->f, "<table id=\"%s\"><thead><tr><th>%s</th>", id, what);
	th_regions(p);
	fputs("<th class=\"n\">Total</th></tr></thead>\n<tbody>\n", p->f);
	for (size_t i = 0; i < n && i < MAX_FILES_SHOWN; i++) {
		fputs("<tr><td class=\"name\">", p->f);
		esc(p, v[i].name ? v[i].name : "(in no archive)");
		fputs("</td>", p->f);
		for (size_t k = 0; k < p->z->nregions; k++)
			if (p->z->regions[k].known)
				fprintf(p->f, "<td class=\"n\">%s</td>", bytes(p, v[i].in_region[k]));
		fprintf(p->f, "<td class=\"n\">%s</td></tr>\n", bytes(p, v[i].total));
	}
	fputs("</tbody></table>\n", p->f);
	if (n > MAX_FILES_SHOWN)
		fprintf(p->f, "<p>&hellip; and %zu more (-f csv or -f json has them all)."
			"</p>\n", n - MAX_FILES_SHOWN);
}

static void section_table(struct page *p)
{
	const struct size_report *z = p->z;
	fputs("<table id=\"ld-section-table\"><thead><tr><th>Section</th><th>Region</th>"
	      "<th class=\"n\">Address</th><th class=\"n\">Size</th><th class=\"n\">Input "
	      "files</th><th class=\"n\">Fill</th><th class=\"n\">Data</th><th class=\"n\">"
	      "Other</th></tr></thead>\n<tbody>\n", p->f);
	for (size_t i = 0; i < z->nsections; i++) {
		const struct size_section *s = &z->sections[i];
		fputs("<tr><td class=\"name\">", p->f);
		esc(p, s->name);
		fputs("</td><td>", p->f);
		esc(p, s->region == SIZE_NONE ? "" : z->regions[s->region].name);
		if (s->load_region != SIZE_NONE) {
			fputs(", load in ", p->f);
			esc(p, z->regions[s->load_region].name);
		}
		fprintf(p->f, "</td><td class=\"n mono\">0x%08" PRIx64 "</td><td class=\"n\">%s"
			"</td>", s->vma, bytes(p, s->size));
		if (s->listed)
			fprintf(p->f, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class="
				"\"n\">%s</td><td class=\"n\">%" PRId64 "</td>", bytes(p, s->files),
				bytes(p, s->fill), bytes(p, s->data), s->other);
		else
			fputs("<td></td><td></td><td></td><td></td>", p->f);
		fputs("</tr>\n", p->f);
	}
	fputs("</tbody></table>\n", p->f);
}

static void symbol_table(struct page *p)
{
	const struct size_report *z = p->z;
	size_t n = p->top && p->top < z->nsymbols ? p->top : z->nsymbols;
	if (!n)
		return;
	fprintf(p->f, "<h3>Largest %s (%zu of %zu)</h3>\n<table id=\"ld-symbol-table\">"
		"<thead><tr><th>Name</th><th class=\"n\">Size</th><th>Kind</th><th>Section"
		"</th><th>Input file</th></tr></thead>\n<tbody>\n",
		z->symbols_from == SZ_SYMS_ELF ? "symbols" : "input sections", n,
		z->symbols_total);
	for (size_t i = 0; i < n; i++) {
		const struct size_symbol *y = &z->symbols[i];
		fputs("<tr><td class=\"name\">", p->f);
		esc(p, y->name);
		if (y->aliases)
			fprintf(p->f, " <span class=\"inputs\">(+%u alias%s)</span>", y->aliases,
				y->aliases == 1 ? "" : "es");
		fprintf(p->f, "</td><td class=\"n\">%s</td><td>%s</td><td class=\"name\">",
			bytes(p, y->size), size_kind_name(y->kind));
		esc(p, y->section == SIZE_NONE ? "" : z->sections[y->section].name);
		fputs("</td><td class=\"name\">", p->f);
		esc(p, y->file == SIZE_NONE ? "" : z->files[y->file].name);
		fputs("</td></tr>\n", p->f);
	}
	fputs("</tbody></table>\n", p->f);
}

static void breakdown(struct page *p)
{
	const struct size_report *z = p->z;
	if (!z || !z->has_image)
		return;
	fputs("<section id=\"ld-breakdown\">\n<h2>Where the memory goes</h2>\n"
	      "<p class=\"inputs\">Click a box to zoom in; a button above or Escape goes "
	      "back.</p>\n<div id=\"ld-crumbs\"></div>\n"
	      "<div id=\"ld-treemap\" role=\"img\" aria-label=\"treemap of the memory "
	      "use\"></div>\n<p id=\"ld-tminfo\"></p>\n<h3>Output sections</h3>\n", p->f);
	section_table(p);
	if (z->has_map) {
		fputs("<h3>Input files</h3>\n", p->f);
		file_table(p, "ld-file-table", z->opt.depth ? "Input files (grouped)" :
			   "Input file", z->files, z->nfiles);
		fputs("<h3>Archives</h3>\n", p->f);
		file_table(p, "ld-archive-table", "Archive", z->archives, z->narchives);
	}
	symbol_table(p);
	fputs("</section>\n", p->f);
}

/* ---- the treemap's data ------------------------------------------------- */

/* One node: {"n": name, "v": bytes, "k": kind[, "c": [children]]}; the
 * caller closes it (with children in between). */
static void jnode(struct page *p, const char *name, uint64_t v, char kind)
{
	fputs("{\"n\":", p->f);
	jstr(p, name);
	fprintf(p->f, ",\"v\":%" PRIu64 ",\"k\":\"%c\"", v, kind);
}

/* A symbol the treemap nests: in an input file of a section, not inside
 * another symbol. */
struct leaf {
	size_t section, file;
	size_t sym;			/* index into z->symbols (largest first) */
};

static int by_bucket(const void *a, const void *b)
{
	const struct leaf *x = a, *y = b;
	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

static struct leaf *leaves(const struct size_report *z, size_t *n)
{
	struct leaf *v = xcalloc(z->nsymbols + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < z->nsymbols; i++) {
		const struct size_symbol *y = &z->symbols[i];
		if (!y->nested && y->section != SIZE_NONE && y->file != SIZE_NONE)
			v[(*n)++] = (struct leaf){y->section, y->file, i};
	}
	qsort(v, *n, sizeof *v, by_bucket);
	return v;
}

/* The symbols of one input file in one section, and the bytes they do
 * not cover; only when they fit in the file's bytes. */
static void jsymbols(struct page *p, size_t section, size_t file, uint64_t bytes,
		     const struct leaf *v, size_t n)
{
	const struct size_report *z = p->z;
	size_t lo = 0, hi = n;
	struct leaf key = {section, file, 0};
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_bucket(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	uint64_t sum = 0;
	while (end < n && v[end].section == section && v[end].file == file)
		sum += z->symbols[v[end++].sym].size;
	if (end == lo || sum > bytes)
		return;
	fputs(",\"c\":[", p->f);
	for (size_t i = lo; i < end; i++) {
		const struct size_symbol *y = &z->symbols[v[i].sym];
		fputs(i > lo ? "," : "", p->f);
		jnode(p, y->name, y->size, 'y');
		fputc('}', p->f);
	}
	if (bytes > sum) {
		fputc(',', p->f);
		jnode(p, "(bytes no symbol covers)", bytes - sum, 'o');
		fputc('}', p->f);
	}
	fputc(']', p->f);
}

/* What a section (or its load image) is made of. */
static void jsection(struct page *p, const struct size_section *s, bool load,
		     const struct leaf *order, size_t n)
{
	const struct size_report *z = p->z;
	size_t si = (size_t)(s - z->sections);
	jnode(p, load ? arena_printf(&p->a, "load image of %s", s->name) : s->name,
	      s->size, load ? 'l' : 's');
	if (!s->listed) {
		fputc('}', p->f);
		return;
	}
	fputs(",\"c\":[", p->f);
	for (size_t k = 0; k < s->n; k++) {
		const struct size_contrib *c = &z->contribs[s->first + k];
		fputs(k ? "," : "", p->f);
		jnode(p, z->files[c->file].name, c->bytes, 'f');
		if (!load)
			jsymbols(p, si, c->file, c->bytes, order, n);
		fputc('}', p->f);
	}
	uint64_t rest = s->size - s->files;
	if (s->other >= 0 && rest) {
		fputs(s->n ? "," : "", p->f);
		jnode(p, "(fill, data statements, other)", rest, 'p');
		fputc('}', p->f);
	}
	fputs("]}", p->f);
}

static void tree(struct page *p)
{
	const struct size_report *z = p->z;
	size_t n;
	struct leaf *order = leaves(z, &n);
	uint64_t total = 0;
	for (size_t i = 0; i < z->nregions; i++)
		if (z->regions[i].known)
			total += z->regions[i].used;
	fputs("{\"tree\":", p->f);
	jnode(p, "all regions", total, 't');
	fputs(",\"c\":[", p->f);
	bool first = true;
	for (size_t i = 0; i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known || !g->used)
			continue;
		fputs(first ? "" : ",", p->f);
		first = false;
		jnode(p, g->name, g->used, 'r');
		fputs(",\"c\":[", p->f);
		for (size_t k = 0; k < g->nparts; k++) {
			const struct size_part *part = &z->parts[g->first_part + k];
			fputs(k ? "," : "", p->f);
			jsection(p, &z->sections[part->section], part->load, order, n);
		}
		if (g->gaps > 0) {
			fputs(g->nparts ? "," : "", p->f);
			jnode(p, "(gaps between sections)", (uint64_t)g->gaps, 'g');
			fputc('}', p->f);
		}
		fputs("]}", p->f);
	}
	fputs("]}}", p->f);
	free(order);
}

static void data(struct page *p)
{
	if (!p->z || !p->z->has_image)
		return;
	fputs("<script type=\"application/json\" id=\"ld-data\">", p->f);
	tree(p);
	fputs("</script>\n<script>\n", p->f);
	for (const char *const *l = script; *l; l++)
		fputs(*l, p->f);
	fputs("</script>\n", p->f);
}

/* ---- the picture -------------------------------------------------------- */

/* out_svg's picture inline, without its XML declaration. */
static void picture(struct page *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	fputs("<section id=\"ld-picture\">\n<h2>Memory picture</h2>\n", p->f);
	if (mem) {
		out_svg(mem, p->r);
		fclose(mem);
	}
	const char *svg = buf ? strstr(buf, "<svg") : NULL;
	if (svg) {
		fputs("<div class=\"picture\">\n", p->f);
		fwrite(svg, 1, len - (size_t)(svg - buf), p->f);
		fputs("</div>\n", p->f);
	}
	fputs("</section>\n", p->f);
	free(buf);
}

void out_html(FILE *f, const struct run *r)
{
	struct page p = {0};
	p.f = f;
	p.r = r;
	p.z = r->size;
	p.root = summary_root();
	p.base = summary_link_base(&p.a, r);
	p.top = r->size ? r->size->opt.top : 20;
	head(&p);
	header(&p);
	regions(&p);
	changes(&p);
	findings(&p);
	breakdown(&p);
	picture(&p);
	fprintf(f, "</main>\n<footer>ldlint %s</footer>\n", LDLINT_VERSION);
	data(&p);
	fputs("</body>\n</html>\n", f);
	free(p.root);
	arena_free(&p.a);
}
