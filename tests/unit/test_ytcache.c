/*
 * ytcache: every shipped description's compiled form decodes to the tree
 * the YAML parser builds (same kinds, text, tags, quoting, locations and
 * sharing); a form made for other text is refused; and damaged forms
 * (bytes changed all through the header and at a stride through the
 * rest, truncations likewise) are refused or decode to a tree that can be
 * walked, never read out of bounds.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "unit.h"
#include "util.h"
#include "ytcache.h"
#include "ytree.h"

static const char *memmaps_dir(void)
{
	static const char *const cands[] = {"memmaps", "../memmaps", "../../memmaps"};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s/SCHEMA.md", cands[i]);
		if (access(buf, R_OK) == 0)
			return cands[i];
	}
	return "memmaps";
}

/* Same tree, node for node; 'pairs' records a->b so that a node shared
 * in one is shared in the other. */
struct pairs {
	const struct ynode **a, **b;
	size_t n;
};

static bool str_same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static void same_tree(struct pairs *p, const struct ynode *a, const struct ynode *b)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->a[i] == a) {
			ck_assert_ptr_eq(p->b[i], b);
			return;
		}
	p->a = xgrow(p->a, p->n, sizeof *p->a);
	p->b = xgrow(p->b, p->n, sizeof *p->b);
	p->a[p->n] = a;
	p->b[p->n++] = b;
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert(str_same(a->tag, b->tag));
	ck_assert_int_eq(a->plain, b->plain);
	ck_assert_uint_eq(a->loc.line, b->loc.line);
	ck_assert_uint_eq(a->loc.col, b->loc.col);
	ck_assert_uint_eq(a->loc.len, b->loc.len);
	ck_assert_str_eq(a->loc.file, b->loc.file);
	ck_assert_uint_eq(a->weight, b->weight);
	ck_assert_uint_eq(a->n, b->n);
	if (a->kind == YN_SCALAR) {
		ck_assert_uint_eq(a->len, b->len);
		ck_assert(memcmp(a->text, b->text, a->len + 1) == 0);
	}
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == YN_MAP)
			same_tree(p, a->keys[i], b->keys[i]);
		same_tree(p, a->items[i], b->items[i]);
	}
}

/* Encodes 'path' and checks the round trip; returns the encoding. */
static unsigned char *round_trip(const char *path, size_t *size, char **text,
				 size_t *len)
{
	struct arena a = {0};
	struct diag d;
	rules_diag_init(&d, &a);
	*text = read_file(path, len);
	ck_assert_ptr_nonnull(*text);
	struct ynode *parsed, *decoded = NULL;
	ck_assert_msg(ytree_parse(&a, &d, path, *text, *len, &parsed), "%s", path);
	unsigned char *b = ytcache_encode(parsed, *text, *len, size);
	ck_assert(ytcache_decode(&a, path, b, *size, *text, *len, &decoded));
	if (parsed) {
		struct pairs p = {0};
		same_tree(&p, parsed, decoded);
		free(p.a);
		free(p.b);
	} else {
		ck_assert_ptr_null(decoded);
	}
	/* another text (one byte changed) is not this form's */
	if (*len) {
		(*text)[*len / 2] ^= 1;
		ck_assert(!ytcache_decode(&a, path, b, *size, *text, *len, &decoded));
		(*text)[*len / 2] ^= 1;
	}
	arena_free(&a);
	return b;
}

static void scan(const char *dir, unsigned *files)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t n = strlen(e->d_name);
		if (e->d_type == DT_DIR) {
			scan(path, files);
		} else if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0) {
			size_t size, len;
			char *text;
			free(round_trip(path, &size, &text, &len));
			free(text);
			++*files;
		}
	}
	closedir(d);
}

START_TEST(every_description)
{
	unsigned files = 0;
	scan(memmaps_dir(), &files);
	ck_assert_uint_gt(files, 50);
}
END_TEST

/* Touches every node a decoded tree reaches (ASan and valgrind see any
 * read out of bounds); bounded by the weight the form claims. */
static size_t walk(const struct ynode *n, int depth)
{
	ck_assert_int_lt(depth, 10000);
	size_t c = n->kind == YN_SCALAR ? strlen(n->text) <= n->len : 1;
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == YN_MAP)
			c += walk(n->keys[i], depth + 1);
		c += walk(n->items[i], depth + 1);
	}
	return c;
}

START_TEST(damaged_forms)
{
	char path[256];
	snprintf(path, sizeof path, "%s/loaders/stm32-rom-dfu.yaml", memmaps_dir());
	size_t size, len;
	char *text;
	unsigned char *b = round_trip(path, &size, &text, &len);
	unsigned char *copy = xmalloc(size);
	static const unsigned char values[] = {0x00, 0x01, 0x80, 0xff};
	unsigned accepted = 0, tried = 0;
	/* every byte of the header and the first records, then a stride
	 * that is prime to the record size */
	for (size_t at = 0; at < size; at += at < 256 ? 1 : 23)
		for (size_t v = 0; v < sizeof values; v++) {
			memcpy(copy, b, size);
			if (copy[at] == values[v])
				continue;
			copy[at] = values[v];
			tried++;
			struct arena a = {0};
			struct ynode *root = NULL;
			if (ytcache_decode(&a, path, copy, size, text, len, &root) && root) {
				walk(root, 0);
				accepted++;
			}
			arena_free(&a);
		}
	for (size_t cut = 0; cut < size; cut += cut < 256 ? 1 : 29) {
		struct arena a = {0};
		struct ynode *root;
		ck_assert(!ytcache_decode(&a, path, b, cut, text, len, &root));
		arena_free(&a);
	}
	/* a changed location or weight still decodes; a changed structure
	 * mostly does not: some are accepted, far from all */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_lt(accepted, tried);
	free(copy);
	free(b);
	free(text);
}
END_TEST

Suite *ytcache_suite(void)
{
	Suite *s = suite_create("ytcache");
	TCase *tc = tcase_create("ytcache");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_description);
	tcase_add_test(tc, damaged_forms);
	suite_add_tcase(s, tc);
	return s;
}
