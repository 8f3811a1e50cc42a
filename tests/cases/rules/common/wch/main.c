/* A small program for the WCH fixtures: initialised and zeroed data, a
 * constant table, and a function in WCH's .highcode (run from RAM). */
volatile int counter = 5;
volatile int ticks;
const int table[4] = {1, 2, 3, 5};

__attribute__((section(".highcode"), noinline)) int in_ram(int x)
{
	return x + table[x & 3];
}

int main(void)
{
	for (;;) {
		ticks = ticks + 1;
		counter = counter + in_ram(ticks);
	}
}
