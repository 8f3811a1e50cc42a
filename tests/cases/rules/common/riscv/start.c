/* Start-up for the RISC-V fixtures: set the stack and global pointers,
 * copy .data from flash, clear .bss, call main. */

extern unsigned _sidata[], _sdata[], _edata[], _sbss[], _ebss[];
int main(void);
void reset(void);

__attribute__((naked, section(".text.init"))) void _start(void)
{
	__asm__ volatile(
		".option push\n.option norelax\n"
		"la gp, __global_pointer$\n"
		".option pop\n"
		"la sp, _stack_top\n"
		"j reset\n");
}

void reset(void)
{
	unsigned *src = _sidata;
	for (unsigned *dst = _sdata; dst < _edata;)
		*dst++ = *src++;
	for (unsigned *dst = _sbss; dst < _ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}
