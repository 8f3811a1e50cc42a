/*
 * mapfile: reads the map GNU ld writes with -Map and the one ld.lld
 * writes, in one pass.
 *
 * GNU ld's map is a listing meant for people: headings ('Archive member
 * included ...', 'Discarded input sections', 'Memory Configuration',
 * 'Linker script and memory map') and, under the last one, every
 * statement of the script with the addresses ld gave it (ld/ldlang.c:
 * print_statement and the print_* functions it calls).  An output
 * section starts in column 0, an input section in column 1, and the
 * address column starts at column 16; a name too long for its column (15
 * or more characters) is printed alone and its numbers follow on the
 * next line, 16 spaces in.  Symbol, assignment and data statement lines
 * start with 16 spaces.  The listing always ends with ld's OUTPUT(...)
 * line and the sections placed after it (debug sections, attributes), so
 * a map without that line, or whose last line has no newline, was cut
 * short.  Inside the listing every line must be one that ld prints;
 * anything else is refused at its line.
 *
 * ld.lld's map is a table: VMA, LMA, size and alignment columns, then the
 * output section at indent 0, the input section ('file:(section)') and
 * assignments at indent 8, and symbols at indent 16 (lld/ELF/MapFile.cpp).
 *
 * The file is read in blocks into one reused buffer; each line is found
 * with memchr and told apart by its first bytes.  An input section is
 * summed up into its output section (the class the caller's classify()
 * gives its name, and the bytes its file gives the section) and kept only
 * where the caller asks (struct map_options), so memory does not grow
 * with the number of input sections.  Whatever is kept is copied into the
 * image's arena.  The reader does not judge the layout; it refuses a file
 * that is not one of the two formats, that has a line it cannot read or
 * that was cut short, with one 'map-file' finding at that line.
 *
 * This file reads the blocks, tells the format and keeps what is kept;
 * mapfile_gnu.c and mapfile_lld.c read the lines of each format.
 */
#include "mapfile_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Value of each byte as a hex digit, or 0xff. */
unsigned char map_hexval[256];

static void init_hex(void)
{
	if (map_hexval['0'] == 0 && map_hexval['1'] == 1)
		return;
	memset(map_hexval, 0xff, sizeof map_hexval);
	for (int i = 0; i < 10; i++)
		map_hexval['0' + i] = (unsigned char)i;
	for (int i = 0; i < 6; i++)
		map_hexval['a' + i] = map_hexval['A' + i] =
			(unsigned char)(10 + i);
}

/* The one 'map-file' finding, at column 'col' of the current line (0:
 * the line as a whole) and 'len' bytes long; the path is copied because
 * the image is freed. */
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

void map_fail(struct parser *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(ps, col, 1, fmt, ap);
	va_end(ap);
}

void map_fail_len(struct parser *ps, unsigned col, unsigned len,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(ps, col, len, fmt, ap);
	va_end(ap);
}

/* Room for one more element in an array of 'size'-byte elements. */
void *map_more(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(p, *cap * size);
}

/* A copy of 's' in the image's arena. */
struct slice map_copy(struct parser *ps, struct slice s)
{
	return (struct slice){arena_strndup(&ps->m->arena, s.p, s.n), s.n};
}

/* The index of 's' (h = hash_bytes(s)) in the set, or MAP_NONE.  Names
 * are hashed only when a set is looked up. */
static size_t names_find(const struct names *t, struct slice s, uint64_t h)
{
	if (!t->nslot)
		return MAP_NONE;
	for (size_t i = h & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
		uint32_t k = t->slot[i];
		if (!k)
			return MAP_NONE;
		const struct name *e = &t->v[k - 1];
		if (e->hash == h && e->s.n == s.n &&
		    memcmp(e->s.p, s.p, s.n) == 0)
			return k - 1;
	}
}

static void names_slot(struct names *t, size_t k)
{
	size_t i = t->v[k].hash & (t->nslot - 1);
	while (t->slot[i])
		i = (i + 1) & (t->nslot - 1);
	t->slot[i] = (uint32_t)(k + 1);
}

/* Adds 's' (which must stay valid) and returns its index. */
static size_t names_add(struct names *t, struct slice s, uint64_t h)
{
	t->v = map_more(t->v, t->n, &t->cap, sizeof *t->v);
	t->v[t->n] = (struct name){s, h, MAP_NONE, 0};
	size_t k = t->n++;
	if (t->n * 2 > t->nslot) {
		free(t->slot);
		t->nslot = t->nslot ? t->nslot * 2 : 64;
		t->slot = xcalloc(t->nslot, sizeof *t->slot);
		for (size_t i = 0; i < t->n; i++)
			names_slot(t, i);
	} else {
		names_slot(t, k);
	}
	return k;
}

static void names_free(struct names *t)
{
	free(t->v);
	free(t->slot);
}

/* The finding for a number read_hex refused at 'p'. */
void map_hex_error(struct parser *ps, const char *line, const char *p,
		      const char *e, bool prefix, const char *what)
{
	const char *t = skip_token(p, e);
	int n = (int)(t - p > 40 ? 40 : t - p);
	bool digits = true;
	for (const char *c = p + (prefix ? 2 : 0); c < t; c++)
		digits = digits && map_hexval[(unsigned char)*c] != 0xff;
	unsigned col = (unsigned)(p - line) + 1, len = (unsigned)(t - p);
	if (p >= e)
		map_fail(ps, col, "%s is missing", what);
	else if (digits && t - p > (prefix ? 2 : 0))
		map_fail_len(ps, col, len, "%s '%.*s' does not fit in 64 bits",
			     what, n, p);
	else
		map_fail_len(ps, col, len, "%s '%.*s' is not a %s number", what,
			     n, p, prefix ? "0x hexadecimal" : "hexadecimal");
}

bool map_data_keyword(const char *p, const char *e)
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
struct slice map_assignment_target(const char *p, const char *e,
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

/* ---- what is kept ------------------------------------------------------- */

static const char empty[] = "";

struct map_section *map_add_section(struct parser *ps, struct slice name,
				       unsigned line)
{
	struct map_image *m = ps->m;
	m->sections = map_more(m->sections, m->nsections, &ps->cap.sections,
			       sizeof *m->sections);
	struct map_section *s = &m->sections[m->nsections];
	memset(s, 0, sizeof *s);
	s->name = map_copy(ps, name);
	s->line = line;
	s->first_input = m->ninputs;
	s->first_symbol = m->nsymbols;
	s->first_contrib = m->ncontribs;
	s->nonalloc = nonalloc_name(name);
	s->list_unknown = true;		/* until map_section_ready() asks */
	ps->cur = m->nsections++;
	return s;
}

/* Refuses an address range that runs past the end of the 64-bit address
 * space; no linker prints one. */
bool map_fits(struct parser *ps, const char *what, struct slice name,
	      uint64_t base, uint64_t size)
{
	if (!size || base + (size - 1) >= base)
		return true;
	map_fail(ps, 0, "%s '%.*s' at 0x%" PRIx64 " of size 0x%" PRIx64
		 " ends past 2^64: no linker writes that; the map is damaged",
		 what, (int)(name.n > 60 ? 60 : name.n), name.p, base, size);
	return false;
}

/* A section's numbers are known: check them and ask the caller whether
 * to list all its inputs. */
void map_section_ready(struct parser *ps, struct map_section *s)
{
	const struct map_options *o = ps->opt;
	s->list_unknown = !o->unknown_inputs || o->unknown_inputs(s, o->ctx);
	if (!map_fits(ps, "section", s->name, s->vma, s->size) ||
	    (s->has_lma && !map_fits(ps, "load image of section", s->name,
				     s->lma, s->size)))
		return;
	s->listed = o->every_input || (o->keep_inputs &&
				       o->keep_inputs(s, o->ctx));
	s->skipped = ps->m->format == MAP_GNU && o->skip_lines && !s->listed &&
		     !o->every_symbol && !ps->per_file && !o->input &&
		     o->skip_lines(s, o->ctx);
	ps->skipping = s->skipped;
}

static unsigned classify(struct parser *ps, struct slice name)
{
	return ps->opt->classify ? ps->opt->classify(name, ps->opt->ctx)
				 : MAP_UNKNOWN;
}

/* The bytes an input file gives the current section; returns the file's
 * name as kept.  Inputs of one file usually follow each other, so the
 * last file is compared before the set is looked up. */
/* The index of an input's file name in ps->files, added the first time;
 * its 's' is the kept copy. */
static size_t file_index(struct parser *ps, struct slice file)
{
	struct names *t = &ps->files;
	size_t k = ps->last_file;
	if (k == MAP_NONE || t->v[k].s.n != file.n ||
	    memcmp(t->v[k].s.p, file.p, file.n) != 0) {
		uint64_t h = hash_bytes(file.p, file.n);
		k = names_find(t, file, h);
		if (k == MAP_NONE)
			k = names_add(t, map_copy(ps, file), h);
		ps->last_file = k;
	}
	return k;
}

static struct slice contribute(struct parser *ps, struct slice file,
			       uint64_t size)
{
	struct names *t = &ps->files;
	size_t k = file_index(ps, file);
	struct name *f = &t->v[k];
	struct map_image *m = ps->m;
	if (f->section != ps->cur) {
		m->contribs = map_more(m->contribs, m->ncontribs,
				       &ps->cap.contribs, sizeof *m->contribs);
		f->section = ps->cur;
		f->contrib = m->ncontribs;
		m->contribs[m->ncontribs++] =
			(struct map_contrib){ps->cur, f->s, 0};
		m->sections[ps->cur].ncontribs++;
	}
	m->contribs[f->contrib].bytes += size;
	return f->s;
}

static void sum_input(struct map_summary *sum, unsigned cls, uint64_t size)
{
	sum->ninputs++;
	sum->input_bytes += size;
	if (!size)
		return;
	if (MAP_IS_UNKNOWN(cls))
		sum->nunknown++;
	for (unsigned k = 0; k < MAP_NCLASSES; k++)
		if (cls & (1u << k))
			sum->nclass[k]++;
}

/* Appends a copy of 'in' to 'v' (the inputs, or the discarded list). */
static void list_input(struct parser *ps, struct map_input **v, size_t *n,
		       size_t *cap, const struct map_input *in)
{
	*v = map_more(*v, *n, cap, sizeof **v);
	struct map_input *c = &(*v)[(*n)++];
	*c = *in;
	c->section = map_copy(ps, in->section);
	if (!c->file.n)
		c->file = (struct slice){empty, 0};
}

/* An input section, *fill* or data statement of the current output
 * section: summed up, and listed when the section is listed or when its
 * name does not tell what its bytes are. */
void map_take_input(struct parser *ps, struct map_input *in)
{
	if (ps->cur == MAP_NONE)
		return;		/* under a section ld did not create */
	struct map_section *s = &ps->m->sections[ps->cur];
	bool unknown = false;
	if (in->fill) {
		s->sum.nfill++;
		s->sum.fill_bytes += in->size;
	} else if (in->data) {
		s->sum.ndata++;
		s->sum.data_bytes += in->size;
	} else {
		in->cls = classify(ps, in->section);
		sum_input(&s->sum, in->cls, in->size);
		if (ps->per_file)
			in->file = contribute(ps, in->file, in->size);
		unknown = MAP_IS_UNKNOWN(in->cls);
	}
	if (ps->opt->input)
		ps->opt->input(s, ps->cur, in, ps->opt->input_ctx);
	if (s->listed || (unknown && s->list_unknown)) {
		struct map_image *m = ps->m;
		if (!ps->per_file && !in->fill && !in->data && in->file.n) {
			size_t k = file_index(ps, in->file);	/* may move v */
			in->file = ps->files.v[k].s;
		}
		list_input(ps, &m->inputs, &m->ninputs, &ps->cap.inputs, in);
		s->ninputs++;
	}
}

void map_take_discarded(struct parser *ps, struct map_input *in)
{
	if (!ps->opt->every_input)
		return;
	struct map_image *m = ps->m;
	in->cls = classify(ps, in->section);
	in->file = map_copy(ps, in->file);
	list_input(ps, &m->discarded, &m->ndiscarded, &ps->cap.discarded, in);
}

/* Was this symbol asked for? */
bool map_wanted(const struct parser *ps, struct slice name)
{
	if (ps->opt->every_symbol)
		return true;
	size_t b = name.n & 255;
	if (!(ps->want_len[b >> 6] >> (b & 63) & 1))
		return false;
	return names_find(&ps->want, name, hash_bytes(name.p, name.n)) !=
	       MAP_NONE;
}

static void want_init(struct parser *ps)
{
	for (const char *const *w = ps->opt->symbols; w && *w; w++) {
		struct slice s = {*w, strlen(*w)};
		uint64_t h = hash_bytes(s.p, s.n);
		if (names_find(&ps->want, s, h) == MAP_NONE)
			names_add(&ps->want, s, h);
		ps->want_len[(s.n & 255) >> 6] |= (uint64_t)1 << (s.n & 63);
	}
}

void map_add_symbol(struct parser *ps, struct slice name, uint64_t value,
		       bool assigned, bool has_value)
{
	struct map_image *m = ps->m;
	m->symbols = map_more(m->symbols, m->nsymbols, &ps->cap.symbols,
			      sizeof *m->symbols);
	struct map_symbol *y = &m->symbols[m->nsymbols++];
	y->name = map_copy(ps, name);
	y->value = value;
	y->assigned = assigned;
	y->has_value = has_value;
	y->line = ps->line;
	y->section = ps->cur;
	if (ps->cur != MAP_NONE)
		m->sections[ps->cur].nsymbols++;
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
		map_fail(ps, 1, "binary data (a NUL byte); not a text map "
			 "file");
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
				map_fail(ps, 1, "this is %s; ldlint reads the "
					 "maps of GNU ld (-Wl,-Map=FILE) and "
					 "ld.lld only", foreign[i].linker);
				return false;
			}
		if (l.n && !first.p) {
			first = l;
			first_line = line;
			if (map_lld_header(l.p, l.p + l.n)) {
				*fmt = MAP_LLD;
				return true;
			}
			if (map_gnu_heading(l)) {
				*fmt = MAP_GNU;
				return true;
			}
		}
		p = nl ? nl + 1 : end;
	}
	ps->line = first.p ? first_line : 1;
	if (!first.p)
		map_fail(ps, 1, "empty map file");
	else if (map_lld_old_header(first.p, first.p + first.n))
		map_fail(ps, 1, "this is a map from ld.lld before LLVM 6, "
			 "which has no LMA column; relink with a newer "
			 "ld.lld");
	else
		map_fail(ps, 1, "not a GNU ld or ld.lld map: the first line is "
			 "neither one of GNU ld's headings ('Memory "
			 "Configuration', 'Linker script and memory map', ...) "
			 "nor ld.lld's 'VMA LMA Size Align Out In Symbol'");
	return false;
}

/* ---- reading ---------------------------------------------------------- */

/* Opens the map without blocking (a FIFO with no writer, a device) and
 * refuses what is not a regular file of a size ldlint reads. */
static bool open_map(struct parser *ps)
{
	const char *path = ps->m->path;
	struct stat st;
	ps->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (ps->fd < 0 || fstat(ps->fd, &st) != 0) {
		map_fail(ps, 0, "cannot open: %s", strerror(errno));
		return false;
	}
	const char *kind = S_ISDIR(st.st_mode) ? "a directory" :
			   S_ISFIFO(st.st_mode) ? "a FIFO" :
			   S_ISCHR(st.st_mode) ? "a character device" :
			   S_ISBLK(st.st_mode) ? "a block device" :
			   S_ISSOCK(st.st_mode) ? "a socket" : NULL;
	if (kind)
		map_fail(ps, 0, "this is %s, not a map file; give the file the "
			 "linker wrote with -Wl,-Map=FILE", kind);
	else if (!S_ISREG(st.st_mode))
		map_fail(ps, 0, "not a regular file; give the file the linker "
			 "wrote with -Wl,-Map=FILE");
	else if (st.st_size == 0)
		map_fail(ps, 0, "empty map file");
	else if ((uint64_t)st.st_size > MAX_BYTES)
		map_fail(ps, 0, "the file is %" PRIu64 " bytes; ldlint reads "
			 "maps of up to 4 GiB", (uint64_t)st.st_size);
	if (ps->failed)
		return false;
	/* A map is read in blocks into one buffer: every page of it the
	 * kernel copies into is a page fault the first time, so a small map
	 * gets a small one (more reads cost less than more fresh pages),
	 * unless the heap is on a huge page (heap_prepare). */
	ps->bufcap = (uint64_t)st.st_size < SMALL_MAP && !heap_pages_cheap() ?
		     SMALL_BLOCK : BLOCK;
	ps->buf = xmalloc(ps->bufcap);
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(ps->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	return true;
}

/* Reads the next block after the unread bytes, which move to the front;
 * the buffer doubles when one line fills it.  False at the end of the
 * file or after a finding. */
static bool refill(struct parser *ps)
{
	if (ps->eof || ps->failed)
		return false;
	bool in_buf = ps->pend == PEND_OUTPUT || ps->pend == PEND_INPUT;
	size_t from = ps->head, name = 0;
	if (in_buf) {
		name = (size_t)(ps->pname.p - ps->buf);
		from = name < from ? name : from;
	}
	memmove(ps->buf, ps->buf + from, ps->tail - from);
	ps->head -= from;
	ps->tail -= from;
	if (ps->tail == ps->bufcap) {
		ps->bufcap *= 2;
		ps->buf = xrealloc(ps->buf, ps->bufcap);
	}
	if (in_buf)
		ps->pname.p = ps->buf + (name - from);
	ssize_t n;
	do
		n = read(ps->fd, ps->buf + ps->tail, ps->bufcap - ps->tail);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		map_fail(ps, 0, "cannot read: %s", strerror(errno));
	if (n <= 0) {
		ps->eof = true;
		return false;
	}
	ps->tail += (size_t)n;
	ps->m->bytes += (size_t)n;
	if (ps->m->bytes > MAX_BYTES) {
		map_fail(ps, 0, "the file grew past 4 GiB while it was read");
		return false;
	}
	return true;
}

/* The map stopped before its end: the link died or the file was cut.
 * 'mid' when its last line has no newline. */
static void cut_short(struct parser *ps, bool mid)
{
	if (ps->m->format == MAP_LLD)
		map_fail(ps, 0, "the map ends in the middle of a table "
			 "row: the link that wrote it died or the file was "
			 "cut short");
	else if (!ps->seen_output)
		map_fail(ps, 0, "the map ends here, before GNU ld's "
			 "OUTPUT(...) line: the link that wrote it died or "
			 "the file was cut short");
	else if (mid)
		map_fail(ps, 0, "the map ends in the middle of a line: the "
			 "link that wrote it died or the file was cut short");
}

/* What must hold once every line was read. */
static void at_end(struct parser *ps)
{
	if (ps->m->format != MAP_GNU)
		return;
	if (!ps->seen_output)
		cut_short(ps, false);
	else
		map_gnu_end(ps);
}

/* Lines that no rule reads: GNU ld's list of discarded input sections
 * when nothing keeps it (map_options.every_input), which in builds with
 * -ffunction-sections is most of the map (26,000 of the 27,000 lines of
 * an STM32CubeH7 template's), and the lines under an output section the
 * caller does not need (map_options.skip_lines).  They are counted and
 * must be indented or empty; their names and numbers are not read.
 * Returns the first line that is neither (a heading, the next output
 * section, a statement, or a line the parser judges), or the start of
 * the block's unfinished last line. */
static char *skip_indented(struct parser *ps, char *p, const char *end)
{
	const char *nl;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r') &&
	       (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		ps->line++;
		p = (char *)nl + 1;
	}
	if (p < end && *p != ' ' && *p != '\n' && *p != '\r')
		ps->skipping = false;	/* in column 0: the section ended */
	return p;
}

/* Every line of the file, block by block. */
static void parse(struct parser *ps)
{
	bool gnu = ps->m->format == MAP_GNU;
	bool skip = gnu && !ps->opt->every_input;
	do {
		char *p = ps->buf + ps->head, *end = ps->buf + ps->tail;
		const char *nl;
		while (!ps->failed) {
			if (skip && (ps->skipping || ps->part == PART_DISCARDED))
				p = skip_indented(ps, p, end);
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				break;
			ps->line++;
			const char *le = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
			if (gnu)
				map_gnu_line(ps, p, le);
			else
				map_lld_line(ps, p, le);
			p = (char *)nl + 1;
			/* GNU ld writes the cross reference table last (after
			 * lang_map, ldmain.c), and nothing in it is read */
			if (ps->part == PART_CREF) {
				at_end(ps);
				return;
			}
		}
		ps->head = (size_t)(p - ps->buf);
	} while (!ps->failed && refill(ps));
	if (ps->failed)
		return;
	if (ps->head < ps->tail) {
		ps->line++;
		cut_short(ps, true);
	} else {
		at_end(ps);
	}
}

static void parser_free(struct parser *ps)
{
	if (ps->fd >= 0)
		close(ps->fd);
	free(ps->buf);
	names_free(&ps->files);
	names_free(&ps->want);
}

struct map_image *map_read(const char *path, const struct map_options *opt,
			   struct diag *d)
{
	static const struct map_options none;
	init_hex();
	struct map_image *m = xcalloc(1, sizeof *m);
	m->path = path;
	struct parser ps = {0};
	ps.m = m;
	ps.opt = opt ? opt : &none;
	ps.d = d;
	ps.cur = ps.last_file = MAP_NONE;
	ps.per_file = ps.opt->per_file || ps.opt->every_input || ps.opt->input;
	if (open_map(&ps) && refill(&ps) &&
	    detect(&ps, ps.buf, ps.buf + ps.tail, &m->format)) {
		want_init(&ps);
		parse(&ps);
	}
	parser_free(&ps);
	if (ps.failed) {
		map_free(m);
		return NULL;
	}
	return m;
}

bool map_is_map(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return false;
	char buf[4096];
	ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ?
		    read(fd, buf, sizeof buf) : 0;
	close(fd);
	const char *p = buf, *end = buf + (n > 0 ? n : 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		struct slice l = rtrim(p, e > p && e[-1] == '\r' ? e - 1 : e);
		if (l.n)
			return map_lld_header(l.p, l.p + l.n) ||
			       map_gnu_heading(l);
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
	free(m->regions);
	free(m->sections);
	free(m->inputs);
	free(m->symbols);
	free(m->contribs);
	free(m->discarded);
	free(m->members);
	arena_free(&m->arena);
	free(m);
}

