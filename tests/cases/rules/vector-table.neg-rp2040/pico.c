/* The pieces of a pico-sdk flash image: boot2 (its first 256 bytes,
 * here a stand-in ending in the CRC-32/MPEG-2 of the other 252), the
 * vector table the bootrom's boot2 jumps through, and the reset handler. */
#include <stdint.h>
extern uint32_t __StackTop, __data_start__, __data_end__, __etext,
	__bss_start__, __bss_end__;
int main(void);
void _entry_point(void);
__attribute__((section(".boot2"), used)) const uint8_t boot2[256] = {
	0x00, 0xb5, 0x32, 0x4b, 0x21, 0x20, 0x58, 0x60, [252] = 0xe5, 0xb6, 0x32, 0x5f,
};
void isr_default(void) { for (;;) ; }
__attribute__((section(".vectors"), used)) void (*const vectors[16])(void) = {
	(void (*)(void))&__StackTop, _entry_point, isr_default, isr_default,
};
__attribute__((section(".reset"))) void _entry_point(void)
{
	uint32_t *s = &__etext, *d = &__data_start__;
	while (d < &__data_end__)
		*d++ = *s++;
	for (d = &__bss_start__; d < &__bss_end__;)
		*d++ = 0;
	main();
	for (;;)
		;
}
