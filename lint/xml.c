/*
 * xml: the XML reader for CMSIS pack descriptions.
 *
 * Read as XML 1.0 (fifth edition) writes it: the XML declaration,
 * comments, processing instructions, CDATA sections, the five predefined
 * entities and character references, attribute-value normalisation (a
 * tab, line feed or carriage return in a value is a space).  A document
 * type declaration is skipped with its internal subset: no DTD is read, so
 * a reference to an entity one declares is an error, as it is in libxml2
 * with its DTD loading off.  Bytes from 0x80 up are taken as they are: the
 * values ldlint reads are ASCII, so UTF-8 and 8-bit encodings read alike;
 * a UTF-16 file is refused.
 * Checked: one root element, end tags matching their start tags, quoted
 * attribute values without '<', no attribute twice in an element, control
 * characters, references.  Elements nest at most MAX_DEPTH deep: the
 * parse is a loop, not a recursion, and the depth bounds its bookkeeping.
 * The messages of the errors libxml2 also reports are worded as libxml2
 * words them.
 */
#include "xml.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

enum { MAX_DEPTH = 256 };

struct xp {
	struct arena *a;
	const char *start, *p, *end;	/* start: the text's first byte */
	unsigned line;			/* of p */
	const char *bol;		/* where p's line starts */
	struct xml_error *err;
	bool failed;
	struct strbuf text;		/* open elements' character data */
	struct xml_attr *attrs;		/* the start tag being read */
	size_t nattrs, cap;
};

/* Moves p to 'to', counting lines. */
static void advance(struct xp *x, const char *to)
{
	const char *q = x->p;
	while (q < to) {
		const char *nl = memchr(q, '\n', (size_t)(to - q));
		if (!nl)
			break;
		x->line++;
		x->bol = q = nl + 1;
	}
	x->p = to;
}

/* The line and column of 'at', before or after p. */
static void where(const struct xp *x, const char *at, unsigned *line,
		  unsigned *col)
{
	unsigned l = x->line;
	const char *bol = x->bol, *q = x->p;
	if (at < bol) {			/* back to at's line */
		for (q = bol - 1; q > at; q--)
			l -= *q == '\n';
		l -= *at == '\n';
		for (bol = at; bol > x->start && bol[-1] != '\n'; bol--)
			;
		q = at;
	}
	while (q < at) {
		const char *nl = memchr(q, '\n', (size_t)(at - q));
		if (!nl)
			break;
		l++;
		bol = q = nl + 1;
	}
	*line = l;
	*col = (unsigned)(at - bol) + 1;
}

static bool fail(struct xp *x, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct xp *x, const char *at, const char *fmt, ...)
{
	if (x->failed)
		return false;
	x->failed = true;
	where(x, at, &x->err->line, &x->err->col);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->err->message, sizeof x->err->message, fmt, ap);
	va_end(ap);
	return false;
}

static bool starts(const struct xp *x, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(x->end - x->p) >= n && !memcmp(x->p, s, n);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(struct xp *x)
{
	const char *q = x->p;
	while (q < x->end && is_space(*q))
		q++;
	advance(x, q);
}

static bool name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A name at p, copied into the arena; NULL if there is none. */
static const char *read_name(struct xp *x)
{
	const char *q = x->p;
	if (q >= x->end || !name_start((unsigned char)*q))
		return NULL;
	while (q < x->end && name_char((unsigned char)*q))
		q++;
	const char *s = arena_strndup(x->a, x->p, (size_t)(q - x->p));
	x->p = q;
	return s;
}

static void put_utf8(struct strbuf *sb, uint32_t c)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12), b[1] = (char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18), b[1] = (char)(0x80 | (c >> 12 & 0x3F));
		b[2] = (char)(0x80 | (c >> 6 & 0x3F)), b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	sb_add(sb, b, n);
}

/* The reference at p ('&'), its text added to 'sb'. */
static bool reference(struct xp *x, struct strbuf *sb)
{
	const char *q = x->p + 1;
	if (q < x->end && *q == '#') {
		bool hex = q + 1 < x->end && q[1] == 'x';
		const char *d = q + 1 + hex;
		uint32_t c = 0;
		const char *e = d;
		for (; e < x->end && e - d < 8; e++) {
			unsigned v = *e >= '0' && *e <= '9' ? (unsigned)(*e - '0') :
				     hex && *e >= 'a' && *e <= 'f' ? (unsigned)(*e - 'a' + 10) :
				     hex && *e >= 'A' && *e <= 'F' ? (unsigned)(*e - 'A' + 10) : 99;
			if (v == 99)
				break;
			c = c * (hex ? 16 : 10) + v;
		}
		if (e == d || e >= x->end || *e != ';')
			return fail(x, x->p, "CharRef: invalid %s value",
				    hex ? "hexadecimal" : "decimal");
		bool ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
			  (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
		if (!ok)
			return fail(x, x->p, "xmlParseCharRef: invalid xmlChar value %u",
				    (unsigned)c);
		put_utf8(sb, c);
		x->p = e + 1;
		return true;
	}
	static const char *const ent[][2] = {
		{"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"},
	};
	const char *e = q;
	while (e < x->end && name_char((unsigned char)*e))
		e++;
	if (e == q || e >= x->end || *e != ';')
		return fail(x, x->p, "xmlParseEntityRef: no name");
	for (size_t i = 0; i < sizeof ent / sizeof ent[0]; i++)
		if ((size_t)(e - q) == strlen(ent[i][0]) && !memcmp(q, ent[i][0], (size_t)(e - q))) {
			sb_add(sb, ent[i][1], 1);
			x->p = e + 1;
			return true;
		}
	return fail(x, x->p, "Entity '%.*s' not defined", (int)(e - q), q);
}

/* Skips past the end marker 'close' of the construct at p. */
static bool skip_past(struct xp *x, const char *close, const char *what)
{
	const char *start = x->p;
	size_t n = strlen(close);
	for (const char *q = x->p; q + n <= x->end; q++) {
		q = memchr(q, close[0], (size_t)(x->end - q));
		if (!q || q + n > x->end)
			break;
		if (!memcmp(q, close, n)) {
			advance(x, q + n);
			return true;
		}
	}
	return fail(x, start, "%s not terminated", what);
}

/* <!DOCTYPE ...>, with an internal subset in brackets. */
static bool doctype(struct xp *x)
{
	const char *start = x->p;
	char quote = 0;
	int depth = 0;
	for (const char *q = x->p + 9; q < x->end; q++) {
		if (quote) {
			quote = *q == quote ? 0 : quote;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '[') {
			depth++;
		} else if (*q == ']') {
			depth--;
		} else if (*q == '>' && depth <= 0) {
			advance(x, q + 1);
			return true;
		}
	}
	return fail(x, start, "DOCTYPE improperly terminated");
}

/* The comment at p ("<!--"): "--" may only end it. */
static bool comment(struct xp *x)
{
	const char *start = x->p;
	for (const char *q = x->p + 4; q + 1 < x->end; q++) {
		q = memchr(q, '-', (size_t)(x->end - q));
		if (!q || q + 1 >= x->end)
			break;
		if (q[1] != '-')
			continue;
		if (q + 2 < x->end && q[2] == '>') {
			advance(x, q + 3);
			return true;
		}
		return fail(x, q, "Double hyphen within comment");
	}
	return fail(x, start, "Comment not terminated");
}

/* A processing instruction at p ("<?"), not the XML declaration. */
static bool pi(struct xp *x)
{
	const char *start = x->p;
	x->p += 2;
	const char *target = read_name(x);
	x->p = start;
	if (!target)
		return fail(x, start, "xmlParsePI : no target name");
	if (!strcasecmp(target, "xml"))
		return fail(x, start, "XML declaration allowed only at the start "
			    "of the document");
	return skip_past(x, "?>", "PI");
}

/* Whether the encoding a declaration names keeps one byte a character
 * (bytes are then taken as they are) rather than being UTF-8. */
static bool eight_bit(const char *enc)
{
	static const char *const names[] = {
		"ISO-8859-", "ISO8859-", "LATIN", "WINDOWS-125", "CP125",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strncasecmp(enc, names[i], strlen(names[i])))
			return true;
	return false;
}

/* The XML declaration at p ("<?xml "): version, then encoding and
 * standalone, each at most once; *utf8 unless an 8-bit encoding. */
static bool xml_decl(struct xp *x, bool *utf8)
{
	static const char *const order[] = {"version", "encoding", "standalone"};
	size_t next = 0;
	x->p += 5;
	for (;;) {
		const char *before = x->p;
		skip_space(x);
		if (starts(x, "?>")) {
			x->p += 2;
			return next ? true :
			       fail(x, before, "Malformed declaration expecting version");
		}
		const char *at = x->p;
		const char *name = x->p == before ? NULL : read_name(x);
		size_t k = next;
		while (name && k < 3 && strcmp(name, order[k]))
			k++;
		if (!name || k == 3 || (next == 0 && k != 0))
			return fail(x, at, next ? "parsing XML declaration: '?>' "
				    "expected" : "Malformed declaration expecting "
				    "version");
		skip_space(x);
		if (x->p >= x->end || *x->p != '=')
			return fail(x, x->p, "Specification mandates value for "
				    "attribute %s", name);
		x->p++;
		skip_space(x);
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
			return fail(x, x->p, "String not started expecting ' or \"");
		/* no references here: a version, an encoding name, yes or no */
		char quote = *x->p;
		const char *v0 = ++x->p, *q = v0;
		while (q < x->end && (isalnum((unsigned char)*q) || *q == '.' ||
				      *q == '-' || *q == '_'))
			q++;
		if (q >= x->end || *q != quote || q == v0)
			return fail(x, q, "parsing XML declaration: '?>' expected");
		const char *v = arena_strndup(x->a, v0, (size_t)(q - v0));
		x->p = q + 1;
		if ((k == 0 && (strncmp(v, "1.", 2) || !v[2] ||
				strspn(v + 2, "0123456789") != strlen(v + 2))) ||
		    (k == 2 && strcmp(v, "yes") && strcmp(v, "no")))
			return fail(x, v0, "Malformed %s value '%s'", order[k], v);
		if (k == 1 && (!strncasecmp(v, "UTF-16", 6) || !strncasecmp(v, "UCS", 3)))
			return fail(x, at, "the file is in a 16- or 32-bit encoding; "
				    "save it as UTF-8");
		if (k == 1 && strcasecmp(v, "UTF-8") && strcasecmp(v, "US-ASCII") &&
		    strcasecmp(v, "ASCII") && !eight_bit(v))
			return fail(x, at, "Unsupported encoding %s", v);
		if (k == 1)
			*utf8 = !eight_bit(v);
		next = k + 1;
	}
}

/* The first byte of [text, end) that is a control character XML does
 * not allow or, when 'utf8', not part of valid UTF-8; NULL if none. */
static const char *bad_byte(const char *text, const char *end, bool utf8)
{
	for (const char *q = text; q < end;) {
		unsigned char c = (unsigned char)*q;
		if (c < 0x20 && !is_space((char)c))
			return q;
		if (c < 0x80 || !utf8) {
			q++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_char(q, (size_t)(end - q), &cp);
		if (!n)
			return q;
		q += n;
	}
	return NULL;
}

/* Comments, processing instructions, blanks (and, before the root, the
 * document type declaration) at p. */
static bool misc(struct xp *x, bool prolog)
{
	for (;;) {
		skip_space(x);
		if (starts(x, "<!--")) {
			if (!comment(x))
				return false;
		} else if (starts(x, "<?")) {
			if (!pi(x))
				return false;
		} else if (prolog && starts(x, "<!DOCTYPE")) {
			if (!doctype(x))
				return false;
		} else {
			return true;
		}
	}
}

/* One attribute value at p (a quote), normalised, into the arena. */
static const char *att_value(struct xp *x)
{
	struct strbuf v = {0};
	char quote = *x->p;
	const char *q = x->p + 1;
	x->p = q;
	for (;;) {
		const char *run = q;
		while (q < x->end && *q != quote && *q != '&' && *q != '<' &&
		       (unsigned char)*q >= 0x20)
			q++;
		sb_add(&v, run, (size_t)(q - run));
		if (q >= x->end) {
			fail(x, q, "AttValue: %c expected", quote);
			break;
		}
		if (*q == quote) {
			advance(x, q + 1);
			const char *s = arena_strndup(x->a, v.buf ? v.buf : "", v.len);
			sb_free(&v);
			return s;
		}
		advance(x, q);
		if (*q == '<') {
			fail(x, q, "Unescaped '<' not allowed in attributes values");
			break;
		}
		if (*q == '&') {
			if (!reference(x, &v))
				break;
			q = x->p;
			continue;
		}
		/* a tab, CR or LF (xml_parse refused other control characters);
		 * a CR LF pair is one line end, hence one space */
		sb_putc(&v, ' ');
		q += *q == '\r' && q + 1 < x->end && q[1] == '\n' ? 2 : 1;
	}
	sb_free(&v);
	return NULL;
}

/* The start tag at p ('<'); *empty when it ends with '/>'. */
static struct xml_node *start_tag(struct xp *x, bool *empty)
{
	struct xml_node *n = arena_alloc(x->a, sizeof *n);
	n->line = x->line;
	n->col = (unsigned)(x->p - x->bol) + 1;
	x->p++;
	if (!(n->name = read_name(x))) {
		fail(x, x->p, "StartTag: invalid element name");
		return NULL;
	}
	x->nattrs = 0;
	for (;;) {
		const char *before = x->p;
		skip_space(x);
		if (starts(x, "/>") || starts(x, ">")) {
			*empty = *x->p == '/';
			x->p += *empty ? 2 : 1;
			break;
		}
		struct xml_attr at = {NULL, NULL, x->line, (unsigned)(x->p - x->bol) + 1};
		if (x->p == before || !(at.name = read_name(x))) {
			fail(x, x->p, x->p >= x->end ?
			     "Couldn't find end of Start Tag %s line %u" :
			     "attributes construct error (element %s line %u)",
			     n->name, n->line);
			return NULL;
		}
		skip_space(x);
		if (x->p >= x->end || *x->p != '=') {
			fail(x, x->p, "Specification mandates value for attribute %s",
			     at.name);
			return NULL;
		}
		x->p++;
		skip_space(x);
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\'')) {
			fail(x, x->p, "AttValue: \" or ' expected");
			return NULL;
		}
		if (!(at.value = att_value(x)))
			return NULL;
		for (size_t i = 0; i < x->nattrs; i++)
			if (!strcmp(x->attrs[i].name, at.name)) {
				fail(x, x->p, "Attribute %s redefined", at.name);
				return NULL;
			}
		if (x->nattrs == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 16;
			x->attrs = xrealloc(x->attrs, x->cap * sizeof *x->attrs);
		}
		x->attrs[x->nattrs++] = at;
	}
	if (x->nattrs) {
		struct xml_attr *v = arena_alloc(x->a, x->nattrs * sizeof *v);
		memcpy(v, x->attrs, x->nattrs * sizeof *v);
		n->attrs = v;
		n->nattrs = x->nattrs;
	}
	n->text = "";
	return n;
}

/* An element is complete: its children in document order, its text. */
static void close_element(struct xp *x, struct xml_node *n, size_t text_from)
{
	struct xml_node *rev = NULL;
	while (n->children) {
		struct xml_node *c = n->children;
		n->children = c->next;
		c->next = rev;
		rev = c;
	}
	n->children = rev;
	if (x->text.len > text_from)
		n->text = arena_strndup(x->a, x->text.buf + text_from,
					x->text.len - text_from);
	x->text.len = text_from;
}

/* Character data at p, up to the next '<'. */
static bool char_data(struct xp *x)
{
	while (x->p < x->end && *x->p != '<') {
		const char *q = x->p;
		while (q < x->end && *q != '<' && *q != '&')
			q++;
		sb_add(&x->text, x->p, (size_t)(q - x->p));
		advance(x, q);
		if (q < x->end && *q == '&' && !reference(x, &x->text))
			return false;
	}
	return true;
}

/* The end tag at p ("</"), which closes open[depth - 1]. */
static bool end_tag(struct xp *x, const struct xml_node *n)
{
	const char *at = x->p;
	x->p += 2;
	const char *name = read_name(x);
	skip_space(x);
	if (!name || x->p >= x->end || *x->p != '>')
		return fail(x, at, "expected '>'");
	x->p++;
	if (strcmp(name, n->name))
		return fail(x, x->p, "Opening and ending tag mismatch: %s line %u "
			    "and %s", n->name, n->line, name);
	return true;
}

/* What an open element holds at p, up to its next start or end tag:
 * character data, CDATA sections, comments and processing instructions. */
static bool content(struct xp *x, const struct xml_node *n)
{
	for (;;) {
		if (!char_data(x))
			return false;
		if (x->p >= x->end)
			return fail(x, x->p, "Premature end of data in tag %s line %u",
				    n->name, n->line);
		if (starts(x, "<!--")) {
			if (!comment(x))
				return false;
		} else if (starts(x, "<![CDATA[")) {
			const char *from = x->p + 9;
			if (!skip_past(x, "]]>", "CData section"))
				return false;
			sb_add(&x->text, from, (size_t)(x->p - 3 - from));
		} else if (starts(x, "<?")) {
			if (!pi(x))
				return false;
		} else {
			return true;
		}
	}
}

/* The root element and everything in it, at its '<'. */
static struct xml_node *elements(struct xp *x)
{
	struct xml_node *open[MAX_DEPTH];
	size_t text_from[MAX_DEPTH];
	size_t depth = 0;
	struct xml_node *root = NULL;
	for (;;) {
		if (depth && !content(x, open[depth - 1]))
			return NULL;
		if (depth && starts(x, "</")) {
			if (!end_tag(x, open[depth - 1]))
				return NULL;
			depth--;
			close_element(x, open[depth], text_from[depth]);
			if (!depth)
				return root;
			continue;
		}
		bool empty = false;
		struct xml_node *n = start_tag(x, &empty);
		if (!n)
			return NULL;
		if (depth) {
			n->next = open[depth - 1]->children;
			open[depth - 1]->children = n;
		} else {
			root = n;
		}
		if (empty && !depth)
			return root;
		if (empty)
			continue;
		if (depth == MAX_DEPTH) {
			fail(x, x->p, "Excessive depth in document: %d", MAX_DEPTH);
			return NULL;
		}
		text_from[depth] = x->text.len;
		open[depth++] = n;
	}
}

const struct xml_node *xml_parse(struct arena *a, const char *text, size_t len,
				 struct xml_error *err)
{
	struct xp x = {a, text, text, text + len, 1, text, err, false, {0}, NULL, 0, 0};
	struct xml_node *root = NULL;
	const char *bad;
	bool utf8 = true;
	memset(err, 0, sizeof *err);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		x.p = x.bol = text + 3;
	const char *nul = memchr(text, '\0', len);
	if (nul || (len >= 2 && ((unsigned char)text[0] == 0xFE ||
				 (unsigned char)text[0] == 0xFF)))
		fail(&x, nul ? nul : text, nul ? "Char 0x0 out of allowed range" :
		     "the file is in a 16- or 32-bit encoding; save it as UTF-8");
	else if (starts(&x, "<?xml") && (size_t)(x.end - x.p) > 5 &&
		 is_space(x.p[5]) && !xml_decl(&x, &utf8))
		;
	else if ((bad = bad_byte(x.p, x.end, utf8)) && (unsigned char)*bad < 0x20)
		fail(&x, bad, "Char 0x%X out of allowed range", (unsigned char)*bad);
	else if (bad)
		fail(&x, bad, "Input is not proper UTF-8, indicate encoding ! "
		     "Bytes: 0x%02X", (unsigned char)*bad);
	else if (!misc(&x, true))
		;
	else if (x.p >= x.end)
		fail(&x, x.p, "Document is empty");
	else if (*x.p != '<')
		fail(&x, x.p, "Start tag expected, '<' not found");
	else if ((root = elements(&x)) && misc(&x, false) && x.p < x.end)
		fail(&x, x.p, "Extra content at the end of the document");
	sb_free(&x.text);
	free(x.attrs);
	return x.failed ? NULL : root;
}

const struct xml_attr *xml_attr(const struct xml_node *n, const char *name)
{
	for (size_t i = 0; i < n->nattrs; i++)
		if (!strcmp(n->attrs[i].name, name))
			return &n->attrs[i];
	return NULL;
}
