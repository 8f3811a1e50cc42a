/*
 * Parser: the AST it builds, its error messages and its recovery.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "script.h"
#include "unit.h"
#include "rules.h"

struct parsed {
	struct arena arena;
	struct diag d;
	struct script *s;
};

static void parse(struct parsed *p, const char *text)
{
	memset(p, 0, sizeof *p);
	rules_diag_init(&p->d, &p->arena);
	p->s = script_parse_buffer("t.ld", text, strlen(text), NULL, &p->d);
}

static void done(struct parsed *p)
{
	script_free(p->s);
	arena_free(&p->arena);
}

static unsigned nfindings(const struct parsed *p)
{
	unsigned n = 0;
	for (const struct finding *f = p->d.head; f; f = f->next)
		n++;
	return n;
}

static const struct stmt *find_kind(const struct stmt *list, enum stmt_kind k)
{
	for (const struct stmt *st = list; st; st = st->next) {
		if (st->kind == k)
			return st;
		const struct stmt *in = st->body ? find_kind(st->body, k) : NULL;
		if (in)
			return in;
		if (st->sec && (in = find_kind(st->sec->body, k)))
			return in;
	}
	return NULL;
}

/* The expression assigned to 'x' in a one-assignment script. */
static const struct expr *rhs(struct parsed *p, const char *text)
{
	parse(p, text);
	ck_assert_uint_eq(nfindings(p), 0);
	const struct stmt *st = p->s->stmts;
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(st->kind, ST_ASSIGN);
	return st->value;
}

START_TEST(precedence)
{
	struct parsed p;
	const struct expr *e = rhs(&p, "x = 1 + 2 * 3;");
	ck_assert_int_eq(e->kind, EX_BINARY);
	ck_assert_int_eq(e->op, T_PLUS);
	ck_assert_int_eq(e->b->op, T_STAR);
	done(&p);
	e = rhs(&p, "x = 1 - 2 - 3;");	/* left associative */
	ck_assert_int_eq(e->op, T_MINUS);
	ck_assert_int_eq(e->a->op, T_MINUS);
	done(&p);
	e = rhs(&p, "x = a || b && c | d & e == f < g << h + i * -j;");
	ck_assert_int_eq(e->op, T_OROR);
	e = e->b;
	ck_assert_int_eq(e->op, T_ANDAND);
	e = e->b;
	ck_assert_int_eq(e->op, T_PIPE);
	e = e->b;
	ck_assert_int_eq(e->op, T_AMP);
	e = e->b;
	ck_assert_int_eq(e->op, T_EQ);
	e = e->b;
	ck_assert_int_eq(e->op, T_LT);
	e = e->b;
	ck_assert_int_eq(e->op, T_LSHIFT);
	e = e->b;
	ck_assert_int_eq(e->op, T_PLUS);
	e = e->b;
	ck_assert_int_eq(e->op, T_STAR);
	ck_assert_int_eq(e->b->kind, EX_UNARY);
	done(&p);
	e = rhs(&p, "x = a ? b : c ? d : e;");	/* right associative */
	ck_assert_int_eq(e->kind, EX_TERNARY);
	ck_assert_int_eq(e->c->kind, EX_TERNARY);
	done(&p);
	e = rhs(&p, "x = a || b ? c : d;");
	ck_assert_int_eq(e->kind, EX_TERNARY);
	ck_assert_int_eq(e->a->op, T_OROR);
	done(&p);
}
END_TEST

START_TEST(every_builtin)
{
	static const struct { const char *src; enum builtin fn; const char *arg; } cases[] = {
		{"ABSOLUTE(1)", F_ABSOLUTE, NULL}, {"ADDR(.text)", F_ADDR, ".text"},
		{"ALIGN(4)", F_ALIGN, NULL}, {"ALIGN(., 4)", F_ALIGN, NULL},
		{"ALIGNOF(.data)", F_ALIGNOF, ".data"}, {"BLOCK(8)", F_BLOCK, NULL},
		{"CONSTANT(MAXPAGESIZE)", F_CONSTANT, "MAXPAGESIZE"},
		{"DATA_SEGMENT_ALIGN(1, 2)", F_DATA_SEGMENT_ALIGN, NULL},
		{"DATA_SEGMENT_RELRO_END(0, .)", F_DATA_SEGMENT_RELRO_END, NULL},
		{"DATA_SEGMENT_END(.)", F_DATA_SEGMENT_END, NULL},
		{"DEFINED(sym)", F_DEFINED, "sym"}, {"LENGTH(RAM)", F_LENGTH, "RAM"},
		{"LOADADDR(.data)", F_LOADADDR, ".data"},
		{"LOG2CEIL(9)", F_LOG2CEIL, NULL}, {"MAX(1, 2)", F_MAX, NULL},
		{"MIN(1, 2)", F_MIN, NULL}, {"NEXT(4)", F_NEXT, NULL},
		{"ORIGIN(FLASH)", F_ORIGIN, "FLASH"},
		{"SEGMENT_START(\"text-segment\", 0)", F_SEGMENT_START, "text-segment"},
		{"SIZEOF(.text-x)", F_SIZEOF, ".text-x"},
		{"SIZEOF_HEADERS", F_SIZEOF_HEADERS, NULL},
		{"ASSERT(1, \"msg\")", F_ASSERT, "msg"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "x = %s;", cases[i].src);
		struct parsed p;
		const struct expr *e = rhs(&p, text);
		ck_assert_int_eq(e->kind, EX_CALL);
		ck_assert_int_eq(e->op, cases[i].fn);
		if (cases[i].arg)
			ck_assert_str_eq(e->text, cases[i].arg);
		done(&p);
	}
	struct parsed p;
	const struct expr *e = rhs(&p, "x = ALIGN(., 8);");
	ck_assert_ptr_nonnull(e->b);
	done(&p);
}
END_TEST

START_TEST(output_section_fields)
{
	struct parsed p;
	parse(&p, "MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 64K\n"
		  "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 8K }\n"
		  "SECTIONS {\n"
		  "  .data : AT(0x100) ALIGN(8) SUBALIGN(4) {\n"
		  "    KEEP(*(.data .data.*, .x))\n"
		  "  } > RAM AT> FLASH :text =0xff\n"
		  "  .bss (NOLOAD) : { *(.bss) } >RAM\n"
		  "}\n");
	ck_assert_uint_eq(nfindings(&p), 0);
	const struct stmt *st = find_kind(p.s->stmts, ST_OUTPUT_SECTION);
	ck_assert_ptr_nonnull(st);
	const struct output_section *sec = st->sec;
	ck_assert_str_eq(sec->name, ".data");
	ck_assert_uint_eq(st->name_loc.line, 4);
	ck_assert_uint_eq(st->name_loc.col, 3);
	ck_assert_str_eq(sec->region, "RAM");
	ck_assert_str_eq(sec->lma_region, "FLASH");
	ck_assert_ptr_nonnull(sec->at);
	ck_assert_ptr_nonnull(sec->align);
	ck_assert_ptr_nonnull(sec->subalign);
	ck_assert_ptr_nonnull(sec->fill);
	ck_assert_str_eq(sec->phdrs->name, "text");
	const struct stmt *in = sec->body;
	ck_assert_int_eq(in->kind, ST_INPUT);
	ck_assert(in->in->keep);
	ck_assert_str_eq(in->in->file->text, "*");
	ck_assert_str_eq(in->in->sections->text, ".data");
	ck_assert_str_eq(in->in->sections->next->text, ".data.*,");
	ck_assert_str_eq(in->in->sections->next->next->text, ".x");
	ck_assert_int_eq(st->next->sec->type, STYPE_NOLOAD);
	ck_assert_str_eq(p.s->regions->name, "FLASH");
	ck_assert_uint_eq(p.s->regions->flags, MATTR_R | MATTR_X);
	done(&p);
}
END_TEST

START_TEST(assignment_in_section_is_a_file)
{
	/* Q1: inside an output section 'a=1;' is an input file */
	struct parsed p;
	parse(&p, "SECTIONS { .t : { a=1; *(.t) } }");
	ck_assert_uint_eq(nfindings(&p), 0);
	const struct stmt *in = find_kind(p.s->stmts, ST_INPUT);
	ck_assert_int_eq(in->in->form, IN_WHOLE_FILE);
	ck_assert_str_eq(in->in->file->text, "a=1");
	done(&p);
}
END_TEST

START_TEST(error_messages)
{
	struct parsed p;
	parse(&p, "SECTIONS {\n  .t : { *(.t) }\n");
	ck_assert_uint_eq(nfindings(&p), 1);
	ck_assert_str_eq(p.d.head->message,
			 "'}' expected (to close '{' at line 1), found end of file");
	ck_assert_uint_eq(p.d.head->loc.line, 2);	/* the last line */
	ck_assert(p.s->failed);
	done(&p);
	parse(&p, "a=1;\n");
	ck_assert_uint_eq(nfindings(&p), 1);
	ck_assert_ptr_nonnull(strstr(p.d.head->message, "one name to GNU ld"));
	done(&p);
	parse(&p, "SECTIONS {\n  .t : { *(.t) } ;\n}\n");
	ck_assert_ptr_nonnull(strstr(p.d.head->message, "stray ';'"));
	ck_assert_uint_eq(p.d.head->loc.line, 2);
	done(&p);
	parse(&p, "MEMORY { R (rq) : ORIGIN = 0, LENGTH = 1K }\nx = ;\n");
	ck_assert_uint_eq(nfindings(&p), 1);	/* fatal: nothing after it */
	ck_assert_ptr_nonnull(strstr(p.d.head->message, "invalid MEMORY attribute 'q'"));
	ck_assert_uint_eq(p.d.head->loc.col, 14);
	ck_assert(p.s->fatal);
	done(&p);
}
END_TEST

START_TEST(recovery)
{
	/* one finding per broken statement, none for the cascade */
	struct parsed p;
	parse(&p, "a = ;\nb = 2;\nc = ) ( ;\nd = 4;\n");
	ck_assert_uint_eq(nfindings(&p), 2);
	ck_assert_uint_eq(p.d.head->loc.line, 1);
	ck_assert_uint_eq(p.d.head->next->loc.line, 3);
	/* the good statements are in the AST */
	unsigned assigns = 0;
	for (const struct stmt *st = p.s->stmts; st; st = st->next)
		assigns += st->kind == ST_ASSIGN && st->value && st->value->kind == EX_INT;
	ck_assert_uint_ge(assigns, 2);
	done(&p);
	parse(&p, "SECTIONS {\n  .a : { *(.a) ) }\n  .b : { *(.b) }\n  .c : { *(.c }\n}\n");
	ck_assert_uint_eq(nfindings(&p), 2);
	ck_assert_uint_eq(p.d.head->loc.line, 2);
	ck_assert_uint_eq(p.d.head->next->loc.line, 4);
	done(&p);
}
END_TEST

START_TEST(nesting_limit)
{
	char text[2200] = "x = ";
	for (int i = 0; i < 1000; i++)
		strcat(text, "(");
	struct parsed p;
	parse(&p, text);
	ck_assert_uint_eq(nfindings(&p), 1);
	ck_assert_ptr_nonnull(strstr(p.d.head->message, "nested too deeply"));
	done(&p);
}
END_TEST

START_TEST(include_errors)
{
	struct parsed p;
	parse(&p, "x = 1;\nINCLUDE no-such-file.ld\n");
	ck_assert_uint_eq(nfindings(&p), 1);
	ck_assert_uint_eq(p.d.head->loc.line, 2);
	ck_assert_ptr_nonnull(strstr(p.d.head->message, "cannot open INCLUDE file "
				     "'no-such-file.ld'"));
	done(&p);
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("grammar");
	tcase_add_test(tc, precedence);
	tcase_add_test(tc, every_builtin);
	tcase_add_test(tc, output_section_fields);
	tcase_add_test(tc, assignment_in_section_is_a_file);
	tcase_add_test(tc, error_messages);
	tcase_add_test(tc, recovery);
	tcase_add_test(tc, nesting_limit);
	tcase_add_test(tc, include_errors);
	suite_add_tcase(s, tc);
	return s;
}
