/*
 * mapfile: reads the map GNU ld writes with -Map and the one ld.lld
 * writes, in one pass over the mmap'd file.
 *
 * GNU ld's map is a listing meant for people: headings ('Archive member
 * included ...', 'Discarded input sections', 'Memory Configuration',
 * 'Linker script and memory map') and, under the last one, every
 * statement of the script with the addresses ld gave it.  The layout is
 * fixed by ld/ldlang.c: an output section starts in column 0, an input
 * section in column 1, and the address column starts at column 16; a
 * name too long for its column (15 or more characters) is printed alone
 * and its numbers follow on the next line, 16 spaces in.  Symbol and
 * assignment lines start with 16 spaces and the value.  Everything else
 * (wildcard patterns, LOAD lines, FILL, '[!provide]') is skipped.
 *
 * ld.lld's map is a table: VMA, LMA, size and alignment columns, then the
 * output section at indent 0, the input section ('file:(section)') and
 * assignments at indent 8, and symbols at indent 16 (lld/ELF/MapFile.cpp).
 *
 * Names are slices of the mapping; the arrays grow geometrically, so
 * nothing is allocated per line.  The reader does not judge the layout;
 * it only refuses a file that is not one of the two formats or that has
 * a line it cannot read, with one 'map-file' finding at that line.
 */
#include "mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the GNU parser is: which heading's listing the line belongs to. */
enum part {
	PART_NONE,		/* before the first heading */
	PART_MEMBERS,		/* Archive member included ... */
	PART_SKIP,		/* a listing we do not read */
	PART_DISCARDED,		/* Discarded input sections */
	PART_MEMORY,		/* Memory Configuration */
	PART_SCRIPT,		/* Linker script and memory map */
	PART_CREF		/* Cross Reference Table: the end for us */
};

/* How grow() holds one record array. */
struct arr {
	size_t cap;		/* elements */
	size_t mapped;		/* bytes of its own mapping; 0 = on the heap */
};

/* map_image.priv: how each array is held, for map_free. */
struct map_priv {
	struct arr regions, sections, inputs, symbols, discarded, members;
};

/* Maps of this many bytes or more get their large arrays in mappings of
 * huge pages (see grow). */
enum { MAP_BIG = 8 << 20, HUGE_PAGE = 2 << 20 };

/* A name printed alone on its line, waiting for its numbers. */
enum pending { PEND_NONE, PEND_OUTPUT, PEND_INPUT, PEND_MEMBER };

struct parser {
	struct map_image *m;
	struct diag *d;
	unsigned line;			/* 1-based number of the current line */
	bool failed;
	enum part part;
	bool seen_script;		/* the 'Linker script' heading */
	size_t cur;			/* output section being listed, MAP_NONE */
	enum pending pend;
	struct slice pname;		/* the waiting name */
	unsigned pline;			/* and its line */
	struct map_priv *pv;		/* m->priv: the arrays' capacities */
};

static const struct {
	const char *text;
	enum part part;
} headings[] = {
	{"Archive member included to satisfy reference by file (symbol)",
	 PART_MEMBERS},
	{"Archive member included because of file (symbol)", PART_MEMBERS},
	{"As-needed library included to satisfy reference by file (symbol)",
	 PART_SKIP},
	{"Allocating common symbols", PART_SKIP},
	{"Merging program properties", PART_SKIP},
	{"Discarded input sections", PART_DISCARDED},
	{"Memory Configuration", PART_MEMORY},
	{"Linker script and memory map", PART_SCRIPT},
	{"Cross Reference Table", PART_CREF},
};

/* Value of each byte as a hex digit, or 0xff. */
static unsigned char hexval[256];

static void init_hex(void)
{
	if (hexval['0'] == 0 && hexval['1'] == 1)
		return;
	memset(hexval, 0xff, sizeof hexval);
	for (int i = 0; i < 10; i++)
		hexval['0' + i] = (unsigned char)i;
	for (int i = 0; i < 6; i++)
		hexval['a' + i] = hexval['A' + i] = (unsigned char)(10 + i);
}

/* The one 'map-file' finding, at column 'col' of the current line and
 * 'len' bytes long; the path is copied because the image is freed. */
static void vfail(struct parser *ps, unsigned col, unsigned len,
		  const char *fmt, va_list ap)
{
	if (ps->failed)
		return;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	struct loc loc = {arena_strdup(ps->d->arena, ps->m->path), ps->line,
			  col, len ? len : 1};
	diag_report(ps->d, "map-file", loc, "%s", msg);
	ps->failed = true;
}

static void fail(struct parser *ps, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct parser *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(ps, col, 1, fmt, ap);
	va_end(ap);
}

static void fail_len(struct parser *ps, unsigned col, unsigned len,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fail_len(struct parser *ps, unsigned col, unsigned len,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(ps, col, len, fmt, ap);
	va_end(ap);
}

/* Frees an array that grow() made. */
static void release(void *p, const struct arr *a)
{
	if (a->mapped)
		munmap(p, a->mapped);
	else
		free(p);
}

/* Grows an array of 'size'-byte elements so that it has room for one
 * more than 'n' (grow() below is the inline test).  Arrays start on the
 * heap.  When the map is large ('reserve', its size in bytes, is
 * MAP_BIG or more) an array past 128 KiB moves to its own mapping, sized
 * for one record per 32 bytes of map and advised for transparent huge
 * pages: only the pages written are ever allocated, and filling the
 * 20 MB of records of a 100 MB map 4 KiB page by page costs more in page
 * faults than the parsing itself (measured with make bench).  A map
 * denser than that moves on to a mapping twice the size. */
static void *grow_slow(void *p, size_t n, struct arr *a, size_t size,
		       size_t reserve)
{
	size_t cap = a->cap ? a->cap * 2 : 64;
#ifdef MADV_HUGEPAGE
	if (reserve >= MAP_BIG && (a->mapped || cap * size >= (128u << 10))) {
		if (!a->mapped && reserve / 32 > cap)
			cap = reserve / 32;
		size_t bytes = (cap * size + HUGE_PAGE - 1) &
			       ~(size_t)(HUGE_PAGE - 1);
		void *q = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (q != MAP_FAILED) {
			madvise(q, bytes, MADV_HUGEPAGE);
			if (n)
				memcpy(q, p, n * size);
			release(p, a);
			a->mapped = bytes;
			a->cap = bytes / size;
			return q;
		}
	}
#endif
	if (a->mapped) {	/* no new mapping: back to the heap */
		void *q = xmalloc(cap * size);
		memcpy(q, p, n * size);
		release(p, a);
		a->mapped = 0;
		a->cap = cap;
		return q;
	}
	a->cap = cap;
	return xrealloc(p, cap * size);
}

static inline void *grow(void *p, size_t n, struct arr *a, size_t size,
			 size_t reserve)
{
	return n < a->cap ? p : grow_slow(p, n, a, size, reserve);
}

/* Does [p, e) contain 'lit'? (memmem is a GNU extension.) */
static bool contains(const char *p, const char *e, const char *lit)
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

static bool starts(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

/* Both run on every line of maps of 100 MB and more, so they take long
 * runs of spaces eight at a time and find the end of a name with memchr. */
static const char *skip_spaces(const char *p, const char *e)
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

static const char *skip_token(const char *p, const char *e)
{
	const char *s = p < e ? memchr(p, ' ', (size_t)(e - p)) : NULL;
	return s ? s : e;
}

static struct slice rtrim(const char *p, const char *e)
{
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (struct slice){p, (size_t)(e - p)};
}

/* Eight hex digits at 'p' as a number, eight bytes at a time (GNU ld
 * prints every address as 8 or 16 digits); false if they are not all
 * hex digits. */
static inline bool hex8(const char *p, uint64_t *out)
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
static inline bool read_hex(const char **pp, const char *e, bool prefix,
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
	if (e - p >= 8 && hexval[(unsigned char)p[7]] != 0xff &&
	    hex8(p, &part)) {
		x = part;
		p += 8;
		if (e - p >= 8 && hexval[(unsigned char)p[7]] != 0xff &&
	    hex8(p, &part)) {
			x = x << 32 | part;
			p += 8;
		}
	}
	while (p < e && hexval[(unsigned char)*p] != 0xff) {
		if (x >> 60) {
			*bad = true;
			return false;
		}
		x = x << 4 | hexval[(unsigned char)*p++];
	}
	if (p == start || (p < e && *p != ' ')) {
		*bad = p != start || prefix;
		return false;
	}
	*v = x;
	*pp = p;
	return true;
}

/* The finding for a number read_hex refused at 'p'. */
static void hex_error(struct parser *ps, const char *line, const char *p,
		      const char *e, bool prefix, const char *what)
{
	const char *t = skip_token(p, e);
	int n = (int)(t - p > 40 ? 40 : t - p);
	bool digits = true;
	for (const char *c = p + (prefix ? 2 : 0); c < t; c++)
		digits = digits && hexval[(unsigned char)*c] != 0xff;
	unsigned col = (unsigned)(p - line) + 1, len = (unsigned)(t - p);
	if (p >= e)
		fail(ps, col, "%s is missing", what);
	else if (digits && t - p > (prefix ? 2 : 0))
		fail_len(ps, col, len, "%s '%.*s' does not fit in 64 bits", what,
			 n, p);
	else
		fail_len(ps, col, len, "%s '%.*s' is not a %s number", what, n,
			 p, prefix ? "0x hexadecimal" : "hexadecimal");
}

/* As read_hex, reporting a bad number as a finding. */
static inline bool need_hex(struct parser *ps, const char *line,
			    const char **pp, const char *e, bool prefix,
			    uint64_t *v, const char *what)
{
	bool bad = false;
	if (read_hex(pp, e, prefix, v, &bad))
		return true;
	hex_error(ps, line, *pp, e, prefix, what);
	return false;
}

static bool is_data_keyword(const char *p, const char *e)
{
	static const char *const kw[] = {"BYTE", "SHORT", "LONG", "QUAD",
					 "SQUAD"};
	for (size_t i = 0; i < sizeof kw / sizeof *kw; i++) {
		size_t n = strlen(kw[i]);
		if ((size_t)(e - p) > n && memcmp(p, kw[i], n) == 0 &&
		    (p[n] == ' ' || p[n] == '('))
			return true;
	}
	return false;
}

/* If the text is an assignment ('x = ...', '. += ...', 'PROVIDE (x =
 * ...)', 'HIDDEN( x = . )'), its destination; an empty slice if not.
 * '*dot' tells whether it is 'x = .' (the value is the location counter). */
static struct slice assignment_target(const char *p, const char *e,
				      bool *dot)
{
	static const char *const wrap[] = {"PROVIDE_HIDDEN", "PROVIDE",
					   "HIDDEN"};
	struct slice none = {p, 0};
	for (size_t i = 0; i < sizeof wrap / sizeof *wrap; i++) {
		size_t n = strlen(wrap[i]);
		if ((size_t)(e - p) > n && memcmp(p, wrap[i], n) == 0) {
			const char *q = skip_spaces(p + n, e);
			if (q < e && *q == '(') {
				p = skip_spaces(q + 1, e);
				break;
			}
		}
	}
	const char *t = p;
	while (t < e && *t != ' ' && *t != '=' && *t != '+' && *t != '-' &&
	       *t != '*' && *t != '/' && *t != '<' && *t != '>' &&
	       *t != '&' && *t != '|' && *t != '^' && *t != ')')
		t++;
	if (t == p)
		return none;
	struct slice dst = {p, (size_t)(t - p)};
	const char *o = skip_spaces(t, e);
	static const char *const ops[] = {"=", "+=", "-=", "*=", "/=", "<<=",
					  ">>=", "&=", "|=", "^="};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		size_t n = strlen(ops[i]);
		if ((size_t)(e - o) >= n && memcmp(o, ops[i], n) == 0 &&
		    (o + n == e || o[n] != '=')) {
			const char *r = skip_spaces(o + n, e), *re = e;
			while (re > r && (re[-1] == ' ' || re[-1] == ')'))
				re--;
			*dot = i == 0 && re - r == 1 && *r == '.';
			return dst;
		}
	}
	return none;
}

/* Is this the name of a section linkers never allocate (whatever address
 * a script gives it: '.ARM.attributes : { ... } > FLASH' prints an address
 * in flash but the section is still not loaded)? */
static bool nonalloc_name(struct slice name)
{
	static const char *const prefix[] = {
		".debug", ".zdebug", ".stab", ".comment", ".symtab", ".strtab",
		".shstrtab", ".gnu.attributes", ".ARM.attributes",
		".riscv.attributes", ".gnu_debuglink", ".gnu_debugaltlink",
		".gnu.build.attributes", ".GCC.command.line", ".line",
		".xtensa.info", ".xt.prop", ".xt.lit", ".llvm_addrsig",
		".note.GNU-stack", ".mdebug", ".pdr", ".gnu.lto_",
	};
	for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++) {
		size_t n = strlen(prefix[i]);
		if (name.n >= n && memcmp(name.p, prefix[i], n) == 0)
			return true;
	}
	return false;
}

static struct map_section *add_section(struct parser *ps, struct slice name,
				       unsigned line)
{
	struct map_image *m = ps->m;
	m->sections = grow(m->sections, m->nsections, &ps->pv->sections,
			   sizeof *m->sections, m->len);
	struct map_section *s = &m->sections[m->nsections];
	memset(s, 0, sizeof *s);
	s->name = name;
	s->line = line;
	s->first_input = m->ninputs;
	s->first_symbol = m->nsymbols;
	ps->cur = m->nsections++;
	return s;
}

/* A new input (or *fill*, or data statement) of the current output
 * section, or of the discarded list. */
static struct map_input *add_input(struct parser *ps, bool discarded)
{
	struct map_image *m = ps->m;
	struct map_input *in;
	if (discarded) {
		m->discarded = grow(m->discarded, m->ndiscarded,
				    &ps->pv->discarded, sizeof *m->discarded, m->len);
		in = &m->discarded[m->ndiscarded++];
	} else {
		if (ps->cur == MAP_NONE)
			return NULL;
		m->inputs = grow(m->inputs, m->ninputs, &ps->pv->inputs,
				 sizeof *m->inputs, m->len);
		in = &m->inputs[m->ninputs++];
		m->sections[ps->cur].ninputs++;
	}
	memset(in, 0, sizeof *in);
	in->line = ps->line;
	return in;
}

static void add_symbol(struct parser *ps, struct slice name, uint64_t value,
		       bool assigned, bool has_value)
{
	struct map_image *m = ps->m;
	m->symbols = grow(m->symbols, m->nsymbols, &ps->pv->symbols,
			  sizeof *m->symbols, m->len);
	struct map_symbol *y = &m->symbols[m->nsymbols++];
	y->name = name;
	y->value = value;
	y->assigned = assigned;
	y->has_value = has_value;
	y->line = ps->line;
	y->section = ps->cur;
	if (ps->cur != MAP_NONE)
		m->sections[ps->cur].nsymbols++;
}

/* Reads "0xA<spaces>0xB" at 'p': the address and size columns of GNU
 * ld's section lines.  On success *pp is after B. */
static bool two_numbers(struct parser *ps, const char *line, const char **pp,
			const char *e, uint64_t *a, uint64_t *b, bool input)
{
	const char *p = *pp;
	if (!need_hex(ps, line, &p, e, true, a, input ? "input section address"
							: "section address"))
		return false;
	p = skip_spaces(p, e);
	if (!need_hex(ps, line, &p, e, true, b, input ? "input section size"
						       : "section size"))
		return false;
	*pp = p;
	return true;
}

/* An output section with its numbers; 'p' is after the size: "[ load
 * address 0xLMA][ (NOLOAD)]". */
static void gnu_output(struct parser *ps, const char *line, const char *p,
		       const char *e, struct slice name, unsigned nline,
		       uint64_t vma, uint64_t size)
{
	struct map_section *s = add_section(ps, name, nline);
	s->vma = s->lma = vma;
	s->size = size;
	s->nonalloc = nonalloc_name(name);
	for (p = skip_spaces(p, e); p < e; p = skip_spaces(p, e)) {
		if (starts(p, e, "load address ")) {
			p = skip_spaces(p + 13, e);
			if (!need_hex(ps, line, &p, e, true, &s->lma,
				      "load address"))
				return;
			s->has_lma = true;
		} else if (starts(p, e, "(NOLOAD)")) {
			s->noload = true;
			p += 8;
		} else {
			p = skip_token(p, e);
		}
	}
}

/* An input section (or *fill*) with its numbers; 'p' is after the size,
 * at " file". */
static void gnu_input(struct parser *ps, const char *p, const char *e,
		      struct slice name, unsigned nline, bool discarded,
		      uint64_t addr, uint64_t size)
{
	struct map_input *in = add_input(ps, discarded);
	if (!in)
		return;
	in->section = name;
	in->addr = addr;
	in->size = size;
	in->line = nline;
	bool fill = name.n == 6 && memcmp(name.p, "*fill*", 6) == 0;
	in->fill = fill;
	if (!fill && p < e)
		in->file = rtrim(p + 1, e);
	else
		in->file = (struct slice){p, 0};
}

/* A name printed alone ended without its numbers: an output section
 * that ld did not create (its inputs were all empty), or a statement. */
static void flush_pending(struct parser *ps)
{
	if (ps->pend == PEND_OUTPUT)
		ps->cur = MAP_NONE;
	ps->pend = PEND_NONE;
}

/* A line in column 0 of the script listing. */
static void gnu_col0(struct parser *ps, const char *p, const char *e)
{
	flush_pending(ps);
	const char *t = skip_token(p, e);
	struct slice name = {p, (size_t)(t - p)};
	if (t == e) {
		if (memchr(p, '(', (size_t)(e - p)))
			return;		/* OUTPUT(x), TARGET(x) */
		ps->pend = PEND_OUTPUT;
		ps->pname = name;
		ps->pline = ps->line;
		ps->cur = MAP_NONE;
		return;
	}
	const char *q = skip_spaces(t, e);
	uint64_t vma, size;
	if (starts(q, e, "0x") &&
	    two_numbers(ps, p, &q, e, &vma, &size, false))
		gnu_output(ps, p, q, e, name, ps->line, vma, size);
	/* else LOAD, START GROUP, OUTPUT(a b), 'Address of section ...' */
}

/* A line in column 1: an input section, *fill*, or a statement. */
static void gnu_col1(struct parser *ps, const char *line, const char *e,
		     bool discarded)
{
	flush_pending(ps);
	const char *p = line + 1;
	const char *t = skip_token(p, e);
	struct slice name = {p, (size_t)(t - p)};
	if (t == e) {
		if (e[-1] == ')' && memchr(p, '(', (size_t)(e - p)))
			return;		/* *(.text), KEEP patterns */
		ps->pend = PEND_INPUT;
		ps->pname = name;
		ps->pline = ps->line;
		return;
	}
	const char *q = skip_spaces(t, e);
	uint64_t addr, size;
	if (starts(q, e, "0x") &&
	    two_numbers(ps, line, &q, e, &addr, &size, true))
		gnu_input(ps, q, e, name, ps->line, discarded, addr, size);
}

/* A line starting with 16 or more spaces: the numbers of a name printed
 * alone, a data statement, a symbol or an assignment.  Every number is
 * read once: these lines are most of a large map. */
static void gnu_indented(struct parser *ps, const char *line, const char *p,
			 const char *e, bool discarded)
{
	if (!starts(p, e, "0x")) {
		flush_pending(ps);	/* [!provide], *undef*, size before relaxing */
		return;
	}
	uint64_t value, size = 0;
	if (!need_hex(ps, line, &p, e, true, &value, "address"))
		return;
	const char *q = skip_spaces(p, e);
	const char *r = q;
	bool bad = false, two = starts(q, e, "0x") &&
				read_hex(&r, e, true, &size, &bad);
	if (ps->pend != PEND_NONE && two) {
		enum pending k = ps->pend;
		ps->pend = PEND_NONE;
		if (k == PEND_OUTPUT)
			gnu_output(ps, line, r, e, ps->pname, ps->pline, value,
				   size);
		else
			gnu_input(ps, r, e, ps->pname, ps->pline, discarded,
				  value, size);
		return;
	}
	flush_pending(ps);
	if (discarded || q == e || *q == '(')
		return;		/* "0x1a9 (size before relaxing)" */
	if (two) {
		/* "0xADDR 0xSIZE LONG 0x..": a data statement */
		r = skip_spaces(r, e);
		if (!is_data_keyword(r, e))
			return;		/* RELOC statements and the like */
		struct map_input *in = add_input(ps, false);
		if (in) {
			in->section = rtrim(r, e);
			in->file = (struct slice){r, 0};
			in->addr = value;
			in->size = size;
			in->data = true;
		}
		return;
	}
	struct slice name = rtrim(q, e);
	if (!memchr(name.p, ' ', name.n)) {	/* a symbol: no spaces */
		add_symbol(ps, name, value, false, true);
		return;
	}
	bool dot;
	struct slice dst = assignment_target(q, e, &dot);
	if (dst.n) {
		if (!(dst.n == 1 && dst.p[0] == '.'))
			add_symbol(ps, dst, value, true, true);
		return;
	}
	if (starts(q, e, "ASSERT"))
		return;
	add_symbol(ps, name, value, false, true);	/* demangled */
}

/* A row of Memory Configuration: name, origin, length, attributes. */
static void gnu_region(struct parser *ps, const char *p, const char *e)
{
	if (starts(p, e, "Name ") && contains(p, e, "Origin"))
		return;		/* the column titles */
	const char *t = skip_token(p, e);
	struct slice name = {p, (size_t)(t - p)};
	const char *q = skip_spaces(t, e);
	uint64_t origin, length;
	if (!need_hex(ps, p, &q, e, true, &origin, "region origin"))
		return;
	q = skip_spaces(q, e);
	if (!need_hex(ps, p, &q, e, true, &length, "region length"))
		return;
	struct map_image *m = ps->m;
	m->regions = grow(m->regions, m->nregions, &ps->pv->regions,
			  sizeof *m->regions, m->len);
	struct map_region *r = &m->regions[m->nregions++];
	r->name = name;
	r->origin = origin;
	r->length = length;
	r->attributes = rtrim(skip_spaces(q, e), e);
	r->line = ps->line;
}

/* "file (symbol)" after an archive member. */
static void gnu_member_ref(struct parser *ps, const char *p, const char *e,
			   struct slice member, unsigned line)
{
	struct slice ref = rtrim(p, e);
	const char *open = NULL;
	for (const char *c = ref.p + ref.n; c > ref.p; c--)
		if (c[-1] == '(') {
			open = c - 1;
			break;
		}
	if (!open || ref.p[ref.n - 1] != ')') {
		fail(ps, 1, "expected 'file "
		     "(symbol)' after archive member '%.*s'", (int)member.n,
		     member.p);
		return;
	}
	struct map_image *m = ps->m;
	m->members = grow(m->members, m->nmembers, &ps->pv->members,
			  sizeof *m->members, m->len);
	struct map_member *mb = &m->members[m->nmembers++];
	mb->member = member;
	mb->file = rtrim(ref.p, open);
	mb->symbol = (struct slice){open + 1,
				    (size_t)(ref.p + ref.n - 1 - (open + 1))};
	mb->line = line;
}

/* Archive member lines: the member padded to column 30 and the
 * reference, or the member alone and the reference 30 spaces in on the
 * next line. */
static void gnu_member(struct parser *ps, const char *p, const char *e,
		       unsigned indent)
{
	if (indent == 0) {
		if (ps->pend == PEND_MEMBER) {
			ps->line = ps->pline;
			fail(ps, 1, "archive member '%.*s' has no 'file (symbol)' "
			     "line", (int)ps->pname.n, ps->pname.p);
			return;
		}
		if (e - p > 30 && p[29] == ' ' && p[30] != ' ') {
			ps->pname = rtrim(p, p + 30);
			gnu_member_ref(ps, p + 30, e, ps->pname, ps->line);
		} else {
			ps->pend = PEND_MEMBER;
			ps->pname = rtrim(p, e);
			ps->pline = ps->line;
		}
		return;
	}
	if (ps->pend != PEND_MEMBER) {
		fail(ps, indent + 1, "'file (symbol)' line without an archive "
		     "member before it");
		return;
	}
	ps->pend = PEND_NONE;
	gnu_member_ref(ps, p + indent, e, ps->pname, ps->pline);
}

static bool heading(struct parser *ps, const char *p, const char *e)
{
	struct slice l = rtrim(p, e);
	for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
		size_t n = strlen(headings[i].text);
		if (l.n == n && memcmp(l.p, headings[i].text, n) == 0) {
			if (ps->pend == PEND_MEMBER) {
				ps->line = ps->pline;
				fail(ps, 1, "archive member '%.*s' has no 'file "
				     "(symbol)' line", (int)ps->pname.n,
				     ps->pname.p);
			}
			flush_pending(ps);
			ps->part = headings[i].part;
			if (ps->part == PART_SCRIPT)
				ps->seen_script = true;
			return true;
		}
	}
	return false;
}

static void gnu_line(struct parser *ps, const char *p, const char *e)
{
	if (p == e) {
		if (ps->part != PART_MEMBERS)
			flush_pending(ps);
		return;
	}
	if (*p >= 'A' && *p <= 'Z') {
		if (heading(ps, p, e))
			return;
		if (ps->part != PART_SCRIPT && rtrim(p, e).n == 10 &&
		    starts(p, e, "Memory map")) {
			fail(ps, 1, "this is a GNU gold map ('Memory map' instead "
			     "of 'Linker script and memory map'); ldlint reads "
			     "the maps of GNU ld (-Wl,-Map=FILE) and ld.lld only");
			return;
		}
	}
	const char *q = skip_spaces(p, e);
	unsigned indent = (unsigned)(q - p);
	if (q == e)
		return;
	switch (ps->part) {
	case PART_SCRIPT:
	case PART_DISCARDED:
		if (indent == 0 && ps->part == PART_SCRIPT)
			gnu_col0(ps, p, e);
		else if (indent == 1)
			gnu_col1(ps, p, e, ps->part == PART_DISCARDED);
		else if (indent >= 2)
			gnu_indented(ps, p, q, e, ps->part == PART_DISCARDED);
		break;
	case PART_MEMORY:
		if (indent == 0)
			gnu_region(ps, p, e);
		break;
	case PART_MEMBERS:
		gnu_member(ps, p, e, indent);
		break;
	case PART_NONE:
		fail(ps, 1, "text before the first heading of a GNU ld map");
		break;
	case PART_SKIP:
	case PART_CREF:
		break;
	}
}

/* ld.lld: "VMA LMA Size Align" columns, then the text at indent 0, 8 or
 * 16 after one space. */
static void lld_line(struct parser *ps, const char *line, const char *e)
{
	const char *p = skip_spaces(line, e);
	if (p == e)
		return;
	uint64_t vma, lma, size;
	if (!need_hex(ps, line, &p, e, false, &vma, "VMA column"))
		return;
	p = skip_spaces(p, e);
	if (!need_hex(ps, line, &p, e, false, &lma, "LMA column"))
		return;
	p = skip_spaces(p, e);
	if (!need_hex(ps, line, &p, e, false, &size, "size column"))
		return;
	p = skip_spaces(p, e);
	const char *a = p;
	while (p < e && *p >= '0' && *p <= '9')
		p++;
	if (p == a || p == e || *p != ' ') {
		fail(ps, (unsigned)(a - line) + 1, "expected the decimal "
		     "alignment column and a name after it");
		return;
	}
	p++;
	const char *q = skip_spaces(p, e);
	unsigned indent = (unsigned)(q - p);
	const char *t = skip_token(q, e);
	struct slice text = rtrim(q, e);
	if (indent < 8) {
		if (t == e) {
			struct map_section *s = add_section(ps, text, ps->line);
			s->vma = vma;
			s->lma = lma;
			s->size = size;
			s->has_lma = true;
			s->nonalloc = nonalloc_name(text);
			return;
		}
		bool dot;
		struct slice dst = assignment_target(q, e, &dot);
		size_t keep = ps->cur;
		ps->cur = MAP_NONE;
		if (dst.n && !(dst.n == 1 && dst.p[0] == '.'))
			add_symbol(ps, dst, vma, true, dot);
		ps->cur = keep;
		return;
	}
	if (indent >= 16) {
		if (ps->cur == MAP_NONE) {
			fail(ps, (unsigned)(q - line) + 1, "symbol line before "
			     "any output section");
			return;
		}
		add_symbol(ps, text, vma, false, true);
		return;
	}
	if (ps->cur == MAP_NONE) {
		fail(ps, (unsigned)(q - line) + 1, "input section line before "
		     "any output section");
		return;
	}
	if (is_data_keyword(q, e)) {
		struct map_input *in = add_input(ps, false);
		in->section = text;
		in->file = (struct slice){q, 0};
		in->addr = vma;
		in->size = size;
		in->data = true;
		return;
	}
	bool dot;
	struct slice dst = assignment_target(q, e, &dot);
	if (dst.n) {
		if (!(dst.n == 1 && dst.p[0] == '.'))
			add_symbol(ps, dst, vma, true, dot);
		return;
	}
	/* file:(section), or archive(member):(section); .eh_frame pieces
	 * print as (.eh_frame+0x18) */
	const char *c = NULL;
	for (const char *r = text.p + text.n - 1; r > text.p; r--)
		if (r[0] == '(' && r[-1] == ':') {
			c = r;
			break;
		}
	if (!c || text.p[text.n - 1] != ')')
		return;		/* some other command lld prints */
	struct map_input *in = add_input(ps, false);
	in->file = (struct slice){text.p, (size_t)(c - 1 - text.p)};
	struct slice sec = {c + 1, (size_t)(text.p + text.n - 1 - (c + 1))};
	for (size_t i = sec.n; i > 0; i--)
		if (sec.p[i - 1] == '+') {
			if (i + 2 < sec.n && sec.p[i] == '0' && sec.p[i + 1] == 'x')
				sec.n = i - 1;
			break;
		}
	in->section = sec;
	in->addr = vma;
	in->size = size;
	in->fill = false;
}

/* Signatures of other linkers' maps, to name them in the message. */
static const struct {
	const char *text;
	const char *linker;
} foreign[] = {
	{"IAR ELF Linker", "an IAR ILINK map"},
	{"Component: ARM Compiler", "an Arm Compiler (Keil armlink) map"},
	{"Memory Map of the image", "an Arm Compiler (Keil armlink) map"},
	{"Image Symbol Table", "an Arm Compiler (Keil armlink) map"},
	{"TI ARM", "a TI linker map"},
	{"OUTPUT FILE NAME:", "a TI linker map"},
	{"# Path:", "an Apple ld64 map"},
	{"Timestamp is", "a Microsoft LINK map"},
	{"Preferred load address is", "a Microsoft LINK map"},
	{"Memory map", "a GNU gold map"},
};

/* Is the line exactly these column titles? */
static bool titles(const char *p, const char *e, const char *const *cols,
		   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		p = skip_spaces(p, e);
		const char *t = skip_token(p, e);
		if ((size_t)(t - p) != strlen(cols[i]) ||
		    memcmp(p, cols[i], (size_t)(t - p)) != 0)
			return false;
		p = t;
	}
	return skip_spaces(p, e) == e;
}

static bool lld_header(const char *p, const char *e)
{
	static const char *const cols[] = {"VMA", "LMA", "Size", "Align", "Out",
					   "In", "Symbol"};
	return titles(p, e, cols, sizeof cols / sizeof *cols);
}

/* The table of ld.lld before LLVM 6, without the LMA column. */
static bool old_lld_header(const char *p, const char *e)
{
	static const char *const cols[] = {"Address", "Size", "Align", "Out",
					   "In", "Symbol"};
	static const char *const cols2[] = {"Address", "Size", "Align", "Out",
					    "In", "File", "Symbol"};
	return titles(p, e, cols, sizeof cols / sizeof *cols) ||
	       titles(p, e, cols2, sizeof cols2 / sizeof *cols2);
}

/* Decides the format from the first lines; false after a finding. */
static bool detect(struct parser *ps, const char *p, const char *end,
		   enum map_format *fmt)
{
	unsigned line = 0;
	struct slice first = {NULL, 0};
	unsigned first_line = 0;
	/* A text map has no NUL bytes; look at the first 64 KiB only, so
	 * that the check costs nothing on a large map. */
	size_t head = (size_t)(end - p) < 65536 ? (size_t)(end - p) : 65536;
	const char *nul = memchr(p, '\0', head);
	if (nul) {
		ps->line = 1;
		for (const char *c = p; c < nul; c++)
			ps->line += *c == '\n';
		fail(ps, 1, "binary data (a NUL byte); not a text map file");
		return false;
	}
	for (int k = 0; p < end && k < 200; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		line++;
		struct slice l = rtrim(p, e > p && e[-1] == '\r' ? e - 1 : e);
		for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++)
			if (contains(l.p, l.p + l.n, foreign[i].text)) {
				ps->line = line;
				fail(ps, 1, "this is %s; ldlint reads the maps of "
				     "GNU ld (-Wl,-Map=FILE) and ld.lld only",
				     foreign[i].linker);
				return false;
			}
		if (l.n && !first.p) {
			first = l;
			first_line = line;
			if (lld_header(l.p, l.p + l.n)) {
				*fmt = MAP_LLD;
				return true;
			}
			for (size_t i = 0; i < sizeof headings / sizeof *headings;
			     i++)
				if (l.n == strlen(headings[i].text) &&
				    memcmp(l.p, headings[i].text, l.n) == 0) {
					*fmt = MAP_GNU;
					return true;
				}
		}
		p = nl ? nl + 1 : end;
	}
	ps->line = first.p ? first_line : 1;
	if (!first.p)
		fail(ps, 1, "empty map file");
	else if (old_lld_header(first.p, first.p + first.n))
		fail(ps, 1, "this is a map from ld.lld before LLVM 6, which has "
		     "no LMA column; relink with a newer ld.lld");
	else
		fail(ps, 1, "not a GNU ld or ld.lld map: the first line is "
		     "neither one of GNU ld's headings ('Memory Configuration', "
		     "'Linker script and memory map', ...) nor ld.lld's 'VMA LMA "
		     "Size Align Out In Symbol'");
	return false;
}

static void parse(struct parser *ps, const char *p, const char *end)
{
	struct map_image *m = ps->m;
	unsigned line = 0;
	while (p < end && !ps->failed) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		ps->line = ++line;
		const char *le = e > p && e[-1] == '\r' ? e - 1 : e;
		if (m->format == MAP_GNU)
			gnu_line(ps, p, le);
		else if (line > 1 || !lld_header(p, le))
			lld_line(ps, p, le);
		if (ps->part == PART_CREF)
			break;
		p = nl ? nl + 1 : end;
	}
	if (ps->failed || m->format != MAP_GNU)
		return;
	if (ps->pend == PEND_MEMBER) {
		ps->line = ps->pline;
		fail(ps, 1, "archive member '%.*s' has no 'file (symbol)' line "
		     "(truncated map?)", (int)ps->pname.n, ps->pname.p);
	} else if (ps->pend == PEND_INPUT) {
		ps->line = ps->pline;
		fail(ps, 2, "input section '%.*s' has no address line after it "
		     "(truncated map?)", (int)ps->pname.n, ps->pname.p);
	} else if (!ps->seen_script)
		fail(ps, 1, "the map has no 'Linker script and memory map' "
		     "listing (truncated map?)");
}

struct map_image *map_read(const char *path, struct diag *d)
{
	init_hex();
	struct map_image *m = xcalloc(1, sizeof *m);
	m->path = path;
	struct parser ps = {0};
	ps.pv = xcalloc(1, sizeof *ps.pv);
	m->priv = ps.pv;
	ps.m = m;
	ps.d = d;
	ps.cur = MAP_NONE;
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fail(&ps, 0, "cannot open: %s", strerror(errno));
		goto bad;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		fail(&ps, 0, S_ISREG(st.st_mode) ? "empty map file"
						 : "not a regular file");
		goto bad;
	}
	m->len = (size_t)st.st_size;
	/* no MAP_POPULATE: the kernel's fault-around maps pages in batches
	 * and costs less than populating the whole mapping up front */
	void *map = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		fail(&ps, 0, "cannot map: %s", strerror(errno));
		m->len = 0;
		goto bad;
	}
	close(fd);
	fd = -1;
	m->data = map;
	madvise(map, m->len, MADV_SEQUENTIAL);
	if (!detect(&ps, m->data, m->data + m->len, &m->format))
		goto bad;
	parse(&ps, m->data, m->data + m->len);
	if (ps.failed)
		goto bad;
	return m;
bad:
	if (fd >= 0)
		close(fd);
	map_free(m);
	return NULL;
}

bool map_is_map(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	if (n <= 0)
		return false;
	const char *p = buf, *end = buf + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		struct slice l = rtrim(p, e > p && e[-1] == '\r' ? e - 1 : e);
		if (l.n) {
			if (lld_header(l.p, l.p + l.n))
				return true;
			for (size_t i = 0; i < sizeof headings / sizeof *headings;
			     i++)
				if (l.n == strlen(headings[i].text) &&
				    memcmp(l.p, headings[i].text, l.n) == 0)
					return true;
			return false;
		}
		p = nl ? nl + 1 : end;
	}
	return false;
}

const struct map_section *map_section(const struct map_image *m,
				      const char *name)
{
	for (size_t i = 0; i < m->nsections; i++)
		if (slice_eq(m->sections[i].name, name))
			return &m->sections[i];
	return NULL;
}

bool slice_eq(struct slice s, const char *str)
{
	return strlen(str) == s.n && memcmp(s.p, str, s.n) == 0;
}

void map_free(struct map_image *m)
{
	if (!m)
		return;
	if (m->data)
		munmap((void *)m->data, m->len);
	struct map_priv *pv = m->priv;
	if (pv) {
		release(m->regions, &pv->regions);
		release(m->sections, &pv->sections);
		release(m->inputs, &pv->inputs);
		release(m->symbols, &pv->symbols);
		release(m->discarded, &pv->discarded);
		release(m->members, &pv->members);
		free(pv);
	}
	free(m);
}
