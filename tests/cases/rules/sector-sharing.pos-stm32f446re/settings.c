/* Settings rewritten at run time (HAL_FLASHEx_Erase of their sector). */
__attribute__((section(".user_data"), used)) const unsigned settings[4] = {1, 2, 3, 4};
