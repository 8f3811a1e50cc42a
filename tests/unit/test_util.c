/*
 * util: the arena, growable strings, edit distance and number scanning.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The VmFlags line of /proc/self/smaps for the mapping holding 'p', or
 * "" when there is none to read. */
static const char *vm_flags_of(const void *p, char *out, size_t n)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;
	out[0] = '\0';
	if (!f)
		return out;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (strncmp(line, "VmFlags:", 8) == 0) {
			if (in) {
				snprintf(out, n, "%.*s", (int)(n - 1), line + 8);
				break;
			}
		} else if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		}
	}
	fclose(f);
	return out;
}

/* After heap_prepare, what a run allocates sits in a range advised
 * MADV_HUGEPAGE ("hg"), when the heap is glibc's in the program break
 * and the kernel has transparent huge pages; allocation works either
 * way. */
START_TEST(heap_prepared)
{
	extern char end[];	/* the end of the program's data: the break
				   starts above it */
	heap_prepare();
	char *p = malloc(64 << 10);
	ck_assert_ptr_nonnull(p);
	memset(p, 1, 64 << 10);
	p = realloc(p, 1 << 20);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p[100], 1);
	char flags[256];
	bool brk_heap = p > end && p < (char *)sbrk(0);
	bool thp = access("/sys/kernel/mm/transparent_hugepage/enabled", R_OK) == 0;
	if (brk_heap && thp && vm_flags_of(p, flags, sizeof flags)[0])
		ck_assert_msg(strstr(flags, " hg") != NULL,
			      "no MADV_HUGEPAGE on the heap: VmFlags:%s", flags);
	else
		printf("util: heap_prepared: not glibc's heap in the program "
		       "break, or no transparent huge pages: only allocation "
		       "checked\n");
	free(p);
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
	tcase_add_test(tc, heap_prepared);
	suite_add_tcase(s, tc);
	return s;
}
