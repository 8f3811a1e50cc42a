__attribute__((section(".ccmram"), used, noinline)) int fast_sum(int a, int b) { return a + b; }
