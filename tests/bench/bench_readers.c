/*
 * bench_readers: times one read of a map or an ELF file with ldlint's
 * readers, for tests/bench/bench.sh.  Prints what was read, the time of
 * the read alone and the peak resident memory of the process image
 * (VmHWM; getrusage's maxrss would include the parent's memory from
 * before exec).
 *
 *   bench_readers map FILE | elf FILE | elf-syms FILE
 *
 * 'map' keeps what ldlint keeps; 'elf' reads the headers, as 'readelf
 * -lSW' does; 'elf-syms' also looks up model_wanted_symbols in the symbol
 * table, as ldlint does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "elf.h"
#include "model.h"
#include "mapfile.h"
#include "rules.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: bench_readers map|elf|elf-syms FILE\n", stderr);
		return 2;
	}
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	double t0 = now();
	int status = 0;
	if (strcmp(argv[1], "map") == 0) {
		/* what ldlint keeps: the model's classes and symbols */
		struct model *model = model_new();
		struct map_options opt;
		model_map_options(model, &opt);
		opt.symbols = model_wanted_symbols;
		struct map_image *m = map_read(argv[2], &opt, &d);
		double t = now() - t0;
		model_free(model);
		if (!m) {
			status = 2;
		} else {
			size_t n = 0;
			for (size_t i = 0; i < m->nsections; i++)
				n += m->sections[i].sum.ninputs;
			printf("map sections=%zu inputs=%zu listed=%zu files=%zu "
			       "symbols=%zu read_ms=%.2f\n", m->nsections, n,
			       m->ninputs, m->ncontribs, m->nsymbols, t * 1e3);
			map_free(m);
		}
	} else {
		bool syms = strcmp(argv[1], "elf-syms") == 0;
		struct elf_image *img = elf_read(argv[2],
						 syms ? model_wanted_symbols : NULL,
						 &d);
		double t = now() - t0;
		if (!img) {
			status = 2;
		} else {
			printf("elf sections=%zu segments=%zu symbols=%zu "
			       "read_ms=%.2f\n", img->nsections, img->nsegments,
			       img->nsymbols, t * 1e3);
			elf_free(img);
		}
	}
	for (struct finding *f = d.head; f; f = f->next)
		fprintf(stderr, "%s: %s\n", f->loc.file, f->message);
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			printf("peak_kb=%ld\n", strtol(line + 6, NULL, 10));
	if (f)
		fclose(f);
	arena_free(&arena);
	return status;
}
