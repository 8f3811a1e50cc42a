/*
 * out_layout: the memory picture in the terminal.  Each MEMORY region with
 * its address range, size and attributes, then the output sections placed
 * in it in script order with the addresses known so far.  Fits in 100
 * columns.
 */
#include <inttypes.h>
#include <string.h>

#include "ldlint.h"

static void human_size(char *buf, size_t n, uint64_t v)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		snprintf(buf, n, "%" PRIu64 " MiB", v / (1024 * 1024));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, n, "%" PRIu64 " KiB", v / 1024);
	else
		snprintf(buf, n, "%" PRIu64 " B", v);
}

static void addr(char *buf, size_t n, struct val v)
{
	if (v.known)
		snprintf(buf, n, "0x%08" PRIx64, v.v);
	else
		snprintf(buf, n, "%10s", "?");
}

static void section_line(FILE *f, const struct model_section *s, bool color)
{
	char vma[24], lma[24], size[24];
	addr(vma, sizeof vma, s->vma);
	addr(lma, sizeof lma, s->lma);
	if (s->size.known)
		snprintf(size, sizeof size, "%" PRIu64, s->size.v);
	else
		snprintf(size, sizeof size, "?");
	fprintf(f, "    %s%-22s%s %s", color ? "\033[1m" : "", s->name,
		color ? "\033[0m" : "", vma);
	if (s->lma_region || (s->lma.known && s->vma.known && s->lma.v != s->vma.v))
		fprintf(f, "  load %s%s%s", lma, s->lma_region ? " in " : "",
			s->lma_region ? s->lma_region : "");
	fprintf(f, "  size %s", size);
	if (s->script_type)
		fprintf(f, "  (%s)", s->script_type);
	fprintf(f, "  %s:%u\n", s->loc.file, s->loc.line);
}

static void layout_one(FILE *f, const struct run *r, const struct model *m)
{
	fprintf(f, "Memory regions (%s)\n", m->script->path);
	for (size_t i = 0; i < m->nregions; i++) {
		const struct model_region *reg = &m->regions[i];
		char o[24], end[24], size[24];
		addr(o, sizeof o, reg->origin);
		struct val e = {reg->origin.known && reg->length.known && reg->length.v,
				reg->origin.v + reg->length.v - 1};
		addr(end, sizeof end, e);
		if (reg->length.known)
			human_size(size, sizeof size, reg->length.v);
		else
			snprintf(size, sizeof size, "?");
		fprintf(f, "  %s%-12s%s %s-%s  %10s  %s\n", r->color ? "\033[1;36m" : "",
			reg->name, r->color ? "\033[0m" : "", o, end, size,
			reg->attributes[0] ? reg->attributes : "-");
		for (size_t a = 0; a < m->naliases; a++)
			if (strcmp(m->aliases[a].region, reg->name) == 0)
				fprintf(f, "    alias %s\n", m->aliases[a].alias);
		for (size_t s = 0; s < m->nsections; s++)
			if (m->sections[s].region &&
			    strcmp(m->sections[s].region, reg->name) == 0)
				section_line(f, &m->sections[s], r->color);
	}
	bool header = false;
	for (size_t s = 0; s < m->nsections; s++) {
		if (m->sections[s].region)
			continue;
		if (!header) {
			fprintf(f, "%s\n", m->nregions ? "Sections without '> REGION'" :
				"Sections");
			header = true;
		}
		section_line(f, &m->sections[s], r->color);
	}
}

void out_layout(FILE *f, const struct run *r)
{
	for (size_t i = 0; i < r->nmodels; i++) {
		if (i)
			fputc('\n', f);
		layout_one(f, r, r->models[i]);
	}
}
