/* A source whose name holds HTML and markdown punctuation; its table
   lands in the section with the hostile name. */
__attribute__((used, section(".hostile"))) const int hostile_table[16] = {1};
