/*
 * The fixture program: initialised data, zeroed data, constants, a
 * function that runs from RAM, and a constructor.
 */
int counter = 5;
int zeroed[4];
const char message[] = "ldlint";

__attribute__((section(".RamFunc"), noinline)) void ram_func(void)
{
	counter++;
}

__attribute__((constructor)) static void init(void)
{
	zeroed[1] = 1;
}

int main(void)
{
	zeroed[0] = message[0];
	ram_func();
	return counter;
}
