/*
 * libFuzzer target: the .ldlint.yaml reader on arbitrary bytes.  The
 * reader opens the file by path (-c), so each input is written to a
 * scratch directory as .ldlint.yaml first; the findings then go through
 * the text emitter into /dev/null.  A file refused without a finding
 * aborts.  Run by 'make fuzz-config'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ldlint.h"
#include "rules.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[80];
static FILE *devnull;

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(dir, sizeof dir, "/tmp/fuzz_config.%ld", (long)getpid());
	if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0)
		abort();
	snprintf(path, sizeof path, "%s/.ldlint.yaml", dir);
	atexit(cleanup);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	bool written = fwrite(data, 1, size, f) == size;
	if (fclose(f) != 0 || !written)
		return 0;
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct config cfg;
	if (!config_load(&cfg, path, &arena, &d) && !d.head)
		abort();	/* refused without saying why */
	diag_sort(&d);
	struct run r = {0};
	r.diag = &d;
	out_text(devnull, &r, false);
	source_free_all();
	arena_free(&arena);
	unlink(path);	/* rewriting a file in place can wait for the disk */
	return 0;
}
