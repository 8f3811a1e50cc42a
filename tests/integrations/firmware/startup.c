/*
 * Minimal Cortex-M startup for the integration fixtures: vector table,
 * .data copied from its load address, .bss cleared, then main.
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

__attribute__((section(".isr_vector")))
void (*const g_vectors[16])(void) = {
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
