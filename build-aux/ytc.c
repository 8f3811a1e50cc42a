/*
 * ytc: writes the compiled form (lint/ytcache.h) of each YAML file named,
 * beside it, for `make`.  A file that does not parse gets none (and a
 * stale one is removed): ldlint then parses it and reports why.  A
 * compiled form is replaced only when its bytes change, through a
 * temporary file and rename, so that parallel builds may run it at once.
 *
 * usage: ytc FILE.yaml...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "util.h"
#include "ytcache.h"
#include "ytree.h"

/* Writes 'b' (n bytes) to 'path' unless it already holds them. */
static int write_if_changed(const char *path, const unsigned char *b, size_t n)
{
	size_t old_n;
	char *old = read_file(path, &old_n);
	bool same = old && old_n == n && memcmp(old, b, n) == 0;
	free(old);
	if (same)
		return 0;
	size_t len = strlen(path) + 32;
	char *tmp = xmalloc(len);
	snprintf(tmp, len, "%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(b, 1, n, f) == n;
	ok = f && fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "ytc: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return 1;
	}
	free(tmp);
	return 0;
}

static int compile(const char *path)
{
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	char *cpath = ytcache_path(path);
	size_t len;
	char *text = read_file(path, &len);
	struct ynode *root;
	int status = 0;
	if (!text) {
		fprintf(stderr, "ytc: cannot read '%s': %s\n", path, read_failure());
		status = 1;
	} else if (!ytree_parse(&arena, &d, path, text, len, &root)) {
		fprintf(stderr, "ytc: '%s' is not valid YAML: not compiled (ldlint "
			"says why when it reads it)\n", path);
		unlink(cpath);
	} else {
		size_t n;
		unsigned char *b = ytcache_encode(root, text, len, &n);
		status = write_if_changed(cpath, b, n);
		free(b);
	}
	free(text);
	free(cpath);
	arena_free(&arena);
	return status;
}

int main(int argc, char **argv)
{
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= compile(argv[i]);
	return status;
}
