/*
 * output: standard output checked, -o written atomically or in place.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

void output_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct strbuf safe = {0};
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *buf = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	report_safe(&safe, buf, strlen(buf));
	fprintf(stderr, "ldlint: error: %s\n", safe.buf);
	free(buf);
	sb_free(&safe);
}

/* --- standard output ------------------------------------------------- */

static bool stdout_reported;	/* a write error on it was reported */

static int stdout_error(void)
{
	errno = 0;
	if (fflush(stdout) != 0)
		return errno ? errno : EIO;
	return ferror(stdout) ? EIO : 0;
}

static void report_stdout_error(int err)
{
	output_error("cannot write to standard output: %s", strerror(err));
	stdout_reported = true;
}

static void check_stdout_at_exit(void)
{
	int err = stdout_error();
	if (err && !stdout_reported) {
		report_stdout_error(err);
		_exit(EXIT_INTERNAL);
	}
}

void output_start(void)
{
	static bool registered;
	if (!registered)
		atexit(check_stdout_at_exit);
	registered = true;
	/* past the file size limit, write() fails with EFBIG, which is
	 * reported like any other write error */
	signal(SIGXFSZ, SIG_IGN);
}

/* --- the temporary file and the signals that must remove it ------------ */

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
enum { NCAUGHT = sizeof caught / sizeof caught[0] };

static char *volatile tmp_path;		/* the temporary file, while it exists */
static volatile sig_atomic_t tmp_live;
static struct sigaction old_actions[NCAUGHT];
static bool handlers_set;

/* Async-signal-safe: unlink() the path computed before, then die of the
 * signal as if it had not been caught (the action was reset on entry). */
static void on_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	raise(sig);
}

static void remove_tmp_at_exit(void)
{
	if (tmp_live)
		unlink(tmp_path);
	tmp_live = 0;
}

static void set_handlers(void)
{
	if (handlers_set)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++) {
		sigaction(caught[i], NULL, &old_actions[i]);
		if (old_actions[i].sa_handler != SIG_IGN)	/* nohup stays nohup */
			sigaction(caught[i], &sa, NULL);
	}
	static bool registered;
	if (!registered)
		atexit(remove_tmp_at_exit);
	registered = true;
	handlers_set = true;
}

static void restore_handlers(void)
{
	if (!handlers_set)
		return;
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old_actions[i], NULL);
	handlers_set = false;
}

/* Blocks (or unblocks) the caught signals around the moments the
 * temporary file comes and goes, so that the handler never sees it
 * half made. */
static void block(bool on, sigset_t *old)
{
	if (on) {
		sigset_t set;
		sigemptyset(&set);
		for (size_t i = 0; i < NCAUGHT; i++)
			sigaddset(&set, caught[i]);
		sigprocmask(SIG_BLOCK, &set, old);
	} else {
		sigprocmask(SIG_SETMASK, old, NULL);
	}
}

/* --- deciding where it goes ------------------------------------------ */

static void refuse(const char *path, const char *why)
{
	output_error("cannot write the report to '%s': %s", path, why);
	exit(EXIT_BADINPUT);
}

static mode_t default_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

void output_init(struct output *o, const char *path)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	if (!path || !strcmp(path, "-") || !strcmp(path, "/dev/stdout")) {
		o->to_stdout = true;
		return;
	}
	struct stat st, out;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			refuse(path, strerror(errno));
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			refuse(path, "it is a symbolic link to a file that does not "
			       "exist; give that file's name");
		o->target = xstrdup(path);
		o->mode = default_mode();
		return;
	}
	if (fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st.st_dev &&
	    out.st_ino == st.st_ino) {
		o->to_stdout = true;	/* /dev/fd/1, or the file stdout is */
		return;
	}
	if (S_ISDIR(st.st_mode))
		refuse(path, "it is a directory");
	o->exists = true;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	o->mode = st.st_mode & 07777;
	o->through = !S_ISREG(st.st_mode);
	o->target = o->through ? xstrdup(path) : realpath(path, NULL);
	if (!o->target)
		refuse(path, strerror(errno));
}

void output_check_input(const struct output *o, const char *path, const char *what)
{
	struct stat st;
	if (!path || o->to_stdout || !o->exists || stat(path, &st) != 0)
		return;
	if (st.st_dev == o->dev && st.st_ino == o->ino) {
		output_error("the output '%s' is the %s '%s': the report would "
			     "replace it; give -o another file", o->path, what, path);
		exit(EXIT_BADINPUT);
	}
}

/* --- writing --------------------------------------------------------- */

static FILE *open_failed(struct output *o, int err)
{
	output_error("cannot write the report to '%s': %s", o->path, strerror(err));
	free(o->target);	/* nothing is closed after a failed open */
	o->target = NULL;
	return NULL;
}

/* The temporary file beside the target: "DIR/.ldlint-XXXXXX". */
static int make_tmp(struct output *o)
{
	const char *slash = strrchr(o->target, '/');
	size_t dir = slash ? (size_t)(slash - o->target) + 1 : 0;
	static const char name[] = ".ldlint-XXXXXX";
	char *tmp = xmalloc(dir + sizeof name);
	memcpy(tmp, o->target, dir);
	memcpy(tmp + dir, name, sizeof name);
	set_handlers();
	sigset_t old;
	block(true, &old);
	int fd = mkstemp(tmp);
	int err = errno;
	if (fd >= 0) {
		o->tmp = tmp;
		tmp_path = tmp;
		tmp_live = 1;
	} else {
		free(tmp);
	}
	block(false, &old);
	errno = err;
	return fd;
}

/* Forgets the temporary file (gone or renamed). */
static void drop_tmp(struct output *o, bool remove)
{
	if (!o->tmp)
		return;
	sigset_t old;
	block(true, &old);
	if (remove)
		unlink(o->tmp);
	tmp_live = 0;
	tmp_path = NULL;
	block(false, &old);
	free(o->tmp);
	o->tmp = NULL;
	restore_handlers();
}

FILE *output_open(struct output *o)
{
	if (o->to_stdout) {
		o->f = stdout;
		return o->f;
	}
	int fd;
	if (o->through) {
		fd = open(o->target, O_WRONLY | O_NOCTTY);
		if (fd < 0)
			return open_failed(o, errno);
	} else {
		fd = make_tmp(o);
		if (fd < 0)
			return open_failed(o, errno);
		fchmod(fd, o->mode);
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int err = errno;
		close(fd);
		drop_tmp(o, true);
		free(o->target);
		o->target = NULL;
		return open_failed(o, err);
	}
	return o->f;
}

/* Makes the rename itself durable (best effort: not every file system
 * lets a directory be opened or synced). */
static void sync_dir(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? xstrdup(target) : xstrdup(".");
	if (slash)
		dir[slash == target ? 1 : slash - target] = '\0';
	int fd = open(dir, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int output_close(struct output *o)
{
	int err = 0;
	if (o->to_stdout) {
		err = o->f ? stdout_error() : 0;
		if (err)
			report_stdout_error(err);
		o->f = NULL;
		return err ? EXIT_INTERNAL : EXIT_CLEAN;
	}
	if (o->f) {
		if (fflush(o->f) != 0)
			err = errno ? errno : EIO;
		else if (ferror(o->f))
			err = EIO;
		else if (o->tmp && fsync(fileno(o->f)) != 0)
			err = errno;
		if (fclose(o->f) != 0 && !err)
			err = errno ? errno : EIO;
		o->f = NULL;
		if (!err && o->tmp) {
			sigset_t old;
			block(true, &old);
			if (rename(o->tmp, o->target) == 0)
				tmp_live = 0;
			else
				err = errno;
			block(false, &old);
			if (!err)
				sync_dir(o->target);
		}
	}
	drop_tmp(o, err != 0);
	free(o->target);
	o->target = NULL;
	if (err) {
		output_error("cannot write the report to '%s': %s", o->path,
			     strerror(err));
		return EXIT_INTERNAL;
	}
	return EXIT_CLEAN;
}
