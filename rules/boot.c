/*
 * boot: what a Cortex-M core reads at reset: the vector table at the boot
 * address (initial stack pointer, reset handler), and the stack top the
 * script defines.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "rules.h"

static const char *const stack_symbols[] = {
	"_estack", "__StackTop", "__stack", "_stack_top", "__initial_sp",
	"__stack_top", "_stack", NULL,
};

/* The initial stack pointer and where a finding about it points. */
struct sp {
	bool known;
	uint64_t value;
	struct loc loc;
	const char *source;	/* "vector[0] at 0x..." or "symbol '_estack'" */
};

static bool cortex_m(const struct device *d)
{
	return d && d->core && strncmp(d->core, "cortex-m", 8) == 0;
}

/* Boot address: the device's boot memory, or, when a bootloader occupies
 * it, the lowest load address of the image (the application's start). */
static bool boot_address(const struct rule_ctx *c, uint64_t *addr)
{
	const struct device *d = c->dev;
	const struct dev_memory *boot = NULL;
	for (size_t i = 0; i < d->nmems && !boot; i++)
		if (d->mems[i].boot)
			boot = &d->mems[i];
	if (boot && !(c->ldr && loader_occupies_at(c->ldr, boot->base))) {
		*addr = boot->base;
		return true;
	}
	/* A bootloader starts the application where it runs it from. */
	const struct elf_image *e = c->model->elf;
	for (size_t r = 0; c->ldr && r < c->ldr->nruns_from; r++) {
		const struct ldr_range *run = &c->ldr->runs_from[r];
		for (size_t i = 0; e && i < e->nsegments; i++)
			if (e->segments[i].type == 1 && e->segments[i].filesz &&
			    e->segments[i].paddr == run->base) {
				*addr = run->base;
				return true;
			}
	}
	bool found = false;
	for (size_t i = 0; e && i < e->nsegments; i++)
		if (e->segments[i].type == 1 && e->segments[i].filesz &&
		    (!found || e->segments[i].paddr < *addr)) {
			*addr = e->segments[i].paddr;
			found = true;
		}
	return found;
}

/* The section whose load image holds 'lma', for locations. */
static const struct model_section *section_at_lma(const struct model *m, uint64_t lma)
{
	for (size_t i = 0; i < m->nsections; i++) {
		const struct model_section *s = &m->sections[i];
		if (rule_loaded(s) && lma >= s->lma.v && lma < s->lma.v + s->size.v)
			return s;
	}
	return NULL;
}

static struct loc script_loc(const struct rule_ctx *c)
{
	struct loc l = {0};
	for (const struct stmt *st = c->script ? c->script->stmts : NULL; st; st = st->next)
		if (st->kind == ST_SECTIONS)
			return st->loc;
	l.file = c->model->elf ? c->model->elf->path : c->script ? c->script->path : NULL;
	return l;
}

static void reset_vector(const struct rule_ctx *c, uint64_t boot, uint32_t pc,
			 struct loc where)
{
	uint64_t target = pc & ~(uint64_t)1;
	const struct dev_memory *mem = device_memory_at(c->dev, target);
	enum exec_verdict ex = device_exec_at(c->dev, target, NULL, NULL);
	if (!(pc & 1)) {
		diag_add(c->d, RULE_VECTOR_TABLE, where, "the reset vector at 0x%08"
			 PRIx64 " is 0x%08" PRIx32 ", an even address: Cortex-M "
			 "runs only Thumb code and faults on a reset vector with bit 0 "
			 "clear; put the handler's address (the linker sets bit 0 for "
			 "Thumb functions) in the table", boot + 4, pc);
	} else if (!mem || ex == EXEC_NO || ex == EXEC_NEVER) {
		diag_add(c->d, RULE_VECTOR_TABLE, where, "the reset vector at 0x%08"
			 PRIx64 " points to 0x%08" PRIx64 ", %s: the core faults "
			 "before the first instruction", boot + 4, target,
			 mem ? arena_printf(c->d->arena, "in %s, which cannot execute "
			 "code", rule_memory_name(c->d, mem)) : "where there is no memory");
	} else if (mem_type_volatile(mem->type) &&
		   !(c->ldr && loader_runs_at(c->ldr, target))) {
		struct finding *f = diag_add(c->d, RULE_VECTOR_TABLE, where,
			"the reset vector at 0x%08" PRIx64 " points to 0x%08" PRIx64
			" in %s, which holds nothing at reset; the reset handler must "
			"be in flash", boot + 4, target, rule_memory_name(c->d, mem));
		rule_note_memory(c, f, mem);
	}
}

/* vector-table, and the stack pointer it holds. */
static void vector_table(const struct rule_ctx *c, struct sp *sp)
{
	uint64_t boot = 0;
	if (!c->model->elf || !cortex_m(c->dev) || !boot_address(c, &boot))
		return;
	c->d->ran[RULE_VECTOR_TABLE] = true;
	uint32_t words[2];
	const struct model_section *s = section_at_lma(c->model, boot);
	struct loc where = s ? rule_where(c, s) : script_loc(c);
	if (!elf_read_words(c->model->elf, boot, words, 2)) {
		diag_add(c->d, RULE_VECTOR_TABLE, where, "no loadable content at the "
			 "boot address 0x%08" PRIx64 ": the vector table is missing "
			 "(discarded by --gc-sections, or placed elsewhere); put "
			 "'KEEP(*(.isr_vector))' first in the boot region", boot);
		return;
	}
	sp->known = true;
	sp->value = words[0];
	sp->loc = where;
	sp->source = arena_printf(c->d->arena, "the initial stack pointer "
				  "(vector[0] at 0x%08" PRIx64 ")", boot);
	reset_vector(c, boot, words[1], where);
}

static void stack_symbol(const struct rule_ctx *c, struct sp *sp)
{
	for (size_t i = 0; stack_symbols[i] && !sp->known; i++) {
		const struct model_symbol *s = model_symbol(c->model, stack_symbols[i]);
		if (!s || !s->value.known)
			continue;
		sp->known = true;
		sp->value = s->value.v;
		sp->loc = s->loc.file ? s->loc : script_loc(c);
		sp->source = arena_printf(c->d->arena, "the stack top '%s'", s->name);
	}
}

static void stack_outside_ram(const struct rule_ctx *c, const struct sp *sp)
{
	uint64_t top = sp->value;
	const struct dev_memory *m = top ? device_memory_at(c->dev, top - 1) : NULL;
	if (m && mem_type_volatile(m->type) && device_writable_at(c->dev, top - 1)) {
		if (!m->init_requires)
			return;
		struct finding *f = diag_add(c->d, RULE_STACK_OUTSIDE_RAM, sp->loc,
			"%s is 0x%08" PRIx64 ", in %s, which is not usable at reset "
			"(%s): the first push faults; put the stack in RAM that works "
			"from reset", sp->source, top, rule_memory_name(c->d, m),
			m->init_requires);
		rule_note_memory(c, f, m);
		return;
	}
	const struct dev_memory *ram = NULL;
	for (size_t i = 0; i < c->dev->nmems && !ram; i++)
		if (c->dev->mems[i].type == MEM_RAM && !c->dev->mems[i].is_alias &&
		    !c->dev->mems[i].init_requires)
			ram = &c->dev->mems[i];
	struct finding *f = diag_add(c->d, RULE_STACK_OUTSIDE_RAM, sp->loc,
		"%s is 0x%08" PRIx64 ", %s: the first push at reset faults%s",
		sp->source, top, m ? arena_printf(c->d->arena, "in %s, which the "
		"stack cannot use", rule_memory_name(c->d, m)) :
		"outside every RAM of the device", ram ? arena_printf(c->d->arena,
		"; the top of %s is 0x%08" PRIx64, ram->name, ram->base + ram->size) : "");
	rule_note_memory(c, f, m ? m : ram);
}

void rules_boot(struct rule_ctx *c)
{
	struct sp sp = {0};
	if (c->dev)
		vector_table(c, &sp);
	if (!sp.known && (c->script || c->model->elf))
		stack_symbol(c, &sp);
	if (!sp.known)
		return;
	c->d->ran[RULE_STACK_MISALIGNED] = true;
	if (sp.value % 8)
		diag_add(c->d, RULE_STACK_MISALIGNED, sp.loc, "%s is 0x%08" PRIx64
			 ", not 8-byte aligned as the Arm procedure call standard "
			 "requires; use 0x%08" PRIx64, sp.source, sp.value,
			 sp.value & ~(uint64_t)7);
	if (c->dev) {
		c->d->ran[RULE_STACK_OUTSIDE_RAM] = true;
		stack_outside_ram(c, &sp);
	}
}
