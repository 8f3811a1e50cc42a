/* a frame buffer that fills the RAM */
char frame[1500];
char *get_frame(void) { return frame; }
