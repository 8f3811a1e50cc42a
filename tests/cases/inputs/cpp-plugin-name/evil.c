/* Built as a shared object named evil.S: cpp would load it as a GCC
 * plugin if the script name reached it as an option. */
#include <fcntl.h>
#include <unistd.h>

int plugin_is_GPL_compatible;

__attribute__((constructor)) static void ran(void)
{
	int fd = open("PLUGIN-RAN", O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
}
