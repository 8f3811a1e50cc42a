/*
 * size: the breakdown (see size.h).  Two steps: while the map is read,
 * the input hook gives each ELF symbol the input file whose input
 * section holds it (or, without an ELF, keeps the largest input
 * sections); then size_finish() reads the joined model and the map's
 * per-file contributions and adds everything up.
 */
#include "size.h"

#include <stdlib.h>
#include <string.h>

/* A map input section kept as a stand-in symbol (no ELF). */
struct input_rec {
	const char *name;		/* arena copy of the input section name */
	struct slice file;		/* the map's kept copy */
	const char *section;		/* output section (arena copy) */
	uint64_t addr, size;
	size_t seq;			/* arrival order: ties stay in map order */
};

struct collect {
	struct arena a;
	const struct symtab *syms;
	const char **sym_file;		/* per symbol: the map's kept copy of
					   its input file's name, or NULL */
	struct input_rec *heap;		/* the largest inputs: a min-heap when
					   'keep' bounds it, else a list */
	size_t nheap, keep, seq;	/* seq: the inputs seen, kept or not */
};

/* ---- while the map is read ---------------------------------------------- */

static bool rec_less(const struct input_rec *x, const struct input_rec *y)
{
	if (x->size != y->size)
		return x->size < y->size;
	return x->seq > y->seq;		/* the later one goes first */
}

static void sift_down(struct input_rec *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && rec_less(&h[l], &h[m]))
			m = l;
		if (r < n && rec_less(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		struct input_rec t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void sift_up(struct input_rec *h, size_t i)
{
	while (i > 0 && rec_less(&h[i], &h[(i - 1) / 2])) {
		struct input_rec t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static void keep_input(struct collect *c, const struct map_section *s,
		       const struct map_input *in)
{
	struct input_rec rec = {NULL, in->file, NULL, in->addr, in->size, c->seq++};
	if (c->keep && c->nheap == c->keep) {
		if (!rec_less(&c->heap[0], &rec))
			return;
		rec.name = arena_strndup(&c->a, in->section.p, in->section.n);
		rec.section = arena_strndup(&c->a, s->name.p, s->name.n);
		c->heap[0] = rec;
		sift_down(c->heap, c->nheap, 0);
		return;
	}
	rec.name = arena_strndup(&c->a, in->section.p, in->section.n);
	rec.section = arena_strndup(&c->a, s->name.p, s->name.n);
	c->heap = xgrow(c->heap, c->nheap, sizeof *c->heap);
	c->heap[c->nheap++] = rec;
	if (c->keep)
		sift_up(c->heap, c->nheap - 1);
}

/* The symbols of the same section inside this input section are its. */
static void attribute(struct collect *c, const struct map_section *s,
		      const struct map_input *in)
{
	const struct symtab *t = c->syms;
	uint64_t end = in->addr + in->size;
	for (size_t i = symtab_lower_bound(t, in->addr); i < t->n && t->v[i].addr < end;
	     i++) {
		const struct sym *y = &t->v[i];
		if (c->sym_file[i] || y->kind == SYM_TLS ||
		    strlen(y->section) != s->name.n ||
		    memcmp(y->section, s->name.p, s->name.n) != 0)
			continue;
		c->sym_file[i] = in->file.p;
	}
}

static void on_input(const struct map_section *s, size_t index,
		     const struct map_input *in, void *ctx)
{
	(void)index;
	struct collect *c = ctx;
	if (in->fill || in->data || !in->size || s->nonalloc)
		return;
	if (c->syms)
		attribute(c, s, in);
	else
		keep_input(c, s, in);
}

size_t size_keep(const struct size_options *o)
{
	if (!o->top)
		return 0;
	return o->keep && o->keep < o->top ? o->top : o->keep;
}

struct size_report *size_new(const struct size_options *o,
			     const struct symtab *syms)
{
	struct size_report *r = xcalloc(1, sizeof *r);
	r->opt = *o;
	r->opt.keep = size_keep(o);
	struct collect *c = xcalloc(1, sizeof *c);
	c->syms = syms;
	c->keep = r->opt.keep;
	if (syms) {
		c->sym_file = xcalloc(syms->n + 1, sizeof *c->sym_file);
	}
	r->collect = c;
	return r;
}

void size_map_hook(struct size_report *r, struct map_options *mo)
{
	mo->input = on_input;
	mo->input_ctx = r->collect;
	mo->per_file = true;
}

/* ---- names -------------------------------------------------------------- */

size_t size_archive_len(const char *name)
{
	size_t n = strlen(name);
	if (n < 4 || name[n - 1] != ')')
		return 0;
	const char *open = strrchr(name, '(');
	if (!open || open == name || open[-1] == '/' || open + 2 >= name + n)
		return 0;
	return (size_t)(open - name);
}

const char *size_group(struct arena *a, const char *name, unsigned depth)
{
	if (!depth)
		return name;
	size_t alen = size_archive_len(name);
	size_t plen = alen ? alen : strlen(name);	/* the path part */
	/* components of the path, the leading '/' kept with the first */
	size_t ncomp = 0, cut = 0;
	for (size_t i = 1; i <= plen; i++)
		if (i == plen || (name[i] == '/' && name[i - 1] != '/')) {
			ncomp++;
			if (ncomp == depth)
				cut = i;
		}
	if (alen)
		ncomp++;		/* the member */
	if (depth >= ncomp)
		return name;
	if (alen && depth == ncomp - 1)
		return arena_strndup(a, name, alen);	/* the archive */
	return arena_printf(a, "%.*s/", (int)cut, name);
}

const char *size_kind_name(enum size_sym_kind k)
{
	static const char *const names[] = {"function", "object", "tls", "other",
					    "input"};
	return names[k];
}

uint64_t size_section_in(const struct size_report *r,
			 const struct size_section *s, size_t region)
{
	(void)r;
	return (s->region == region ? s->size : 0) +
	       (s->load_region == region ? s->size : 0);
}

/* ---- adding up ---------------------------------------------------------- */

/* Work space of size_finish(). */
struct finish {
	struct size_report *r;
	const struct model *m;
	size_t *sec_of;			/* model section index -> report's */
	struct strmap sec_idx;		/* report section name -> index */
	struct strmap file_idx;		/* group name -> index into files */
	struct strmap raw_idx;		/* map file name -> index into raws */
	struct strmap arch_idx;		/* archive name -> index into archives */
	struct raw {			/* a file name as the map gives it */
		const char *name;
		const char *p;		/* the map's kept copy of it */
		size_t file;		/* its group, index into files */
		size_t archive;		/* index into archives */
	} *raws;
	size_t nraws;
	size_t loose;			/* the archives' row of files in none */
	size_t nfile_cap;
};

static void add_sections(struct finish *f)
{
	struct size_report *r = f->r;
	const struct model *m = f->m;
	f->sec_of = xcalloc(m->nsections + 1, sizeof *f->sec_of);
	r->sections = arena_alloc(&r->arena, (m->nsections + 1) * sizeof *r->sections);
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		f->sec_of[i] = SIZE_NONE;
		if (!r->has_image || !s->in_image || !s->size.known || !s->size.v ||
		    !s->vma.known ||
		    model_section_unallocated(m, s) ||
		    strmap_get(&f->sec_idx, s->name) != SIZE_NONE)
			continue;
		struct size_section *z = &r->sections[r->nsections];
		z->name = s->name;
		z->s = s;
		z->region = z->load_region = SIZE_NONE;
		z->vma = s->vma.v;
		z->lma = s->lma.known ? s->lma.v : s->vma.v;
		z->size = s->size.v;
		z->other = (int64_t)z->size;
		strmap_put(&f->sec_idx, z->name, r->nsections);
		f->sec_of[i] = r->nsections++;
	}
}

static int by_addr(const void *a, const void *b)
{
	const struct size_part *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->load - (int)y->load;
}

/* One region: its use and the parts that make it up, by address. */
static void add_region(struct finish *f, const struct model_region *mr,
		       struct region_part *parts)
{
	struct size_report *r = f->r;
	size_t ri = r->nregions++;
	struct size_region *g = &r->regions[ri];
	g->name = mr->name;
	g->r = mr;
	g->origin = mr->origin.v;
	g->length = mr->length.v;
	g->first_part = r->nparts;
	g->known = mr->origin.known && mr->length.known &&
		   model_region_used(f->m, mr, &g->used);
	if (!g->known)
		return;
	size_t n = model_region_parts(f->m, mr, parts);
	r->parts = xrealloc(r->parts, (r->nparts + n + 1) * sizeof *r->parts);
	for (size_t k = 0; k < n; k++) {
		size_t si = f->sec_of[parts[k].s - f->m->sections];
		if (si == SIZE_NONE)
			continue;
		struct size_section *s = &r->sections[si];
		if (parts[k].load) {
			s->load_region = ri;
			g->load += parts[k].size;
		} else {
			s->region = ri;
			g->run += parts[k].size;
		}
		r->parts[r->nparts++] = (struct size_part){si, parts[k].load,
							   parts[k].addr, parts[k].size};
	}
	g->nparts = r->nparts - g->first_part;
	qsort(r->parts + g->first_part, g->nparts, sizeof *r->parts, by_addr);
	g->gaps = (int64_t)(g->used - g->run - g->load);
}

static void add_regions(struct finish *f)
{
	struct size_report *r = f->r;
	const struct model *m = f->m;
	r->regions = arena_alloc(&r->arena, (m->nregions + 1) * sizeof *r->regions);
	struct region_part *parts = xcalloc(2 * m->nsections + 1, sizeof *parts);
	for (size_t i = 0; i < m->nregions; i++)
		add_region(f, &m->regions[i], parts);
	free(parts);
}

static uint64_t *slots(struct size_report *r)
{
	return arena_alloc(&r->arena, (r->nregions + 1) * sizeof(uint64_t));
}

/* The report's file (group) 'group' of map file 'raw', made on first
 * sight. */
static size_t group_index(struct finish *f, const char *group, const char *raw)
{
	struct size_report *r = f->r;
	size_t k = strmap_get(&f->file_idx, group);
	if (k != SIZE_NONE)
		return k;
	if (r->nfiles == f->nfile_cap) {
		f->nfile_cap = f->nfile_cap ? 2 * f->nfile_cap : 64;
		struct size_file *v = arena_alloc(&r->arena, f->nfile_cap * sizeof *v);
		if (r->nfiles)
			memcpy(v, r->files, r->nfiles * sizeof *v);
		r->files = v;
	}
	struct size_file *z = &r->files[r->nfiles];
	z->name = group;
	size_t alen = size_archive_len(raw);
	if (alen && (group == raw || strlen(group) == alen))
		z->archive = arena_strndup(&r->arena, raw, alen);
	z->in_region = slots(r);
	strmap_put(&f->file_idx, group, r->nfiles);
	return r->nfiles++;
}

/* The archives' row of 'raw': its archive, or the row of files in none. */
static size_t archive_index(struct finish *f, const char *raw)
{
	struct size_report *r = f->r;
	size_t alen = size_archive_len(raw);
	const char *name = alen ? arena_strndup(&r->arena, raw, alen) : NULL;
	size_t k = name ? strmap_get(&f->arch_idx, name) : f->loose;
	if (k != SIZE_NONE)
		return k;
	r->archives = xrealloc(r->archives, (r->narchives + 1) * sizeof *r->archives);
	k = r->narchives++;
	memset(&r->archives[k], 0, sizeof r->archives[k]);
	r->archives[k].name = name;
	r->archives[k].archive = name;
	r->archives[k].in_region = slots(r);
	if (name)
		strmap_put(&f->arch_idx, name, k);
	else
		f->loose = k;
	return k;
}

/* The index into raws of a map file name, made on first sight. */
static size_t raw_file(struct finish *f, struct slice name)
{
	struct size_report *r = f->r;
	char *s = arena_strndup(&r->arena, name.p, name.n);
	size_t k = strmap_get(&f->raw_idx, s);
	if (k != SIZE_NONE)
		return k;
	size_t fi = group_index(f, size_group(&r->arena, s, r->opt.depth), s);
	r->files[fi].members++;
	size_t ai = archive_index(f, s);
	r->archives[ai].members++;
	f->raws = xgrow(f->raws, f->nraws, sizeof *f->raws);
	f->raws[f->nraws] = (struct raw){s, name.p, fi, ai};
	strmap_put(&f->raw_idx, s, f->nraws);
	return f->nraws++;
}

/* Adds 'bytes' of section 's' to per-region slots. */
static void count_in(const struct size_report *r, uint64_t *slot,
		     const struct size_section *s, uint64_t bytes)
{
	slot[s->region == SIZE_NONE ? r->nregions : s->region] += bytes;
	if (s->load_region != SIZE_NONE)
		slot[s->load_region] += bytes;
}

static int by_bytes(const void *a, const void *b)
{
	const struct size_contrib *x = a, *y = b;
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x->file < y->file ? -1 : x->file > y->file;
}

/* One section's contributions from the map, by group. */
static void section_contribs(struct finish *f, struct size_section *z,
			     const struct map_image *map, const struct map_section *ms)
{
	struct size_report *r = f->r;
	z->listed = true;
	z->fill = ms->sum.fill_bytes;
	z->data = ms->sum.data_bytes;
	z->files = ms->sum.input_bytes;
	z->other = (int64_t)(z->size - z->files - z->fill - z->data);
	z->first = r->ncontribs;
	for (size_t k = 0; k < ms->ncontribs; k++) {
		const struct map_contrib *mc = &map->contribs[ms->first_contrib + k];
		if (!mc->bytes)
			continue;
		size_t ri = raw_file(f, mc->file);
		if (!f->raws || ri >= f->nraws)	/* raw_file() always has one */
			continue;
		const struct raw *raw = &f->raws[ri];
		count_in(r, r->archives[raw->archive].in_region, z, mc->bytes);
		size_t j = z->first;
		while (j < r->ncontribs && r->contribs[j].file != raw->file)
			j++;
		if (j == r->ncontribs) {
			r->contribs = xgrow(r->contribs, r->ncontribs, sizeof *r->contribs);
			r->contribs[r->ncontribs++] = (struct size_contrib){
				(size_t)(z - r->sections), raw->file, 0};
		}
		r->contribs[j].bytes += mc->bytes;
	}
	z->n = r->ncontribs - z->first;
	qsort(r->contribs + z->first, z->n, sizeof *r->contribs, by_bytes);
}

static void add_contribs(struct finish *f, const struct map_image *map)
{
	struct size_report *r = f->r;
	struct strmap idx = {0};
	for (size_t i = 0; i < map->nsections; i++) {
		struct slice n = map->sections[i].name;
		const char *name = arena_strndup(&r->arena, n.p, n.n);
		if (strmap_get(&idx, name) == SIZE_NONE)
			strmap_put(&idx, name, i);
	}
	for (size_t i = 0; i < r->nsections; i++) {
		size_t k = strmap_get(&idx, r->sections[i].name);
		if (k != SIZE_NONE)
			section_contribs(f, &r->sections[i], map, &map->sections[k]);
	}
	strmap_free(&idx);
	for (size_t i = 0; i < r->ncontribs; i++) {
		const struct size_contrib *c = &r->contribs[i];
		count_in(r, r->files[c->file].in_region, &r->sections[c->section],
			 c->bytes);
	}
}

static int by_total(const void *a, const void *b)
{
	const struct size_file *x = a, *y = b;
	if (!x->name || !y->name)		/* the row of files in no archive */
		return x->name ? -1 : y->name ? 1 : 0;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Totals, and the files and archives largest first (the contributions
 * and symbols follow the files to their new places). */
static void order_files(struct finish *f)
{
	struct size_report *r = f->r;
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t k = 0; k <= r->nregions; k++)
			r->files[i].total += r->files[i].in_region[k];
	for (size_t i = 0; i < r->narchives; i++)
		for (size_t k = 0; k <= r->nregions; k++)
			r->archives[i].total += r->archives[i].in_region[k];
	if (r->narchives)	/* none without a map: archives is NULL */
		qsort(r->archives, r->narchives, sizeof *r->archives, by_total);
	/* sort the files through an index, so that indexes can be mapped */
	struct size_file *old = r->files;
	size_t *order = xcalloc(r->nfiles + 1, sizeof *order);
	struct size_file *tmp = xcalloc(r->nfiles + 1, sizeof *tmp);
	if (r->nfiles) {
		memcpy(tmp, old, r->nfiles * sizeof *tmp);
		qsort(tmp, r->nfiles, sizeof *tmp, by_total);
	}
	for (size_t i = 0; i < r->nfiles; i++)
		order[strmap_get(&f->file_idx, tmp[i].name)] = i;
	if (r->nfiles)
		memcpy(old, tmp, r->nfiles * sizeof *tmp);
	for (size_t i = 0; i < r->ncontribs; i++)
		r->contribs[i].file = order[r->contribs[i].file];
	for (size_t i = 0; i < f->nraws; i++)
		f->raws[i].file = order[f->raws[i].file];
	for (size_t i = 0; i < r->nsections; i++) {
		struct size_section *z = &r->sections[i];
		if (z->n > 1)
			qsort(r->contribs + z->first, z->n, sizeof *r->contribs, by_bytes);
	}
	free(order);
	free(tmp);
}

static int by_copy(const void *a, const void *b)
{
	const struct raw *x = a, *y = b;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* The group of a map file name by its kept copy's address (raws sorted
 * by it), or SIZE_NONE: a file whose bytes all went to sections the
 * report leaves out. */
static size_t file_of_copy(const struct finish *f, const char *p)
{
	size_t lo = 0, hi = f->nraws;
	while (p && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->raws[mid].p == p)
			return f->raws[mid].file;
		if (f->raws[mid].p < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_NONE;
}

static int by_size(const void *a, const void *b)
{
	const struct size_symbol *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void add_symbols(struct finish *f)
{
	struct size_report *r = f->r;
	struct collect *c = r->collect;
	if (f->nraws)
		qsort(f->raws, f->nraws, sizeof *f->raws, by_copy);
	if (c->syms) {
		r->symbols_from = SZ_SYMS_ELF;
		r->symbols = xcalloc(c->syms->n + 1, sizeof *r->symbols);
		for (size_t i = 0; i < c->syms->n; i++) {
			const struct sym *y = &c->syms->v[i];
			static const enum size_sym_kind kinds[] = {SZ_FUNC, SZ_OBJECT,
								   SZ_TLS, SZ_OTHER};
			r->symbols[r->nsymbols++] = (struct size_symbol){
				y->name, y->addr, y->size, kinds[y->kind],
				strmap_get(&f->sec_idx, y->section),
				file_of_copy(f, c->sym_file[i]),
				y->aliases, y->nested};
		}
	} else if (c->nheap) {
		r->symbols_from = SZ_SYMS_MAP;
		r->symbols = xcalloc(c->nheap + 1, sizeof *r->symbols);
		r->symbols_total = c->seq;
		for (size_t i = 0; i < c->nheap; i++) {
			const struct input_rec *in = &c->heap[i];
			const char *name = arena_strdup(&r->arena, in->name);
			r->symbols[r->nsymbols++] = (struct size_symbol){
				name, in->addr, in->size, SZ_INPUT,
				strmap_get(&f->sec_idx, in->section),
				file_of_copy(f, in->file.p), 0, false};
		}
	}
	if (r->nsymbols > 1)	/* none: symbols may be NULL */
		qsort(r->symbols, r->nsymbols, sizeof *r->symbols, by_size);
	if (r->symbols_from != SZ_SYMS_MAP)
		r->symbols_total = c->syms ? c->syms->total : r->nsymbols;
	if (r->opt.keep && r->nsymbols > r->opt.keep)
		r->nsymbols = r->opt.keep;
}

void size_finish(struct size_report *r, const struct model *m,
		 const struct map_image *map)
{
	struct finish f = {0};
	f.r = r;
	f.m = m;
	f.loose = SIZE_NONE;
	r->has_image = m->elf_path || m->map_path;
	r->has_map = map != NULL;
	add_sections(&f);
	add_regions(&f);
	if (map)
		add_contribs(&f, map);
	order_files(&f);
	add_symbols(&f);
	free(f.sec_of);
	free(f.raws);
	strmap_free(&f.sec_idx);
	strmap_free(&f.file_idx);
	strmap_free(&f.raw_idx);
	strmap_free(&f.arch_idx);
}

void size_free(struct size_report *r)
{
	if (!r)
		return;
	struct collect *c = r->collect;
	if (c) {
		free(c->sym_file);
		free(c->heap);
		arena_free(&c->a);
		free(c);
	}
	free(r->contribs);
	free(r->archives);
	free(r->parts);
	free(r->symbols);
	arena_free(&r->arena);
	free(r);
}
