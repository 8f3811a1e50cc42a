/* Initialised data moved into a NOLOAD section by its input name; the
 * object is not where --objdir says, so the name is the evidence. */
__attribute__((section(".data.retained"), used)) int retained = 7;
