/*
 * map: the map-file reader's edge cases on small hand-written maps in
 * GNU ld's and ld.lld's formats (the fixtures linked during 'make check'
 * cover whole real maps; see tests/readers_check.py).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapfile.h"
#include "unit.h"
#include "rules.h"

static char tmp_path[64];

/* Writes 'text' to a temporary file and reads it as a map. */
static struct map_image *read_text(const char *text, struct diag *d)
{
	strcpy(tmp_path, "/tmp/ldlint-map-XXXXXX");
	int fd = mkstemp(tmp_path);
	ck_assert_int_ge(fd, 0);
	size_t n = strlen(text);
	ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	struct map_image *m = map_read(tmp_path, d);
	unlink(tmp_path);
	return m;
}

/* The one finding's message, or "" */
static const char *message(const struct diag *d)
{
	return d->head ? d->head->message : "";
}

static bool seq(struct slice s, const char *str)
{
	return slice_eq(s, str);
}

#define GNU_HEAD "Memory Configuration\n\n" \
	"Name             Origin             Length             Attributes\n" \
	"FLASH            0x08000000         0x00080000         xr\n" \
	"RAM              0x20000000         0x00020000         rw !x\n" \
	"*default*        0x00000000         0xffffffff\n\n" \
	"Linker script and memory map\n\n"

START_TEST(gnu_wrapped_names)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct map_image *m = read_text(GNU_HEAD
		".a_long_output_section_name\n"
		"                0x08000000       0x10 load address 0x08001000\n"
		" *(.text*)\n"
		" .text.a_long_input_name\n"
		"                0x08000000        0xc build/main.o\n"
		"                0x08000000                main\n"
		"                                0x10 (size before relaxing)\n"
		" *fill*         0x0800000c        0x4 ff\n"
		"                0x08000010                        _etext = .\n",
		&d);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->format, MAP_GNU);
	ck_assert_uint_eq(m->nregions, 3);
	ck_assert(seq(m->regions[1].name, "RAM"));
	ck_assert(seq(m->regions[1].attributes, "rw !x"));
	ck_assert(seq(m->regions[2].attributes, ""));
	ck_assert_uint_eq(m->nsections, 1);
	const struct map_section *s = map_section(m, ".a_long_output_section_name");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->vma, 0x08000000);
	ck_assert(s->has_lma);
	ck_assert_uint_eq(s->lma, 0x08001000);
	ck_assert_uint_eq(s->line, 10);
	ck_assert_uint_eq(s->ninputs, 2);
	const struct map_input *in = &m->inputs[s->first_input];
	ck_assert(seq(in->section, ".text.a_long_input_name"));
	ck_assert(seq(in->file, "build/main.o"));
	ck_assert_uint_eq(in->size, 0xc);
	ck_assert_uint_eq(in->line, 13);
	ck_assert(in[1].fill);
	ck_assert_uint_eq(in[1].file.n, 0);
	ck_assert_uint_eq(s->nsymbols, 2);
	ck_assert(seq(m->symbols[0].name, "main"));
	ck_assert(!m->symbols[0].assigned);
	ck_assert(seq(m->symbols[1].name, "_etext"));
	ck_assert(m->symbols[1].assigned);
	ck_assert(m->symbols[1].has_value);
	ck_assert_uint_eq(m->symbols[1].value, 0x08000010);
	map_free(m);
	arena_free(&a);
}
END_TEST

START_TEST(gnu_sections_without_address)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	/* .ARM.exidx was empty, so ld printed its name and no numbers; the
	 * assignment after it is top level, and COMMON-like single-token
	 * statements are not input sections */
	struct map_image *m = read_text(GNU_HEAD
		".ARM.exidx\n"
		" *(.ARM.exidx*)\n"
		"                0x08000120                        "
		"_sidata = LOADADDR (.data)\n"
		"\n"
		".data           0x20000000       0x34 load address 0x08000120\n"
		" CONSTRUCTORS\n"
		"                0x20000000                        PROVIDE (__data = .)\n"
		"                [!provide]                        PROVIDE (unused = .)\n"
		"                0x20000034                        . = ALIGN (0x4)\n"
		"                0x20000010        0x4 LONG 0x1234\n"
		"\n"
		".bss            0x20000034        0x4 (NOLOAD)\n"
		"OUTPUT(app.elf elf32-littlearm)\n"
		"LOAD linker stubs\n", &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nsections, 2);
	ck_assert_ptr_null(map_section(m, ".ARM.exidx"));
	ck_assert_uint_eq(m->nsymbols, 2);
	ck_assert(seq(m->symbols[0].name, "_sidata"));
	ck_assert_uint_eq(m->symbols[0].section, MAP_NONE);
	ck_assert(seq(m->symbols[1].name, "__data"));
	ck_assert_uint_eq(m->symbols[1].section, 0);
	const struct map_section *s = map_section(m, ".data");
	ck_assert_uint_eq(s->ninputs, 1);
	ck_assert(m->inputs[s->first_input].data);
	ck_assert(seq(m->inputs[s->first_input].section, "LONG 0x1234"));
	ck_assert(map_section(m, ".bss")->noload);
	ck_assert(!map_section(m, ".data")->noload);
	map_free(m);
	arena_free(&a);
}
END_TEST

START_TEST(gnu_members_and_discarded)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct map_image *m = read_text(
		"Archive member included to satisfy reference by file (symbol)\n\n"
		"./libx.a(a1.o)                main.o (lib_add)\n"
		"/a/very/long/path/to/the/library/libc_nano.a(lib_a-memset.o)\n"
		"                              ./libx.a(a1.o) (memset)\n\n"
		"Discarded input sections\n\n"
		" .text          0x00000000        0x0 main.o\n"
		" .text.unused_function_with_long_name\n"
		"                0x00000000        0x8 ./libx.a(a1.o)\n\n"
		"Memory Configuration\n\n"
		"Name             Origin             Length             Attributes\n"
		"*default*        0x00000000         0xffffffff\n\n"
		"Linker script and memory map\n\n"
		".text           0x00000000        0x8\n"
		" .text          0x00000000        0x8 ./libx.a(a1.o)\n", &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nmembers, 2);
	ck_assert(seq(m->members[0].member, "./libx.a(a1.o)"));
	ck_assert(seq(m->members[0].file, "main.o"));
	ck_assert(seq(m->members[0].symbol, "lib_add"));
	ck_assert_uint_eq(m->members[1].line, 4);
	ck_assert(seq(m->members[1].file, "./libx.a(a1.o)"));
	ck_assert(seq(m->members[1].symbol, "memset"));
	ck_assert_uint_eq(m->ndiscarded, 2);
	ck_assert(seq(m->discarded[1].section,
		      ".text.unused_function_with_long_name"));
	ck_assert_uint_eq(m->discarded[1].size, 8);
	ck_assert(seq(m->inputs[0].file, "./libx.a(a1.o)"));
	map_free(m);
	arena_free(&a);
}
END_TEST

START_TEST(gnu_64bit_and_crlf)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct map_image *m = read_text(
		"Linker script and memory map\r\n\r\n"
		".text           0x00000000800000e8       0x12\r\n"
		" .text._start   0x00000000800000e8       0x12 start.o\r\n"
		"                0x00000000800000e8                _start\r\n"
		"                0x00000000800008fa                "
		"__global_pointer$ = MIN ((__SDATA_BEGIN__ + 0x800), 0x1)\r\n",
		&d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->sections[0].vma, 0x800000e8);
	ck_assert(seq(m->inputs[0].file, "start.o"));
	ck_assert(seq(m->symbols[0].name, "_start"));
	ck_assert(!m->symbols[0].assigned);
	ck_assert(seq(m->symbols[1].name, "__global_pointer$"));
	ck_assert(m->symbols[1].assigned);
	map_free(m);
	arena_free(&a);
}
END_TEST

START_TEST(lld_format)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct map_image *m = read_text(
		"     VMA      LMA     Size Align Out     In      Symbol\n"
		"       0        0 20000000     1 . = 0x20000000\n"
		"20000000 20000000        0     1 top = .\n"
		"20000000  8000100       10     4 .data\n"
		"20000000  8000100        8     4         lib.a(m.o):(.data.x)\n"
		"20000000  8000100        8     1                 x\n"
		"20000008  8000108        4     1         LONG(0x1)\n"
		"2000000c  800010c        4     4         a.o:(.eh_frame+0x18)\n"
		"20000010  8000110        0     1         bar = 0x42 - 0x26\n"
		"20000010  8000110        0     1         PROVIDE_HIDDEN(end = .)\n",
		&d);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->format, MAP_LLD);
	ck_assert_uint_eq(m->nsections, 1);
	const struct map_section *s = &m->sections[0];
	ck_assert(s->has_lma);
	ck_assert_uint_eq(s->lma, 0x8000100);
	ck_assert_uint_eq(s->ninputs, 3);
	const struct map_input *in = &m->inputs[s->first_input];
	ck_assert(seq(in[0].file, "lib.a(m.o)"));
	ck_assert(seq(in[0].section, ".data.x"));
	ck_assert(in[1].data);
	ck_assert(seq(in[2].section, ".eh_frame"));
	ck_assert_uint_eq(m->nsymbols, 4);
	ck_assert(seq(m->symbols[0].name, "top"));
	ck_assert_uint_eq(m->symbols[0].section, MAP_NONE);
	ck_assert(m->symbols[0].has_value);
	ck_assert(seq(m->symbols[1].name, "x"));
	ck_assert(seq(m->symbols[2].name, "bar"));
	ck_assert(!m->symbols[2].has_value);	/* the column is '.' */
	ck_assert(seq(m->symbols[3].name, "end"));
	ck_assert(m->symbols[3].has_value);
	map_free(m);
	arena_free(&a);
}
END_TEST

START_TEST(errors_name_the_line)
{
	static const struct {
		const char *text;
		unsigned line;
		const char *msg;
	} cases[] = {
		{"Linker script and memory map\n\n.text 0x0800zz00 0x10\n", 3,
		 "section address '0x0800zz00' is not a 0x hexadecimal number"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n .text.x\n", 4,
		 "input section '.text.x' has no address line after it "
		 "(truncated map?)"},
		{"Memory Configuration\n\nFLASH 0x0\n", 3,
		 "region length is missing"},
		{"Discarded input sections\n", 1,
		 "the map has no 'Linker script and memory map' listing "
		 "(truncated map?)"},
		{"\n\nhello\n", 3, "not a GNU ld or ld.lld map"},
		{"     VMA      LMA     Size Align Out     In      Symbol\n"
		 "       0        0        0 x .text\n", 2,
		 "expected the decimal alignment column"},
		{"#  IAR ELF Linker V9.30\n", 1, "this is an IAR ILINK map"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		struct map_image *m = read_text(cases[i].text, &d);
		ck_assert_msg(!m, "case %zu read", i);
		ck_assert_ptr_nonnull(d.head);
		ck_assert_ptr_null(d.head->next);
		ck_assert_int_eq(d.head->rule, RULE_MAP_FILE);
		ck_assert_uint_eq(d.head->loc.line, cases[i].line);
		ck_assert_msg(strncmp(message(&d), cases[i].msg,
				      strlen(cases[i].msg)) == 0,
			      "case %zu: %s", i, message(&d));
		arena_free(&a);
	}
}
END_TEST

START_TEST(is_map_and_missing_file)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	strcpy(tmp_path, "/tmp/ldlint-map-XXXXXX");
	int fd = mkstemp(tmp_path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "\nMemory Configuration\n", 22), 22);
	close(fd);
	ck_assert(map_is_map(tmp_path));
	fd = open(tmp_path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, "MEMORY {}\n", 10), 10);
	close(fd);
	ck_assert(!map_is_map(tmp_path));
	unlink(tmp_path);
	ck_assert(!map_is_map(tmp_path));
	ck_assert_ptr_null(map_read(tmp_path, &d));
	ck_assert_ptr_nonnull(strstr(message(&d), "cannot open"));
	ck_assert_str_eq(d.head->loc.file, tmp_path);
	arena_free(&a);
}
END_TEST

START_TEST(large_map)
{
	/* over MAP_BIG (8 MiB), so the record arrays move to their own
	 * mappings as they grow: the path 'make bench' takes */
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct strbuf sb = {0};
	sb_puts(&sb, GNU_HEAD ".text           0x08000000   0x2625a0\n");
	enum { N = 100000 };
	for (unsigned i = 0; i < N; i++)
		sb_printf(&sb, " .text.function_number_%06u\n"
			  "                0x%08x       0x18 build/obj/a.o\n"
			  "                0x%08x                function_%06u\n",
			  i, 0x08000000 + 24 * i, 0x08000000 + 24 * i, i);
	ck_assert_uint_ge(sb.len, 8u << 20);
	struct map_image *m = read_text(sb.buf, &d);
	sb_free(&sb);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nsections, 1);
	ck_assert_uint_eq(m->ninputs, N);
	ck_assert_uint_eq(m->nsymbols, N);
	ck_assert_uint_eq(m->sections[0].ninputs, N);
	const struct map_input *last = &m->inputs[N - 1];
	ck_assert(seq(last->section, ".text.function_number_099999"));
	ck_assert_uint_eq(last->addr, 0x08000000 + 24 * (N - 1));
	ck_assert(seq(m->symbols[N - 1].name, "function_099999"));
	map_free(m);
	arena_free(&a);
}
END_TEST

Suite *map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");
	tcase_add_test(tc, gnu_wrapped_names);
	tcase_add_test(tc, gnu_sections_without_address);
	tcase_add_test(tc, gnu_members_and_discarded);
	tcase_add_test(tc, gnu_64bit_and_crlf);
	tcase_add_test(tc, lld_format);
	tcase_add_test(tc, errors_name_the_line);
	tcase_add_test(tc, is_map_and_missing_file);
	tcase_add_test(tc, large_map);
	suite_add_tcase(s, tc);
	return s;
}
