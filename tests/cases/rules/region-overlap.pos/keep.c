__attribute__((section(".noinit.state"), used)) int reset_count;
