/*
 * model_image: the linked image and the map joined into the model.
 *
 * Output sections are matched by name.  The ELF is the authority on
 * addresses, sizes, types and flags; the map fills them in when there is
 * no ELF.  A section the script never names is added as an orphan.  Where
 * two inputs disagree (the script fixes an address the ELF does not have,
 * the script places a section in one region and the ELF in another, the
 * map and the ELF come from different builds) the disagreement is kept as
 * a mismatch for the stale-inputs rule; nothing is reported here.
 */
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "mapfile.h"
#include "model.h"
#include "objects.h"

/* Records a disagreement; the caller fills in the fields of its kind. */
static struct model_mismatch *mismatch(struct model *m, enum mismatch_kind kind,
				       struct loc loc, const char *name)
{
	m->mismatches = xgrow(m->mismatches, m->nmismatches, sizeof *m->mismatches);
	struct model_mismatch *mm = &m->mismatches[m->nmismatches++];
	memset(mm, 0, sizeof *mm);
	mm->kind = kind;
	mm->loc = loc;
	mm->name = name;
	return mm;
}

static struct model_section *add_orphan(struct model *m, const char *name)
{
	m->sections = xgrow(m->sections, m->nsections, sizeof *m->sections);
	struct model_section *s = &m->sections[m->nsections++];
	memset(s, 0, sizeof *s);
	s->name = arena_strdup(&m->arena, name);
	model_index_section(m, m->nsections - 1);
	s->elf_index = -1;
	s->orphan = m->script != NULL;
	return s;
}

/* Region names for a section the script does not place explicitly:
 * the MEMORY region its addresses fall in. */
static void regions_by_address(struct model *m, struct model_section *s)
{
	if (!s->region && s->vma.known) {
		const struct model_region *r = model_region_at(m, s->vma.v, s->size.v);
		s->region = r ? r->name : NULL;
	}
	if (!s->lma_region && s->lma.known && s->vma.known && s->lma.v != s->vma.v) {
		const struct model_region *r = model_region_at(m, s->lma.v, s->size.v);
		s->lma_region = r ? r->name : NULL;
	}
}

static bool region_holds(const struct model_region *r, uint64_t addr)
{
	return r->origin.known && r->length.known && addr >= r->origin.v &&
	       addr - r->origin.v < r->length.v;
}

/* The script said one thing, the image another. */
static void compare_with_script(struct model *m, struct model_section *s,
				uint64_t vma, uint64_t lma, uint64_t size,
				const char *image)
{
	if (s->orphan || s->elf_index >= 0 || s->map_line)
		return;		/* nothing the script fixed */
	if (s->vma.known && s->vma.v != vma) {
		struct model_mismatch *mm = mismatch(m, MM_SCRIPT_ADDRESS, s->loc, s->name);
		mm->image = image;
		mm->script_value = s->vma.v;
		mm->image_value = vma;
	}
	const struct model_region *r = s->region ? model_region(m, s->region) : NULL;
	if (r && size && (!model_region_at(m, vma, 0) || region_holds(r, vma))) {
		/* in the region the script names (another region may overlap
		 * it), or outside every region: that is for other rules */
	} else if (r && size && model_region_at(m, vma, 0) != r) {
		struct model_mismatch *mm = mismatch(m, MM_SCRIPT_REGION, s->loc, s->name);
		mm->image = image;
		mm->script_region = r->name;
		mm->image_value = vma;
		mm->image_region = model_region_at(m, vma, 0)->name;
	}
	(void)lma;
}

static void flags_string(char *out, uint64_t shf)
{
	char *p = out;
	if (shf & SHF_ALLOC)
		*p++ = 'a';
	if (shf & SHF_WRITE)
		*p++ = 'w';
	if (shf & SHF_EXECINSTR)
		*p++ = 'x';
	*p = '\0';
}

static void join_elf_sections(struct model *m, const struct elf_image *elf)
{
	for (size_t i = 0; i < elf->nsections; i++) {
		const struct elf_section *es = &elf->sections[i];
		struct model_section *s = model_section(m, es->name);
		if (!s)
			s = add_orphan(m, es->name);
		compare_with_script(m, s, es->addr, es->lma, es->size, "ELF");
		s->vma = val_of(es->addr);
		s->lma = val_of(es->lma);
		s->size = val_of(es->size);
		s->elf_type = es->type == SHT_NOBITS ? "nobits" : "progbits";
		s->sh_type = es->type;
		flags_string(s->flags, es->flags);
		s->align = es->align;
		s->elf_index = (int)es->index;
		s->in_image = true;
		regions_by_address(m, s);
	}
}

static void join_elf_segments(struct model *m, const struct elf_image *elf)
{
	m->segments = xcalloc(elf->nsegments ? elf->nsegments : 1, sizeof *m->segments);
	for (size_t i = 0; i < elf->nsegments; i++) {
		const struct elf_segment *es = &elf->segments[i];
		struct model_segment *g = &m->segments[m->nsegments++];
		g->type = es->type;
		g->flags = es->flags;
		g->vaddr = es->vaddr;
		g->paddr = es->paddr;
		g->filesz = es->filesz;
		g->memsz = es->memsz;
		g->nsections = es->nsections;
		g->sections = arena_alloc(&m->arena, (es->nsections + 1) * sizeof *g->sections);
		for (size_t k = 0; k < es->nsections; k++)
			g->sections[k] = elf->sections[es->sections[k]].name;
	}
}

static void join_elf_symbols(struct model *m, const struct elf_image *elf)
{
	/* an ELF32 symbol holds the low 32 bits of ld's 64-bit value */
	uint64_t mask = elf->elfclass == 32 ? 0xffffffffu : UINT64_MAX;
	for (size_t i = 0; i < elf->nsymbols; i++) {
		const struct elf_symbol *es = &elf->symbols[i];
		struct model_symbol *s = (struct model_symbol *)model_symbol(m, es->name);
		if (!s) {
			m->symbols = xrealloc(m->symbols, (m->nsymbols + 1) * sizeof *m->symbols);
			s = &m->symbols[m->nsymbols++];
			memset(s, 0, sizeof *s);
			s->name = arena_strdup(&m->arena, es->name);
			model_index_symbol(m, m->nsymbols - 1);
		} else if (s->value.known && (s->value.v & mask) != es->value) {
			struct model_mismatch *mm = mismatch(m, MM_SCRIPT_SYMBOL,
							     s->loc, s->name);
			mm->image = "ELF";
			mm->script_value = s->value.v;
			mm->image_value = es->value;
		}
		s->value = val_of(es->value);
		s->from_elf = true;
	}
}

void model_add_elf(struct model *m, const struct elf_image *elf)
{
	m->elf = elf;
	m->elf_path = elf->path;
	m->elf_symtab = elf->has_symtab;
	m->entry_addr = val_of(elf->entry);
	join_elf_sections(m, elf);
	join_elf_segments(m, elf);
	join_elf_symbols(m, elf);
	model_settle_regions(m);
}

static char *slice_dup(struct model *m, struct slice s)
{
	return arena_strndup(&m->arena, s.p, s.n);
}

static void compare_map_regions(struct model *m, const struct map_image *map)
{
	for (size_t i = 0; i < map->nregions; i++) {
		const struct map_region *mr = &map->regions[i];
		char *name = slice_dup(m, mr->name);
		struct model_region *r = (struct model_region *)model_region(m, name);
		if (r && (!r->origin.known || !r->length.known)) {
			/* what ld made of what the script could not say */
			r->origin = val_of(mr->origin);
			r->length = val_of(mr->length);
			continue;
		}
		if (!r)
			continue;
		/* ld prints addresses in the target's width */
		uint64_t mask = map->format == MAP_GNU && mr->origin <= 0xffffffffu &&
				mr->length <= 0xffffffffu ? 0xffffffffu : UINT64_MAX;
		if ((r->origin.v & mask) != mr->origin || (r->length.v & mask) != mr->length) {
			struct model_mismatch *mm = mismatch(m, MM_MAP_REGION, r->loc, name);
			mm->image = "map";
			mm->script_value = r->origin.v;
			mm->script_size = r->length.v;
			mm->image_value = mr->origin;
			mm->image_size = mr->length;
			mm->map_line = mr->line;
		}
	}
}

/* ---- what the map says of a section's bytes --------------------------------- */

/* A name prefix and its length: the map reader classifies every input
 * section of a map, so the lists are compared without strlen, second and
 * third characters first. */
struct prefix {
	const char *p;
	size_t n;
};
#define PREFIX(s) {s, sizeof s - 1}
#define NPREFIX(a) (sizeof a / sizeof *a)

static bool named(struct slice s, const struct prefix *prefixes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct prefix *x = &prefixes[i];
		if (s.n >= x->n && s.p[1] == x->p[1] && s.p[2] == x->p[2] &&
		    memcmp(s.p, x->p, x->n) == 0 &&
		    (s.n == x->n || s.p[x->n] == '.' || x->p[x->n - 1] == '.'))
			return true;
	}
	return false;
}

/* What an input section's name says: code or initial values (MAP_INIT),
 * of which variables (MAP_DATA); zero or uninitialised, NOBITS in the
 * object or reserved by startup files (MAP_ZERO), of which variables
 * (MAP_BSS). */
static const struct prefix_class {
	struct prefix x;
	unsigned cls;
} classes[] = {
	{PREFIX(".data"), MAP_INIT | MAP_DATA},
	{PREFIX(".sdata"), MAP_INIT | MAP_DATA},
	{PREFIX(".tdata"), MAP_INIT | MAP_DATA},
	{PREFIX(".rodata"), MAP_INIT}, {PREFIX(".srodata"), MAP_INIT},
	{PREFIX(".text"), MAP_INIT},
	/* tables of pointers the startup code calls: relocated addresses,
	 * so the object's bytes (zero before relocation) cannot tell */
	{PREFIX(".init_array"), MAP_INIT}, {PREFIX(".fini_array"), MAP_INIT},
	{PREFIX(".preinit_array"), MAP_INIT},
	{PREFIX(".ctors"), MAP_INIT}, {PREFIX(".dtors"), MAP_INIT},
	{PREFIX(".gnu.linkonce.d"), MAP_INIT | MAP_DATA},
	{PREFIX(".gnu.linkonce.r"), MAP_INIT},
	{PREFIX(".gnu.linkonce.t"), MAP_INIT},
	{PREFIX(".bss"), MAP_ZERO | MAP_BSS}, {PREFIX(".sbss"), MAP_ZERO | MAP_BSS},
	{PREFIX(".tbss"), MAP_ZERO | MAP_BSS},
	{PREFIX(".noinit"), MAP_ZERO}, {PREFIX(".no_init"), MAP_ZERO},
	{PREFIX(".gnu.linkonce.b"), MAP_ZERO | MAP_BSS},
	{PREFIX("COMMON"), MAP_ZERO | MAP_BSS},
	{PREFIX(".stack"), MAP_ZERO}, {PREFIX(".heap"), MAP_ZERO},
};
#define NCLASSES (sizeof classes / sizeof *classes)

/* The classes by the name's second character (the first is '.' or 'C'
 * for all of them): 1 + index, 0 after the last. */
static unsigned char by_second[256][8];

static void index_classes(void)
{
	static bool done;
	if (done)
		return;
	for (size_t i = 0; i < NCLASSES; i++) {
		unsigned char *slot = by_second[(unsigned char)classes[i].x.p[1]];
		while (*slot)
			slot++;
		*slot = (unsigned char)(i + 1);
	}
	done = true;
}

/* The map reader's classify(): what an input section's name says. */
static unsigned classify_input(struct slice s, void *ctx)
{
	(void)ctx;
	if (s.n < 4)
		return 0;
	unsigned cls = 0;
	for (const unsigned char *k = by_second[(unsigned char)s.p[1]]; *k; k++)
		if (named(s, &classes[*k - 1].x, 1))
			cls |= classes[*k - 1].cls;
	return cls;
}

/* The model's section of a map section's name, found as model_section()
 * does; NULL if none. */
static const struct model_section *section_of(const struct model *m,
					      const struct map_section *ms)
{
	char name[256];		/* the index wants a C string */
	if (ms->name.n < sizeof name && !memchr(ms->name.p, '\0', ms->name.n)) {
		memcpy(name, ms->name.p, ms->name.n);
		name[ms->name.n] = '\0';
		return model_section_named(m, name);
	}
	for (size_t i = 0; i < m->nsections; i++)
		if (slice_eq(ms->name, m->sections[i].name))
			return &m->sections[i];
	return NULL;
}

/* The map reader's keep_inputs(): the inputs of the script's NOLOAD
 * sections (see keep_inputs below). */
static bool noload_inputs(const struct map_section *ms, void *ctx)
{
	const struct model_section *s = section_of(ctx, ms);
	return s && s->noload;
}

/* With an ELF, the object bytes of an input tell only whether a writable
 * section is data (write-to-nvm) and whether it is all zeros (data-no-lma):
 * the ELF has the final bytes of the others.  Whether to look at the
 * objects of a map section's inputs, then: without an ELF, always; with
 * one, when it marks the section writable, or has not got it. */
static bool objects_matter(const struct model *m, const struct model_section *s)
{
	return !m->elf || !s || s->elf_index < 0 || !s->flags[0] ||
	       strchr(s->flags, 'w');
}

/* The map reader's unknown_inputs(): whether objects_matter().  The
 * objects of a section that is never loaded (.debug_*, .comment) are
 * never read. */
static bool object_inputs(const struct map_section *ms, void *ctx)
{
	const struct model *m = ctx;
	if (ms->nonalloc)
		return false;
	return !m->elf || objects_matter(m, section_of(m, ms));
}

/* The map reader's skip_lines(): with an ELF that has section headers,
 * the map's input and symbol lines matter only for the sections whose
 * contents the rules ask about (map_contents: writable ones, which
 * write-to-nvm and data-no-lma judge, and NOLOAD ones), and for sections
 * the ELF lacks.  The ELF has the symbols, and the rest of its sections'
 * flags, addresses and bytes.  Those of read-only and unallocated
 * sections (.text, .rodata, .debug_*), most of a map's script listing,
 * go unread, and so do those of a section the model has not got
 * (join_map_section_to_elf uses nothing of it). */
static bool skip_lines(const struct map_section *ms, void *ctx)
{
	const struct model *m = ctx;
	if (!m->elf || !m->elf->has_sections || ms->noload)
		return false;
	const struct model_section *s = section_of(m, ms);
	if (!s)
		return true;	/* nothing of it is joined to the model */
	if (s->noload || s->elf_index < 0)
		return false;
	return model_section_unallocated(m, s) ||
	       (s->flags[0] && !strchr(s->flags, 'w'));
}

void model_map_options(const struct model *m, struct map_options *o)
{
	memset(o, 0, sizeof *o);
	index_classes();
	o->classify = classify_input;
	o->keep_inputs = noload_inputs;
	o->unknown_inputs = object_inputs;
	o->skip_lines = skip_lines;
	o->ctx = (void *)m;
}

/* The object bytes of an input section, when the objects can be read. */
static enum obj_bytes input_bytes(struct model *m, struct objects *objs,
				  const struct map_input *in)
{
	if (!objs || !in->file.n)
		return OBJ_UNKNOWN;
	char *file = slice_dup(m, in->file), *sec = slice_dup(m, in->section);
	enum obj_bytes b = objects_bytes(objs, file, sec, in->size);
	if (b != OBJ_UNKNOWN)
		m->objects_read = true;
	return b;
}

/* Sums up the inputs of a map section: data statements, compiler-
 * initialised and zero names, and for inputs the names do not settle, the
 * object's bytes (the reader lists those inputs). */
static struct model_contents map_contents(struct model *m, struct objects *objs,
					  const struct map_image *map,
					  const struct map_section *ms)
{
	struct model_contents c = {0};
	c.lma_printed = ms->has_lma;
	c.data_stmt = ms->sum.ndata > 0;
	c.bss_name = ms->sum.nclass[MAP_BSS_BIT] > 0;
	c.data_name = ms->sum.nclass[MAP_DATA_BIT] > 0;
	c.init_name = ms->sum.nclass[MAP_INIT_BIT] > 0;
	size_t seen = 0;
	for (size_t i = 0; i < ms->ninputs; i++) {
		const struct map_input *in = &map->inputs[ms->first_input + i];
		if (in->data || in->fill || in->size == 0 || !MAP_IS_UNKNOWN(in->cls))
			continue;
		seen++;
		enum obj_bytes b = input_bytes(m, objs, in);
		if (b == OBJ_NONZERO)
			c.nonzero = true;
		else if (b == OBJ_ZERO)
			c.zero_objects = true;
		else
			c.unknown = true;
	}
	if (seen < ms->sum.nunknown)
		c.unknown = true;	/* not listed: nothing to read them by */
	return c;
}

/* The map's Memory Configuration region holding 'addr', or NULL. */
static const struct map_region *map_region_at(const struct map_image *map,
					      uint64_t addr)
{
	for (size_t i = 0; i < map->nregions; i++) {
		const struct map_region *r = &map->regions[i];
		if (r->length && addr >= r->origin && addr - r->origin < r->length &&
		    !slice_eq(r->name, "*default*"))
			return r;
	}
	return NULL;
}

/* Whether MEMORY attributes as the map prints them ("w!xr": writable, not
 * executable or read-only) say writable: a 'w' before any '!' (the
 * letters after it are negated; ld takes them in either case). */
static bool attributes_writable(struct slice a)
{
	bool negated = false;
	for (size_t i = 0; i < a.n; i++) {
		if (a.p[i] == '!')
			negated = true;
		else if ((a.p[i] == 'w' || a.p[i] == 'W') && !negated)
			return true;
	}
	return false;
}

/* Whether a section has bytes in the image when the map is all there is
 * (it prints no section types).  GNU ld gives an output section no
 * contents when nothing in it has any.  Data statements, compiler-
 * initialised inputs and inputs whose object bytes are not zero have
 * contents; inputs that are only zero-initialised, padding or assignments
 * have none.  An input the names and objects do not settle counts as
 * contents, unless the section sits in writable memory (a 'w' region of
 * the map) without a load address: loadable content there would be a
 * mistake only the compiler-initialised names can show. */
static bool map_has_contents(const struct map_image *map,
			     const struct map_section *ms,
			     const struct model_contents *c)
{
	if (c->data_stmt || c->init_name || c->nonzero)
		return true;
	if (!c->unknown)
		return false;
	const struct map_region *r = map_region_at(map, ms->vma);
	return c->lma_printed || !(r && attributes_writable(r->attributes));
}

/* A NOLOAD section's input sections, copied out of the map with what is
 * known of their bytes (what noload-discards-data inspects). */
static void keep_inputs(struct model *m, struct objects *objs,
			struct model_section *s, const struct map_image *map,
			const struct map_section *ms)
{
	if (!s->noload || !ms->listed || !ms->ninputs)
		return;
	s->inputs = arena_alloc(&m->arena, ms->ninputs * sizeof *s->inputs);
	for (size_t k = 0; k < ms->ninputs; k++) {
		const struct map_input *in = &map->inputs[ms->first_input + k];
		struct model_input *mi = &s->inputs[s->ninputs++];
		mi->kind = in->fill ? MI_FILL : in->data ? MI_DATA : MI_SECTION;
		mi->section = slice_dup(m, in->section);
		mi->file = slice_dup(m, in->file);
		mi->addr = in->addr;
		mi->size = in->size;
		mi->map_line = in->line;
		/* a .bss or COMMON input is NOBITS: the compiler refuses
		 * anything but zeros in it, so its object is not read */
		mi->bytes = mi->kind != MI_SECTION || !in->size ? OBJ_UNKNOWN :
			    in->cls & MAP_BSS ? OBJ_ZERO : input_bytes(m, objs, in);
	}
}

/* With no script, the regions come from the map's Memory Configuration. */
static void regions_from_map(struct model *m, const struct map_image *map)
{
	if (m->script || m->nregions)
		return;
	m->regions = xcalloc(map->nregions + 1, sizeof *m->regions);
	for (size_t i = 0; i < map->nregions; i++) {
		const struct map_region *mr = &map->regions[i];
		if (slice_eq(mr->name, "*default*"))
			continue;
		struct model_region *r = &m->regions[m->nregions++];
		r->name = slice_dup(m, mr->name);
		r->origin = val_of(mr->origin);
		r->length = val_of(mr->length);
		size_t n = mr->attributes.n < sizeof r->attributes - 1 ?
			   mr->attributes.n : sizeof r->attributes - 1;
		memcpy(r->attributes, mr->attributes.p, n);
		r->loc.file = map->path;
		r->loc.line = mr->line;
		r->loc.col = 1;
		r->loc.len = (unsigned)mr->name.n;
		r->from_map = true;
		model_index_region(m, m->nregions - 1);
	}
}

static void join_map_section_to_elf(struct model *m, struct objects *objs,
				    const struct map_image *map,
				    const struct map_section *ms)
{
	char *name = slice_dup(m, ms->name);
	struct model_section *s = model_section(m, name);
	/* The ELF is the authority: only compare allocated ones.  An empty
	 * section is in no segment, so the ELF has no load address for it:
	 * compare the LMA only when there is something to load. */
	if (s && s->elf_index >= 0 && (s->vma.v != ms->vma || s->size.v != ms->size)) {
		struct model_mismatch *mm = mismatch(m, MM_MAP_SECTION, s->loc, s->name);
		mm->image = "map";
		mm->map_line = ms->line;
		mm->image_value = ms->vma;
		mm->image_size = ms->size;
		mm->script_value = s->vma.v;
		mm->script_size = s->size.v;
	} else if (s && s->elf_index >= 0 && ms->has_lma && ms->size &&
		   s->lma.v != ms->lma) {
		struct model_mismatch *mm = mismatch(m, MM_MAP_LOAD, s->loc, s->name);
		mm->image = "map";
		mm->map_line = ms->line;
		mm->image_value = ms->lma;
		mm->script_value = s->lma.v;
	}
	if (s && ms->skipped) {
		s->map_line = ms->line;		/* its inputs were not read */
	} else if (s) {
		s->map_line = ms->line;
		/* the bytes of a section that is never loaded (.debug_*,
		 * .comment) do not matter: its objects are not opened */
		s->contents = map_contents(m, model_section_unallocated(m, s) ||
					   !objects_matter(m, s) ? NULL : objs,
					   map, ms);
		s->has_contents = true;
		keep_inputs(m, objs, s, map, ms);
	}
}

static void join_map_section(struct model *m, struct objects *objs,
			     const struct map_image *map, const struct map_section *ms)
{
	char *name = slice_dup(m, ms->name);
	struct model_section *s = model_section(m, name);
	uint64_t lma = ms->has_lma ? ms->lma : ms->vma;
	/* debug and comment sections sit at 0 in the map and are not part of
	 * the memory image; the script may still place them */
	if (ms->nonalloc) {
		if (s)
			s->map_line = ms->line;
		return;
	}
	if (!s)
		s = add_orphan(m, name);
	compare_with_script(m, s, ms->vma, lma, ms->size, "map");
	s->vma = val_of(ms->vma);
	s->lma = val_of(lma);
	s->size = val_of(ms->size);
	s->contents = map_contents(m, objs, map, ms);
	s->has_contents = true;
	if (s->noload || !map_has_contents(map, ms, &s->contents))
		s->elf_type = "nobits";
	s->map_line = ms->line;
	s->in_image = true;
	keep_inputs(m, objs, s, map, ms);
	regions_by_address(m, s);
}

/* ld advances the location counter past every allocated section, so a
 * section listed at the very address where the one before it starts, that
 * one having a size, found the counter where it was: the one before was
 * not allocated (COPY, INFO, DSECT: the map does not print the type;
 * nrfx's '.heap (COPY)' and '.stack_dummy (COPY)' look like this). */
static void not_allocated_before(struct model *m, const struct map_section *prev,
				 const struct map_section *ms)
{
	if (ms->vma != prev->vma || prev->size == 0 || prev->has_lma)
		return;		/* (overlay members share a VMA but load apart) */
	char *name = slice_dup(m, prev->name);
	struct model_section *s = model_section(m, name);
	if (s) {
		s->in_image = false;
		s->elf_type = "nobits";
	}
}

/* Without an ELF, the script's symbols get the values the map prints for
 * their assignments (the linked values). */
static void symbols_from_map(struct model *m, const struct map_image *map)
{
	for (size_t i = 0; i < map->nsymbols; i++) {
		const struct map_symbol *ms = &map->symbols[i];
		if (!ms->assigned || !ms->has_value)
			continue;
		char *name = slice_dup(m, ms->name);
		struct model_symbol *s = (struct model_symbol *)model_symbol(m, name);
		if (s) {
			s->value = val_of(ms->value);
			s->from_elf = true;
		}
	}
}

void model_add_map(struct model *m, const struct map_image *map,
		   const char *const *objdirs)
{
	m->map = map;
	m->map_path = map->path;
	struct objects *objs = objdirs ? objects_new(objdirs) : NULL;
	compare_map_regions(m, map);
	regions_from_map(m, map);
	if (!m->elf)
		symbols_from_map(m, map);
	const struct map_section *prev = NULL;
	for (size_t i = 0; i < map->nsections; i++) {
		const struct map_section *ms = &map->sections[i];
		if (m->elf && m->elf->has_sections) {
			join_map_section_to_elf(m, objs, map, ms);
			continue;
		}
		join_map_section(m, objs, map, ms);
		if (ms->nonalloc)
			continue;
		if (prev)
			not_allocated_before(m, prev, ms);
		prev = ms;
	}
	objects_free(objs);
}
