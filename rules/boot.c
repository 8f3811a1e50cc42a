/*
 * boot: what a Cortex-M core reads at reset: the vector table at the boot
 * address (initial stack pointer, reset handler), and the stack top the
 * script defines.  derived.c finds the boot address, the table's words
 * and the initial stack pointer once for all three checks.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

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

void check_vector_table(struct rule_ctx *c)
{
	const struct boot_info *b = rule_boot(c);
	if (!b->has_boot)
		return;
	if (!b->has_words) {
		diag_add(c->d, RULE_VECTOR_TABLE, b->where, "no loadable content at "
			 "the boot address 0x%08" PRIx64 ": the vector table is "
			 "missing (discarded by --gc-sections, or placed elsewhere); "
			 "put 'KEEP(*(.isr_vector))' first in the boot region", b->boot);
		return;
	}
	reset_vector(c, b->boot, b->words[1], b->where);
}

void check_stack_misaligned(struct rule_ctx *c)
{
	const struct boot_info *b = rule_boot(c);
	if (b->sp_known && b->sp % 8)
		diag_add(c->d, RULE_STACK_MISALIGNED, b->sp_loc, "%s is 0x%08" PRIx64
			 ", not 8-byte aligned as the Arm procedure call standard "
			 "requires; use 0x%08" PRIx64, b->sp_source, b->sp,
			 b->sp & ~(uint64_t)7);
}

void check_stack_outside_ram(struct rule_ctx *c)
{
	const struct boot_info *sp = rule_boot(c);
	if (!sp->sp_known)
		return;
	uint64_t top = sp->sp;
	const struct dev_memory *m = top ? device_memory_at(c->dev, top - 1) : NULL;
	if (m && mem_type_volatile(m->type) && device_writable_at(c->dev, top - 1)) {
		if (!m->init_requires)
			return;
		struct finding *f = diag_add(c->d, RULE_STACK_OUTSIDE_RAM, sp->sp_loc,
			"%s is 0x%08" PRIx64 ", in %s, which is not usable at reset "
			"(%s): the first push faults; put the stack in RAM that works "
			"from reset", sp->sp_source, top, rule_memory_name(c->d, m),
			m->init_requires);
		rule_note_memory(c, f, m);
		return;
	}
	const struct dev_memory *ram = NULL;
	for (size_t i = 0; i < c->dev->nmems && !ram; i++)
		if (c->dev->mems[i].type == MEM_RAM && !c->dev->mems[i].is_alias &&
		    !c->dev->mems[i].init_requires)
			ram = &c->dev->mems[i];
	struct finding *f = diag_add(c->d, RULE_STACK_OUTSIDE_RAM, sp->sp_loc,
		"%s is 0x%08" PRIx64 ", %s: the first push at reset faults%s",
		sp->sp_source, top, m ? arena_printf(c->d->arena, "in %s, which the "
		"stack cannot use", rule_memory_name(c->d, m)) :
		"outside every RAM of the device", ram ? arena_printf(c->d->arena,
		"; the top of %s is 0x%08" PRIx64, ram->name, ram->base + ram->size) : "");
	rule_note_memory(c, f, m ? m : ram);
}
