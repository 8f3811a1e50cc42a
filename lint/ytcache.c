/*
 * ytcache: compiled YAML node trees (see ytcache.h).
 *
 * Layout, in the byte order and sizes of the machine that wrote it (the
 * header says which): a header, the nodes in post-order (children before
 * their parent, so that a tree read back cannot hold a cycle; a node that
 * aliases share is stored once), the child lists (a sequence's items; a
 * mapping's keys, then its values), and the strings, each NUL-terminated.
 */
#include "ytcache.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[8] = "LDLYTC2\n";
enum { ORDER = 0x01020304 };

struct header {
	char magic[8];
	uint32_t order;		/* ORDER as the writer stored it */
	uint32_t nnodes;
	uint64_t text_len;	/* the YAML file it was made from */
	uint64_t text_hash;
	uint32_t nkids;
	uint32_t strings;	/* bytes of strings */
};

struct record {
	uint8_t kind;
	uint8_t plain;
	uint16_t unused;
	uint32_t line, col, loclen;
	uint32_t tag;		/* offset + 1 in the strings; 0: none */
	uint32_t text;		/* the same for a scalar's text */
	uint32_t len;
	uint32_t n;		/* items (and keys) */
	uint32_t kids;		/* first entry in the child lists */
	uint32_t weight;
};

char *ytcache_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t dir = base ? (size_t)(base - path) + 1 : 0;
	size_t n = strlen(path);
	char *p = xmalloc(n + 6);
	memcpy(p, path, dir);
	p[dir] = '.';
	memcpy(p + dir + 1, path + dir, n - dir);
	memcpy(p + n + 1, ".ytc", 5);
	return p;
}

/* --- writing ------------------------------------------------------------- */

struct encoder {
	struct record *nodes;
	size_t nnodes;
	uint32_t *kids;
	size_t nkids;
	struct strbuf strings;
	const struct ynode **seen;	/* open addressing: node -> index */
	size_t *seen_index;
	size_t seen_cap;
};

static size_t *seen_slot(struct encoder *e, const struct ynode *n)
{
	size_t i = ((uintptr_t)n >> 4) & (e->seen_cap - 1);
	while (e->seen[i] && e->seen[i] != n)
		i = (i + 1) & (e->seen_cap - 1);
	e->seen[i] = n;
	return &e->seen_index[i];
}

static uint32_t add_string(struct encoder *e, const char *s, size_t n)
{
	if (!s)
		return 0;
	size_t at = e->strings.len;
	sb_add(&e->strings, s, n);
	sb_putc(&e->strings, '\0');
	return (uint32_t)at + 1;
}

/* Stores node 'n' after its children; its index + 1 (seen_index). */
static size_t encode_node(struct encoder *e, const struct ynode *n)
{
	size_t *slot = seen_slot(e, n);
	if (*slot)
		return *slot - 1;
	size_t width = n->kind == YN_MAP ? 2 : n->kind == YN_SEQ ? 1 : 0;
	size_t *child = xcalloc(n->n * width + 1, sizeof *child);
	for (size_t i = 0; i < n->n && width; i++) {
		if (width == 2)
			child[i] = encode_node(e, n->keys[i]);
		child[n->n * (width - 1) + i] = encode_node(e, n->items[i]);
	}
	struct record r = {0};
	r.kind = (uint8_t)n->kind;
	r.plain = n->plain;
	r.line = n->loc.line;
	r.col = n->loc.col;
	r.loclen = n->loc.len;
	r.tag = add_string(e, n->tag, n->tag ? strlen(n->tag) : 0);
	r.text = n->kind == YN_SCALAR ? add_string(e, n->text ? n->text : "",
						   n->text ? n->len : 0) : 0;
	r.len = (uint32_t)n->len;
	r.n = (uint32_t)n->n;
	r.kids = (uint32_t)e->nkids;
	r.weight = (uint32_t)n->weight;
	for (size_t i = 0; i < n->n * width; i++) {
		e->kids = xgrow(e->kids, e->nkids, sizeof *e->kids);
		e->kids[e->nkids++] = (uint32_t)child[i];
	}
	free(child);
	e->nodes = xgrow(e->nodes, e->nnodes, sizeof *e->nodes);
	e->nodes[e->nnodes] = r;
	/* the slot may have moved: no table growth during the walk */
	*seen_slot(e, n) = ++e->nnodes;
	return e->nnodes - 1;
}

unsigned char *ytcache_encode(const struct ynode *root, const char *text,
			      size_t len, size_t *size)
{
	struct encoder e = {0};
	if (root) {
		/* room for every node as often as the tree reaches it
		 * (its weight counts aliases each time) */
		size_t need = root->weight * 2;
		for (e.seen_cap = 64; e.seen_cap < need; e.seen_cap *= 2)
			;
		e.seen = xcalloc(e.seen_cap, sizeof *e.seen);
		e.seen_index = xcalloc(e.seen_cap, sizeof *e.seen_index);
		encode_node(&e, root);
	}
	struct header h = {{0}, ORDER, (uint32_t)e.nnodes, len, hash_bytes(text, len),
			   (uint32_t)e.nkids, (uint32_t)e.strings.len};
	memcpy(h.magic, MAGIC, sizeof h.magic);
	*size = sizeof h + e.nnodes * sizeof *e.nodes + e.nkids * sizeof *e.kids +
		e.strings.len;
	unsigned char *out = xmalloc(*size), *p = out;
	memcpy(p, &h, sizeof h);
	p += sizeof h;
	if (e.nnodes)
		memcpy(p, e.nodes, e.nnodes * sizeof *e.nodes);
	p += e.nnodes * sizeof *e.nodes;
	if (e.nkids)
		memcpy(p, e.kids, e.nkids * sizeof *e.kids);
	p += e.nkids * sizeof *e.kids;
	if (e.strings.len)
		memcpy(p, e.strings.buf, e.strings.len);
	free(e.nodes);
	free(e.kids);
	sb_free(&e.strings);
	free(e.seen);
	free(e.seen_index);
	return out;
}

/* --- reading ------------------------------------------------------------- */

/* The string at 'ref' (offset + 1) whose NUL is at its 'len'th byte, else
 * NULL (*bad set). */
static const char *string_at(const char *strings, size_t size, uint32_t ref,
			     size_t len, bool *bad)
{
	if (!ref)
		return NULL;
	size_t at = ref - 1;
	if (at >= size || len >= size - at || strings[at + len] != '\0') {
		*bad = true;
		return NULL;
	}
	return strings + at;
}

/* The same for a string without NULs inside: a tag. */
static const char *cstring_at(const char *strings, size_t size, uint32_t ref,
			      bool *bad)
{
	if (!ref)
		return NULL;
	size_t at = ref - 1;
	if (at >= size) {
		*bad = true;
		return NULL;
	}
	return string_at(strings, size, ref, strnlen(strings + at, size - at), bad);
}

/* One record into node 'i' of 'nodes'; false when it is not well formed. */
static bool decode_node(struct arena *a, const char *path,
			const struct record *r, size_t i, struct ynode *nodes,
			const uint32_t *kids, size_t nkids, const char *strings,
			size_t nstrings)
{
	struct ynode *n = &nodes[i];
	bool bad = r->kind > YN_MAP || r->plain > 1;
	n->kind = (enum ynode_kind)r->kind;
	n->plain = r->plain;
	n->loc = (struct loc){path, r->line, r->col, r->loclen};
	n->weight = r->weight;
	n->tag = cstring_at(strings, nstrings, r->tag, &bad);
	if (bad)
		return false;
	if (n->kind == YN_SCALAR) {
		n->text = string_at(strings, nstrings, r->text, r->len, &bad);
		n->len = r->len;
		return !bad && n->text && r->n == 0;
	}
	size_t width = n->kind == YN_MAP ? 2 : 1;
	if (r->kids > nkids || r->n > (nkids - r->kids) / width)
		return false;
	n->n = r->n;
	n->items = arena_alloc(a, (n->n + 1) * sizeof *n->items);
	if (width == 2)
		n->keys = arena_alloc(a, (n->n + 1) * sizeof *n->keys);
	for (size_t k = 0; k < n->n; k++) {
		uint32_t v = kids[r->kids + n->n * (width - 1) + k];
		if (v >= i)
			return false;	/* children come first: no cycles */
		n->items[k] = &nodes[v];
		if (width == 2) {
			uint32_t key = kids[r->kids + k];
			if (key >= i || nodes[key].kind != YN_SCALAR)
				return false;
			n->keys[k] = &nodes[key];
		}
	}
	return true;
}

bool ytcache_decode(struct arena *a, const char *path, const unsigned char *b,
		    size_t size, const char *text, size_t len,
		    struct ynode **root)
{
	struct header h;
	if (size < sizeof h)
		return false;
	memcpy(&h, b, sizeof h);
	if (memcmp(h.magic, MAGIC, sizeof h.magic) || h.order != ORDER ||
	    h.text_len != len || h.nnodes > YTREE_MAX_NODES ||
	    h.nkids > 2 * (uint64_t)YTREE_MAX_NODES ||
	    size - sizeof h != (uint64_t)h.nnodes * sizeof(struct record) +
	    (uint64_t)h.nkids * sizeof(uint32_t) + h.strings ||
	    h.text_hash != hash_bytes(text, len))
		return false;
	/* the records and child lists are read where they are (the header
	 * and records keep them 4-byte aligned); the strings are copied, as
	 * the tree outlives 'b' */
	const struct record *recs = (const struct record *)(const void *)(b + sizeof h);
	const uint32_t *kids = (const uint32_t *)(const void *)
			       (b + sizeof h + h.nnodes * sizeof *recs);
	const unsigned char *p = (const unsigned char *)(kids + h.nkids);
	const char *strings = arena_strndup(a, (const char *)p, h.strings);
	struct ynode *nodes = arena_alloc(a, (h.nnodes + 1) * sizeof *nodes);
	bool ok = true;
	for (size_t i = 0; i < h.nnodes && ok; i++)
		ok = decode_node(a, path, &recs[i], i, nodes, kids, h.nkids,
				 strings, h.strings);
	if (ok)
		*root = h.nnodes ? &nodes[h.nnodes - 1] : NULL;
	return ok;
}

bool ytcache_load(struct arena *a, const char *path, const char *text,
		  size_t len, struct ynode **root)
{
	/* mapped, not read: its pages are then the page cache's, where a
	 * copy would fault in pages of its own; the file is replaced by
	 * rename, never rewritten in place, so the mapping stays whole */
	char *cpath = ytcache_path(path);
	int fd = open(cpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	free(cpath);
	if (fd < 0)
		return false;
	struct stat st;
	void *b = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= READ_LIMIT)
		b = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (b == MAP_FAILED)
		return false;
	bool ok = ytcache_decode(a, path, b, (size_t)st.st_size, text, len, root);
	munmap(b, (size_t)st.st_size);
	return ok;
}
