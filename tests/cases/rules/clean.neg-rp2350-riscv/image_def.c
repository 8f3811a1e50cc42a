/*
 * IMAGE_DEF for a RISC-V image on the RP2350 (pico-sdk boot/picobin.h):
 * IMAGE_TYPE (EXE | CPU RISC-V | chip RP2350 = 0x1101) and, because the
 * boot ROM would otherwise enter the image at its first byte, an
 * ENTRY_POINT item (0x44: entry, initial stack pointer).  It must lie in
 * the image's first 4 KiB.
 */

void _start(void);

__attribute__((section(".embedded_block")))
const unsigned int image_def[8] = {
	0xffffded3,		/* PICOBIN_BLOCK_MARKER_START */
	0x11010142,		/* item 0x42 IMAGE_TYPE, 1 word, flags 0x1101 */
	0x00000344,		/* item 0x44 ENTRY_POINT, 3 words */
	(unsigned int)_start,	/* entry */
	0x20082000,		/* stack pointer: SRAM_END */
	0x000004ff,		/* item 0xff LAST, 4 words of items */
	0x00000000,		/* offset to the next block: this one */
	0xab123579,		/* PICOBIN_BLOCK_MARKER_END */
};
