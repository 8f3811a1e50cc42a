/* A 240 x 320 RGB565 frame buffer in the board's SDRAM: zero-initialised
 * (.bss.* is NOBITS), placed in a NOLOAD section the start-up code does
 * not clear (the FMC must be set up before anything touches it). */
__attribute__((section(".bss.sdram"), used)) unsigned short framebuffer[240 * 320];
