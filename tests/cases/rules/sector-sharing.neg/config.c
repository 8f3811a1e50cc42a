/* configuration rewritten at run time with HAL_FLASHEx_Erase */
__attribute__((section(".user_data"))) const char userConfig[4] = {1, 2, 3, 4};
const char *config(void) { return userConfig; }
