__attribute__((section(".tune"), used)) int tune_table[4] = {3, 1, 4, 1};
