extern void Reset_Handler(void);
__attribute__((section(".user_vectors"), used)) void (*user_vectors[4])(void) = {
	Reset_Handler, Reset_Handler, Reset_Handler, Reset_Handler,
};
