/* a function placed in the STM32F407's CCM RAM, copied there at startup */
__attribute__((section(".ccmram"), noinline)) int ccm_add(int a, int b)
{
	return a + b;
}
int use_ccm(int x)
{
	return ccm_add(x, 1);
}
