/* data, not code, in the STM32F407's CCM RAM */
__attribute__((section(".ccmram"))) int ccm_table[4] = {1, 2, 3, 4};
