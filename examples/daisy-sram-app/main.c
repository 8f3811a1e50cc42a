/*
 * A Daisy Seed audio app for the Daisy bootloader's SRAM mode.  To save
 * RAM, the FatFS object and the file handle were given a section that the
 * linker script places in internal flash: the mistake of field report 1.
 */
struct fatfs { int fs_type; char win[64]; };
struct fil { int pos; char buf[32]; };

__attribute__((section(".flash_text"))) struct fatfs sd_fs = {1, {0}};
__attribute__((section(".flash_text"))) struct fil wav_file = {0, {0}};

int samples_played;

int main(void)
{
	sd_fs.fs_type = 3;
	wav_file.pos += 512;
	return samples_played;
}
