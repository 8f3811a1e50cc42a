/* The startup files' heap and stack reservations and pico-sdk's RAM
 * vector table: all zero, in sections of their own. */
__attribute__((section(".ram_vector_table"), used)) void *ram_vectors[48];
__attribute__((section(".heap"), used)) unsigned char heap_area[0x200];
__attribute__((section(".stack"), used)) unsigned char stack_area[0x400];
