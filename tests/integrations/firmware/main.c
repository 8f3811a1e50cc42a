/* The integration fixtures' program: initialised data, zeroed data and
 * constants, so that .data, .bss and .rodata are all present. */
int counter = 5;
int zeroed[4];
const char message[] = "ldlint";

int main(void)
{
	zeroed[0] = message[counter];
	return counter++;
}
