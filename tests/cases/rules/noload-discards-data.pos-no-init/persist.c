/* State meant to survive a reset, with an initial value that NOLOAD
 * silently drops: the name says "no init", the C says 42. */
__attribute__((section(".no_init.boot_mode"), used)) int boot_mode = 42;
