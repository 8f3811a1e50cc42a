/*
 * pdsc: a chip from a CMSIS-Pack description (the XML file of a device
 * family pack, Open-CMSIS-Pack PACK.xsd), read into the same model as a
 * memmaps device.
 *
 * xml.c parses the file into a tree with the line and column of each
 * element and attribute (no DTD is read, nothing is fetched).
 * Read: under <devices>, the <device> (Dname) or <variant> (Dvariant)
 * named by --chip, and what its <family> and <subFamily> give it: the
 * innermost <processor> Dcore (the architecture), the <memory> elements
 * (name or the old id IROM1/IRAM1, access, start, size, startup, alias,
 * uninit) and the <algorithm> ranges, which say which read-only memories
 * are flash (with no algorithm at all, the startup memory and Keil's IROMn
 * are).  A level's memory replaces its parent's of the same name.
 * Not read: the sector layout (it is in the FLM binary each algorithm
 * names), where the algorithm runs (RAMstart, RAMsize), a second core's
 * memories (Pname), debug sequences, features, books and components.  How
 * the pack notions map onto ours: memmaps/SCHEMA.md section 8.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "number.h"
#include "pdsc.h"
#include "source.h"
#include "xml.h"

/* --- reading ------------------------------------------------------------- */

struct pctx {
	struct devdb *db;
	const char *path;
	const char *text;		/* the file, for columns */
	size_t len;
	bool bad;
};

#define PERR(c, l, ...) ((c)->bad = true, dev_error((c)->db, (l), __VA_ARGS__))

/* The chip's element and the levels above it, outermost first. */
enum { MAX_LEVELS = 8 };
struct chip_path {
	const struct xml_node *level[MAX_LEVELS];
	size_t n;
};

/* An element in effect for the chip, by name (memories) or as listed. */
struct pelem {
	const char *key;
	const struct xml_node *node;
};

bool pdsc_is_xml(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	return i < len && text[i] == '<';
}

/* --- locations ----------------------------------------------------------- */

/* Where element 'n' starts: its '<name'. */
static struct loc elem_loc(const struct pctx *c, const struct xml_node *n)
{
	struct loc l = {c->path, n->line, n->col, (unsigned)strlen(n->name) + 1};
	return l;
}

/* Where attribute 'name' of element 'n' is, else the element. */
static struct loc attr_loc(const struct pctx *c, const struct xml_node *n,
			   const char *name)
{
	const struct xml_attr *a = xml_attr(n, name);
	if (!a)
		return elem_loc(c, n);
	struct loc l = {c->path, a->line, a->col, (unsigned)strlen(name)};
	return l;
}

/* --- attributes and elements --------------------------------------------- */

static bool is(const struct xml_node *n, const char *name)
{
	return !strcmp(n->name, name);
}

/* An attribute's value, or NULL. */
static const char *attr(const struct xml_node *n, const char *name)
{
	const struct xml_attr *a = xml_attr(n, name);
	return a ? a->value : NULL;
}

static bool attr_num(struct pctx *c, const struct xml_node *n, const char *name,
		     uint64_t *v)
{
	const char *s = attr(n, name), *why;
	if (!s) {
		PERR(c, elem_loc(c, n), "a <%s> needs '%s'", n->name,
		     name);
		return false;
	}
	if (!number_parse(s, v, &why)) {
		PERR(c, attr_loc(c, n, name), "%s=\"%s\" %s", name, s, why);
		return false;
	}
	return true;
}

static bool attr_true(const struct xml_node *n, const char *name)
{
	const char *s = attr(n, name);
	return s && (!strcmp(s, "1") || !strcmp(s, "true"));
}

static bool same_name(const char *a, const char *b)
{
	for (; *a || *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return true;
}

/* --- finding the chip ------------------------------------------------------ */

struct search {
	const char *chip;
	struct chip_path path, found;
	const char *near;		/* closest name, for the message */
	unsigned best;
	size_t seen;
};

static void consider(struct search *s, const char *name)
{
	s->seen++;
	if (!s->found.n && same_name(name, s->chip)) {
		s->found = s->path;
		return;
	}
	unsigned d = edit_distance(name, s->chip, s->best);
	if (d < s->best) {
		s->best = d;
		s->near = name;
	}
}

/* Walks family, subFamily, device and variant elements depth first. */
static void walk(struct pctx *c, struct search *s, const struct xml_node *parent)
{
	for (const struct xml_node *n = parent->children; n && !s->found.n; n = n->next) {
		const char *key = is(n, "device") ? "Dname" :
				  is(n, "variant") ? "Dvariant" : NULL;
		if (!key && !is(n, "family") && !is(n, "subFamily"))
			continue;
		if (s->path.n == MAX_LEVELS) {
			PERR(c, elem_loc(c, n), "<%s> is nested deeper than %d "
			     "levels", n->name, MAX_LEVELS);
			return;
		}
		s->path.level[s->path.n++] = n;
		const char *name = key ? attr(n, key) : NULL;
		if (name)
			consider(s, name);
		walk(c, s, n);
		s->path.n--;
	}
}

static bool find_chip(struct pctx *c, const struct xml_node *devices, const char *chip,
		      struct chip_path *out)
{
	struct search s = {chip, {{0}, 0}, {{0}, 0}, NULL, 4, 0};
	walk(c, &s, devices);
	if (s.found.n) {
		*out = s.found;
		return true;
	}
	if (c->bad)
		return false;
	struct loc l = {c->path, 0, 0, 0};
	if (s.near)
		PERR(c, l, "no chip '%s' in this CMSIS pack description; did you "
		     "mean '%s'?", chip, s.near);
	else
		PERR(c, l, "no chip '%s' in this CMSIS pack description (%zu "
		     "devices and variants)", chip, s.seen);
	return false;
}

/* The <memory> (by name or id) and <algorithm> elements in effect: the
 * levels' own, outermost first, a memory replacing its parent's. */
static size_t collect(const struct chip_path *p, const char *what,
		      struct pelem *v, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		for (const struct xml_node *e = p->level[i]->children; e; e = e->next) {
			if (!is(e, what))
				continue;
			const char *key = attr(e, "name");
			if (!key)
				key = attr(e, "id");
			size_t k = 0;
			while (k < n && !(key && v[k].key && !strcmp(v[k].key, key) &&
					  !strcmp(what, "memory")))
				k++;
			if (k == n && n == cap)
				continue;
			v[k] = (struct pelem){key, e};
			if (k == n)
				n++;
		}
	return n;
}

/* --- the processor --------------------------------------------------------- */

static const char *arch_of_core(const char *core)
{
	static const char *const map[][2] = {
		{"Cortex-M0", "armv6-m"}, {"Cortex-M0+", "armv6-m"},
		{"Cortex-M1", "armv6-m"}, {"SC000", "armv6-m"},
		{"Cortex-M3", "armv7-m"}, {"SC300", "armv7-m"},
		{"Cortex-M4", "armv7e-m"}, {"Cortex-M7", "armv7e-m"},
		{"Cortex-M23", "armv8-m.base"}, {"ARMV8MBL", "armv8-m.base"},
		{"Cortex-M33", "armv8-m.main"}, {"Cortex-M35P", "armv8-m.main"},
		{"Cortex-M52", "armv8-m.main"}, {"Cortex-M55", "armv8-m.main"},
		{"Cortex-M85", "armv8-m.main"}, {"Star-MC1", "armv8-m.main"},
		{"ARMV8MML", "armv8-m.main"}, {"ARMV81MML", "armv8-m.main"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(core, map[i][0]))
			return map[i][1];
	return NULL;
}

/* The innermost Dcore; *pname the first core's Pname (multi-core). */
static void processor(struct pctx *c, const struct chip_path *p,
		      struct device *d, const char **pname)
{
	*pname = NULL;
	for (size_t i = p->n; i-- > 0 && !d->core;)
		for (const struct xml_node *e = p->level[i]->children; e; e = e->next) {
			const char *core = is(e, "processor") ?
					   attr(e, "Dcore") : NULL;
			if (!core)
				continue;
			d->arch = arch_of_core(core);
			char *lower = arena_strdup(&c->db->arena, core);
			for (char *q = lower; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			d->core = lower;
			*pname = attr(e, "Pname");
			break;
		}
	if (!d->core)
		d->core = "unknown (the pack gives no Dcore)";
}

/* --- memories -------------------------------------------------------------- */

/* A memory name the schema accepts. */
static const char *mem_name(struct pctx *c, const char *s)
{
	char *v = arena_printf(&c->db->arena, "%s%s",
			       isdigit((unsigned char)s[0]) ? "M_" : "", s);
	for (char *q = v; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '_')
			*q = '_';
	return v;
}

/* 'access' letters: r w x, p peripheral, s secure, n non-secure, c
 * non-secure callable (secure); the old id form says it by name. */
static bool read_access(struct pctx *c, const struct xml_node *e, const char *id,
			unsigned *acc, unsigned *flags)
{
	const char *s = attr(e, "access");
	*acc = 0, *flags = 0;
	if (!s && id) {
		bool rom = !strncmp(id, "IROM", 4) || !strncmp(id, "ROM", 3);
		bool ram = !strncmp(id, "IRAM", 4) || !strncmp(id, "RAM", 3);
		*acc = rom ? ACC_R | ACC_X : ram ? ACC_R | ACC_W | ACC_X : 0;
		if (*acc)
			return true;
	}
	if (!s) {
		PERR(c, elem_loc(c, e), "a <memory> needs 'access' (or an id "
		     "IROMn, IRAMn, ROMn, RAMn)");
		return false;
	}
	for (const char *p = s; *p; p++) {
		const char *at = strchr("rwxpsnc", *p);
		if (!at) {
			PERR(c, attr_loc(c, e, "access"), "access=\"%s\": '%c' is none "
			     "of the letters r w x p s n c", s, *p);
			return false;
		}
		*acc |= *p == 'r' ? ACC_R : *p == 'w' ? ACC_W : *p == 'x' ? ACC_X : 0;
		*flags |= 1u << (at - "rwxpsnc");
	}
	return true;
}

/* Whether an algorithm programs part of [base, base+size). */
static bool programmed(const uint64_t (*algos)[2], size_t n, uint64_t base,
		       uint64_t size)
{
	for (size_t i = 0; i < n; i++)
		if (dev_ranges_overlap(algos[i][0], algos[i][1], base, size))
			return true;
	return false;
}

static enum mem_type mem_kind(unsigned acc, unsigned flags, bool flash)
{
	if (flags & 8)				/* p */
		return MEM_MMIO;
	if (acc & ACC_W)
		return MEM_RAM;
	return flash ? MEM_FLASH : MEM_ROM;
}

static const char *mem_description(struct pctx *c, const struct xml_node *e,
				   const char *key, const char *flash)
{
	const char *what = attr(e, "name") ? "name" : "id";
	return arena_printf(&c->db->arena, "CMSIS pack <memory %s=\"%s\">%s%s",
			    what, key, flash ? flash : "", attr_true(e, "uninit") ?
			    "; uninit: not initialised by the start-up code" : "");
}

static bool read_memory(struct pctx *c, const struct pelem *pe,
			const uint64_t (*algos)[2], size_t nalgos, bool v8m,
			struct dev_memory *m)
{
	const struct xml_node *e = pe->node;
	unsigned acc, flags;
	if (!pe->key) {
		PERR(c, elem_loc(c, e), "a <memory> needs 'name' (or 'id')");
		return false;
	}
	if (!attr_num(c, e, "start", &m->base) || !attr_num(c, e, "size", &m->size) ||
	    !read_access(c, e, attr(e, "name") ? NULL : pe->key, &acc, &flags))
		return false;
	if (m->size == 0 || m->base >= 0x100000000ull ||
	    m->size > 0x100000000ull - m->base) {
		PERR(c, attr_loc(c, e, "size"), "memory '%s' (start 0x%llx, size "
		     "0x%llx) is empty or ends past 4 GiB", pe->key,
		     (unsigned long long)m->base, (unsigned long long)m->size);
		return false;
	}
	/* without any algorithm the pack does not say: its startup memory and
	 * Keil's IROMn (on-chip code memory) are taken as flash */
	bool algo = !(acc & ACC_W) && programmed(algos, nalgos, m->base, m->size);
	bool flash = algo || (!(acc & ACC_W) && !nalgos &&
			      (attr_true(e, "startup") ||
			       !strncmp(pe->key, "IROM", 4)));
	m->name = mem_name(c, pe->key);
	m->type = mem_kind(acc, flags, flash);
	m->access = m->type == MEM_FLASH ? acc & ~(unsigned)ACC_W : acc;
	m->boot = attr_true(e, "startup");
	m->security = !v8m ? SEC_UNSPECIFIED : flags & (16 | 64) ? SEC_SECURE :
		      flags & 32 ? SEC_NONSECURE : SEC_UNSPECIFIED;
	const char *alias = attr(e, "alias");
	m->alias_of = alias ? mem_name(c, alias) : NULL;
	m->is_alias = alias != NULL;
	m->description = mem_description(c, e, pe->key, algo ?
		"; a flash algorithm programs it" : flash ?
		"; no flash algorithm given: taken as flash" : NULL);
	m->from = c->path;
	m->loc = m->name_loc = elem_loc(c, e);
	m->base_loc = attr_loc(c, e, "start");
	m->size_loc = attr_loc(c, e, "size");
	m->type_loc = m->access_loc = m->security_loc = attr_loc(c, e, "access");
	m->alias_loc = attr_loc(c, e, "alias");
	return true;
}

/* The algorithms' [start, size) pairs. */
static size_t read_algos(struct pctx *c, const struct pelem *v, size_t n,
			 uint64_t (*out)[2])
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (attr_num(c, v[i].node, "start", &out[k][0]) &&
		    attr_num(c, v[i].node, "size", &out[k][1]))
			k++;
	return k;
}

/* Whether a memory belongs to another core of a multi-core device. */
static bool other_core(const struct xml_node *e, const char *pname)
{
	const char *p = attr(e, "Pname");
	return p && pname && strcmp(p, pname) != 0;
}

static bool read_memories(struct pctx *c, const struct chip_path *p,
			  const char *pname, struct device *d)
{
	enum { CAP = 256 };
	struct pelem *mems = arena_alloc(&c->db->arena, CAP * sizeof *mems);
	struct pelem *alg = arena_alloc(&c->db->arena, CAP * sizeof *alg);
	uint64_t (*ranges)[2] = arena_alloc(&c->db->arena, CAP * sizeof *ranges);
	size_t nm = collect(p, "memory", mems, CAP);
	size_t na = read_algos(c, alg, collect(p, "algorithm", alg, CAP), ranges);
	bool v8m = d->arch && !strncmp(d->arch, "armv8-m", 7);
	d->mems = arena_alloc(&c->db->arena, (nm + 1) * sizeof *d->mems);
	for (size_t i = 0; i < nm; i++) {
		if (other_core(mems[i].node, pname))
			continue;
		if (read_memory(c, &mems[i], (const uint64_t (*)[2])ranges, na, v8m,
				&d->mems[d->nmems]))
			d->nmems++;
	}
	if (!c->bad && !d->nmems)
		PERR(c, d->loc, "chip '%s' has no <memory> in this CMSIS pack "
		     "description (nor does its family)", d->id);
	return !c->bad;
}

/* --- the file -------------------------------------------------------------- */

/* Parses the file; NULL after reporting its first error. */
static const struct xml_node *parse(struct pctx *c)
{
	struct xml_error e = {0};
	const struct xml_node *root = xml_parse(&c->db->arena, c->text, c->len, &e);
	if (!root) {
		struct loc l = {c->path, e.line, e.col, 1};
		PERR(c, l, "malformed XML: %s", e.message);
	}
	return root;
}

static const struct xml_node *child(const struct xml_node *n, const char *name)
{
	for (const struct xml_node *e = n->children; e; e = e->next)
		if (is(e, name))
			return e;
	return NULL;
}

/* "Keil.STM32F4xx_DFP 3.1.2-dev": the pack, for sources and descriptions. */
static const char *pack_name(struct pctx *c, const struct xml_node *root)
{
	const struct xml_node *v = child(root, "vendor"), *n = child(root, "name"),
		      *rel = child(root, "releases");
	const char *vt = v ? v->text : NULL, *nt = n ? n->text : NULL;
	const struct xml_node *r = rel ? child(rel, "release") : NULL;
	const char *version = r ? attr(r, "version") : NULL;
	const char *s = arena_printf(&c->db->arena, "%s.%s%s%s",
				     vt ? vt : "?", nt ? nt : "?",
				     version ? " " : "", version ? version : "");
	return s;
}

static struct device *build(struct pctx *c, const struct xml_node *root, const char *chip)
{
	const struct xml_node *devices = child(root, "devices");
	struct chip_path p;
	if (!devices) {
		PERR(c, elem_loc(c, root), "this CMSIS pack description has no "
		     "<devices> (a software pack, not a device family pack)");
		return NULL;
	}
	if (!find_chip(c, devices, chip, &p))
		return NULL;
	const struct xml_node *e = p.level[p.n - 1];
	struct device *d = arena_alloc(&c->db->arena, sizeof *d);
	const char *pack = pack_name(c, root);
	d->id = attr(e, is(e, "variant") ? "Dvariant" : "Dname");
	d->kind = "device";
	d->path = c->path;
	d->loc = elem_loc(c, e);
	d->description = arena_printf(&c->db->arena, "%s (CMSIS pack %s, family "
				      "%s)", d->id, pack, attr(p.level[0], "Dfamily") ?
				      attr(p.level[0], "Dfamily") : "?");
	d->sources = arena_alloc(&c->db->arena, sizeof *d->sources);
	d->sources[0] = arena_printf(&c->db->arena, "CMSIS pack description %s "
				     "(%s)", c->path, pack);
	d->nsources = 1;
	const char *pname;
	processor(c, &p, d, &pname);
	return read_memories(c, &p, pname, d) ? d : NULL;
}

struct device *pdsc_read(struct devdb *db, const char *path, const char *chip)
{
	struct pctx c = {db, arena_strdup(&db->arena, path), NULL, 0, false};
	char *text = source_read(c.path, &c.len);
	if (!text) {
		struct loc l = {c.path, 0, 0, 0};
		dev_error(db, l, "cannot read the CMSIS pack description");
		return NULL;
	}
	c.text = text;
	const struct xml_node *root = parse(&c);
	if (!root)
		return NULL;
	struct device *d = NULL;
	struct loc at = {c.path, 0, 0, 0};
	if (!root || !is(root, "package"))
		PERR(&c, root ? elem_loc(&c, root) : at, "the XML file is not a "
		     "CMSIS pack description: its root element is <%s>, not "
		     "<package>", root ? root->name : "");
	else
		d = build(&c, root, chip);
	return c.bad ? NULL : d;
}
