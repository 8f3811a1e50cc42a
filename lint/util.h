/*
 * util: allocation wrappers, the arena, growable strings and file reading.
 *
 * The x-prefixed wrappers never return NULL: on out-of-memory they print
 * one line and exit with status 3 (internal error).  An arena holds all the
 * tokens, AST nodes and strings of one run; it is freed once at the end, so
 * nothing in the front end frees individual nodes.
 */
#ifndef LDLINT_UTIL_H
#define LDLINT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses of the command (DESIGN section 5). */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_BADINPUT = 2, EXIT_INTERNAL = 3 };

/* Readies the heap for a run: with glibc, the first 2 MiB of what the
 * run allocates is one transparent huge page where the kernel allows it
 * (madvise), so a run takes one page fault for its heap instead of one
 * for each 4 KiB page, each costing more than the work done in it.
 * Nothing happens under a sanitizer's or valgrind's allocator. */
void heap_prepare(void);
/* Whether heap_prepare put the heap on a huge page: the run's first
 * 2 MiB of allocations then cost no page fault each, so a reader may take
 * bigger buffers for fewer reads. */
bool heap_pages_cheap(void);
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* The first n bytes of s (no NUL needed within them), NUL-terminated. */
char *xstrndup(const char *s, size_t n);

/* Room for element 'n' of an array that holds 'n' elements of 'elem'
 * bytes: grows it to the next power of two when full, so that appending
 * one element at a time stays linear. */
void *xgrow(void *p, size_t n, size_t elem);

/* A bump allocator: blocks of at least 64 KiB, freed all at once. */
struct arena {
	struct arena_block *head;	/* newest block first; owned */
};

void *arena_alloc(struct arena *a, size_t n);	/* zeroed, 16-byte aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

/* A growable NUL-terminated byte string (heap, owned by the struct). */
struct strbuf {
	char *buf;	/* NUL-terminated once anything was added */
	size_t len;	/* bytes, without the NUL */
	size_t cap;	/* bytes allocated */
};

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_free(struct strbuf *sb);

/* A map from strings to indexes (open addressing, FNV-1a); the keys are
 * not copied and must outlive the map.  Lookups and inserts are O(1) on
 * average, so name tables of 10^5 symbols or regions stay linear. */
struct strmap {
	const char **keys;	/* NULL = empty slot */
	size_t *values;
	uint64_t *hashes;	/* hash_bytes of each key */
	size_t cap, n;		/* cap is a power of two */
};

/* The value stored for 'key', or (size_t)-1. */
size_t strmap_get(const struct strmap *m, const char *key);
/* Stores 'value' for 'key' (replacing an earlier one). */
void strmap_put(struct strmap *m, const char *key, size_t value);
void strmap_free(struct strmap *m);

/* A 64-bit hash of n bytes taken eight at a time (FNV-1a's constants over
 * words, a shift folding the high bits back in, the length mixed in):
 * for tables in memory and the compiled memmaps, whose header records the
 * byte order it depends on. */
uint64_t hash_bytes(const void *p, size_t n);

/* A size for people: "64 KiB", "2 MiB", "12.5 KiB", "100 B". */
void size_human(char *buf, size_t n, uint64_t v);

/* The largest text input read (scripts, configurations, descriptions). */
#define READ_LIMIT ((size_t)64 << 20)

/* Reads a whole regular file of at most READ_LIMIT bytes into a heap
 * buffer with a NUL after the last byte, without blocking on a FIFO or
 * device.  Returns NULL, with errno set and read_failure() saying why in
 * a few words ("No such file or directory", "it is a FIFO, not a regular
 * file"), when it cannot. */
char *read_file(const char *path, size_t *len);
const char *read_failure(void);

/* Whether 'path' is a regular file that could be read (opened, checked,
 * closed); when not, errno and read_failure() as for read_file. */
bool readable_file(const char *path);

/* "a directory", "a FIFO", ... for a file that is not a regular one. */
const char *file_kind(unsigned mode);

/* Levenshtein distance of two short strings, capped at 'cap'. */
unsigned edit_distance(const char *a, const char *b, unsigned cap);

#endif
