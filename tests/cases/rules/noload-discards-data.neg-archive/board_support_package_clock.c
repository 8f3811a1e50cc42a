/* Another library member, before the one that matters. */
unsigned clock_hz(void) { return 16000000u; }
