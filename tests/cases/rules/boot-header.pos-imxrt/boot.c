/*
 * What the i.MX RT1062's boot ROM reads from the FlexSPI flash, placed by
 * the script's .text.headers: the FlexSPI NOR configuration block at
 * offset 0 (only its tag and version here: the linter checks where it
 * is, not what it configures) and, at offset 0x1000, the image vector
 * table (IVT) and boot data.  The ROM enters the image at the IVT's entry;
 * there is no Cortex-M vector table at the boot address.  Then a start-up
 * in the Teensy core's manner: copy the ITCM code and the DTCM data from
 * flash, clear .bss, call main.
 */
#include <stdint.h>

extern uint32_t _stext, _etext, _stextload, _sdata, _edata, _sdataload;
extern uint32_t _sbss, _ebss, _estack, _flashimagelen;
int main(void);
void ResetHandler(void);

__attribute__((section(".flashconfig"), used))
const uint32_t flexspi_nor_config[128] = {
	0x42464346,	/* tag 'FCFB' */
	0x56010000,	/* version 1.1.0 */
};

__attribute__((section(".bootdata"), used))
const uint32_t boot_data[3] = {
	0x60000000,			/* image start */
	(uint32_t)&_flashimagelen,	/* image length */
	0,				/* no plugin */
};

__attribute__((section(".csf"), used))
const uint32_t csf_placeholder[4];

__attribute__((section(".ivt"), used))
const uint32_t image_vector_table[8] = {
	0x432000D1,			/* IVT header: tag 0xD1, length 32, version 0x43 */
	(uint32_t)&ResetHandler,	/* entry */
	0,				/* reserved */
	0,				/* no DCD */
	(uint32_t)boot_data,		/* boot data */
	(uint32_t)image_vector_table,	/* self */
	(uint32_t)csf_placeholder,	/* command sequence file */
	0,				/* reserved */
};

__attribute__((section(".startup"), naked, noreturn)) void ResetHandler(void)
{
	__asm__ volatile("ldr sp, =_estack\n"
			 "b reset_continue\n");
}

__attribute__((section(".startup"), noreturn, used)) void reset_continue(void)
{
	const uint32_t *src = &_stextload;
	uint32_t *dst;
	for (dst = &_stext; dst < &_etext;)
		*dst++ = *src++;
	src = &_sdataload;
	for (dst = &_sdata; dst < &_edata;)
		*dst++ = *src++;
	for (dst = &_sbss; dst < &_ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}
