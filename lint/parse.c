/*
 * parse: a recursive-descent parser for GNU ld 2.40 linker scripts.
 *
 * It follows ld/ldgram.y rule by rule.  The lexer mode matters as much as
 * the grammar, so the parser switches modes exactly where ldgram.y does and
 * reads a lookahead token exactly when bison would: a token already read
 * keeps the mode it was read in (bison's lookahead), and where ldgram.y
 * throws a NAME away to read it again in the new mode (ldlex_backup) this
 * parser does the same.  Each parse function is headed by the grammar rule
 * it implements.
 *
 * Errors are findings with rule id 'syntax'.  The first error is the one
 * GNU ld reports; the parser then skips to the next ';' or to the '}' that
 * closes the current block and goes on, reporting nothing more until a
 * statement parses cleanly again.  Fatal conditions (a missing INCLUDE
 * file, an invalid MEMORY attribute, an unterminated comment) stop parsing,
 * as they stop ld.
 */
#include "parse_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

struct arena *parse_arena(struct parser *p)
{
	return &p->s->arena;
}

/* ---- modes and tokens ---------------------------------------------- */

void parse_push_mode(struct parser *p, enum lex_mode m)
{
	if (p->nmodes < MAX_MODES)
		p->modes[p->nmodes] = m;
	p->nmodes++;
}

void parse_pop_mode(struct parser *p)
{
	if (p->nmodes > 1)
		p->nmodes--;
}

static enum lex_mode parse_cur_mode(const struct parser *p)
{
	int i = p->nmodes <= MAX_MODES ? p->nmodes : MAX_MODES;
	return p->modes[i - 1];
}


struct token *parse_peek(struct parser *p)
{
	if (!p->has_la) {
		p->la = lex_next(p->lx, parse_cur_mode(p));
		p->has_la = true;
		if (p->lx->error_msg && !p->fatal) {
			parse_fatal(p, p->lx->error, "%s", p->lx->error_msg);
			p->la.kind = T_EOF;
		}
	}
	return &p->la;
}

struct token parse_advance(struct parser *p)
{
	parse_peek(p);
	p->has_la = false;
	return p->la;
}

bool parse_accept(struct parser *p, enum tok kind)
{
	if (parse_peek(p)->kind != kind)
		return false;
	parse_advance(p);
	return true;
}

/* ldlex_backup: a NAME read in the wrong mode is read again. */
void parse_backup_if_name(struct parser *p)
{
	if (p->has_la && p->la.kind == T_NAME) {
		lex_backup(p->lx, &p->la);
		p->has_la = false;
	}
}

/* ---- errors --------------------------------------------------------- */

const char *parse_describe(struct parser *p, const struct token *t)
{
	switch (t->kind) {
	case T_NAME:
		return arena_printf(parse_arena(p), t->quoted ? "'\"%s\"'" : "'%s'", t->text);
	case T_INT:
	case T_LNAME:
	case T_VERS_TAG:
	case T_VERS_IDENT:
		return arena_printf(parse_arena(p), "'%s'", t->text);
	default:
		return tok_describe(t->kind);
	}
}

/* Where to report an error that GNU ld detects at the lookahead but that
 * is about the token before it: at that token when both are on one line,
 * else at the lookahead, so the line is the one ld reports. */
struct loc parse_near(struct parser *p, const struct token *t)
{
	struct token *la = parse_peek(p);
	if (la->loc.line == t->loc.line && la->loc.file == t->loc.file)
		return t->loc;
	return la->loc;
}

static void report(struct parser *p, struct loc loc, const char *msg)
{
	p->failed = true;
	p->s->failed = true;
	if (p->panic || p->fatal || p->errors >= MAX_ERRORS)
		return;
	p->panic = true;
	p->errors++;
	struct finding *f = diag_report(p->d, "syntax", loc, "%s", msg);
	unsigned skipped = p->lx ? p->lx->quoted_newlines : 0;
	if (skipped && loc.file == p->lx->file && loc.line > skipped)
		diag_note(p->d, f, loc, "GNU ld says line %u: it does not count "
			  "the %u line break%s inside quoted names above",
			  loc.line - skipped, skipped, skipped == 1 ? "" : "s");
}


void parse_error_at(struct parser *p, struct loc loc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	report(p, loc, buf);
}

void parse_fatal(struct parser *p, struct loc loc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p->panic = false;
	report(p, loc, buf);
	p->fatal = true;
	p->s->fatal = true;
}

/* "expected WHAT, found X" at the lookahead. */
void parse_expected(struct parser *p, const char *what)
{
	struct token *t = parse_peek(p);
	parse_error_at(p, t->loc, "expected %s, found %s", what, parse_describe(p, t));
}

bool parse_expect(struct parser *p, enum tok kind, const char *context)
{
	if (p->failed)
		return false;
	if (parse_accept(p, kind))
		return true;
	struct token *t = parse_peek(p);
	parse_error_at(p, t->loc, "expected %s %s, found %s", tok_describe(kind),
		 context, parse_describe(p, t));
	return false;
}

bool parse_expect_after(struct parser *p, enum tok kind, const char *what)
{
	if (!p->failed && parse_accept(p, kind))
		return true;
	return parse_expect(p, kind, arena_printf(parse_arena(p), "after %s", what));
}

/* A closing bracket; names the opener when it is missing. */
bool parse_expect_close(struct parser *p, enum tok kind, const struct loc *open)
{
	if (p->failed)
		return false;
	if (parse_accept(p, kind))
		return true;
	struct token *t = parse_peek(p);
	const char *closer = tok_describe(kind);
	const char *opener = kind == T_RBRACE ? "'{'" : kind == T_RPAREN ? "'('" : "'['";
	if (open->file && t->loc.file && strcmp(open->file, t->loc.file) != 0)
		parse_error_at(p, t->loc, "%s expected (to close %s at %s:%u), found %s",
			 closer, opener, open->file, open->line, parse_describe(p, t));
	else
		parse_error_at(p, t->loc, "%s expected (to close %s at line %u), found %s",
			 closer, opener, open->line, parse_describe(p, t));
	return false;
}

/* Skips to the next ';' (consumed) or to the '}' closing the block being
 * read (left for the caller), so the next statement can be parsed. */
static void recover(struct parser *p, bool in_block)
{
	int depth = 0;
	while (!p->fatal) {
		struct token *t = parse_peek(p);
		if (t->kind == T_EOF)
			return;
		if (t->kind == T_RBRACE && depth == 0) {
			if (!in_block)
				parse_advance(p);
			return;
		}
		parse_advance(p);
		if (t->kind == T_LBRACE)
			depth++;
		else if (t->kind == T_RBRACE)
			depth--;
		else if (t->kind == T_SEMI && depth == 0)
			return;
	}
}

/* ---- AST helpers ---------------------------------------------------- */

struct stmt *parse_new_stmt(struct parser *p, enum stmt_kind kind,
			     struct loc loc, struct sink *out)
{
	struct stmt *st = arena_alloc(parse_arena(p), sizeof *st);
	st->kind = kind;
	st->loc = loc;
	st->parent = out ? out->parent : NULL;
	if (out) {
		*out->tail = st;
		out->tail = &st->next;
	}
	return st;
}

struct expr *parse_new_expr(struct parser *p, enum expr_kind kind, int op,
			     struct loc loc)
{
	struct expr *e = arena_alloc(parse_arena(p), sizeof *e);
	e->kind = kind;
	e->op = op;
	e->loc = loc;
	return e;
}

struct name_list *parse_new_name(struct parser *p, const struct token *t)
{
	struct name_list *n = arena_alloc(parse_arena(p), sizeof *n);
	n->name = t->text;
	n->loc = t->loc;
	return n;
}

bool parse_is_assign_op(enum tok k)
{
	return k == T_ASSIGN || k == T_PLUSEQ || k == T_MINUSEQ ||
	       k == T_MULTEQ || k == T_DIVEQ || k == T_LSHIFTEQ ||
	       k == T_RSHIFTEQ || k == T_ANDEQ || k == T_OREQ;
}

/* ---- assignments ----------------------------------------------------- */

/* assignment: NAME '=' mustbe_exp | NAME assign_op mustbe_exp, once the
 * NAME is read and the lookahead is the operator. */
struct stmt *parse_assignment_after_name(struct parser *p, struct token name,
					  struct sink *out)
{
	struct token op = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_ASSIGN, name.loc, out);
	st->name = name.text;
	st->name_loc = name.loc;
	st->op = op.kind;
	st->value = parse_mustbe_exp(p);
	return st;
}

/* HIDDEN | PROVIDE | PROVIDE_HIDDEN '(' NAME '=' mustbe_exp ')' */
struct stmt *parse_provide_assignment(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_ASSIGN, kw.loc, out);
	st->kw = kw.kind;
	st->provide = kw.kind != K_HIDDEN;
	st->hidden = kw.kind != K_PROVIDE;
	st->op = T_ASSIGN;
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, kw.text))
		return st;
	if (parse_peek(p)->kind != T_NAME) {
		parse_expected(p, "a symbol name");
		return st;
	}
	struct token name = parse_advance(p);
	st->name = name.text;
	st->name_loc = name.loc;
	if (parse_peek(p)->kind != T_ASSIGN) {
		struct token *t = parse_peek(p);
		if (strchr(name.text, '=') && !name.quoted)
			parse_error_at(p, parse_near(p, &name), "expected '=' after the symbol name, "
				 "found '%s': GNU ld reads it as one name; put "
				 "blanks around '='", name.text);
		else
			parse_error_at(p, t->loc, "expected '=' after '%s', found %s",
				 name.text, parse_describe(p, t));
		return st;
	}
	parse_advance(p);
	st->value = parse_mustbe_exp(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
	return st;
}

/* separator: ';' | ',' */
void parse_separator(struct parser *p, const char *after)
{
	if (p->failed)
		return;
	if (parse_accept(p, T_SEMI) || parse_accept(p, T_COMMA))
		return;
	struct token *t = parse_peek(p);
	parse_error_at(p, t->loc, "expected ';' after %s, found %s", after,
		 parse_describe(p, t));
}

/* A NAME that is not followed by an assignment operator where one must
 * be: explain GNU ld's reading of 'a=1'. */
static void not_an_assignment(struct parser *p, const struct token *name)
{
	if (strchr(name->text, '=') && !name->quoted)
		parse_error_at(p, parse_near(p, name), "'%s' is one name to GNU ld, not an "
			 "assignment; write it with blanks around '=' "
			 "(e.g. '%.*s = ...')", name->text,
			 (int)(strchr(name->text, '=') - name->text), name->text);
	else
		parse_expected(p, arena_printf(parse_arena(p), "an assignment operator after '%s'",
					 name->text));
}

/* ASSERT_K { ldlex_expression (); } '(' exp ',' NAME ')' */
struct stmt *parse_assert_stmt(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_ASSERT, kw.loc, out);
	st->kw = K_ASSERT;
	parse_push_mode(p, MODE_EXPR);
	struct token open = *parse_peek(p);
	if (parse_expect(p, T_LPAREN, "after ASSERT")) {
		st->value = parse_exp(p);
		if (parse_expect(p, T_COMMA, "after the ASSERT condition")) {
			if (parse_peek(p)->kind == T_NAME) {
				struct token m = parse_advance(p);
				st->name = m.text;
				st->name_loc = m.loc;
				parse_expect_close(p, T_RPAREN, &open.loc);
			} else {
				parse_expected(p, "the ASSERT message");
			}
		}
	}
	return st;	/* the caller pops EXPRESSION mode */
}

/* ---- INCLUDE --------------------------------------------------------- */



static char *join_path(struct parser *p, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	return arena_printf(parse_arena(p), "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
			    name);
}

/* ld takes the first name that opens; what is no regular file is then
 * refused when it is read, naming what it is. */
static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* ldfile_find_command_file: the name as given (relative to the current
 * directory), then -I directories, then SEARCH_DIRs seen so far. */
static const char *find_include(struct parser *p, const char *name)
{
	if (p->opt && p->opt->sandbox && (name[0] == '/' || strstr(name, "..")))
		return NULL;
	if (is_file(name) || name[0] == '/')
		return is_file(name) ? name : NULL;
	if (p->opt && p->opt->include_dirs)
		for (const char **d = p->opt->include_dirs; *d; d++) {
			char *cand = join_path(p, *d, name);
			if (is_file(cand))
				return cand;
		}
	for (struct name_list *d = p->search_dirs; d; d = d->next) {
		char *cand = join_path(p, d->name, name);
		if (is_file(cand))
			return cand;
	}
	return NULL;
}

/* realpath, once a run for each spelling: an INCLUDE met 65,536 times
 * (a DAG of INCLUDEs) costs one lookup each time. */
static const char *real_key(struct parser *p, const char *path, bool *first)
{
	size_t i = strmap_get(&p->real_idx, path);
	*first = i >= p->nreals;
	if (!*first)
		return p->reals[i];
	char *real = realpath(path, NULL);
	const char *key = real ? arena_strdup(parse_arena(p), real) : path;
	free(real);
	p->reals = xgrow(p->reals, p->nreals, sizeof *p->reals);
	strmap_put(&p->real_idx, arena_strdup(parse_arena(p), path), p->nreals);
	p->reals[p->nreals++] = key;
	return key;
}

static bool push_file(struct parser *p, const char *path, struct loc at)
{
	bool first;
	const char *key = real_key(p, path, &first);
	for (struct include_frame *f = p->incs; f; f = f->up)
		if (strcmp(f->real, key) == 0) {
			parse_fatal(p, at, "INCLUDE cycle: '%s' is already being "
				    "read (included from '%s')", path,
				    p->incs->path);
			return false;
		}
	if (p->ninc >= MAX_INCLUDE) {
		parse_fatal(p, at, "INCLUDE nested too deeply: GNU ld reads at "
			    "most %d nested script files", MAX_INCLUDE);
		return false;
	}
	struct include_frame *f = arena_alloc(parse_arena(p), sizeof *f);
	f->path = path;
	f->real = key;
	f->up = p->incs;
	p->incs = f;
	p->ninc++;
	if (first) {
		struct name_list *n = arena_alloc(parse_arena(p), sizeof *n);
		n->name = path;
		if (!p->files_tail)
			p->files_tail = &p->s->files;
		*p->files_tail = n;
		p->files_tail = &n->next;
	}
	return true;
}

static void pop_file(struct parser *p)
{
	p->incs = p->incs->up;
	p->ninc--;
}

/* INCLUDE filename { open } <list> END: the included file must hold a
 * complete list of the kind being read. */
void parse_include(struct parser *p, enum list_kind kind, struct sink *out)
{
	struct token kw = parse_advance(p);
	if (parse_peek(p)->kind != T_NAME) {
		parse_expected(p, "a file name after INCLUDE");
		return;
	}
	struct token name = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_INCLUDE, kw.loc, out);
	st->kw = K_INCLUDE;
	st->name = name.text;
	st->name_loc = name.loc;
	const char *path = find_include(p, name.text);
	if (!path) {
		const char *near = source_suggest(name.text);
		parse_fatal(p, name.loc, "cannot open INCLUDE file '%s': not in "
			    "the current directory%s", name.text, near[0] ? near :
			    (p->opt && p->opt->include_dirs && *p->opt->include_dirs) ||
			    p->search_dirs ? " nor in any -I or SEARCH_DIR directory" :
			    "; add its directory with -I");
		return;
	}
	st->name2 = path;
	size_t len;
	char *text = source_read(path, &len);
	if (!text) {
		parse_fatal(p, name.loc, "cannot read INCLUDE file '%s': %s",
			    path, read_failure());
		return;
	}
	if (!push_file(p, path, name.loc))
		return;
	struct lexer *outer = p->lx, inner;
	lex_init(&inner, text, len, arena_strdup(parse_arena(p), path), parse_arena(p));
	inner.events = &p->s->events;
	p->lx = &inner;
	parse_list(p, kind, out, false);
	if (!p->fatal && parse_peek(p)->kind != T_EOF)
		parse_expected(p, "end of the included file");
	p->has_la = false;
	p->lx = outer;
	pop_file(p);
}

/* ENTRY '(' NAME ')' */
void parse_entry(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_ENTRY, kw.loc, out);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LPAREN, "after ENTRY"))
		return;
	if (parse_peek(p)->kind != T_NAME) {
		parse_expected(p, "the entry symbol name");
		return;
	}
	struct token n = parse_advance(p);
	st->name = n.text;
	st->name_loc = n.loc;
	parse_expect_close(p, T_RPAREN, &open.loc);
}

/* ---- MEMORY ----------------------------------------------------------- */

static bool memory_attributes(struct parser *p, struct mem_region *r)
{
	struct token open = parse_advance(p);
	r->has_attributes = true;
	r->attr_loc = open.loc;
	do {
		bool invert = parse_accept(p, T_BANG);
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, invert ? "attribute letters after '!'" :
				 "attribute letters (r, w, x, a, i, l)");
			return false;
		}
		struct token n = parse_advance(p);
		for (const char *c = n.text; *c; c++) {
			unsigned bit;
			switch (*c) {
			case 'a': case 'A': bit = MATTR_A; break;
			case 'r': case 'R': bit = MATTR_R; break;
			case 'w': case 'W': bit = MATTR_W; break;
			case 'x': case 'X': bit = MATTR_X; break;
			case 'i': case 'I': case 'l': case 'L': bit = MATTR_L; break;
			default: {
				struct loc l = n.loc;
				l.col += (unsigned)(c - n.text);
				l.len = 1;
				parse_fatal(p, l, "invalid MEMORY attribute '%c' in "
					    "'%s'; use r, w, x, a, i or l, with '!' "
					    "to negate", *c, n.text);
				return false;
			}
			}
			if (invert)
				r->not_flags |= bit;
			else
				r->flags |= bit;
		}
	} while (parse_peek(p)->kind != T_RPAREN && parse_peek(p)->kind != T_EOF &&
		 !p->failed);
	return parse_expect_close(p, T_RPAREN, &open.loc);
}

/* memory_spec: NAME attributes_opt ':' origin_spec opt_comma length_spec
 *            | INCLUDE filename memory_spec_list_opt END */
static void memory_spec(struct parser *p, struct sink *out)
{
	if (parse_peek(p)->kind == K_INCLUDE) {
		parse_include(p, LIST_MEMORY, out);
		return;
	}
	if (parse_peek(p)->kind != T_NAME) {
		if (parse_peek(p)->kind == K_ORIGIN || parse_peek(p)->kind == K_LENGTH)
			parse_error_at(p, parse_peek(p)->loc, "expected a memory region name, "
				 "found %s: 'o', 'org', 'l' and 'len' are keywords "
				 "in MEMORY and cannot name a region",
				 parse_describe(p, parse_peek(p)));
		else
			parse_expected(p, "a memory region name");
		return;
	}
	struct token name = parse_advance(p);
	struct mem_region *r = arena_alloc(parse_arena(p), sizeof *r);
	r->name = name.text;
	r->loc = name.loc;
	if (parse_peek(p)->kind == T_LPAREN && !memory_attributes(p, r))
		return;
	if (p->failed)
		return;
	if (parse_peek(p)->kind != T_COLON) {
		if (strchr(name.text, ':') && !name.quoted)
			parse_error_at(p, parse_near(p, &name), "'%s' is one name to GNU ld; "
				 "put a blank before ':'", name.text);
		else
			parse_expected(p, arena_printf(parse_arena(p), "':' after region '%s'",
						 name.text));
		return;
	}
	parse_advance(p);
	if (parse_peek(p)->kind != K_ORIGIN) {
		parse_expected(p, "ORIGIN (or org, o) after ':'");
		return;
	}
	r->origin_loc = parse_advance(p).loc;
	if (!parse_expect(p, T_ASSIGN, "after ORIGIN"))
		return;
	r->origin = parse_mustbe_exp(p);
	if (p->failed)
		return;
	parse_accept(p, T_COMMA);
	if (parse_peek(p)->kind != K_LENGTH) {
		struct token *t = parse_peek(p);
		if (t->kind == T_NAME && (strcmp(t->text, "len") == 0 ||
					  strcmp(t->text, "l") == 0))
			parse_error_at(p, t->loc, "expected ',' before '%s': without "
				 "the comma GNU ld reads '%s' inside the ORIGIN "
				 "expression, where only LENGTH is a keyword",
				 t->text, t->text);
		else
			parse_expected(p, "LENGTH (or len, l)");
		return;
	}
	r->length_loc = parse_advance(p).loc;
	if (!parse_expect(p, T_ASSIGN, "after LENGTH"))
		return;
	r->length = parse_mustbe_exp(p);
	if (p->failed)
		return;
	parse_backup_if_name(p);
	/* record in declaration order */
	if (!p->regions_tail)
		p->regions_tail = &p->s->regions;
	*p->regions_tail = r;
	p->regions_tail = &r->next;
	p->nregions++;
}

/* KEYWORD '{' list '}': MEMORY and SECTIONS */
void parse_keyword_block(struct parser *p, struct sink *out, enum stmt_kind type,
			 enum tok kw_id, enum list_kind list, const char *where)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, type, kw.loc, out);
	st->kw = kw_id;
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LBRACE, where))
		return;
	struct sink inner = {&st->body, st};
	parse_list(p, list, &inner, true);
	parse_expect_close(p, T_RBRACE, &open.loc);
}

/* MEMORY '{' memory_spec_list_opt '}' */
static void parse_memory(struct parser *p, struct sink *out)
{
	parse_keyword_block(p, out, ST_MEMORY, K_MEMORY, LIST_MEMORY, "after MEMORY");
}

/* ---- PHDRS and VERSION ------------------------------------------------ */

/* PHDRS '{' (NAME { expr } phdr_type phdr_qualifiers { pop } ';')* '}' */
static void phdrs(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_PHDRS, kw.loc, out);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LBRACE, "after PHDRS"))
		return;
	struct phdr **tail = &st->phdr_list;
	while (!p->failed && parse_peek(p)->kind == T_NAME) {
		struct token n = parse_advance(p);
		struct phdr *ph = arena_alloc(parse_arena(p), sizeof *ph);
		ph->name = n.text;
		ph->loc = n.loc;
		*tail = ph;
		tail = &ph->next;
		parse_push_mode(p, MODE_EXPR);
		ph->type = parse_exp(p);
		for (;;) {
			if (p->failed)
				break;
			struct token *q = parse_peek(p);
			if (q->kind == K_AT) {
				ph->at = parse_keyword_paren(p, K_AT);
			} else if (q->kind == T_NAME) {
				struct token qual = parse_advance(p);
				struct expr *val = NULL;
				if (parse_peek(p)->kind == T_LPAREN) {
					struct token o2 = parse_advance(p);
					val = parse_exp(p);
					parse_expect_close(p, T_RPAREN, &o2.loc);
				}
				if (!strcmp(qual.text, "FILEHDR") && !val)
					ph->filehdr = true;
				else if (!strcmp(qual.text, "PHDRS") && !val)
					ph->phdrs = true;
				else if (!strcmp(qual.text, "FLAGS") && val)
					ph->flags = val;
				else
					parse_error_at(p, qual.loc, "PHDRS syntax error at "
						 "'%s': expected FILEHDR, PHDRS, "
						 "FLAGS(n) or AT(addr)", qual.text);
			} else {
				break;
			}
		}
		parse_pop_mode(p);
		parse_expect(p, T_SEMI, "after the program header");
	}
	parse_expect_close(p, T_RBRACE, &open.loc);
}

static bool vers_item_start(enum tok k)
{
	return k == T_VERS_IDENT || k == T_NAME || k == K_GLOBAL ||
	       k == K_LOCAL || k == K_VERS_EXTERN;
}

/* vers_defns ';' (or opt_semicolon when !semi): patterns separated by
 * ';', items being VERS_IDENTIFIER | NAME | GLOBAL | LOCAL
 * | EXTERN NAME '{' vers_defns opt_semicolon '}'.  A 'local' after a ';'
 * followed by ':' starts the local: part of the node instead. */
static void vers_defns(struct parser *p, bool semi)
{
	for (;;) {
		struct token *t = parse_peek(p);
		if (t->kind == K_VERS_EXTERN) {
			parse_advance(p);
			if (parse_peek(p)->kind != T_NAME) {
				parse_expected(p, "a language name after extern");
				return;
			}
			parse_advance(p);
			struct token open = *parse_peek(p);
			if (!parse_expect(p, T_LBRACE, "after the language name"))
				return;
			vers_defns(p, false);
			if (!parse_expect_close(p, T_RBRACE, &open.loc))
				return;
		} else if (vers_item_start(t->kind)) {
			parse_advance(p);
		} else {
			parse_expected(p, "a symbol pattern");
			return;
		}
		if (!parse_accept(p, T_SEMI)) {
			if (semi)
				parse_expect(p, T_SEMI, "after the symbol patterns");
			return;
		}
		if (parse_peek(p)->kind == K_LOCAL) {
			parse_advance(p);
			if (parse_accept(p, T_COLON)) {
				vers_defns(p, true);
				return;
			}
			if (!parse_accept(p, T_SEMI)) {
				if (semi)
					parse_expect(p, T_SEMI, "after the symbol patterns");
				return;
			}
		}
		if (!vers_item_start(parse_peek(p)->kind))
			return;
	}
}

/* vers_tag: empty | vers_defns ';' | GLOBAL ':' vers_defns ';'
 *         | LOCAL ':' vers_defns ';' | GLOBAL ... ';' LOCAL ':' ... ';' */
static void vers_tag(struct parser *p)
{
	enum tok k = parse_peek(p)->kind;
	if (k == T_RBRACE)
		return;
	if (k == K_GLOBAL || k == K_LOCAL) {
		parse_advance(p);
		if (parse_accept(p, T_COLON)) {
			vers_defns(p, true);
			return;
		}
		if (!parse_expect(p, T_SEMI, "after the symbol pattern"))
			return;
		if (!vers_item_start(parse_peek(p)->kind))
			return;
	}
	vers_defns(p, true);
}

/* VERSION '{' vers_node+ '}' */
static void version(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	parse_new_stmt(p, ST_VERSION, kw.loc, out);
	parse_push_mode(p, MODE_VERSION);
	p->lx->vers_state = 0;
	struct token open = *parse_peek(p);
	if (parse_expect(p, T_LBRACE, "after VERSION")) {
		do {
			if (parse_peek(p)->kind == T_VERS_TAG)
				parse_advance(p);
			struct token o2 = *parse_peek(p);
			if (!parse_expect(p, T_LBRACE, "to open a version node"))
				break;
			vers_tag(p);
			if (!parse_expect_close(p, T_RBRACE, &o2.loc))
				break;
			while (parse_peek(p)->kind == T_VERS_TAG)
				parse_advance(p);
			if (!parse_expect(p, T_SEMI, "after the version node"))
				break;
		} while (!p->failed && parse_peek(p)->kind != T_RBRACE &&
			 parse_peek(p)->kind != T_EOF);
		parse_expect_close(p, T_RBRACE, &open.loc);
	}
	parse_pop_mode(p);
}

/* ---- top level ------------------------------------------------------- */

/* KEYWORD '(' NAME ')' commands; also SEARCH_DIR bookkeeping. */
static struct stmt *one_name_command(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, kw.text))
		return st;
	if (parse_peek(p)->kind != T_NAME) {
		parse_expected(p, "a name");
		return st;
	}
	struct token n = parse_advance(p);
	st->names = parse_new_name(p, &n);
	if (kw.kind == K_OUTPUT_FORMAT && parse_peek(p)->kind == T_COMMA) {
		struct name_list **tail = &st->names->next;
		for (int i = 0; i < 2; i++) {
			if (!parse_expect(p, T_COMMA, "between OUTPUT_FORMAT names"))
				return st;
			if (parse_peek(p)->kind != T_NAME) {
				parse_expected(p, "an object format name");
				return st;
			}
			struct token m = parse_advance(p);
			*tail = parse_new_name(p, &m);
			tail = &(*tail)->next;
		}
	}
	if (!parse_expect_close(p, T_RPAREN, &open.loc))
		return st;
	if (kw.kind == K_SEARCH_DIR) {
		struct name_list *d = parse_new_name(p, &n), **pp;
		for (pp = &p->search_dirs; *pp; pp = &(*pp)->next)
			;
		*pp = d;
	}
	return st;
}

/* input_list1: (NAME | LNAME | AS_NEEDED '(' input_list1 ')') with
 * optional commas between items, in INPUTLIST mode. */
static void input_list1(struct parser *p, struct name_list ***tail,
			bool as_needed)
{
	bool first = true;
	for (;;) {
		struct token *t = parse_peek(p);
		if (!first && t->kind == T_COMMA) {
			parse_advance(p);
			t = parse_peek(p);
		} else if (!first && t->kind != T_NAME && t->kind != T_LNAME &&
			   t->kind != K_AS_NEEDED) {
			return;
		}
		first = false;
		if (t->kind == T_NAME || t->kind == T_LNAME) {
			struct token n = parse_advance(p);
			struct name_list *nl = parse_new_name(p, &n);
			nl->flag = as_needed;
			nl->lname = n.kind == T_LNAME;
			**tail = nl;
			*tail = &nl->next;
		} else if (t->kind == K_AS_NEEDED) {
			parse_advance(p);
			struct token open = *parse_peek(p);
			if (!parse_expect(p, T_LPAREN, "after AS_NEEDED"))
				return;
			input_list1(p, tail, true);
			if (!parse_expect_close(p, T_RPAREN, &open.loc))
				return;
		} else {
			parse_expected(p, "a file name");
			return;
		}
	}
}

/* INPUT '(' input_list ')' | GROUP '(' input_list ')' */
static void input_command(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, kw.text))
		return;
	parse_push_mode(p, MODE_INPUTLIST);
	struct name_list **tail = &st->names;
	input_list1(p, &tail, false);
	parse_pop_mode(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
}

/* NOCROSSREFS / NOCROSSREFS_TO '(' (NAME ','?)* ')'; HLL and SYSLIB lists;
 * EXTERN '(' { expr } NAME (','? NAME)* ')' */
static void name_list_command(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, kw.text))
		return;
	if (kw.kind == K_EXTERN)
		parse_push_mode(p, MODE_EXPR);
	struct name_list **tail = &st->names;
	bool need_name = kw.kind == K_EXTERN;
	bool comma_first = kw.kind == K_SYSLIB;
	bool last_comma = false;
	for (;;) {
		struct token *t = parse_peek(p);
		if (t->kind == T_COMMA && (st->names || comma_first) && !last_comma) {
			parse_advance(p);
			last_comma = true;
			comma_first = false;
			continue;
		}
		if (t->kind != T_NAME)
			break;
		struct token n = parse_advance(p);
		*tail = parse_new_name(p, &n);
		tail = &(*tail)->next;
		need_name = false;
		last_comma = false;
	}
	if (need_name || (last_comma && kw.kind != K_NOCROSSREFS &&
			  kw.kind != K_NOCROSSREFS_TO))
		parse_expected(p, "a name");
	if (kw.kind == K_EXTERN)
		parse_pop_mode(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
}

/* ifile_p1 */
static void ifile(struct parser *p, struct sink *out)
{
	struct token *t = parse_peek(p);
	switch (t->kind) {
	case T_SEMI:
		parse_advance(p);
		return;
	case K_MEMORY:
		parse_memory(p, out);
		return;
	case K_SECTIONS:
		parse_sections(p, out);
		return;
	case K_PHDRS:
		phdrs(p, out);
		return;
	case K_VERSION:
		version(p, out);
		return;
	case K_ENTRY:
		parse_entry(p, out);
		return;
	case K_ASSERT:
		parse_assert_stmt(p, out);
		parse_pop_mode(p);
		return;
	case T_NAME: {
		struct token name = parse_advance(p);
		if (!parse_is_assign_op(parse_peek(p)->kind)) {
			not_an_assignment(p, &name);
			return;
		}
		parse_assignment_after_name(p, name, out);
		parse_separator(p, "the assignment");
		return;
	}
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		parse_provide_assignment(p, out);
		parse_separator(p, "the assignment");
		return;
	case K_TARGET: case K_SEARCH_DIR: case K_OUTPUT: case K_OUTPUT_FORMAT:
	case K_OUTPUT_ARCH: case K_MAP: case K_STARTUP: case K_LD_FEATURE:
		one_name_command(p, out);
		return;
	case K_FORCE_COMMON_ALLOCATION: case K_FORCE_GROUP_ALLOCATION:
	case K_INHIBIT_COMMON_ALLOCATION: case K_FLOAT: case K_NOFLOAT: {
		struct token kw = parse_advance(p);
		parse_new_stmt(p, ST_MARKER, kw.loc, out)->kw = kw.kind;
		return;
	}
	case K_INPUT:
	case K_GROUP:
		input_command(p, out);
		return;
	case K_NOCROSSREFS: case K_NOCROSSREFS_TO: case K_EXTERN: case K_HLL:
	case K_SYSLIB:
		name_list_command(p, out);
		return;
	case K_INCLUDE:
		parse_include(p, LIST_IFILE, out);
		return;
	case K_INSERT: {
		struct token kw = parse_advance(p);
		struct stmt *st = parse_new_stmt(p, ST_COMMAND, kw.loc, out);
		st->kw = K_INSERT;
		struct token *w = parse_peek(p);
		if (w->kind != K_AFTER && w->kind != K_BEFORE) {
			parse_expected(p, "AFTER or BEFORE after INSERT");
			return;
		}
		struct token where = parse_advance(p);
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "an output section name");
			return;
		}
		struct token n = parse_advance(p);
		st->names = parse_new_name(p, &n);
		st->names->flag = where.kind == K_BEFORE;
		return;
	}
	case K_REGION_ALIAS: {
		struct token kw = parse_advance(p);
		struct stmt *st = parse_new_stmt(p, ST_REGION_ALIAS, kw.loc, out);
		struct token open = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after REGION_ALIAS"))
			return;
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "the alias name");
			return;
		}
		struct token a = parse_advance(p);
		if (parse_peek(p)->kind != T_COMMA && strchr(a.text, ',') && !a.quoted) {
			parse_error_at(p, parse_near(p, &a), "'%s' is one name to GNU ld; "
				 "quote the names or put a blank before ','", a.text);
			return;
		}
		if (!parse_expect(p, T_COMMA, "after the alias name"))
			return;
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "the memory region name");
			return;
		}
		struct token r = parse_advance(p);
		st->name = a.text;
		st->name_loc = a.loc;
		st->name2 = r.text;
		st->name2_loc = r.loc;
		st->regions_before = p->nregions;
		parse_expect_close(p, T_RPAREN, &open.loc);
		return;
	}
	default:
		parse_expected(p, "a linker script command");
	}
}

static void parse_item(struct parser *p, enum list_kind kind, struct sink *out,
		       bool first)
{
	switch (kind) {
	case LIST_IFILE:
		ifile(p, out);
		break;
	case LIST_SECTIONS:
		parse_sections_item(p, out);
		break;
	case LIST_STATEMENTS:
		parse_wild_statement(p, out);
		break;
	case LIST_MEMORY:
		/* memory_spec_list: memory_spec (opt_comma memory_spec)* */
		if (!first && parse_peek(p)->kind == T_COMMA)
			parse_advance(p);
		memory_spec(p, out);
		break;
	}
}

/* A list of items up to '}' (in_block) or the end of the file. */
void parse_list(struct parser *p, enum list_kind kind, struct sink *out,
		       bool in_block)
{
	bool first = true;
	while (!p->fatal) {
		enum tok k = parse_peek(p)->kind;
		if (k == T_EOF || (k == T_RBRACE && in_block))
			return;
		int saved_modes = p->nmodes;
		parse_item(p, kind, out, first);
		first = false;
		if (p->fatal)
			return;
		if (p->failed) {
			p->nmodes = saved_modes;
			recover(p, in_block);
			p->failed = false;
		} else {
			p->panic = false;
		}
	}
}

/* ---- entry points ---------------------------------------------------- */

static struct script *new_script(const char *path)
{
	struct script *s = xcalloc(1, sizeof *s);
	s->path = arena_strdup(&s->arena, path);
	return s;
}

struct script *parse_text(const char *name, const char *text, size_t len,
			  bool cpp_markers, const struct script_options *o,
			  struct diag *d)
{
	struct script *s = new_script(name);
	struct parser p;
	memset(&p, 0, sizeof p);
	p.s = s;
	p.d = d;
	p.opt = o;
	if (!push_file(&p, s->path, (struct loc){0})) {
		strmap_free(&p.real_idx);
		free(p.reals);
		return s;
	}
	struct lexer lx;
	lex_init(&lx, text, len, s->path, &s->arena);
	lx.events = &s->events;
	lx.cpp_markers = cpp_markers;
	p.lx = &lx;
	parse_push_mode(&p, MODE_SCRIPT);
	struct sink top = {&s->stmts, NULL};
	parse_list(&p, LIST_IFILE, &top, false);
	strmap_free(&p.real_idx);
	free(p.reals);
	return s;
}

