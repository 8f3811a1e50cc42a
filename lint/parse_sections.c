/*
 * parse_sections: SECTIONS, output section descriptions, OVERLAY and the
 * statements inside an output section's braces (WILD mode: input section
 * descriptions, data statements, FILL, KEEP, sorting).  Patterns keep
 * their exact text, so '*(.text, .rodata)' yields the pattern '.text,'
 * as it does in ld.
 */
#include <string.h>

#include "parse_impl.h"

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
	struct pattern *pat = arena_alloc(parse_arena(p), sizeof *pat);
	struct token *t = parse_peek(p);
	if (t->kind == K_EXCLUDE_FILE) {
		parse_advance(p);
		struct token open = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after EXCLUDE_FILE"))
			return pat;
		struct name_list **tail = &pat->exclude;
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a file name pattern");
			return pat;
		}
		while (parse_peek(p)->kind == T_NAME) {
			struct token n = parse_advance(p);
			*tail = parse_new_name(p, &n);
			tail = &(*tail)->next;
		}
		if (!parse_expect_close(p, T_RPAREN, &open.loc))
			return pat;
		t = parse_peek(p);
	}
	if (t->kind != T_NAME) {
		parse_expected(p, "a file or section name pattern");
		return pat;
	}
	struct token n = parse_advance(p);
	pat->text = n.text;
	pat->loc = n.loc;
	return pat;
}

/* section_name_spec: wildcard_maybe_exclude | SORT_x '(' ... ')' with one
 * level of nesting for SORT_BY_NAME / SORT_BY_ALIGNMENT. */
static struct pattern *section_name_spec(struct parser *p)
{
	enum tok k = parse_peek(p)->kind;
	enum sort_kind outer = sort_of(k);
	if (outer == SORT_NONE_GIVEN)
		return wildcard_maybe_exclude(p);
	parse_advance(p);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LPAREN, "after the sort keyword"))
		return NULL;
	enum sort_kind inner = sort_of(parse_peek(p)->kind);
	struct pattern *pat;
	if (inner != SORT_NONE_GIVEN) {
		if ((outer != SORT_NAME && outer != SORT_ALIGNMENT) ||
		    (inner != SORT_NAME && inner != SORT_ALIGNMENT)) {
			parse_expected(p, "a section name pattern");
			return NULL;
		}
		parse_advance(p);
		struct token open2 = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after the sort keyword"))
			return NULL;
		pat = wildcard_maybe_exclude(p);
		parse_expect_close(p, T_RPAREN, &open2.loc);
	} else {
		pat = wildcard_maybe_exclude(p);
	}
	pat->sort[0] = outer;
	pat->sort[1] = inner;
	parse_expect_close(p, T_RPAREN, &open.loc);
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
	} while (starts_section_spec(parse_peek(p)->kind));
	return head;
}

/* sect_flags: INPUT_SECTION_FLAGS '(' NAME ('&' NAME)* ')' */
static struct name_list *sect_flags(struct parser *p)
{
	parse_advance(p);
	struct token open = *parse_peek(p);
	struct name_list *head = NULL, **tail = &head;
	if (!parse_expect(p, T_LPAREN, "after INPUT_SECTION_FLAGS"))
		return NULL;
	do {
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a section flag name");
			return head;
		}
		struct token n = parse_advance(p);
		*tail = parse_new_name(p, &n);
		tail = &(*tail)->next;
	} while (parse_accept(p, T_AMP));
	parse_expect_close(p, T_RPAREN, &open.loc);
	return head;
}

/* The '(' section_name_list ')' after a file pattern. */
static void section_list_in_parens(struct parser *p, struct input_spec *in)
{
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LPAREN, "after the file name pattern"))
		return;
	in->sections = section_name_list(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
}

/* input_section_spec_no_keep */
static struct input_spec *input_spec_no_keep(struct parser *p)
{
	struct input_spec *in = arena_alloc(parse_arena(p), sizeof *in);
	if (parse_peek(p)->kind == K_INPUT_SECTION_FLAGS)
		in->flags = sect_flags(p);
	if (p->failed)
		return in;
	struct token *t = parse_peek(p);
	switch (t->kind) {
	case T_LBRACKET: {
		struct token open = parse_advance(p);
		in->form = IN_BRACKETS;
		in->sections = section_name_list(p);
		parse_expect_close(p, T_RBRACKET, &open.loc);
		return in;
	}
	case T_NAME: {
		struct token n = parse_advance(p);
		in->file = arena_alloc(parse_arena(p), sizeof *in->file);
		in->file->text = n.text;
		in->file->loc = n.loc;
		if (parse_peek(p)->kind == T_LPAREN)
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
		enum sort_kind sk = sort_of(parse_advance(p).kind);
		struct token open = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after the sort keyword"))
			return in;
		in->file = wildcard_maybe_exclude(p);
		in->file->sort[0] = sk;
		if (parse_expect_close(p, T_RPAREN, &open.loc))
			section_list_in_parens(p, in);
		return in;
	}
	default:
		parse_expected(p, "an input section description");
		return in;
	}
}

/* ---- statements inside an output section (WILD mode) --------------- */

/* NAME: an assignment, or a file name (with its section list). */
static void name_statement(struct parser *p, struct sink *out)
{
	struct token name = parse_advance(p);
	enum tok next = parse_peek(p)->kind;
	if (parse_is_assign_op(next)) {
		parse_assignment_after_name(p, name, out);
		parse_separator(p, "the assignment");
		return;
	}
	struct stmt *st = parse_new_stmt(p, ST_INPUT, name.loc, out);
	struct input_spec *in = arena_alloc(parse_arena(p), sizeof *in);
	st->in = in;
	in->file = arena_alloc(parse_arena(p), sizeof *in->file);
	in->file->text = name.text;
	in->file->loc = name.loc;
	if (next == T_LPAREN)
		section_list_in_parens(p, in);
	else
		in->form = IN_WHOLE_FILE;
}

/* SORT_BY_NAME '(' CONSTRUCTORS ')' or a sorted file pattern */
static void sort_statement(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LPAREN, "after SORT"))
		return;
	if (parse_peek(p)->kind == K_CONSTRUCTORS) {
		parse_advance(p);
		struct stmt *st = parse_new_stmt(p, ST_MARKER, kw.loc, out);
		st->kw = K_CONSTRUCTORS;
		st->sorted = true;
		parse_expect_close(p, T_RPAREN, &open.loc);
		return;
	}
	struct stmt *st = parse_new_stmt(p, ST_INPUT, kw.loc, out);
	st->in = arena_alloc(parse_arena(p), sizeof *st->in);
	st->in->file = wildcard_maybe_exclude(p);
	st->in->file->sort[0] = SORT_NAME;
	if (parse_expect_close(p, T_RPAREN, &open.loc))
		section_list_in_parens(p, st->in);
}

/* KEEP '(' input_section_spec_no_keep ')' */
static void keep_statement(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LPAREN, "after KEEP"))
		return;
	struct stmt *st = parse_new_stmt(p, ST_INPUT, kw.loc, out);
	st->in = input_spec_no_keep(p);
	st->in->keep = true;
	st->in->keep_loc = kw.loc;
	parse_expect_close(p, T_RPAREN, &open.loc);
}

/* length '(' mustbe_exp ')' | FILL '(' fill_exp ')' */
static void data_statement(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, kw.kind == K_FILL ? ST_FILL : ST_DATA,
					 kw.loc, out);
	st->kw = kw.kind;
	struct token open = *parse_peek(p);
	if (!parse_expect_after(p, T_LPAREN, kw.text))
		return;
	st->value = parse_mustbe_exp(p);
	parse_expect_close(p, T_RPAREN, &open.loc);
}

void parse_wild_statement(struct parser *p, struct sink *out)
{
	struct token *t = parse_peek(p);
	switch (t->kind) {
	case T_SEMI:
		parse_advance(p);
		return;
	case T_NAME:
		name_statement(p, out);
		return;
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		parse_provide_assignment(p, out);
		parse_separator(p, "the assignment");
		return;
	case K_CREATE_OBJECT_SYMBOLS:
	case K_CONSTRUCTORS: {
		struct token kw = parse_advance(p);
		parse_new_stmt(p, ST_MARKER, kw.loc, out)->kw = kw.kind;
		return;
	}
	case K_SORT_BY_NAME:
		sort_statement(p, out);
		return;
	case K_KEEP:
		keep_statement(p, out);
		return;
	case K_QUAD: case K_SQUAD: case K_LONG: case K_SHORT: case K_BYTE:
	case K_FILL:
		data_statement(p, out);
		return;
	case K_ASSERT:
		/* ASSERT_K {expr} '(' exp ',' NAME ')' separator {pop} */
		parse_assert_stmt(p, out);
		parse_separator(p, "ASSERT inside an output section");
		parse_pop_mode(p);
		return;
	case K_INCLUDE:
		parse_include(p, LIST_STATEMENTS, out);
		return;
	default:
		if (t->kind == T_LBRACKET || t->kind == K_INPUT_SECTION_FLAGS ||
		    t->kind == K_EXCLUDE_FILE || t->kind == K_SORT_NONE) {
			struct stmt *st = parse_new_stmt(p, ST_INPUT, t->loc, out);
			st->in = input_spec_no_keep(p);
			return;
		}
		parse_expected(p, "an input section description, an assignment or '}'");
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
	struct token kw = parse_advance(p);
	switch (kw.kind) {
	case K_NOLOAD: sec->type = STYPE_NOLOAD; break;
	case K_DSECT: sec->type = STYPE_DSECT; break;
	case K_COPY: sec->type = STYPE_COPY; break;
	case K_INFO: sec->type = STYPE_INFO; break;
	case K_OVERLAY: sec->type = STYPE_OVERLAY; break;
	case K_READONLY:
		sec->type = STYPE_READONLY;
		if (parse_peek(p)->kind == T_LPAREN) {
			struct token o2 = parse_advance(p);
			if (parse_expect(p, K_TYPE, "in READONLY(TYPE = ...)") &&
			    parse_expect(p, T_ASSIGN, "after TYPE")) {
				sec->type_value = parse_exp(p);
				parse_expect_close(p, T_RPAREN, &o2.loc);
			}
		}
		break;
	case K_TYPE:
		sec->type = STYPE_TYPE;
		if (parse_expect(p, T_ASSIGN, "after TYPE"))
			sec->type_value = parse_exp(p);
		break;
	default:
		break;
	}
	parse_expect_close(p, T_RPAREN, open);
}

/* atype: '(' type ')' | empty | '(' ')'   (after exp, if any) */
static void atype(struct parser *p, struct output_section *sec)
{
	if (parse_peek(p)->kind != T_LPAREN)
		return;
	struct token open = parse_advance(p);
	if (parse_accept(p, T_RPAREN))
		return;
	if (!is_type_kw(parse_peek(p)->kind)) {
		parse_expected(p, "a section type (NOLOAD, READONLY, COPY, INFO, "
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
	struct token *t = parse_peek(p);
	if (t->kind == K_BIND) {
		parse_advance(p);
		struct token open = *parse_peek(p);
		if (!parse_expect(p, T_LPAREN, "after BIND"))
			return;
		sec->addr = parse_exp(p);
		if (!parse_expect_close(p, T_RPAREN, &open.loc))
			return;
		if (parse_accept(p, K_BLOCK)) {
			struct token o2 = *parse_peek(p);
			if (!parse_expect(p, T_LPAREN, "after BLOCK"))
				return;
			parse_exp(p);
			if (!parse_expect_close(p, T_RPAREN, &o2.loc))
				return;
		}
		atype(p, sec);
	} else if (t->kind == T_LPAREN) {
		/* '(' starts either the type or a parenthesized address. */
		struct token open = parse_advance(p);
		enum tok k = parse_peek(p)->kind;
		if (k == T_RPAREN) {
			parse_advance(p);
		} else if (is_type_kw(k)) {
			section_type(p, sec, &open.loc);
		} else {
			struct expr *inner = parse_exp(p);
			if (!parse_expect_close(p, T_RPAREN, &open.loc))
				return;
			if (!parse_enter(p, open.loc))
				return;
			sec->addr = parse_exp_rest(p, inner);
			p->depth--;
			atype(p, sec);
		}
	} else if (t->kind != T_COLON) {
		sec->addr = parse_exp(p);
		atype(p, sec);
	}
	if (!p->failed && parse_peek(p)->kind != T_COLON)
		parse_error_at(p, parse_peek(p)->loc, "expected ':' after output section "
			 "'%s'%s, found %s", name, sec->addr ? " address" : "",
			 parse_describe(p, parse_peek(p)));
	else
		parse_advance(p);
}


/* memspec_opt memspec_at_opt phdr_opt fill_opt, then the backup of a
 * NAME read in the wrong mode, then opt_comma. */
static void section_tail(struct parser *p, const char **region,
			 struct loc *region_loc, const char **lma_region,
			 struct loc *lma_loc, struct name_list **phdrs,
			 struct expr **fill)
{
	if (region && parse_accept(p, T_GT)) {
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a memory region name after '>'");
			return;
		}
		struct token n = parse_advance(p);
		*region = n.text;
		*region_loc = n.loc;
	}
	if (lma_region && parse_peek(p)->kind == K_AT) {
		parse_advance(p);
		if (!parse_expect(p, T_GT, "after AT (a load region is written 'AT> REGION')"))
			return;
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a memory region name after 'AT>'");
			return;
		}
		struct token n = parse_advance(p);
		*lma_region = n.text;
		*lma_loc = n.loc;
	}
	struct name_list **tail = phdrs;
	while (parse_peek(p)->kind == T_COLON) {
		parse_advance(p);
		if (parse_peek(p)->kind != T_NAME) {
			parse_expected(p, "a program header name after ':'");
			return;
		}
		struct token n = parse_advance(p);
		*tail = parse_new_name(p, &n);
		tail = &(*tail)->next;
	}
	if (parse_accept(p, T_ASSIGN))
		*fill = parse_mustbe_exp(p);
	if (p->failed)
		return;
	parse_backup_if_name(p);
	parse_accept(p, T_COMMA);
}

static void statement_block(struct parser *p, struct stmt *owner,
			    struct stmt **body, struct loc *lbrace,
			    struct loc *rbrace)
{
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LBRACE, "to open the section body"))
		return;
	*lbrace = open.loc;
	struct sink inner = {body, owner};
	parse_list(p, LIST_STATEMENTS, &inner, true);
	struct token close = *parse_peek(p);
	if (parse_expect_close(p, T_RBRACE, &open.loc))
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
	struct stmt *st = parse_new_stmt(p, ST_OUTPUT_SECTION, name.loc, out);
	struct output_section *sec = arena_alloc(parse_arena(p), sizeof *sec);
	st->sec = sec;
	st->name = sec->name = name.text;
	st->name_loc = name.loc;
	sec->overlay = overlay;
	sec->constraint = T_EOF;
	parse_push_mode(p, MODE_EXPR);
	opt_exp_with_type(p, sec, name.text);
	sec->at = parse_keyword_paren(p, K_AT);
	sec->align = parse_keyword_paren(p, K_ALIGN);
	if (!p->failed && parse_accept(p, K_ALIGN_WITH_INPUT))
		sec->align_with_input = true;
	sec->subalign = parse_keyword_paren(p, K_SUBALIGN);
	if (!p->failed) {
		enum tok k = parse_peek(p)->kind;
		if (k == K_ONLY_IF_RO || k == K_ONLY_IF_RW || k == K_SPECIAL)
			sec->constraint = parse_advance(p).kind;
	}
	parse_pop_mode(p);
	if (p->failed)
		return st;
	parse_push_mode(p, MODE_WILD);
	if (parse_peek(p)->kind != T_LBRACE) {
		struct token *t = parse_peek(p);
		parse_error_at(p, t->loc, "expected '{' to open the body of output "
			 "section '%s', found %s", name.text, parse_describe(p, t));
		parse_pop_mode(p);
		return st;
	}
	statement_block(p, st, &sec->body, &sec->lbrace, &sec->rbrace);
	parse_pop_mode(p);
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
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_OVERLAY, kw.loc, out);
	struct overlay *ov = arena_alloc(parse_arena(p), sizeof *ov);
	st->ovl = ov;
	st->kw = K_OVERLAY;
	parse_push_mode(p, MODE_EXPR);
	if (parse_peek(p)->kind != T_COLON)
		ov->addr = parse_exp(p);
	parse_expect(p, T_COLON, "after OVERLAY");
	if (!p->failed && parse_accept(p, K_NOCROSSREFS))
		ov->nocrossrefs = true;
	ov->at = parse_keyword_paren(p, K_AT);
	ov->subalign = parse_keyword_paren(p, K_SUBALIGN);
	parse_pop_mode(p);
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LBRACE, "to open the OVERLAY"))
		return;
	struct stmt **tail = &ov->sections;
	while (!p->failed && parse_peek(p)->kind == T_NAME) {
		struct token name = parse_advance(p);
		struct sink sink = {tail, st};
		struct stmt *sec_st = parse_new_stmt(p, ST_OUTPUT_SECTION, name.loc, &sink);
		tail = sink.tail;
		struct output_section *sec = arena_alloc(parse_arena(p), sizeof *sec);
		sec_st->sec = sec;
		sec_st->name = sec->name = name.text;
		sec_st->name_loc = name.loc;
		sec->overlay = st;
		sec->constraint = T_EOF;
		parse_push_mode(p, MODE_WILD);
		statement_block(p, sec_st, &sec->body, &sec->lbrace, &sec->rbrace);
		parse_pop_mode(p);
		if (p->failed)
			return;
		section_tail(p, NULL, NULL, NULL, NULL, &sec->phdrs, &sec->fill);
	}
	if (!parse_expect_close(p, T_RBRACE, &open.loc))
		return;
	section_tail(p, &ov->region, &ov->region_loc, &ov->lma_region,
		     &ov->lma_region_loc, &ov->phdrs, &ov->fill);
}

/* GROUP { ldlex_expression (); } opt_exp_with_type { ldlex_popstate (); }
 *   '{' sec_or_group_p1 '}'   (svr3.ifile compatibility) */
static void svr3_group(struct parser *p, struct sink *out)
{
	struct token kw = parse_advance(p);
	struct stmt *st = parse_new_stmt(p, ST_GROUP, kw.loc, out);
	struct output_section dummy = {0};
	parse_push_mode(p, MODE_EXPR);
	opt_exp_with_type(p, &dummy, "GROUP");
	parse_pop_mode(p);
	st->addr = dummy.addr;
	struct token open = *parse_peek(p);
	if (!parse_expect(p, T_LBRACE, "after GROUP"))
		return;
	struct sink inner = {&st->body, st};
	parse_list(p, LIST_SECTIONS, &inner, true);
	parse_expect_close(p, T_RBRACE, &open.loc);
}

/* sec_or_group_p1 items: section | statement_anywhere | OVERLAY | GROUP
 * | INCLUDE */
void parse_sections_item(struct parser *p, struct sink *out)
{
	struct token *t = parse_peek(p);
	switch (t->kind) {
	case T_NAME: {
		struct token name = parse_advance(p);
		if (parse_is_assign_op(parse_peek(p)->kind)) {
			parse_assignment_after_name(p, name, out);
			parse_separator(p, "the assignment");
		} else {
			output_section(p, name, out, NULL);
		}
		return;
	}
	case K_HIDDEN:
	case K_PROVIDE:
	case K_PROVIDE_HIDDEN:
		parse_provide_assignment(p, out);
		parse_separator(p, "the assignment");
		return;
	case K_ENTRY:
		parse_entry(p, out);
		return;
	case K_ASSERT:
		parse_assert_stmt(p, out);
		parse_pop_mode(p);
		return;
	case K_OVERLAY:
		overlay(p, out);
		return;
	case K_GROUP:
		svr3_group(p, out);
		return;
	case K_INCLUDE:
		parse_include(p, LIST_SECTIONS, out);
		return;
	case T_SEMI:
		parse_error_at(p, t->loc, "stray ';' inside SECTIONS: GNU ld accepts "
			 "';' only after an assignment here; remove it");
		return;
	default:
		parse_expected(p, "an output section, an assignment or '}' in SECTIONS");
	}
}

/* SECTIONS '{' sec_or_group_p1 '}' */
void parse_sections(struct parser *p, struct sink *out)
{
	parse_keyword_block(p, out, ST_SECTIONS, K_SECTIONS, LIST_SECTIONS,
			    "after SECTIONS");
}

