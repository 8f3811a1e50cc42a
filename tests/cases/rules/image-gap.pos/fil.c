/* mutable file-system state given a section meant for flash */
struct fil { int pos; char buf[16]; };
__attribute__((section(".flash_text"))) struct fil file_handle = {1, "x"};
struct fil *get_file(void) { return &file_handle; }
