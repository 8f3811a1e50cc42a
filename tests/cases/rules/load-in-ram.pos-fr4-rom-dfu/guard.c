/* a heap guard word with an initial value (puts file bytes in RAM) */
__attribute__((section(".heap_stack"))) unsigned heap_guard = 0xDEADBEEF;
unsigned *guard(void) { return &heap_guard; }
