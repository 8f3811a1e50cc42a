/* An 80 KiB sample buffer in .bss and a trace log kept in SRAM2. */
#include <stdint.h>

uint8_t samples[80 * 1024];
__attribute__((section(".sram2"))) uint32_t trace_log[4096];

void record(uint32_t v)
{
	static unsigned n;
	samples[n % sizeof samples] = (uint8_t)v;
	trace_log[n++ % 4096] = v;
}
