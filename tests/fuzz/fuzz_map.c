/*
 * libFuzzer target: the map reader (GNU ld and ld.lld formats) on
 * arbitrary bytes.  The reader maps a file, so each input is written to a
 * scratch file first; then every slice it returns is checked to lie in
 * the mapping.  Run by 'make fuzz-map'.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapfile.h"
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

/* Aborts unless the slice lies in the mapping. */
static void inside(const struct map_image *m, struct slice s)
{
	if (s.n && (s.p < m->data || s.p + s.n > m->data + m->len))
		abort();
	if (s.n && memchr(s.p, '\n', s.n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!put(data, size))
		return 0;
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct map_image *m = map_read(path, &d);
	if (m) {
		for (size_t i = 0; i < m->nregions; i++) {
			inside(m, m->regions[i].name);
			inside(m, m->regions[i].attributes);
		}
		for (size_t i = 0; i < m->nsections; i++) {
			const struct map_section *s = &m->sections[i];
			inside(m, s->name);
			if (s->first_input + s->ninputs > m->ninputs ||
			    s->first_symbol + s->nsymbols > m->nsymbols)
				abort();
		}
		for (size_t i = 0; i < m->ninputs; i++) {
			inside(m, m->inputs[i].section);
			inside(m, m->inputs[i].file);
		}
		for (size_t i = 0; i < m->ndiscarded; i++) {
			inside(m, m->discarded[i].section);
			inside(m, m->discarded[i].file);
		}
		for (size_t i = 0; i < m->nsymbols; i++) {
			inside(m, m->symbols[i].name);
			if (m->symbols[i].section != MAP_NONE &&
			    m->symbols[i].section >= m->nsections)
				abort();
		}
		for (size_t i = 0; i < m->nmembers; i++) {
			inside(m, m->members[i].member);
			inside(m, m->members[i].file);
			inside(m, m->members[i].symbol);
		}
		(void)map_section(m, ".text");
		map_free(m);
	} else if (!d.head) {
		abort();	/* refused without saying why */
	}
	arena_free(&arena);
	return 0;
}
