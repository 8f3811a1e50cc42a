/* Reset-surviving state from a library, as SDKs ship it: the archive
 * member's name is longer than 15 characters (GNU ar's long-name table),
 * and it is not the archive's first member. */
__attribute__((section(".no_init.boot_mode"), used)) int boot_mode = 42;
