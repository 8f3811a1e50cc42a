/*
 * mapfile_lld: ld.lld's map, line by line: the VMA, LMA, size and
 * alignment columns, then the output section at indent 0, input sections
 * and assignments at indent 8 and symbols at indent 16
 * (lld/ELF/MapFile.cpp).
 */
#include "mapfile_impl.h"

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

bool map_lld_header(const char *p, const char *e)
{
	static const char *const cols[] = {"VMA", "LMA", "Size", "Align", "Out",
					   "In", "Symbol"};
	return titles(p, e, cols, sizeof cols / sizeof *cols);
}

/* The table of ld.lld before LLVM 6, without the LMA column. */
bool map_lld_old_header(const char *p, const char *e)
{
	static const char *const cols[] = {"Address", "Size", "Align", "Out",
					   "In", "Symbol"};
	static const char *const cols2[] = {"Address", "Size", "Align", "Out",
					    "In", "File", "Symbol"};
	return titles(p, e, cols, sizeof cols / sizeof *cols) ||
	       titles(p, e, cols2, sizeof cols2 / sizeof *cols2);
}

/* ---- ld.lld ----------------------------------------------------------- */

/* The VMA, LMA, size and alignment columns; 'p' is left at the text. */
static bool lld_columns(struct parser *ps, const char *line, const char **pp,
			const char *e, uint64_t *vma, uint64_t *lma,
			uint64_t *size)
{
	const char *p = skip_spaces(line, e);
	if (!map_need_hex(ps, line, &p, e, false, vma, "VMA column"))
		return false;
	p = skip_spaces(p, e);
	if (!map_need_hex(ps, line, &p, e, false, lma, "LMA column"))
		return false;
	p = skip_spaces(p, e);
	if (!map_need_hex(ps, line, &p, e, false, size, "size column"))
		return false;
	p = skip_spaces(p, e);
	const char *a = p;
	while (p < e && *p >= '0' && *p <= '9')
		p++;
	if (p == a || p == e || *p != ' ') {
		map_fail(ps, (unsigned)(a - line) + 1, "expected the decimal "
			 "alignment column and a name after it");
		return false;
	}
	*pp = p + 1;
	return true;
}

/* An assignment or a symbol line; 'cur' is the section it counts for. */
static void lld_symbol(struct parser *ps, const char *q, const char *e,
		       uint64_t vma, size_t cur, bool symbol)
{
	size_t keep = ps->cur;
	ps->cur = cur;
	bool dot = false;
	struct slice dst = symbol ? (struct slice){q, 0}
				  : map_assignment_target(q, e, &dot);
	if (dst.n && !(dst.n == 1 && dst.p[0] == '.'))
		map_add_symbol(ps, dst, vma, true, dot);
	else if (symbol && map_wanted(ps, rtrim(q, e)))
		map_add_symbol(ps, rtrim(q, e), vma, false, true);
	ps->cur = keep;
}

/* "file:(section)", or "archive(member):(section)"; .eh_frame pieces
 * print as (.eh_frame+0x18).  False for another command lld prints. */
static bool lld_split(struct slice text, struct slice *file,
		      struct slice *sec)
{
	const char *c = NULL;
	for (const char *r = text.p + text.n - 1; r > text.p; r--)
		if (r[0] == '(' && r[-1] == ':') {
			c = r;
			break;
		}
	if (!c || text.p[text.n - 1] != ')')
		return false;
	*file = (struct slice){text.p, (size_t)(c - 1 - text.p)};
	*sec = (struct slice){c + 1, (size_t)(text.p + text.n - 1 - (c + 1))};
	for (size_t i = sec->n; i > 0; i--)
		if (sec->p[i - 1] == '+') {
			if (i + 2 < sec->n && sec->p[i] == '0' &&
			    sec->p[i + 1] == 'x')
				sec->n = i - 1;
			break;
		}
	return true;
}

/* Text at indent 8: an input section, a data statement or an
 * assignment. */
static void lld_input(struct parser *ps, const char *q, const char *e,
		      uint64_t vma, uint64_t size)
{
	struct map_input in = {0};
	struct slice text = rtrim(q, e);
	in.addr = vma;
	in.size = size;
	in.line = ps->line;
	bool dot;
	if (map_data_keyword(q, e)) {
		in.section = text;
		in.data = true;
	} else if (map_assignment_target(q, e, &dot).n) {
		lld_symbol(ps, q, e, vma, ps->cur, false);
		return;
	} else if (!lld_split(text, &in.file, &in.section)) {
		return;		/* some other command lld prints */
	}
	if (map_fits(ps, in.data ? "data statement" : "input section", text,
		     vma, size))
		map_take_input(ps, &in);
}

/* ld.lld: "VMA LMA Size Align" columns, then the text at indent 0, 8 or
 * 16 after one space. */
void map_lld_line(struct parser *ps, const char *line, const char *e)
{
	uint64_t vma, lma, size;
	const char *p;
	if (skip_spaces(line, e) == e || map_lld_header(line, e) ||
	    !lld_columns(ps, line, &p, e, &vma, &lma, &size))
		return;
	const char *q = skip_spaces(p, e);
	unsigned indent = (unsigned)(q - p);
	if (indent < 8 && skip_token(q, e) == e) {
		struct map_section *s = map_add_section(ps, rtrim(q, e),
							ps->line);
		s->vma = vma;
		s->lma = lma;
		s->size = size;
		s->has_lma = true;
		map_section_ready(ps, s);
	} else if (indent < 8) {
		lld_symbol(ps, q, e, vma, MAP_NONE, false);
	} else if (ps->cur == MAP_NONE) {
		map_fail(ps, (unsigned)(q - line) + 1, "%s line before any "
			 "output section", indent >= 16 ? "symbol" :
			 "input section");
	} else if (indent >= 16) {
		lld_symbol(ps, q, e, vma, ps->cur, true);
	} else {
		lld_input(ps, q, e, vma, size);
	}
}

