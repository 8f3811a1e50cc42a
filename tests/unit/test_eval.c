/*
 * Evaluator: region and symbol values as GNU ld computes them, section
 * addresses the script fixes, and unknown values that stay unknown.
 * Expected values were checked against arm-none-eabi-ld 2.40 maps.
 */
#include <string.h>

#include "model.h"
#include "script.h"
#include "unit.h"
#include "rules.h"

struct evald {
	struct arena arena;
	struct diag d;
	struct script *s;
	struct model *m;
};

static void eval(struct evald *e, const char *text)
{
	memset(e, 0, sizeof *e);
	rules_diag_init(&e->d, &e->arena);
	e->s = script_parse_buffer("t.ld", text, strlen(text), NULL, &e->d);
	ck_assert_ptr_null(e->d.head);
	e->m = model_from_script(e->s, NULL);
}

static void done(struct evald *e)
{
	model_free(e->m);
	script_free(e->s);
	arena_free(&e->arena);
}

static uint64_t sym(const struct evald *e, const char *name)
{
	const struct model_symbol *s = model_symbol(e->m, name);
	ck_assert_msg(s != NULL, "no symbol %s", name);
	ck_assert_msg(s->value.known, "symbol %s unknown", name);
	return s->value.v;
}

static bool sym_known(const struct evald *e, const char *name)
{
	const struct model_symbol *s = model_symbol(e->m, name);
	return s && s->value.known;
}

static const struct model_region *region(const struct evald *e, const char *name)
{
	const struct model_region *r = model_region(e->m, name);
	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(arithmetic)
{
	struct evald e;
	eval(&e, "a = 1 + 2 * 3; b = 1 - 2 - 3; c = 2 << 1 + 1; d = 1 | 2 & 3;\n"
		 "f = -7 / 2; g = -7 % 2; h = 1 ? 2 : 0 ? 3 : 4; i = !0 + ~0;\n"
		 "j = 5 > 3 && 2 <= 2 || 0; k = 010 + 0x10K + 1Fh + 101b + $10;\n"
		 "ll = MAX(3, 9) + MIN(3, 9) + LOG2CEIL(9) + ABSOLUTE(5);\n"
		 "m = ALIGN(13, 8) + SEGMENT_START(\"text-segment\", 0x100);\n"
		 "n = 16; n += 4; n <<= 1; n |= 1; n &= 0xFF; n -= 1; n *= 3;\n"
		 "n /= 2; n >>= 1;\n");
	ck_assert_uint_eq(sym(&e, "a"), 7);
	ck_assert_uint_eq(sym(&e, "b"), (uint64_t)-4);
	ck_assert_uint_eq(sym(&e, "c"), 8);
	ck_assert_uint_eq(sym(&e, "d"), 3);
	ck_assert_uint_eq(sym(&e, "f"), (uint64_t)-3);	/* signed, like ld */
	ck_assert_uint_eq(sym(&e, "g"), (uint64_t)-1);
	ck_assert_uint_eq(sym(&e, "h"), 2);
	ck_assert_uint_eq(sym(&e, "i"), 0);
	ck_assert_uint_eq(sym(&e, "j"), 1);
	ck_assert_uint_eq(sym(&e, "k"), 8 + 0x4000 + 31 + 5 + 16);
	ck_assert_uint_eq(sym(&e, "ll"), 9 + 3 + 4 + 5);
	ck_assert_uint_eq(sym(&e, "m"), 16 + 0x100);
	ck_assert_uint_eq(sym(&e, "n"), 0x1e);
	done(&e);
}
END_TEST

START_TEST(memory_regions)
{
	struct evald e;
	eval(&e, "_estack = ORIGIN(RAM) + LENGTH(RAM);\n"	/* Q14 */
		 "OFF = 0x4000;\n"
		 "MEMORY {\n"
		 "  FLASH (rx) : ORIGIN = 0x08000000 + OFF, LENGTH = 512K - OFF\n"
		 "  RAM (rw!x) : ORIGIN = 0x20000000, LENGTH = 128K\n"
		 "  A (!rx w) : org = ORIGIN(RAM) + LENGTH(RAM), l = 4\n"
		 "  B (ail) : ORIGIN = ORIGIN(C) + 4, LENGTH = LENGTH(C)\n"
		 "  C : ORIGIN = 0x100, LENGTH = 8\n"
		 "}\n"
		 "REGION_ALIAS(\"TEXT\", FLASH);\n");
	const struct model_region *r = region(&e, "FLASH");
	ck_assert_uint_eq(r->origin.v, 0x08004000);
	ck_assert_uint_eq(r->length.v, 512 * 1024 - 0x4000);
	ck_assert_str_eq(r->attributes, "xr");
	r = region(&e, "RAM");
	ck_assert_str_eq(r->attributes, "rw!x");
	r = region(&e, "A");
	ck_assert_uint_eq(r->origin.v, 0x20020000);
	ck_assert_str_eq(r->attributes, "w!xr");
	/* ld reads a later region's defaults: origin 0, length all ones */
	r = region(&e, "B");
	ck_assert(r->forward_ref);
	ck_assert_uint_eq(r->origin.v, 4);
	ck_assert_uint_eq(r->length.v, UINT64_MAX);
	ck_assert_str_eq(r->attributes, "al");
	ck_assert_uint_eq(sym(&e, "_estack"), 0x20020000);
	ck_assert_ptr_eq(model_resolve_region(e.m, "TEXT"), model_region(e.m, "FLASH"));
	done(&e);
}
END_TEST

START_TEST(symbol_order)
{
	/* a symbol used before its assignment is undefined for MEMORY */
	struct evald e;
	eval(&e, "X = Y + 1; Y = 5;\nMEMORY { A : ORIGIN = X, LENGTH = 8\n"
		 "B : ORIGIN = Z, LENGTH = 8 }\nZ = 0x40;\n");
	ck_assert(!region(&e, "A")->origin.known);
	ck_assert_uint_eq(region(&e, "B")->origin.v, 0x40);
	done(&e);
	eval(&e, "X = 16; X = X + 1;\nMEMORY { A : ORIGIN = X, LENGTH = 8 }\nX = 100;\n");
	ck_assert_uint_eq(region(&e, "A")->origin.v, 100);
	done(&e);
}
END_TEST

START_TEST(section_addresses)
{
	struct evald e;
	eval(&e, "MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K\n"
		 "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }\n"
		 "SECTIONS {\n"
		 "  .isr_vector : { KEEP(*(.isr_vector)) } >FLASH\n"
		 "  .text : { *(.text) } >FLASH\n"
		 "  .data : { _sdata = .; *(.data) } >RAM AT> FLASH\n"
		 "  _sidata = LOADADDR(.data);\n"
		 "  .fixed 0x20010000 : { LONG(1) SHORT(2) . = ALIGN(8); } >RAM\n"
		 "  _fixed_end = ADDR(.fixed) + SIZEOF(.fixed);\n"
		 "  .stack (NOLOAD) : { . = . + 0x400; _estack = .; } >RAM\n"
		 "}\n");
	const struct model *m = e.m;
	ck_assert_uint_eq(m->nsections, 5);
	ck_assert(m->sections[0].vma.known);
	ck_assert_uint_eq(m->sections[0].vma.v, 0x08000000);
	ck_assert_str_eq(m->sections[0].region, "FLASH");
	ck_assert(!m->sections[0].size.known);
	ck_assert(!m->sections[1].vma.known);	/* after an unknown size */
	ck_assert_uint_eq(m->sections[2].vma.v, 0x20000000);
	ck_assert_str_eq(m->sections[2].lma_region, "FLASH");
	ck_assert(!m->sections[2].lma.known);
	ck_assert_uint_eq(sym(&e, "_sdata"), 0x20000000);
	ck_assert(!sym_known(&e, "_sidata"));
	ck_assert_uint_eq(m->sections[3].vma.v, 0x20010000);
	ck_assert_uint_eq(m->sections[3].size.v, 8);
	ck_assert_uint_eq(sym(&e, "_fixed_end"), 0x20010008);
	ck_assert(!m->sections[4].vma.known);	/* follows .data of unknown size */
	ck_assert(m->sections[4].noload);
	ck_assert_str_eq(m->sections[4].script_type, "NOLOAD");
	ck_assert(!sym_known(&e, "_estack"));
	done(&e);
}
END_TEST

START_TEST(no_memory_layout)
{
	struct evald e;
	eval(&e, "SECTIONS {\n  . = 0x80000000;\n  .text : { *(.text) }\n"
		 "  .bss 0x80100000 (NOLOAD) : { . = 0x100; end = .; }\n}\n");
	ck_assert_uint_eq(e.m->sections[0].vma.v, 0x80000000);
	ck_assert_uint_eq(e.m->sections[1].size.v, 0x100);
	ck_assert_uint_eq(sym(&e, "end"), 0x80100100);
	done(&e);
}
END_TEST

Suite *eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc = tcase_create("values");
	tcase_add_test(tc, arithmetic);
	tcase_add_test(tc, memory_regions);
	tcase_add_test(tc, symbol_order);
	tcase_add_test(tc, section_addresses);
	tcase_add_test(tc, no_memory_layout);
	suite_add_tcase(s, tc);
	return s;
}
