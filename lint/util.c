/*
 * util: allocation wrappers, the arena, growable strings, file reading.
 * Nothing here knows about linker scripts.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "ldlint: internal error: out of memory (%zu bytes)\n", n);
	exit(EXIT_INTERNAL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		out_of_memory(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

void *xgrow(void *p, size_t n, size_t elem)
{
	if (n && (n & (n - 1)))
		return p;	/* not full: capacity is the next power of two */
	size_t cap = n ? 2 * n : 1;
	if (cap > SIZE_MAX / elem)
		out_of_memory(SIZE_MAX);
	return xrealloc(p, cap * elem);
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

struct arena_block {
	struct arena_block *next;	/* older block */
	size_t used;			/* bytes handed out from data[] */
	size_t size;			/* bytes in data[] */
	_Alignas(16) unsigned char data[];
};

/* The first block and its header fill one page with malloc's own header:
 * a run has several arenas, most holding a few KB, and each fresh page a
 * run touches costs it a page fault. */
enum { ARENA_BLOCK = 4096 - 64, ARENA_BLOCK_MAX = 8 * 1024 * 1024 };

/* Each allocation is zeroed, not each block: a run that uses 3 KB of a
 * 64 KB block writes 3 KB.  Blocks grow geometrically: a small run stays
 * small, a script of 10^6 sections makes few blocks. */
/* n bytes from the arena, not cleared. */
static void *arena_take(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		size_t size = b && b->size < ARENA_BLOCK_MAX ? 2 * b->size : ARENA_BLOCK;
		if (size > ARENA_BLOCK_MAX)
			size = ARENA_BLOCK_MAX;
		if (n > size)
			size = n;
		b = xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return memset(arena_take(a, n), 0, (n + 15) & ~(size_t)15);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

static void sb_reserve(struct strbuf *sb, size_t more)
{
	if (sb->len + more + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + more + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_reserve(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

static char read_why[128];

const char *read_failure(void)
{
	return read_why;
}

const char *file_kind(unsigned mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

static char *read_failed(int fd, struct strbuf *sb, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static char *read_failed(int fd, struct strbuf *sb, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(read_why, sizeof read_why, fmt, ap);
	va_end(ap);
	if (fd >= 0)
		close(fd);
	sb_free(sb);
	errno = err;
	return NULL;
}

bool readable_file(const char *path)
{
	struct strbuf none = {0};
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		read_failed(-1, &none, errno, "%s", strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0) {
		read_failed(fd, &none, errno, "%s", strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		read_failed(fd, &none, EINVAL, "it is %s, not a regular file",
			    file_kind(st.st_mode));
		return false;
	}
	close(fd);
	return true;
}

char *read_file(const char *path, size_t *len)
{
	struct strbuf sb = {0};
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return read_failed(-1, &sb, errno, "%s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0)
		return read_failed(fd, &sb, errno, "%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return read_failed(fd, &sb, EINVAL, "it is %s, not a regular file",
				   file_kind(st.st_mode));
	if ((uintmax_t)st.st_size > READ_LIMIT)
		return read_failed(fd, &sb, EFBIG, "it is %ju bytes, over the "
				   "%zu MiB a text input may have",
				   (uintmax_t)st.st_size, READ_LIMIT >> 20);
	/* read straight into the buffer: a 64 KiB bounce buffer on the stack
	 * would fault in 16 more pages for every run */
	sb_reserve(&sb, (size_t)st.st_size + 1);
	sb.buf[0] = '\0';
	for (;;) {
		if (sb.len + 1 == sb.cap)
			sb_reserve(&sb, sb.cap);	/* it grew while read */
		ssize_t n = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return read_failed(fd, &sb, errno, "%s", strerror(errno));
		if (n == 0)
			break;
		if (sb.len + (size_t)n > READ_LIMIT)	/* grew while read */
			return read_failed(fd, &sb, EFBIG, "it grew past the %zu MiB "
					   "a text input may have", READ_LIMIT >> 20);
		sb.len += (size_t)n;
		sb.buf[sb.len] = '\0';
	}
	close(fd);
	if (len)
		*len = sb.len;
	return sb.buf;
}

unsigned edit_distance(const char *a, const char *b, unsigned cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	unsigned row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0], best;
		row[0] = (unsigned)i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

void size_human(char *buf, size_t n, uint64_t v)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		snprintf(buf, n, "%" PRIu64 " MiB", v / (1024 * 1024));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, n, "%" PRIu64 " KiB", v / 1024);
	else if (v >= 10 * 1024 * 1024)
		snprintf(buf, n, "%.1f MiB", (double)v / (1024 * 1024));
	else if (v >= 10 * 1024)
		snprintf(buf, n, "%.1f KiB", (double)v / 1024);
	else
		snprintf(buf, n, "%" PRIu64 " B", v);
}

uint64_t hash_bytes(const void *data, size_t n)
{
	const unsigned char *s = data;
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3u;
	return h ^ (h >> 32);
}

/* A key's hash: its bytes eight at a time once strlen has found them. */
static uint64_t key_hash(const char *key)
{
	return hash_bytes(key, strlen(key));
}

size_t strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return (size_t)-1;
	uint64_t h = key_hash(key);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return (size_t)-1;
		if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0)
			return m->values[i];
	}
}

/* The slot of 'key' (hash h): where it is, or the free one it goes to. */
static size_t strmap_slot(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->cap - 1);
	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void strmap_grow(struct strmap *m)
{
	struct strmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	bigger.hashes = xcalloc(bigger.cap, sizeof *bigger.hashes);
	bigger.n = m->n;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {	/* the keys differ: each takes a free slot */
			size_t k = m->hashes[i] & (bigger.cap - 1);
			while (bigger.keys[k])
				k = (k + 1) & (bigger.cap - 1);
			bigger.keys[k] = m->keys[i];
			bigger.values[k] = m->values[i];
			bigger.hashes[k] = m->hashes[i];
		}
	strmap_free(m);
	*m = bigger;
}

void strmap_put(struct strmap *m, const char *key, size_t value)
{
	if ((m->n + 1) * 2 > m->cap)
		strmap_grow(m);
	uint64_t h = key_hash(key);
	size_t i = strmap_slot(m, key, h);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->values[i] = value;
	m->hashes[i] = h;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->values);
	free(m->hashes);
	memset(m, 0, sizeof *m);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define LDLINT_OWN_MALLOC 1	/* a sanitizer's, not glibc's */
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LDLINT_OWN_MALLOC 1
#endif

#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(LDLINT_OWN_MALLOC)
/* Never touched: it only moves the allocations after it up. */
static void *heap_below;
#endif
static bool heap_huge;		/* heap_prepare advised the huge page */

void heap_prepare(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(LDLINT_OWN_MALLOC)
	enum { PAGE = 4096, HUGE = 2 << 20, RESERVE = 3 * HUGE };
	/* glibc's heap grows by RESERVE at a time, and blocks up to 2 huge
	 * pages come from it rather than from mmap (fresh pages each) */
	if (mallopt(M_TOP_PAD, RESERVE) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, 2 * HUGE) != 1)
		return;
	/* where the heap is now: in the program break, or (valgrind's
	 * allocator) elsewhere, and then nothing is done */
	char *first = malloc(16);
	uintptr_t at = (uintptr_t)first, end = (uintptr_t)sbrk(0);
	if (!first || end == (uintptr_t)-1 || at >= end || end - at > RESERVE) {
		free(first);
		return;
	}
	/* above the heap's current end, so that the block below cannot come
	 * from what is left of it and the heap must grow past the huge page */
	uintptr_t huge = (end + PAGE + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	heap_below = malloc(huge - at - PAGE);
	free(first);
	end = (uintptr_t)sbrk(0);
	if ((uintptr_t)heap_below > at && (uintptr_t)heap_below < huge &&
	    huge + HUGE <= end)
		heap_huge = madvise((void *)huge, HUGE, MADV_HUGEPAGE) == 0;
#endif
}

bool heap_pages_cheap(void)
{
	return heap_huge;
}
