/* file-system state given a section meant for flash, as in the field
 * report: a file handle declared without initial values (zero-initialised
 * C, but PROGBITS in .flash_text, not .bss) */
struct fil { int pos; char buf[16]; };
__attribute__((section(".flash_text"))) struct fil file_handle;
struct fil *get_file(void) { return &file_handle; }
