/*
 * ytree: libyaml events to a node tree with locations.
 *
 * The builder keeps a stack of open sequences and mappings; a finished
 * node is appended to the container on top of the stack.  Aliases share
 * the anchored node, and each node carries its expanded weight (itself
 * plus its children's weights), so "a billion laughs" is refused as soon
 * as one container would expand past YTREE_MAX_NODES, before anything
 * walks it.  An anchor is registered only when its node is complete, so
 * a node cannot contain an alias of itself.
 */
#include "ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct anchor {
	const char *name;
	struct ynode *node;
	struct anchor *next;
};

struct open {
	struct ynode *node;		/* the sequence or mapping */
	struct ynode **kids;		/* heap, children in order */
	size_t n, cap;
	const char *anchor;		/* arena, or NULL */
};

struct builder {
	struct arena *a;
	struct diag *d;
	const char *rule;		/* findings go under this rule id */
	const char *path;
	struct open stack[YTREE_MAX_DEPTH + 1];
	int depth;
	struct anchor *anchors;
	struct strmap anchor_idx;	/* name -> newest anchor, by number */
	struct anchor **by_number;
	size_t nanchors;
	bool aliased;			/* an alias was met */
	struct ynode *root;
	int documents;
	bool failed;
};

static struct loc mark_loc(const struct builder *b, yaml_mark_t m)
{
	struct loc l = {b->path, (unsigned)m.line + 1, (unsigned)m.column + 1, 1};
	return l;
}

static void fail(struct builder *b, struct loc l, const char *fmt, const char *arg)
{
	if (!b->failed)
		diag_report(b->d, b->rule, l, fmt, arg);
	b->failed = true;
}

static const char *copy_str(struct builder *b, const unsigned char *s)
{
	return s ? arena_strdup(b->a, (const char *)s) : NULL;
}

static struct ynode *new_node(struct builder *b, enum ynode_kind k,
			      const yaml_event_t *ev, const unsigned char *tag)
{
	struct ynode *n = arena_alloc(b->a, sizeof *n);
	n->kind = k;
	n->loc = mark_loc(b, ev->start_mark);
	n->tag = copy_str(b, tag);
	n->weight = 1;
	return n;
}

static void add_anchor(struct builder *b, const char *name, struct ynode *n)
{
	if (!name)
		return;
	struct anchor *an = arena_alloc(b->a, sizeof *an);
	an->name = name;
	an->node = n;
	an->next = b->anchors;
	b->anchors = an;
	size_t i = strmap_get(&b->anchor_idx, name);
	if (i < b->nanchors) {
		b->by_number[i] = an;	/* a redefined anchor wins */
		return;
	}
	b->by_number = xgrow(b->by_number, b->nanchors, sizeof *b->by_number);
	strmap_put(&b->anchor_idx, name, b->nanchors);
	b->by_number[b->nanchors++] = an;
}

static struct ynode *find_anchor(const struct builder *b, const char *name)
{
	size_t i = strmap_get(&b->anchor_idx, name);
	return i < b->nanchors ? b->by_number[i]->node : NULL;
}

/* Appends a finished node to the open container (or makes it the root). */
static void attach(struct builder *b, struct ynode *n, struct loc where)
{
	if (b->depth == 0) {
		b->root = n;
		return;
	}
	struct open *o = &b->stack[b->depth - 1];
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->kids = xrealloc(o->kids, o->cap * sizeof *o->kids);
	}
	o->kids[o->n++] = n;
	size_t w = o->node->weight + n->weight;
	o->node->weight = w > YTREE_MAX_NODES ? YTREE_MAX_NODES + 1 : w;
	if (o->node->weight > YTREE_MAX_NODES && b->aliased)
		fail(b, where, "the document expands to more than %s nodes through "
		     "aliases; YAML aliases are bounded to keep loading fast",
		     "100000");
	else if (o->node->weight > YTREE_MAX_NODES)
		fail(b, where, "the document holds more than %s nodes, far more "
		     "than a description or configuration needs", "100000");
}

static void open_container(struct builder *b, enum ynode_kind k,
			   const yaml_event_t *ev, const unsigned char *tag,
			   const unsigned char *anchor)
{
	struct ynode *n = new_node(b, k, ev, tag);
	if (b->depth == YTREE_MAX_DEPTH) {
		fail(b, n->loc, "the document nests deeper than %s levels", "64");
		return;
	}
	struct open *o = &b->stack[b->depth++];
	memset(o, 0, sizeof *o);
	o->node = n;
	o->anchor = copy_str(b, anchor);
}

struct keyref {
	const char *text;
	size_t i;		/* position in the mapping */
};

static int keyref_cmp(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	int c = strcmp(a->text, b->text);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The earliest key of the first 'n' of 'map' that repeats an earlier one
 * (its position in *first), or n.  Sorted by text, then position, a
 * repeat follows its first use: n log n, where pairwise comparison made
 * a mapping of 50,000 keys take seconds. */
static size_t repeated_key(const struct ynode *map, size_t n, size_t *first)
{
	size_t rep = n;
	if (n < 2)
		return rep;
	struct keyref *v = xmalloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (struct keyref){map->keys[i]->text, i};
	qsort(v, n, sizeof *v, keyref_cmp);
	for (size_t k = 1, start = 0; k < n; k++) {
		if (strcmp(v[k].text, v[start].text) != 0)
			start = k;
		else if (v[k].i < rep)
			rep = v[k].i, *first = v[start].i;
	}
	free(v);
	return rep;
}

/* Keys are scalars and each is given once; the earliest offence in the
 * mapping is reported. */
static bool check_keys(struct builder *b, struct ynode *map)
{
	size_t scalars = 0, first = 0;
	while (scalars < map->n && map->keys[scalars]->kind == YN_SCALAR)
		scalars++;
	size_t rep = repeated_key(map, scalars, &first);
	if (rep < scalars) {
		const struct ynode *k = map->keys[rep];
		struct finding *f = b->failed ? NULL :
			diag_report(b->d, b->rule, k->loc, "key '%s' is given twice",
				    k->text);
		diag_note(b->d, f, map->keys[first]->loc,
			  "'%s' was first given here", k->text);
		b->failed = true;
		return false;
	}
	if (scalars < map->n) {
		const struct ynode *k = map->keys[scalars];
		fail(b, k->loc, "a mapping key must be a plain name, not %s",
		     ytree_kind_name(k));
		return false;
	}
	return true;
}

static void close_container(struct builder *b, const yaml_event_t *ev)
{
	if (b->depth == 0)
		return;
	struct open *o = &b->stack[--b->depth];
	struct ynode *n = o->node;
	if (!n)
		return;
	if (n->kind == YN_SEQ) {
		n->n = o->n;
		n->items = arena_alloc(b->a, (o->n ? o->n : 1) * sizeof *n->items);
		if (o->n)
			memcpy(n->items, o->kids, o->n * sizeof *n->items);
	} else {
		n->n = o->n / 2;
		n->keys = arena_alloc(b->a, (n->n ? n->n : 1) * sizeof *n->keys);
		n->items = arena_alloc(b->a, (n->n ? n->n : 1) * sizeof *n->items);
		for (size_t i = 0; i < n->n; i++) {
			n->keys[i] = o->kids[2 * i];
			n->items[i] = o->kids[2 * i + 1];
		}
	}
	free(o->kids);
	if (n->kind == YN_MAP && !check_keys(b, n))
		return;
	add_anchor(b, o->anchor, n);
	attach(b, n, mark_loc(b, ev->start_mark));
}

static void scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = new_node(b, YN_SCALAR, ev, ev->data.scalar.tag);
	n->len = ev->data.scalar.length;
	n->text = arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (n->plain && strlen(n->text) == 0 && !n->tag)
		n->text = "";	/* an empty plain scalar is YAML's null */
	add_anchor(b, copy_str(b, ev->data.scalar.anchor), n);
	attach(b, n, n->loc);
}

static void alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *n = find_anchor(b, name);
	b->aliased = true;
	if (!n) {
		fail(b, mark_loc(b, ev->start_mark), "alias '*%s' names no anchor "
		     "defined before it (an anchor cannot be used inside itself)",
		     name);
		return;
	}
	attach(b, n, mark_loc(b, ev->start_mark));
}

static void event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			fail(b, mark_loc(b, ev->start_mark), "a second YAML document; "
			     "a description file holds exactly one%s", "");
		break;
	case YAML_SCALAR_EVENT:
		scalar(b, ev);
		break;
	case YAML_ALIAS_EVENT:
		alias(b, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		open_container(b, YN_SEQ, ev, ev->data.sequence_start.tag,
			       ev->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		open_container(b, YN_MAP, ev, ev->data.mapping_start.tag,
			       ev->data.mapping_start.anchor);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_container(b, ev);
		break;
	default:
		break;
	}
}

static void syntax_error(struct builder *b, const yaml_parser_t *p)
{
	struct loc l = mark_loc(b, p->problem_mark);
	char msg[512];
	const char *problem = p->problem ? p->problem : "malformed YAML";
	if (p->context && p->context_mark.line != p->problem_mark.line)
		snprintf(msg, sizeof msg, "%s (%s at line %u)", problem,
			 p->context, (unsigned)p->context_mark.line + 1);
	else if (p->context)
		snprintf(msg, sizeof msg, "%s (%s)", problem, p->context);
	else
		snprintf(msg, sizeof msg, "%s", problem);
	fail(b, l, "YAML syntax error: %s", msg);
}

bool ytree_parse(struct arena *a, struct diag *d, const char *path,
		 const char *text, size_t len, struct ynode **root)
{
	return ytree_parse_as(a, d, "device-file", path, text, len, root);
}

bool ytree_parse_as(struct arena *a, struct diag *d, const char *rule,
		    const char *path, const char *text, size_t len,
		    struct ynode **root)
{
	struct builder b = {0};
	b.a = a;
	b.d = d;
	b.rule = rule;
	b.path = path;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		fprintf(stderr, "ldlint: internal error: libyaml cannot start\n");
		exit(EXIT_INTERNAL);
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&b, &p);
			break;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		if (!b.failed)
			event(&b, &ev);
		yaml_event_delete(&ev);
		if (done || b.failed)
			break;
	}
	yaml_parser_delete(&p);
	while (b.depth > 0)
		free(b.stack[--b.depth].kids);
	strmap_free(&b.anchor_idx);
	free(b.by_number);
	*root = b.failed ? NULL : b.root;
	return !b.failed;
}

struct ynode *ytree_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->text, key) == 0)
			return map->items[i];
	return NULL;
}

const char *ytree_kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case YN_SCALAR: return "a scalar";
	case YN_SEQ: return "a list";
	case YN_MAP: return "a mapping";
	}
	return "a node";
}
