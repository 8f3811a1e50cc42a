/*
 * libFuzzer target: the map reader (GNU ld and ld.lld formats) on
 * arbitrary bytes.  The reader reads a file, so each input is written to
 * a scratch file first.  Inputs of odd length are read keeping
 * everything (every input and symbol listed), even ones as ldlint reads
 * them (the model's classes, its wanted symbols).  Then the image is
 * checked: names are single lines, every range lies in its array, and
 * the per-file totals add up to each section's input sections.  Run by
 * 'make fuzz-map'.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapfile.h"
#include "model.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static bool put(const uint8_t *data, size_t size)
{
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_map.%ld.map", (long)getpid());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return false;
	bool ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	return ok;
}

/* Aborts unless the name is one line of the file. */
static void name_ok(const struct map_image *m, struct slice s)
{
	if (s.n && (!s.p || s.n > m->bytes || memchr(s.p, '\n', s.n)))
		abort();
}

static void range_ok(size_t first, size_t n, size_t total)
{
	if (first > total || n > total - first)
		abort();
}

static void check_section(const struct map_image *m, size_t i)
{
	const struct map_section *s = &m->sections[i];
	name_ok(m, s->name);
	range_ok(s->first_input, s->ninputs, m->ninputs);
	range_ok(s->first_symbol, s->nsymbols, m->nsymbols);
	range_ok(s->first_contrib, s->ncontribs, m->ncontribs);
	uint64_t bytes = 0;
	for (size_t k = 0; k < s->ncontribs; k++) {
		const struct map_contrib *c = &m->contribs[s->first_contrib + k];
		if (c->section != i)
			abort();
		name_ok(m, c->file);
		bytes += c->bytes;
	}
	if (bytes != s->sum.input_bytes || s->ncontribs > s->sum.ninputs)
		abort();
	for (size_t k = 0; k < s->ninputs; k++) {
		const struct map_input *in = &m->inputs[s->first_input + k];
		if (!s->listed && (in->fill || in->data || !MAP_IS_UNKNOWN(in->cls)))
			abort();	/* listed without being asked for */
	}
}

static void check(const struct map_image *m)
{
	for (size_t i = 0; i < m->nregions; i++) {
		name_ok(m, m->regions[i].name);
		name_ok(m, m->regions[i].attributes);
	}
	for (size_t i = 0; i < m->nsections; i++)
		check_section(m, i);
	for (size_t i = 0; i < m->ninputs; i++) {
		name_ok(m, m->inputs[i].section);
		name_ok(m, m->inputs[i].file);
	}
	for (size_t i = 0; i < m->ndiscarded; i++) {
		name_ok(m, m->discarded[i].section);
		name_ok(m, m->discarded[i].file);
	}
	for (size_t i = 0; i < m->nsymbols; i++) {
		name_ok(m, m->symbols[i].name);
		if (m->symbols[i].section != MAP_NONE &&
		    m->symbols[i].section >= m->nsections)
			abort();
	}
	for (size_t i = 0; i < m->nmembers; i++) {
		name_ok(m, m->members[i].member);
		name_ok(m, m->members[i].file);
		name_ok(m, m->members[i].symbol);
	}
	(void)map_section(m, ".text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!put(data, size))
		return 0;
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct model *model = model_new();
	struct map_options opt;
	model_map_options(model, &opt);
	opt.symbols = model_wanted_symbols;
	opt.every_input = opt.every_symbol = size & 1;
	struct map_image *m = map_read(path, &opt, &d);
	if (m) {
		check(m);
		map_free(m);
	} else if (!d.head) {
		abort();	/* refused without saying why */
	}
	model_free(model);
	arena_free(&arena);
	return 0;
}
