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
#include "parse.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

enum {
	MAX_MODES = 256,
	MAX_DEPTH = 200,	/* nested parentheses / unary operators */
	MAX_INCLUDE = 10,	/* ld's MAX_INCLUDE_DEPTH, main script included */
	MAX_ERRORS = 50,
};

struct include_frame {
	const char *path;		/* as opened */
	const char *real;		/* canonical, for cycle detection */
	struct include_frame *up;
};

struct parser {
	struct script *s;
	struct diag *d;
	const struct script_options *opt;
	struct lexer *lx;		/* the file being read */
	enum lex_mode modes[MAX_MODES];
	int nmodes;
	struct token la;		/* lookahead, valid if has_la */
	bool has_la;
	bool failed;			/* the current item hit an error */
	bool panic;			/* errors are muted until an item parses */
	bool fatal;			/* stop: ld gives up here too */
	int depth;			/* expression nesting */
	unsigned errors;
	struct include_frame *incs;	/* files being read, innermost first */
	int ninc;
	struct name_list *search_dirs;	/* SEARCH_DIR(...) seen so far */
};

/* Where parsed statements go: a list and the statement that owns it. */
struct sink {
	struct stmt **tail;
	struct stmt *parent;
};

static struct arena *A(struct parser *p)
{
	return &p->s->arena;
}

/* ---- modes and tokens ---------------------------------------------- */

static void push_mode(struct parser *p, enum lex_mode m)
{
	if (p->nmodes < MAX_MODES)
		p->modes[p->nmodes] = m;
	p->nmodes++;
}

static void pop_mode(struct parser *p)
{
	if (p->nmodes > 1)
		p->nmodes--;
}

static enum lex_mode cur_mode(const struct parser *p)
{
	int i = p->nmodes <= MAX_MODES ? p->nmodes : MAX_MODES;
	return p->modes[i - 1];
}

static void fatal_error(struct parser *p, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static struct token *peek(struct parser *p)
{
	if (!p->has_la) {
		p->la = lex_next(p->lx, cur_mode(p));
		p->has_la = true;
		if (p->lx->error_msg && !p->fatal) {
			fatal_error(p, p->lx->error, "%s", p->lx->error_msg);
			p->la.kind = T_EOF;
		}
	}
	return &p->la;
}

static struct token advance(struct parser *p)
{
	peek(p);
	p->has_la = false;
	return p->la;
}

static bool accept(struct parser *p, enum tok kind)
{
	if (peek(p)->kind != kind)
		return false;
	advance(p);
	return true;
}

/* ldlex_backup: a NAME read in the wrong mode is read again. */
static void backup_if_name(struct parser *p)
{
	if (p->has_la && p->la.kind == T_NAME) {
		lex_backup(p->lx, &p->la);
		p->has_la = false;
	}
}

/* ---- errors --------------------------------------------------------- */

static const char *describe(struct parser *p, const struct token *t)
{
	switch (t->kind) {
	case T_NAME:
		return arena_printf(A(p), t->quoted ? "'\"%s\"'" : "'%s'", t->text);
	case T_INT:
	case T_LNAME:
	case T_VERS_TAG:
	case T_VERS_IDENT:
		return arena_printf(A(p), "'%s'", t->text);
	default:
		return tok_describe(t->kind);
	}
}

/* Where to report an error that GNU ld detects at the lookahead but that
 * is about the token before it: at that token when both are on one line,
 * else at the lookahead, so the line is the one ld reports. */
static struct loc near(struct parser *p, const struct token *t)
{
	struct token *la = peek(p);
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
	diag_add(p->d, RULE_SYNTAX, loc, "%s", msg);
}

static void error_at(struct parser *p, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_at(struct parser *p, struct loc loc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	report(p, loc, buf);
}

static void fatal_error(struct parser *p, struct loc loc, const char *fmt, ...)
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
static void expected(struct parser *p, const char *what)
{
	struct token *t = peek(p);
	error_at(p, t->loc, "expected %s, found %s", what, describe(p, t));
}

static bool expect(struct parser *p, enum tok kind, const char *context)
{
	if (p->failed)
		return false;
	if (accept(p, kind))
		return true;
	struct token *t = peek(p);
	error_at(p, t->loc, "expected %s %s, found %s", tok_describe(kind),
		 context, describe(p, t));
	return false;
}

/* A closing bracket; names the opener when it is missing. */
static bool expect_close(struct parser *p, enum tok kind, const struct loc *open)
{
	if (p->failed)
		return false;
	if (accept(p, kind))
		return true;
	struct token *t = peek(p);
	const char *closer = tok_describe(kind);
	const char *opener = kind == T_RBRACE ? "'{'" : kind == T_RPAREN ? "'('" : "'['";
	if (open->file && t->loc.file && strcmp(open->file, t->loc.file) != 0)
		error_at(p, t->loc, "%s expected (to close %s at %s:%u), found %s",
			 closer, opener, open->file, open->line, describe(p, t));
	else
		error_at(p, t->loc, "%s expected (to close %s at line %u), found %s",
			 closer, opener, open->line, describe(p, t));
	return false;
}

/* Skips to the next ';' (consumed) or to the '}' closing the block being
 * read (left for the caller), so the next statement can be parsed. */
static void recover(struct parser *p, bool in_block)
{
	int depth = 0;
	while (!p->fatal) {
		struct token *t = peek(p);
		if (t->kind == T_EOF)
			return;
		if (t->kind == T_RBRACE && depth == 0) {
			if (!in_block)
				advance(p);
			return;
		}
		advance(p);
		if (t->kind == T_LBRACE)
			depth++;
		else if (t->kind == T_RBRACE)
			depth--;
		else if (t->kind == T_SEMI && depth == 0)
			return;
	}
}

/* ---- AST helpers ---------------------------------------------------- */

static struct stmt *new_stmt(struct parser *p, enum stmt_kind kind,
			     struct loc loc, struct sink *out)
{
	struct stmt *st = arena_alloc(A(p), sizeof *st);
	st->kind = kind;
	st->loc = loc;
	st->parent = out ? out->parent : NULL;
	if (out) {
		*out->tail = st;
		out->tail = &st->next;
	}
	return st;
}

static struct expr *new_expr(struct parser *p, enum expr_kind kind, int op,
			     struct loc loc)
{
	struct expr *e = arena_alloc(A(p), sizeof *e);
	e->kind = kind;
	e->op = op;
	e->loc = loc;
	return e;
}

static struct name_list *new_name(struct parser *p, const struct token *t)
{
	struct name_list *n = arena_alloc(A(p), sizeof *n);
	n->name = t->text;
	n->loc = t->loc;
	return n;
}

static bool is_assign_op(enum tok k)
{
	return k == T_ASSIGN || k == T_PLUSEQ || k == T_MINUSEQ ||
	       k == T_MULTEQ || k == T_DIVEQ || k == T_LSHIFTEQ ||
	       k == T_RSHIFTEQ || k == T_ANDEQ || k == T_OREQ;
}

/* ---- expressions (EXPRESSION mode) ---------------------------------- */

static struct expr *parse_exp(struct parser *p);

static struct expr *error_expr(struct parser *p, struct loc loc)
{
	return new_expr(p, EX_INT, 0, loc);
}

/* exp '(' ... ')' argument lists of the builtins. */
static struct expr *paren_args(struct parser *p, struct expr *call, int nargs,
			       bool optional_second)
{
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", call->text)))
		return call;
	call->a = parse_exp(p);
	if (nargs == 2 || (optional_second && peek(p)->kind == T_COMMA)) {
		if (!expect(p, T_COMMA, "between the arguments"))
			return call;
		call->b = parse_exp(p);
	}
	expect_close(p, T_RPAREN, &open.loc);
	return call;
}

/* paren_script_name: { ldlex_script (); } '(' NAME ')' { ldlex_popstate (); } */
static void paren_script_name(struct parser *p, struct expr *call)
{
	push_mode(p, MODE_SCRIPT);
	struct token open = *peek(p);
	if (expect(p, T_LPAREN, arena_printf(A(p), "after %s", call->text))) {
		struct token *t = peek(p);
		if (t->kind != T_NAME) {
			expected(p, "a section or region name");
		} else {
			struct token n = advance(p);
			call->text = n.text;
			call->arg_loc = n.loc;
			expect_close(p, T_RPAREN, &open.loc);
		}
	}
	pop_mode(p);
}

static struct expr *name_arg_call(struct parser *p, struct expr *call,
				  const char *what)
{
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", call->text)))
		return call;
	if (peek(p)->kind != T_NAME) {
		expected(p, what);
		return call;
	}
	struct token n = advance(p);
	call->text = n.text;
	call->arg_loc = n.loc;
	expect_close(p, T_RPAREN, &open.loc);
	return call;
}

static const struct {
	enum tok kw;
	enum builtin fn;
	int nargs;		/* expression arguments; -1 = special */
} builtins[] = {
	{K_ABSOLUTE, F_ABSOLUTE, 1}, {K_ALIGN, F_ALIGN, -1},
	{K_BLOCK, F_BLOCK, 1}, {K_DATA_SEGMENT_ALIGN, F_DATA_SEGMENT_ALIGN, 2},
	{K_DATA_SEGMENT_RELRO_END, F_DATA_SEGMENT_RELRO_END, 2},
	{K_DATA_SEGMENT_END, F_DATA_SEGMENT_END, 1}, {K_MAX, F_MAX, 2},
	{K_MIN, F_MIN, 2}, {K_LOG2CEIL, F_LOG2CEIL, 1}, {K_NEXT, F_NEXT, 1},
	{K_ADDR, F_ADDR, -1}, {K_SIZEOF, F_SIZEOF, -1},
	{K_ALIGNOF, F_ALIGNOF, -1}, {K_LOADADDR, F_LOADADDR, -1},
	{K_ORIGIN, F_ORIGIN, -1}, {K_LENGTH, F_LENGTH, -1},
	{K_DEFINED, F_DEFINED, -1}, {K_CONSTANT, F_CONSTANT, -1},
	{K_SEGMENT_START, F_SEGMENT_START, -1}, {K_ASSERT, F_ASSERT, -1},
	{K_SIZEOF_HEADERS, F_SIZEOF_HEADERS, -1},
};

static struct expr *parse_builtin(struct parser *p, int i)
{
	struct token kw = advance(p);
	struct expr *call = new_expr(p, EX_CALL, builtins[i].fn, kw.loc);
	call->text = kw.text;
	switch (builtins[i].fn) {
	case F_ALIGN:
		return paren_args(p, call, 1, true);
	case F_ADDR: case F_SIZEOF: case F_ALIGNOF: case F_LOADADDR:
	case F_ORIGIN: case F_LENGTH:
		paren_script_name(p, call);
		return call;
	case F_DEFINED:
		return name_arg_call(p, call, "a symbol name");
	case F_CONSTANT:
		return name_arg_call(p, call, "MAXPAGESIZE or COMMONPAGESIZE");
	case F_SIZEOF_HEADERS:
		return call;
	case F_SEGMENT_START: {
		/* SEGMENT_START { ldlex_script (); } '(' NAME
		   { ldlex_popstate (); } ',' exp ')' */
		push_mode(p, MODE_SCRIPT);
		struct token open = *peek(p);
		bool ok = expect(p, T_LPAREN, "after SEGMENT_START");
		if (ok && peek(p)->kind != T_NAME) {
			expected(p, "a segment name");
			ok = false;
		}
		if (ok) {
			struct token n = advance(p);
			call->text = n.text;
			call->arg_loc = n.loc;
		}
		pop_mode(p);
		if (ok && expect(p, T_COMMA, "after the segment name")) {
			call->a = parse_exp(p);
			expect_close(p, T_RPAREN, &open.loc);
		}
		return call;
	}
	case F_ASSERT: {
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after ASSERT"))
			return call;
		call->a = parse_exp(p);
		if (!expect(p, T_COMMA, "after the ASSERT condition"))
			return call;
		if (peek(p)->kind != T_NAME) {
			expected(p, "the ASSERT message");
			return call;
		}
		struct token m = advance(p);
		call->text = m.text;
		call->arg_loc = m.loc;
		expect_close(p, T_RPAREN, &open.loc);
		return call;
	}
	default:
		return paren_args(p, call, builtins[i].nargs, false);
	}
}

static bool enter(struct parser *p, struct loc loc)
{
	if (++p->depth > MAX_DEPTH) {
		fatal_error(p, loc, "expression nested too deeply (more than %d "
			    "levels of parentheses or unary operators)", MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr *parse_unary(struct parser *p);

static struct expr *parse_primary(struct parser *p)
{
	struct token *t = peek(p);
	if (p->failed)
		return error_expr(p, t->loc);
	switch (t->kind) {
	case T_INT: {
		struct token n = advance(p);
		struct expr *e = new_expr(p, EX_INT, 0, n.loc);
		e->value = n.value;
		e->text = n.text;
		return e;
	}
	case T_NAME: {
		struct token n = advance(p);
		struct expr *e = new_expr(p, EX_NAME, 0, n.loc);
		e->text = n.text;
		return e;
	}
	case T_LPAREN: {
		struct token open = advance(p);
		struct expr *e = parse_exp(p);
		expect_close(p, T_RPAREN, &open.loc);
		return e;
	}
	default:
		for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
			if (builtins[i].kw == t->kind)
				return parse_builtin(p, (int)i);
		expected(p, "an expression");
		return error_expr(p, t->loc);
	}
}

/* '-' exp | '!' exp | '+' exp | '~' exp, all %prec UNARY */
static struct expr *parse_unary(struct parser *p)
{
	struct token *t = peek(p);
	if (t->kind != T_MINUS && t->kind != T_BANG && t->kind != T_PLUS &&
	    t->kind != T_TILDE)
		return parse_primary(p);
	struct token op = advance(p);
	if (!enter(p, op.loc))
		return error_expr(p, op.loc);
	struct expr *operand = parse_unary(p);
	p->depth--;
	if (op.kind == T_PLUS)
		return operand;
	struct expr *e = new_expr(p, EX_UNARY, op.kind, op.loc);
	e->a = operand;
	return e;
}

/* Binary precedence, from ldgram.y's %left declarations. */
static int binary_prec(enum tok k)
{
	switch (k) {
	case T_OROR: return 1;
	case T_ANDAND: return 2;
	case T_PIPE: return 3;
	case T_AMP: return 4;
	case T_EQ: case T_NE: return 5;
	case T_LT: case T_GT: case T_LE: case T_GE: return 6;
	case T_LSHIFT: case T_RSHIFT: return 7;
	case T_PLUS: case T_MINUS: return 8;
	case T_STAR: case T_SLASH: case T_PERCENT: return 9;
	default: return 0;
	}
}

static struct expr *binary_rest(struct parser *p, struct expr *lhs, int min)
{
	for (;;) {
		struct token *t = peek(p);
		int prec = binary_prec(t->kind);
		if (p->failed || prec == 0 || prec < min)
			return lhs;
		struct token op = advance(p);
		struct expr *rhs = parse_unary(p);
		rhs = binary_rest(p, rhs, prec + 1);
		struct expr *e = new_expr(p, EX_BINARY, op.kind, op.loc);
		e->a = lhs;
		e->b = rhs;
		lhs = e;
	}
}

/* The rest of 'exp' once its first operand is known: binary operators,
 * then '?' exp ':' exp (right associative, lowest precedence). */
static struct expr *exp_rest(struct parser *p, struct expr *first)
{
	struct expr *c = binary_rest(p, first, 1);
	if (p->failed || peek(p)->kind != T_QUESTION)
		return c;
	struct token q = advance(p);
	if (!enter(p, q.loc))
		return c;
	struct expr *e = new_expr(p, EX_TERNARY, T_QUESTION, q.loc);
	e->a = c;
	e->b = parse_exp(p);
	if (expect(p, T_COLON, "in '?:' expression"))
		e->c = parse_exp(p);
	p->depth--;
	return e;
}

static struct expr *parse_exp(struct parser *p)
{
	struct token *t = peek(p);
	if (!enter(p, t->loc))
		return error_expr(p, t->loc);
	struct expr *e = exp_rest(p, parse_unary(p));
	p->depth--;
	return e;
}

/* mustbe_exp: { ldlex_expression (); } exp { ldlex_popstate (); } */
static struct expr *mustbe_exp(struct parser *p)
{
	push_mode(p, MODE_EXPR);
	struct expr *e = parse_exp(p);
	pop_mode(p);
	return e;
}

/* ---- assignments ----------------------------------------------------- */

/* assignment: NAME '=' mustbe_exp | NAME assign_op mustbe_exp, once the
 * NAME is read and the lookahead is the operator. */
static struct stmt *assignment_after_name(struct parser *p, struct token name,
					  struct sink *out)
{
	struct token op = advance(p);
	struct stmt *st = new_stmt(p, ST_ASSIGN, name.loc, out);
	st->name = name.text;
	st->name_loc = name.loc;
	st->op = op.kind;
	st->value = mustbe_exp(p);
	return st;
}

/* HIDDEN | PROVIDE | PROVIDE_HIDDEN '(' NAME '=' mustbe_exp ')' */
static struct stmt *provide_assignment(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_ASSIGN, kw.loc, out);
	st->kw = kw.kind;
	st->provide = kw.kind != K_HIDDEN;
	st->hidden = kw.kind != K_PROVIDE;
	st->op = T_ASSIGN;
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", kw.text)))
		return st;
	if (peek(p)->kind != T_NAME) {
		expected(p, "a symbol name");
		return st;
	}
	struct token name = advance(p);
	st->name = name.text;
	st->name_loc = name.loc;
	if (peek(p)->kind != T_ASSIGN) {
		struct token *t = peek(p);
		if (strchr(name.text, '=') && !name.quoted)
			error_at(p, near(p, &name), "expected '=' after the symbol name, "
				 "found '%s': GNU ld reads it as one name; put "
				 "blanks around '='", name.text);
		else
			error_at(p, t->loc, "expected '=' after '%s', found %s",
				 name.text, describe(p, t));
		return st;
	}
	advance(p);
	st->value = mustbe_exp(p);
	expect_close(p, T_RPAREN, &open.loc);
	return st;
}

/* separator: ';' | ',' */
static void separator(struct parser *p, const char *after)
{
	if (p->failed)
		return;
	if (accept(p, T_SEMI) || accept(p, T_COMMA))
		return;
	struct token *t = peek(p);
	error_at(p, t->loc, "expected ';' after %s, found %s", after,
		 describe(p, t));
}

/* A NAME that is not followed by an assignment operator where one must
 * be: explain GNU ld's reading of 'a=1'. */
static void not_an_assignment(struct parser *p, const struct token *name)
{
	if (strchr(name->text, '=') && !name->quoted)
		error_at(p, near(p, name), "'%s' is one name to GNU ld, not an "
			 "assignment; write it with blanks around '=' "
			 "(e.g. '%.*s = ...')", name->text,
			 (int)(strchr(name->text, '=') - name->text), name->text);
	else
		expected(p, arena_printf(A(p), "an assignment operator after '%s'",
					 name->text));
}

/* ASSERT_K { ldlex_expression (); } '(' exp ',' NAME ')' */
static struct stmt *assert_stmt(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_ASSERT, kw.loc, out);
	st->kw = K_ASSERT;
	push_mode(p, MODE_EXPR);
	struct token open = *peek(p);
	if (expect(p, T_LPAREN, "after ASSERT")) {
		st->value = parse_exp(p);
		if (expect(p, T_COMMA, "after the ASSERT condition")) {
			if (peek(p)->kind == T_NAME) {
				struct token m = advance(p);
				st->name = m.text;
				st->name_loc = m.loc;
				expect_close(p, T_RPAREN, &open.loc);
			} else {
				expected(p, "the ASSERT message");
			}
		}
	}
	return st;	/* the caller pops EXPRESSION mode */
}

/* ---- INCLUDE --------------------------------------------------------- */

enum list_kind { LIST_IFILE, LIST_SECTIONS, LIST_STATEMENTS, LIST_MEMORY };

static void parse_list(struct parser *p, enum list_kind kind, struct sink *out,
		       bool in_block);

static char *join_path(struct parser *p, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	return arena_printf(A(p), "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
			    name);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ldfile_find_command_file: the name as given (relative to the current
 * directory), then -I directories, then SEARCH_DIRs seen so far. */
static const char *find_include(struct parser *p, const char *name)
{
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

static bool push_file(struct parser *p, const char *path, struct loc at)
{
	char *real = realpath(path, NULL);
	const char *key = real ? arena_strdup(A(p), real) : path;
	free(real);
	for (struct include_frame *f = p->incs; f; f = f->up)
		if (strcmp(f->real, key) == 0) {
			fatal_error(p, at, "INCLUDE cycle: '%s' is already being "
				    "read (included from '%s')", path,
				    p->incs->path);
			return false;
		}
	if (p->ninc >= MAX_INCLUDE) {
		fatal_error(p, at, "INCLUDE nested too deeply: GNU ld reads at "
			    "most %d nested script files", MAX_INCLUDE);
		return false;
	}
	struct include_frame *f = arena_alloc(A(p), sizeof *f);
	f->path = path;
	f->real = key;
	f->up = p->incs;
	p->incs = f;
	p->ninc++;
	struct name_list *n = arena_alloc(A(p), sizeof *n), **pp;
	n->name = path;
	for (pp = &p->s->files; *pp; pp = &(*pp)->next)
		;
	*pp = n;
	return true;
}

static void pop_file(struct parser *p)
{
	p->incs = p->incs->up;
	p->ninc--;
}

/* INCLUDE filename { open } <list> END: the included file must hold a
 * complete list of the kind being read. */
static void include_stmt(struct parser *p, enum list_kind kind, struct sink *out)
{
	struct token kw = advance(p);
	if (peek(p)->kind != T_NAME) {
		expected(p, "a file name after INCLUDE");
		return;
	}
	struct token name = advance(p);
	struct stmt *st = new_stmt(p, ST_INCLUDE, kw.loc, out);
	st->kw = K_INCLUDE;
	st->name = name.text;
	st->name_loc = name.loc;
	const char *path = find_include(p, name.text);
	if (!path) {
		fatal_error(p, name.loc, "cannot open INCLUDE file '%s': not in "
			    "the current directory%s", name.text,
			    (p->opt && p->opt->include_dirs && *p->opt->include_dirs) ||
			    p->search_dirs ? " nor in any -I or SEARCH_DIR directory" :
			    "; add its directory with -I");
		return;
	}
	st->name2 = path;
	size_t len;
	char *text = source_read(path, &len);
	if (!text) {
		fatal_error(p, name.loc, "cannot read INCLUDE file '%s': %s",
			    path, strerror(errno));
		return;
	}
	if (!push_file(p, path, name.loc))
		return;
	struct lexer *outer = p->lx, inner;
	lex_init(&inner, text, len, arena_strdup(A(p), path), A(p));
	inner.events = &p->s->events;
	p->lx = &inner;
	parse_list(p, kind, out, false);
	if (!p->fatal && peek(p)->kind != T_EOF)
		expected(p, "end of the included file");
	p->has_la = false;
	p->lx = outer;
	pop_file(p);
}

/* ---- input section descriptions (WILD mode) ------------------------- */

static enum sort_kind sort_of(enum tok k)
{
	switch (k) {
	case K_SORT_BY_NAME: return SORT_NAME;
	case K_SORT_BY_ALIGNMENT: return SORT_ALIGNMENT;
	case K_SORT_BY_INIT_PRIORITY: return SORT_INIT_PRIORITY;
	case K_SORT_NONE: return SORT_NONE_KW;
	default: return SORT_NONE_GIVEN;
	}
}

/* wildcard_maybe_exclude: NAME | EXCLUDE_FILE '(' NAME+ ')' NAME */
static struct pattern *wildcard_maybe_exclude(struct parser *p)
{
	struct pattern *pat = arena_alloc(A(p), sizeof *pat);
	struct token *t = peek(p);
	if (t->kind == K_EXCLUDE_FILE) {
		advance(p);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after EXCLUDE_FILE"))
			return pat;
		struct name_list **tail = &pat->exclude;
		if (peek(p)->kind != T_NAME) {
			expected(p, "a file name pattern");
			return pat;
		}
		while (peek(p)->kind == T_NAME) {
			struct token n = advance(p);
			*tail = new_name(p, &n);
			tail = &(*tail)->next;
		}
		if (!expect_close(p, T_RPAREN, &open.loc))
			return pat;
		t = peek(p);
	}
	if (t->kind != T_NAME) {
		expected(p, "a file or section name pattern");
		return pat;
	}
	struct token n = advance(p);
	pat->text = n.text;
	pat->loc = n.loc;
	return pat;
}

/* section_name_spec: wildcard_maybe_exclude | SORT_x '(' ... ')' with one
 * level of nesting for SORT_BY_NAME / SORT_BY_ALIGNMENT. */
static struct pattern *section_name_spec(struct parser *p)
{
	enum tok k = peek(p)->kind;
	enum sort_kind outer = sort_of(k);
	if (outer == SORT_NONE_GIVEN)
		return wildcard_maybe_exclude(p);
	advance(p);
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, "after the sort keyword"))
		return NULL;
	enum sort_kind inner = sort_of(peek(p)->kind);
	struct pattern *pat;
	if (inner != SORT_NONE_GIVEN) {
		if ((outer != SORT_NAME && outer != SORT_ALIGNMENT) ||
		    (inner != SORT_NAME && inner != SORT_ALIGNMENT)) {
			expected(p, "a section name pattern");
			return NULL;
		}
		advance(p);
		struct token open2 = *peek(p);
		if (!expect(p, T_LPAREN, "after the sort keyword"))
			return NULL;
		pat = wildcard_maybe_exclude(p);
		expect_close(p, T_RPAREN, &open2.loc);
	} else {
		pat = wildcard_maybe_exclude(p);
	}
	pat->sort[0] = outer;
	pat->sort[1] = inner;
	expect_close(p, T_RPAREN, &open.loc);
	return pat;
}

static bool starts_section_spec(enum tok k)
{
	return k == T_NAME || k == K_EXCLUDE_FILE || k == K_SORT_BY_NAME ||
	       k == K_SORT_BY_ALIGNMENT || k == K_SORT_NONE ||
	       k == K_SORT_BY_INIT_PRIORITY;
}

/* section_name_list: section_name_spec (opt_comma section_name_spec)* */
static struct pattern *section_name_list(struct parser *p)
{
	struct pattern *head = NULL, **tail = &head;
	do {
		struct pattern *pat = section_name_spec(p);
		if (p->failed || !pat)
			break;
		*tail = pat;
		tail = &pat->next;
	} while (starts_section_spec(peek(p)->kind));
	return head;
}

/* sect_flags: INPUT_SECTION_FLAGS '(' NAME ('&' NAME)* ')' */
static struct name_list *sect_flags(struct parser *p)
{
	advance(p);
	struct token open = *peek(p);
	struct name_list *head = NULL, **tail = &head;
	if (!expect(p, T_LPAREN, "after INPUT_SECTION_FLAGS"))
		return NULL;
	do {
		if (peek(p)->kind != T_NAME) {
			expected(p, "a section flag name");
			return head;
		}
		struct token n = advance(p);
		*tail = new_name(p, &n);
		tail = &(*tail)->next;
	} while (accept(p, T_AMP));
	expect_close(p, T_RPAREN, &open.loc);
	return head;
}

/* The '(' section_name_list ')' after a file pattern. */
static void section_list_in_parens(struct parser *p, struct input_spec *in)
{
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, "after the file name pattern"))
		return;
	in->sections = section_name_list(p);
	expect_close(p, T_RPAREN, &open.loc);
}

/* input_section_spec_no_keep */
static struct input_spec *input_spec_no_keep(struct parser *p)
{
	struct input_spec *in = arena_alloc(A(p), sizeof *in);
	if (peek(p)->kind == K_INPUT_SECTION_FLAGS)
		in->flags = sect_flags(p);
	if (p->failed)
		return in;
	struct token *t = peek(p);
	switch (t->kind) {
	case T_LBRACKET: {
		struct token open = advance(p);
		in->form = IN_BRACKETS;
		in->sections = section_name_list(p);
		expect_close(p, T_RBRACKET, &open.loc);
		return in;
	}
	case T_NAME: {
		struct token n = advance(p);
		in->file = arena_alloc(A(p), sizeof *in->file);
		in->file->text = n.text;
		in->file->loc = n.loc;
		if (peek(p)->kind == T_LPAREN)
			section_list_in_parens(p, in);
		else
			in->form = IN_WHOLE_FILE;
		return in;
	}
	case K_EXCLUDE_FILE:
		in->file = wildcard_maybe_exclude(p);
		section_list_in_parens(p, in);
		return in;
	case K_SORT_BY_NAME:
	case K_SORT_NONE: {
		enum sort_kind sk = sort_of(advance(p).kind);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after the sort keyword"))
			return in;
		in->file = wildcard_maybe_exclude(p);
		in->file->sort[0] = sk;
		if (expect_close(p, T_RPAREN, &open.loc))
			section_list_in_parens(p, in);
		return in;
	}
	default:
		expected(p, "an input section description");
		return in;
	}
}

/* ---- statements inside an output section (WILD mode) --------------- */

static void wild_statement(struct parser *p, struct sink *out)
{
	struct token *t = peek(p);
	switch (t->kind) {
	case T_SEMI:
		advance(p);
		return;
	case T_NAME: {
		struct token name = *t;
		advance(p);
		enum tok next = peek(p)->kind;
		if (is_assign_op(next)) {
			assignment_after_name(p, name, out);
			separator(p, "the assignment");
			return;
		}
		struct stmt *st = new_stmt(p, ST_INPUT, name.loc, out);
		struct input_spec *in = arena_alloc(A(p), sizeof *in);
		st->in = in;
		in->file = arena_alloc(A(p), sizeof *in->file);
		in->file->text = name.text;
		in->file->loc = name.loc;
		if (next == T_LPAREN)
			section_list_in_parens(p, in);
		else
			in->form = IN_WHOLE_FILE;
		return;
	}
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		provide_assignment(p, out);
		separator(p, "the assignment");
		return;
	case K_CREATE_OBJECT_SYMBOLS:
	case K_CONSTRUCTORS: {
		struct token kw = advance(p);
		new_stmt(p, ST_MARKER, kw.loc, out)->kw = kw.kind;
		return;
	}
	case K_SORT_BY_NAME: {
		/* SORT_BY_NAME '(' CONSTRUCTORS ')' or a sorted file pattern */
		struct token kw = advance(p);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after SORT"))
			return;
		if (peek(p)->kind == K_CONSTRUCTORS) {
			advance(p);
			struct stmt *st = new_stmt(p, ST_MARKER, kw.loc, out);
			st->kw = K_CONSTRUCTORS;
			st->sorted = true;
			expect_close(p, T_RPAREN, &open.loc);
			return;
		}
		struct stmt *st = new_stmt(p, ST_INPUT, kw.loc, out);
		st->in = arena_alloc(A(p), sizeof *st->in);
		st->in->file = wildcard_maybe_exclude(p);
		st->in->file->sort[0] = SORT_NAME;
		if (expect_close(p, T_RPAREN, &open.loc))
			section_list_in_parens(p, st->in);
		return;
	}
	case K_KEEP: {
		struct token kw = advance(p);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after KEEP"))
			return;
		struct stmt *st = new_stmt(p, ST_INPUT, kw.loc, out);
		st->in = input_spec_no_keep(p);
		st->in->keep = true;
		st->in->keep_loc = kw.loc;
		expect_close(p, T_RPAREN, &open.loc);
		return;
	}
	case K_QUAD: case K_SQUAD: case K_LONG: case K_SHORT: case K_BYTE:
	case K_FILL: {
		/* length '(' mustbe_exp ')' | FILL '(' fill_exp ')' */
		struct token kw = advance(p);
		struct stmt *st = new_stmt(p, kw.kind == K_FILL ? ST_FILL : ST_DATA,
					   kw.loc, out);
		st->kw = kw.kind;
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", kw.text)))
			return;
		st->value = mustbe_exp(p);
		expect_close(p, T_RPAREN, &open.loc);
		return;
	}
	case K_ASSERT:
		/* ASSERT_K {expr} '(' exp ',' NAME ')' separator {pop} */
		assert_stmt(p, out);
		separator(p, "ASSERT inside an output section");
		pop_mode(p);
		return;
	case K_INCLUDE:
		include_stmt(p, LIST_STATEMENTS, out);
		return;
	default:
		if (t->kind == T_LBRACKET || t->kind == K_INPUT_SECTION_FLAGS ||
		    t->kind == K_EXCLUDE_FILE || t->kind == K_SORT_NONE) {
			struct stmt *st = new_stmt(p, ST_INPUT, t->loc, out);
			st->in = input_spec_no_keep(p);
			return;
		}
		expected(p, "an input section description, an assignment or '}'");
	}
}

/* ---- output sections ------------------------------------------------- */

static bool is_type_kw(enum tok k)
{
	return k == K_NOLOAD || k == K_DSECT || k == K_COPY || k == K_INFO ||
	       k == K_OVERLAY || k == K_READONLY || k == K_TYPE;
}

/* type: NOLOAD | DSECT | COPY | INFO | OVERLAY | READONLY
 *     | READONLY '(' TYPE '=' exp ')' | TYPE '=' exp
 * after atype's '(' was read; reads the closing ')'. */
static void section_type(struct parser *p, struct output_section *sec,
			 const struct loc *open)
{
	struct token kw = advance(p);
	switch (kw.kind) {
	case K_NOLOAD: sec->type = STYPE_NOLOAD; break;
	case K_DSECT: sec->type = STYPE_DSECT; break;
	case K_COPY: sec->type = STYPE_COPY; break;
	case K_INFO: sec->type = STYPE_INFO; break;
	case K_OVERLAY: sec->type = STYPE_OVERLAY; break;
	case K_READONLY:
		sec->type = STYPE_READONLY;
		if (peek(p)->kind == T_LPAREN) {
			struct token o2 = advance(p);
			if (expect(p, K_TYPE, "in READONLY(TYPE = ...)") &&
			    expect(p, T_ASSIGN, "after TYPE")) {
				sec->type_value = parse_exp(p);
				expect_close(p, T_RPAREN, &o2.loc);
			}
		}
		break;
	case K_TYPE:
		sec->type = STYPE_TYPE;
		if (expect(p, T_ASSIGN, "after TYPE"))
			sec->type_value = parse_exp(p);
		break;
	default:
		break;
	}
	expect_close(p, T_RPAREN, open);
}

/* atype: '(' type ')' | empty | '(' ')'   (after exp, if any) */
static void atype(struct parser *p, struct output_section *sec)
{
	if (peek(p)->kind != T_LPAREN)
		return;
	struct token open = advance(p);
	if (accept(p, T_RPAREN))
		return;
	if (!is_type_kw(peek(p)->kind)) {
		expected(p, "a section type (NOLOAD, READONLY, COPY, INFO, "
			 "DSECT, OVERLAY or TYPE = ...)");
		return;
	}
	section_type(p, sec, &open.loc);
}

/* opt_exp_with_type: exp atype ':' | atype ':'
 *                  | BIND '(' exp ')' [BLOCK '(' exp ')'] atype ':' */
static void opt_exp_with_type(struct parser *p, struct output_section *sec,
			      const char *name)
{
	struct token *t = peek(p);
	if (t->kind == K_BIND) {
		advance(p);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after BIND"))
			return;
		sec->addr = parse_exp(p);
		if (!expect_close(p, T_RPAREN, &open.loc))
			return;
		if (accept(p, K_BLOCK)) {
			struct token o2 = *peek(p);
			if (!expect(p, T_LPAREN, "after BLOCK"))
				return;
			parse_exp(p);
			if (!expect_close(p, T_RPAREN, &o2.loc))
				return;
		}
		atype(p, sec);
	} else if (t->kind == T_LPAREN) {
		/* '(' starts either the type or a parenthesized address. */
		struct token open = advance(p);
		enum tok k = peek(p)->kind;
		if (k == T_RPAREN) {
			advance(p);
		} else if (is_type_kw(k)) {
			section_type(p, sec, &open.loc);
		} else {
			struct expr *inner = parse_exp(p);
			if (!expect_close(p, T_RPAREN, &open.loc))
				return;
			if (!enter(p, open.loc))
				return;
			sec->addr = exp_rest(p, inner);
			p->depth--;
			atype(p, sec);
		}
	} else if (t->kind != T_COLON) {
		sec->addr = parse_exp(p);
		atype(p, sec);
	}
	if (!p->failed && peek(p)->kind != T_COLON)
		error_at(p, peek(p)->loc, "expected ':' after output section "
			 "'%s'%s, found %s", name, sec->addr ? " address" : "",
			 describe(p, peek(p)));
	else
		advance(p);
}

/* AT '(' exp ')' and friends after the ':' of a section header. */
static struct expr *opt_keyword_paren(struct parser *p, enum tok kw)
{
	if (p->failed || peek(p)->kind != kw)
		return NULL;
	struct token k = advance(p);
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", k.text)))
		return NULL;
	struct expr *e = parse_exp(p);
	expect_close(p, T_RPAREN, &open.loc);
	return e;
}

/* memspec_opt memspec_at_opt phdr_opt fill_opt, then the backup of a
 * NAME read in the wrong mode, then opt_comma. */
static void section_tail(struct parser *p, const char **region,
			 struct loc *region_loc, const char **lma_region,
			 struct loc *lma_loc, struct name_list **phdrs,
			 struct expr **fill)
{
	if (region && accept(p, T_GT)) {
		if (peek(p)->kind != T_NAME) {
			expected(p, "a memory region name after '>'");
			return;
		}
		struct token n = advance(p);
		*region = n.text;
		*region_loc = n.loc;
	}
	if (lma_region && peek(p)->kind == K_AT) {
		advance(p);
		if (!expect(p, T_GT, "after AT (a load region is written 'AT> REGION')"))
			return;
		if (peek(p)->kind != T_NAME) {
			expected(p, "a memory region name after 'AT>'");
			return;
		}
		struct token n = advance(p);
		*lma_region = n.text;
		*lma_loc = n.loc;
	}
	struct name_list **tail = phdrs;
	while (peek(p)->kind == T_COLON) {
		advance(p);
		if (peek(p)->kind != T_NAME) {
			expected(p, "a program header name after ':'");
			return;
		}
		struct token n = advance(p);
		*tail = new_name(p, &n);
		tail = &(*tail)->next;
	}
	if (accept(p, T_ASSIGN))
		*fill = mustbe_exp(p);
	if (p->failed)
		return;
	backup_if_name(p);
	accept(p, T_COMMA);
}

static void statement_block(struct parser *p, struct stmt *owner,
			    struct stmt **body, struct loc *lbrace,
			    struct loc *rbrace)
{
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "to open the section body"))
		return;
	*lbrace = open.loc;
	struct sink inner = {body, owner};
	parse_list(p, LIST_STATEMENTS, &inner, true);
	struct token close = *peek(p);
	if (expect_close(p, T_RBRACE, &open.loc))
		*rbrace = close.loc;
}

/* section: NAME { ldlex_expression (); } opt_exp_with_type opt_at opt_align
 *   opt_align_with_input opt_subalign sect_constraint
 *   { ldlex_popstate (); ldlex_wild (); } '{' statement_list_opt '}'
 *   { ldlex_popstate (); } memspec_opt memspec_at_opt phdr_opt fill_opt
 *   opt_comma
 * entered with NAME read and the next token (read in SCRIPT mode) as the
 * lookahead. */
static struct stmt *output_section(struct parser *p, struct token name,
				   struct sink *out, struct stmt *overlay)
{
	struct stmt *st = new_stmt(p, ST_OUTPUT_SECTION, name.loc, out);
	struct output_section *sec = arena_alloc(A(p), sizeof *sec);
	st->sec = sec;
	st->name = sec->name = name.text;
	st->name_loc = name.loc;
	sec->overlay = overlay;
	sec->constraint = T_EOF;
	push_mode(p, MODE_EXPR);
	opt_exp_with_type(p, sec, name.text);
	sec->at = opt_keyword_paren(p, K_AT);
	sec->align = opt_keyword_paren(p, K_ALIGN);
	if (!p->failed && accept(p, K_ALIGN_WITH_INPUT))
		sec->align_with_input = true;
	sec->subalign = opt_keyword_paren(p, K_SUBALIGN);
	if (!p->failed) {
		enum tok k = peek(p)->kind;
		if (k == K_ONLY_IF_RO || k == K_ONLY_IF_RW || k == K_SPECIAL)
			sec->constraint = advance(p).kind;
	}
	pop_mode(p);
	if (p->failed)
		return st;
	push_mode(p, MODE_WILD);
	if (peek(p)->kind != T_LBRACE) {
		struct token *t = peek(p);
		error_at(p, t->loc, "expected '{' to open the body of output "
			 "section '%s', found %s", name.text, describe(p, t));
		pop_mode(p);
		return st;
	}
	statement_block(p, st, &sec->body, &sec->lbrace, &sec->rbrace);
	pop_mode(p);
	if (p->failed)
		return st;
	section_tail(p, &sec->region, &sec->region_loc, &sec->lma_region,
		     &sec->lma_region_loc, &sec->phdrs, &sec->fill);
	return st;
}

/* OVERLAY { ldlex_expression (); } opt_exp_without_type opt_nocrossrefs
 *   opt_at opt_subalign { ldlex_popstate (); } '{' overlay_section '}'
 *   memspec_opt memspec_at_opt phdr_opt fill_opt opt_comma */
static void overlay(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_OVERLAY, kw.loc, out);
	struct overlay *ov = arena_alloc(A(p), sizeof *ov);
	st->ovl = ov;
	st->kw = K_OVERLAY;
	push_mode(p, MODE_EXPR);
	if (peek(p)->kind != T_COLON)
		ov->addr = parse_exp(p);
	expect(p, T_COLON, "after OVERLAY");
	if (!p->failed && accept(p, K_NOCROSSREFS))
		ov->nocrossrefs = true;
	ov->at = opt_keyword_paren(p, K_AT);
	ov->subalign = opt_keyword_paren(p, K_SUBALIGN);
	pop_mode(p);
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "to open the OVERLAY"))
		return;
	struct stmt **tail = &ov->sections;
	while (!p->failed && peek(p)->kind == T_NAME) {
		struct token name = advance(p);
		struct sink sink = {tail, st};
		struct stmt *sec_st = new_stmt(p, ST_OUTPUT_SECTION, name.loc, &sink);
		tail = sink.tail;
		struct output_section *sec = arena_alloc(A(p), sizeof *sec);
		sec_st->sec = sec;
		sec_st->name = sec->name = name.text;
		sec_st->name_loc = name.loc;
		sec->overlay = st;
		sec->constraint = T_EOF;
		push_mode(p, MODE_WILD);
		statement_block(p, sec_st, &sec->body, &sec->lbrace, &sec->rbrace);
		pop_mode(p);
		if (p->failed)
			return;
		section_tail(p, NULL, NULL, NULL, NULL, &sec->phdrs, &sec->fill);
	}
	if (!expect_close(p, T_RBRACE, &open.loc))
		return;
	section_tail(p, &ov->region, &ov->region_loc, &ov->lma_region,
		     &ov->lma_region_loc, &ov->phdrs, &ov->fill);
}

/* GROUP { ldlex_expression (); } opt_exp_with_type { ldlex_popstate (); }
 *   '{' sec_or_group_p1 '}'   (svr3.ifile compatibility) */
static void svr3_group(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_GROUP, kw.loc, out);
	struct output_section dummy = {0};
	push_mode(p, MODE_EXPR);
	opt_exp_with_type(p, &dummy, "GROUP");
	pop_mode(p);
	st->addr = dummy.addr;
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "after GROUP"))
		return;
	struct sink inner = {&st->body, st};
	parse_list(p, LIST_SECTIONS, &inner, true);
	expect_close(p, T_RBRACE, &open.loc);
}

/* ENTRY '(' NAME ')' */
static void entry(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_ENTRY, kw.loc, out);
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, "after ENTRY"))
		return;
	if (peek(p)->kind != T_NAME) {
		expected(p, "the entry symbol name");
		return;
	}
	struct token n = advance(p);
	st->name = n.text;
	st->name_loc = n.loc;
	expect_close(p, T_RPAREN, &open.loc);
}

/* sec_or_group_p1 items: section | statement_anywhere | OVERLAY | GROUP
 * | INCLUDE */
static void sections_item(struct parser *p, struct sink *out)
{
	struct token *t = peek(p);
	switch (t->kind) {
	case T_NAME: {
		struct token name = advance(p);
		if (is_assign_op(peek(p)->kind)) {
			assignment_after_name(p, name, out);
			separator(p, "the assignment");
		} else {
			output_section(p, name, out, NULL);
		}
		return;
	}
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		provide_assignment(p, out);
		separator(p, "the assignment");
		return;
	case K_ENTRY:
		entry(p, out);
		return;
	case K_ASSERT:
		assert_stmt(p, out);
		pop_mode(p);
		return;
	case K_OVERLAY:
		overlay(p, out);
		return;
	case K_GROUP:
		svr3_group(p, out);
		return;
	case K_INCLUDE:
		include_stmt(p, LIST_SECTIONS, out);
		return;
	case T_SEMI:
		error_at(p, t->loc, "stray ';' inside SECTIONS: GNU ld accepts "
			 "';' only after an assignment here; remove it");
		return;
	default:
		expected(p, "an output section, an assignment or '}' in SECTIONS");
	}
}

/* ---- MEMORY ----------------------------------------------------------- */

static bool memory_attributes(struct parser *p, struct mem_region *r)
{
	struct token open = advance(p);
	r->has_attributes = true;
	r->attr_loc = open.loc;
	do {
		bool invert = accept(p, T_BANG);
		if (peek(p)->kind != T_NAME) {
			expected(p, invert ? "attribute letters after '!'" :
				 "attribute letters (r, w, x, a, i, l)");
			return false;
		}
		struct token n = advance(p);
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
				fatal_error(p, l, "invalid MEMORY attribute '%c' in "
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
	} while (peek(p)->kind != T_RPAREN && peek(p)->kind != T_EOF &&
		 !p->failed);
	return expect_close(p, T_RPAREN, &open.loc);
}

/* memory_spec: NAME attributes_opt ':' origin_spec opt_comma length_spec
 *            | INCLUDE filename memory_spec_list_opt END */
static void memory_spec(struct parser *p, struct sink *out)
{
	if (peek(p)->kind == K_INCLUDE) {
		include_stmt(p, LIST_MEMORY, out);
		return;
	}
	if (peek(p)->kind != T_NAME) {
		if (peek(p)->kind == K_ORIGIN || peek(p)->kind == K_LENGTH)
			error_at(p, peek(p)->loc, "expected a memory region name, "
				 "found %s: 'o', 'org', 'l' and 'len' are keywords "
				 "in MEMORY and cannot name a region",
				 describe(p, peek(p)));
		else
			expected(p, "a memory region name");
		return;
	}
	struct token name = advance(p);
	struct mem_region *r = arena_alloc(A(p), sizeof *r), **pp;
	r->name = name.text;
	r->loc = name.loc;
	if (peek(p)->kind == T_LPAREN && !memory_attributes(p, r))
		return;
	if (p->failed)
		return;
	if (peek(p)->kind != T_COLON) {
		if (strchr(name.text, ':') && !name.quoted)
			error_at(p, near(p, &name), "'%s' is one name to GNU ld; "
				 "put a blank before ':'", name.text);
		else
			expected(p, arena_printf(A(p), "':' after region '%s'",
						 name.text));
		return;
	}
	advance(p);
	if (peek(p)->kind != K_ORIGIN) {
		expected(p, "ORIGIN (or org, o) after ':'");
		return;
	}
	r->origin_loc = advance(p).loc;
	if (!expect(p, T_ASSIGN, "after ORIGIN"))
		return;
	r->origin = mustbe_exp(p);
	if (p->failed)
		return;
	accept(p, T_COMMA);
	if (peek(p)->kind != K_LENGTH) {
		struct token *t = peek(p);
		if (t->kind == T_NAME && (strcmp(t->text, "len") == 0 ||
					  strcmp(t->text, "l") == 0))
			error_at(p, t->loc, "expected ',' before '%s': without "
				 "the comma GNU ld reads '%s' inside the ORIGIN "
				 "expression, where only LENGTH is a keyword",
				 t->text, t->text);
		else
			expected(p, "LENGTH (or len, l)");
		return;
	}
	r->length_loc = advance(p).loc;
	if (!expect(p, T_ASSIGN, "after LENGTH"))
		return;
	r->length = mustbe_exp(p);
	if (p->failed)
		return;
	backup_if_name(p);
	/* record in declaration order */
	for (pp = &p->s->regions; *pp; pp = &(*pp)->next)
		;
	*pp = r;
}

/* MEMORY '{' memory_spec_list_opt '}' */
static void memory(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_MEMORY, kw.loc, out);
	st->kw = K_MEMORY;
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "after MEMORY"))
		return;
	struct sink inner = {&st->body, st};
	parse_list(p, LIST_MEMORY, &inner, true);
	expect_close(p, T_RBRACE, &open.loc);
}

/* SECTIONS '{' sec_or_group_p1 '}' */
static void sections(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_SECTIONS, kw.loc, out);
	st->kw = K_SECTIONS;
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "after SECTIONS"))
		return;
	struct sink inner = {&st->body, st};
	parse_list(p, LIST_SECTIONS, &inner, true);
	expect_close(p, T_RBRACE, &open.loc);
}

/* ---- PHDRS and VERSION ------------------------------------------------ */

/* PHDRS '{' (NAME { expr } phdr_type phdr_qualifiers { pop } ';')* '}' */
static void phdrs(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_PHDRS, kw.loc, out);
	struct token open = *peek(p);
	if (!expect(p, T_LBRACE, "after PHDRS"))
		return;
	struct phdr **tail = &st->phdr_list;
	while (!p->failed && peek(p)->kind == T_NAME) {
		struct token n = advance(p);
		struct phdr *ph = arena_alloc(A(p), sizeof *ph);
		ph->name = n.text;
		ph->loc = n.loc;
		*tail = ph;
		tail = &ph->next;
		push_mode(p, MODE_EXPR);
		ph->type = parse_exp(p);
		for (;;) {
			if (p->failed)
				break;
			struct token *q = peek(p);
			if (q->kind == K_AT) {
				ph->at = opt_keyword_paren(p, K_AT);
			} else if (q->kind == T_NAME) {
				struct token qual = advance(p);
				struct expr *val = NULL;
				if (peek(p)->kind == T_LPAREN) {
					struct token o2 = advance(p);
					val = parse_exp(p);
					expect_close(p, T_RPAREN, &o2.loc);
				}
				if (!strcmp(qual.text, "FILEHDR") && !val)
					ph->filehdr = true;
				else if (!strcmp(qual.text, "PHDRS") && !val)
					ph->phdrs = true;
				else if (!strcmp(qual.text, "FLAGS") && val)
					ph->flags = val;
				else
					error_at(p, qual.loc, "PHDRS syntax error at "
						 "'%s': expected FILEHDR, PHDRS, "
						 "FLAGS(n) or AT(addr)", qual.text);
			} else {
				break;
			}
		}
		pop_mode(p);
		expect(p, T_SEMI, "after the program header");
	}
	expect_close(p, T_RBRACE, &open.loc);
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
		struct token *t = peek(p);
		if (t->kind == K_VERS_EXTERN) {
			advance(p);
			if (peek(p)->kind != T_NAME) {
				expected(p, "a language name after extern");
				return;
			}
			advance(p);
			struct token open = *peek(p);
			if (!expect(p, T_LBRACE, "after the language name"))
				return;
			vers_defns(p, false);
			if (!expect_close(p, T_RBRACE, &open.loc))
				return;
		} else if (vers_item_start(t->kind)) {
			advance(p);
		} else {
			expected(p, "a symbol pattern");
			return;
		}
		if (!accept(p, T_SEMI)) {
			if (semi)
				expect(p, T_SEMI, "after the symbol patterns");
			return;
		}
		if (peek(p)->kind == K_LOCAL) {
			advance(p);
			if (accept(p, T_COLON)) {
				vers_defns(p, true);
				return;
			}
			if (!accept(p, T_SEMI)) {
				if (semi)
					expect(p, T_SEMI, "after the symbol patterns");
				return;
			}
		}
		if (!vers_item_start(peek(p)->kind))
			return;
	}
}

/* vers_tag: empty | vers_defns ';' | GLOBAL ':' vers_defns ';'
 *         | LOCAL ':' vers_defns ';' | GLOBAL ... ';' LOCAL ':' ... ';' */
static void vers_tag(struct parser *p)
{
	enum tok k = peek(p)->kind;
	if (k == T_RBRACE)
		return;
	if (k == K_GLOBAL || k == K_LOCAL) {
		advance(p);
		if (accept(p, T_COLON)) {
			vers_defns(p, true);
			return;
		}
		if (!expect(p, T_SEMI, "after the symbol pattern"))
			return;
		if (!vers_item_start(peek(p)->kind))
			return;
	}
	vers_defns(p, true);
}

/* VERSION '{' vers_node+ '}' */
static void version(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	new_stmt(p, ST_VERSION, kw.loc, out);
	push_mode(p, MODE_VERSION);
	p->lx->vers_state = 0;
	struct token open = *peek(p);
	if (expect(p, T_LBRACE, "after VERSION")) {
		do {
			if (peek(p)->kind == T_VERS_TAG)
				advance(p);
			struct token o2 = *peek(p);
			if (!expect(p, T_LBRACE, "to open a version node"))
				break;
			vers_tag(p);
			if (!expect_close(p, T_RBRACE, &o2.loc))
				break;
			while (peek(p)->kind == T_VERS_TAG)
				advance(p);
			if (!expect(p, T_SEMI, "after the version node"))
				break;
		} while (!p->failed && peek(p)->kind != T_RBRACE &&
			 peek(p)->kind != T_EOF);
		expect_close(p, T_RBRACE, &open.loc);
	}
	pop_mode(p);
}

/* ---- top level ------------------------------------------------------- */

/* KEYWORD '(' NAME ')' commands; also SEARCH_DIR bookkeeping. */
static struct stmt *one_name_command(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", kw.text)))
		return st;
	if (peek(p)->kind != T_NAME) {
		expected(p, "a name");
		return st;
	}
	struct token n = advance(p);
	st->names = new_name(p, &n);
	if (kw.kind == K_OUTPUT_FORMAT && peek(p)->kind == T_COMMA) {
		struct name_list **tail = &st->names->next;
		for (int i = 0; i < 2; i++) {
			if (!expect(p, T_COMMA, "between OUTPUT_FORMAT names"))
				return st;
			if (peek(p)->kind != T_NAME) {
				expected(p, "an object format name");
				return st;
			}
			struct token m = advance(p);
			*tail = new_name(p, &m);
			tail = &(*tail)->next;
		}
	}
	if (!expect_close(p, T_RPAREN, &open.loc))
		return st;
	if (kw.kind == K_SEARCH_DIR) {
		struct name_list *d = new_name(p, &n), **pp;
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
		struct token *t = peek(p);
		if (!first && t->kind == T_COMMA) {
			advance(p);
			t = peek(p);
		} else if (!first && t->kind != T_NAME && t->kind != T_LNAME &&
			   t->kind != K_AS_NEEDED) {
			return;
		}
		first = false;
		if (t->kind == T_NAME || t->kind == T_LNAME) {
			struct token n = advance(p);
			struct name_list *nl = new_name(p, &n);
			nl->flag = as_needed;
			nl->lname = n.kind == T_LNAME;
			**tail = nl;
			*tail = &nl->next;
		} else if (t->kind == K_AS_NEEDED) {
			advance(p);
			struct token open = *peek(p);
			if (!expect(p, T_LPAREN, "after AS_NEEDED"))
				return;
			input_list1(p, tail, true);
			if (!expect_close(p, T_RPAREN, &open.loc))
				return;
		} else {
			expected(p, "a file name");
			return;
		}
	}
}

/* INPUT '(' input_list ')' | GROUP '(' input_list ')' */
static void input_command(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", kw.text)))
		return;
	push_mode(p, MODE_INPUTLIST);
	struct name_list **tail = &st->names;
	input_list1(p, &tail, false);
	pop_mode(p);
	expect_close(p, T_RPAREN, &open.loc);
}

/* NOCROSSREFS / NOCROSSREFS_TO '(' (NAME ','?)* ')'; HLL and SYSLIB lists;
 * EXTERN '(' { expr } NAME (','? NAME)* ')' */
static void name_list_command(struct parser *p, struct sink *out)
{
	struct token kw = advance(p);
	struct stmt *st = new_stmt(p, ST_COMMAND, kw.loc, out);
	st->kw = kw.kind;
	struct token open = *peek(p);
	if (!expect(p, T_LPAREN, arena_printf(A(p), "after %s", kw.text)))
		return;
	if (kw.kind == K_EXTERN)
		push_mode(p, MODE_EXPR);
	struct name_list **tail = &st->names;
	bool need_name = kw.kind == K_EXTERN;
	bool comma_first = kw.kind == K_SYSLIB;
	bool last_comma = false;
	for (;;) {
		struct token *t = peek(p);
		if (t->kind == T_COMMA && (st->names || comma_first) && !last_comma) {
			advance(p);
			last_comma = true;
			comma_first = false;
			continue;
		}
		if (t->kind != T_NAME)
			break;
		struct token n = advance(p);
		*tail = new_name(p, &n);
		tail = &(*tail)->next;
		need_name = false;
		last_comma = false;
	}
	if (need_name || (last_comma && kw.kind != K_NOCROSSREFS &&
			  kw.kind != K_NOCROSSREFS_TO))
		expected(p, "a name");
	if (kw.kind == K_EXTERN)
		pop_mode(p);
	expect_close(p, T_RPAREN, &open.loc);
}

/* ifile_p1 */
static void ifile(struct parser *p, struct sink *out)
{
	struct token *t = peek(p);
	switch (t->kind) {
	case T_SEMI:
		advance(p);
		return;
	case K_MEMORY:
		memory(p, out);
		return;
	case K_SECTIONS:
		sections(p, out);
		return;
	case K_PHDRS:
		phdrs(p, out);
		return;
	case K_VERSION:
		version(p, out);
		return;
	case K_ENTRY:
		entry(p, out);
		return;
	case K_ASSERT:
		assert_stmt(p, out);
		pop_mode(p);
		return;
	case T_NAME: {
		struct token name = advance(p);
		if (!is_assign_op(peek(p)->kind)) {
			not_an_assignment(p, &name);
			return;
		}
		assignment_after_name(p, name, out);
		separator(p, "the assignment");
		return;
	}
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		provide_assignment(p, out);
		separator(p, "the assignment");
		return;
	case K_TARGET: case K_SEARCH_DIR: case K_OUTPUT: case K_OUTPUT_FORMAT:
	case K_OUTPUT_ARCH: case K_MAP: case K_STARTUP: case K_LD_FEATURE:
		one_name_command(p, out);
		return;
	case K_FORCE_COMMON_ALLOCATION: case K_FORCE_GROUP_ALLOCATION:
	case K_INHIBIT_COMMON_ALLOCATION: case K_FLOAT: case K_NOFLOAT: {
		struct token kw = advance(p);
		new_stmt(p, ST_MARKER, kw.loc, out)->kw = kw.kind;
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
		include_stmt(p, LIST_IFILE, out);
		return;
	case K_INSERT: {
		struct token kw = advance(p);
		struct stmt *st = new_stmt(p, ST_COMMAND, kw.loc, out);
		st->kw = K_INSERT;
		struct token *w = peek(p);
		if (w->kind != K_AFTER && w->kind != K_BEFORE) {
			expected(p, "AFTER or BEFORE after INSERT");
			return;
		}
		struct token where = advance(p);
		if (peek(p)->kind != T_NAME) {
			expected(p, "an output section name");
			return;
		}
		struct token n = advance(p);
		st->names = new_name(p, &n);
		st->names->flag = where.kind == K_BEFORE;
		return;
	}
	case K_REGION_ALIAS: {
		struct token kw = advance(p);
		struct stmt *st = new_stmt(p, ST_REGION_ALIAS, kw.loc, out);
		struct token open = *peek(p);
		if (!expect(p, T_LPAREN, "after REGION_ALIAS"))
			return;
		if (peek(p)->kind != T_NAME) {
			expected(p, "the alias name");
			return;
		}
		struct token a = advance(p);
		if (peek(p)->kind != T_COMMA && strchr(a.text, ',') && !a.quoted) {
			error_at(p, near(p, &a), "'%s' is one name to GNU ld; "
				 "quote the names or put a blank before ','", a.text);
			return;
		}
		if (!expect(p, T_COMMA, "after the alias name"))
			return;
		if (peek(p)->kind != T_NAME) {
			expected(p, "the memory region name");
			return;
		}
		struct token r = advance(p);
		st->name = a.text;
		st->name_loc = a.loc;
		st->name2 = r.text;
		st->name2_loc = r.loc;
		expect_close(p, T_RPAREN, &open.loc);
		return;
	}
	default:
		expected(p, "a linker script command");
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
		sections_item(p, out);
		break;
	case LIST_STATEMENTS:
		wild_statement(p, out);
		break;
	case LIST_MEMORY:
		/* memory_spec_list: memory_spec (opt_comma memory_spec)* */
		if (!first && peek(p)->kind == T_COMMA)
			advance(p);
		memory_spec(p, out);
		break;
	}
}

/* A list of items up to '}' (in_block) or the end of the file. */
static void parse_list(struct parser *p, enum list_kind kind, struct sink *out,
		       bool in_block)
{
	bool first = true;
	while (!p->fatal) {
		enum tok k = peek(p)->kind;
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
	if (!push_file(&p, s->path, (struct loc){0}))
		return s;
	struct lexer lx;
	lex_init(&lx, text, len, s->path, &s->arena);
	lx.events = &s->events;
	lx.cpp_markers = cpp_markers;
	p.lx = &lx;
	push_mode(&p, MODE_SCRIPT);
	struct sink top = {&s->stmts, NULL};
	parse_list(&p, LIST_IFILE, &top, false);
	return s;
}
