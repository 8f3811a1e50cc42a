/* rewrites the configuration at run time (HAL_FLASHEx_Erase style) */
__attribute__((section(".user_data"))) const char userConfig[4] = {1, 2, 3, 4};
__attribute__((section(".RamFunc"), noinline)) void erase_sector(volatile unsigned *cr)
{
	*cr = 5u << 3;
}
const char *config(void) { return userConfig; }
