/*
 * pitfalls: scripts GNU ld accepts but reads differently from what they
 * say (ld-grammar.md section 9): assignments taken as file names, commas
 * glued to section patterns, the '^' ld drops, octal literals, symbol
 * names read as numbers, dropped characters, and (off by default)
 * constructs ld.lld rejects.  Most of these come from the lexer's events,
 * recorded once per source position.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* ---- assignment-as-filename, pattern-comma --------------------------- */

static const char *section_of(const struct stmt *st)
{
	for (const struct stmt *p = st->parent; p; p = p->parent)
		if (p->kind == ST_OUTPUT_SECTION)
			return p->sec->name;
	return "?";
}

static void assignment_as_filename(struct rule_ctx *c, const struct stmt *st)
{
	const struct pattern *file = st->in->file;
	const char *eq = file && file->text ? strchr(file->text, '=') : NULL;
	if (!eq)
		return;
	int lhs = (int)(eq - file->text);
	char rhs[256];
	if (st->in->form == IN_FILE_SECTIONS && st->in->sections)
		snprintf(rhs, sizeof rhs, "%s(%s)", eq + 1, st->in->sections->text);
	else
		snprintf(rhs, sizeof rhs, "%s", eq + 1);
	diag_add(c->d, RULE_ASSIGNMENT_AS_FILENAME, file->loc,
		 "'%s' in output section '%s' is an input file name to GNU ld, "
		 "not an assignment: '=' is a name character here; write "
		 "'%.*s = %s;'", file->text, section_of(st), lhs, file->text, rhs);
}

static void pattern_comma(struct rule_ctx *c, const struct stmt *st)
{
	for (const struct pattern *pat = st->in->sections; pat; pat = pat->next) {
		size_t n = pat->text ? strlen(pat->text) : 0;
		if (n < 2 || pat->text[n - 1] != ',')
			continue;
		diag_add(c->d, RULE_PATTERN_COMMA, pat->loc,
			 "section pattern '%s' in output section '%s' ends with a "
			 "comma, which GNU ld keeps as part of the name, so it matches "
			 "no section; remove the comma (patterns are separated by "
			 "blanks): '%.*s'",
			 pat->text, section_of(st), (int)(n - 1), pat->text);
	}
}

static void assignment_stmt(struct stmt *st, void *ctx)
{
	if (st->kind == ST_INPUT)
		assignment_as_filename(ctx, st);
}

static void comma_stmt(struct stmt *st, void *ctx)
{
	if (st->kind == ST_INPUT)
		pattern_comma(ctx, st);
}

void check_assignment_as_filename(struct rule_ctx *c)
{
	script_walk(c->script->stmts, assignment_stmt, c);
}

void check_pattern_comma(struct rule_ctx *c)
{
	script_walk(c->script->stmts, comma_stmt, c);
}

/* ---- lexical events ---------------------------------------------------- */

/* The source character after an event, or 0. */
static char next_char(const struct loc *l)
{
	size_t len;
	const char *line = model_source_line(l->file, l->line, &len);
	size_t at = l->col;	/* 1-based col of the event = index of next */
	while (line && at < len && (line[at] == ' ' || line[at] == '\t'))
		at++;
	return line && at < len ? line[at] : 0;
}

static void xor_operator(struct rule_ctx *c, const struct lex_event *e)
{
	if (next_char(&e->loc) == '=')
		diag_add(c->d, RULE_XOR_OPERATOR, e->loc,
			 "GNU ld drops the '^' of '^=', so this assigns the right-hand "
			 "side instead of XOR-ing it in; write 'x = (x | v) & ~(x & v);'");
	else
		diag_add(c->d, RULE_XOR_OPERATOR, e->loc,
			 "GNU ld has no '^' operator: it drops the character (and "
			 "then fails to parse the expression); write a ^ b as "
			 "'(a | b) & ~(a & b)'");
}

static void octal_literal(struct rule_ctx *c, const struct lex_event *e)
{
	size_t digits = strspn(e->text, "0123456789");
	/* 00 to 07 read the same either way */
	uint64_t dec = 0, mul = 1;
	for (size_t i = 0; i < digits && dec < UINT64_MAX / 10; i++)
		dec = dec * 10 + (uint64_t)(e->text[i] - '0');
	if (strchr("Kk", e->text[digits]) && e->text[digits])
		mul = 1024;
	else if (strchr("Mm", e->text[digits]) && e->text[digits])
		mul = 1024 * 1024;
	if (dec * mul == e->value)
		return;
	if (strspn(e->text, "01234567") < digits)
		diag_add(c->d, RULE_OCTAL_LITERAL, e->loc,
			 "'%s' starts with 0, so GNU ld reads it as octal and stops "
			 "at the digit 8 or 9: its value is %" PRIu64 "; drop the "
			 "leading zero or write it in hex", e->text, e->value);
	else
		diag_add(c->d, RULE_OCTAL_LITERAL, e->loc,
			 "'%s' starts with 0, so GNU ld reads it as octal: its value "
			 "is %" PRIu64 " (0x%" PRIx64 "), and ld.lld reads it as "
			 "decimal; drop the leading zero or write it in hex",
			 e->text, e->value, e->value);
}

static void numeric_name(struct rule_ctx *c, const struct lex_event *e)
{
	diag_add(c->d, RULE_NUMERIC_NAME, e->loc,
		 "GNU ld reads '%s' in an expression as the number %" PRIu64
		 " (hex digits and a radix letter), not as a symbol; rename the "
		 "symbol or write it in quotes: \"%s\"", e->text, e->value, e->text);
}

static void invalid_character(struct rule_ctx *c, const struct lex_event *e)
{
	const char *where = e->mode == MODE_EXPR ? "an expression" :
			    e->mode == MODE_WILD ? "an output section's braces" :
			    e->mode == MODE_INPUTLIST ? "a file list" : "a script";
	unsigned char ch = (unsigned char)e->text[0];
	if (ch >= 0x20 && ch < 0x7f)
		diag_add(c->d, RULE_INVALID_CHARACTER, e->loc,
			 "GNU ld ignores the character '%c' in %s and reads the rest "
			 "as if it were not there; remove it or move the construct "
			 "where it belongs", ch, where);
	else
		diag_add(c->d, RULE_INVALID_CHARACTER, e->loc,
			 "GNU ld ignores the byte 0x%02x in %s and reads the rest as "
			 "if it were not there; remove it", ch, where);
}

void check_xor_operator(struct rule_ctx *c)
{
	for (const struct lex_event *e = c->script->events; e; e = e->next)
		if (e->kind == LEXE_INVALID_CHAR && e->text[0] == '^')
			xor_operator(c, e);
}

void check_invalid_character(struct rule_ctx *c)
{
	for (const struct lex_event *e = c->script->events; e; e = e->next)
		if (e->kind == LEXE_INVALID_CHAR && e->text[0] != '^')
			invalid_character(c, e);
}

void check_octal_literal(struct rule_ctx *c)
{
	for (const struct lex_event *e = c->script->events; e; e = e->next)
		if (e->kind == LEXE_OCTAL)
			octal_literal(c, e);
}

void check_number_overflow(struct rule_ctx *c)
{
	for (const struct lex_event *e = c->script->events; e; e = e->next)
		if (e->kind == LEXE_NUMBER_OVERFLOW)
			diag_add(c->d, RULE_NUMBER_OVERFLOW, e->loc,
				 "'%.40s%s' does not fit in 64 bits: GNU ld uses "
				 "0x%" PRIx64 " without a word; write the value "
				 "meant", e->text, strlen(e->text) > 40 ? "..." : "",
				 e->value);
}

void check_numeric_name(struct rule_ctx *c)
{
	for (const struct lex_event *e = c->script->events; e; e = e->next)
		if (e->kind == LEXE_NUMERIC_NAME)
			numeric_name(c, e);
}

/* ---- lld-compat (off by default) ------------------------------------- */

struct lld_walk {
	struct rule_ctx *c;
	bool memory_seen;
};

static bool lld_region_ref(const struct expr *e, void *ctx)
{
	struct lld_walk *w = ctx;
	if (e->kind == EX_CALL && (e->op == F_ORIGIN || e->op == F_LENGTH) &&
	    !w->memory_seen)
		diag_add(w->c->d, RULE_LLD_COMPAT, e->loc,
			 "%s(%s) is used before MEMORY declares it; ld.lld rejects "
			 "this ('memory region not defined'); move MEMORY up",
			 e->op == F_ORIGIN ? "ORIGIN" : "LENGTH",
			 e->text ? e->text : "?");
	return false;
}

static void lld_region_refs(struct lld_walk *w, const struct expr *e)
{
	expr_find(e, lld_region_ref, w);
}

static void lld_stmt(struct stmt *st, void *ctx)
{
	struct lld_walk *w = ctx;
	struct diag *d = w->c->d;
	switch (st->kind) {
	case ST_MEMORY:
		w->memory_seen = true;
		break;
	case ST_ASSIGN:
	case ST_ASSERT:
		lld_region_refs(w, st->value);
		break;
	case ST_OUTPUT_SECTION: {
		const struct output_section *sec = st->sec;
		lld_region_refs(w, sec->addr);
		lld_region_refs(w, sec->at);
		if (sec->align_with_input)
			diag_add(d, RULE_LLD_COMPAT, st->name_loc, "ALIGN_WITH_INPUT "
				 "on '%s' is not supported by ld.lld", sec->name);
		if (sec->type == STYPE_READONLY || sec->type == STYPE_DSECT)
			diag_add(d, RULE_LLD_COMPAT, st->name_loc, "section type %s of "
				 "'%s' is not supported by ld.lld", sec->type ==
				 STYPE_READONLY ? "READONLY" : "DSECT", sec->name);
		break;
	}
	case ST_MARKER:
	case ST_COMMAND:
		switch (st->kw) {
		case K_FORCE_COMMON_ALLOCATION: case K_INHIBIT_COMMON_ALLOCATION:
		case K_STARTUP: case K_MAP: case K_HLL: case K_SYSLIB:
		case K_FLOAT: case K_NOFLOAT: case K_LD_FEATURE:
			diag_add(d, RULE_LLD_COMPAT, st->loc, "%s is not supported "
				 "by ld.lld ('unknown directive')", tok_describe(st->kw));
			break;
		default:
			break;
		}
		break;
	default:
		break;
	}
}

void check_lld_compat(struct rule_ctx *c)
{
	struct lld_walk w = {c, false};
	script_walk(c->script->stmts, lld_stmt, &w);
	for (const struct mem_region *r = c->script->regions; r; r = r->next)
		if ((r->flags | r->not_flags) & MATTR_L)
			diag_add(c->d, RULE_LLD_COMPAT, r->attr_loc, "MEMORY attribute "
				 "'i' or 'l' of region '%s' is rejected by ld.lld before "
				 "LLVM 16", r->name);
}
