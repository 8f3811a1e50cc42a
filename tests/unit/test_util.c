/*
 * util: the arena, growable strings, edit distance and number scanning.
 */
#include <stdint.h>
#include <string.h>

#include "lex.h"
#include "unit.h"
#include "util.h"

START_TEST(arena_alignment_and_growth)
{
	struct arena a = {0};
	for (int i = 1; i < 400; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
		for (int j = 0; j < i; j++)
			ck_assert_uint_eq(p[j], 0);
		memset(p, 0xAB, (size_t)i);
	}
	char *big = arena_alloc(&a, 1 << 20);	/* larger than a block */
	big[(1 << 20) - 1] = 1;
	ck_assert_str_eq(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	ck_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
	ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(strbuf_grows)
{
	struct strbuf sb = {0};
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i % 10);
	ck_assert_uint_eq(sb.len, 2000);
	ck_assert_int_eq(sb.buf[1998], '9');
	sb_free(&sb);
}
END_TEST

START_TEST(edit_distances)
{
	ck_assert_uint_eq(edit_distance("stm32f411ce", "stm32f411xe", 10), 1);
	ck_assert_uint_eq(edit_distance("syntax", "syntax", 10), 0);
	ck_assert_uint_eq(edit_distance("abc", "xyzxyz", 3), 3);
}
END_TEST

START_TEST(scan_number)
{
	ck_assert_uint_eq(lex_scan_number("0x1F", 4, 0, NULL), 31);
	ck_assert_uint_eq(lex_scan_number("017", 3, 0, NULL), 15);
	ck_assert_uint_eq(lex_scan_number("09", 2, 0, NULL), 0);
	ck_assert_uint_eq(lex_scan_number("123", 3, 0, NULL), 123);
	ck_assert_uint_eq(lex_scan_number("ff", 2, 16, NULL), 255);
	ck_assert_uint_eq(lex_scan_number("102", 3, 2, NULL), 2);
	ck_assert_uint_eq(lex_scan_number("99999999999999999999999", 23, 0, NULL),
			  UINT64_MAX);
}
END_TEST

Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	tcase_add_test(tc, arena_alignment_and_growth);
	tcase_add_test(tc, strbuf_grows);
	tcase_add_test(tc, edit_distances);
	tcase_add_test(tc, scan_number);
	suite_add_tcase(s, tc);
	return s;
}
