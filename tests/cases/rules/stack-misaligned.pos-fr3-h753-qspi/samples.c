/* audio samples stored in the QSPI flash */
__attribute__((section(".qspi_data"))) const short samples[8] = {1, 2, 3, 4, 5, 6, 7, 8};
const short *get_samples(void) { return samples; }
