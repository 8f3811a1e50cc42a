/*
 * lex: the modal lexer of the GNU ld 2.40 script language.
 *
 * Each call computes every rule of ld/ldlex.l that is active in the
 * requested mode, keeps the longest match, and breaks ties by the rule's
 * position in ldlex.l (numbers, then operators, then keywords, then names,
 * then quoted strings).  Comments and whitespace are skipped first: no
 * other rule can match where they start.  Characters no rule accepts are
 * dropped, as ld drops them ("ignoring invalid character"), and recorded.
 */
#include "lex.h"

#include <stdio.h>
#include <string.h>

enum {
	MS = 1 << MODE_SCRIPT,
	ME = 1 << MODE_EXPR,
	MW = 1 << MODE_WILD,
	MI = 1 << MODE_INPUTLIST,
};

/* Version-script sub-states (ldlex.l VERS_START, VERS_SCRIPT, VERS_NODE). */
enum { VS_START, VS_SCRIPT, VS_NODE };

struct keyword {
	const char *text;
	enum tok kind;
	unsigned modes;
};

/* GNU ld 2.40's keywords and the modes they are keywords in.  ASCIZ,
 * LINKER_VERSION (2.41) and REVERSE (2.42) are deliberately absent: 2.40
 * reads them as names. */
static const struct keyword keywords[] = {
	{"MEMORY", K_MEMORY, MS},
	{"REGION_ALIAS", K_REGION_ALIAS, MS},
	{"LD_FEATURE", K_LD_FEATURE, MS},
	{"ORIGIN", K_ORIGIN, MS | ME},
	{"VERSION", K_VERSION, MS},
	{"BLOCK", K_BLOCK, MS | ME},
	{"BIND", K_BIND, MS | ME},
	{"LENGTH", K_LENGTH, MS | ME},
	{"ALIGN", K_ALIGN, MS | ME},
	{"DATA_SEGMENT_ALIGN", K_DATA_SEGMENT_ALIGN, MS | ME},
	{"DATA_SEGMENT_RELRO_END", K_DATA_SEGMENT_RELRO_END, MS | ME},
	{"DATA_SEGMENT_END", K_DATA_SEGMENT_END, MS | ME},
	{"ADDR", K_ADDR, MS | ME},
	{"LOADADDR", K_LOADADDR, MS | ME},
	{"ALIGNOF", K_ALIGNOF, MS | ME},
	{"ABSOLUTE", K_ABSOLUTE, MS | ME},
	{"MAX", K_MAX, MS | ME},
	{"MIN", K_MIN, MS | ME},
	{"LOG2CEIL", K_LOG2CEIL, MS | ME},
	{"ASSERT", K_ASSERT, MS | ME | MW},
	{"ENTRY", K_ENTRY, MS},
	{"EXTERN", K_EXTERN, MS},
	{"NEXT", K_NEXT, MS | ME},
	{"SIZEOF_HEADERS", K_SIZEOF_HEADERS, MS | ME},
	{"SEGMENT_START", K_SEGMENT_START, MS | ME},
	{"MAP", K_MAP, MS},
	{"SIZEOF", K_SIZEOF, MS | ME},
	{"TARGET", K_TARGET, MS},
	{"SEARCH_DIR", K_SEARCH_DIR, MS},
	{"OUTPUT", K_OUTPUT, MS},
	{"INPUT", K_INPUT, MS},
	{"GROUP", K_GROUP, MS},
	{"AS_NEEDED", K_AS_NEEDED, MI},
	{"DEFINED", K_DEFINED, MS | ME},
	{"CREATE_OBJECT_SYMBOLS", K_CREATE_OBJECT_SYMBOLS, MW},
	{"CONSTRUCTORS", K_CONSTRUCTORS, MW},
	{"FORCE_COMMON_ALLOCATION", K_FORCE_COMMON_ALLOCATION, MS},
	{"FORCE_GROUP_ALLOCATION", K_FORCE_GROUP_ALLOCATION, MS},
	{"INHIBIT_COMMON_ALLOCATION", K_INHIBIT_COMMON_ALLOCATION, MS},
	{"SECTIONS", K_SECTIONS, MS},
	{"INSERT", K_INSERT, MS},
	{"AFTER", K_AFTER, MS},
	{"BEFORE", K_BEFORE, MS},
	{"FILL", K_FILL, MW},
	{"STARTUP", K_STARTUP, MS},
	{"OUTPUT_FORMAT", K_OUTPUT_FORMAT, MS},
	{"OUTPUT_ARCH", K_OUTPUT_ARCH, MS},
	{"HLL", K_HLL, MS},
	{"SYSLIB", K_SYSLIB, MS},
	{"FLOAT", K_FLOAT, MS},
	{"QUAD", K_QUAD, MW},
	{"SQUAD", K_SQUAD, MW},
	{"LONG", K_LONG, MW},
	{"SHORT", K_SHORT, MW},
	{"BYTE", K_BYTE, MW},
	{"NOFLOAT", K_NOFLOAT, MS},
	{"NOCROSSREFS", K_NOCROSSREFS, MS | ME},
	{"NOCROSSREFS_TO", K_NOCROSSREFS_TO, MS | ME},
	{"OVERLAY", K_OVERLAY, MS | ME},
	{"SORT_BY_NAME", K_SORT_BY_NAME, MW},
	{"SORT_BY_ALIGNMENT", K_SORT_BY_ALIGNMENT, MW},
	{"SORT", K_SORT_BY_NAME, MW},
	{"SORT_BY_INIT_PRIORITY", K_SORT_BY_INIT_PRIORITY, MW},
	{"SORT_NONE", K_SORT_NONE, MW},
	{"NOLOAD", K_NOLOAD, ME},
	{"READONLY", K_READONLY, ME},
	{"DSECT", K_DSECT, ME},
	{"COPY", K_COPY, ME},
	{"INFO", K_INFO, ME},
	{"TYPE", K_TYPE, ME},
	{"ONLY_IF_RO", K_ONLY_IF_RO, MS | ME},
	{"ONLY_IF_RW", K_ONLY_IF_RW, MS | ME},
	{"SPECIAL", K_SPECIAL, MS | ME},
	{"o", K_ORIGIN, MS},
	{"org", K_ORIGIN, MS},
	{"l", K_LENGTH, MS},
	{"len", K_LENGTH, MS},
	{"INPUT_SECTION_FLAGS", K_INPUT_SECTION_FLAGS, MW},
	{"INCLUDE", K_INCLUDE, MS | ME | MW},
	{"PHDRS", K_PHDRS, MS},
	{"AT", K_AT, MS | ME | MW},
	{"ALIGN_WITH_INPUT", K_ALIGN_WITH_INPUT, MS | ME},
	{"SUBALIGN", K_SUBALIGN, MS | ME},
	{"HIDDEN", K_HIDDEN, MS | ME | MW},
	{"PROVIDE", K_PROVIDE, MS | ME | MW},
	{"PROVIDE_HIDDEN", K_PROVIDE_HIDDEN, MS | ME | MW},
	{"KEEP", K_KEEP, MW},
	{"EXCLUDE_FILE", K_EXCLUDE_FILE, MW},
	{"CONSTANT", K_CONSTANT, MS | ME},
};

struct punct {
	const char *text;
	enum tok kind;
	unsigned modes;
};

/* Operators and punctuation, with the modes ldlex.l recognizes them in. */
static const struct punct puncts[] = {
	{"<<=", T_LSHIFTEQ, MS | ME | MW}, {">>=", T_RSHIFTEQ, MS | ME | MW},
	{"||", T_OROR, ME}, {"==", T_EQ, ME}, {"!=", T_NE, ME},
	{">=", T_GE, ME}, {"<=", T_LE, ME}, {"<<", T_LSHIFT, ME},
	{">>", T_RSHIFT, ME},
	{"+=", T_PLUSEQ, MS | ME | MW}, {"-=", T_MINUSEQ, MS | ME | MW},
	{"*=", T_MULTEQ, MS | ME | MW}, {"/=", T_DIVEQ, MS | ME | MW},
	{"&=", T_ANDEQ, MS | ME | MW}, {"|=", T_OREQ, MS | ME | MW},
	{"&&", T_ANDAND, ME},
	{"]", T_RBRACKET, MW}, {"[", T_LBRACKET, MW},
	{">", T_GT, MS | ME}, {",", T_COMMA, MS | ME | MI},
	{"&", T_AMP, ME | MW}, {"|", T_PIPE, ME}, {"~", T_TILDE, MS | ME},
	{"!", T_BANG, MS | ME}, {"?", T_QUESTION, ME}, {"*", T_STAR, ME},
	{"+", T_PLUS, MS | ME}, {"-", T_MINUS, MS | ME}, {"/", T_SLASH, ME},
	{"%", T_PERCENT, ME}, {"<", T_LT, ME}, {"=", T_ASSIGN, MS | ME | MW},
	{"}", T_RBRACE, MS | ME | MW}, {"{", T_LBRACE, MS | ME | MW},
	{")", T_RPAREN, MS | ME | MW | MI}, {"(", T_LPAREN, MS | ME | MW | MI},
	{":", T_COLON, MS | ME}, {";", T_SEMI, MS | ME | MW},
};

/* The entries of a keyword or operator table by first byte, in table
 * order (which breaks ties), with their lengths: a token is tried only
 * against the few entries that can start it. */
struct first_index {
	unsigned short start[257];	/* entries of byte b: order[start[b]..start[b+1]) */
	unsigned short order[128];
	unsigned char len[128];		/* by table position */
};

#define NKEYWORDS (sizeof keywords / sizeof keywords[0])
#define NPUNCTS (sizeof puncts / sizeof puncts[0])
_Static_assert(NKEYWORDS <= 128 && NPUNCTS <= 128, "first_index is too small");

static struct first_index keyword_index, punct_index;

/* 'text(i)' is entry i's text; a counting sort keeps table order. */
static void index_build(struct first_index *ix, size_t n,
			const char *(*text)(size_t))
{
	unsigned short count[256] = {0};
	for (size_t i = 0; i < n; i++) {
		const char *t = text(i);
		ix->len[i] = (unsigned char)strlen(t);
		count[(unsigned char)t[0]]++;
	}
	ix->start[0] = 0;
	for (size_t b = 0; b < 256; b++)
		ix->start[b + 1] = (unsigned short)(ix->start[b] + count[b]);
	unsigned short fill[256];
	memcpy(fill, ix->start, sizeof fill);
	for (size_t i = 0; i < n; i++)
		ix->order[fill[(unsigned char)text(i)[0]]++] = (unsigned short)i;
}

static const char *keyword_text(size_t i) { return keywords[i].text; }
static const char *punct_text(size_t i) { return puncts[i].text; }

/* Character classes of ldlex.l (2.38 and later). */
static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* SYMBOLNAMECHAR [_a-zA-Z0-9/.\\$~] */
static bool is_symbolnamechar(int c)
{
	return is_alpha(c) || is_digit(c) || c == '_' || c == '/' || c == '.' ||
	       c == '\\' || c == '$' || c == '~';
}

/* SYMBOLNAMECHAR1 [_a-zA-Z.\\$] */
static bool is_symbolnamechar1(int c)
{
	return is_alpha(c) || c == '_' || c == '.' || c == '\\' || c == '$';
}

/* FILENAMECHAR1 [_a-zA-Z/.\\$~] */
static bool is_filenamechar1(int c)
{
	return is_alpha(c) || c == '_' || c == '/' || c == '.' || c == '\\' ||
	       c == '$' || c == '~';
}

/* FILENAMECHAR [_a-zA-Z0-9/.\\$~\-+:\[\],=] */
static bool is_filenamechar(int c)
{
	return is_symbolnamechar(c) || c == '-' || c == '+' || c == ':' ||
	       c == '[' || c == ']' || c == ',' || c == '=';
}

/* WILDCHAR: FILENAMECHAR plus ? * ^ ! */
static bool is_wildchar(int c)
{
	return is_filenamechar(c) || c == '?' || c == '*' || c == '^' || c == '!';
}

/* V_TAG [.$_a-zA-Z][._a-zA-Z0-9]* */
static bool is_vtag1(int c)
{
	return is_alpha(c) || c == '.' || c == '$' || c == '_';
}

static bool is_vtag(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '_';
}

/* The classes that names run over, a bit each, by character: the
 * functions above decide, once; a name's characters are then looked up,
 * not tested one comparison after another. */
enum { C_SYMBOL = 1, C_FILE = 2, C_WILD = 4, C_VTAG = 8 };
static unsigned char char_class[256];

static void index_tables(void)
{
	static bool done;
	if (done)
		return;
	index_build(&keyword_index, NKEYWORDS, keyword_text);
	index_build(&punct_index, NPUNCTS, punct_text);
	for (int c = 0; c < 256; c++)
		char_class[c] = (unsigned char)((is_symbolnamechar(c) ? C_SYMBOL : 0) |
						(is_filenamechar(c) ? C_FILE : 0) |
						(is_wildchar(c) ? C_WILD : 0) |
						(is_vtag(c) ? C_VTAG : 0));
	done = true;
}

void lex_init(struct lexer *lx, const char *text, size_t len,
	      const char *file, struct arena *arena)
{
	memset(lx, 0, sizeof *lx);
	lx->text = text;
	lx->len = len;
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		lx->len = (size_t)(nul - text);
		lx->binary = true;
	}
	lx->line = 1;
	lx->file = file;
	lx->arena = arena;
	index_tables();
}

uint64_t lex_scan_number(const char *s, size_t n, int base, bool *overflow)
{
	size_t i = 0;
	if (base == 0) {
		if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    n > 2 && is_hex((unsigned char)s[2])) {
			base = 16;
			i = 2;
		} else if (n >= 1 && s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && n > 2 && s[0] == '0' &&
		   (s[1] == 'x' || s[1] == 'X') && is_hex((unsigned char)s[2])) {
		i = 2;
	}
	uint64_t v = 0;
	bool over = false;
	for (; i < n; i++) {
		int c = (unsigned char)s[i], d;
		if (is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'Z')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			over = true;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (overflow)
		*overflow = over;
	/* ld (bfd_scan_vma) keeps the largest value */
	return over ? UINT64_MAX : v;
}

static struct loc loc_at(const struct lexer *lx, size_t pos, size_t len)
{
	struct loc l = {lx->file, lx->line,
			(unsigned)(pos - lx->line_start) + 1, (unsigned)len};
	if (l.len == 0)
		l.len = 1;
	return l;
}

/* Appends from where this lexer last appended (INCLUDEd files' lexers
 * share the list), so recording n events costs O(n). */
static void append_event(struct lexer *lx, struct lex_event *e)
{
	struct lex_event **pp = lx->events;
	while (*pp)
		pp = &(*pp)->next;
	*pp = e;
	lx->events = &e->next;
}

static void record(struct lexer *lx, enum lex_event_kind kind, size_t pos,
		   size_t len, uint64_t value, enum lex_mode mode)
{
	if (!lx->events || pos < lx->event_mark)
		return;
	lx->event_mark = pos + 1;
	struct lex_event *e = arena_alloc(lx->arena, sizeof *e);
	e->kind = kind;
	e->loc = loc_at(lx, pos, len);
	e->text = arena_strndup(lx->arena, lx->text + pos, len);
	e->value = value;
	e->mode = mode;
	append_event(lx, e);
}

/* Whether the n bytes at 's' contain "ldlint-". */
static bool mentions_ldlint(const char *s, size_t n)
{
	const char *end = s + n;
	for (const char *p = s; end - p >= 7; p++) {
		p = memchr(p, 'l', (size_t)(end - p) - 6);
		if (!p)
			return false;
		if (memcmp(p, "ldlint-", 7) == 0)
			return true;
	}
	return false;
}

/* A comment that mentions "ldlint-" is a suppression directive; record
 * its text (without the comment markers) at the comment's first byte,
 * with the line it ends on. */
static void directive(struct lexer *lx, size_t start, struct loc open,
		      enum lex_mode mode)
{
	const char *body = lx->text + start;
	size_t n = lx->pos - start;
	if (!lx->events || start < lx->event_mark ||
	    !mentions_ldlint(body, n))
		return;
	lx->event_mark = start + 1;
	struct lex_event *e = arena_alloc(lx->arena, sizeof *e);
	e->kind = LEXE_DIRECTIVE;
	e->loc = open;
	e->value = lx->line;	/* the line the comment ends on */
	size_t from = 1, to = n;
	if (body[0] == '/') {
		from = 2;
		to = n >= 4 ? n - 2 : n;
	}
	e->text = arena_strndup(lx->arena, body + from, to > from ? to - from : 0);
	e->mode = mode;
	append_event(lx, e);
}

static void newline(struct lexer *lx, size_t pos_after)
{
	lx->line++;
	lx->line_start = pos_after;
}

/* '# 12 "file"' as cpp writes it at the start of a line. */
static bool line_marker(struct lexer *lx)
{
	const char *t = lx->text;
	size_t p = lx->pos + 1, end = lx->len;
	if (lx->pos != lx->line_start)
		return false;
	while (p < end && t[p] == ' ')
		p++;
	if (p >= end || !is_digit((unsigned char)t[p]))
		return false;
	unsigned long line = 0;
	while (p < end && is_digit((unsigned char)t[p]) && line < 100000000)
		line = line * 10 + (unsigned long)(t[p++] - '0');
	while (p < end && t[p] == ' ')
		p++;
	if (p < end && t[p] == '"') {
		size_t q = ++p;
		while (q < end && t[q] != '"' && t[q] != '\n')
			q++;
		lx->file = arena_strndup(lx->arena, t + p, q - p);
		p = q;
	}
	while (p < end && t[p] != '\n')
		p++;
	/* The newline ending the marker starts line 'line'. */
	lx->pos = p < end ? p + 1 : p;
	lx->line = (unsigned)line;
	lx->line_start = lx->pos;
	return true;
}

/* Moves past the '*' '/' that ends the comment whose text starts at 'p',
 * counting its lines; false (at the end of the text) when there is none. */
static bool skip_comment(struct lexer *lx, size_t p)
{
	const char *t = lx->text;
	size_t end = lx->len, line_start = lx->line_start;
	unsigned line = lx->line;
	while (p + 1 < end && !(t[p] == '*' && t[p + 1] == '/')) {
		if (t[p] == '\n') {
			line++;
			line_start = p + 1;
		}
		p++;
	}
	lx->line = line;
	lx->line_start = line_start;
	lx->pos = p + 1 < end ? p + 2 : end;
	return p + 1 < end;
}

/* Skips whitespace and comments; false on a fatal error. */
static bool skip_blanks(struct lexer *lx, enum lex_mode mode)
{
	const char *t = lx->text;
	while (lx->pos < lx->len) {
		char c = t[lx->pos];
		if (c == '\n') {
			lx->pos++;
			newline(lx, lx->pos);
		} else if (c == ' ' || c == '\t' || c == '\r') {
			lx->pos++;
		} else if (c == '/' && lx->pos + 1 < lx->len && t[lx->pos + 1] == '*') {
			size_t start = lx->pos;
			struct loc open = loc_at(lx, start, 2);
			if (!skip_comment(lx, start + 2)) {
				lx->error = open;
				lx->error_msg = "unterminated comment: end of file before '*/'";
				return false;
			}
			directive(lx, start, open, mode);
		} else if (c == '#' && mode != MODE_INPUTLIST) {
			if (lx->cpp_markers && line_marker(lx))
				continue;
			size_t start = lx->pos;
			struct loc open = loc_at(lx, start, 1);
			record(lx, LEXE_HASH_COMMENT, lx->pos, 1, 0, mode);
			while (lx->pos < lx->len && t[lx->pos] != '\n')
				lx->pos++;
			directive(lx, start, open, mode);
		} else {
			return true;
		}
	}
	return true;
}

struct match {
	size_t len;		/* bytes; 0 = no rule matched yet */
	enum tok kind;
	int base;		/* INT: -1 general rule, -2 "$"HEX+ rule,
				   else the radix suffix's base */
	bool numeric_name;	/* INT from the hex-suffix rule, letter first */
};

static void consider(struct match *m, size_t len, enum tok kind)
{
	if (len > m->len) {	/* strictly longer: earlier rules win ties */
		m->len = len;
		m->kind = kind;
		m->base = 0;
		m->numeric_name = false;
	}
}

static void match_numbers(const char *s, size_t n, enum lex_mode mode,
			  struct match *m)
{
	if (mode != MODE_EXPR && mode != MODE_SCRIPT)
		return;
	if (mode == MODE_EXPR) {
		/* "$"HEX+ */
		if (s[0] == '$') {
			size_t i = 1;
			while (i < n && is_hex((unsigned char)s[i]))
				i++;
			if (i > 1) {
				consider(m, i, T_INT);
				m->base = -2;	/* "$"HEX+: no K/M suffix */
			}
		}
		/* HEX+ [HhXxBbOoDd]: the longest prefix that is hex digits
		 * followed by one suffix letter (b and d are hex digits too). */
		size_t run = 0;
		while (run < n && is_hex((unsigned char)s[run]))
			run++;
		size_t best = 0;
		if (run > 0 && run < n && strchr("HhXxOo", s[run]) && s[run])
			best = run + 1;
		else
			for (size_t j = run; j-- > 1;)
				if (strchr("BbDd", s[j])) {
					best = j + 1;
					break;
				}
		if (best && best > m->len) {
			char suffix = s[best - 1];
			consider(m, best, T_INT);
			m->base = strchr("HhXx", suffix) ? 16 :
				  strchr("Oo", suffix) ? 8 :
				  strchr("Bb", suffix) ? 2 : 10;
			m->numeric_name = is_alpha((unsigned char)s[0]);
		}
	}
	/* (("$"|0[xX])HEX+ | DEC+) [MKmk]? */
	size_t i = 0;
	if (s[0] == '$' || (n > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
		i = s[0] == '$' ? 1 : 2;
		size_t start = i;
		while (i < n && is_hex((unsigned char)s[i]))
			i++;
		if (i == start)
			i = s[0] == '0' ? 1 : 0;	/* "0x" alone: "0" */
	}
	if (i == 0)
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
	if (i == 0)
		return;
	if (i < n && strchr("KkMm", s[i]) && s[i])
		i++;
	if (i > m->len) {
		consider(m, i, T_INT);
		m->base = -1;
	}
}

static void match_punct(const char *s, size_t n, unsigned bit, struct match *m)
{
	const struct first_index *ix = &punct_index;
	unsigned char b = (unsigned char)s[0];
	for (unsigned j = ix->start[b]; j < ix->start[b + 1]; j++) {
		unsigned k = ix->order[j];
		size_t pl = ix->len[k];
		if ((puncts[k].modes & bit) && pl <= n &&
		    memcmp(s, puncts[k].text, pl) == 0)
			consider(m, pl, puncts[k].kind);
	}
}

static void match_keywords(const char *s, size_t n, unsigned bit,
			   struct match *m)
{
	const struct first_index *ix = &keyword_index;
	unsigned char b = (unsigned char)s[0];
	for (unsigned j = ix->start[b]; j < ix->start[b + 1]; j++) {
		unsigned k = ix->order[j];
		size_t kl = ix->len[k];
		if ((keywords[k].modes & bit) && kl <= n &&
		    memcmp(s, keywords[k].text, kl) == 0)
			consider(m, kl, keywords[k].kind);
	}
}

/* The end of the run of characters of class 'cls' from 'from'. */
static size_t run_of(const char *s, size_t n, size_t from, unsigned cls)
{
	size_t i = from;
	while (i < n && (char_class[(unsigned char)s[i]] & cls))
		i++;
	return i;
}

static void match_names(const char *s, size_t n, enum lex_mode mode,
			struct match *m)
{
	switch (mode) {
	case MODE_SCRIPT:
	case MODE_INPUTLIST:
		if (is_filenamechar1((unsigned char)s[0]))
			consider(m, run_of(s, n, 1, C_FILE), T_NAME);
		if (mode == MODE_INPUTLIST) {
			if (s[0] == '=' && n > 1 && is_filenamechar1((unsigned char)s[1]))
				consider(m, run_of(s, n, 2, C_FILE), T_NAME);
			if (s[0] == '-' && n > 2 && s[1] == 'l' &&
			    is_filenamechar((unsigned char)s[2]))
				consider(m, run_of(s, n, 2, C_FILE), T_LNAME);
		}
		break;
	case MODE_EXPR:
		if (is_symbolnamechar1((unsigned char)s[0]))
			consider(m, run_of(s, n, 1, C_SYMBOL), T_NAME);
		if (n >= 9 && memcmp(s, "/DISCARD/", 9) == 0)
			consider(m, 9, T_NAME);
		break;
	case MODE_WILD:
		consider(m, run_of(s, n, 0, C_WILD), T_NAME);
		break;
	default:
		break;
	}
}

/* A token that starts like a word ([A-Za-z_]): the longest name, or a
 * keyword of just that length, as the rules above find (keywords are
 * letters, digits and '_', which every mode's names take, and they win
 * ties); the rules that cannot match such a start are not tried.  Not in
 * MODE_EXPR for a hex letter, where a HEX+[suffix] number may start. */
static bool match_word(const char *s, size_t n, enum lex_mode mode,
		       unsigned bit, struct match *m)
{
	int c = (unsigned char)s[0];
	if (!is_alpha(c) && c != '_')
		return false;
	size_t len;
	switch (mode) {
	case MODE_EXPR:
		if (is_hex(c))
			return false;
		len = run_of(s, n, 1, C_SYMBOL);
		break;
	case MODE_SCRIPT:
	case MODE_INPUTLIST:
		len = run_of(s, n, 1, C_FILE);
		break;
	case MODE_WILD:
		len = run_of(s, n, 0, C_WILD);
		break;
	default:
		return false;
	}
	const struct first_index *ix = &keyword_index;
	for (unsigned j = ix->start[c]; j < ix->start[c + 1]; j++) {
		unsigned k = ix->order[j];
		if (ix->len[k] == len && (keywords[k].modes & bit) &&
		    memcmp(s, keywords[k].text, len) == 0) {
			consider(m, len, keywords[k].kind);
			return true;
		}
	}
	consider(m, len, T_NAME);
	return true;
}

static bool match_quoted(const char *s, size_t n, struct match *m)
{
	if (s[0] != '"')
		return false;
	const char *q = memchr(s + 1, '"', n - 1);
	if (!q)
		return false;
	consider(m, (size_t)(q - s) + 1, T_NAME);
	return true;
}

/* V_IDENTIFIER [*?.$_a-zA-Z\[\]\-\!\^\\]([*?.$_a-zA-Z0-9\[\]\-\!\^\\]|::)* */
static bool is_vident1(int c)
{
	return is_alpha(c) || (c && strchr("*?.$_[]-!^\\", c));
}

static size_t vident_len(const char *s, size_t n)
{
	if (!is_vident1((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (i < n) {
		if (is_vident1((unsigned char)s[i]) || is_digit((unsigned char)s[i]))
			i++;
		else if (s[i] == ':' && i + 1 < n && s[i + 1] == ':')
			i += 2;
		else
			break;
	}
	return i;
}

static void match_version(struct lexer *lx, const char *s, size_t n,
			  struct match *m)
{
	int st = lx->vers_state;
	if (st == VS_NODE && match_quoted(s, n, m))
		return;
	if (st != VS_START && (s[0] == ':' || s[0] == ',' || s[0] == ';')) {
		consider(m, 1, s[0] == ':' ? T_COLON : s[0] == ',' ? T_COMMA : T_SEMI);
		return;
	}
	if (s[0] == '{') {
		consider(m, 1, T_LBRACE);
		return;
	}
	if (s[0] == '}' && st != VS_START) {
		consider(m, 1, T_RBRACE);
		return;
	}
	if (st == VS_NODE) {
		static const struct { const char *w; enum tok k; } kw[] = {
			{"global", K_GLOBAL}, {"local", K_LOCAL},
			{"extern", K_VERS_EXTERN}};
		for (size_t k = 0; k < 3; k++) {
			size_t kl = strlen(kw[k].w);
			if (kl <= n && memcmp(s, kw[k].w, kl) == 0)
				consider(m, kl, kw[k].k);
		}
		consider(m, vident_len(s, n), T_VERS_IDENT);
	} else if (st == VS_SCRIPT && is_vtag1((unsigned char)s[0])) {
		consider(m, run_of(s, n, 1, C_VTAG), T_VERS_TAG);
	}
}

/* The VERSION sub-state changes ldlex.l makes when it returns a brace. */
static void version_transition(struct lexer *lx, enum tok kind)
{
	if (kind == T_LBRACE) {
		if (lx->vers_state == VS_START)
			lx->vers_state = VS_SCRIPT;
		else if (lx->vers_state == VS_SCRIPT) {
			lx->vers_state = VS_NODE;
			lx->vers_nesting = 0;
		} else
			lx->vers_nesting++;
	} else if (kind == T_RBRACE && lx->vers_state == VS_NODE) {
		if (--lx->vers_nesting < 0)
			lx->vers_state = VS_SCRIPT;
	}
}

static struct token make_token(struct lexer *lx, const struct match *m,
			       enum lex_mode mode)
{
	const char *s = lx->text + lx->pos;
	struct token t;
	memset(&t, 0, sizeof t);
	t.kind = m->kind;
	t.loc = loc_at(lx, lx->pos, m->len);
	t.offset = lx->pos;
	t.line_start = lx->line_start;
	if (m->kind == T_NAME && s[0] == '"') {
		t.text = arena_strndup(lx->arena, s + 1, m->len - 2);
		t.quoted = true;
	} else if (m->kind == T_LNAME) {
		t.text = arena_strndup(lx->arena, s + 2, m->len - 2);
	} else {
		t.text = arena_strndup(lx->arena, s, m->len);
	}
	if (m->kind == T_INT) {
		bool over = false;
		if (m->base == -2) {
			t.value = lex_scan_number(s + 1, m->len - 1, 16, &over);
		} else if (m->base == -1) {
			/* general rule: optional K/M multiplier */
			size_t digits = m->len;
			uint64_t mul = 1;
			char last = s[m->len - 1];
			if (last == 'K' || last == 'k')
				mul = 1024, digits--;
			else if (last == 'M' || last == 'm')
				mul = 1024 * 1024, digits--;
			if (s[0] == '$')
				t.value = lex_scan_number(s + 1, digits - 1, 16, &over);
			else
				t.value = lex_scan_number(s, digits, 0, &over);
			if (t.value > UINT64_MAX / mul)
				over = true;	/* ld's K and M wrap */
			t.value *= mul;
		} else {
			t.value = lex_scan_number(s, m->len, m->base, &over);
		}
		/* one event a lexeme: the overflow matters most */
		bool octal = m->base == -1 && s[0] == '0' && m->len > 1 &&
			     is_digit((unsigned char)s[1]);
		if (over)
			record(lx, LEXE_NUMBER_OVERFLOW, lx->pos, m->len, t.value, mode);
		else if (octal)
			record(lx, LEXE_OCTAL, lx->pos, m->len, t.value, mode);
		else if (m->numeric_name)
			record(lx, LEXE_NUMERIC_NAME, lx->pos, m->len, t.value, mode);
	}
	/* Quoted names may span lines; ld does not count those newlines,
	 * but the locations of later tokens must stay right.  (No other
	 * token holds a newline.) */
	for (size_t i = 0; s[0] == '"' && i < m->len; i++)
		if (s[i] == '\n') {
			newline(lx, lx->pos + i + 1);
			lx->quoted_newlines++;
		}
	lx->pos += m->len;
	return t;
}

/* End of input is reported just after the last character that is not
 * white space, so a message about it shows the last line of the file. */
static void eof_location(const struct lexer *lx, struct token *t)
{
	const char *text = lx->text;
	size_t p = lx->pos;
	unsigned line = lx->line;
	if (!lx->error_msg)
		while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' ||
				 text[p - 1] == '\r' || text[p - 1] == '\n')) {
			p--;
			if (text[p] == '\n')
				line--;
		}
	size_t start = p;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	t->loc.file = lx->file;
	t->loc.line = line;
	t->loc.col = (unsigned)(p - start) + 1;
	t->loc.len = 1;
	t->offset = lx->pos;
	t->line_start = lx->line_start;
	t->text = "";
}

struct token lex_next(struct lexer *lx, enum lex_mode mode)
{
	for (;;) {
		struct token t;
		if (lx->error_msg || !skip_blanks(lx, mode) || lx->pos >= lx->len) {
			if (lx->binary && lx->pos >= lx->len) {
				/* an unterminated comment ran into it, too */
				lx->error = loc_at(lx, lx->len, 1);
				lx->error_msg = "binary data (a NUL byte); not a "
						"linker script";
			}
			memset(&t, 0, sizeof t);
			t.kind = T_EOF;
			if (lx->pos > lx->len)
				lx->pos = lx->len;
			eof_location(lx, &t);
			return t;
		}
		const char *s = lx->text + lx->pos;
		size_t n = lx->len - lx->pos;
		struct match m = {0};
		if (mode == MODE_VERSION) {
			match_version(lx, s, n, &m);
		} else if (!match_word(s, n, mode, 1u << mode, &m)) {
			unsigned bit = 1u << mode;
			match_numbers(s, n, mode, &m);
			match_punct(s, n, bit, &m);
			match_keywords(s, n, bit, &m);
			match_names(s, n, mode, &m);
			match_quoted(s, n, &m);
		}
		if (m.len == 0) {
			/* No rule matched: ld warns and drops the character. */
			record(lx, LEXE_INVALID_CHAR, lx->pos, 1, 0, mode);
			if (s[0] == '\n')
				newline(lx, lx->pos + 1);
			lx->pos++;
			continue;
		}
		t = make_token(lx, &m, mode);
		if (mode == MODE_VERSION)
			version_transition(lx, t.kind);
		return t;
	}
}

void lex_backup(struct lexer *lx, const struct token *tok)
{
	lx->pos = tok->offset;
	lx->line = tok->loc.line;
	lx->line_start = tok->line_start;
	lx->file = tok->loc.file;
}

static const char *const tok_names[T_COUNT] = {
	[T_EOF] = "end of file", [T_NAME] = "name", [T_INT] = "number",
	[T_LNAME] = "'-l' library", [T_VERS_TAG] = "version tag",
	[T_VERS_IDENT] = "symbol pattern",
	[T_LBRACE] = "'{'", [T_RBRACE] = "'}'", [T_LPAREN] = "'('",
	[T_RPAREN] = "')'", [T_LBRACKET] = "'['", [T_RBRACKET] = "']'",
	[T_SEMI] = "';'", [T_COMMA] = "','", [T_COLON] = "':'",
	[T_ASSIGN] = "'='", [T_PLUSEQ] = "'+='", [T_MINUSEQ] = "'-='",
	[T_MULTEQ] = "'*='", [T_DIVEQ] = "'/='", [T_LSHIFTEQ] = "'<<='",
	[T_RSHIFTEQ] = "'>>='", [T_ANDEQ] = "'&='", [T_OREQ] = "'|='",
	[T_OROR] = "'||'", [T_ANDAND] = "'&&'", [T_EQ] = "'=='",
	[T_NE] = "'!='", [T_LE] = "'<='", [T_GE] = "'>='",
	[T_LSHIFT] = "'<<'", [T_RSHIFT] = "'>>'", [T_LT] = "'<'",
	[T_GT] = "'>'", [T_PLUS] = "'+'", [T_MINUS] = "'-'", [T_STAR] = "'*'",
	[T_SLASH] = "'/'", [T_PERCENT] = "'%'", [T_AMP] = "'&'",
	[T_PIPE] = "'|'", [T_TILDE] = "'~'", [T_BANG] = "'!'",
	[T_QUESTION] = "'?'", [K_GLOBAL] = "'global'", [K_LOCAL] = "'local'",
	[K_VERS_EXTERN] = "'extern'",
};

const char *tok_describe(enum tok kind)
{
	static char buf[T_COUNT][32];
	if (kind >= T_COUNT)
		return "token";
	if (tok_names[kind])
		return tok_names[kind];
	for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
		if (keywords[k].kind == kind && !buf[kind][0])
			snprintf(buf[kind], sizeof buf[kind], "'%s'", keywords[k].text);
	return buf[kind][0] ? buf[kind] : "keyword";
}
