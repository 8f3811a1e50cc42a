/*
 * lex: the modal lexer of the GNU ld 2.40 script language.
 *
 * GNU ld's flex lexer tokenizes the same characters differently depending
 * on a mode the parser pushes and pops (ld-grammar.md section 1).  This
 * lexer reproduces each mode's rules and flex's choice among them: the
 * longest match wins, and on equal length the rule written first in
 * ld/ldlex.l wins.  That is what makes 'a=1' one name in a script, 'add' a
 * number in an expression and '.text,' one pattern inside an output section.
 *
 * The lexer does not know the grammar; the parser asks for one token at a
 * time in the mode it is in.  It records lexical events the rules care
 * about (dropped characters, octal literals, names read as numbers) once
 * per source offset, even when a token is lexed again after a backup.
 */
#ifndef LDLINT_LEX_H
#define LDLINT_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loc.h"
#include "util.h"

enum lex_mode {
	MODE_SCRIPT,	/* top level, MEMORY, SECTIONS between sections */
	MODE_EXPR,	/* expressions, output section headers */
	MODE_WILD,	/* inside an output section's braces */
	MODE_INPUTLIST,	/* INPUT(...), GROUP(...) file lists */
	MODE_VERSION,	/* VERSION {...}: the lexer tracks its sub-states */
	MODE_COUNT
};

/* Token kinds.  The keyword part of the list is generated from the table
 * in lex.c; the order here is only for reading. */
enum tok {
	T_EOF, T_NAME, T_INT, T_LNAME, T_VERS_TAG, T_VERS_IDENT,
	T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET,
	T_SEMI, T_COMMA, T_COLON, T_ASSIGN,
	T_PLUSEQ, T_MINUSEQ, T_MULTEQ, T_DIVEQ, T_LSHIFTEQ, T_RSHIFTEQ,
	T_ANDEQ, T_OREQ,
	T_OROR, T_ANDAND, T_EQ, T_NE, T_LE, T_GE, T_LSHIFT, T_RSHIFT,
	T_LT, T_GT, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_AMP, T_PIPE, T_TILDE, T_BANG, T_QUESTION,
	/* keywords */
	K_MEMORY, K_REGION_ALIAS, K_LD_FEATURE, K_ORIGIN, K_VERSION, K_BLOCK,
	K_BIND, K_LENGTH, K_ALIGN, K_DATA_SEGMENT_ALIGN,
	K_DATA_SEGMENT_RELRO_END, K_DATA_SEGMENT_END, K_ADDR, K_LOADADDR,
	K_ALIGNOF, K_ABSOLUTE, K_MAX, K_MIN, K_LOG2CEIL, K_ASSERT, K_ENTRY,
	K_EXTERN, K_NEXT, K_SIZEOF_HEADERS, K_SEGMENT_START, K_MAP, K_SIZEOF,
	K_TARGET, K_SEARCH_DIR, K_OUTPUT, K_INPUT, K_GROUP, K_AS_NEEDED,
	K_DEFINED, K_CREATE_OBJECT_SYMBOLS, K_CONSTRUCTORS,
	K_FORCE_COMMON_ALLOCATION, K_FORCE_GROUP_ALLOCATION,
	K_INHIBIT_COMMON_ALLOCATION, K_SECTIONS, K_INSERT, K_AFTER, K_BEFORE,
	K_FILL, K_STARTUP, K_OUTPUT_FORMAT, K_OUTPUT_ARCH, K_HLL, K_SYSLIB,
	K_FLOAT, K_QUAD, K_SQUAD, K_LONG, K_SHORT, K_BYTE, K_NOFLOAT,
	K_NOCROSSREFS, K_NOCROSSREFS_TO, K_OVERLAY, K_SORT_BY_NAME,
	K_SORT_BY_ALIGNMENT, K_SORT_BY_INIT_PRIORITY, K_SORT_NONE, K_NOLOAD,
	K_READONLY, K_DSECT, K_COPY, K_INFO, K_TYPE, K_ONLY_IF_RO,
	K_ONLY_IF_RW, K_SPECIAL, K_INPUT_SECTION_FLAGS, K_INCLUDE, K_PHDRS,
	K_AT, K_ALIGN_WITH_INPUT, K_SUBALIGN, K_HIDDEN, K_PROVIDE,
	K_PROVIDE_HIDDEN, K_KEEP, K_EXCLUDE_FILE, K_CONSTANT,
	K_GLOBAL, K_LOCAL, K_VERS_EXTERN,
	T_COUNT
};

struct token {
	enum tok kind;
	struct loc loc;		/* first byte; len = bytes of the lexeme */
	const char *text;	/* NAME: the name (quotes stripped); INT: the
				   literal as written; else the lexeme */
	uint64_t value;		/* INT: value as GNU ld computes it */
	bool quoted;		/* NAME written in double quotes */
	size_t offset;		/* byte offset of the lexeme in the source */
	size_t line_start;	/* offset of the first byte of its line */
};

/* Lexical events worth a finding; the rules read them from the script. */
enum lex_event_kind {
	LEXE_INVALID_CHAR,	/* a character ld drops with a warning */
	LEXE_OCTAL,		/* an INT with a leading 0 read as octal */
	LEXE_NUMERIC_NAME,	/* a name-like word ld reads as a number */
	LEXE_NUMBER_OVERFLOW,	/* an INT past 2^64: value = what ld uses */
	LEXE_HASH_COMMENT,	/* a '#' comment (ld >= 2.3x only) */
	LEXE_DIRECTIVE,		/* a comment holding "ldlint-": its text, and
				   loc.line = the line the comment ends on */
};

struct lex_event {
	enum lex_event_kind kind;
	struct loc loc;
	const char *text;	/* the character or lexeme */
	uint64_t value;		/* INT events: the value ld uses */
	enum lex_mode mode;	/* mode the lexeme was read in */
	struct lex_event *next;
};

struct lexer {
	const char *text;	/* the source, NUL after the end; not owned */
	size_t len;		/* bytes */
	size_t pos;		/* next byte to read */
	unsigned line;		/* line of text[pos] */
	size_t line_start;	/* offset of that line's first byte */
	const char *file;	/* name put in locations (cpp markers move it) */
	bool cpp_markers;	/* read '# N "file"' lines as line markers */
	struct arena *arena;	/* token texts and events */
	struct lex_event **events;	/* where to append events; may be NULL */
	size_t event_mark;	/* events are recorded past this offset only */
	int vers_state;		/* MODE_VERSION sub-state (0 start, 1 script, 2 node) */
	int vers_nesting;	/* brace depth inside a version node */
	unsigned quoted_newlines;	/* line breaks inside quoted names so
				   far, which ld's line count leaves out */
	bool binary;		/* the text holds a NUL byte at 'len' (the
				   lexer stops there with an error) */
	struct loc error;	/* set when a fatal lexical error occurred */
	const char *error_msg;	/* its message (static string) */
};

void lex_init(struct lexer *lx, const char *text, size_t len,
	      const char *file, struct arena *arena);

/* The next token in 'mode'.  At the end of input, or after a fatal lexical
 * error (lx->error_msg set), returns T_EOF. */
struct token lex_next(struct lexer *lx, enum lex_mode mode);

/* Puts 'tok' back so that the next lex_next reads it again, possibly in
 * another mode (GNU ld's ldlex_backup). */
void lex_backup(struct lexer *lx, const struct token *tok);

/* "'{'", "name", "'MEMORY'"... for messages. */
const char *tok_describe(enum tok kind);

/* The value GNU ld gives the digits 's' (n bytes) in 'base' (0 = C-style
 * prefix detection), saturating like strtoul; *overflow (may be NULL)
 * says whether it saturated. */
uint64_t lex_scan_number(const char *s, size_t n, int base, bool *overflow);

#endif
