/*
 * eval: constant folding of what the linker script alone determines.
 *
 * GNU ld evaluates MEMORY after one pass over the script's assignments:
 * the symbols get their values in script order (a symbol used before its
 * assignment is undefined then), and the regions are then evaluated in
 * declaration order, where ORIGIN()/LENGTH() of a region not evaluated yet
 * reads ld's defaults (origin 0, length all ones).  This file reproduces
 * that, then makes a second pass with the regions known to give symbols
 * and output sections their final values where the script fixes them: a
 * section at an explicit address, the first section placed in a region,
 * and sections after those whose size the script alone gives (data
 * statements and moves of '.').  Everything else stays unknown; nothing
 * becomes 0 by default.  Values are 64-bit like ld's bfd_vma; '/' and '%'
 * are signed, as in ld.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Alignment assumed for the input sections at the start of a section
 * placed by region or location counter: a start address aligned to this
 * is taken as the section's address. */
enum { ASSUMED_INPUT_ALIGN = 16 };

struct symtab_entry {
	const char *name;
	struct val value;
	const struct stmt *def;
	unsigned assignments;		/* pass B: how many set it */
};

enum phase {
	PHASE_SYMBOLS,	/* pass A: no region evaluated yet */
	PHASE_REGIONS,	/* MEMORY being evaluated, in declaration order */
	PHASE_FINAL,	/* pass B: regions known */
};

struct eval {
	struct model *m;
	struct symtab_entry *syms;
	size_t nsyms, capsyms;
	struct strmap symidx;		/* name -> index into syms */
	struct strmap readidx;		/* names read before any definition */
	enum phase phase;
	size_t regions_done;		/* PHASE_REGIONS: regions evaluated */
	bool forward_ref;		/* a region not evaluated yet was read */
	struct val dot;			/* location counter, absolute */
	bool in_section;		/* inside an output section's braces */
	unsigned quiet;			/* > 0: evaluating what ld may never
					   evaluate (a branch of ?: not known
					   to be taken, a PROVIDE) */
	const struct model *image;	/* model_eval: read linked values */
	const struct mem_region *memory;	/* PHASE_REGIONS: the region ... */
	bool memory_origin;		/* ... and whether its ORIGIN is read */
	struct val section_start;	/* ... and its VMA */
	const struct expr **spine;	/* eval_chain's stack (xgrow) */
	size_t nspine;
};

static const struct val UNKNOWN = {false, 0, false};

static struct val known(uint64_t v)
{
	struct val r = {true, v, false};
	return r;
}

/* A result computed from an assumed operand is assumed too. */
static struct val taint(struct val r, struct val from)
{
	if (r.known && from.assumed)
		r.assumed = true;
	return r;
}

static struct model_issue *issue(struct eval *ev, enum issue_kind kind,
				 struct loc loc)
{
	struct model *m = ev->m;
	m->issues = xgrow(m->issues, m->nissues, sizeof *m->issues);
	struct model_issue *i = &m->issues[m->nissues++];
	memset(i, 0, sizeof *i);
	i->kind = kind;
	i->loc = loc;
	return i;
}

/* An ASSERT: decided false now is an issue; undecided, it is kept for
 * the linked values (model_eval). */
static void check_assert(struct eval *ev, const struct expr *cond,
			 const char *message, struct loc loc, struct val v)
{
	struct model *m = ev->m;
	if (ev->phase != PHASE_FINAL || ev->image || ev->quiet)
		return;
	if (v.known && v.v == 0 && !v.assumed) {
		issue(ev, ISSUE_ASSERT, loc)->message = message;
		return;
	}
	if (v.known && !v.assumed)
		return;
	m->asserts = xgrow(m->asserts, m->nasserts, sizeof *m->asserts);
	m->asserts[m->nasserts++] = (struct model_assert){cond, message, loc};
}

static struct symtab_entry *sym_find(struct eval *ev, const char *name)
{
	size_t i = strmap_get(&ev->symidx, name);
	return i < ev->nsyms ? &ev->syms[i] : NULL;
}

static void sym_set(struct eval *ev, const char *name, struct val v,
		    const struct stmt *def)
{
	struct symtab_entry *e = sym_find(ev, name);
	if (!e) {
		if (ev->nsyms == ev->capsyms) {
			ev->capsyms = ev->capsyms ? ev->capsyms * 2 : 64;
			ev->syms = xrealloc(ev->syms, ev->capsyms * sizeof *ev->syms);
		}
		strmap_put(&ev->symidx, name, ev->nsyms);
		e = &ev->syms[ev->nsyms++];
		e->name = name;
		e->assignments = 0;
	}
	e->value = v;
	e->def = def;
	e->assignments++;
}

static uint64_t align_n(uint64_t value, uint64_t align)
{
	if (align <= 1)
		return value;
	value = (value + align - 1) / align;
	return value * align;
}

static uint64_t log2ceil(uint64_t x)
{
	uint64_t r = 0;
	while (r < 64 && ((uint64_t)1 << r) < x)
		r++;
	return r;
}

static const struct model_region *region_for(struct eval *ev, const char *name)
{
	return model_resolve_region(ev->image ? ev->image : ev->m, name);
}

static const struct model_section *section_for(struct eval *ev, const char *name)
{
	return model_section_named(ev->image ? ev->image : ev->m, name);
}

/* A name read before the script sets it (maybe never): the ELF is asked
 * for it. */
static void note_read(struct eval *ev, const char *name)
{
	struct model *m = ev->m;
	if (strmap_get(&ev->readidx, name) != (size_t)-1)
		return;
	strmap_put(&ev->readidx, name, m->nreads);
	m->reads = xgrow(m->reads, m->nreads, sizeof *m->reads);
	m->reads[m->nreads++] = name;
}

/* A symbol's value: the linked one when evaluating with the image. */
static struct val symbol_value(struct eval *ev, const struct expr *e)
{
	if (ev->image) {
		/* what the script decides, as the next link will; else the
		   linked value, which is the last one assigned */
		const struct model_symbol *s = model_symbol(ev->image, e->text);
		if (!s || s->reassigned)
			return UNKNOWN;
		if (s->script_value.known && !s->script_value.assumed)
			return s->script_value;
		return s->from_elf ? s->value : UNKNOWN;
	}
	struct symtab_entry *s = sym_find(ev, e->text);
	if (!s)
		note_read(ev, e->text);
	if (!s && ev->phase == PHASE_REGIONS && ev->memory) {
		/* ld: "invalid origin for memory region X" */
		struct model_issue *i = issue(ev, ISSUE_MEMORY_SYMBOL, e->loc);
		i->name = e->text;
		i->region = ev->memory->name;
		i->origin = ev->memory_origin;
	}
	return s ? s->value : UNKNOWN;
}

static struct val eval_expr(struct eval *ev, const struct expr *e);

static struct val call_value(struct eval *ev, const struct expr *e,
			     struct val a, struct val b)
{
	switch ((enum builtin)e->op) {
	case F_ABSOLUTE:
		return a;
	case F_ASSERT:
		check_assert(ev, e->a, e->text, e->loc, a);
		return a;
	case F_ALIGN:
		if (e->b)	/* ALIGN(exp, align) */
			return a.known && b.known ? known(align_n(a.v, b.v)) : UNKNOWN;
		return a.known && ev->dot.known ? known(align_n(ev->dot.v, a.v)) : UNKNOWN;
	case F_BLOCK:
		return a.known && ev->dot.known ? known(align_n(ev->dot.v, a.v)) : UNKNOWN;
	case F_MAX:
		return a.known && b.known ? known(a.v > b.v ? a.v : b.v) : UNKNOWN;
	case F_MIN:
		return a.known && b.known ? known(a.v < b.v ? a.v : b.v) : UNKNOWN;
	case F_LOG2CEIL:
		return a.known ? known(log2ceil(a.v)) : UNKNOWN;
	case F_SEGMENT_START:
		return a;	/* the default: no -T<segment> options here */
	case F_DEFINED:
		/* Defined so far, as when ld evaluates it; symbols only object
		 * files define are not seen from the script alone. */
		if (ev->image) {
			const struct model_symbol *s = model_symbol(ev->image, e->text);
			return s && s->from_elf ? known(1) : UNKNOWN;
		}
		if (sym_find(ev, e->text))
			return known(1);
		note_read(ev, e->text);
		struct val no = known(0);
		no.assumed = true;	/* an object file may define it */
		return no;
	case F_ORIGIN:
	case F_LENGTH: {
		const struct model_region *r = region_for(ev, e->text ? e->text : "");
		if (r && ev->image)
			return e->op == F_ORIGIN ? r->origin : r->length;
		if (!r || ev->phase == PHASE_SYMBOLS)
			return UNKNOWN;
		size_t idx = (size_t)(r - ev->m->regions);
		if (ev->phase == PHASE_REGIONS && idx >= ev->regions_done) {
			/* not evaluated yet: ld reads its defaults */
			ev->forward_ref = true;
			return known(e->op == F_ORIGIN ? 0 : UINT64_MAX);
		}
		return e->op == F_ORIGIN ? r->origin : r->length;
	}
	case F_ADDR:
	case F_LOADADDR:
	case F_SIZEOF: {
		const struct model_section *s = e->text ? section_for(ev, e->text) : NULL;
		if (!s || (ev->phase != PHASE_FINAL && !ev->image) ||
		    (ev->image && !s->in_image && e->op != F_SIZEOF))
			return UNKNOWN;
		if (ev->image && !s->in_image)
			return known(0);	/* a section ld dropped has size 0 */
		return e->op == F_ADDR ? s->vma : e->op == F_LOADADDR ? s->lma : s->size;
	}
	default:
		/* ALIGNOF, CONSTANT, DATA_SEGMENT_*, NEXT, SIZEOF_HEADERS
		   depend on the inputs or the target. */
		return UNKNOWN;
	}
}

static struct val eval_call(struct eval *ev, const struct expr *e)
{
	struct val a = e->a ? eval_expr(ev, e->a) : UNKNOWN;
	struct val b = e->b ? eval_expr(ev, e->b) : UNKNOWN;
	struct val r = taint(taint(call_value(ev, e, a, b), a), b);
	bool reads_dot = (e->op == F_ALIGN && !e->b) || e->op == F_BLOCK;
	return reads_dot ? taint(r, ev->dot) : r;
}

static struct val eval_binary(int op, struct val a, struct val b);

static struct val combine(int op, struct val a, struct val b)
{
	return taint(taint(eval_binary(op, a, b), a), b);
}

/* Numbers and operators only: ld folds it when it parses it, in a branch
 * of ?: not taken too.  (Deeper than a few levels is not worth the
 * stack: false.) */
static bool constant(const struct expr *e, int depth)
{
	if (!e || depth > 32)
		return false;
	switch (e->kind) {
	case EX_INT:
		return true;
	case EX_UNARY:
		return constant(e->a, depth + 1);
	case EX_BINARY:
		return constant(e->a, depth + 1) && constant(e->b, depth + 1);
	case EX_TERNARY:
		return constant(e->a, depth + 1) && constant(e->b, depth + 1) &&
		       constant(e->c, depth + 1);
	default:
		return false;
	}
}

/* '/' and '%' by a known zero stop ld ("/ by zero"). */
static struct val divide_checked(struct eval *ev, const struct expr *e,
				 struct val a, struct val b)
{
	if ((e->op == T_SLASH || e->op == T_PERCENT) && b.known && b.v == 0 &&
	    !b.assumed && ev->phase == PHASE_FINAL && !ev->image &&
	    (!ev->quiet || (constant(e->a, 0) && constant(e->b, 0))))
		issue(ev, ISSUE_DIV_ZERO, e->loc)->name =
			e->op == T_SLASH ? "/" : "%";
	return combine(e->op, a, b);
}

/* A chain of binary operators nests to the left (1 + 1 + ... + 1): its
 * left spine is walked in a loop, so its length costs no stack. */
static struct val eval_chain(struct eval *ev, const struct expr *e)
{
	/* the spine goes on ev's stack (right operands evaluated on the way
	   back push theirs above it); indexes, as the stack may move */
	size_t base = ev->nspine;
	for (; e->kind == EX_BINARY; e = e->a) {
		ev->spine = xgrow(ev->spine, ev->nspine, sizeof *ev->spine);
		ev->spine[ev->nspine++] = e;
	}
	struct val v = eval_expr(ev, e);
	while (ev->nspine > base) {
		const struct expr *op = ev->spine[--ev->nspine];
		v = divide_checked(ev, op, v, eval_expr(ev, op->b));
	}
	return v;
}

static struct val eval_binary(int op, struct val a, struct val b)
{
	/* && and || are decided by one known side */
	if (op == T_ANDAND) {
		if ((a.known && !a.v) || (b.known && !b.v))
			return known(0);
		return a.known && b.known ? known(1) : UNKNOWN;
	}
	if (op == T_OROR) {
		if ((a.known && a.v) || (b.known && b.v))
			return known(1);
		return a.known && b.known ? known(0) : UNKNOWN;
	}
	if (!a.known || !b.known)
		return UNKNOWN;
	uint64_t x = a.v, y = b.v;
	switch (op) {
	case T_PLUS: return known(x + y);
	case T_MINUS: return known(x - y);
	case T_STAR: return known(x * y);
	case T_SLASH:
	case T_PERCENT: {
		int64_t sx = (int64_t)x, sy = (int64_t)y;
		if (sy == 0 || (sx == INT64_MIN && sy == -1))
			return UNKNOWN;	/* ld stops with "/ by zero" */
		return known(op == T_SLASH ? (uint64_t)(sx / sy) : (uint64_t)(sx % sy));
	}
	case T_LSHIFT: return known(y < 64 ? x << y : 0);
	case T_RSHIFT: return known(y < 64 ? x >> y : 0);
	case T_EQ: return known(x == y);
	case T_NE: return known(x != y);
	case T_LT: return known(x < y);
	case T_GT: return known(x > y);
	case T_LE: return known(x <= y);
	case T_GE: return known(x >= y);
	case T_AMP: return known(x & y);
	case T_PIPE: return known(x | y);
	default: return UNKNOWN;
	}
}

static struct val eval_expr(struct eval *ev, const struct expr *e)
{
	if (!e)
		return UNKNOWN;
	switch (e->kind) {
	case EX_INT:
		return known(e->value);
	case EX_NAME: {
		if (!e->text)
			return UNKNOWN;
		if (strcmp(e->text, ".") == 0)
			return ev->image ? UNKNOWN : ev->dot;
		return symbol_value(ev, e);
	}
	case EX_UNARY: {
		struct val a = eval_expr(ev, e->a);
		if (!a.known)
			return UNKNOWN;
		if (e->op == T_MINUS)
			return taint(known(0 - a.v), a);
		if (e->op == T_BANG)
			return taint(known(!a.v), a);
		return taint(known(~a.v), a);
	}
	case EX_BINARY:
		return eval_chain(ev, e);
	case EX_TERNARY: {
		/* ld evaluates only the branch the condition takes */
		struct val c = eval_expr(ev, e->a);
		bool sure = c.known && !c.assumed;
		ev->quiet += !sure || !c.v;
		struct val t = eval_expr(ev, e->b);
		ev->quiet -= !sure || !c.v;
		ev->quiet += !sure || c.v;
		struct val f = eval_expr(ev, e->c);
		ev->quiet -= !sure || c.v;
		if (!c.known)
			return t.known && f.known && t.v == f.v ?
			       taint(t, f) : UNKNOWN;
		return taint(c.v ? t : f, c);
	}
	case EX_CALL:
		return eval_call(ev, e);
	}
	return UNKNOWN;
}

static bool reads_dot(const struct expr *e, void *ctx)
{
	(void)ctx;
	if (e->kind == EX_NAME && e->text && strcmp(e->text, ".") == 0)
		return true;
	return e->kind == EX_CALL && (e->op == F_ALIGN || e->op == F_BLOCK) && !e->b;
}

/* Does the expression read the location counter? */
static bool uses_dot(const struct expr *e)
{
	return expr_find(e, reads_dot, NULL);
}

static int compound_op(enum tok op)
{
	switch (op) {
	case T_PLUSEQ: return T_PLUS;
	case T_MINUSEQ: return T_MINUS;
	case T_MULTEQ: return T_STAR;
	case T_DIVEQ: return T_SLASH;
	case T_LSHIFTEQ: return T_LSHIFT;
	case T_RSHIFTEQ: return T_RSHIFT;
	case T_ANDEQ: return T_AMP;
	case T_OREQ: return T_PIPE;
	default: return 0;
	}
}

static struct val assigned_value(struct eval *ev, const struct stmt *st,
				 struct val old)
{
	/* ld evaluates a PROVIDE only when something references the symbol */
	ev->quiet += st->provide;
	struct val v = eval_expr(ev, st->value);
	ev->quiet -= st->provide;
	int op = compound_op(st->op);
	return op ? combine(op, old, v) : v;
}

static void assign(struct eval *ev, const struct stmt *st)
{
	if (!st->name)
		return;
	if (strcmp(st->name, ".") == 0) {
		struct val v = assigned_value(ev, st, ev->dot);
		/* Inside an output section a number assigned to '.' is an
		 * offset from the section's start. */
		if (ev->in_section && !compound_op(st->op) && !uses_dot(st->value))
			v = v.known && ev->section_start.known ?
			    taint(taint(known(ev->section_start.v + v.v), v),
				  ev->section_start) : UNKNOWN;
		ev->dot = v;
		return;
	}
	struct symtab_entry *old = sym_find(ev, st->name);
	if (st->provide && old && old->def != st)
		return;		/* PROVIDE never overrides a definition */
	if (old && !old->def)
		return;		/* --defsym wins over the script, as in ld */
	sym_set(ev, st->name, assigned_value(ev, st, old ? old->value : UNKNOWN), st);
}

/* ---- pass A: symbols before MEMORY is evaluated ---------------------- */

static void pass_a_stmt(struct stmt *st, void *ctx)
{
	struct eval *ev = ctx;
	if (st->kind == ST_ASSIGN && st->name && strcmp(st->name, ".") != 0)
		assign(ev, st);
}

/* ---- regions ---------------------------------------------------------- */

static void format_attributes(char *buf, unsigned flags, unsigned not_flags)
{
	static const struct { unsigned bit; char c; } order[] = {
		{MATTR_A, 'a'}, {MATTR_X, 'x'}, {MATTR_R, 'r'}, {MATTR_W, 'w'},
		{MATTR_L, 'l'}};
	char *p = buf;
	for (int i = 0; i < 5; i++)
		if (flags & order[i].bit)
			*p++ = order[i].c;
	if (not_flags) {
		*p++ = '!';
		for (int i = 0; i < 5; i++)
			if (not_flags & order[i].bit)
				*p++ = order[i].c;
	}
	*p = '\0';
}

static void collect_regions(struct eval *ev)
{
	struct model *m = ev->m;
	size_t n = 0;
	for (const struct mem_region *r = m->script->regions; r; r = r->next)
		n++;
	m->regions = xcalloc(n ? n : 1, sizeof *m->regions);
	for (const struct mem_region *r = m->script->regions; r; r = r->next) {
		struct model_region *mr = &m->regions[m->nregions++];
		mr->name = r->name;
		model_index_region(m, m->nregions - 1);
		mr->flags = r->flags;
		mr->not_flags = r->not_flags;
		format_attributes(mr->attributes, r->flags, r->not_flags);
		mr->loc = r->loc;
		mr->src = r;
	}
}

static void evaluate_regions(struct eval *ev)
{
	struct model *m = ev->m;
	ev->phase = PHASE_REGIONS;
	for (size_t i = 0; i < m->nregions; i++) {
		struct model_region *r = &m->regions[i];
		ev->forward_ref = false;
		ev->regions_done = i;
		ev->memory = r->src;
		ev->memory_origin = true;
		r->origin = eval_expr(ev, r->src->origin);
		ev->memory_origin = false;
		r->length = eval_expr(ev, r->src->length);
		ev->memory = NULL;
		r->forward_ref = ev->forward_ref;
		ev->forward_ref = false;
	}
	ev->regions_done = m->nregions;
}

static void alias_stmt(struct stmt *st, void *ctx)
{
	struct model *m = ctx;
	if (st->kind != ST_REGION_ALIAS || !st->name || !st->name2)
		return;
	m->aliases = xgrow(m->aliases, m->naliases, sizeof *m->aliases);
	struct model_alias *a = &m->aliases[m->naliases++];
	a->alias = st->name;
	a->region = st->name2;
	a->loc = st->name_loc;
	model_index_alias(m, m->naliases - 1);
}

/* ---- pass B: sections and final symbol values -------------------------- */

struct cursor {
	const char *region;	/* resolved region name */
	struct val next;	/* next free address, if known */
	bool used;		/* a section was placed there */
};

struct layout {
	struct eval *ev;
	struct cursor *cursors;
	size_t ncursors;
};

static struct cursor *cursor_for(struct layout *L, const struct model_region *r)
{
	for (size_t i = 0; i < L->ncursors; i++)
		if (strcmp(L->cursors[i].region, r->name) == 0)
			return &L->cursors[i];
	L->cursors = xrealloc(L->cursors, (L->ncursors + 1) * sizeof *L->cursors);
	struct cursor *c = &L->cursors[L->ncursors++];
	c->region = r->name;
	c->next = r->origin;
	c->used = false;
	return c;
}

static const char *script_type_name(enum section_type t)
{
	switch (t) {
	case STYPE_NOLOAD: return "NOLOAD";
	case STYPE_DSECT: return "DSECT";
	case STYPE_COPY: return "COPY";
	case STYPE_INFO: return "INFO";
	case STYPE_OVERLAY: return "OVERLAY";
	case STYPE_READONLY: return "READONLY";
	case STYPE_TYPE: return "TYPE";
	default: return NULL;
	}
}

static void assert_stmt(struct eval *ev, const struct stmt *st)
{
	check_assert(ev, st->value, st->name, st->loc, eval_expr(ev, st->value));
}

/* Runs the statements of a section body; returns the final dot. */
static void run_body(struct eval *ev, const struct stmt *body, bool *size_known)
{
	for (const struct stmt *st = body; st; st = st->next) {
		switch (st->kind) {
		case ST_ASSIGN:
			assign(ev, st);
			break;
		case ST_DATA: {
			uint64_t n = st->kw == K_BYTE ? 1 : st->kw == K_SHORT ? 2 :
				     st->kw == K_LONG ? 4 : 8;
			ev->dot = ev->dot.known ?
				  taint(known(ev->dot.v + n), ev->dot) : UNKNOWN;
			break;
		}
		case ST_INPUT:
			/* Input sections have sizes only the link knows. */
			ev->dot = UNKNOWN;
			*size_known = false;
			break;
		case ST_ASSERT:
			assert_stmt(ev, st);
			break;
		default:
			break;
		}
	}
}

static struct val start_address(struct val at, const struct output_section *sec,
				struct eval *ev, bool explicit_addr)
{
	if (!at.known)
		return UNKNOWN;
	if (explicit_addr)
		return at;
	if (sec->align) {
		struct val a = eval_expr(ev, sec->align);
		if (!a.known)
			return UNKNOWN;
		at = taint(taint(known(align_n(at.v, a.v)), at), a);
	}
	return at.v % ASSUMED_INPUT_ALIGN == 0 ? at : UNKNOWN;
}

/* A section the script alone places past its region's end: ld stops with
 * "section `X' will not fit in region `R'". */
static void check_fit(struct eval *ev, const struct model_section *s,
		      const struct model_region *r, struct val end)
{
	struct val o = r->origin, l = r->length;
	if (!end.known || end.assumed || !o.known || o.assumed || !l.known ||
	    l.assumed || r->forward_ref || !s->vma.known || s->vma.v < o.v ||
	    end.v - o.v <= l.v)
		return;
	struct model_issue *i = issue(ev, ISSUE_REGION_OVERFLOW, s->loc);
	i->name = s->name;
	i->region = r->name;
	i->value = end.v - o.v - l.v;
}

static void add_section(struct model *m, const struct model_section *s)
{
	m->sections = xgrow(m->sections, m->nsections, sizeof *m->sections);
	m->sections[m->nsections++] = *s;
	model_index_section(m, m->nsections - 1);
}

static void layout_section(struct layout *L, const struct stmt *st,
			   struct val overlay_vma)
{
	struct eval *ev = L->ev;
	struct model *m = ev->m;
	const struct output_section *sec = st->sec;
	struct model_section ms = {0};
	ms.elf_index = -1;
	ms.name = sec->name;
	ms.loc = st->name_loc;
	ms.src = st;
	ms.script_type = script_type_name(sec->type);
	ms.noload = sec->type == STYPE_NOLOAD;
	if (ms.noload)
		ms.elf_type = "nobits";
	const struct model_region *r = sec->region ? model_resolve_region(m, sec->region) : NULL;
	const struct model_region *lr = sec->lma_region ?
		model_resolve_region(m, sec->lma_region) : NULL;
	if (!r && sec->overlay && sec->overlay->ovl->region)
		r = model_resolve_region(m, sec->overlay->ovl->region);
	if (!lr && sec->overlay && sec->overlay->ovl->lma_region)
		lr = model_resolve_region(m, sec->overlay->ovl->lma_region);
	ms.region = r ? r->name : NULL;
	ms.lma_region = lr ? lr->name : NULL;

	struct cursor *c = r ? cursor_for(L, r) : NULL;
	if (sec->overlay)
		ms.vma = overlay_vma;
	else if (sec->addr)
		ms.vma = start_address(eval_expr(ev, sec->addr), sec, ev, true);
	else if (c)
		ms.vma = start_address(c->next, sec, ev, false);
	else if (m->nregions == 0)
		ms.vma = start_address(ev->dot, sec, ev, false);
	else
		ms.vma = UNKNOWN;	/* ld picks a region by attributes */
	ms.lma = sec->at ? eval_expr(ev, sec->at) : (!lr ? ms.vma : UNKNOWN);

	/* Run the body with '.' at the section's start. */
	bool size_known = true;
	ev->in_section = true;
	ev->section_start = ms.vma;
	ev->dot = ms.vma;
	add_section(m, &ms);	/* visible to ADDR() inside the body */
	size_t idx = m->nsections - 1;
	run_body(ev, sec->body, &size_known);
	ev->in_section = false;
	struct model_section *out = &m->sections[idx];
	if (size_known && ev->dot.known && ms.vma.known && ev->dot.v >= ms.vma.v)
		out->size = taint(taint(known(ev->dot.v - ms.vma.v), ev->dot), ms.vma);
	struct val end = out->size.known ?
			 taint(known(ms.vma.v + out->size.v), out->size) : UNKNOWN;
	if (c) {
		c->next = end;
		c->used = true;
	}
	if (r)
		check_fit(ev, out, r, end);
	ev->dot = sec->overlay ? UNKNOWN : end;
}

static void layout_list(struct layout *L, const struct stmt *list)
{
	struct eval *ev = L->ev;
	for (const struct stmt *st = list; st; st = st->next) {
		switch (st->kind) {
		case ST_ASSIGN:
			assign(ev, st);
			break;
		case ST_OUTPUT_SECTION:
			/* /DISCARD/ is no section of the output */
			if (strcmp(st->sec->name, "/DISCARD/") != 0)
				layout_section(L, st, UNKNOWN);
			break;
		case ST_OVERLAY: {
			struct val vma = st->ovl->addr ? eval_expr(ev, st->ovl->addr) : UNKNOWN;
			for (const struct stmt *s = st->ovl->sections; s; s = s->next)
				layout_section(L, s, vma);
			ev->dot = UNKNOWN;
			break;
		}
		case ST_SECTIONS:
		case ST_GROUP:
			layout_list(L, st->body);
			break;
		case ST_ASSERT:
			assert_stmt(ev, st);
			break;
		case ST_ENTRY:
			if (!ev->m->entry) {
				ev->m->entry = st->name;
				ev->m->entry_loc = st->name_loc;
			}
			break;
		default:
			break;
		}
	}
}

static void export_symbols(struct eval *ev)
{
	struct model *m = ev->m;
	m->symbols = xcalloc(ev->nsyms ? ev->nsyms : 1, sizeof *m->symbols);
	for (size_t i = 0; i < ev->nsyms; i++) {
		const struct stmt *def = ev->syms[i].def;
		struct model_symbol *s = &m->symbols[m->nsymbols++];
		s->name = ev->syms[i].name;
		s->value = ev->syms[i].value;
		s->script_value = s->value;
		if (def)
			s->loc = def->name_loc.line ? def->name_loc : def->loc;
		s->provide = def && def->provide;
		s->reassigned = ev->syms[i].assignments > 1;
		model_index_symbol(m, m->nsymbols - 1);
	}
}

/* --defsym NAME=VALUE definitions, before anything in the script. */
static void predefine(struct eval *ev, const struct defsym *defs)
{
	for (const struct defsym *d = defs; d && d->name; d++)
		sym_set(ev, d->name, known(d->value), NULL);
}

struct model *model_from_script(const struct script *script,
				const struct defsym *defs)
{
	struct model *m = model_new();
	m->script = script;
	struct eval ev = {0};
	ev.m = m;
	predefine(&ev, defs);
	collect_regions(&ev);
	script_walk(script->stmts, alias_stmt, m);
	model_resolve_aliases(m);

	/* pass A, then MEMORY as ld evaluates it */
	ev.dot = UNKNOWN;
	script_walk(script->stmts, pass_a_stmt, &ev);
	evaluate_regions(&ev);

	/* pass B: final values */
	ev.phase = PHASE_FINAL;
	ev.nsyms = 0;
	strmap_free(&ev.symidx);
	predefine(&ev, defs);
	ev.dot = known(0);
	struct layout L = {&ev, NULL, 0};
	layout_list(&L, script->stmts);
	export_symbols(&ev);
	free(L.cursors);
	free(ev.syms);
	free(ev.spine);
	strmap_free(&ev.symidx);
	strmap_free(&ev.readidx);
	return m;
}

bool model_eval(const struct model *m, const struct expr *e, uint64_t *v)
{
	struct eval ev = {0};
	ev.image = m;
	ev.phase = PHASE_FINAL;
	ev.dot = UNKNOWN;
	struct val r = eval_expr(&ev, e);
	free(ev.spine);
	if (!r.known || r.assumed)
		return false;
	*v = r.v;
	return true;
}

void model_settle_regions(struct model *m)
{
	for (size_t i = 0; i < m->nregions; i++) {
		struct model_region *r = &m->regions[i];
		uint64_t v;
		if (!r->src)
			continue;
		if (!r->origin.known && model_eval(m, r->src->origin, &v))
			r->origin = val_of(v);
		if (!r->length.known && model_eval(m, r->src->length, &v))
			r->length = val_of(v);
	}
}
