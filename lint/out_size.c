/*
 * out_size: the size breakdown (size.h) as text tables (--size), as CSV
 * (-f csv) and as the "size" member of -f json; and what changed since
 * the baseline (baseline.h) as text and as the "baseline" member of -f
 * json.
 *
 * Every table reconciles: a region's sections, load images and gaps add
 * up to its use (GNU ld's --print-memory-usage figure); the input files'
 * bytes in a region plus the fill, data statements and other bytes of
 * its sections add up to its sections and load images.  Exact bytes
 * everywhere; names with bytes a terminal or a spreadsheet would act on
 * are made harmless (summary_plain(), and a quote before a CSV cell that
 * starts like a formula).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "json.h"
#include "report.h"
#include "summary.h"
#include "size.h"

/* Regions a file table has a column for: those with a known use. */
static bool column(const struct size_report *z, size_t i)
{
	return i < z->nregions ? z->regions[i].known : false;
}

/* Whether some section is in no region (its own column then). */
static bool no_region_column(const struct size_report *z)
{
	for (size_t i = 0; i < z->nsections; i++)
		if (z->sections[i].region == SIZE_NONE)
			return true;
	return false;
}

static const char *hex(struct arena *a, uint64_t v)
{
	return arena_printf(a, "0x%08" PRIx64, v);
}

static const char *sdec(struct arena *a, int64_t v)
{
	return v < 0 ? arena_printf(a, "-%s", summary_bytes(a, (uint64_t)-(v + 1) + 1)) :
	       summary_bytes(a, (uint64_t)v);
}

/* ---- text --------------------------------------------------------------- */

static void text_regions(FILE *f, const struct size_report *z, struct arena *a)
{
	size_t known = 0;
	for (size_t i = 0; i < z->nregions; i++)
		known += z->regions[i].known;
	if (!known) {
		fprintf(f, "Memory regions: none known (a script's MEMORY or a map's "
			"memory configuration names them)\n");
		return;
	}
	struct table t;
	table_init(&t, a, "lrrrrrrrr");
	const char *head[] = {"region", "origin", "length", "used", "free", "use",
			      "sections", "load images", "gaps"};
	table_row(&t, head);
	for (size_t i = 0; i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known)
			continue;
		const char *row[] = {g->name, hex(a, g->origin), summary_bytes(a, g->length),
			summary_bytes(a, g->used),
			g->used <= g->length ? summary_bytes(a, g->length - g->used) :
			arena_printf(a, "-%s", summary_bytes(a, g->used - g->length)),
			summary_percent(a, g->used, g->length), summary_bytes(a, g->run),
			summary_bytes(a, g->load), sdec(a, g->gaps)};
		table_row(&t, row);
	}
	fprintf(f, "Memory regions (bytes; used as GNU ld's --print-memory-usage counts "
		"it)\n");
	table_print(f, &t, "  ");
	table_free(&t);
}

static const char *where(struct arena *a, const struct size_report *z,
			 const struct size_section *s)
{
	const char *run = s->region == SIZE_NONE ? "-" : z->regions[s->region].name;
	if (s->load_region == SIZE_NONE)
		return run;
	return arena_printf(a, "%s, load in %s", run, z->regions[s->load_region].name);
}

static void text_sections(FILE *f, const struct size_report *z, struct arena *a)
{
	if (!z->nsections) {
		fprintf(f, "\nOutput sections: none known (an ELF without section "
			"headers lists none; a map does)\n");
		return;
	}
	struct table t;
	table_init(&t, a, "lrlrrrrr");
	const char *head[] = {"section", "address", "region", "size", "files", "fill",
			      "data", "other"};
	table_row(&t, head);
	for (size_t i = 0; i < z->nsections; i++) {
		const struct size_section *s = &z->sections[i];
		const char *row[] = {s->name, hex(a, s->vma), where(a, z, s),
			summary_bytes(a, s->size),
			s->listed ? summary_bytes(a, s->files) : "?",
			s->listed ? summary_bytes(a, s->fill) : "?",
			s->listed ? summary_bytes(a, s->data) : "?",
			s->listed ? sdec(a, s->other) : "?"};
		table_row(&t, row);
	}
	fprintf(f, "\nOutput sections (files: bytes of input files; fill, data: *fill* "
		"and data statements;\nother: what the map does not list)\n");
	table_print(f, &t, "  ");
	table_free(&t);
}

/* The rows under a file table that make its columns add up to the
 * regions' use: the bytes no input file gives (fill, data statements,
 * other), the gaps between sections, and the use itself. */
static void accounts(const struct size_report *z, struct arena *a, struct table *t,
		     const char **cells, bool nr, bool count)
{
	uint64_t *rest = xcalloc(z->nregions + 1, sizeof *rest);
	for (size_t i = 0; i < z->nsections; i++) {
		const struct size_section *s = &z->sections[i];
		uint64_t n = s->size - (s->listed ? s->files : 0);
		rest[s->region == SIZE_NONE ? z->nregions : s->region] += n;
		if (s->load_region != SIZE_NONE)
			rest[s->load_region] += n;
	}
	static const char *const names[] = {"(fill, data, other)", "(gaps)", "= used"};
	for (int row = 0; row < 3; row++) {
		size_t nc = 0;
		uint64_t total = 0;
		cells[nc++] = names[row];
		for (size_t k = 0; k <= z->nregions && nc < 70; k++) {
			if (!column(z, k) && !(k == z->nregions && nr))
				continue;
			const struct size_region *g = k < z->nregions ? &z->regions[k] : NULL;
			int64_t v = row == 0 ? (int64_t)rest[k] : !g ? 0 : row == 1 ?
				    g->gaps : (int64_t)g->used;
			if (row == 2 && !g)
				v = (int64_t)rest[k];
			cells[nc++] = sdec(a, v);
			total += (uint64_t)v;
		}
		cells[nc++] = sdec(a, (int64_t)total);
		if (count)
			cells[nc++] = "";
		table_row(t, cells);
	}
	free(rest);
}

/* A file table: one column per region, then the total. */
static void text_files(FILE *f, const struct size_report *z, struct arena *a,
		       const struct size_file *v, size_t n, bool archives)
{
	bool nr = no_region_column(z);
	char align[80] = "l";
	const char **cells = xcalloc(z->nregions + 4, sizeof *cells);
	size_t nc = 0;
	cells[nc++] = archives ? "archive" : z->opt.depth ? "input files (grouped)" :
		      "input file";
	for (size_t k = 0; k <= z->nregions && nc < 70; k++)
		if (column(z, k) || (k == z->nregions && nr)) {
			cells[nc++] = k < z->nregions ? z->regions[k].name : "(no region)";
			strcat(align, "r");
		}
	cells[nc++] = "total";
	strcat(align, "r");
	if (archives || z->opt.depth) {
		cells[nc++] = archives ? "members" : "files";
		strcat(align, "r");
	}
	struct table t;
	table_init(&t, a, align);
	table_row(&t, cells);
	for (size_t i = 0; i < n; i++) {
		nc = 0;
		cells[nc++] = v[i].name ? v[i].name : "(in no archive)";
		for (size_t k = 0; k <= z->nregions && nc < 70; k++)
			if (column(z, k) || (k == z->nregions && nr))
				cells[nc++] = summary_bytes(a, v[i].in_region[k]);
		cells[nc++] = summary_bytes(a, v[i].total);
		if (archives || z->opt.depth)
			cells[nc++] = summary_bytes(a, v[i].members);
		table_row(&t, cells);
	}
	accounts(z, a, &t, cells, nr, archives || z->opt.depth);
	table_print(f, &t, "  ");
	table_free(&t);
	free(cells);
}

static void text_symbols(FILE *f, const struct size_report *z, struct arena *a)
{
	size_t n = z->opt.top && z->opt.top < z->nsymbols ? z->opt.top : z->nsymbols;
	if (!n)
		return;
	fprintf(f, "\nLargest %s (%zu of %zu)\n", z->symbols_from == SZ_SYMS_ELF ?
		"symbols, from the ELF's symbol table" : "input sections, from the map",
		n, z->symbols_total);
	struct table t;
	table_init(&t, a, "rllll");
	const char *head[] = {"size", "kind", "section", "name",
			      z->opt.depth ? "input files (grouped)" : "input file"};
	table_row(&t, head);
	for (size_t i = 0; i < n; i++) {
		const struct size_symbol *y = &z->symbols[i];
		const char *name = y->aliases ? arena_printf(a, "%s (+%u alias%s)", y->name,
				y->aliases, y->aliases == 1 ? "" : "es") : y->name;
		const char *row[] = {summary_bytes(a, y->size), size_kind_name(y->kind),
			y->section == SIZE_NONE ? "-" : z->sections[y->section].name, name,
			y->file == SIZE_NONE ? "-" : z->files[y->file].name};
		table_row(&t, row);
	}
	table_print(f, &t, "  ");
	table_free(&t);
}

void out_size_text(FILE *f, const struct run *r)
{
	const struct size_report *z = r->size;
	struct arena a = {0};
	if (!z->has_image) {
		fprintf(f, "Size: no ELF or map given, so no sizes are known\n");
		return;
	}
	text_regions(f, z, &a);
	text_sections(f, z, &a);
	if (z->has_map) {
		fprintf(f, "\nInput files (bytes in each region; a section copied at "
			"startup counts in both)\n");
		text_files(f, z, &a, z->files, z->nfiles, false);
		fprintf(f, "\nArchives\n");
		text_files(f, z, &a, z->archives, z->narchives, true);
	} else {
		fprintf(f, "\nInput files: no map given\n");
	}
	text_symbols(f, z, &a);
	arena_free(&a);
}

/* ---- what changed ------------------------------------------------------- */

static void text_deltas(FILE *f, const char *title, const struct size_delta *v,
			size_t n, size_t top, struct arena *a)
{
	if (!n)
		return;
	size_t shown_n = top && top < n ? top : n;
	fprintf(f, "\n%s that changed (%zu of %zu)\n", title, shown_n, n);
	struct table t;
	table_init(&t, a, "lrrrl");
	const char *head[] = {"name", "before", "after", "change", ""};
	table_row(&t, head);
	for (size_t i = 0; i < shown_n; i++) {
		const struct size_delta *d = &v[i];
		const char *name = d->where && d->where[0] ?
				   arena_printf(a, "%s (%s)", d->name, d->where) : d->name;
		const char *row[] = {name,
			d->before_known ? summary_bytes(a, d->before) : "-",
			d->after_known ? summary_bytes(a, d->after) : "-",
			summary_change(a, baseline_change(d->before, d->after)),
			!d->before_known ? "new" : !d->after_known ? "gone" :
			summary_growth(a, d->before, d->after)};
		table_row(&t, row);
	}
	table_print(f, &t, "  ");
	table_free(&t);
}

static void text_finding(FILE *f, const char *what, const struct finding *x,
			 struct arena *a)
{
	fprintf(f, "  %s: ", what);
	if (x->loc.file && x->loc.line)
		fprintf(f, "%s:%u: ", summary_plain(a, x->loc.file), x->loc.line);
	else if (x->loc.file)
		fprintf(f, "%s: ", summary_plain(a, x->loc.file));
	char *cut;
	fprintf(f, "%s: %s [%s]\n", severity_name(x->severity),
		summary_plain(a, report_message(x->message, &cut)), x->id);
	free(cut);
}

void out_baseline_text(FILE *f, const struct run *r)
{
	const struct baseline *b = r->baseline;
	size_t top = r->size ? r->size->opt.top : 20;
	struct arena a = {0};
	fprintf(f, "\nSince the baseline (");
	for (size_t i = 0; i < b->ninputs; i++)
		fprintf(f, "%s%s", i ? ", " : "", summary_plain(&a, b->inputs[i]));
	fprintf(f, ")%s\n", b->current_scripts ? ", linted with this build's scripts" : "");
	struct table t;
	table_init(&t, &a, "lrrrrr");
	const char *head[] = {"region", "before", "after", "change", "", "use"};
	table_row(&t, head);
	for (size_t i = 0; i < b->nregions; i++) {
		const struct region_delta *d = &b->regions[i];
		if (!d->before_known && !d->after_known)
			continue;
		const char *row[] = {d->name,
			d->before_known ? summary_bytes(&a, d->before) : "-",
			d->after_known ? summary_bytes(&a, d->after) : "-",
			d->before_known && d->after_known ?
			summary_change(&a, baseline_change(d->before, d->after)) : "-",
			d->before_known && d->after_known ?
			summary_growth(&a, d->before, d->after) : "",
			d->after_known ? summary_percent(&a, d->after, d->length) : "-"};
		table_row(&t, row);
	}
	table_print(f, &t, "  ");
	table_free(&t);
	text_deltas(f, "Sections", b->sections, b->nsections, top, &a);
	text_deltas(f, "Input files", b->files, b->nfiles, top, &a);
	text_deltas(f, "Symbols", b->symbols, b->nsymbols, top, &a);
	fprintf(f, "\nFindings: %zu new, %zu fixed, %zu still there\n", b->nfresh,
		b->nfixed, b->npresent);
	for (size_t i = 0; i < b->nfresh; i++)
		text_finding(f, "new", b->fresh[i], &a);
	for (size_t i = 0; i < b->nfixed; i++)
		text_finding(f, "fixed", b->fixed[i], &a);
	arena_free(&a);
}

/* ---- CSV ---------------------------------------------------------------- */

/* One CSV text cell (RFC 4180), with a quote before one that a
 * spreadsheet would take for a formula. */
static void csv_text(FILE *f, const char *s, struct arena *a)
{
	s = summary_plain(a, s ? s : "");
	bool formula = strchr("=+-@", s[0]) && s[0];
	bool quote = formula || strpbrk(s, ",\"") != NULL;
	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

/* kind,name,region,section,file,archive,address,bytes,length */
static void csv_row(FILE *f, struct arena *a, const char *kind, const char *name,
		    const char *region, const char *section, const char *file,
		    const char *archive, const uint64_t *address, int64_t bytes,
		    const uint64_t *length)
{
	const char *text[] = {kind, name, region, section, file, archive};
	for (size_t i = 0; i < 6; i++) {
		csv_text(f, text[i], a);
		fputc(',', f);
	}
	if (address)
		fprintf(f, "0x%08" PRIx64, *address);
	fprintf(f, ",%" PRId64 ",", bytes);
	if (length)
		fprintf(f, "%" PRIu64, *length);
	fputs("\r\n", f);
}

static const char *rname(const struct size_report *z, size_t i)
{
	return i == SIZE_NONE || i >= z->nregions ? "" : z->regions[i].name;
}

static void csv_sections(FILE *f, const struct size_report *z, struct arena *a)
{
	for (size_t i = 0; i < z->nsections; i++) {
		const struct size_section *s = &z->sections[i];
		csv_row(f, a, "section", s->name, rname(z, s->region), s->name, "", "",
			&s->vma, (int64_t)s->size, NULL);
		if (s->load_region != SIZE_NONE)
			csv_row(f, a, "load", s->name, rname(z, s->load_region), s->name,
				"", "", &s->lma, (int64_t)s->size, NULL);
		for (size_t k = 0; k < s->n; k++) {
			const struct size_contrib *c = &z->contribs[s->first + k];
			const struct size_file *file = &z->files[c->file];
			csv_row(f, a, "input", file->name, rname(z, s->region), s->name,
				file->name, file->archive, NULL, (int64_t)c->bytes, NULL);
		}
		if (!s->listed)
			continue;
		if (s->fill)
			csv_row(f, a, "fill", "*fill*", rname(z, s->region), s->name, "",
				"", NULL, (int64_t)s->fill, NULL);
		if (s->data)
			csv_row(f, a, "data", "data statements", rname(z, s->region),
				s->name, "", "", NULL, (int64_t)s->data, NULL);
		if (s->other)
			csv_row(f, a, "other", "other", rname(z, s->region), s->name, "",
				"", NULL, s->other, NULL);
	}
}

static void csv_files(FILE *f, const struct size_report *z, struct arena *a,
		      const char *kind, const struct size_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k <= z->nregions; k++)
			if (v[i].in_region[k])
				csv_row(f, a, kind, v[i].name ? v[i].name : "", rname(z, k),
					"", kind[0] == 'f' ? v[i].name : "",
					v[i].archive, NULL, (int64_t)v[i].in_region[k], NULL);
}

void out_csv(FILE *f, const struct run *r)
{
	const struct size_report *z = r->size;
	struct arena a = {0};
	fputs("kind,name,region,section,file,archive,address,bytes,length\r\n", f);
	for (size_t i = 0; z && i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known)
			continue;
		csv_row(f, &a, "region", g->name, g->name, "", "", "", &g->origin,
			(int64_t)g->used, &g->length);
		csv_row(f, &a, "gaps", g->name, g->name, "", "", "", NULL, g->gaps, NULL);
	}
	if (z) {
		csv_sections(f, z, &a);
		csv_files(f, z, &a, "file", z->files, z->nfiles);
		csv_files(f, z, &a, "archive", z->archives, z->narchives);
		size_t n = z->opt.top && z->opt.top < z->nsymbols ? z->opt.top : z->nsymbols;
		for (size_t i = 0; i < n; i++) {
			const struct size_symbol *y = &z->symbols[i];
			const struct size_section *s = y->section == SIZE_NONE ? NULL :
						       &z->sections[y->section];
			csv_row(f, &a, y->kind == SZ_INPUT ? "input-section" : "symbol",
				y->name, s ? rname(z, s->region) : "", s ? s->name : "",
				y->file == SIZE_NONE ? "" : z->files[y->file].name, "",
				&y->addr, (int64_t)y->size, NULL);
		}
	}
	arena_free(&a);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_regions_of(struct json *j, const struct size_report *z,
			    const uint64_t *slot)
{
	json_begin_object(j);
	for (size_t k = 0; k <= z->nregions; k++)
		if (slot[k])
			json_kv_u64(j, k < z->nregions ? z->regions[k].name : "", slot[k]);
	json_end_object(j);
}

static void kv_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

static void json_size_regions(struct json *j, const struct size_report *z)
{
	json_key(j, "regions");
	json_begin_array(j);
	for (size_t i = 0; i < z->nregions; i++) {
		const struct size_region *g = &z->regions[i];
		if (!g->known)
			continue;
		json_begin_object(j);
		json_kv_string(j, "name", g->name);
		json_kv_u64(j, "origin", g->origin);
		json_kv_u64(j, "length", g->length);
		json_kv_u64(j, "used", g->used);
		json_kv_u64(j, "sections", g->run);
		json_kv_u64(j, "load_images", g->load);
		kv_i64(j, "gaps", g->gaps);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_size_sections(struct json *j, const struct size_report *z)
{
	json_key(j, "sections");
	json_begin_array(j);
	for (size_t i = 0; i < z->nsections; i++) {
		const struct size_section *s = &z->sections[i];
		json_begin_object(j);
		json_kv_string(j, "name", s->name);
		json_kv_string(j, "region", s->region == SIZE_NONE ? NULL :
			       z->regions[s->region].name);
		json_kv_string(j, "load_region", s->load_region == SIZE_NONE ? NULL :
			       z->regions[s->load_region].name);
		json_kv_u64(j, "vma", s->vma);
		json_kv_u64(j, "lma", s->lma);
		json_kv_u64(j, "size", s->size);
		if (s->listed) {
			json_kv_u64(j, "files", s->files);
			json_kv_u64(j, "fill", s->fill);
			json_kv_u64(j, "data", s->data);
			kv_i64(j, "other", s->other);
			json_key(j, "inputs");
			json_begin_object(j);
			for (size_t k = 0; k < s->n; k++) {
				const struct size_contrib *c = &z->contribs[s->first + k];
				json_kv_u64(j, z->files[c->file].name, c->bytes);
			}
			json_end_object(j);
		}
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_size_files(struct json *j, const char *key,
			    const struct size_report *z, const struct size_file *v,
			    size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_kv_string(j, "name", v[i].name);
		json_kv_string(j, "archive", v[i].archive);
		json_kv_u64(j, "members", v[i].members);
		json_key(j, "regions");
		json_regions_of(j, z, v[i].in_region);
		json_kv_u64(j, "total", v[i].total);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_size_symbols(struct json *j, const struct size_report *z)
{
	size_t n = z->opt.top && z->opt.top < z->nsymbols ? z->opt.top : z->nsymbols;
	json_kv_string(j, "symbols_from", z->symbols_from == SZ_SYMS_ELF ? "elf" :
		       z->symbols_from == SZ_SYMS_MAP ? "map" : NULL);
	json_kv_u64(j, "symbols_total", z->symbols_total);
	json_key(j, "symbols");
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		const struct size_symbol *y = &z->symbols[i];
		json_begin_object(j);
		json_kv_string(j, "name", y->name);
		json_kv_string(j, "kind", size_kind_name(y->kind));
		json_kv_u64(j, "address", y->addr);
		json_kv_u64(j, "size", y->size);
		json_kv_string(j, "section", y->section == SIZE_NONE ? NULL :
			       z->sections[y->section].name);
		json_kv_string(j, "file", y->file == SIZE_NONE ? NULL :
			       z->files[y->file].name);
		json_kv_u64(j, "aliases", y->aliases);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_deltas(struct json *j, const char *key, const struct size_delta *v,
			size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_kv_string(j, "name", v[i].name);
		if (v[i].where)
			json_kv_string(j, "where", v[i].where);
		json_key(j, "before");
		if (v[i].before_known)
			json_u64(j, v[i].before);
		else
			json_null(j);
		json_key(j, "after");
		if (v[i].after_known)
			json_u64(j, v[i].after);
		else
			json_null(j);
		json_end_object(j);
	}
	json_end_array(j);
}

/* A finding as -f json's findings[] writes it, without its notes. */
static void json_finding(struct json *j, const struct finding *f)
{
	json_begin_object(j);
	json_kv_string(j, "rule", f->id);
	json_kv_string(j, "severity", severity_name(f->severity));
	json_kv_string(j, "message", f->message);
	json_kv_string(j, "file", f->loc.file);
	json_key(j, "line");
	if (f->loc.line)
		json_u64(j, f->loc.line);
	else
		json_null(j);
	json_end_object(j);
}

static void json_baseline(struct json *j, const struct run *r)
{
	const struct baseline *b = r->baseline;
	json_key(j, "baseline");
	json_begin_object(j);
	json_key(j, "inputs");
	json_begin_array(j);
	for (size_t i = 0; i < b->ninputs; i++)
		json_string(j, b->inputs[i]);
	json_end_array(j);
	json_kv_bool(j, "current_scripts", b->current_scripts);
	json_key(j, "regions");
	json_begin_array(j);
	for (size_t i = 0; i < b->nregions; i++) {
		const struct region_delta *d = &b->regions[i];
		json_begin_object(j);
		json_kv_string(j, "name", d->name);
		json_key(j, "before");
		if (d->before_known)
			json_u64(j, d->before);
		else
			json_null(j);
		json_key(j, "after");
		if (d->after_known)
			json_u64(j, d->after);
		else
			json_null(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_deltas(j, "sections", b->sections, b->nsections);
	json_deltas(j, "files", b->files, b->nfiles);
	json_deltas(j, "symbols", b->symbols, b->nsymbols);
	json_key(j, "new");
	json_begin_array(j);
	for (size_t i = 0; i < b->nfresh; i++)
		json_finding(j, b->fresh[i]);
	json_end_array(j);
	json_key(j, "fixed");
	json_begin_array(j);
	for (size_t i = 0; i < b->nfixed; i++)
		json_finding(j, b->fixed[i]);
	json_end_array(j);
	json_kv_u64(j, "still_there", b->npresent);
	json_end_object(j);
}

void out_size_json(struct json *j, const struct run *r)
{
	const struct size_report *z = r->size;
	if (z) {
		json_key(j, "size");
		json_begin_object(j);
		json_key(j, "depth");
		json_u64(j, z->opt.depth);
		json_size_regions(j, z);
		json_size_sections(j, z);
		json_size_files(j, "files", z, z->files, z->nfiles);
		json_size_files(j, "archives", z, z->archives, z->narchives);
		json_size_symbols(j, z);
		json_end_object(j);
	}
	if (r->baseline)
		json_baseline(j, r);
}
