/*
 * mapfile_impl: what the parts of the map reader share (mapfile.c:
 * reading the file, telling the format, findings and what is kept;
 * mapfile_gnu.c: GNU ld's listing; mapfile_lld.c: ld.lld's table).  Not
 * for use outside the reader.
 */
#ifndef LDLINT_MAPFILE_IMPL_H
#define LDLINT_MAPFILE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mapfile.h"

/* Where the GNU parser is: which heading's listing the line belongs to. */
enum part {
	PART_NONE,		/* before the first heading */
	PART_MEMBERS,		/* Archive member included ... */
	PART_SKIP,		/* a listing we do not read */
	PART_DISCARDED,		/* Discarded input sections */
	PART_MEMORY,		/* Memory Configuration */
	PART_SCRIPT,		/* Linker script and memory map */
	PART_CREF		/* Cross Reference Table: lines counted only */
};

/* A name printed alone on its line, waiting for its numbers. */
enum pending { PEND_NONE, PEND_OUTPUT, PEND_INPUT, PEND_MEMBER };

/* Bytes asked of each read(): the buffer stays in the CPU's caches. */
enum { BLOCK = 64 << 10, SMALL_BLOCK = 16 << 10, SMALL_MAP = 1 << 20 };

/* The largest map read; line numbers stay below 2^32. */
#define MAX_BYTES (((uint64_t)4 << 30) - 1)

/* A name in a set (open addressing over 'slot'). */
struct name {
	struct slice s;			/* an arena copy, or the caller's */
	uint64_t hash;
	size_t section;			/* files: the section of 'contrib' */
	size_t contrib;			/* files: index in map_image.contribs */
};

struct names {
	struct name *v;
	size_t n, cap;
	uint32_t *slot;			/* index + 1 into v; 0 is free */
	size_t nslot;			/* a power of two, over twice n */
};

struct parser {
	struct map_image *m;
	const struct map_options *opt;
	struct diag *d;
	unsigned line;			/* 1-based number of the current line */
	bool failed;
	enum part part;
	bool seen_output;		/* GNU ld's OUTPUT(...) line */
	size_t cur;			/* section being listed, or MAP_NONE */
	bool skipping;			/* its lines go unread (skip_lines) */
	enum pending pend;
	struct slice pname;		/* the waiting name (in buf, or in the
					   arena for a member) */
	unsigned pline;			/* and its line */
	struct {			/* capacities of the image's arrays */
		size_t regions, sections, inputs, symbols, contribs,
		       discarded, members;
	} cap;
	struct names files;		/* every input file, with its total in
					   the section being listed */
	size_t last_file;		/* the file of the last input */
	bool per_file;			/* keep map_contrib totals */
	struct names want;		/* map_options.symbols */
	uint64_t want_len[4];		/* bit n % 256: some wanted name's
					   length is n */
	int fd;
	char *buf;			/* the block being read */
	size_t bufcap, head, tail;	/* unread bytes: buf[head, tail) */
	bool eof;
};

/* Value of each byte as a hex digit, or 0xff. */
extern unsigned char map_hexval[256];

/* ---- mapfile.c: findings, and what is kept ---------------------------- */

/* The one 'map-file' finding, at column 'col' of the current line (0:
 * the line as a whole); later ones are dropped. */
void map_fail(struct parser *ps, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Likewise, underlining 'len' bytes. */
void map_fail_len(struct parser *ps, unsigned col, unsigned len,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The finding for a number read_hex refused at 'p' of 'line'. */
void map_hex_error(struct parser *ps, const char *line, const char *p,
		   const char *e, bool prefix, const char *what);
/* Room for one more element in an array of 'size'-byte elements. */
void *map_more(void *p, size_t n, size_t *cap, size_t size);
/* A copy of 's' in the image's arena. */
struct slice map_copy(struct parser *ps, struct slice s);
/* Is the text a data statement (BYTE, SHORT, LONG, QUAD, SQUAD)? */
bool map_data_keyword(const char *p, const char *e);
/* The destination of an assignment ('x = ...', 'PROVIDE (x = ...)'), or
 * an empty slice; '*dot' tells whether it is 'x = .'. */
struct slice map_assignment_target(const char *p, const char *e, bool *dot);
/* A new output section, the one being listed from now on. */
struct map_section *map_add_section(struct parser *ps, struct slice name,
				    unsigned line);
/* Refuses a range past the end of the 64-bit address space. */
bool map_fits(struct parser *ps, const char *what, struct slice name,
	      uint64_t base, uint64_t size);
/* A section's numbers are known: checked, and its inputs listed or not. */
void map_section_ready(struct parser *ps, struct map_section *s);
/* An input, *fill* or data statement of the section being listed. */
void map_take_input(struct parser *ps, struct map_input *in);
/* A discarded input section (kept with every_input only). */
void map_take_discarded(struct parser *ps, struct map_input *in);
/* Was this symbol asked for? */
bool map_wanted(const struct parser *ps, struct slice name);
/* A symbol or assignment of the section being listed. */
void map_add_symbol(struct parser *ps, struct slice name, uint64_t value,
		    bool assigned, bool has_value);

/* ---- mapfile_gnu.c ---------------------------------------------------- */

/* Is the line one of GNU ld's headings? */
bool map_gnu_heading(struct slice l);
/* One line (without its newline) of a GNU ld map. */
void map_gnu_line(struct parser *ps, const char *p, const char *e);
/* After the last line: a name still waiting for its numbers. */
void map_gnu_end(struct parser *ps);

/* ---- mapfile_lld.c ---------------------------------------------------- */

/* Is the line ld.lld's column titles (VMA LMA Size Align Out In Symbol)? */
bool map_lld_header(const char *p, const char *e);
/* ... or those of ld.lld before LLVM 6, without the LMA column? */
bool map_lld_old_header(const char *p, const char *e);
/* One line of an ld.lld map. */
void map_lld_line(struct parser *ps, const char *line, const char *e);

/* ---- small text helpers, inline: they run on every line --------------- */

/* Does [p, e) contain 'lit'? (memmem is a GNU extension.) */
static inline bool contains(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	for (; (size_t)(e - p) >= n; p++) {
		p = memchr(p, lit[0], (size_t)(e - p) - n + 1);
		if (!p)
			return false;
		if (memcmp(p, lit, n) == 0)
			return true;
	}
	return false;
}

static inline bool starts(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

/* Both run on every line of maps of 100 MB and more, so they take long
 * runs of spaces eight at a time and find the end of a name with memchr. */
static inline const char *skip_spaces(const char *p, const char *e)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (e - p >= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		v ^= 0x2020202020202020u;	/* spaces become zero bytes */
		if (v)
			return p + __builtin_ctzll(v) / 8;
		p += 8;
	}
#endif
	while (p < e && *p == ' ')
		p++;
	return p;
}

static inline const char *skip_token(const char *p, const char *e)
{
	const char *s = p < e ? memchr(p, ' ', (size_t)(e - p)) : NULL;
	return s ? s : e;
}

static inline struct slice rtrim(const char *p, const char *e)
{
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (struct slice){p, (size_t)(e - p)};
}

/* Eight hex digits at 'p' as a number, eight bytes at a time (GNU ld
 * prints every address as 8 or 16 digits); false if they are not all
 * hex digits. */
__attribute__((always_inline)) static inline bool hex8(const char *p, uint64_t *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	uint64_t v;
	memcpy(&v, p, 8);
	if (v & high)
		return false;			/* not ASCII */
	/* high bit of each byte: c >= '0' and c <= '9', or, for c | 0x20,
	 * c >= 'a' and c <= 'f'; bytes below 0x80 cannot carry */
	uint64_t digit = (v + ones * (0x80 - '0')) &
			 ~(v + ones * (0x80 - '9' - 1));
	uint64_t l = v | ones * 0x20;
	uint64_t letter = (l + ones * (0x80 - 'a')) &
			  ~(l + ones * (0x80 - 'f' - 1));
	if (((digit | letter) & high) != high)
		return false;
	/* the value of each digit ('a' and 'A' have bit 6 set: add 9), then
	 * pairs, quads and all eight, the first character being the most
	 * significant */
	const uint64_t m4 = 0x000f000f000f000fu, m8 = 0x000000ff000000ffu;
	uint64_t n = (v & ones * 0x0f) + ((v >> 6) & ones) * 9;
	uint64_t b = ((n & m4) << 4) | ((n >> 8) & m4);
	uint64_t w = ((b & m8) << 8) | ((b >> 16) & m8);
	*out = ((w & 0xffffu) << 16) | ((w >> 32) & 0xffffu);
	return true;
#else
	(void)p;
	(void)out;
	return false;		/* the loop in read_hex does it */
#endif
}

/* Reads a hex number ("0x..." when 'prefix') at *pp, moving past it.
 * False if there is no such number (nothing is reported); *bad is set
 * when there were digits but they do not make a 64-bit number. */
__attribute__((always_inline)) static inline bool read_hex(const char **pp, const char *e, bool prefix,
			    uint64_t *v, bool *bad)
{
	const char *p = *pp;
	if (prefix) {
		if (e - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
			return false;
		p += 2;
	}
	uint64_t x = 0, part;
	const char *start = p;
	if (e - p >= 8 && map_hexval[(unsigned char)p[7]] != 0xff &&
	    hex8(p, &part)) {
		x = part;
		p += 8;
		if (e - p >= 8 && map_hexval[(unsigned char)p[7]] != 0xff &&
	    hex8(p, &part)) {
			x = x << 32 | part;
			p += 8;
		}
	}
	while (p < e && map_hexval[(unsigned char)*p] != 0xff) {
		if (x >> 60) {
			*bad = true;
			return false;
		}
		x = x << 4 | map_hexval[(unsigned char)*p++];
	}
	if (p == start || (p < e && *p != ' ')) {
		*bad = p != start || prefix;
		return false;
	}
	*v = x;
	*pp = p;
	return true;
}

/* As read_hex, reporting a bad number as a finding. */
__attribute__((always_inline)) static inline bool map_need_hex(struct parser *ps, const char *line,
			    const char **pp, const char *e, bool prefix,
			    uint64_t *v, const char *what)
{
	bool bad = false;
	if (read_hex(pp, e, prefix, v, &bad))
		return true;
	map_hex_error(ps, line, *pp, e, prefix, what);
	return false;
}

#endif
