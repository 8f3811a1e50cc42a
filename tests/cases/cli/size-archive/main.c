/* The fixture program with a library: main calls into lib/libdsp.a. */
int fir_filter(short in);
int gain_apply(int x, int gain);
int counter = 5;
int zeroed[4];

int main(void)
{
	zeroed[0] = gain_apply(fir_filter((short)counter), 300);
	return zeroed[0];
}
