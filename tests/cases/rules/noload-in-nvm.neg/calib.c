__attribute__((section(".calib"), used)) const unsigned calib_words[64];
