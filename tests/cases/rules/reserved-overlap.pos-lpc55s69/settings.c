/* Settings kept in the last 512-byte flash page. */
__attribute__((section(".user_data"), used)) const unsigned settings[4] = {1, 2, 3, 4};
