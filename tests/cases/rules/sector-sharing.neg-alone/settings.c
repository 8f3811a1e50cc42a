__attribute__((section(".user_data"), used)) const unsigned settings[4] = {1, 2, 3, 4};
