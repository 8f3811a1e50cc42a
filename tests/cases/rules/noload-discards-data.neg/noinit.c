/* zero-initialised state kept across a warm reset */
__attribute__((section(".noinit.boot_count"))) int boot_count;
int *boot_counter(void) { return &boot_count; }
