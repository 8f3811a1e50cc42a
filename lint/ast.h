/*
 * ast: the AST of a GNU ld linker script.
 *
 * The parser (parse.c) builds it; the model builder (model_script.c) and
 * the rules read it; script.c loads a script from disk.  Every node keeps the location of the text it came from, and every
 * name and pattern keeps the exact text ld will use (quotes stripped, as
 * ld strips them).  INCLUDEd files are spliced into the statement list
 * where the INCLUDE stands, as ld does; their nodes point into the
 * included file.  All memory belongs to the script's arena.
 */
#ifndef LDLINT_AST_H
#define LDLINT_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "lex.h"
#include "loc.h"

enum expr_kind {
	EX_INT,		/* a number */
	EX_NAME,	/* a symbol, or '.' */
	EX_UNARY,	/* op: T_MINUS T_BANG T_TILDE (unary '+' is dropped) */
	EX_BINARY,	/* op: the operator's token */
	EX_TERNARY,	/* a ? b : c */
	EX_CALL,	/* a builtin; op: enum builtin */
};

enum builtin {
	F_ABSOLUTE, F_ADDR, F_ALIGN, F_ALIGNOF, F_ASSERT, F_BLOCK, F_CONSTANT,
	F_DATA_SEGMENT_ALIGN, F_DATA_SEGMENT_END, F_DATA_SEGMENT_RELRO_END,
	F_DEFINED, F_LENGTH, F_LOADADDR, F_LOG2CEIL, F_MAX, F_MIN, F_NEXT,
	F_ORIGIN, F_SEGMENT_START, F_SIZEOF, F_SIZEOF_HEADERS,
};

struct expr {
	enum expr_kind kind;
	int op;			/* see enum expr_kind */
	struct loc loc;		/* the literal, name, operator or function */
	uint64_t value;		/* EX_INT: GNU ld's value of the literal */
	const char *text;	/* EX_INT: literal as written; EX_NAME: symbol;
				   EX_CALL: the name argument (section, region,
				   symbol, constant, segment or message) */
	struct loc arg_loc;	/* EX_CALL: where the name argument is */
	struct expr *a, *b, *c;	/* operands / arguments in written order */
};

struct name_list {
	const char *name;	/* as ld uses it */
	struct loc loc;
	bool flag;		/* INPUT/GROUP: inside AS_NEEDED; -l: see lname */
	bool lname;		/* INPUT/GROUP: written -lNAME */
	struct name_list *next;
};

/* SORT_* wrappers of a pattern, outermost first. */
enum sort_kind {
	SORT_NONE_GIVEN, SORT_NAME, SORT_ALIGNMENT, SORT_INIT_PRIORITY, SORT_NONE_KW,
};

struct pattern {
	const char *text;		/* the glob exactly as ld reads it */
	struct loc loc;
	enum sort_kind sort[2];		/* outer, inner */
	struct name_list *exclude;	/* EXCLUDE_FILE(...) names */
	struct pattern *next;
};

enum input_form {
	IN_FILE_SECTIONS,	/* file(sections) */
	IN_WHOLE_FILE,		/* a bare file name: all its sections */
	IN_BRACKETS,		/* [sections]: obsolete any-file form */
};

struct input_spec {
	enum input_form form;
	bool keep;			/* inside KEEP(...) */
	struct loc keep_loc;
	struct name_list *flags;	/* INPUT_SECTION_FLAGS(...) terms */
	struct pattern *file;		/* NULL for IN_BRACKETS */
	struct pattern *sections;	/* NULL for IN_WHOLE_FILE */
};

enum section_type {
	STYPE_NORMAL, STYPE_NOLOAD, STYPE_DSECT, STYPE_COPY, STYPE_INFO,
	STYPE_OVERLAY, STYPE_READONLY, STYPE_TYPE,
};

struct stmt;

struct output_section {
	const char *name;
	struct expr *addr;		/* VMA expression or NULL */
	enum section_type type;
	struct expr *type_value;	/* TYPE = value, READONLY(TYPE = value) */
	struct expr *at;		/* AT(lma) */
	struct expr *align;		/* ALIGN(n) after ':' */
	bool align_with_input;
	struct expr *subalign;
	enum tok constraint;		/* K_ONLY_IF_RO / RW / SPECIAL or T_EOF */
	struct stmt *body;		/* statements inside the braces */
	const char *region;		/* '> NAME' as written, or NULL */
	struct loc region_loc;
	const char *lma_region;		/* 'AT> NAME' as written, or NULL */
	struct loc lma_region_loc;
	struct name_list *phdrs;	/* ':NAME' program headers */
	struct expr *fill;		/* '= fill' */
	struct loc lbrace, rbrace;	/* the body's braces */
	struct stmt *overlay;		/* the OVERLAY it belongs to, or NULL */
};

struct overlay {
	struct expr *addr;
	bool nocrossrefs;
	struct expr *at;
	struct expr *subalign;
	struct stmt *sections;		/* ST_OUTPUT_SECTION list */
	const char *region, *lma_region;
	struct loc region_loc, lma_region_loc;
	struct name_list *phdrs;
	struct expr *fill;
};

/* MEMORY attribute bits, in the order ld's map prints them. */
enum {
	MATTR_A = 1, MATTR_X = 2, MATTR_R = 4, MATTR_W = 8, MATTR_L = 16,
};

struct mem_region {
	const char *name;
	struct loc loc;			/* the region's name */
	unsigned flags;			/* MATTR_* given */
	unsigned not_flags;		/* MATTR_* given after '!' */
	bool has_attributes;		/* '(...)' was written */
	struct loc attr_loc;		/* the '(' */
	struct expr *origin, *length;
	struct loc origin_loc, length_loc;	/* the ORIGIN / LENGTH keyword */
	struct mem_region *next;	/* declaration order */
};

struct phdr {
	const char *name;
	struct loc loc;
	struct expr *type;
	bool filehdr, phdrs;
	struct expr *at, *flags;
	struct phdr *next;
};

enum stmt_kind {
	ST_ASSIGN,	/* name op value, PROVIDE/HIDDEN forms */
	ST_ASSERT,	/* ASSERT(value, text) */
	ST_ENTRY,	/* ENTRY(text) */
	ST_MEMORY,	/* MEMORY {...}: regions were added to script->regions */
	ST_REGION_ALIAS,/* REGION_ALIAS(text, text2) */
	ST_SECTIONS,	/* SECTIONS { body } */
	ST_OUTPUT_SECTION,
	ST_OVERLAY,
	ST_INPUT,	/* an input section description */
	ST_DATA,	/* BYTE SHORT LONG QUAD SQUAD (keyword in 'kw') */
	ST_FILL,	/* FILL(value) */
	ST_MARKER,	/* CREATE_OBJECT_SYMBOLS, CONSTRUCTORS, FLOAT... ('kw') */
	ST_COMMAND,	/* OUTPUT_FORMAT, INPUT, SEARCH_DIR, ... ('kw', 'names') */
	ST_PHDRS,
	ST_VERSION,
	ST_INCLUDE,	/* the included statements follow in the same list */
	ST_GROUP,	/* svr3 GROUP section group inside SECTIONS */
};

struct stmt {
	enum stmt_kind kind;
	struct loc loc;			/* first token of the statement */
	struct stmt *next;
	enum tok kw;			/* the keyword that starts it, if any */
	/* ST_ASSIGN */
	const char *name;		/* also ENTRY, ASSERT message, INCLUDE path,
					   REGION_ALIAS alias */
	const char *name2;		/* REGION_ALIAS region, INCLUDE resolved path */
	struct loc name_loc, name2_loc;
	enum tok op;			/* T_ASSIGN or a compound assignment */
	bool provide, hidden;
	struct expr *value;		/* ASSIGN, ASSERT, DATA, FILL */
	bool sorted;			/* SORT(CONSTRUCTORS) */
	struct name_list *names;	/* ST_COMMAND arguments */
	struct stmt *body;		/* ST_SECTIONS, ST_GROUP */
	struct expr *addr;		/* ST_GROUP address */
	struct output_section *sec;	/* ST_OUTPUT_SECTION */
	struct overlay *ovl;		/* ST_OVERLAY */
	struct input_spec *in;		/* ST_INPUT */
	struct phdr *phdr_list;		/* ST_PHDRS */
	struct stmt *parent;		/* enclosing SECTIONS/section/overlay */
	unsigned regions_before;	/* REGION_ALIAS: MEMORY regions declared
					   before it (ld resolves it then) */
};

struct script {
	struct arena arena;		/* owns everything below */
	const char *path;		/* the main script */
	struct stmt *stmts;		/* top level, in order, INCLUDEs spliced */
	struct mem_region *regions;	/* every MEMORY region, declaration order */
	struct lex_event *events;	/* lexical events, in source order */
	struct name_list *files;	/* every file read, once: main, then
					   INCLUDEs in the order first read */
	bool failed;			/* a syntax finding was reported */
	bool fatal;			/* parsing stopped early (like ld) */
};

/* Options for loading a script. */
struct script_options {
	const char **include_dirs;	/* -I, in order; NULL-terminated or NULL */
	const char *cpp;		/* --cpp command, or NULL */
	const char **cpp_args;		/* -D/-U/-I for cpp, NULL-terminated */
	bool force_cpp;			/* run cpp whatever the file name */
	bool sandbox;			/* INCLUDE only relative names without
					   '..' (the fuzzer sets this) */
};

/* A --defsym NAME=VALUE; arrays of them end with name NULL. */
struct defsym {
	const char *name;
	uint64_t value;
};

void script_free(struct script *s);

/* Calls fn for every statement, depth first, in source order (bodies of
 * SECTIONS, output sections and overlays included). */
void script_walk(struct stmt *list, void (*fn)(struct stmt *, void *),
		 void *ctx);

/* Calls fn for every node of the expression in written order (an operator
 * before its operands) until fn returns true; returns whether it did.
 * Iterative: a chain of a million operators costs no stack. */
bool expr_find(const struct expr *e,
	       bool (*fn)(const struct expr *, void *), void *ctx);

#endif
