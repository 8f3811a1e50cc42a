/* DMA buffers and descriptors the way ST's H7 Ethernet and audio
 * examples declare them: zero-initialised C in named sections, which GCC
 * emits as PROGBITS full of zeros; NOLOAD is right for them. */
#include <stdint.h>
__attribute__((section(".dma_buffer"), aligned(32), used)) uint8_t rx_buffer[384];
__attribute__((section(".dma_descriptors"), used)) uint32_t dma_descriptors[8];
