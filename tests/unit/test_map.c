/*
 * map: the map-file reader's edge cases on small hand-written maps in
 * GNU ld's and ld.lld's formats (the fixtures linked during 'make check'
 * cover whole real maps; see tests/readers_check.py): what is kept and
 * summed up, and what is refused.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapfile.h"
#include "model.h"
#include "unit.h"
#include "rules.h"

static char tmp_path[64];

/* Writes 'text' to a temporary file and reads it with 'opt'. */
static struct map_image *read_with(const char *text,
				   const struct map_options *opt,
				   struct diag *d)
{
	strcpy(tmp_path, "/tmp/ldlint-map-XXXXXX");
	int fd = mkstemp(tmp_path);
	ck_assert_int_ge(fd, 0);
	size_t n = strlen(text);
	ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	struct map_image *m = map_read(tmp_path, opt, d);
	unlink(tmp_path);
	return m;
}

/* Reads 'text' keeping everything, with the model's classes. */
static struct map_image *read_text(const char *text, struct diag *d)
{
	struct model *model = model_new();
	struct map_options opt;
	model_map_options(model, &opt);
	opt.every_input = opt.every_symbol = true;
	struct map_image *m = read_with(text, &opt, d);
	model_free(model);
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

/* The end every GNU ld map has. */
#define GNU_TAIL "\nOUTPUT(app.elf elf32-littlearm)\n"

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
		"                0x08000010                        _etext = .\n"
		GNU_TAIL, &d);
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
		" .text          0x00000000        0x8 ./libx.a(a1.o)\n"
		GNU_TAIL, &d);
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
		"__global_pointer$ = MIN ((__SDATA_BEGIN__ + 0x800), 0x1)\r\n"
		"OUTPUT(app.elf elf64-littleriscv)\r\n", &d);
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
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{"Linker script and memory map\n\n.text 0x0800zz00 0x10\n", 3, 7,
		 "section address '0x0800zz00' is not a 0x hexadecimal number"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n .text.x\n", 4, 0,
		 "the map ends here, before GNU ld's OUTPUT(...) line: the link "
		 "that wrote it died or the file was cut short"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n .text.x\n"
		 " .text.y 0x0 0x4 a.o\n" GNU_TAIL, 4, 2,
		 "input section '.text.x' has no address line after it"},
		{"Memory Configuration\n\nFLASH 0x0\n", 3, 10,
		 "region length is missing"},
		{"Discarded input sections\n", 1, 0,
		 "the map ends here, before GNU ld's OUTPUT(...) line"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n .text 0x0 0x4"
		 " a.o", 4, 0, "the map ends here, before GNU ld's OUTPUT"},
		{"Linker script and memory map\n" GNU_TAIL ".comment 0x0 0x2",
		 4, 0, "the map ends in the middle of a line: the link that "
		 "wrote it died or the file was cut short"},
		{"Linker script and memory map\n\nthis is prose\n" GNU_TAIL, 3, 1,
		 "'this is prose' is not a line GNU ld writes in a map"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n"
		 "   indented prose\n" GNU_TAIL, 4, 4,
		 "'indented prose' is not a line GNU ld writes in a map"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n"
		 "                some prose here\n" GNU_TAIL, 4, 17,
		 "'some prose here' is not a line GNU ld writes in a map"},
		{"Linker script and memory map\n\n.text 0x0 0x10 and more\n"
		 GNU_TAIL, 3, 1, "'.text 0x0 0x10 and more' is not a line"},
		{"Linker script and memory map\n\n.text 0x08000000 "
		 "0xffffffffffffffff\n" GNU_TAIL, 3, 0,
		 "section '.text' at 0x8000000 of size 0xffffffffffffffff ends "
		 "past 2^64"},
		{"Linker script and memory map\n\n.text 0x0 0x10\n"
		 " .text.x 0x20 0xfffffffffffffff0 a.o\n" GNU_TAIL, 4, 0,
		 "input section '.text.x' at 0x20 of size 0xfffffffffffffff0"},
		{"\n\nhello\n", 3, 1, "not a GNU ld or ld.lld map"},
		{"     VMA      LMA     Size Align Out     In      Symbol\n"
		 "       0        0        0 x .text\n", 2, 28,
		 "expected the decimal alignment column"},
		{"     VMA      LMA     Size Align Out     In      Symbol\n"
		 "       0        0       10     1 .text\n"
		 "       0        0       10     1         a.o:(.te", 3, 0,
		 "the map ends in the middle of a table row"},
		{"#  IAR ELF Linker V9.30\n", 1, 1, "this is an IAR ILINK map"},
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
		ck_assert_msg(d.head->loc.line == cases[i].line &&
			      d.head->loc.col == cases[i].col,
			      "case %zu at %u:%u", i, d.head->loc.line,
			      d.head->loc.col);
		ck_assert_msg(strncmp(message(&d), cases[i].msg,
				      strlen(cases[i].msg)) == 0,
			      "case %zu: %s", i, message(&d));
		arena_free(&a);
	}
}
END_TEST

START_TEST(gnu_free_text)
{
	/* the lines ld prints that carry no numbers ldlint reads */
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct map_image *m = read_text(
		"There are no discarded input sections\n\n"
		"Input File Remapping\n\n"
		"  Pattern: a.o\tMaps To: b.o\n\n"
		"Allocating common symbols\n"
		"Common symbol       size              file\n\n"
		"buf                 0x10              main.o\n\n"
		GNU_HEAD
		"Address of section .text set to 0x8000000\n"
		"START GROUP\nLOAD libc.a\nEND GROUP\n"
		"TARGET(elf32-littlearm)\n"
		".text           0x08000000       0x20\n"
		" SORT (CONSTRUCTORS)\n CREATE_OBJECT_SYMBOLS\n"
		" FILL mask 0xff\n"
		" EXCLUDE_FILE(*crtend.o) *(.ctors)\n"
		" .text          0x08000000       0x10 a.o\n"
		"                              0x12 (size before relaxing)\n"
		"                0x08000000        (local) helper\n"
		"                0x08000010        0x4 RELOC R_ARM_ABS32 x+0x0\n"
		"                [0x08000014]                      y = x\n"
		"                [unresolved]                      z = w\n"
		"                *undef*                           q = .\n"
		"INSERT AFTER .text\n"
		GNU_TAIL
		"\nCross Reference Table\n\nSymbol  File\nbuf     main.o\n", &d);
	ck_assert_msg(m != NULL, "%s", message(&d));
	ck_assert_uint_eq(m->nsections, 1);
	ck_assert_uint_eq(m->nsymbols, 2);
	ck_assert(seq(m->symbols[0].name, "helper"));
	ck_assert(seq(m->symbols[1].name, "y"));
	ck_assert(m->symbols[1].assigned);
	ck_assert_uint_eq(m->symbols[1].value, 0x08000014);
	map_free(m);
	arena_free(&a);
}
END_TEST

/* Selects the output section named in 'ctx'. */
static bool keep_named(const struct map_section *s, void *ctx)
{
	return slice_eq(s->name, ctx);
}

static unsigned text_is_init(struct slice s, void *ctx)
{
	(void)ctx;
	return s.n >= 5 && memcmp(s.p, ".text", 5) == 0 ? MAP_INIT : 0;
}

START_TEST(summaries_and_contributions)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	static const char *const want[] = {"main", "absent", NULL};
	struct map_options opt = {.classify = text_is_init, .keep_inputs = keep_named,
				  .ctx = ".noinit", .symbols = want,
				  .per_file = true};
	struct map_image *m = read_with(GNU_HEAD
		".text           0x08000000       0x30\n"
		" .text.main     0x08000000       0x10 build/main.o\n"
		"                0x08000000                main\n"
		"                0x08000008                helper\n"
		" .text.lib      0x08000010        0x8 libx.a(a.o)\n"
		" *fill*         0x08000018        0x8 \n"
		" .text.tail     0x08000020        0x4 build/main.o\n"
		" .vectors       0x08000024        0x8 build/startup.o\n"
		"                0x0800002c        0x4 LONG 0x1\n"
		"                0x08000030                _etext = .\n\n"
		".noinit         0x20000000        0x8\n"
		" .text.z        0x20000000        0x8 build/main.o\n"
		GNU_TAIL, &opt, &d);
	ck_assert_msg(m != NULL, "%s", message(&d));
	const struct map_section *t = &m->sections[0], *n = &m->sections[1];
	ck_assert_uint_eq(t->sum.ninputs, 4);
	ck_assert_uint_eq(t->sum.input_bytes, 0x24);
	ck_assert_uint_eq(t->sum.nclass[MAP_INIT_BIT], 3);
	ck_assert_uint_eq(t->sum.nunknown, 1);
	ck_assert_uint_eq(t->sum.nfill, 1);
	ck_assert_uint_eq(t->sum.fill_bytes, 8);
	ck_assert_uint_eq(t->sum.ndata, 1);
	ck_assert_uint_eq(t->sum.data_bytes, 4);
	ck_assert(!t->listed);
	ck_assert_uint_eq(t->ninputs, 1);	/* the unknown one only */
	ck_assert(seq(m->inputs[t->first_input].section, ".vectors"));
	ck_assert(seq(m->inputs[t->first_input].file, "build/startup.o"));
	ck_assert_uint_eq(t->ncontribs, 3);
	const struct map_contrib *c = &m->contribs[t->first_contrib];
	ck_assert(seq(c[0].file, "build/main.o"));
	ck_assert_uint_eq(c[0].bytes, 0x14);
	ck_assert(seq(c[1].file, "libx.a(a.o)"));
	ck_assert_uint_eq(c[1].bytes, 0x8);
	ck_assert(seq(c[2].file, "build/startup.o"));
	ck_assert(n->listed);
	ck_assert_uint_eq(n->ninputs, 1);
	ck_assert_uint_eq(n->ncontribs, 1);
	ck_assert_uint_eq(m->contribs[n->first_contrib].section, 1);
	ck_assert(m->contribs[n->first_contrib].file.p == c[0].file.p);
	ck_assert_uint_eq(m->nsymbols, 2);	/* main, and the assignment */
	ck_assert(seq(m->symbols[0].name, "main"));
	ck_assert(seq(m->symbols[1].name, "_etext"));
	map_free(m);
	arena_free(&a);
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
	ck_assert_ptr_null(map_read(tmp_path, NULL, &d));
	ck_assert_ptr_nonnull(strstr(message(&d), "cannot open"));
	ck_assert_str_eq(d.head->loc.file, tmp_path);
	arena_free(&a);
}
END_TEST

START_TEST(not_regular_files)
{
	/* refused at once: nothing may wait for a writer or read forever */
	static const struct {
		const char *path, *msg;
	} cases[] = {
		{"/tmp", "this is a directory, not a map file"},
		{"/dev/zero", "this is a character device, not a map file"},
		{NULL, "this is a FIFO, not a map file"},
	};
	char fifo[64];
	snprintf(fifo, sizeof fifo, "/tmp/ldlint-fifo-%ld", (long)getpid());
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct arena a = {0};
		struct diag d;
		rules_diag_init(&d, &a);
		const char *path = cases[i].path ? cases[i].path : fifo;
		ck_assert(!map_is_map(path));
		ck_assert_ptr_null(map_read(path, NULL, &d));
		ck_assert_msg(strncmp(message(&d), cases[i].msg,
				      strlen(cases[i].msg)) == 0, "%s", message(&d));
		ck_assert_str_eq(d.head->loc.file, path);
		arena_free(&a);
	}
	unlink(fifo);
}
END_TEST

START_TEST(large_map)
{
	/* many input sections, as ldlint reads them: summed up, none kept */
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct strbuf sb = {0};
	sb_puts(&sb, GNU_HEAD ".text           0x08000000   0x2625a0\n");
	enum { N = 100000 };
	for (unsigned i = 0; i < N; i++)
		sb_printf(&sb, " .text.function_number_%06u\n"
			  "                0x%08x       0x18 build/obj/%c.o\n"
			  "                0x%08x                function_%06u\n",
			  i, 0x08000000 + 24 * i, 'a' + (char)(i * 4 / N),
			  0x08000000 + 24 * i, i);
	sb_puts(&sb, GNU_TAIL);
	struct model *model = model_new();
	struct map_options opt;
	model_map_options(model, &opt);
	opt.symbols = model_wanted_symbols;
	struct map_image *m = read_with(sb.buf, &opt, &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nsections, 1);
	ck_assert_uint_eq(m->ninputs, 0);
	ck_assert_uint_eq(m->nsymbols, 0);
	const struct map_section *s = &m->sections[0];
	ck_assert_uint_eq(s->sum.ninputs, N);
	ck_assert_uint_eq(s->sum.nclass[MAP_INIT_BIT], N);
	ck_assert_uint_eq(s->sum.input_bytes, 24u * N);
	ck_assert_uint_eq(m->ncontribs, 0);	/* no per-file totals asked */
	map_free(m);
	/* the per-file totals, as --size asks for them */
	opt.per_file = true;
	m = read_with(sb.buf, &opt, &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->ninputs, 0);
	ck_assert_uint_eq(m->ncontribs, 4);
	ck_assert_uint_eq(m->contribs[3].bytes, 24u * N / 4);
	map_free(m);
	model_free(model);
	sb_free(&sb);
	arena_free(&a);
}
END_TEST

/* skip_lines for the test below: '.text' and '.debug_info'. */
static bool skip_text(const struct map_section *s, void *ctx)
{
	(void)ctx;
	return seq(s->name, ".text") || seq(s->name, ".debug_info");
}

/* The parts no rule reads are counted and checked for their shape only:
 * the discarded list unless every input is asked for, and the lines
 * under the sections skip_lines names.  Later lines keep their numbers,
 * and a line in column 0 ends the skipping. */
#define SKIP_MAP "Discarded input sections\n\n" \
	" .text          0x0000zz00        0x0 main.o\n" \
	" .text.unused_function_with_long_name\n" \
	"                0x00000000        0x8 ./libx.a(a1.o)\n\n" \
	GNU_HEAD \
	".text           0x08000000       0x20\n" \
	" *(.text*)\n" \
	" .text.main     0x08000000       0x1c build/main.o\n" \
	"                0x08000000                main\n" \
	" .text.a_long_input_name_on_its_own_line\n" \
	"                0x0800001c        0x4 build/main.o\n" \
	"                0x08000020                _etext = .\n\n" \
	".data           0x20000000        0x8 load address 0x08000020\n" \
	" .data.x        0x20000000        0x4 build/main.o\n" \
	" .bss.y         0x20000004        0x4 build/main.o\n" \
	"                0x20000008                _edata = .\n\n" \
	".debug_info     0x00000000      0x100\n" \
	" .debug_info    0x00000000      0x100 build/main.o\n"

START_TEST(unread_parts)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	/* every input: the bad number in the discarded list is refused */
	struct map_image *m = read_text(SKIP_MAP GNU_TAIL, &d);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.head->loc.line, 3);
	ck_assert(strstr(message(&d), "'0x0000zz00'") != NULL);

	struct model *model = model_new();
	struct map_options opt;
	model_map_options(model, &opt);
	opt.skip_lines = skip_text;
	rules_diag_init(&d, &a);
	m = read_with(SKIP_MAP GNU_TAIL, &opt, &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(d.head);
	ck_assert_uint_eq(m->ndiscarded, 0);
	ck_assert_uint_eq(m->nsections, 3);
	ck_assert(m->sections[0].skipped);
	ck_assert_uint_eq(m->sections[0].sum.ninputs, 0);
	ck_assert(!m->sections[1].skipped);
	ck_assert_uint_eq(m->sections[1].line, 24);
	ck_assert_uint_eq(m->sections[1].sum.ninputs, 2);
	ck_assert_uint_eq(m->sections[1].sum.nclass[MAP_DATA_BIT], 1);
	ck_assert_uint_eq(m->sections[1].sum.nclass[MAP_BSS_BIT], 1);
	ck_assert(m->sections[2].skipped);
	/* the assignments under the skipped section are not kept */
	ck_assert_uint_eq(m->nsymbols, 1);
	ck_assert(seq(m->symbols[0].name, "_edata"));
	map_free(m);

	/* prose in column 0 after a skipped section is still refused, at
	 * its line */
	rules_diag_init(&d, &a);
	m = read_with(SKIP_MAP "this is prose\n" GNU_TAIL, &opt, &d);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.head->loc.line, 31);
	ck_assert(strstr(message(&d), "'this is prose' is not a line") != NULL);
	model_free(model);
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
	tcase_add_test(tc, gnu_free_text);
	tcase_add_test(tc, lld_format);
	tcase_add_test(tc, summaries_and_contributions);
	tcase_add_test(tc, errors_name_the_line);
	tcase_add_test(tc, is_map_and_missing_file);
	tcase_add_test(tc, not_regular_files);
	tcase_add_test(tc, large_map);
	tcase_add_test(tc, unread_parts);
	suite_add_tcase(s, tc);
	return s;
}
