/*
 * out_layout: the memory picture in the terminal (--layout).
 *
 * For each MEMORY region: its range, size, attributes and a usage bar;
 * then what lies in it in address order: sections that run there, the
 * load images of sections copied elsewhere at startup ("load of .data"),
 * and the gaps between them.  Sections in no region are listed last.
 * Known addresses come from the ELF or map when given, else from the
 * script; unknown ones print as '?'.  Fits in 100 columns.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "ldlint.h"

enum { BAR = 30 };

struct item {
	uint64_t addr, size;
	bool known;
	const struct model_section *s;
	bool load_image;	/* the LMA copy of a section running elsewhere */
};

static const char *color(const struct run *r, const char *c)
{
	return r->color ? c : "";
}

static int by_addr(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->known != y->known)
		return x->known ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return 0;
}

/* The sections (and load images) that belong to region 'reg'. */
static size_t collect(const struct model *m, const struct model_region *reg,
		      struct item *out)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (model_section_unallocated(m, s))
			continue;
		if (s->region && strcmp(s->region, reg->name) == 0)
			out[n++] = (struct item){s->vma.v, s->size.known ? s->size.v : 0,
						 s->vma.known, s, false};
		bool copied = !s->region || strcmp(s->region, reg->name) != 0 ||
			      !s->lma.known || !s->vma.known || s->lma.v != s->vma.v;
		if (s->lma_region && strcmp(s->lma_region, reg->name) == 0 &&
		    copied && model_section_has_contents(s))
			out[n++] = (struct item){s->lma.v, s->size.known ? s->size.v : 0,
						 s->lma.known, s, true};
	}
	qsort(out, n, sizeof *out, by_addr);
	return n;
}

static void bar(FILE *f, const struct run *r, uint64_t used, uint64_t total)
{
	unsigned fill = total ? (unsigned)((used * BAR + total - 1) / total) : 0;
	if (fill > BAR)
		fill = BAR;
	const char *c = used > total ? "\033[1;31m" :
			used * 100 > total * 95 ? "\033[1;33m" : "\033[1;32m";
	fprintf(f, "[%s", color(r, c));
	for (unsigned i = 0; i < BAR; i++)
		fputc(i < fill ? '#' : '.', f);
	fprintf(f, "%s]", color(r, "\033[0m"));
}

static void item_line(FILE *f, const struct run *r, const struct item *it)
{
	const struct model_section *s = it->s;
	char size[24], addr[24];
	size_human(size, sizeof size, it->size);
	if (it->known)
		snprintf(addr, sizeof addr, "0x%08" PRIx64, it->addr);
	else
		snprintf(addr, sizeof addr, "%10s", "?");
	if (it->load_image) {
		char run_at[24] = "?";
		if (s->vma.known)
			snprintf(run_at, sizeof run_at, "0x%08" PRIx64, s->vma.v);
		fprintf(f, "    %s  load of %s%-14s%s %10s  runs at %s%s%s\n", addr,
			color(r, "\033[1m"), s->name, color(r, "\033[0m"),
			s->size.known ? size : "?", run_at,
			s->region ? " in " : "", s->region ? s->region : "");
		return;
	}
	fprintf(f, "    %s  %s%-22s%s %10s", addr, color(r, "\033[1m"), s->name,
		color(r, "\033[0m"), s->size.known ? size : "?");
	if (s->script_type)
		fprintf(f, "  (%s)", s->script_type);
	else if (s->elf_type && !strcmp(s->elf_type, "nobits"))
		fprintf(f, "  (no file bytes)");
	if (s->orphan)
		fprintf(f, "  %sorphan%s", color(r, "\033[1;33m"), color(r, "\033[0m"));
	fputc('\n', f);
}

static void region_block(FILE *f, const struct run *r, const struct model *m,
			 const struct model_region *reg, struct item *items)
{
	size_t n = collect(m, reg, items);
	/* GNU ld's --print-memory-usage figure when an image says it; else
	 * the sizes the script alone gives */
	uint64_t used = 0, end = reg->origin.v;
	if (!model_region_used(m, reg, &used))
		for (size_t i = 0; i < n; i++)
			used += items[i].size;
	char size[24], usedbuf[24];
	size_human(size, sizeof size, reg->length.known ? reg->length.v : 0);
	size_human(usedbuf, sizeof usedbuf, used);
	fprintf(f, "%s%-12s%s ", color(r, "\033[1;36m"), reg->name,
		color(r, "\033[0m"));
	if (reg->origin.known && reg->length.known && reg->length.v)
		fprintf(f, "0x%08" PRIx64 "-0x%08" PRIx64 " %10s  %-5s ",
			reg->origin.v, reg->origin.v + reg->length.v - 1, size,
			reg->attributes[0] ? reg->attributes : "-");
	else
		fprintf(f, "%-21s %10s  %-5s ", "?", "?",
			reg->attributes[0] ? reg->attributes : "-");
	if (reg->length.known && reg->length.v && used) {
		/* like the bar, a region in use never reads 0 % */
		unsigned pc = (unsigned)(used * 100 / reg->length.v);
		bar(f, r, used, reg->length.v);
		if (pc)
			fprintf(f, " %3u%% %s\n", pc, usedbuf);
		else
			fprintf(f, "  <1%% %s\n", usedbuf);
	} else {
		fputc('\n', f);
	}
	for (size_t a = 0; a < m->naliases; a++)
		if (strcmp(m->aliases[a].region, reg->name) == 0)
			fprintf(f, "    also named %s (REGION_ALIAS)\n", m->aliases[a].alias);
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		if (it->known && reg->origin.known && it->addr > end && i > 0) {
			char gap[24];
			size_human(gap, sizeof gap, it->addr - end);
			fprintf(f, "    %10s  %s(gap %s)%s\n", "", color(r, "\033[2m"),
				gap, color(r, "\033[0m"));
		}
		item_line(f, r, it);
		if (it->known && it->addr + it->size > end)
			end = it->addr + it->size;
	}
}

/* The device's memories, with the script regions each one holds. */
static void device_block(FILE *f, const struct run *r, const struct model *m)
{
	const struct device *d = r->dev;
	fprintf(f, "Memories of %s\n", d->id);
	const struct dev_memory **order = xcalloc(d->nmems + 1, sizeof *order);
	for (size_t i = 0; i < d->nmems; i++) {
		size_t j = i;	/* insertion sort by address */
		while (j > 0 && order[j - 1]->base > d->mems[i].base) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = &d->mems[i];
	}
	for (size_t i = 0; i < d->nmems; i++) {
		const struct dev_memory *mem = order[i];
		char size[24], acc[4];
		size_human(size, sizeof size, mem->size);
		fprintf(f, "  %s%-14s%s 0x%08" PRIx64 "-0x%08" PRIx64 " %10s  %-7s %s",
			color(r, "\033[1;35m"), mem->name, color(r, "\033[0m"), mem->base,
			mem->base + mem->size - 1, size, mem_type_name(mem->type),
			access_string(mem->access, acc));
		bool any = false;
		for (size_t k = 0; k < m->nregions; k++) {
			const struct model_region *reg = &m->regions[k];
			if (reg->origin.known && reg->origin.v >= mem->base &&
			    reg->origin.v < mem->base + mem->size) {
				fprintf(f, "%s%s", any ? ", " : "  regions: ", reg->name);
				any = true;
			}
		}
		if (mem->alias_of)
			fprintf(f, "  (alias of %s)", mem->alias_of);
		fputc('\n', f);
	}
	fputc('\n', f);
	free(order);
}

static void layout_one(FILE *f, const struct run *r, const struct model *m)
{
	if (r->dev)
		device_block(f, r, m);
	struct item *items = xcalloc(2 * m->nsections + 1, sizeof *items);
	if (m->script)
		fprintf(f, "Memory layout of %s\n", m->script->path);
	for (size_t i = 0; i < m->nregions; i++)
		region_block(f, r, m, &m->regions[i], items);
	size_t n = 0;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (!s->region && !model_section_unallocated(m, s))
			items[n++] = (struct item){s->vma.v, s->size.known ? s->size.v : 0,
						   s->vma.known, s, false};
	}
	qsort(items, n, sizeof *items, by_addr);
	if (n)
		fprintf(f, "%s\n", m->nregions ? "In no MEMORY region" : "Sections");
	for (size_t i = 0; i < n; i++)
		item_line(f, r, &items[i]);
	free(items);
}

void out_layout(FILE *f, const struct run *r)
{
	for (size_t i = 0; i < r->nmodels; i++) {
		if (i)
			fputc('\n', f);
		layout_one(f, r, r->models[i]);
	}
}
