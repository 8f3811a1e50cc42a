/*
 * parse_impl: what the three parts of the parser share (parse.c: tokens,
 * errors, INCLUDE, MEMORY, PHDRS, VERSION and the top level;
 * parse_expr.c: expressions; parse_sections.c: SECTIONS, output sections
 * and input section descriptions).  Not for use outside the parser.
 */
#ifndef LDLINT_PARSE_IMPL_H
#define LDLINT_PARSE_IMPL_H

#include "parse.h"

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
	struct strmap real_idx;		/* path -> its realpath in reals[] */
	const char **reals;
	size_t nreals;
	struct name_list **files_tail;	/* where s->files grows */
	struct mem_region **regions_tail;	/* where s->regions grows */
	unsigned nregions;		/* regions declared so far */
};

/* Where parsed statements go: a list and the statement that owns it. */
struct sink {
	struct stmt **tail;
	struct stmt *parent;
};

/* The lists a file or a block holds; an INCLUDEd file holds one whole. */
enum list_kind { LIST_IFILE, LIST_SECTIONS, LIST_STATEMENTS, LIST_MEMORY };

/* parse.c: tokens and modes */
struct arena *parse_arena(struct parser *p);
void parse_push_mode(struct parser *p, enum lex_mode m);
void parse_pop_mode(struct parser *p);
struct token *parse_peek(struct parser *p);		/* lex on demand */
struct token parse_advance(struct parser *p);		/* consume */
bool parse_accept(struct parser *p, enum tok kind);	/* consume if kind */
void parse_backup_if_name(struct parser *p);		/* ldlex_backup */
bool parse_is_assign_op(enum tok k);

/* parse.c: errors ('syntax' findings; the first one per statement) */
const char *parse_describe(struct parser *p, const struct token *t);
struct loc parse_near(struct parser *p, const struct token *t);
void parse_error_at(struct parser *p, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void parse_fatal(struct parser *p, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void parse_expected(struct parser *p, const char *what);
bool parse_expect(struct parser *p, enum tok kind, const char *context);
/* The same with the context "after WHAT", written only when it is
 * needed. */
bool parse_expect_after(struct parser *p, enum tok kind, const char *what);
bool parse_expect_close(struct parser *p, enum tok kind, const struct loc *open);

/* parse.c: AST nodes in the script's arena */
struct stmt *parse_new_stmt(struct parser *p, enum stmt_kind kind,
			    struct loc loc, struct sink *out);
struct expr *parse_new_expr(struct parser *p, enum expr_kind kind, int op,
			    struct loc loc);
struct name_list *parse_new_name(struct parser *p, const struct token *t);

/* parse.c: statements that appear in several places */
struct stmt *parse_assignment_after_name(struct parser *p, struct token name,
					 struct sink *out);
struct stmt *parse_provide_assignment(struct parser *p, struct sink *out);
void parse_separator(struct parser *p, const char *after);
struct stmt *parse_assert_stmt(struct parser *p, struct sink *out);
void parse_entry(struct parser *p, struct sink *out);
void parse_include(struct parser *p, enum list_kind kind, struct sink *out);
void parse_list(struct parser *p, enum list_kind kind, struct sink *out,
		bool in_block);
/* KEYWORD '{' list '}' (MEMORY, SECTIONS) as one statement of 'type'. */
void parse_keyword_block(struct parser *p, struct sink *out, enum stmt_kind type,
			 enum tok kw_id, enum list_kind list, const char *where);

/* parse_expr.c */
bool parse_enter(struct parser *p, struct loc loc);	/* nesting limit */
struct expr *parse_exp(struct parser *p);
struct expr *parse_exp_rest(struct parser *p, struct expr *first);
struct expr *parse_mustbe_exp(struct parser *p);	/* in EXPRESSION mode */
struct expr *parse_keyword_paren(struct parser *p, enum tok kw);	/* KW(exp) */

/* parse_sections.c */
void parse_sections(struct parser *p, struct sink *out);
void parse_sections_item(struct parser *p, struct sink *out);
void parse_wild_statement(struct parser *p, struct sink *out);

#endif
