/*
 * boot: what runs first.  The headers a boot ROM reads from the image
 * before it starts it (RP2350 IMAGE_DEF, i.MX RT FlexSPI configuration
 * block and IVT, RP2040 boot2 checksum); what a Cortex-M core reads at
 * reset: the vector table at the boot address (initial stack pointer,
 * reset handler); and the stack top the script defines.  derived.c finds
 * the headers, the boot address, the table's words and the initial stack
 * pointer once for all the checks.
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

/* ---- boot headers --------------------------------------------------------- */

/* The fact about the image, for the header's state (before "; fix"). */
static const char *header_fact(const struct rule_ctx *c,
			       const struct dev_boot_header *h,
			       const struct header_match *r)
{
	struct arena *a = c->d->arena;
	switch (r->state) {
	case HDR_ABSENT:
		return h->within ?
			arena_printf(a, "nothing is loaded in 0x%08" PRIx64 "-0x%08"
				     PRIx64 ": the boot ROM finds no header '%s' "
				     "there", h->at, h->at + h->within - 1, h->name) :
			arena_printf(a, "nothing is loaded at 0x%08" PRIx64 ": the "
				     "boot ROM finds no header '%s' there", h->at,
				     h->name);
	case HDR_WRONG:
		return arena_printf(a, "0x%08" PRIx64 " holds 0x%08" PRIx32 ", not "
				    "0x%08" PRIx32 "%s: the boot ROM finds no header "
				    "'%s' there", r->addr + 4 * r->index, r->got,
				    r->want, h->mask[r->index] == 0xFFFFFFFFu ? "" :
				    arena_printf(a, " (under mask 0x%08" PRIx32 ")",
						 h->mask[r->index]), h->name);
	case HDR_NOT_FOUND:
		return arena_printf(a, "no header '%s' (first word 0x%08" PRIx32 ") "
				    "in 0x%08" PRIx64 "-0x%08" PRIx64 ": the boot "
				    "ROM looks for it only there", h->name,
				    h->words[0], h->at, h->at + h->within - 1);
	case HDR_NO_END:
		return arena_printf(a, "the header '%s' starting at 0x%08" PRIx64
				    " has no end word 0x%08" PRIx32 " in its first "
				    "%" PRIu64 " bytes: the boot ROM rejects it",
				    h->name, r->addr, h->end[0], h->end_within);
	case HDR_BAD_CRC:
		return arena_printf(a, "the %" PRIu64 " bytes at 0x%08" PRIx64 " end "
				    "in 0x%08" PRIx32 ", not the CRC-32 of the rest "
				    "(0x%08" PRIx32 "): the boot ROM rejects its "
				    "header '%s'", h->crc32, h->at, r->got, r->want,
				    h->name);
	case HDR_OK:
	case HDR_NOT_APPLICABLE:
		break;
	}
	return NULL;
}

static void boot_header(struct rule_ctx *c, const struct dev_boot_header *h)
{
	struct header_match r;
	uint64_t base = h->at, size = h->within ? h->within : 4;
	rule_boot_header(c, h, &r);
	const char *fact = header_fact(c, h, &r);
	if (!fact)
		return;
	const struct dev_memory *mem = device_memory_at(c->dev, h->at);
	if (mem)
		base = mem->base, size = mem->size;
	const struct model_section *s = rule_loaded_section_at(c->model, r.addr,
							       base, size);
	struct finding *f = diag_add(c->d, RULE_BOOT_HEADER,
		s ? rule_where(c, s) : rule_sections_loc(c),
		"%s and does not start the image; %s", fact,
		h->hint ? h->hint : "link the header there inside KEEP()");
	diag_note(c->d, f, h->loc, "'%s': %s", h->name, h->what);
}

void check_boot_header(struct rule_ctx *c)
{
	for (size_t i = 0; i < c->dev->nboot_headers; i++)
		boot_header(c, &c->dev->boot_headers[i]);
}
