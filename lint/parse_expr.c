/*
 * parse_expr: expressions of the GNU ld script language, read in
 * EXPRESSION mode with ldgram.y's operator precedence (C's ladder; '^' is
 * in the grammar but never lexed).  The builtins whose argument is a
 * section or region name read it in SCRIPT mode, as ldgram.y's
 * paren_script_name does, so SIZEOF(.text-x) names '.text-x'.
 */
#include <stdio.h>

#include "parse_impl.h"



static struct expr *error_expr(struct parser *p, struct loc loc)
{
	return parse_new_expr(p, EX_INT, 0, loc);
}

/* exp '(' ... ')' argument lists of the builtins. */
static struct expr *paren_args(struct parser *p, struct expr *call, int nargs,
			       bool optional_second)
{
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, call->text))
		return call;
	call->a = parse_exp(p);
	if (nargs == 2 || (optional_second && parse_peek(p)->kind == T_COMMA)) {
		if (!parse_expect(p, T_COMMA, "between the arguments"))
			return call;
		call->b = parse_exp(p);
	}
	parse_expect_close(p, T_RPAREN, &open.loc);
	return call;
}

/* paren_script_name: { ldlex_script (); } '(' NAME ')' { ldlex_popstate (); } */
static void paren_script_name(struct parser *p, struct expr *call)
{
	parse_push_mode(p, MODE_SCRIPT);
	struct token open = *parse_peek(p);
	if (parse_expect_after(p, T_LPAREN, call->text)) {
		struct token *t = parse_peek(p);
		if (t->kind != T_NAME) {
			parse_expected(p, "a section or region name");
		} else {
			struct token n = parse_advance(p);
			call->text = n.text;
			call->arg_loc = n.loc;
			parse_expect_close(p, T_RPAREN, &open.loc);
		}
	}
	parse_pop_mode(p);
}

static struct expr *name_arg_call(struct parser *p, struct expr *call,
				  const char *what)
{
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, call->text))
		return call;
	if (parse_peek(p)->kind != T_NAME) {
		parse_expected(p, what);
		return call;
	}
	struct token n = parse_advance(p);
	call->text = n.text;
	call->arg_loc = n.loc;
	parse_expect_close(p, T_RPAREN, &open.loc);
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
	struct token kw = parse_advance(p);
	struct expr *call = parse_new_expr(p, EX_CALL, builtins[i].fn, kw.loc);
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
		parse_push_mode(p, MODE_SCRIPT);
		struct token open = *parse_peek(p);
		bool ok = parse_expect(p, T_LPAREN, "after SEGMENT_START");
		if (ok && parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a segment name");
			ok = false;
		}
		if (ok) {
			struct token n = parse_advance(p);
			call->text = n.text;
			call->arg_loc = n.loc;
		}
		parse_pop_mode(p);
		if (ok && parse_expect(p, T_COMMA, "after the segment name")) {
			call->a = parse_exp(p);
			parse_expect_close(p, T_RPAREN, &open.loc);
		}
		return call;
	}
	case F_ASSERT: {
		struct token open = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after ASSERT"))
			return call;
		call->a = parse_exp(p);
		if (!parse_expect(p, T_COMMA, "after the ASSERT condition"))
			return call;
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "the ASSERT message");
			return call;
		}
		struct token m = parse_advance(p);
		call->text = m.text;
		call->arg_loc = m.loc;
		parse_expect_close(p, T_RPAREN, &open.loc);
		return call;
	}
	default:
		return paren_args(p, call, builtins[i].nargs, false);
	}
}

bool parse_enter(struct parser *p, struct loc loc)
{
	if (++p->depth > MAX_DEPTH) {
		parse_fatal(p, loc, "expression nested too deeply (more than %d "
			    "levels of parentheses or unary operators)", MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr *parse_unary(struct parser *p);

static struct expr *parse_primary(struct parser *p)
{
	struct token *t = parse_peek(p);
	if (p->failed)
		return error_expr(p, t->loc);
	switch (t->kind) {
	case T_INT: {
		struct token n = parse_advance(p);
		struct expr *e = parse_new_expr(p, EX_INT, 0, n.loc);
		e->value = n.value;
		e->text = n.text;
		return e;
	}
	case T_NAME: {
		struct token n = parse_advance(p);
		struct expr *e = parse_new_expr(p, EX_NAME, 0, n.loc);
		e->text = n.text;
		return e;
	}
	case T_LPAREN: {
		struct token open = parse_advance(p);
		struct expr *e = parse_exp(p);
		parse_expect_close(p, T_RPAREN, &open.loc);
		return e;
	}
	default:
		for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
			if (builtins[i].kw == t->kind)
				return parse_builtin(p, (int)i);
		parse_expected(p, "an expression");
		return error_expr(p, t->loc);
	}
}

/* '-' exp | '!' exp | '+' exp | '~' exp, all %prec UNARY */
static struct expr *parse_unary(struct parser *p)
{
	struct token *t = parse_peek(p);
	if (t->kind != T_MINUS && t->kind != T_BANG && t->kind != T_PLUS &&
	    t->kind != T_TILDE)
		return parse_primary(p);
	struct token op = parse_advance(p);
	if (!parse_enter(p, op.loc))
		return error_expr(p, op.loc);
	struct expr *operand = parse_unary(p);
	p->depth--;
	if (op.kind == T_PLUS)
		return operand;
	struct expr *e = parse_new_expr(p, EX_UNARY, op.kind, op.loc);
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
		struct token *t = parse_peek(p);
		int prec = binary_prec(t->kind);
		if (p->failed || prec == 0 || prec < min)
			return lhs;
		struct token op = parse_advance(p);
		struct expr *rhs = parse_unary(p);
		rhs = binary_rest(p, rhs, prec + 1);
		struct expr *e = parse_new_expr(p, EX_BINARY, op.kind, op.loc);
		e->a = lhs;
		e->b = rhs;
		lhs = e;
	}
}

/* The rest of 'exp' once its first operand is known: binary operators,
 * then '?' exp ':' exp (right associative, lowest precedence). */
struct expr *parse_exp_rest(struct parser *p, struct expr *first)
{
	struct expr *c = binary_rest(p, first, 1);
	if (p->failed || parse_peek(p)->kind != T_QUESTION)
		return c;
	struct token q = parse_advance(p);
	if (!parse_enter(p, q.loc))
		return c;
	struct expr *e = parse_new_expr(p, EX_TERNARY, T_QUESTION, q.loc);
	e->a = c;
	e->b = parse_exp(p);
	if (parse_expect(p, T_COLON, "in '?:' expression"))
		e->c = parse_exp(p);
	p->depth--;
	return e;
}

struct expr *parse_exp(struct parser *p)
{
	struct token *t = parse_peek(p);
	if (!parse_enter(p, t->loc))
		return error_expr(p, t->loc);
	struct expr *e = parse_exp_rest(p, parse_unary(p));
	p->depth--;
	return e;
}

/* mustbe_exp: { ldlex_expression (); } exp { ldlex_popstate (); } */
struct expr *parse_mustbe_exp(struct parser *p)
{
	parse_push_mode(p, MODE_EXPR);
	struct expr *e = parse_exp(p);
	parse_pop_mode(p);
	return e;
}

/* AT '(' exp ')' and friends after the ':' of a section header. */
struct expr *parse_keyword_paren(struct parser *p, enum tok kw)
{
	if (p->failed || parse_peek(p)->kind != kw)
		return NULL;
	struct token k = parse_advance(p);
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, k.text))
		return NULL;
	struct expr *e = parse_exp(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
	return e;
}
