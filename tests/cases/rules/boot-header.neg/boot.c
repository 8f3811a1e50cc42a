/*
 * The i.MX RT boot headers as NXP's SDK writes them (xip/
 * fsl_flexspi_nor_boot.c and the board's flexspi_nor_config.c): the
 * FlexSPI configuration block (only its tag and version here), the IVT
 * whose entry is the vector table (IMAGE_ENTRY_ADDRESS = __VECTOR_TABLE)
 * and the boot data.  Then the vector table the ROM starts through, and a
 * reset handler that copies the RAM functions to ITCM and the data to
 * DTCM.
 */
#include <stdint.h>

extern uint32_t __VECTOR_TABLE[], _image_end[];
extern uint32_t __ram_function_start__, __ram_function_end__,
	__ram_function_flash_start, _sidata, _sdata, _edata, _sbss, _ebss,
	_estack;
int main(void);
void Reset_Handler(void);

__attribute__((section(".boot_hdr.conf"), used))
const uint32_t qspiflash_config[128] = {
	0x42464346,	/* FLEXSPI_CFG_BLK_TAG 'FCFB' */
	0x56010400,	/* FLEXSPI_CFG_BLK_VERSION 1.4.0 */
};

__attribute__((section(".boot_hdr.boot_data"), used))
const uint32_t boot_data[4] = {
	0x60000000,			/* image start */
	(uint32_t)_image_end - 0x60000000,	/* image size */
	0,				/* no plugin */
	0xFFFFFFFF,
};

__attribute__((section(".boot_hdr.ivt"), used))
const uint32_t image_vector_table[8] = {
	0x412000D1,			/* IVT_HEADER: tag 0xD1, length 32, version 0x41 */
	(uint32_t)__VECTOR_TABLE,	/* entry: the vector table */
	0,
	0,				/* no DCD */
	(uint32_t)boot_data,
	(uint32_t)image_vector_table,	/* self */
	0,				/* no CSF */
	0,
};

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
	const uint32_t *src = &__ram_function_flash_start;
	uint32_t *dst;
	for (dst = &__ram_function_start__; dst < &__ram_function_end__;)
		*dst++ = *src++;
	for (src = &_sidata, dst = &_sdata; dst < &_edata;)
		*dst++ = *src++;
	for (dst = &_sbss; dst < &_ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}
