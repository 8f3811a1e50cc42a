/* The memory sizes the linker script's MEMORY reads, set by the start-up
 * code as absolute symbols (the GD32VF103 firmware template's way). */
	.global __flash_size
	.set __flash_size, 512 * 1024
	.global __ram_size
	.set __ram_size, 128 * 1024
