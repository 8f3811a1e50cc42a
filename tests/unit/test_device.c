/*
 * device: number syntax, the YAML tree's bounds, DfuSe strings read as
 * dfu-util reads them, and the query API over the shipped memmaps (sector
 * and bank lookup, execute verdicts, windows, loader verdicts with the
 * exact tool messages of the field reports).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devdb.h"
#include "devfile.h"
#include "number.h"
#include "source.h"
#include "unit.h"
#include "rules.h"

/* The shipped memmaps, found from the working directory make check uses
 * (the source tree) or from tests/unit. */
static const char *memmaps_dir(void)
{
	static const char *const cands[] = {
		"memmaps", "../memmaps", "../../memmaps", "../../../memmaps"
	};
	static char buf[64];
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		snprintf(buf, sizeof buf, "%s/SCHEMA.md", cands[i]);
		if (access(buf, R_OK) == 0)
			return cands[i];
	}
	return "memmaps";
}

struct fixture {
	struct arena arena;
	struct diag diag;
	struct devdb db;
};

static void fx_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	rules_diag_init(&f->diag, &f->arena);
	setenv("LDLINT_MEMMAPS", memmaps_dir(), 1);
	devdb_init(&f->db, &f->diag);
}

static void fx_free(struct fixture *f)
{
	devdb_free(&f->db);
	arena_free(&f->arena);
	source_free_all();
}

static const struct device *dev(struct fixture *f, const char *id)
{
	const struct device *d = devdb_device(&f->db, id);
	ck_assert_msg(d != NULL, "device %s does not load", id);
	return d;
}

START_TEST(numbers)
{
	uint64_t v;
	const char *why;
	ck_assert(number_parse("0x08000000", &v, &why));
	ck_assert_uint_eq(v, 0x08000000);
	ck_assert(number_parse("512K", &v, &why));
	ck_assert_uint_eq(v, 512 * 1024);
	ck_assert(number_parse("2M", &v, &why));
	ck_assert_uint_eq(v, 2 * 1024 * 1024);
	ck_assert(number_parse("0x10K", &v, &why));
	ck_assert_uint_eq(v, 0x4000);
	ck_assert(number_parse("0", &v, &why));
	ck_assert_uint_eq(v, 0);
	ck_assert(number_parse("528", &v, &why));
	ck_assert_uint_eq(v, 528);
	ck_assert(!number_parse("016", &v, &why));	/* octal-looking */
	ck_assert(!number_parse("512k", &v, &why));
	ck_assert(!number_parse("0x", &v, &why));
	ck_assert(!number_parse("-1", &v, &why));
	ck_assert(!number_parse("1.5M", &v, &why));
	ck_assert(!number_parse("0x1_0000", &v, &why));
	ck_assert(!number_parse("99999999999999999999", &v, &why));
	ck_assert(!number_parse("0xFFFFFFFFFFFFFFFFK", &v, &why));
	ck_assert(!number_parse("", &v, &why));
}
END_TEST

static bool parse_yaml(const char *text)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct ynode *root;
	bool ok = ytree_parse(&a, &d, "t.yaml", text, strlen(text), &root);
	arena_free(&a);
	return ok;
}

START_TEST(yaml_bounds)
{
	ck_assert(parse_yaml("a: 1\nb: [1, 2]\n"));
	ck_assert(parse_yaml("a: &x [1, 2]\nb: *x\n"));
	ck_assert(!parse_yaml("a: 1\na: 2\n"));			/* duplicate key */
	ck_assert(!parse_yaml("a: *nope\n"));			/* unknown alias */
	ck_assert(parse_yaml(""));	/* empty: no document, the caller says */
	ck_assert(!parse_yaml("a: 1\n---\nb: 2\n"));		/* two documents */
	ck_assert(!parse_yaml("a: [1, 2\n"));			/* syntax */
	/* a billion laughs, cut short */
	ck_assert(!parse_yaml(
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"));
	/* nesting */
	char deep[400];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	memcpy(deep + 200, "\n", 2);
	ck_assert(!parse_yaml(deep));
}
END_TEST

/* The line of the first finding on 'text' and of its first note (0 when
 * there is none). */
static void yaml_error_at(const char *text, unsigned *line, unsigned *note)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	struct ynode *root;
	ck_assert(!ytree_parse(&a, &d, "t.yaml", text, strlen(text), &root));
	ck_assert_ptr_nonnull(d.head);
	*line = d.head->loc.line;
	*note = d.head->notes ? d.head->notes->loc.line : 0;
	arena_free(&a);
}

START_TEST(yaml_keys)
{
	unsigned line, note;
	/* the earliest repeat is reported, with the key's first use */
	yaml_error_at("b: 1\na: 1\nc: 1\na: 2\nb: 2\n", &line, &note);
	ck_assert_uint_eq(line, 4);
	ck_assert_uint_eq(note, 2);
	yaml_error_at("a: 1\nb: 1\na: 2\n[x]: 1\n", &line, &note);
	ck_assert_uint_eq(line, 3);
	yaml_error_at("a: 1\n[x]: 1\na: 2\n", &line, &note);
	ck_assert_uint_eq(line, 2);			/* a list as a key */
	/* 49,000 keys (the node bound allows 49,999): pairwise checks of
	 * the keys took seconds here */
	struct strbuf sb = {0};
	for (unsigned i = 0; i < 49000; i++)
		sb_printf(&sb, "key%u: %u\n", i, i);
	ck_assert(parse_yaml(sb.buf));
	sb_puts(&sb, "key48999: 0\n");
	yaml_error_at(sb.buf, &line, &note);
	ck_assert_uint_eq(line, 49001);
	ck_assert_uint_eq(note, 49000);
	sb_free(&sb);
}
END_TEST

static struct ldr_dfuse parse_dfuse(struct arena *a, const char *s, bool *ok)
{
	struct ldr_dfuse df;
	char why[256];
	memset(&df, 0, sizeof df);
	*ok = dfuse_parse(a, s, &df, why, sizeof why);
	return df;
}

/* Globs of loaders' applies_to: '*' backtracking is linear, so a
 * pattern of many stars against a long id that does not match returns at
 * once (it took minutes with the naive recursion). */
START_TEST(glob_linear)
{
	ck_assert(dev_glob("stm32f4*", "stm32f411xe"));
	ck_assert(dev_glob("stm32f4?1*e", "stm32f411xe"));
	ck_assert(!dev_glob("stm32f4?1*c", "stm32f411xe"));
	ck_assert(dev_glob("*", ""));
	ck_assert(!dev_glob("?", ""));
	char id[41];
	memset(id, 'a', 40);
	id[40] = '\0';
	ck_assert(!dev_glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a"
			    "*a*a*a*a*a*a*a*a*a*b", id));
	ck_assert(dev_glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a"
			   "*a*a*a*a*a*a*a*a*a*", id));
}
END_TEST

START_TEST(dfuse_strings)
{
	struct arena a = {0};
	bool ok;
	struct ldr_dfuse df = parse_dfuse(&a,
		"@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", &ok);
	ck_assert(ok);
	ck_assert_str_eq(df.name, "Internal Flash  ");
	ck_assert_uint_eq(df.nsegs, 3);
	ck_assert_uint_eq(df.segs[0].start, 0x08000000);
	ck_assert_uint_eq(df.segs[0].end, 0x0800FFFF);
	ck_assert_uint_eq(df.segs[0].pagesize, 16384);
	ck_assert_uint_eq(df.segs[1].start, 0x08010000);
	ck_assert_uint_eq(df.segs[2].start, 0x08020000);
	ck_assert_uint_eq(df.segs[2].end, 0x080FFFFF);
	ck_assert_uint_eq(df.segs[2].memtype, 7);	/* 'g' & 7 */
	/* a blank multiplier means bytes; the type follows */
	df = parse_dfuse(&a, "@Option Bytes  /0x1FFFC000/01*016 g", &ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.segs[0].end, 0x1FFFC00F);
	ck_assert_uint_eq(df.segs[0].memtype, 7);
	/* 'e' = read + write, no erase */
	df = parse_dfuse(&a, "@OTP Memory /0x1FFF7800/01*512 e,01*016 e", &ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.nsegs, 2);
	ck_assert_uint_eq(df.segs[1].start, 0x1FFF7A00);
	ck_assert_uint_eq(df.segs[1].memtype, 5);
	/* dfu-util's F4 quirk: Device Feature is forced to type 'e' */
	df = parse_dfuse(&a, "@Device Feature/0xFFFF0000/01*004 g", &ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.segs[0].memtype, 5);
	/* a type letter where the multiplier goes: size in bytes */
	df = parse_dfuse(&a, "@X/0x20000000/02*256a", &ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.segs[0].end, 0x200001FF);
	ck_assert_uint_eq(df.segs[0].memtype, 1);
	/* several addresses */
	df = parse_dfuse(&a,
		"@Flash /0x90000000/64*4Kg/0x90040000/60*64Kg/0x90400000/60*64Kg",
		&ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.nsegs, 3);
	ck_assert_uint_eq(df.segs[2].end, 0x907BFFFF);
	/* a run with no type: sscanf leaves %n unset, dfu-util advances by
	 * the stale count of the address match and loses the rest */
	df = parse_dfuse(&a, "@X/0x08000000/04*016K,01*064Kg", &ok);
	ck_assert(!ok);
	df = parse_dfuse(&a, "@X/0x08000000/01*064Kg,04*016K", &ok);
	ck_assert(ok);
	ck_assert_uint_eq(df.nsegs, 1);
	/* what dfu-util refuses */
	parse_dfuse(&a, "Internal Flash /0x08000000/04*016Kg", &ok);
	ck_assert(!ok);
	parse_dfuse(&a, "@Internal Flash", &ok);
	ck_assert(!ok);
	arena_free(&a);
}
END_TEST

START_TEST(sectors_and_banks)
{
	struct fixture f;
	fx_init(&f);
	struct dev_sector s;
	const struct device *d = dev(&f, "stm32f411xe");
	ck_assert(device_sector_at(d, 0x08020000, &s));
	ck_assert_uint_eq(s.number, 5);
	ck_assert_uint_eq(s.base, 0x08020000);
	ck_assert_uint_eq(s.size, 128 * 1024);
	ck_assert(device_sector_at(d, 0x0800C123, &s));
	ck_assert_uint_eq(s.number, 3);
	ck_assert(device_sector_at(d, 0x00010000, &s));	/* boot alias */
	ck_assert_uint_eq(s.number, 4);
	ck_assert_str_eq(s.memory->name, "FLASH");
	ck_assert(!device_sector_at(d, 0x20000000, &s));

	d = dev(&f, "stm32f429zi");
	ck_assert(device_sector_at(d, 0x08104000, &s));
	ck_assert_uint_eq(s.number, 13);
	ck_assert_str_eq(s.bank->name, "BANK2");

	d = dev(&f, "stm32h753zi");
	ck_assert(device_sector_at(d, 0x08120000, &s));
	ck_assert_uint_eq(s.number, 1);
	ck_assert_str_eq(device_bank_at(d, 0x080FFFFF, NULL)->name, "BANK1");
	ck_assert_str_eq(device_bank_at(d, 0x08100000, NULL)->name, "BANK2");

	d = dev(&f, "stm32h7a3xg");
	ck_assert_ptr_null(device_memory_at(d, 0x08080000));	/* the hole */
	ck_assert_ptr_null(device_memory_range(d, 0x08000000, 1024 * 1024));
	ck_assert_ptr_nonnull(device_memory_range(d, 0x08000000, 512 * 1024));
	ck_assert(device_sector_at(d, 0x08102000, &s));
	ck_assert_uint_eq(s.number, 1);
	ck_assert_uint_eq(s.size, 8192);

	d = dev(&f, "samd21g18a");
	ck_assert(device_sector_at(d, 0x3FF00, &s));
	ck_assert_uint_eq(s.number, 1023);
	ck_assert_uint_eq(s.size, 256);
	fx_free(&f);
}
END_TEST

START_TEST(execute_verdicts)
{
	struct fixture f;
	fx_init(&f);
	const struct device *d = dev(&f, "stm32f407vg");
	ck_assert_int_eq(device_exec_at(d, 0x10000000, NULL, NULL), EXEC_NO);
	ck_assert_int_eq(device_exec_at(d, 0x08000000, NULL, NULL), EXEC_YES);
	ck_assert_int_eq(device_exec_at(d, 0x20000000, NULL, NULL), EXEC_YES);
	ck_assert_int_eq(device_exec_at(d, 0x40024000, NULL, NULL), EXEC_MPU);
	ck_assert_int_eq(device_exec_at(d, 0xE000ED00, NULL, NULL), EXEC_NEVER);
	ck_assert_int_eq(device_exec_at(d, 0x30000000, NULL, NULL), EXEC_NOMEM);
	ck_assert(device_writable_at(d, 0x10000000));
	ck_assert(!device_writable_at(d, 0x08000000));

	d = dev(&f, "daisy-seed");
	ck_assert_int_eq(device_exec_at(d, 0xC0000000, NULL, NULL), EXEC_MPU);
	ck_assert_int_eq(device_exec_at(d, 0x00000000, NULL, NULL), EXEC_YES);
	ck_assert_int_eq(device_exec_at(d, 0x20000000, NULL, NULL), EXEC_YES);
	ck_assert_ptr_null(device_window_at(d, 0x90000000));	/* populated */
	ck_assert_str_eq(device_memory_at(d, 0x90040000)->name, "QSPI_FLASH");
	ck_assert(mem_type_nonvolatile(device_memory_at(d, 0x90040000)->type));
	ck_assert(mem_type_volatile(device_memory_at(d, 0xC0000000)->type));
	ck_assert_int_eq(device_memory_named(d, "DTCM")->dma, DMA_LIST);

	d = dev(&f, "stm32h750xb");
	ck_assert_str_eq(device_window_at(d, 0x90000000)->name, "QUADSPI");

	d = dev(&f, "esp32c3");
	ck_assert_int_eq(device_exec_at(d, 0x3FC80000, NULL, NULL), EXEC_NO);
	ck_assert_int_eq(device_exec_at(d, 0x40380000, NULL, NULL), EXEC_YES);
	ck_assert_int_eq(device_exec_at(d, 0x50000000, NULL, NULL), EXEC_YES);
	fx_free(&f);
}
END_TEST

static void check_msg(const struct loader *l, uint64_t start, uint64_t size,
		      const char *want)
{
	struct ldr_verdict v;
	loader_check(l, start, size, &v);
	ck_assert(!v.ok);
	ck_assert_str_eq(v.message, want);
}

START_TEST(loader_verdicts)
{
	struct fixture f;
	fx_init(&f);
	struct ldr_verdict v;

	/* field report 1: a section at 0x08000000 in an SRAM-mode Daisy app */
	const struct device *d = dev(&f, "daisy-seed");
	const struct loader *l = devdb_loader(&f.db, "daisy-bootloader", d);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(loader_storage_address(l, 0x24000100), 0x90040100);
	ck_assert_uint_eq(loader_storage_address(l, 0x90050000), 0x90050000);
	check_msg(l, 0x90040000, 469891780, "Last page at 0xac05fac3 is not writeable");
	loader_check(l, 0x90040000, 0x10000, &v);
	ck_assert(v.ok);
	ck_assert_int_eq(v.how, WRITE_YES);
	check_msg(l, 0x90040000, 7936 * 1024, "Last page at 0x907fffff is not writeable");
	ck_assert_ptr_nonnull(loader_occupies_at(l, 0x08001000));

	/* ROM DFU on the F407 (confirmed strings, transfer size 2048) */
	d = dev(&f, "stm32f407vg");
	l = devdb_loader(&f.db, "stm32-rom-dfu", d);
	ck_assert_ptr_nonnull(l);
	check_msg(l, 0x20000000, 0x100, "Last page at 0x200000ff is not writeable");
	check_msg(l, 0x07FFF000, 0x2000, "Page at 0x07fff000 is not writeable");
	loader_check(l, 0x1FFFC000, 16, &v);	/* option bytes: alt 1 */
	ck_assert(v.ok);
	ck_assert_int_eq(v.how, WRITE_NEEDS);

	/* ST-LINK: RAM only for a debug session, QSPI only with a loader */
	d = dev(&f, "daisy-seed");
	l = devdb_loader(&f.db, "st-link", d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(loader_write_at(l, 0x24000000)->how, WRITE_DEBUG_ONLY);
	ck_assert_int_eq(loader_write_at(l, 0x08000000)->how, WRITE_YES);
	ck_assert_int_eq(loader_write_at(l, 0x90000000)->how, WRITE_NEEDS);
	check_msg(l, 0xC0000000, 4, "Unknown memory region");

	/* elf2uf2 */
	d = dev(&f, "raspberry-pi-pico");
	l = devdb_loader(&f.db, "rp2040-uf2", d);
	ck_assert_ptr_nonnull(l);
	check_msg(l, 0x30000000, 0x100, "ERROR: Memory segment 30000000->30000100 "
		  "is outside of valid address range for device");
	loader_check(l, 0x20000000, 0x100, &v);
	ck_assert_int_eq(v.how, WRITE_NEEDS);

	/* OpenOCD names the section start */
	d = dev(&f, "stm32g431rb");
	l = devdb_loader(&f.db, "openocd", d);
	ck_assert_ptr_nonnull(l);
	check_msg(l, 0x40000000, 0x5c, "Warn : no flash bank found for address 0x40000000");

	/* a loader that does not apply */
	ck_assert_ptr_null(devdb_loader(&f.db, "daisy-bootloader", d));
	fx_free(&f);
}
END_TEST

START_TEST(probers_fixture)
{
	struct fixture f;
	fx_init(&f);
	char path[128];
	snprintf(path, sizeof path, "%s/../tests/probers/mini-f4.yaml",
		 memmaps_dir());
	const struct device *d = devdb_device_file(&f.db, path, "mini429zi");
	ck_assert_ptr_nonnull(d);
	const struct dev_memory *m = device_memory_at(d, 0x08100000);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->size, 2 * 1024 * 1024);	/* banks merged */
	ck_assert_uint_eq(m->flash->nbanks, 2);
	struct dev_sector s;
	ck_assert(device_sector_at(d, 0x08120000, &s));
	ck_assert_uint_eq(s.size, 128 * 1024);
	ck_assert_int_eq(device_exec_at(d, 0x10000000, NULL, NULL), EXEC_NO);
	ck_assert_ptr_null(devdb_device_file(&f.db, path, "nosuchchip"));
	fx_free(&f);
}
END_TEST

START_TEST(pdsc_fixture)
{
	struct fixture f;
	fx_init(&f);
	char path[160];
	snprintf(path, sizeof path, "%s/../tests/pdsc/Keil.STM32F4xx_DFP.pdsc",
		 memmaps_dir());
	/* a variant is its device; the algorithm makes the read-only memory flash */
	const struct device *d = devdb_device_file(&f.db, path, "stm32f411retx");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->arch, "armv7e-m");
	const struct dev_memory *m = device_memory_at(d, 0x08000000);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->type, MEM_FLASH);
	ck_assert(m->boot);
	ck_assert_uint_eq(m->size, 512 * 1024);
	ck_assert_ptr_null(m->flash);		/* sectors are in the FLM */
	ck_assert_ptr_null(devdb_device_file(&f.db, path, "stm32f411"));
	/* memories given once for the family, in the old id form */
	snprintf(path, sizeof path, "%s/../tests/pdsc/ARM.CMSIS.pdsc", memmaps_dir());
	d = devdb_device_file(&f.db, path, "ARMCM33_TZ");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->arch, "armv8-m.main");
	ck_assert_uint_eq(d->nmems, 4);
	m = device_memory_named(d, "IRAM2");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->type, MEM_RAM);
	ck_assert_uint_eq(m->access, ACC_R | ACC_W | ACC_X);
	fx_free(&f);
}
END_TEST

Suite *device_suite(void)
{
	Suite *s = suite_create("device");
	TCase *tc = tcase_create("device");
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, yaml_bounds);
	tcase_add_test(tc, yaml_keys);
	tcase_add_test(tc, glob_linear);
	tcase_add_test(tc, dfuse_strings);
	tcase_add_test(tc, sectors_and_banks);
	tcase_add_test(tc, execute_verdicts);
	tcase_add_test(tc, loader_verdicts);
	tcase_add_test(tc, probers_fixture);
	tcase_add_test(tc, pdsc_fixture);
	suite_add_tcase(s, tc);
	return s;
}
