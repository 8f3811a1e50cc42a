/*
 * The fixture program as the pull request changes it (old/main.c is the
 * baseline's): a checksum function added, the zeroed buffer grown from 4
 * to 64 words, and a calibration table put in a section of its own that
 * the script does not name (an orphan section: a new finding).
 */
int counter = 5;
int zeroed[64];
const char message[] = "ldlint";

__attribute__((section(".calibration"), used))
const unsigned short calibration[8] = {100, 101, 102, 103, 104, 105, 106, 107};

__attribute__((section(".RamFunc"), noinline)) void ram_func(void)
{
	counter++;
}

__attribute__((noinline)) unsigned checksum(const int *p, unsigned n)
{
	unsigned sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum = (sum << 3 | sum >> 29) ^ (unsigned)p[i];
	return sum;
}

__attribute__((constructor)) static void init(void)
{
	zeroed[1] = 1;
}

int main(void)
{
	zeroed[0] = message[0];
	ram_func();
	return (int)checksum(zeroed, 64) + counter + calibration[counter & 7];
}
