/* Reset-surviving state from a library, zero-initialised as C writes it
 * (GCC still emits the named section as PROGBITS full of zeros): NOLOAD
 * loses nothing. */
__attribute__((section(".no_init.boot_mode"), used)) int boot_mode;
