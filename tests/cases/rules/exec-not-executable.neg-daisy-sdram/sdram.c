__attribute__((section(".sdram_text"), used, noinline)) int mix(int a, int b) { return a * 3 + b; }
