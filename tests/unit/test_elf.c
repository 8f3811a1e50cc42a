/*
 * elf: the ELF reader's edge cases on small images written here byte by
 * byte (ELF32, either byte order): load addresses from segments, reads
 * across sections, symbol choice, extended section numbering, a file
 * without section headers, the top of the address space, ELF files that
 * are not a linked image and the malformed-header messages.  Whole linked images are compared with
 * readelf in tests/readers_check.py.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "unit.h"
#include "rules.h"

/* A section of a test image. */
struct tsec {
	const char *name;
	uint32_t type, flags, addr, size;
	const unsigned char *data;	/* size bytes unless NOBITS */
	uint32_t link, info, entsize;
};

/* A PT_LOAD of a test image: sections first..last (1-based). */
struct tseg {
	uint32_t vaddr, paddr, flags;
	int first, last;
};

struct out {
	unsigned char buf[4096];
	size_t n;
	bool be;
};

static void put(struct out *o, uint32_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		o->buf[o->n + i] = (unsigned char)(v >> (8 * (o->be ?
							       size - 1 - i : i)));
	o->n += size;
}

static void put_at(struct out *o, size_t at, uint32_t v, unsigned size)
{
	size_t keep = o->n;
	o->n = at;
	put(o, v, size);
	o->n = keep;
}

static char path[64];

/* Writes an ELF32 image with sections 1..n (names in .shstrtab, added
 * last), the segments, and returns its path.  'xnum' stores the section
 * count in section 0 (extended numbering). */
static const char *image(bool be, const struct tsec *secs, int n,
			 const struct tseg *segs, int nseg, bool xnum)
{
	struct out o = {.be = be};
	memcpy(o.buf, "\177ELF\1", 5);
	o.buf[5] = be ? 2 : 1;
	o.buf[6] = 1;
	o.n = 16;
	put(&o, 2, 2);		/* ET_EXEC */
	put(&o, 40, 2);		/* EM_ARM */
	put(&o, 1, 4);
	put(&o, 0x08000009, 4);	/* entry */
	put(&o, nseg ? 52 : 0, 4);
	size_t shoff_at = o.n;
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, 52, 2);
	put(&o, 32, 2);
	put(&o, (uint32_t)nseg, 2);
	put(&o, 40, 2);
	put(&o, xnum ? 0 : (uint32_t)n + 2, 2);
	put(&o, (uint32_t)n + 1, 2);
	size_t ph_at = o.n;
	o.n += 32 * (size_t)nseg;
	uint32_t off[16];
	for (int i = 0; i < n; i++) {
		o.n = (o.n + 3) & ~(size_t)3;
		off[i] = (uint32_t)o.n;
		if (secs[i].type != 8) {
			memcpy(o.buf + o.n, secs[i].data, secs[i].size);
			o.n += secs[i].size;
		}
	}
	uint32_t names_at = (uint32_t)o.n, name_off[16];
	o.buf[o.n++] = 0;
	for (int i = 0; i < n; i++) {
		name_off[i] = (uint32_t)o.n - names_at;
		size_t l = strlen(secs[i].name) + 1;
		memcpy(o.buf + o.n, secs[i].name, l);
		o.n += l;
	}
	uint32_t shstr_name = (uint32_t)o.n - names_at;
	memcpy(o.buf + o.n, ".shstrtab", 10);
	o.n += 10;
	uint32_t names_size = (uint32_t)o.n - names_at;
	for (int k = 0; k < nseg; k++) {
		const struct tseg *g = &segs[k];
		const struct tsec *a = &secs[g->first - 1], *b = &secs[g->last - 1];
		uint32_t fend = off[g->first - 1];
		for (int i = g->first; i <= g->last; i++)
			if (secs[i - 1].type != 8)
				fend = off[i - 1] + secs[i - 1].size;
		size_t at = ph_at + 32 * (size_t)k;
		put_at(&o, at, 1, 4);
		put_at(&o, at + 4, off[g->first - 1], 4);
		put_at(&o, at + 8, g->vaddr, 4);
		put_at(&o, at + 12, g->paddr, 4);
		put_at(&o, at + 16, fend - off[g->first - 1], 4);
		put_at(&o, at + 20, b->addr + b->size - a->addr, 4);
		put_at(&o, at + 24, g->flags, 4);
		put_at(&o, at + 28, 4, 4);
	}
	o.n = (o.n + 3) & ~(size_t)3;
	put_at(&o, shoff_at, (uint32_t)o.n, 4);
	/* section 0 */
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, xnum ? (uint32_t)n + 2 : 0, 4);
	for (int i = 0; i < 4; i++)
		put(&o, 0, 4);
	for (int i = 0; i < n; i++) {
		put(&o, name_off[i], 4);
		put(&o, secs[i].type, 4);
		put(&o, secs[i].flags, 4);
		put(&o, secs[i].addr, 4);
		put(&o, off[i], 4);
		put(&o, secs[i].size, 4);
		put(&o, secs[i].link, 4);
		put(&o, secs[i].info, 4);
		put(&o, 4, 4);
		put(&o, secs[i].entsize, 4);
	}
	put(&o, shstr_name, 4);
	put(&o, 3, 4);
	put(&o, 0, 4);
	put(&o, 0, 4);
	put(&o, names_at, 4);
	put(&o, names_size, 4);
	for (int i = 0; i < 4; i++)
		put(&o, i == 2 ? 1 : 0, 4);
	ck_assert_uint_lt(o.n, sizeof o.buf);
	strcpy(path, "/tmp/ldlint-elf-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, o.buf, o.n), (ssize_t)o.n);
	close(fd);
	return path;
}

static const unsigned char vec_le[16] = {0x00, 0x10, 0x00, 0x20,
					 0x09, 0x00, 0x00, 0x08,
					 0x0b, 0x00, 0x00, 0x08, 1, 2, 3, 4};
static const unsigned char code[8] = {0xaa, 0xbb, 0xcc, 0xdd,
				      0xee, 0xff, 0x11, 0x22};

/* Vectors and code in flash, .data loaded from flash, .bss after it. */
static const char *firmware(bool be)
{
	static unsigned char vec[16];
	for (int i = 0; i < 16; i += 4)
		for (int k = 0; k < 4; k++)
			vec[i + k] = vec_le[i + (be ? 3 - k : k)];
	static const unsigned char data[4] = {1, 2, 3, 4};
	const struct tsec secs[] = {
		{".isr_vector", 1, 2, 0x08000000, 16, vec, 0, 0, 0},
		{".text", 1, 6, 0x08000010, 8, code, 0, 0, 0},
		{".data", 1, 3, 0x20000000, 4, data, 0, 0, 0},
		{".bss", 8, 3, 0x20000004, 0x100, NULL, 0, 0, 0},
		{".comment", 1, 0, 0, 4, data, 0, 0, 0},
	};
	const struct tseg segs[] = {
		{0x08000000, 0x08000000, 5, 1, 2},
		{0x20000000, 0x08000018, 6, 3, 4},
	};
	return image(be, secs, 5, segs, 2, false);
}

START_TEST(load_addresses_and_words)
{
	for (int be = 0; be < 2; be++) {
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		const char *p = firmware(be);
		ck_assert(elf_is_elf(p));
		struct elf_image *img = elf_read(p, NULL, &d);
		unlink(p);
		ck_assert_ptr_nonnull(img);
		ck_assert_int_eq(img->big_endian, be);
		ck_assert_int_eq(img->elfclass, 32);
		ck_assert_uint_eq(img->nsections, 4);	/* .comment is not alloc */
		const struct elf_section *bss = elf_section(img, ".bss");
		ck_assert_ptr_nonnull(bss);
		ck_assert(bss->has_segment);
		ck_assert_uint_eq(bss->lma, 0x0800001c);
		ck_assert_uint_eq(elf_section(img, ".data")->lma, 0x08000018);
		ck_assert_uint_eq(img->nsegments, 2);
		ck_assert_uint_eq(img->segments[1].nsections, 2);
		uint32_t w[4];
		ck_assert(elf_read_words(img, 0x08000000, w, 4));
		ck_assert_uint_eq(w[0], 0x20001000);
		ck_assert_uint_eq(w[1], 0x08000009);
		/* across .isr_vector into .text */
		unsigned char b[8];
		ck_assert(elf_read_bytes(img, 0x0800000c, b, 8));
		ck_assert_uint_eq(b[4], 0xaa);
		ck_assert_uint_eq(b[7], 0xdd);
		/* .data's bytes are at its load address too */
		ck_assert(elf_read_load_bytes(img, 0x08000018, b, 4));
		ck_assert_uint_eq(b[3], 4);
		ck_assert(!elf_read_bytes(img, 0x20000004, b, 4));	/* NOBITS */
		ck_assert(!elf_read_bytes(img, 0x08000014, b, 8));	/* past end */
		elf_free(img);
		arena_free(&a);
	}
}
END_TEST

/* A symbol table: locals first, as ld writes it. */
static const unsigned char *symtab(size_t *size, unsigned char *str,
				   size_t *strsize)
{
	static unsigned char t[16 * 4];
	static const char names[] = "\0_estack\0main\0main\0";
	memcpy(str, names, sizeof names);
	*strsize = sizeof names;
	memset(t, 0, sizeof t);
	/* 1: local main = 0x100, 2: global main = 0x08000011, 3: _estack */
	struct { uint32_t name, value, size; unsigned char info; uint16_t shndx; }
		syms[] = {{14, 0x100, 0, 0x02, 1}, {9, 0x08000011, 8, 0x12, 2},
			  {1, 0x20001000, 0, 0x10, 0xfff1}};
	for (int i = 0; i < 3; i++) {
		unsigned char *e = t + 16 * (i + 1);
		memcpy(e, &syms[i].name, 4);
		memcpy(e + 4, &syms[i].value, 4);
		memcpy(e + 8, &syms[i].size, 4);
		e[12] = syms[i].info;
		memcpy(e + 14, &syms[i].shndx, 2);
	}
	*size = sizeof t;
	return t;
}

START_TEST(symbols_prefer_global)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	unsigned char str[32];
	size_t ssize, strsize;
	const unsigned char *st = symtab(&ssize, str, &strsize);
	const struct tsec secs[] = {
		{".text", 1, 6, 0x08000010, 8, code, 0, 0, 0},
		{".symtab", 2, 0, 0, (uint32_t)ssize, st, 3, 2, 16},
		{".strtab", 3, 0, 0, (uint32_t)strsize, str, 0, 0, 0},
	};
	const struct tseg segs[] = {{0x08000010, 0x08000010, 5, 1, 1}};
	const char *p = image(false, secs, 3, segs, 1, true);	/* extended */
	static const char *const want[] = {"main", "absent", "_estack",
					   "__StackTop", NULL};
	struct elf_image *img = elf_read(p, want, &d);
	unlink(p);
	ck_assert_ptr_nonnull(img);
	const struct elf_symbol *m = elf_symbol(img, "main");
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->value, 0x08000011);
	ck_assert_uint_eq(m->bind, 1);
	ck_assert_uint_eq(elf_symbol(img, "_estack")->shndx, 0xfff1);
	ck_assert_ptr_null(elf_symbol(img, "absent"));
	ck_assert_ptr_null(elf_symbol(img, "__StackTop"));
	elf_free(img);
	arena_free(&a);
}
END_TEST

START_TEST(bad_symbol_name_and_entsize)
{
	unsigned char str[32];
	size_t ssize, strsize;
	const unsigned char *st = symtab(&ssize, str, &strsize);
	for (int k = 0; k < 2; k++) {
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		const struct tsec secs[] = {
			{".text", 1, 6, 0x08000010, 8, code, 0, 0, 0},
			{".symtab", 2, 0, 0, (uint32_t)ssize, st, 3, 2,
			 k ? 0 : 16},
			{".strtab", 3, 0, 0, k ? (uint32_t)strsize : 9, str, 0,
			 0, 0},
		};
		const char *p = image(false, secs, 3, NULL, 0, false);
		static const char *const want[] = {"main", NULL};
		ck_assert_ptr_null(elf_read(p, want, &d));
		unlink(p);
		ck_assert_ptr_nonnull(d.head);
		ck_assert_int_eq(d.head->rule, RULE_ELF_FILE);
		ck_assert_ptr_nonnull(strstr(d.head->message, k ?
			"has entry size 0 (expected 16)" :
			"is past the end of its string table"));
		arena_free(&a);
	}
}
END_TEST

START_TEST(zero_size_section_at_segment_end)
{
	/* like ld's empty .data right after the flash segment's bytes: in
	 * no segment, so its load address is its address */
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	const struct tsec secs[] = {
		{".text", 1, 6, 0x08000000, 8, code, 0, 0, 0},
		{".data", 1, 3, 0x08000008, 0, code, 0, 0, 0},
	};
	const struct tseg segs[] = {{0x08000000, 0x08000000, 5, 1, 1}};
	const char *p = image(false, secs, 2, segs, 1, false);
	struct elf_image *img = elf_read(p, NULL, &d);
	unlink(p);
	ck_assert_ptr_nonnull(img);
	const struct elf_section *s = elf_section(img, ".data");
	ck_assert(!s->has_segment);
	ck_assert_uint_eq(s->lma, s->addr);
	ck_assert_uint_eq(img->segments[0].nsections, 1);
	elf_free(img);
	arena_free(&a);
}
END_TEST

START_TEST(header_errors)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	const char *p = firmware(false);
	/* cut the file in the middle of the section headers */
	ck_assert_int_eq(truncate(p, 300), 0);
	ck_assert_ptr_null(elf_read(p, NULL, &d));
	ck_assert_ptr_nonnull(strstr(d.head->message, "is past the end of the "
				     "file (size 300)"));
	ck_assert_str_eq(d.head->loc.file, p);
	ck_assert_uint_eq(d.head->loc.line, 0);
	unlink(p);
	ck_assert_ptr_null(elf_read(p, NULL, &d));
	ck_assert_ptr_nonnull(strstr(d.head->next->message, "cannot open"));
	ck_assert(!elf_is_elf(p));
	arena_free(&a);
}
END_TEST

/* Overwrites 'size' bytes of the file at 'at' (little endian). */
static void poke(const char *p, off_t at, uint32_t v, unsigned size)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	int fd = open(p, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, b, size, at), (ssize_t)size);
	close(fd);
}

START_TEST(segments_only)
{
	/* e_shoff, e_shnum, e_shstrndx zeroed: the program headers alone */
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	const char *p = firmware(false);
	poke(p, 32, 0, 4);
	poke(p, 48, 0, 4);
	static const char *const want[] = {"main", NULL};
	struct elf_image *img = elf_read(p, want, &d);
	unlink(p);
	ck_assert_ptr_nonnull(img);
	ck_assert(!img->has_sections);
	ck_assert_uint_eq(img->nsections, 0);
	ck_assert_uint_eq(img->nsymbols, 0);
	ck_assert_uint_eq(img->nsegments, 2);
	uint32_t w[2];
	ck_assert(elf_read_words(img, 0x08000000, w, 2));
	ck_assert_uint_eq(w[1], 0x08000009);
	unsigned char b[4];
	/* .data: its bytes at its load address and at its run address */
	ck_assert(elf_read_load_bytes(img, 0x08000018, b, 4));
	ck_assert_uint_eq(b[3], 4);
	ck_assert(elf_read_bytes(img, 0x20000000, b, 4));
	ck_assert_uint_eq(b[0], 1);
	ck_assert(!elf_read_bytes(img, 0x20000004, b, 4));	/* memsz only */
	elf_free(img);
	arena_free(&a);
}
END_TEST

START_TEST(top_of_address_space)
{
	/* a section may end at 2^32, not one byte further */
	for (uint32_t size = 16; size <= 17; size++) {
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		static unsigned char top[17];
		const struct tsec secs[] = {
			{".top", 1, 2, 0xfffffff0, size, top, 0, 0, 0},
		};
		const char *p = image(false, secs, 1, NULL, 0, false);
		struct elf_image *img = elf_read(p, NULL, &d);
		unlink(p);
		if (size == 16) {
			ck_assert_ptr_nonnull(img);
			unsigned char b[8];
			ck_assert(elf_read_bytes(img, 0xfffffff8, b, 8));
			ck_assert(!elf_read_bytes(img, 0xfffffffc, b, 8));
			elf_free(img);
		} else {
			ck_assert_ptr_null(img);
			ck_assert_ptr_nonnull(strstr(d.head->message, "address "
				"0xfffffff0 and size 0x11 wrap past the end of the "
				"32-bit address space"));
		}
		arena_free(&a);
	}
}
END_TEST

START_TEST(not_a_linked_image)
{
	static const char *const kinds[] = {"", "a relocatable object",
		"", "a shared object", "a core file"};
	for (uint32_t type = 1; type <= 4; type++) {
		if (type == 2)
			continue;
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		const char *p = firmware(false);
		poke(p, 16, type, 2);
		ck_assert_ptr_null(elf_read(p, NULL, &d));
		unlink(p);
		ck_assert_ptr_nonnull(strstr(d.head->message, kinds[type]));
		arena_free(&a);
	}
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	ck_assert_ptr_null(elf_read("/dev/null", NULL, &d));
	ck_assert_str_eq(d.head->message, "'/dev/null' is a character device, "
			 "not an ELF file: pass the ELF that the link wrote");
	ck_assert(!elf_is_elf("/dev/null"));
	arena_free(&a);
}
END_TEST

Suite *elf_suite(void)
{
	Suite *s = suite_create("elf");
	TCase *tc = tcase_create("elf");
	tcase_add_test(tc, load_addresses_and_words);
	tcase_add_test(tc, symbols_prefer_global);
	tcase_add_test(tc, bad_symbol_name_and_entsize);
	tcase_add_test(tc, zero_size_section_at_segment_end);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, segments_only);
	tcase_add_test(tc, top_of_address_space);
	tcase_add_test(tc, not_a_linked_image);
	suite_add_tcase(s, tc);
	return s;
}
