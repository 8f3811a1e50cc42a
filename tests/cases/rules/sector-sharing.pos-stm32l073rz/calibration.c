/* Calibration rewritten at run time (page erase, then half-page write). */
__attribute__((section(".nvm"), used)) const unsigned calibration[8] = {1, 2, 3, 4, 5, 6, 7, 8};
