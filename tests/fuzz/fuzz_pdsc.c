/*
 * libFuzzer target: the CMSIS pack description reader (xml.c and pdsc.c)
 * on arbitrary bytes, through the entry point --device-file FILE --chip
 * NAME uses.
 *
 * Each input is written to a scratch file and read for the chip named by
 * its first Dname="..." (STM32F411RE when it names none), so that a
 * mutated pack still reaches the memories of a chip it describes.  The
 * device goes through --show-device's text and JSON writers and the
 * findings through the text emitter, all into /dev/null.  A description
 * refused without a finding aborts.  Run by 'make fuzz-pdsc'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devdb.h"
#include "ldlint.h"
#include "out_device.h"
#include "rules.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static FILE *devnull;

static void cleanup(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(path, sizeof path, "/tmp/fuzz_pdsc.%ld.pdsc", (long)getpid());
	atexit(cleanup);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/* The value of the first Dname="NAME" (letters, digits, '_' and '-'), or
 * STM32F411RE. */
static void chip_of(const uint8_t *data, size_t size, char *chip, size_t cap)
{
	strcpy(chip, "STM32F411RE");
	for (size_t i = 0; i + 7 <= size; i++) {
		if (memcmp(data + i, "Dname=\"", 7))
			continue;
		size_t k = i + 7, n = 0;
		while (k < size && n + 1 < cap && data[k] != '"' && data[k] >= 0x21 &&
		       data[k] < 0x7F)
			chip[n++] = (char)data[k++];
		if (n) {
			chip[n] = '\0';
			return;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	bool ok = fwrite(data, 1, size, f) == size;
	if (fclose(f) != 0 || !ok)
		return 0;
	char chip[64];
	chip_of(data, size, chip, sizeof chip);
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct devdb db;
	devdb_init(&db, &d);
	const struct device *dev = devdb_device_file(&db, path, chip);
	if (dev) {
		out_device_text(devnull, dev);
		out_device_json(devnull, dev);
	} else if (!d.head) {
		abort();	/* refused without saying why */
	}
	diag_sort(&d);
	struct run r = {0};
	r.diag = &d;
	out_text(devnull, &r, false);
	devdb_free(&db);
	source_free_all();
	arena_free(&arena);
	return 0;
}
