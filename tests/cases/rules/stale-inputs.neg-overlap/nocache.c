__attribute__((section(".nocache"), used)) unsigned char dma_area[512];
