/*
 * mapfile_gnu: GNU ld's map, line by line: the headings, the archive
 * members, the discarded input sections, Memory Configuration and the
 * script listing, whose every line must be one that ld/ldlang.c prints
 * (see mapfile.c for the layout).
 */
#include "mapfile_impl.h"

#include <inttypes.h>

/* GNU ld's headings (ld/ldlang.c lang_map and lang_print_asneeded,
 * ldmain.c's archive members, ldlang.c's common symbols, ldfile.c's input
 * remapping, bfd's elf-properties.c, ldcref.c) and the part each opens. */
static const struct {
	const char *text;
	enum part part;
} headings[] = {
	{"Archive member included to satisfy reference by file (symbol)",
	 PART_MEMBERS},
	{"Archive member included because of file (symbol)", PART_MEMBERS},
	{"As-needed library included to satisfy reference by file (symbol)",
	 PART_SKIP},
	{"Input File Remapping", PART_SKIP},
	{"Allocating common symbols", PART_SKIP},
	{"Merging program properties", PART_SKIP},
	{"Discarded input sections", PART_DISCARDED},
	{"There are no discarded input sections", PART_DISCARDED},
	{"Memory Configuration", PART_MEMORY},
	{"Linker script and memory map", PART_SCRIPT},
	{"Cross Reference Table", PART_CREF},
};

/* The finding for a line that is none of the forms ld prints. */
static void unknown_line(struct parser *ps, const char *line, const char *e)
{
	const char *p = skip_spaces(line, e);
	struct slice t = rtrim(p, e);
	map_fail_len(ps, (unsigned)(p - line) + 1, (unsigned)t.n, "'%.*s%s' is "
		     "not a line GNU ld writes in a map",
		     (int)(t.n > 60 ? 60 : t.n), t.p, t.n > 60 ? "..." : "");
}

/* Reads "0xA<spaces>0xB" at 'p': the address and size columns of GNU
 * ld's section lines.  On success *pp is after B. */
static bool two_numbers(struct parser *ps, const char *line, const char **pp,
			const char *e, uint64_t *a, uint64_t *b, bool input)
{
	const char *p = *pp;
	if (!map_need_hex(ps, line, &p, e, true, a,
			  input ? "input section address" : "section address"))
		return false;
	p = skip_spaces(p, e);
	if (!map_need_hex(ps, line, &p, e, true, b,
			  input ? "input section size" : "section size"))
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
	struct map_section *s = map_add_section(ps, name, nline);
	s->vma = s->lma = vma;
	s->size = size;
	for (p = skip_spaces(p, e); p < e; p = skip_spaces(p, e)) {
		if (starts(p, e, "load address ")) {
			p = skip_spaces(p + 13, e);
			if (!map_need_hex(ps, line, &p, e, true, &s->lma,
				      "load address"))
				return;
			s->has_lma = true;
		} else if (starts(p, e, "(NOLOAD)")) {
			s->noload = true;
			p += 8;
		} else {
			unknown_line(ps, line, e);
			return;
		}
	}
	map_section_ready(ps, s);
}

/* An input section (or *fill*) with its numbers; 'p' is after the size,
 * at " file" (or a *fill*'s pattern). */
static void gnu_input(struct parser *ps, const char *p, const char *e,
		      struct slice name, unsigned nline, bool discarded,
		      uint64_t addr, uint64_t size)
{
	if (discarded && !ps->opt->every_input) {	/* checked, not kept */
		map_fits(ps, "input section", name, addr, size);
		return;
	}
	struct map_input in = {0};
	in.section = name;
	in.addr = addr;
	in.size = size;
	in.line = nline;
	in.fill = name.n == 6 && memcmp(name.p, "*fill*", 6) == 0;
	p = skip_spaces(p, e);
	in.file = rtrim(p, in.fill ? p : e);
	if (!map_fits(ps, "input section", name, addr, size))
		return;
	if (discarded)
		map_take_discarded(ps, &in);
	else
		map_take_input(ps, &in);
}

/* A name printed alone ended without its numbers: an output section
 * that ld did not create (its inputs were all empty, or /DISCARD/), or
 * an input section whose address line is missing, which is refused.
 * False after a finding. */
static bool flush_pending(struct parser *ps)
{
	enum pending k = ps->pend;
	if (k != PEND_OUTPUT && k != PEND_INPUT)
		return true;
	ps->pend = PEND_NONE;
	if (k == PEND_OUTPUT) {
		ps->cur = MAP_NONE;
		return true;
	}
	unsigned line = ps->line;
	ps->line = ps->pline;
	map_fail_len(ps, 2, (unsigned)ps->pname.n, "input section '%.*s' has "
		     "no address line after it", (int)ps->pname.n,
		     ps->pname.p);
	ps->line = line;
	return false;
}

/* Waits for the numbers of a name printed alone; the name stays in the
 * buffer (refill keeps its line). */
static void pend(struct parser *ps, enum pending k, struct slice name)
{
	ps->pend = k;
	ps->pname = name;
	ps->pline = ps->line;
}

/* The statements ld prints in column 0 besides output sections. */
static bool col0_statement(struct parser *ps, const char *p, const char *e)
{
	static const char *const kw[] = {"LOAD ", "START GROUP", "END GROUP",
		"TARGET(", "INSERT AFTER ", "INSERT BEFORE ",
		"Address of section "};
	if (starts(p, e, "OUTPUT(") && e[-1] == ')') {
		ps->seen_output = true;
		return true;
	}
	for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
		if (starts(p, e, kw[i]))
			return true;
	return false;
}

/* A line in column 0 of the script listing: an output section (its name
 * alone when too long or when ld did not create it) or a statement. */
static void gnu_col0(struct parser *ps, const char *p, const char *e)
{
	if (!flush_pending(ps) || col0_statement(ps, p, e))
		return;
	const char *t = skip_token(p, e);
	struct slice name = {p, (size_t)(t - p)};
	if (t == e) {
		pend(ps, PEND_OUTPUT, name);
		ps->cur = MAP_NONE;
		return;
	}
	const char *q = skip_spaces(t, e);
	uint64_t vma, size;
	if (!starts(q, e, "0x")) {
		unknown_line(ps, p, e);
		return;
	}
	if (two_numbers(ps, p, &q, e, &vma, &size, false))
		gnu_output(ps, p, q, e, name, ps->line, vma, size);
}

/* Statements in column 1 that have no numbers: input section patterns
 * ('*(.text .text.*)', 'EXCLUDE_FILE(...) *(...)', 'SORT (CONSTRUCTORS)'),
 * FILL, CONSTRUCTORS and CREATE_OBJECT_SYMBOLS. */
static bool col1_statement(const char *p, const char *e)
{
	if (e[-1] == ')' && memchr(p, '(', (size_t)(e - p)))
		return true;
	struct slice s = rtrim(p, e);
	return starts(p, e, "FILL mask 0x") ||
	       (s.n == 12 && memcmp(s.p, "CONSTRUCTORS", 12) == 0) ||
	       (s.n == 21 && memcmp(s.p, "CREATE_OBJECT_SYMBOLS", 21) == 0);
}

/* A line in column 1: an input section, *fill*, or a statement. */
static void gnu_col1(struct parser *ps, const char *line, const char *e,
		     bool discarded)
{
	if (!flush_pending(ps))
		return;
	const char *p = line + 1, *q;
	uint64_t addr, size;
	/* most often a short name padded to the numbers at column 16 */
	if (e - line > 18 && line[15] == ' ' && line[16] == '0' &&
	    line[17] == 'x') {
		struct slice name = rtrim(p, line + 16);
		q = line + 16;
		if (name.n && !memchr(name.p, ' ', name.n)) {
			if (two_numbers(ps, line, &q, e, &addr, &size, true))
				gnu_input(ps, q, e, name, ps->line, discarded,
					  addr, size);
			return;
		}
	}
	const char *t = skip_token(p, e);
	struct slice name = {p, (size_t)(t - p)};
	q = skip_spaces(t, e);
	if (t != e && starts(q, e, "0x")) {
		if (two_numbers(ps, line, &q, e, &addr, &size, true))
			gnu_input(ps, q, e, name, ps->line, discarded, addr,
				  size);
	} else if (!col1_statement(p, e)) {
		if (t == e)
			pend(ps, PEND_INPUT, name);
		else
			unknown_line(ps, line, e);
	}
}

/* "0xADDR 0xSIZE" with nothing waiting: a data statement ("LONG 0x..")
 * or a RELOC statement; 'r' is after the size. */
static void gnu_statement(struct parser *ps, const char *line, const char *r,
			  const char *e, uint64_t addr, uint64_t size)
{
	r = skip_spaces(r, e);
	if (starts(r, e, "RELOC "))
		return;
	if (!map_data_keyword(r, e)) {
		unknown_line(ps, line, e);
		return;
	}
	struct map_input in = {0};
	in.section = rtrim(r, e);
	in.addr = addr;
	in.size = size;
	in.data = true;
	in.line = ps->line;
	if (map_fits(ps, "data statement", in.section, addr, size))
		map_take_input(ps, &in);
}

/* "0xVALUE  text": a symbol (kept when asked for), an assignment ('x =
 * .', 'PROVIDE (x = .)'), or a demangled C++ name with spaces. */
static void gnu_symbol(struct parser *ps, const char *q, const char *e,
		       uint64_t value)
{
	struct slice name = rtrim(q, e);
	if (!memchr(name.p, ' ', name.n)) {
		if (map_wanted(ps, name))
			map_add_symbol(ps, name, value, false, true);
		return;
	}
	bool dot;
	struct slice dst = map_assignment_target(q, e, &dot);
	if (dst.n) {
		if (!(dst.n == 1 && dst.p[0] == '.'))
			map_add_symbol(ps, dst, value, true, true);
		return;
	}
	if (!starts(q, e, "ASSERT") && map_wanted(ps, name))
		map_add_symbol(ps, name, value, false, true);	/* demangled */
}

/* "0xVALUE (size before relaxing)", or a local symbol "0xVALUE (local)
 * name" (--print-map-locals). */
static void gnu_paren(struct parser *ps, const char *line, const char *q,
		      const char *e, uint64_t value)
{
	struct slice t = rtrim(q, e);
	if (t.n == 22 && memcmp(t.p, "(size before relaxing)", 22) == 0)
		return;
	if (starts(q, e, "(local) ")) {
		gnu_symbol(ps, skip_spaces(q + 8, e), e, value);
		return;
	}
	unknown_line(ps, line, e);
}

/* The numbers line of a name printed alone. */
static void gnu_numbers(struct parser *ps, const char *line, const char *r,
			const char *e, uint64_t value, uint64_t size,
			bool discarded)
{
	enum pending k = ps->pend;
	ps->pend = PEND_NONE;
	if (k == PEND_OUTPUT)
		gnu_output(ps, line, r, e, ps->pname, ps->pline, value, size);
	else
		gnu_input(ps, r, e, ps->pname, ps->pline, discarded, value,
			  size);
}

/* A line of 16 spaces and a number: the numbers of a name printed alone,
 * a data statement, a symbol or an assignment.  Every number is read
 * once: these lines are most of a large map. */
static void gnu_valued(struct parser *ps, const char *line, const char *p,
		       const char *e, bool discarded)
{
	uint64_t value, size = 0;
	if (!map_need_hex(ps, line, &p, e, true, &value, "address"))
		return;
	const char *q = skip_spaces(p, e), *r = q;
	bool bad = false, two = starts(q, e, "0x") &&
				read_hex(&r, e, true, &size, &bad);
	if (bad) {
		map_hex_error(ps, line, q, e, true, "size");
		return;
	}
	if (two && (ps->pend == PEND_OUTPUT || ps->pend == PEND_INPUT)) {
		gnu_numbers(ps, line, r, e, value, size, discarded);
		return;
	}
	if (!flush_pending(ps))
		return;
	if (q == e || (discarded && !two && *q != '('))
		unknown_line(ps, line, e);
	else if (two)
		gnu_statement(ps, line, r, e, value, size);
	else if (*q == '(')
		gnu_paren(ps, line, q, e, value);
	else
		gnu_symbol(ps, q, e, value);
}

/* An assignment whose value column is not a plain number: "[0xVALUE]"
 * (a symbol's value), "[!provide]" (a PROVIDE not needed), "[unresolved]"
 * or "*undef*". */
static void gnu_bracket(struct parser *ps, const char *line, const char *p,
			const char *e)
{
	const char *close = p < e && *p == '[' ? memchr(p, ']', (size_t)(e - p))
					       : NULL;
	uint64_t value;
	bool bad = false;
	const char *v = p + 1;
	if (!flush_pending(ps))
		return;
	if (starts(p, e, "[!provide]") || starts(p, e, "[unresolved]") ||
	    starts(p, e, "*undef*"))
		return;
	if (!close || !read_hex(&v, close, true, &value, &bad) || v != close) {
		unknown_line(ps, line, e);
		return;
	}
	bool dot;
	struct slice dst = map_assignment_target(skip_spaces(close + 1, e), e,
						 &dot);
	if (dst.n && !(dst.n == 1 && dst.p[0] == '.'))
		map_add_symbol(ps, dst, value, true, true);
}

/* A line that starts with spaces, in the listing or the discarded list. */
static void gnu_indented(struct parser *ps, const char *line, const char *p,
			 const char *e, bool discarded)
{
	if (p - line < 16)
		unknown_line(ps, line, e);
	else if (p[0] == '0' && e - p > 1 && p[1] == 'x')
		gnu_valued(ps, line, p, e, discarded);
	else if (!discarded)
		gnu_bracket(ps, line, p, e);
	else
		unknown_line(ps, line, e);
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
	if (!map_need_hex(ps, p, &q, e, true, &origin, "region origin"))
		return;
	q = skip_spaces(q, e);
	if (!map_need_hex(ps, p, &q, e, true, &length, "region length"))
		return;
	struct map_image *m = ps->m;
	m->regions = map_more(m->regions, m->nregions, &ps->cap.regions,
			      sizeof *m->regions);
	struct map_region *r = &m->regions[m->nregions++];
	r->name = map_copy(ps, name);
	r->origin = origin;
	r->length = length;
	r->attributes = map_copy(ps, rtrim(skip_spaces(q, e), e));
	r->line = ps->line;
}

/* "file (symbol)" after an archive member (an arena copy). */
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
		map_fail(ps, 1, "expected 'file (symbol)' after archive member "
			 "'%.*s'", (int)member.n, member.p);
		return;
	}
	struct map_image *m = ps->m;
	m->members = map_more(m->members, m->nmembers, &ps->cap.members,
			      sizeof *m->members);
	struct map_member *mb = &m->members[m->nmembers++];
	mb->member = member;
	mb->file = map_copy(ps, rtrim(ref.p, open));
	const char *sym = open + 1;
	mb->symbol = map_copy(ps, (struct slice){sym, (size_t)(ref.p + ref.n -
							       1 - sym)});
	mb->line = line;
}

/* An archive member whose 'file (symbol)' line never came. */
static void member_unreferenced(struct parser *ps)
{
	ps->line = ps->pline;
	map_fail(ps, 1, "archive member '%.*s' has no 'file (symbol)' line",
		 (int)ps->pname.n, ps->pname.p);
}

/* Archive member lines: the member padded to column 30 and the
 * reference, or the member alone and the reference 30 spaces in on the
 * next line. */
static void gnu_member(struct parser *ps, const char *p, const char *e,
		       unsigned indent)
{
	if (indent == 0) {
		if (ps->pend == PEND_MEMBER) {
			member_unreferenced(ps);
			return;
		}
		if (e - p > 30 && p[29] == ' ' && p[30] != ' ') {
			struct slice mb = map_copy(ps, rtrim(p, p + 30));
			gnu_member_ref(ps, p + 30, e, mb, ps->line);
		} else {
			ps->pend = PEND_MEMBER;
			ps->pname = map_copy(ps, rtrim(p, e));
			ps->pline = ps->line;
		}
		return;
	}
	if (ps->pend != PEND_MEMBER) {
		map_fail(ps, indent + 1, "'file (symbol)' line without an "
			 "archive member before it");
		return;
	}
	ps->pend = PEND_NONE;
	gnu_member_ref(ps, p + indent, e, ps->pname, ps->pline);
}

/* The index in headings[] of the line, or MAP_NONE. */
static size_t find_heading(struct slice l)
{
	for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
		size_t n = strlen(headings[i].text);
		if (l.n == n && memcmp(l.p, headings[i].text, n) == 0)
			return i;
	}
	return MAP_NONE;
}

bool map_gnu_heading(struct slice l)
{
	return find_heading(l) != MAP_NONE;
}

static bool heading(struct parser *ps, const char *p, const char *e)
{
	size_t i = find_heading(rtrim(p, e));
	if (i == MAP_NONE)
		return false;
	if (ps->pend == PEND_MEMBER) {
		member_unreferenced(ps);
		return true;
	}
	if (flush_pending(ps))
		ps->part = headings[i].part;
	return true;
}

/* A line of the part the map is in, by its indentation. */
static void gnu_part_line(struct parser *ps, const char *p, const char *q,
			  const char *e)
{
	unsigned indent = (unsigned)(q - p);
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
		map_fail(ps, 1, "text before the first heading of a GNU ld "
			 "map");
		break;
	case PART_SKIP:
	case PART_CREF:
		break;
	}
}

void map_gnu_line(struct parser *ps, const char *p, const char *e)
{
	if (ps->part == PART_CREF)
		return;		/* symbol names and files, to the end */
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
			map_fail(ps, 1, "this is a GNU gold map ('Memory map' "
				 "instead of 'Linker script and memory map'); "
				 "ldlint reads the maps of GNU ld "
				 "(-Wl,-Map=FILE) and ld.lld only");
			return;
		}
	}
	const char *q = *p == ' ' ? skip_spaces(p, e) : p;
	if (q < e)
		gnu_part_line(ps, p, q, e);
	else if (ps->part != PART_MEMBERS)
		flush_pending(ps);
}

void map_gnu_end(struct parser *ps)
{
	if (ps->pend == PEND_MEMBER)
		member_unreferenced(ps);
	else
		flush_pending(ps);
}
