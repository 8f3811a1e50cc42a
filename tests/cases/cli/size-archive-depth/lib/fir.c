/* A small signal-processing library, linked from lib/libdsp.a. */
static const short taps[16] = {1, -2, 3, -4, 5, -6, 7, -8, 8, -7, 6, -5, 4, -3, 2, -1};
static short history[16];

int fir_filter(short in)
{
	int acc = 0;
	for (int i = 15; i > 0; i--)
		history[i] = history[i - 1];
	history[0] = in;
	for (int i = 0; i < 16; i++)
		acc += taps[i] * history[i];
	return acc >> 4;
}
