/*
 * The RP2350's boot ROM runs a flash image only if it finds an IMAGE_DEF
 * block in the image's first 4 KiB.  This is the minimal one pico-sdk's
 * crt0 emits for a secure Arm executable (pico-sdk boot/picobin.h):
 * start marker, IMAGE_TYPE item (EXE | security S | CPU Arm | chip RP2350
 * = 0x1021), LAST item (one word of items), link to itself, end marker.
 */
#include <stdint.h>

__attribute__((section(".embedded_block")))
const uint32_t image_def[5] = {
	0xffffded3,	/* PICOBIN_BLOCK_MARKER_START */
	0x10210142,	/* item 0x42 IMAGE_TYPE, 1 word, flags 0x1021 */
	0x000001ff,	/* item 0xff LAST, 1 word of items */
	0x00000000,	/* offset to the next block: this one (a loop of one) */
	0xab123579,	/* PICOBIN_BLOCK_MARKER_END */
};
