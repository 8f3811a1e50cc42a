/* A table kept in the second flash bank. */
__attribute__((section(".bank2_data"), used)) const unsigned short table[8] = {0, 1, 4, 9, 16, 25, 36, 49};
