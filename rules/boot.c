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

static void reset_vector(const struct rule_ctx *c, const struct boot_info *b)
{
	uint32_t pc = b->words[1];
	uint64_t target = pc & ~(uint64_t)1;
	const struct dev_memory *mem = device_memory_at(c->dev, target);
	struct finding *f = NULL;
	switch (b->reset) {
	case RESET_OK:
		break;
	case RESET_EVEN:
		diag_add(c->d, RULE_VECTOR_TABLE, b->where, "the reset vector at 0x%08"
			 PRIx64 " is 0x%08" PRIx32 ", an even address: Cortex-M "
			 "runs only Thumb code and faults on a reset vector with bit 0 "
			 "clear; put the handler's address (the linker sets bit 0 for "
			 "Thumb functions) in the table", b->boot + 4, pc);
		break;
	case RESET_NO_EXEC:
		diag_add(c->d, RULE_VECTOR_TABLE, b->where, "the reset vector at 0x%08"
			 PRIx64 " points to 0x%08" PRIx64 ", %s: the core faults "
			 "before the first instruction", b->boot + 4, target,
			 mem ? arena_printf(c->d->arena, "in %s, which cannot execute "
			 "code", rule_memory_name(c->d, mem)) : "where there is no memory");
		break;
	case RESET_VOLATILE:
		f = diag_add(c->d, RULE_VECTOR_TABLE, b->where,
			"the reset vector at 0x%08" PRIx64 " points to 0x%08" PRIx64
			" in %s, which holds nothing at reset; the reset handler must "
			"be in flash", b->boot + 4, target, rule_memory_name(c->d, mem));
		rule_note_memory(c, f, mem);
		break;
	}
}

void check_vector_table(struct rule_ctx *c)
{
	const struct boot_info *b = rule_boot(c);
	if (!b->has_boot)
		return;
	if (b->emptied) {
		struct finding *f = diag_add(c->d, RULE_VECTOR_TABLE, b->where,
			"the vector table is not at the boot address 0x%08" PRIx64 ": "
			"'%s' is empty in the image (--gc-sections discarded its "
			"input, or nothing was put in it) and '%s' starts there "
			"instead; keep the table: 'KEEP(*(%s))'", b->boot,
			b->emptied->name, b->at_boot->name, b->emptied->name);
		if (b->emptied->loc.file)
			diag_note(c->d, f, b->emptied->loc, "'%s' is here",
				  b->emptied->name);
		return;
	}
	if (!b->has_words) {
		diag_add(c->d, RULE_VECTOR_TABLE, b->where, "no loadable content at "
			 "the boot address 0x%08" PRIx64 ": the vector table is "
			 "missing (discarded by --gc-sections, or placed elsewhere); "
			 "put 'KEEP(*(.isr_vector))' first in the boot region", b->boot);
		return;
	}
	reset_vector(c, b);
}

/* When the stack pointer came from the vector table, where that is. */
static void note_table(const struct rule_ctx *c, struct finding *f,
		       const struct boot_info *b)
{
	if (b->sp_from_table && (b->sp_loc.file != b->where.file ||
				 b->sp_loc.line != b->where.line))
		diag_note(c->d, f, b->where, "vector[0] at 0x%08" PRIx64 " holds "
			  "it: the core loads it into the stack pointer at reset",
			  b->boot);
}

void check_stack_misaligned(struct rule_ctx *c)
{
	const struct boot_info *b = rule_boot(c);
	/* the RISC-V psABI wants 16 bytes, the Arm AAPCS 8 */
	bool riscv = c->dev && c->dev->arch && !strcmp(c->dev->arch, "riscv");
	uint64_t align = riscv ? 16 : 8;
	if (!b->sp_known || b->sp % align == 0)
		return;
	struct finding *f = diag_add(c->d, RULE_STACK_MISALIGNED, b->sp_loc,
		"%s is 0x%08" PRIx64 ", not %u-byte aligned as the %s requires; "
		"use 0x%08" PRIx64, b->sp_source, b->sp, (unsigned)align,
		riscv ? "RISC-V calling convention" : "Arm procedure call standard",
		b->sp & ~(align - 1));
	note_table(c, f, b);
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
		note_table(c, f, sp);
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
	note_table(c, f, sp);
	rule_note_memory(c, f, m ? m : ram);
}
