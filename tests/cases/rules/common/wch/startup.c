/*
 * Start-up for the WCH CH32V fixtures, in the manner of WCH's
 * startup_ch32v00x.S / startup_ch32v30x_D8C.S: '_start' in .init (the
 * first word of the flash, executed from the alias at 0x0) jumps to the
 * reset code, which sets gp and sp, copies .highcode and .data from flash,
 * clears .bss and calls main.  Symbols are those of WCH's Link.ld.
 */
extern unsigned _highcode_lma[], _highcode_vma_start[], _highcode_vma_end[];
extern unsigned _data_lma[], _data_vma[], _edata[], _sbss[], _ebss[];
int main(void);
void handle_reset(void);

__attribute__((naked, section(".init"))) void _start(void)
{
	__asm__ volatile(".option push\n.option norvc\n"
			 "j handle_reset\n"
			 ".option pop\n");
}

__attribute__((naked)) void handle_reset(void)
{
	__asm__ volatile(".option push\n.option norelax\n"
			 "la gp, __global_pointer$\n"
			 ".option pop\n"
			 "la sp, _eusrstack\n"
			 "j reset_continue\n");
}

__attribute__((used)) void reset_continue(void)
{
	unsigned *src = _highcode_lma, *dst;
	for (dst = _highcode_vma_start; dst < _highcode_vma_end;)
		*dst++ = *src++;
	src = _data_lma;
	for (dst = _data_vma; dst < _edata;)
		*dst++ = *src++;
	for (dst = _sbss; dst < _ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}
