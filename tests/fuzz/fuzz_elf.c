/*
 * libFuzzer target: the ELF reader on arbitrary bytes.  The reader maps
 * a file (ELF_C_READ_MMAP), so each input is written to a scratch file
 * first; then every query the rules make is run on the result.  Run by
 * 'make fuzz-elf'.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

/* Writes the input to this process's scratch file; false on I/O error. */
static bool put(const uint8_t *data, size_t size)
{
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_elf.%ld.elf", (long)getpid());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return false;
	bool ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	return ok;
}

/* What the reader promises of an image it accepts: no section or
 * segment runs past the top of the class's address space, and a file
 * without section headers has no sections. */
static void check_image(const struct elf_image *img)
{
	uint64_t top = img->elfclass == 64 ? UINT64_MAX : UINT32_MAX;
	for (size_t i = 0; i < img->nsections; i++) {
		const struct elf_section *s = &img->sections[i];
		if (s->size && (s->addr > top || s->size - 1 > top - s->addr))
			abort();
	}
	for (size_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *g = &img->segments[i];
		if (g->memsz && (g->vaddr > top || g->memsz - 1 > top - g->vaddr ||
				 g->paddr > top || g->memsz - 1 > top - g->paddr))
			abort();
		for (size_t k = 0; k < g->nsections; k++)
			if (g->sections[k] >= img->nsections)
				abort();
	}
	if (!img->has_sections && img->nsections)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!put(data, size))
		return 0;
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	static const char *const want[] = {"main", "_etext", NULL};
	struct elf_image *img = elf_read(path, want, &d);
	if (img) {
		uint32_t words[8];
		unsigned char buf[16];
		for (size_t i = 0; i < img->nsections; i++) {
			const struct elf_section *s = &img->sections[i];
			(void)elf_read_words(img, s->lma, words, 8);
			(void)elf_read_bytes(img, s->addr + s->size / 2, buf,
					     sizeof buf);
			(void)elf_section(img, s->name);
		}
		for (size_t i = 0; i < img->nsegments; i++)
			(void)elf_read_load_bytes(img, img->segments[i].paddr, buf,
						  sizeof buf);
		check_image(img);
		(void)elf_symbol(img, "_estack");
		(void)elf_read_load_bytes(img, img->entry, buf, 4);
		elf_free(img);
	} else if (!d.head) {
		abort();	/* refused without saying why */
	}
	arena_free(&arena);
	return 0;
}
