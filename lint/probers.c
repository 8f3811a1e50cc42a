/*
 * probers: a chip from a probe-rs target description (probe-rs/targets/
 * *.yaml), read into the same model as a memmaps device.
 *
 * Only the keys the model needs are read: the variant's cores (for the
 * architecture), its memory_map (!Nvm, !Ram, !Generic entries with range,
 * access, is_alias, name) and the sectors of the flash algorithms it
 * names.  Other keys are probe-rs's business and are ignored; a key that
 * is read but has the wrong type is an error with its file:line.  How the
 * probe-rs notions map onto ours is memmaps/SCHEMA.md section 7.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "devfile.h"
#include "number.h"
#include "probers.h"
#include "source.h"

struct pctx {
	struct devdb *db;
	const char *path;
	bool bad;
};

#define PERR(c, l, ...) ((c)->bad = true, dev_error((c)->db, (l), __VA_ARGS__))

static bool pnum(struct pctx *c, const struct ynode *map, const char *key,
		 uint64_t *v)
{
	const struct ynode *n = ytree_get(map, key);
	const char *why;
	if (!n) {
		PERR(c, map->loc, "probe-rs: missing '%s'", key);
		return false;
	}
	if (n->kind != YN_SCALAR || !number_parse(n->text, v, &why)) {
		PERR(c, n->loc, "probe-rs: '%s' must be a number", key);
		return false;
	}
	return true;
}

static bool pbool(struct pctx *c, const struct ynode *map, const char *key,
		  bool dflt)
{
	const struct ynode *n = ytree_get(map, key);
	if (!n)
		return dflt;
	if (n->kind == YN_SCALAR && !strcmp(n->text, "true"))
		return true;
	if (n->kind == YN_SCALAR && !strcmp(n->text, "false"))
		return false;
	PERR(c, n->loc, "probe-rs: '%s' must be true or false", key);
	return dflt;
}

static const struct ynode *pseq(struct pctx *c, const struct ynode *map,
				const char *key, bool required)
{
	const struct ynode *n = ytree_get(map, key);
	if (!n) {
		if (required)
			PERR(c, map->loc, "probe-rs: missing '%s'", key);
		return NULL;
	}
	if (n->kind != YN_SEQ) {
		PERR(c, n->loc, "probe-rs: '%s' must be a list", key);
		return NULL;
	}
	return n;
}

static struct loc loc_of_key(const struct ynode *map, const char *key)
{
	const struct ynode *n = ytree_get(map, key);
	return n ? n->loc : map->loc;
}

static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

static const char *arch_of(const struct ynode *variant)
{
	static const char *const map[][2] = {
		{"armv6m", "armv6-m"}, {"armv7m", "armv7-m"},
		{"armv7em", "armv7e-m"}, {"armv8mbase", "armv8-m.base"},
		{"armv8mmain", "armv8-m.main"}, {"riscv", "riscv"},
		{"xtensa", "xtensa"},
	};
	const struct ynode *cores = ytree_get(variant, "cores");
	if (!cores || cores->kind != YN_SEQ || cores->n == 0)
		return NULL;
	const struct ynode *t = ytree_get(cores->items[0], "type");
	if (!t || t->kind != YN_SCALAR)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(t->text, map[i][0]))
			return map[i][1];
	return NULL;
}

/* The memory_map entry's kind: a tag (!Nvm) or a one-key mapping
 * ({Nvm: {...}}, older files).  Returns the body mapping. */
static const struct ynode *entry_body(const struct ynode *e, const char **kind)
{
	*kind = NULL;
	if (e->kind != YN_MAP)
		return NULL;
	if (e->tag && e->tag[0] == '!') {
		*kind = e->tag + 1;
		return e;
	}
	if (e->n == 1 && e->items[0]->kind == YN_MAP) {
		*kind = e->keys[0]->text;
		return e->items[0];
	}
	return NULL;
}

/* A memory name the schema accepts. */
static const char *mem_name(struct pctx *c, const struct ynode *body,
			    const char *prefix, size_t index)
{
	const struct ynode *n = ytree_get(body, "name");
	if (!n || n->kind != YN_SCALAR || !n->text[0])
		return arena_printf(&c->db->arena, "%s%zu", prefix, index);
	char *s = arena_printf(&c->db->arena, "%s%s",
			       isdigit((unsigned char)n->text[0]) ? "M_" : "",
			       n->text);
	for (char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	return s;
}

static bool read_entry(struct pctx *c, const struct ynode *e, size_t index,
		       struct dev_memory *m)
{
	const char *kind;
	const struct ynode *b = entry_body(e, &kind);
	if (!b) {
		PERR(c, e->loc, "probe-rs: a memory_map entry must be tagged !Nvm, "
		     "!Ram or !Generic");
		return false;
	}
	bool nvm = !strcmp(kind, "Nvm") || !strcmp(kind, "Flash");
	if (!nvm && strcmp(kind, "Ram") && strcmp(kind, "Generic")) {
		PERR(c, e->loc, "probe-rs: unknown memory_map entry '!%s'", kind);
		return false;
	}
	const struct ynode *range = ytree_get(b, "range");
	uint64_t start, end;
	if (!range || range->kind != YN_MAP) {
		PERR(c, b->loc, "probe-rs: a memory_map entry needs 'range: {start, "
		     "end}'");
		return false;
	}
	if (!pnum(c, range, "start", &start) || !pnum(c, range, "end", &end))
		return false;
	if (end <= start || end > 0x100000000ull) {
		PERR(c, range->loc, "probe-rs: range 0x%llx..0x%llx is empty or "
		     "past 4 GiB", (unsigned long long)start,
		     (unsigned long long)end);
		return false;
	}
	const struct ynode *acc = ytree_get(b, "access");
	bool r = true, w = true, x = true, boot = false;
	if (acc) {
		r = pbool(c, acc, "read", true);
		w = pbool(c, acc, "write", true);
		x = pbool(c, acc, "execute", true);
		boot = pbool(c, acc, "boot", false);
	}
	boot |= pbool(c, b, "is_boot_memory", false);
	m->name = mem_name(c, b, nvm ? "NVM" : !strcmp(kind, "Ram") ? "RAM" :
			   "MEM", index);
	const struct ynode *nm = ytree_get(b, "name");
	m->description = nm && nm->kind == YN_SCALAR ?
		arena_printf(&c->db->arena, "probe-rs !%s '%s'", kind, nm->text) :
		arena_printf(&c->db->arena, "probe-rs !%s", kind);
	m->base = start;
	m->size = end - start;
	m->type = nvm ? (strncmp(m->name, "OTP", 3) ? MEM_FLASH : MEM_OTP) :
		  !strcmp(kind, "Ram") ? MEM_RAM : MEM_ROM;
	m->access = (r ? ACC_R : 0) | (w && !nvm ? ACC_W : 0) | (x ? ACC_X : 0);
	m->boot = boot;
	m->is_alias = pbool(c, b, "is_alias", false);
	m->from = c->path;
	m->loc = m->name_loc = m->type_loc = m->access_loc = e->loc;
	m->base_loc = loc_of_key(range, "start");
	m->size_loc = loc_of_key(range, "end");
	return !c->bad;
}

/* One flash algorithm's sector runs: absolute [start, end) pieces. */
struct algo_piece {
	uint64_t start, end, size;
};

struct algo {
	const char *name;
	bool dflt;
	uint64_t start, end;		/* address_range */
	struct algo_piece *pieces;
	size_t npieces;
};

static bool read_algo(struct pctx *c, const struct ynode *n, struct algo *a)
{
	const struct ynode *nm = ytree_get(n, "name"),
			   *fp = ytree_get(n, "flash_properties");
	memset(a, 0, sizeof *a);
	if (!nm || nm->kind != YN_SCALAR)
		return false;
	a->name = nm->text;
	a->dflt = pbool(c, n, "default", false);
	if (!fp || fp->kind != YN_MAP)
		return false;	/* RAM-only algorithms and the like */
	const struct ynode *ar = ytree_get(fp, "address_range");
	if (!ar || ar->kind != YN_MAP || !pnum(c, ar, "start", &a->start) ||
	    !pnum(c, ar, "end", &a->end))
		return false;
	const struct ynode *secs = pseq(c, fp, "sectors", false);
	if (!secs || secs->n == 0)
		return false;
	a->pieces = arena_alloc(&c->db->arena, secs->n * sizeof *a->pieces);
	for (size_t i = 0; i < secs->n; i++) {
		uint64_t size, addr;
		if (secs->items[i]->kind != YN_MAP ||
		    !pnum(c, secs->items[i], "size", &size) ||
		    !pnum(c, secs->items[i], "address", &addr) || size == 0)
			return false;
		a->pieces[i].start = a->start + addr;
		a->pieces[i].size = size;
		if (i > 0)
			a->pieces[i - 1].end = a->pieces[i].start;
	}
	a->npieces = secs->n;
	a->pieces[secs->n - 1].end = a->end;
	for (size_t i = 0; i < a->npieces; i++)
		if (a->pieces[i].end <= a->pieces[i].start)
			return false;
	return true;
}

/* The sector runs 'a' gives for [base, base+size), or false when it does
 * not cover the range in whole sectors. */
static bool runs_for(struct pctx *c, const struct algo *a, struct dev_bank *b)
{
	uint64_t lo = b->base, hi = b->base + b->size;
	if (lo < a->start || hi > a->end)
		return false;
	struct dev_run *runs = arena_alloc(&c->db->arena,
					   a->npieces * sizeof *runs);
	size_t n = 0;
	uint64_t covered = 0;
	for (size_t i = 0; i < a->npieces; i++) {
		const struct algo_piece *p = &a->pieces[i];
		uint64_t s = p->start > lo ? p->start : lo,
			 e = p->end < hi ? p->end : hi;
		if (s >= e)
			continue;
		if ((s - p->start) % p->size || (e - s) % p->size)
			return false;
		runs[n].count = (e - s) / p->size;
		runs[n].size = p->size;
		runs[n].loc = b->loc;
		covered += e - s;
		b->nsectors += runs[n].count;
		n++;
	}
	if (covered != b->size)
		return false;
	b->runs = runs;
	b->nruns = n;
	return true;
}

/* Gives each flash memory the sectors of the variant's algorithms. */
static void add_sectors(struct pctx *c, const struct ynode *root,
			const struct ynode *variant, struct device *d)
{
	const struct ynode *all = ytree_get(root, "flash_algorithms"),
			   *names = ytree_get(variant, "flash_algorithms");
	if (!all || all->kind != YN_SEQ || !names || names->kind != YN_SEQ)
		return;
	struct algo *algos = arena_alloc(&c->db->arena,
					 (names->n + 1) * sizeof *algos);
	size_t na = 0;
	for (int pass = 0; pass < 2; pass++)	/* default algorithms first */
		for (size_t i = 0; i < names->n; i++)
			for (size_t j = 0; j < all->n; j++) {
				const struct ynode *nm = ytree_get(all->items[j],
								   "name");
				if (!nm || nm->kind != YN_SCALAR ||
				    names->items[i]->kind != YN_SCALAR ||
				    strcmp(nm->text, names->items[i]->text))
					continue;
				struct algo a;
				if (read_algo(c, all->items[j], &a) &&
				    a.dflt == (pass == 0))
					algos[na++] = a;
				break;
			}
	for (size_t i = 0; i < d->nmems; i++) {
		struct dev_memory *m = &d->mems[i];
		struct dev_flash *fl = (struct dev_flash *)m->flash;
		if (!fl)
			continue;
		bool all_ok = true;
		for (size_t b = 0; b < fl->nbanks && all_ok; b++) {
			bool ok = false;
			for (size_t k = 0; k < na && !ok; k++)
				ok = runs_for(c, &algos[k], &fl->banks[b]);
			all_ok = ok;
		}
		if (!all_ok)
			m->flash = NULL;	/* no complete layout: say nothing */
	}
}

/* Adjacent flash entries with the same access become banks of one memory. */
static size_t merge_banks(struct pctx *c, struct dev_memory *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct dev_memory *m = &v[i];
		bool flash = m->type == MEM_FLASH && !m->is_alias;
		struct dev_memory *prev = k ? &v[k - 1] : NULL;
		if (flash && prev && prev->type == MEM_FLASH && !prev->is_alias &&
		    prev->base + prev->size == m->base &&
		    prev->access == m->access) {
			struct dev_flash *fl = (struct dev_flash *)prev->flash;
			struct dev_bank *banks = arena_alloc(&c->db->arena,
				(fl->nbanks + 1) * sizeof *banks);
			memcpy(banks, fl->banks, fl->nbanks * sizeof *banks);
			struct dev_bank *b = &banks[fl->nbanks];
			memset(b, 0, sizeof *b);
			b->name = m->name;
			b->base = m->base;
			b->size = m->size;
			b->loc = m->loc;
			fl->banks = banks;
			fl->nbanks++;
			prev->size += m->size;
			prev->boot |= m->boot;
			continue;
		}
		if (flash) {
			struct dev_flash *fl = arena_alloc(&c->db->arena, sizeof *fl);
			fl->erased = -1;
			fl->loc = m->loc;
			fl->nbanks = 1;
			fl->banks = arena_alloc(&c->db->arena, sizeof *fl->banks);
			fl->banks[0].name = m->name;
			fl->banks[0].base = m->base;
			fl->banks[0].size = m->size;
			fl->banks[0].loc = m->loc;
			m->flash = fl;
		}
		v[k++] = *m;
	}
	return k;
}

static const struct ynode *find_variant(struct pctx *c, const struct ynode *root,
					const char *chip)
{
	const struct ynode *vs = pseq(c, root, "variants", true);
	if (!vs)
		return NULL;
	const char *near = NULL;
	unsigned best = 4;
	for (size_t i = 0; i < vs->n; i++) {
		const struct ynode *nm = ytree_get(vs->items[i], "name");
		if (!nm || nm->kind != YN_SCALAR)
			continue;
		if (same_name(nm->text, chip))
			return vs->items[i];
		unsigned dd = edit_distance(nm->text, chip, best);
		if (dd < best)
			best = dd, near = nm->text;
	}
	struct loc l = {c->path, 0, 0, 0};
	if (near)
		PERR(c, l, "no chip '%s' in this probe-rs target file; did you mean "
		     "'%s'?", chip, near);
	else
		PERR(c, l, "no chip '%s' in this probe-rs target file (%zu "
		     "variants)", chip, vs->n);
	return NULL;
}

struct device *probers_read(struct devdb *db, const char *path, const char *chip)
{
	struct pctx c = {db, arena_strdup(&db->arena, path), false};
	size_t len;
	char *text = source_read(c.path, &len);
	if (!text) {
		struct loc l = {c.path, 0, 0, 0};
		dev_error(db, l, "cannot read the probe-rs target file: %s",
			  read_failure());
		return NULL;
	}
	struct ynode *root;
	if (!ytree_parse(&db->arena, db->diag, c.path, text, len, &root)) {
		db->failed = true;
		return NULL;
	}
	if (!root) {
		struct loc l = {c.path, 1, 0, 1};
		dev_error(db, l, "the file is empty; a probe-rs target file is a "
			  "mapping with 'name' and 'variants'");
		return NULL;
	}
	if (root->kind != YN_MAP) {
		PERR(&c, root->loc, "probe-rs: a target file is a mapping with "
		     "'name' and 'variants'");
		return NULL;
	}
	const struct ynode *v = find_variant(&c, root, chip);
	if (!v)
		return NULL;
	const struct ynode *mm = pseq(&c, v, "memory_map", true);
	if (!mm)
		return NULL;
	struct device *d = arena_alloc(&db->arena, sizeof *d);
	const struct ynode *vn = ytree_get(v, "name"), *fam = ytree_get(root, "name");
	d->id = vn->text;
	d->kind = "device";
	d->path = c.path;
	d->loc = vn->loc;
	d->from_probers = true;
	d->arch = arch_of(v);
	d->core = "unknown (probe-rs gives only the architecture)";
	d->description = arena_printf(&db->arena, "%s (probe-rs target%s%s)",
				      vn->text, fam && fam->kind == YN_SCALAR ?
				      ", family " : "",
				      fam && fam->kind == YN_SCALAR ? fam->text : "");
	d->sources = arena_alloc(&db->arena, sizeof *d->sources);
	d->sources[0] = arena_printf(&db->arena, "probe-rs target file %s", c.path);
	d->nsources = 1;
	d->mems = arena_alloc(&db->arena, (mm->n + 1) * sizeof *d->mems);
	for (size_t i = 0; i < mm->n; i++)
		if (!read_entry(&c, mm->items[i], i, &d->mems[i]))
			return NULL;
	d->nmems = merge_banks(&c, d->mems, mm->n);
	add_sectors(&c, root, v, d);
	return c.bad ? NULL : d;
}
