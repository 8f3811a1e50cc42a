/*
 * A main() for the fuzz targets without libFuzzer: runs the target once
 * on each file named on the command line (a directory: on each file in
 * it), so a corpus can be replayed by any compiler's sanitizers or under
 * valgrind.  Run by 'make fuzz-replay'.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t runs;

/* Runs the target on 'path'; a file gone since its directory was listed
 * (a running fuzzer reduces its corpus) is skipped. */
static void run_file(const char *path, bool listed)
{
	FILE *f = fopen(path, "rb");
	if (!f && listed && errno == ENOENT)
		return;
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 4096, n = 0, got;
	uint8_t *buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	runs++;
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		run_file(path, false);
		return;
	}
	struct dirent **list;
	int n = scandir(path, &list, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			size_t len = strlen(path) + strlen(list[i]->d_name) + 2;
			char *p = xmalloc(len);
			snprintf(p, len, "%s/%s", path, list[i]->d_name);
			run_file(p, true);
			free(p);
		}
		free(list[i]);
	}
	free(list);
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%s: %zu inputs replayed\n", argv[0], runs);
	return 0;
}
