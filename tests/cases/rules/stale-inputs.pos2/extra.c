/* one more function: this build differs from clean.neg-stm32f411xe */
int extra_work(int x) { return x * 3 + 1; }
