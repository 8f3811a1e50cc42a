/*
 * libFuzzer target: the device description reader (memmaps YAML: chips,
 * boards and loaders) on arbitrary bytes, through the entry points the
 * command line uses.
 *
 * The reader opens descriptions by path and checks that a file's 'id'
 * matches its name, so each input is written to a scratch directory as
 * ID.yaml, ID taken from its first 'id:' line (fuzz.yaml when it has
 * none).  The search path is the repository's memmaps/ (FUZZ_MEMMAPS), so
 * a board is merged over the real chip it extends and a loader is bound
 * to the first device it applies to.  The resolved device or bound loader
 * then goes through --show-device's text and JSON writers, and the
 * findings through the text emitter, all into /dev/null.  A description
 * refused without a finding aborts.  Run by 'make fuzz-device'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devdb.h"
#include "devfile.h"
#include "ldlint.h"
#include "out_device.h"
#include "rules.h"
#include "source.h"

#ifndef FUZZ_MEMMAPS
#define FUZZ_MEMMAPS "memmaps"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static FILE *devnull;

static void cleanup(void)
{
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(dir, sizeof dir, "/tmp/fuzz_device.%ld", (long)getpid());
	if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0)
		abort();
	atexit(cleanup);
	setenv("LDLINT_MEMMAPS", FUZZ_MEMMAPS, 0);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

/* The value of the first line "id: NAME" (NAME optionally quoted), or
 * "fuzz"; only characters an id may hold, so never a path. */
static void file_id(const uint8_t *data, size_t size, char *id, size_t cap)
{
	strcpy(id, "fuzz");
	for (size_t i = 0; i + 3 <= size; i++) {
		if ((i > 0 && data[i - 1] != '\n') || memcmp(data + i, "id:", 3))
			continue;
		size_t k = i + 3, n = 0;
		while (k < size && (data[k] == ' ' || data[k] == '"' ||
				    data[k] == '\''))
			k++;
		while (k < size && n + 1 < cap && id_char((char)data[k]))
			id[n++] = (char)data[k++];
		if (n) {
			id[n] = '\0';
			return;
		}
	}
}

/* Writes the input to the scratch directory; its path, or NULL. */
static const char *put(const uint8_t *data, size_t size, char *path, size_t cap)
{
	char id[80];
	file_id(data, size, id, sizeof id);
	snprintf(path, cap, "%s/%s.yaml", dir, id);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	bool ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok ? path : NULL;
}

/* A plain id a loader applies to that the search path has, or NULL:
 * globs are not ids, and a missing id would make every run scan the
 * whole catalogue for a suggestion. */
static const char *applies_to(struct devdb *db, const struct ldr_raw *raw)
{
	if (!raw->head.napplies)
		return NULL;
	const char *id = raw->head.applies_to[0];
	for (const char *p = id; *p; p++)
		if (!id_char(*p))
			return NULL;
	return devdb_find(db, id);
}

static void show(struct devdb *db, const char *path, struct devfile *f)
{
	if (strcmp(f->kind, "loader") != 0) {
		const struct device *dev = devdb_device(db, path);
		if (dev) {
			out_device_text(devnull, dev);
			out_device_json(devnull, dev);
		}
		return;
	}
	const struct loader *l = devdb_loader(db, path, NULL);
	if (l) {
		out_loader_text(devnull, l, f->ldr);
		out_loader_json(devnull, l, f->ldr);
	}
	const char *dev_path = applies_to(db, f->ldr);
	const struct device *dev = dev_path ? devdb_device(db, dev_path) : NULL;
	if (dev && (l = devdb_loader(db, path, dev))) {
		out_loader_text(devnull, l, f->ldr);
		out_loader_json(devnull, l, f->ldr);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[160];
	const char *path = put(data, size, buf, sizeof buf);
	if (!path)
		return 0;
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct devdb db;
	devdb_init(&db, &d);
	struct devfile *f = devfile_read(&db, path);
	if (f)
		show(&db, path, f);
	else if (!d.head)
		abort();	/* refused without saying why */
	diag_sort(&d);
	struct run r = {0};
	r.diag = &d;
	out_text(devnull, &r, false);
	devdb_free(&db);
	source_free_all();
	arena_free(&arena);
	unlink(path);	/* rewriting a file in place can wait for the disk */
	return 0;
}
