/*
 * devfile: one memmaps YAML file, checked against memmaps/SCHEMA.md.
 *
 * Reads the file, builds the node tree (ytree.c), then walks it with one
 * function per schema object (memory, bank, window, reserved range, loader
 * range, variant).  Every unknown key, wrong type and malformed number is
 * reported at its own line and column; checks that need only this file
 * (sector runs adding up to their bank, banks tiling their memory, one
 * memory's address range) are done here too.  Resolution across files
 * ('extends', loaders bound to devices, overlaps after a merge) is
 * device.c's job.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devfile.h"
#include "number.h"
#include "source.h"

/* Addresses of the 32-bit cores this describes end here. */
#define ADDR_LIMIT 0x100000000ull

struct ctx {
	struct devdb *db;
	struct devfile *f;
	bool bad;
};

#define ERR(c, l, ...) ((c)->bad = true, dev_error((c)->db, (l), __VA_ARGS__))

static struct arena *A(struct ctx *c)
{
	return &c->db->arena;
}

/* --- scalars --------------------------------------------------------- */

static const char *scalar_kind(const struct ynode *n)
{
	if (n->kind != YN_SCALAR)
		return ytree_kind_name(n);
	return n->plain ? "a plain scalar" : "a quoted string";
}

static bool want_kind(struct ctx *c, const struct ynode *n, enum ynode_kind k,
		      const char *what)
{
	if (n->kind == k)
		return true;
	ERR(c, n->loc, "%s must be %s, not %s", what,
	    k == YN_MAP ? "a mapping" : k == YN_SEQ ? "a list" : "a scalar",
	    ytree_kind_name(n));
	return false;
}

static bool number_node(struct ctx *c, const struct ynode *n, const char *key,
			uint64_t *v)
{
	const char *why;
	if (n->kind != YN_SCALAR || !n->plain) {
		ERR(c, n->loc, "'%s' must be a plain number, not %s", key,
		    scalar_kind(n));
		return false;
	}
	if (!number_parse(n->text, v, &why)) {
		ERR(c, n->loc, "'%s: %s' %s", key, n->text, why);
		return false;
	}
	return true;
}

/* Reports keys of 'map' not in 'allowed', with the nearest allowed one. */
static bool keys_ok(struct ctx *c, const struct ynode *map,
		    const char *const *allowed, const char *what)
{
	bool ok = true;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->text, *best = NULL;
		unsigned best_d = strlen(k) >= 6 ? 4 : 3;
		bool found = false;
		for (const char *const *a = allowed; *a; a++) {
			if (strcmp(*a, k) == 0) {
				found = true;
				break;
			}
			unsigned dd = edit_distance(k, *a, best_d);
			if (dd < best_d)
				best_d = dd, best = *a;
		}
		if (found)
			continue;
		ok = false;
		const struct ynode *v = map->items[i];
		if (v->kind == YN_SCALAR && v->plain && !v->text[0] &&
		    map->loc.line == map->keys[i]->loc.line) {
			ERR(c, map->keys[i]->loc, "unknown key '%s' in %s: a comma "
			    "inside an unquoted value starts a new key; quote the "
			    "value", k, what);
			continue;
		}
		if (strcmp(k, "<<") == 0)
			ERR(c, map->keys[i]->loc, "YAML merge keys ('<<') are not "
			    "supported; repeat the keys or use an alias for the "
			    "whole value");
		else if (best)
			ERR(c, map->keys[i]->loc, "unknown key '%s' in %s; did you "
			    "mean '%s'?", k, what, best);
		else
			ERR(c, map->keys[i]->loc, "unknown key '%s' in %s (see "
			    "memmaps/SCHEMA.md)", k, what);
	}
	return ok;
}

static struct loc loc_of(const struct ynode *n)
{
	struct loc none = {0};
	return n ? n->loc : none;
}

static bool get_num(struct ctx *c, const struct ynode *map, const char *key,
		    bool required, const char *what, uint64_t *v, struct loc *at)
{
	const struct ynode *n = ytree_get(map, key);
	if (at)
		*at = loc_of(n);
	if (!n) {
		if (required)
			ERR(c, map->loc, "%s needs '%s'", what, key);
		return false;
	}
	return number_node(c, n, key, v);
}

static const char *get_str(struct ctx *c, const struct ynode *map,
			   const char *key, bool required, const char *what,
			   struct loc *at)
{
	const struct ynode *n = ytree_get(map, key);
	if (at)
		*at = loc_of(n);
	if (!n) {
		if (required)
			ERR(c, map->loc, "%s needs '%s'", what, key);
		return NULL;
	}
	if (n->kind != YN_SCALAR) {
		ERR(c, n->loc, "'%s' must be a string, not %s", key,
		    ytree_kind_name(n));
		return NULL;
	}
	if (n->text[0] == '\0' && n->plain) {
		ERR(c, n->loc, "'%s' is empty", key);
		return NULL;
	}
	return n->text;
}

static bool get_bool(struct ctx *c, const struct ynode *map, const char *key,
		     bool dflt)
{
	const struct ynode *n = ytree_get(map, key);
	if (!n)
		return dflt;
	if (n->kind == YN_SCALAR && n->plain && strcmp(n->text, "true") == 0)
		return true;
	if (n->kind == YN_SCALAR && n->plain && strcmp(n->text, "false") == 0)
		return false;
	if (n->kind == YN_SCALAR)
		ERR(c, n->loc, "'%s' must be true or false, not '%s'", key, n->text);
	else
		ERR(c, n->loc, "'%s' must be true or false, not %s", key,
		    ytree_kind_name(n));
	return dflt;
}

static const char **get_strlist(struct ctx *c, const struct ynode *map,
				const char *key, bool required,
				const char *what, size_t *count)
{
	const struct ynode *n = ytree_get(map, key);
	*count = 0;
	if (!n) {
		if (required)
			ERR(c, map->loc, "%s needs '%s'", what, key);
		return NULL;
	}
	if (n->kind != YN_SEQ) {
		ERR(c, n->loc, "'%s' must be a list of strings, not %s%s", key,
		    scalar_kind(n), n->kind == YN_SCALAR ? " (write [...])" : "");
		return NULL;
	}
	const char **v = arena_alloc(A(c), (n->n + 1) * sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != YN_SCALAR) {
			ERR(c, n->items[i]->loc, "'%s' must be a list of strings; "
			    "this item is %s", key, ytree_kind_name(n->items[i]));
			return NULL;
		}
		v[i] = n->items[i]->text;
	}
	*count = n->n;
	return v;
}

/* One of the words in 'words' (NULL-terminated); returns its index. */
static int get_enum(struct ctx *c, const struct ynode *map, const char *key,
		    const char *const *words, bool required, const char *what,
		    int dflt, struct loc *at)
{
	const char *s = get_str(c, map, key, required, what, at);
	if (!s)
		return dflt;
	for (int i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	char list[256] = "";
	for (int i = 0; words[i]; i++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
			 words[i]);
	}
	ERR(c, loc_of(ytree_get(map, key)), "'%s: %s' is not one of %s", key, s,
	    list);
	return dflt;
}

static const char *const type_words[] = {
	"flash", "rom", "otp", "option", "ram", "ext-ram", "xip", "mmio", NULL
};

static bool parse_access(struct ctx *c, const struct ynode *map, unsigned *acc,
			 struct loc *at)
{
	const char *s = get_str(c, map, "access", false, NULL, at);
	if (!s)
		return false;
	unsigned a = 0;
	for (const char *p = s; *p; p++) {
		unsigned bit = *p == 'r' ? ACC_R : *p == 'w' ? ACC_W :
			       *p == 'x' ? ACC_X : 0;
		if (!bit || (a & bit)) {
			ERR(c, *at, "'access: %s' must be letters r, w and x, each "
			    "at most once", s);
			return false;
		}
		a |= bit;
	}
	*acc = a;
	return true;
}

/* base + size inside the 32-bit address space, size > 0. */
static bool range_ok(struct ctx *c, uint64_t base, uint64_t size,
		     struct loc size_at, const char *what)
{
	if (size == 0) {
		ERR(c, size_at, "%s has size 0", what);
		return false;
	}
	if (base >= ADDR_LIMIT || size > ADDR_LIMIT - base) {
		ERR(c, size_at, "%s ends past the 4 GiB address space "
		    "(0x%08llx + 0x%llx)", what, (unsigned long long)base,
		    (unsigned long long)size);
		return false;
	}
	return true;
}

/* --- flash layout ---------------------------------------------------- */

static bool parse_runs(struct ctx *c, const struct ynode *seq, struct dev_bank *b)
{
	static const char *const keys[] = {"count", "size", NULL};
	if (!want_kind(c, seq, YN_SEQ, "'sectors'"))
		return false;
	if (seq->n == 0) {
		ERR(c, seq->loc, "'sectors' is empty");
		return false;
	}
	b->runs = arena_alloc(A(c), seq->n * sizeof *b->runs);
	b->nruns = seq->n;
	uint64_t total = 0;
	bool ok = true;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *r = seq->items[i];
		struct dev_run *run = &b->runs[i];
		run->loc = r->loc;
		if (!want_kind(c, r, YN_MAP, "a sector run") ||
		    !keys_ok(c, r, keys, "a sector run")) {
			ok = false;
			continue;
		}
		bool have_count = get_num(c, r, "count", true, "a sector run",
					  &run->count, NULL);
		bool have_size = get_num(c, r, "size", true, "a sector run",
					 &run->size, NULL);
		if (!have_count || !have_size) {
			ok = false;
			continue;
		}
		if (run->count == 0 || run->size == 0) {
			ERR(c, r->loc, "a sector run needs a count and a size above 0");
			ok = false;
			continue;
		}
		if (run->size > ADDR_LIMIT || run->count > ADDR_LIMIT / run->size) {
			ERR(c, r->loc, "this sector run is larger than the 4 GiB "
			    "address space");
			ok = false;
			continue;
		}
		total += run->count * run->size;
		b->nsectors += run->count;
	}
	if (ok && total != b->size) {
		struct finding *f = ERR(c, seq->loc, "the sector runs of bank '%s' "
					"add up to %llu bytes (0x%llx), not the "
					"bank's %llu (0x%llx)", b->name,
					(unsigned long long)total,
					(unsigned long long)total,
					(unsigned long long)b->size,
					(unsigned long long)b->size);
		diag_note(c->db->diag, f, b->loc, "bank '%s' is 0x%08llx-0x%08llx",
			  b->name, (unsigned long long)b->base,
			  (unsigned long long)(b->base + b->size - 1));
		ok = false;
	}
	return ok;
}

static bool parse_bank(struct ctx *c, const struct ynode *n,
		       const struct dev_memory *m, struct dev_bank *b)
{
	static const char *const keys[] = {
		"name", "base", "size", "sectors", "first_sector", NULL
	};
	struct loc size_at;
	b->loc = n->loc;
	if (!want_kind(c, n, YN_MAP, "a bank") || !keys_ok(c, n, keys, "a bank"))
		return false;
	b->name = get_str(c, n, "name", true, "a bank", NULL);
	bool ok = b->name != NULL;
	ok &= get_num(c, n, "base", true, "a bank", &b->base, NULL);
	ok &= get_num(c, n, "size", true, "a bank", &b->size, &size_at);
	uint64_t first = 0;
	if (ytree_get(n, "first_sector")) {
		if (get_num(c, n, "first_sector", false, "a bank", &first, NULL) &&
		    first > 65535) {
			ERR(c, loc_of(ytree_get(n, "first_sector")),
			    "'first_sector' is implausibly large");
			ok = false;
		}
	}
	b->first_sector = (unsigned)first;
	if (!ok)
		return false;
	if (b->base < m->base || b->base - m->base >= m->size ||
	    b->size > m->base + m->size - b->base) {
		ERR(c, n->loc, "bank '%s' (0x%08llx-0x%08llx) is not inside memory "
		    "'%s' (0x%08llx-0x%08llx)", b->name, (unsigned long long)b->base,
		    (unsigned long long)(b->base + b->size - 1), m->name,
		    (unsigned long long)m->base,
		    (unsigned long long)(m->base + m->size - 1));
		return false;
	}
	const struct ynode *s = ytree_get(n, "sectors");
	if (!s) {
		ERR(c, n->loc, "bank '%s' needs 'sectors'", b->name);
		return false;
	}
	return parse_runs(c, s, b);
}

/* Banks must follow each other from the memory base to its end. */
static bool banks_tile(struct ctx *c, const struct dev_memory *m,
		       const struct dev_flash *fl, const struct ynode *at)
{
	uint64_t next = m->base;
	for (size_t i = 0; i < fl->nbanks; i++) {
		const struct dev_bank *b = &fl->banks[i];
		if (b->base != next) {
			if (b->base < next)
				ERR(c, b->loc, "bank '%s' starts at 0x%08llx, inside the "
				    "previous bank (banks are listed in address "
				    "order and do not overlap)", b->name,
				    (unsigned long long)b->base);
			else
				ERR(c, b->loc, "memory '%s' has no bank at "
				    "0x%08llx-0x%08llx; banks must cover the whole memory "
				    "(a hole between banks means two memories)",
				    m->name, (unsigned long long)next,
				    (unsigned long long)(b->base - 1));
			return false;
		}
		next = b->base + b->size;
	}
	if (next != m->base + m->size) {
		ERR(c, at->loc, "the banks of '%s' end at 0x%08llx, not at the end of "
		    "the memory (0x%08llx)", m->name, (unsigned long long)next,
		    (unsigned long long)(m->base + m->size));
		return false;
	}
	return true;
}

static const struct dev_flash *parse_flash(struct ctx *c, const struct ynode *n,
					   const struct dev_memory *m)
{
	static const char *const keys[] = {
		"banks", "sectors", "write_unit", "erased", "rww", NULL
	};
	static const char *const rww_words[] = {
		"unspecified", "none", "other-bank", "yes", NULL
	};
	if (!want_kind(c, n, YN_MAP, "'flash'") || !keys_ok(c, n, keys, "'flash'"))
		return NULL;
	if (m->type != MEM_FLASH && m->type != MEM_XIP && m->type != MEM_OTP &&
	    m->type != MEM_OPTION) {
		ERR(c, n->loc, "'flash' describes erase sectors; memory '%s' is of "
		    "type %s", m->name, mem_type_name(m->type));
		return NULL;
	}
	struct dev_flash *fl = arena_alloc(A(c), sizeof *fl);
	fl->loc = n->loc;
	fl->erased = -1;
	const struct ynode *banks = ytree_get(n, "banks"),
			   *sectors = ytree_get(n, "sectors");
	if (!banks == !sectors) {
		ERR(c, n->loc, "'flash' of '%s' needs exactly one of 'banks' and "
		    "'sectors'", m->name);
		return NULL;
	}
	bool ok = true;
	if (sectors) {
		fl->nbanks = 1;
		fl->banks = arena_alloc(A(c), sizeof *fl->banks);
		fl->banks[0].name = "BANK1";
		fl->banks[0].base = m->base;
		fl->banks[0].size = m->size;
		fl->banks[0].loc = sectors->loc;
		ok = parse_runs(c, sectors, &fl->banks[0]);
	} else if (want_kind(c, banks, YN_SEQ, "'banks'")) {
		fl->nbanks = banks->n;
		fl->banks = arena_alloc(A(c), (banks->n + 1) * sizeof *fl->banks);
		for (size_t i = 0; i < banks->n; i++)
			ok &= parse_bank(c, banks->items[i], m, &fl->banks[i]);
		if (ok && banks->n == 0) {
			ERR(c, banks->loc, "'banks' is empty");
			ok = false;
		}
		if (ok)
			ok = banks_tile(c, m, fl, banks);
	} else {
		ok = false;
	}
	if (ytree_get(n, "write_unit"))
		ok &= get_num(c, n, "write_unit", false, NULL, &fl->write_unit,
			      &fl->write_unit_loc);
	uint64_t erased;
	if (ytree_get(n, "erased")) {
		if (get_num(c, n, "erased", false, NULL, &erased, &fl->erased_loc)) {
			if (erased > 0xFF) {
				ERR(c, fl->erased_loc, "'erased' is a byte value "
				    "(0x00-0xFF)");
				ok = false;
			}
			fl->erased = (int)(erased & 0xFF);
		} else {
			ok = false;
		}
	}
	fl->rww = (enum rww)get_enum(c, n, "rww", rww_words, false, NULL,
				     RWW_UNSPECIFIED, &fl->rww_loc);
	return ok ? fl : NULL;
}

/* --- memories, windows, XN areas, reserved ranges --------------------- */

static void parse_dma(struct ctx *c, const struct ynode *n, struct dev_memory *m)
{
	m->dma_loc = n->loc;
	if (n->kind == YN_SCALAR && strcmp(n->text, "all") == 0) {
		m->dma = DMA_ALL;
	} else if (n->kind == YN_SCALAR && strcmp(n->text, "none") == 0) {
		m->dma = DMA_NONE;
	} else if (n->kind == YN_SEQ && n->n > 0) {
		m->dma = DMA_LIST;
		m->dma_masters = arena_alloc(A(c), n->n * sizeof *m->dma_masters);
		for (size_t i = 0; i < n->n; i++) {
			if (n->items[i]->kind != YN_SCALAR) {
				ERR(c, n->items[i]->loc, "'dma' lists DMA master "
				    "names (strings)");
				return;
			}
			m->dma_masters[i] = n->items[i]->text;
		}
		m->ndma = n->n;
	} else {
		ERR(c, n->loc, "'dma' must be all, none, or a list of the DMA "
		    "masters that reach the memory");
	}
}

static const char *parse_init(struct ctx *c, const struct ynode *n,
			      struct loc *at)
{
	static const char *const keys[] = {"requires", NULL};
	if (!want_kind(c, n, YN_MAP, "'init'") || !keys_ok(c, n, keys, "'init'"))
		return NULL;
	return get_str(c, n, "requires", true, "'init'", at);
}

static bool parse_memory(struct ctx *c, const struct ynode *n,
			 struct dev_memory *m, bool board)
{
	static const char *const keys[] = {
		"name", "base", "size", "type", "access", "boot", "alias_of", "dma",
		"init", "description", "flash", "window", "security", NULL
	};
	static const char *const security_words[] = {
		"unspecified", "non-secure", "secure", NULL
	};
	m->loc = n->loc;
	m->from = c->f->id;
	if (!want_kind(c, n, YN_MAP, "a memory") ||
	    !keys_ok(c, n, keys, "a memory"))
		return false;
	m->name = get_str(c, n, "name", true, "a memory", &m->name_loc);
	bool ok = m->name != NULL;
	if (m->name && !(isalpha((unsigned char)m->name[0]) || m->name[0] == '_')) {
		ERR(c, m->name_loc, "memory name '%s' must start with a letter or "
		    "'_'", m->name);
		ok = false;
	}
	for (const char *p = m->name ? m->name : ""; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_') {
			ERR(c, m->name_loc, "memory name '%s' may hold only letters, "
			    "digits and '_'", m->name);
			ok = false;
			break;
		}
	ok &= get_num(c, n, "base", true, "a memory", &m->base, &m->base_loc);
	ok &= get_num(c, n, "size", true, "a memory", &m->size, &m->size_loc);
	int t = get_enum(c, n, "type", type_words, true, "a memory", -1,
			 &m->type_loc);
	if (t < 0)
		return false;
	m->type = (enum mem_type)t;
	m->access = mem_type_access(m->type);
	m->access_loc = m->type_loc;
	if (ytree_get(n, "access"))
		ok &= parse_access(c, n, &m->access, &m->access_loc);
	m->boot = get_bool(c, n, "boot", false);
	m->alias_of = get_str(c, n, "alias_of", false, NULL, &m->alias_loc);
	m->is_alias = m->alias_of != NULL;
	m->security = (enum dev_security)get_enum(c, n, "security", security_words,
						  false, NULL, SEC_UNSPECIFIED,
						  &m->security_loc);
	const struct ynode *x = ytree_get(n, "dma");
	if (x)
		parse_dma(c, x, m);
	if ((x = ytree_get(n, "init")))
		m->init_requires = parse_init(c, x, &m->init_loc);
	m->description = get_str(c, n, "description", false, NULL, NULL);
	if ((x = ytree_get(n, "window"))) {
		if (!board) {
			ERR(c, x->loc, "'window' belongs in a board file: a chip "
			    "declares windows, a board populates them");
			ok = false;
		}
		m->window = get_str(c, n, "window", false, NULL, NULL);
	}
	if (!ok || !range_ok(c, m->base, m->size, m->size_loc, "this memory"))
		return false;
	if ((x = ytree_get(n, "flash")) && !(m->flash = parse_flash(c, x, m)))
		return false;
	return !c->bad;
}

static bool parse_window(struct ctx *c, const struct ynode *n,
			 struct dev_window *w)
{
	static const char *const keys[] = {
		"name", "base", "size", "type", "access", "init", "description",
		NULL
	};
	struct loc at, size_at;
	w->loc = n->loc;
	if (!want_kind(c, n, YN_MAP, "a window") ||
	    !keys_ok(c, n, keys, "a window"))
		return false;
	w->name = get_str(c, n, "name", true, "a window", NULL);
	bool ok = w->name != NULL;
	ok &= get_num(c, n, "base", true, "a window", &w->base, NULL);
	ok &= get_num(c, n, "size", true, "a window", &w->size, &size_at);
	int t = get_enum(c, n, "type", type_words, true, "a window", -1, &at);
	if (t < 0)
		return false;
	w->type = (enum mem_type)t;
	if (t != MEM_XIP && t != MEM_EXT_RAM && t != MEM_MMIO) {
		ERR(c, at, "a window is of type xip, ext-ram or mmio, not %s",
		    type_words[t]);
		return false;
	}
	w->access = mem_type_access(w->type);
	if (ytree_get(n, "access"))
		ok &= parse_access(c, n, &w->access, &at);
	const struct ynode *x = ytree_get(n, "init");
	if (x)
		w->init_requires = parse_init(c, x, &at);
	w->description = get_str(c, n, "description", false, NULL, NULL);
	return ok && range_ok(c, w->base, w->size, size_at, "this window");
}

static bool parse_xn(struct ctx *c, const struct ynode *n, struct dev_xn *x)
{
	static const char *const keys[] = {"base", "size", "reason", "mpu", NULL};
	struct loc size_at;
	x->loc = n->loc;
	if (!want_kind(c, n, YN_MAP, "an execute-never area") ||
	    !keys_ok(c, n, keys, "an execute-never area"))
		return false;
	bool ok = get_num(c, n, "base", true, "an execute-never area", &x->base,
			  NULL);
	ok &= get_num(c, n, "size", true, "an execute-never area", &x->size,
		      &size_at);
	x->reason = get_str(c, n, "reason", true, "an execute-never area", NULL);
	x->mpu_can_clear = get_bool(c, n, "mpu", false);
	return ok && x->reason &&
	       range_ok(c, x->base, x->size, size_at, "this execute-never area");
}

/* base + size, or a memory name resolved later. */
static bool parse_where(struct ctx *c, const struct ynode *n, const char *what,
			uint64_t *base, uint64_t *size, const char **memory,
			int *type, bool allow_type)
{
	struct loc size_at;
	const struct ynode *b = ytree_get(n, "base"), *s = ytree_get(n, "size"),
			   *m = ytree_get(n, "memory"), *t = ytree_get(n, "type");
	int forms = (b || s) + (m != NULL) + (t != NULL);
	*memory = NULL;
	if (type)
		*type = -1;
	if (forms != 1 || (t && !allow_type)) {
		ERR(c, n->loc, "%s takes exactly one of 'base' and 'size', "
		    "'memory: NAME'%s", what, allow_type ? " and 'type: TYPE'" : "");
		return false;
	}
	if (m) {
		*memory = get_str(c, n, "memory", true, what, NULL);
		return *memory != NULL;
	}
	if (t) {
		int v = get_enum(c, n, "type", type_words, true, what, -1, NULL);
		*type = v;
		return v >= 0;
	}
	bool ok = get_num(c, n, "base", true, what, base, NULL);
	ok &= get_num(c, n, "size", true, what, size, &size_at);
	return ok && range_ok(c, *base, *size, size_at, what);
}

static bool parse_reserved(struct ctx *c, const struct ynode *n,
			   struct dev_reserved *r)
{
	static const char *const keys[] = {
		"base", "size", "memory", "reason", "by", "scope", "allow", NULL
	};
	static const char *const scope_words[] = {"all", "load-image", NULL};
	r->loc = n->loc;
	if (!want_kind(c, n, YN_MAP, "a reserved range") ||
	    !keys_ok(c, n, keys, "a reserved range"))
		return false;
	bool ok = parse_where(c, n, "a reserved range", &r->base, &r->size,
			      &r->memory, NULL, false);
	r->reason = get_str(c, n, "reason", true, "a reserved range", NULL);
	r->by = get_str(c, n, "by", false, NULL, NULL);
	if (!r->by)
		r->by = c->f->id;
	r->load_image_only = get_enum(c, n, "scope", scope_words, false, NULL, 0,
				      NULL) == 1;
	if (ytree_get(n, "allow"))
		r->allow = get_strlist(c, n, "allow", false, NULL, &r->nallow);
	return ok && r->reason && !c->bad;
}

/* --- boot headers ------------------------------------------------------ */

/* A list of 32-bit words under 'key' (NULL, *count 0 when absent). */
static const uint32_t *get_words(struct ctx *c, const struct ynode *map,
				 const char *key, size_t *count)
{
	const struct ynode *n = ytree_get(map, key);
	char what[32];
	*count = 0;
	snprintf(what, sizeof what, "'%s'", key);
	if (!n || !want_kind(c, n, YN_SEQ, what))
		return NULL;
	if (n->n == 0) {
		ERR(c, n->loc, "'%s' is empty", key);
		return NULL;
	}
	uint32_t *v = arena_alloc(A(c), n->n * sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		uint64_t w;
		if (!number_node(c, n->items[i], key, &w))
			return NULL;
		if (w > 0xFFFFFFFFu) {
			ERR(c, n->items[i]->loc, "'%s' holds 32-bit words; 0x%llx "
			    "is larger", key, (unsigned long long)w);
			return NULL;
		}
		v[i] = (uint32_t)w;
	}
	*count = n->n;
	return v;
}

/* 'end: {words: [...], within: N}': words that must follow the start. */
static bool parse_header_end(struct ctx *c, const struct ynode *n,
			     struct dev_boot_header *h)
{
	static const char *const keys[] = {"words", "within", NULL};
	if (!want_kind(c, n, YN_MAP, "'end'") || !keys_ok(c, n, keys, "'end'"))
		return false;
	h->end = get_words(c, n, "words", &h->nend);
	if (!h->end && !ytree_get(n, "words"))
		ERR(c, n->loc, "'end' needs 'words'");
	bool ok = get_num(c, n, "within", true, "'end'", &h->end_within, NULL);
	if (ok && (h->end_within < 4 * (h->nend + 1) || h->end_within > 0x10000)) {
		ERR(c, loc_of(ytree_get(n, "within")), "'within' of 'end' must "
		    "leave room for the words (at least %zu bytes) and be at "
		    "most 64K", 4 * (h->nend + 1));
		ok = false;
	}
	return ok && h->end;
}

/* The words, their mask and where the ROM enters the image. */
static bool parse_header_words(struct ctx *c, const struct ynode *n,
			       struct dev_boot_header *h)
{
	size_t nmask = 0;
	h->words = get_words(c, n, "words", &h->nwords);
	const uint32_t *mask = get_words(c, n, "mask", &nmask);
	if (ytree_get(n, "mask") && mask && nmask != h->nwords) {
		ERR(c, loc_of(ytree_get(n, "mask")), "'mask' has %zu word%s and "
		    "'words' %zu; give one mask word per word", nmask,
		    nmask == 1 ? "" : "s", h->nwords);
		return false;
	}
	if (!mask && h->nwords) {
		uint32_t *all = arena_alloc(A(c), h->nwords * sizeof *all);
		for (size_t i = 0; i < h->nwords; i++)
			all[i] = 0xFFFFFFFFu;
		mask = all;
	}
	h->mask = mask;
	uint64_t entry;
	if (get_num(c, n, "entry", false, NULL, &entry, NULL)) {
		if (entry > 63) {
			ERR(c, loc_of(ytree_get(n, "entry")), "'entry: %llu' is the "
			    "index of a word of the header, 0 to 63",
			    (unsigned long long)entry);
			return false;
		}
		h->entry = (int)entry;
	}
	return !ytree_get(n, "words") || h->words;
}

/* Where the header is looked for: 'at', 'within', 'align'. */
static bool parse_header_place(struct ctx *c, const struct ynode *n,
			       struct dev_boot_header *h)
{
	struct loc at_loc, align_loc;
	bool ok = get_num(c, n, "at", true, "a boot header", &h->at, &at_loc);
	h->align = 4;
	if (get_num(c, n, "align", false, NULL, &h->align, &align_loc) &&
	    (h->align == 0 || (h->align & (h->align - 1)) || h->align > 4096)) {
		ERR(c, align_loc, "'align' must be a power of two up to 4096");
		ok = false;
	}
	if (ytree_get(n, "within") &&
	    get_num(c, n, "within", false, NULL, &h->within, NULL) && !h->within) {
		ERR(c, loc_of(ytree_get(n, "within")), "'within' is 0; leave it "
		    "out when the header is exactly at 'at'");
		ok = false;
	}
	uint64_t span = 4 * h->nwords;
	if (h->within > span)
		span = h->within;
	if (h->crc32 > span)
		span = h->crc32;
	return ok && range_ok(c, h->at, span ? span : 4, at_loc, "this boot header");
}

static bool parse_boot_header(struct ctx *c, const struct ynode *n,
			      struct dev_boot_header *h)
{
	static const char *const keys[] = {
		"name", "what", "hint", "at", "within", "align", "words", "mask",
		"end", "crc32", "entry", NULL
	};
	h->loc = n->loc;
	h->from = c->f->id;
	h->entry = -1;
	if (!want_kind(c, n, YN_MAP, "a boot header") ||
	    !keys_ok(c, n, keys, "a boot header"))
		return false;
	h->name = get_str(c, n, "name", true, "a boot header", NULL);
	h->what = get_str(c, n, "what", true, "a boot header", NULL);
	h->hint = get_str(c, n, "hint", false, NULL, NULL);
	struct loc crc_loc;
	if (get_num(c, n, "crc32", false, NULL, &h->crc32, &crc_loc) &&
	    (h->crc32 < 8 || h->crc32 % 4 || h->crc32 > 0x10000)) {
		ERR(c, crc_loc, "'crc32' is the size of the checksummed block: "
		    "a multiple of 4 from 8 to 64K");
		return false;
	}
	if (!parse_header_words(c, n, h))
		return false;
	if (!h->nwords && !h->crc32) {
		ERR(c, n->loc, "a boot header needs 'words', 'crc32' or both");
		return false;
	}
	const struct ynode *end = ytree_get(n, "end");
	if (end && (!h->nwords || !parse_header_end(c, end, h))) {
		if (!h->nwords)
			ERR(c, end->loc, "'end' follows 'words'; give the start "
			    "words too");
		return false;
	}
	return parse_header_place(c, n, h) && h->name && h->what && !c->bad;
}

static bool boot_header_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_boot_header(c, n, out);
}

/* Boot header names are unique in one file. */
static void header_names(struct ctx *c, const struct device *d)
{
	for (size_t i = 0; i < d->nboot_headers; i++)
		for (size_t k = 0; k < i; k++)
			if (d->boot_headers[i].name && d->boot_headers[k].name &&
			    !strcmp(d->boot_headers[i].name, d->boot_headers[k].name))
				ERR(c, d->boot_headers[i].loc, "a second boot header "
				    "named '%s'", d->boot_headers[i].name);
}

/* A list under 'key', each item parsed by 'fn' into an array of 'elem'. */
static void *parse_list(struct ctx *c, const struct ynode *map, const char *key,
			size_t elem, size_t *count,
			bool (*fn)(struct ctx *, const struct ynode *, void *))
{
	const struct ynode *n = ytree_get(map, key);
	*count = 0;
	if (!n)
		return NULL;
	char what[64];
	snprintf(what, sizeof what, "'%s'", key);
	if (!want_kind(c, n, YN_SEQ, what))
		return NULL;
	unsigned char *v = arena_alloc(A(c), (n->n + 1) * elem);
	for (size_t i = 0; i < n->n; i++)
		fn(c, n->items[i], v + i * elem);
	*count = n->n;
	return v;
}

static bool memory_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_memory(c, n, out, strcmp(c->f->kind, "board") == 0);
}

static bool window_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_window(c, n, out);
}

static bool xn_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_xn(c, n, out);
}

static bool reserved_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_reserved(c, n, out);
}

/* --- devices and boards ---------------------------------------------- */

static const char *const arch_words[] = {
	"armv6-m", "armv7-m", "armv7e-m", "armv8-m.base", "armv8-m.main",
	"riscv", "xtensa", NULL
};

static void parse_cpu(struct ctx *c, const struct ynode *root, struct device *d)
{
	static const char *const keys[] = {"core", "arch", NULL};
	const struct ynode *n = ytree_get(root, "cpu");
	if (!n) {
		ERR(c, root->loc, "a device needs 'cpu: {core: ..., arch: ...}'");
		return;
	}
	if (!want_kind(c, n, YN_MAP, "'cpu'") || !keys_ok(c, n, keys, "'cpu'"))
		return;
	d->core = get_str(c, n, "core", true, "'cpu'", NULL);
	int a = get_enum(c, n, "arch", arch_words, true, "'cpu'", -1, NULL);
	d->arch = a >= 0 ? arch_words[a] : NULL;
}

static void parse_device(struct ctx *c, const struct ynode *root, bool board)
{
	static const char *const dev_keys[] = {
		"schema", "kind", "id", "description", "sources", "match", "cpu",
		"memories", "windows", "reserved", "execute_never", "vector_table",
		"boot_header", NULL
	};
	static const char *const board_keys[] = {
		"schema", "kind", "id", "description", "sources", "extends",
		"memories", "reserved", "execute_never", "vector_table",
		"boot_header", NULL
	};
	struct device *d = arena_alloc(A(c), sizeof *d);
	c->f->dev = d;
	d->id = c->f->id;
	d->kind = c->f->kind;
	d->description = c->f->description;
	d->path = c->f->path;
	d->loc = loc_of(ytree_get(root, "id"));
	bool keys = keys_ok(c, root, board ? board_keys : dev_keys,
			    board ? "a board file" : "a device file");
	d->sources = get_strlist(c, root, "sources", false, NULL, &d->nsources);
	if (board) {
		d->extends = get_str(c, root, "extends", true, "a board",
				     &d->extends_loc);
		/* an id, found next to the board or by search: never a path
		   that leads out of the descriptions' directories */
		if (d->extends && (strchr(d->extends, '/') ||
				   d->extends[0] == '.')) {
			ERR(c, d->extends_loc, "'extends' names a description by "
			    "its id, not a path: '%s'", d->extends);
			d->extends = NULL;
		}
	} else {
		d->match = get_strlist(c, root, "match", false, NULL, &d->nmatch);
		parse_cpu(c, root, d);
		if (!ytree_get(root, "memories") && keys)
			ERR(c, root->loc, "a device needs 'memories'");
		d->windows = parse_list(c, root, "windows", sizeof *d->windows,
					&d->nwindows, window_fn);
	}
	d->mems = parse_list(c, root, "memories", sizeof *d->mems, &d->nmems,
			     memory_fn);
	d->reserved = parse_list(c, root, "reserved", sizeof *d->reserved,
				 &d->nreserved, reserved_fn);
	d->xn = parse_list(c, root, "execute_never", sizeof *d->xn, &d->nxn, xn_fn);
	d->has_vector_table = get_num(c, root, "vector_table", false, NULL,
				      &d->vector_table, &d->vector_table_loc);
	d->boot_headers = parse_list(c, root, "boot_header",
				     sizeof *d->boot_headers, &d->nboot_headers,
				     boot_header_fn);
	header_names(c, d);
}

/* --- loaders ---------------------------------------------------------- */

static bool parse_range(struct ctx *c, const struct ynode *n, struct ldr_range *r,
			const char *list)
{
	static const char *const occ_keys[] = {
		"base", "size", "memory", "type", "reason", NULL
	};
	static const char *const write_keys[] = {
		"base", "size", "memory", "type", "debug_only", "requires", "note",
		"ram_image", NULL
	};
	static const char *const run_keys[] = {
		"name", "base", "size", "memory", "stored_at", "note", NULL
	};
	bool writes = strcmp(list, "writes") == 0,
	     runs = strcmp(list, "runs_from") == 0;
	char what[64];
	snprintf(what, sizeof what, "an entry of '%s'", list);
	r->loc = n->loc;
	r->dfuse_alt = -1;
	if (!want_kind(c, n, YN_MAP, what) ||
	    !keys_ok(c, n, writes ? write_keys : runs ? run_keys : occ_keys, what))
		return false;
	bool ok = parse_where(c, n, what, &r->base, &r->size, &r->memory, &r->type,
			      !runs);
	r->resolved = ok && !r->memory && r->type < 0;
	r->note = get_str(c, n, writes || runs ? "note" : "reason", false, NULL,
			  NULL);
	if (writes) {
		r->how = get_bool(c, n, "debug_only", false) ? WRITE_DEBUG_ONLY :
			 WRITE_YES;
		r->requires = get_str(c, n, "requires", false, NULL, NULL);
		if (r->requires && r->how == WRITE_DEBUG_ONLY) {
			ERR(c, n->loc, "a write is either 'debug_only' or "
			    "'requires' something, not both");
			ok = false;
		}
		if (r->requires)
			r->how = WRITE_NEEDS;
		r->ram_image = get_bool(c, n, "ram_image", false);
		if (r->ram_image && !r->requires) {
			ERR(c, n->loc, "'ram_image: true' says what a write requires; "
			    "give 'requires' too (what the tool needs, in words)");
			ok = false;
		}
	}
	if (runs) {
		r->name = get_str(c, n, "name", true, what, NULL);
		if (ytree_get(n, "stored_at"))
			r->has_stored_at = get_num(c, n, "stored_at", false, NULL,
						   &r->stored_at, NULL);
	}
	return ok && !c->bad;
}

static bool occupies_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_range(c, n, out, "occupies");
}

static bool writes_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_range(c, n, out, "writes");
}

static bool runs_fn(struct ctx *c, const struct ynode *n, void *out)
{
	return parse_range(c, n, out, "runs_from");
}

static bool dfuse_fn(struct ctx *c, const struct ynode *n, void *out)
{
	struct ldr_dfuse *df = out;
	char why[256];
	df->loc = n->loc;
	if (n->kind != YN_SCALAR) {
		ERR(c, n->loc, "a DfuSe interface string must be a string, not %s",
		    ytree_kind_name(n));
		return false;
	}
	df->text = n->text;
	if (!dfuse_parse(A(c), n->text, df, why, sizeof why)) {
		ERR(c, n->loc, "dfu-util cannot parse this DfuSe string: %s", why);
		return false;
	}
	return true;
}

static void parse_image(struct ctx *c, const struct ynode *n, struct ldr_part *p)
{
	static const char *const keys[] = {"format", "download_at", NULL};
	static const char *const formats[] = {
		"bin", "ihex", "elf", "uf2", "dfuse", NULL
	};
	if (!want_kind(c, n, YN_MAP, "'image'") || !keys_ok(c, n, keys, "'image'"))
		return;
	int f = get_enum(c, n, "format", formats, true, "'image'", -1, NULL);
	p->image_format = f >= 0 ? formats[f] : NULL;
	if (ytree_get(n, "download_at"))
		p->has_download_at = get_num(c, n, "download_at", false, NULL,
					     &p->download_at, NULL);
}

static void parse_part(struct ctx *c, const struct ynode *n, struct ldr_part *p)
{
	const struct ynode *x;
	p->description = get_str(c, n, "description", false, NULL, NULL);
	if ((x = ytree_get(n, "image")))
		parse_image(c, x, p);
	p->message = get_str(c, n, "message", false, NULL, NULL);
	if (ytree_get(n, "transfer_size"))
		p->has_transfer_size = get_num(c, n, "transfer_size", false, NULL,
					       &p->transfer_size, NULL);
	p->occupies = parse_list(c, n, "occupies", sizeof *p->occupies,
				 &p->noccupies, occupies_fn);
	p->reserves = parse_list(c, n, "reserves", sizeof *p->reserves,
				 &p->nreserves, reserved_fn);
	p->writes = parse_list(c, n, "writes", sizeof *p->writes, &p->nwrites,
			       writes_fn);
	p->runs_from = parse_list(c, n, "runs_from", sizeof *p->runs_from,
				  &p->nruns_from, runs_fn);
	p->dfuse = parse_list(c, n, "dfuse", sizeof *p->dfuse, &p->ndfuse,
			      dfuse_fn);
}

static bool variant_fn(struct ctx *c, const struct ynode *n, void *out)
{
	static const char *const keys[] = {
		"match", "description", "image", "message", "transfer_size",
		"occupies", "reserves", "writes", "dfuse", "runs_from", NULL
	};
	struct ldr_variant *v = out;
	v->loc = n->loc;
	if (!want_kind(c, n, YN_MAP, "a variant") ||
	    !keys_ok(c, n, keys, "a variant"))
		return false;
	v->match = get_strlist(c, n, "match", true, "a variant", &v->nmatch);
	parse_part(c, n, &v->part);
	return !c->bad;
}

static void parse_loader(struct ctx *c, const struct ynode *root)
{
	static const char *const keys[] = {
		"schema", "kind", "id", "description", "sources", "applies_to",
		"tool", "image", "message", "transfer_size", "occupies", "reserves",
		"writes", "dfuse", "runs_from", "variants", NULL
	};
	struct ldr_raw *r = arena_alloc(A(c), sizeof *r);
	c->f->ldr = r;
	struct loader *h = &r->head;
	h->id = c->f->id;
	h->description = c->f->description;
	h->path = c->f->path;
	h->loc = loc_of(ytree_get(root, "id"));
	keys_ok(c, root, keys, "a loader file");
	h->sources = get_strlist(c, root, "sources", false, NULL, &h->nsources);
	h->applies_to = get_strlist(c, root, "applies_to", true, "a loader",
				    &h->napplies);
	r->applies_loc = loc_of(ytree_get(root, "applies_to"));
	h->tool = get_str(c, root, "tool", true, "a loader", NULL);
	parse_part(c, root, &r->base);
	r->base.description = NULL;	/* the file's description is the head's */
	r->variants = parse_list(c, root, "variants", sizeof *r->variants,
				 &r->nvariants, variant_fn);
}

/* --- the file -------------------------------------------------------- */

/* The file name without directory and .yaml/.yml. */
static char *base_id(struct arena *a, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
		n -= 4;
	return arena_strndup(a, b, n);
}

static void parse_head(struct ctx *c, const struct ynode *root)
{
	static const char *const kinds[] = {"device", "board", "loader", NULL};
	struct loc at;
	uint64_t schema;
	if (!want_kind(c, root, YN_MAP, "a description file"))
		return;
	if (get_num(c, root, "schema", true, "a description file", &schema, &at) &&
	    schema != 1)
		ERR(c, at, "'schema: %llu' is not supported; this ldlint reads "
		    "schema 1", (unsigned long long)schema);
	int k = get_enum(c, root, "kind", kinds, true, "a description file", -1,
			 NULL);
	c->f->kind = k >= 0 ? kinds[k] : NULL;
	c->f->id = get_str(c, root, "id", true, "a description file", &at);
	c->f->description = get_str(c, root, "description", true,
				    "a description file", NULL);
	if (!c->f->id)
		return;
	for (const char *p = c->f->id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    !strchr("._-", *p)) {
			ERR(c, at, "id '%s' may hold only a-z, 0-9, '.', '_' and "
			    "'-'", c->f->id);
			return;
		}
	const char *want = base_id(A(c), c->f->path);
	if (strcmp(want, c->f->id) != 0)
		ERR(c, at, "id '%s' does not match the file name '%s'; -d and "
		    "'extends' find a description by its file name", c->f->id,
		    want);
}

struct devfile *devfile_read(struct devdb *db, const char *path)
{
	for (struct devfile *f = db->files; f; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f->bad ? NULL : f;
	struct devfile *f = arena_alloc(&db->arena, sizeof *f);
	f->path = arena_strdup(&db->arena, path);
	f->next = db->files;
	db->files = f;
	size_t len;
	char *text = source_read(f->path, &len);
	if (!text) {
		struct loc l = {f->path, 0, 0, 0};
		dev_error(db, l, "cannot read the description: %s", read_failure());
		f->bad = true;
		return NULL;
	}
	struct ynode *root;
	if (!ytree_parse(&db->arena, db->diag, f->path, text, len, &root)) {
		db->failed = true;
		f->bad = true;
		return NULL;
	}
	if (!root) {
		struct loc l = {f->path, 1, 0, 1};
		dev_error(db, l, "the file is empty; a description starts with "
			  "'schema: 1'");
		f->bad = true;
		return NULL;
	}
	struct ctx c = {db, f, false};
	parse_head(&c, root);
	if (!c.bad && f->kind) {
		if (strcmp(f->kind, "loader") == 0)
			parse_loader(&c, root);
		else
			parse_device(&c, root, strcmp(f->kind, "board") == 0);
	}
	f->bad = c.bad;
	return c.bad ? NULL : f;
}
