/*
 * Minimal Cortex-M startup for the rule fixtures: vector table, .data
 * copy from its load address, .bss clear, then main.  Like a CubeMX
 * startup file, the vector table is kept by the script's KEEP(), not by
 * __attribute__((used)) (which GCC 12 turns into SHF_GNU_RETAIN).
 */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);
void Reset_Handler(void);

void Default_Handler(void)
{
	for (;;)
		;
}

__attribute__((section(".vectors")))
void (*const vector_table[16])(void) = {
	(void (*)(void))&_estack, Reset_Handler, Default_Handler,
	Default_Handler, Default_Handler, Default_Handler, Default_Handler,
	0, 0, 0, 0, Default_Handler, Default_Handler, 0, Default_Handler,
	Default_Handler,
};

void Reset_Handler(void)
{
	uint32_t *src = &_sidata, *dst = &_sdata;
	while (dst < &_edata)
		*dst++ = *src++;
	for (dst = &_sbss; dst < &_ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}
