/* a variable with an initial value in a NOLOAD section */
__attribute__((section(".persist.boot_count"))) int boot_count = 5;
int *boot_counter(void) { return &boot_count; }
