/*
 * output: where a report goes, written so that nothing is lost and
 * nothing is clobbered.
 *
 * Standard output (no -o, '-o -', '-o /dev/stdout', or a path that is
 * the file standard output already is): every write error is reported
 * and the exit status is 3.  '-o FILE' for a regular file (or a name not
 * taken yet): the report goes to a temporary file in the same directory
 * (a short fixed name, so any file name that fits NAME_MAX works), is
 * flushed, fsync'd and renamed over FILE, so a reader sees the old
 * report or the new one, never half of one; SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT while it is written remove the temporary file.  A symbolic
 * link is followed: the file it points to is replaced and the link kept;
 * a link to nothing is refused.  A FILE that is not a regular file (a
 * device such as /dev/null, a FIFO) is opened and written in place,
 * never renamed over.  A directory is refused, and so is an output that
 * is one of the inputs (the same device and inode, however it is
 * spelt): exit status 2 before anything is written.
 */
#ifndef LDLINT_OUTPUT_H
#define LDLINT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct output {
	const char *path;	/* -o as given; NULL for standard output */
	bool to_stdout;		/* the report goes to standard output */
	bool through;		/* not a regular file: opened and written in place */
	bool exists;		/* the target exists: dev and ino are its */
	dev_t dev;
	ino_t ino;
	mode_t mode;		/* of the file written (the old file's, or 0666 & ~umask) */
	char *target;		/* the file replaced or written (heap) */
	char *tmp;		/* the temporary file while it exists (heap), or NULL */
	FILE *f;		/* open stream, or NULL */
};

/* Decides where the report for -o 'path' (NULL: none) goes, reading
 * nothing; exits with status 2 after a one-line message when it cannot
 * be written there at all (a directory, a symbolic link to nothing). */
void output_init(struct output *o, const char *path);

/* Exits with status 2 after a one-line message when the output is the
 * input 'path' ('what' names its kind: "linker script", "ELF file"...).
 * An input that cannot be stat'ed is not the output. */
void output_check_input(const struct output *o, const char *path, const char *what);

/* Opens the output; NULL after a one-line message when it cannot be
 * (the exit status is then 2). */
FILE *output_open(struct output *o);

/* Writes out what is buffered and puts the file in place: 0, or 3 after
 * a one-line message naming the output when anything could not be
 * written.  Frees what output_init and output_open allocated. */
int output_close(struct output *o);

/* Prints "ldlint: error: " and the message on stderr, as one line: what
 * it quotes from the inputs (paths, names) is escaped (report_safe()). */
void output_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called first: from now on standard output is checked at exit (a write
 * error nothing reported yet prints one line and makes the exit status
 * 3), and the file size limit makes writes fail (EFBIG) instead of
 * killing the process with SIGXFSZ. */
void output_start(void);

#endif
