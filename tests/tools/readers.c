/*
 * readers: loads an ELF or a map file with ldlint's readers and prints a
 * normalized listing, one fact per line, for tests/readers_check.py to
 * compare with readelf and with each other.  Not installed.
 *
 *   readers elf FILE [SYMBOL...]     sections, segments, symbols (those
 *                                    of model_wanted_symbols and SYMBOLs)
 *   readers words FILE LMA N         N 32-bit words at load address LMA
 *   readers map FILE                 regions, sections (with the sums of
 *                                    their inputs by the model's classes
 *                                    and per input file), inputs, symbols
 *   readers objects DIR [OBJ SECTION SIZE]...
 *                                    what the bytes of each input section
 *                                    are (objects.h): zero, nonzero or
 *                                    unknown
 *
 * Findings go to stderr as 'file:line:col: error: message [rule]'; the
 * exit status is 2 when the reader refused the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "elf.h"
#include "model.h"
#include "mapfile.h"
#include "objects.h"
#include "rules.h"

static int report(struct diag *d)
{
	int n = 0;
	for (struct finding *f = d->head; f; f = f->next, n++) {
		fprintf(stderr, "%s:", f->loc.file ? f->loc.file : "ldlint");
		if (f->loc.line)
			fprintf(stderr, "%u:", f->loc.line);
		if (f->loc.line && f->loc.col)
			fprintf(stderr, "%u:", f->loc.col);
		fprintf(stderr, " %s: %s [%s]\n", severity_name(f->severity),
			f->message, rule_table[f->rule].id);
	}
	return n;
}

static const char *sh_type(unsigned t)
{
	switch (t) {
	case 1: return "progbits";
	case 8: return "nobits";
	case 7: return "note";
	case 14: return "init_array";
	case 15: return "fini_array";
	case 16: return "preinit_array";
	default: return "other";
	}
}

static int do_elf(const char *path, char **syms, struct diag *d)
{
	struct elf_image *img = elf_read(path, (const char *const *)syms, d);
	if (!img)
		return 2;
	printf("elf class=%d endian=%s machine=%u entry=0x%llx\n",
	       img->elfclass, img->big_endian ? "big" : "little", img->machine,
	       (unsigned long long)img->entry);
	for (size_t i = 0; i < img->nsections; i++) {
		const struct elf_section *s = &img->sections[i];
		printf("section %s index=%u type=%s flags=%s%s%s addr=0x%llx "
		       "lma=0x%llx size=0x%llx align=%llu segment=%s\n",
		       s->name, s->index, sh_type(s->type),
		       s->flags & 1 ? "w" : "", s->flags & 2 ? "a" : "",
		       s->flags & 4 ? "x" : "", (unsigned long long)s->addr,
		       (unsigned long long)s->lma, (unsigned long long)s->size,
		       (unsigned long long)s->align, s->has_segment ? "yes" : "no");
	}
	for (size_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *g = &img->segments[i];
		printf("segment type=0x%x offset=0x%llx vaddr=0x%llx paddr=0x%llx "
		       "filesz=0x%llx memsz=0x%llx flags=%c%c%c sections=",
		       (unsigned)g->type, (unsigned long long)g->offset,
		       (unsigned long long)g->vaddr, (unsigned long long)g->paddr,
		       (unsigned long long)g->filesz, (unsigned long long)g->memsz,
		       g->flags & 4 ? 'r' : '-', g->flags & 2 ? 'w' : '-',
		       g->flags & 1 ? 'x' : '-');
		for (size_t k = 0; k < g->nsections; k++)
			printf("%s%s", k ? "," : "", img->sections[g->sections[k]].name);
		printf("\n");
	}
	for (size_t i = 0; i < img->nsymbols; i++) {
		const struct elf_symbol *y = &img->symbols[i];
		printf("symbol %s value=0x%llx size=0x%llx type=%u bind=%u "
		       "shndx=%u\n", y->name, (unsigned long long)y->value,
		       (unsigned long long)y->size, y->type, y->bind, y->shndx);
	}
	elf_free(img);
	return 0;
}

static int do_words(const char *path, const char *addr, const char *count,
		    struct diag *d)
{
	struct elf_image *img = elf_read(path, NULL, d);
	if (!img)
		return 2;
	unsigned long long lma = strtoull(addr, NULL, 0);
	size_t n = strtoul(count, NULL, 0);
	uint32_t *w = calloc(n ? n : 1, sizeof *w);
	int status = 0;
	if (!w || !elf_read_words(img, lma, w, n)) {
		printf("words unreadable\n");
		status = 1;
	} else {
		for (size_t i = 0; i < n; i++)
			printf("word 0x%llx 0x%08x\n", lma + 4 * i, (unsigned)w[i]);
	}
	free(w);
	elf_free(img);
	return status;
}

static void slice_out(const char *key, struct slice s)
{
	printf(" %s=%.*s", key, (int)s.n, s.p);
}

static void input_out(const char *kind, const struct map_input *in)
{
	printf("%s", kind);
	slice_out("section", in->section);
	slice_out("file", in->file);
	printf(" addr=0x%llx size=0x%llx%s%s line=%u\n",
	       (unsigned long long)in->addr, (unsigned long long)in->size,
	       in->fill ? " fill" : "", in->data ? " data" : "", in->line);
}

static int do_map(const char *path, struct diag *d)
{
	/* the model's classes, and everything listed */
	struct model *model = model_new();
	struct map_options opt;
	model_map_options(model, &opt);
	opt.every_input = opt.every_symbol = true;
	struct map_image *m = map_read(path, &opt, d);
	model_free(model);
	if (!m)
		return 2;
	printf("map format=%s\n", m->format == MAP_GNU ? "gnu" : "lld");
	for (size_t i = 0; i < m->nmembers; i++) {
		const struct map_member *b = &m->members[i];
		printf("member");
		slice_out("member", b->member);
		slice_out("file", b->file);
		slice_out("symbol", b->symbol);
		printf(" line=%u\n", b->line);
	}
	for (size_t i = 0; i < m->ndiscarded; i++)
		input_out("discarded", &m->discarded[i]);
	for (size_t i = 0; i < m->nregions; i++) {
		const struct map_region *r = &m->regions[i];
		printf("region");
		slice_out("name", r->name);
		printf(" origin=0x%llx length=0x%llx",
		       (unsigned long long)r->origin, (unsigned long long)r->length);
		slice_out("attributes", r->attributes);
		printf(" line=%u\n", r->line);
	}
	for (size_t i = 0; i < m->nsymbols; i++) {
		const struct map_symbol *y = &m->symbols[i];
		if (y->section != MAP_NONE)
			continue;
		printf("symbol");
		slice_out("name", y->name);
		printf(" value=0x%llx%s%s line=%u\n", (unsigned long long)y->value,
		       y->assigned ? " assigned" : "",
		       y->has_value ? "" : " (location)", y->line);
	}
	for (size_t i = 0; i < m->nsections; i++) {
		const struct map_section *s = &m->sections[i];
		printf("section");
		slice_out("name", s->name);
		printf(" vma=0x%llx lma=0x%llx%s size=0x%llx%s%s line=%u\n",
		       (unsigned long long)s->vma, (unsigned long long)s->lma,
		       s->has_lma ? "" : " (no-lma)", (unsigned long long)s->size,
		       s->noload ? " noload" : "", s->nonalloc ? " nonalloc" : "",
		       s->line);
		printf("  sum inputs=%zu bytes=0x%llx zero=%zu init=%zu data=%zu "
		       "bss=%zu unknown=%zu fill=%zu/0x%llx statements=%zu/0x%llx\n",
		       s->sum.ninputs, (unsigned long long)s->sum.input_bytes,
		       s->sum.nclass[MAP_ZERO_BIT], s->sum.nclass[MAP_INIT_BIT],
		       s->sum.nclass[MAP_DATA_BIT], s->sum.nclass[MAP_BSS_BIT],
		       s->sum.nunknown, s->sum.nfill,
		       (unsigned long long)s->sum.fill_bytes, s->sum.ndata,
		       (unsigned long long)s->sum.data_bytes);
		for (size_t k = 0; k < s->ninputs; k++)
			input_out("  input", &m->inputs[s->first_input + k]);
		for (size_t k = 0; k < s->ncontribs; k++) {
			const struct map_contrib *c = &m->contribs[s->first_contrib + k];
			printf("  contrib");
			slice_out("file", c->file);
			printf(" bytes=0x%llx\n", (unsigned long long)c->bytes);
		}
		for (size_t k = 0; k < s->nsymbols; k++) {
			const struct map_symbol *y = &m->symbols[s->first_symbol + k];
			printf("  symbol");
			slice_out("name", y->name);
			printf(" value=0x%llx%s%s line=%u\n",
			       (unsigned long long)y->value,
			       y->assigned ? " assigned" : "",
			       y->has_value ? "" : " (location)", y->line);
		}
	}
	map_free(m);
	return 0;
}

static int do_objects(const char *dir, char **spec, int n)
{
	const char *dirs[] = {dir, NULL};
	static const char *const names[] = {"unknown", "zero", "nonzero"};
	struct objects *o = objects_new(dirs);
	for (int i = 0; i + 2 < n; i += 3) {
		enum obj_bytes b = objects_bytes(o, spec[i], spec[i + 1],
						 strtoull(spec[i + 2], NULL, 0));
		printf("%s %s %s\n", spec[i], spec[i + 1], names[b]);
	}
	printf("read %u\n", objects_read_count(o));
	objects_free(o);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: readers elf FILE [SYMBOL...] | words FILE LMA N | "
		      "map FILE | objects DIR [OBJ SECTION SIZE]...\n", stderr);
		return 2;
	}
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	int status;
	if (strcmp(argv[1], "elf") == 0) {
		/* model_wanted_symbols and the names on the command line */
		size_t n = 0;
		while (model_wanted_symbols[n])
			n++;
		char **syms = calloc(n + (size_t)argc, sizeof *syms);
		for (size_t i = 0; i < n; i++)
			syms[i] = (char *)model_wanted_symbols[i];
		for (int i = 3; i < argc; i++)
			syms[n + (size_t)i - 3] = argv[i];
		status = do_elf(argv[2], syms, &d);
		free(syms);
	} else if (strcmp(argv[1], "words") == 0 && argc == 5) {
		status = do_words(argv[2], argv[3], argv[4], &d);
	} else if (strcmp(argv[1], "map") == 0) {
		status = do_map(argv[2], &d);
	} else if (strcmp(argv[1], "objects") == 0) {
		status = do_objects(argv[2], argv + 3, argc - 3);
	} else {
		fprintf(stderr, "readers: unknown command '%s'\n", argv[1]);
		status = 2;
	}
	if (report(&d) && status == 0)
		status = 2;
	arena_free(&arena);
	return status;
}
