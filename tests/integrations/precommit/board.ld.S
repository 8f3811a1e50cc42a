/* An STM32F411 script that only parses after the C preprocessor: the hook
   must run ldlint with --cpp on *.ld.S.  The test sets FLASH_SIZE to 1M
   (the chip has 512K) for the commit that must be refused. */
#define FLASH_SIZE 512K
#define RAM_SIZE 128K

ENTRY(Reset_Handler)
_estack = ORIGIN(RAM) + LENGTH(RAM);

MEMORY
{
  FLASH (rx)  : ORIGIN = 0x08000000, LENGTH = FLASH_SIZE
  RAM   (xrw) : ORIGIN = 0x20000000, LENGTH = RAM_SIZE
}

SECTIONS
{
  .isr_vector : { KEEP(*(.isr_vector)) } >FLASH
  .text : { *(.text*) } >FLASH
  .rodata : { *(.rodata*) } >FLASH
  .data : { *(.data*) } >RAM AT> FLASH
  .bss : { *(.bss*) *(COMMON) } >RAM
}
