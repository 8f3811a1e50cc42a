__attribute__((section(".qspiflash_text"), used)) const char sample_table[256] = "samples";
