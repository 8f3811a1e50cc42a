#define FLASH_K 256
MEMORY
{
  FLASH (rx) : ORIGIN = 0x08000000, LENGTH = FLASH_K * 1K
#include "ram.h"
}
SECTIONS
{
  .text : { *(.text) } > FLASH
  .data : { *(.data) } > RAM AT > FLASH
  .bss : { *(.bss) ) } > RAM
}
