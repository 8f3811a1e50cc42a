/*
 * source: the text of every input file read, kept for the life of the run
 * so that diagnostics can print the line they point at.  Also runs the C
 * preprocessor for scripts that need it.
 */
#ifndef LDLINT_SOURCE_H
#define LDLINT_SOURCE_H

#include <stddef.h>

/* Reads 'path' and keeps it; the text stays valid until source_free_all.
 * Returns NULL with errno set when it cannot be read. */
char *source_read(const char *path, size_t *len);

/* Line 'line' (1-based) of 'path' without its newline, reading the file if
 * it was not read yet; NULL if there is no such line. */
const char *source_line(const char *path, unsigned line, size_t *len);

/* Runs 'cmd' (split at blanks) with -E and 'args' on 'path'; returns its
 * output (kept like source_read) or NULL with a one-line reason in *why. */
char *source_preprocess(const char *cmd, const char *const *args,
			const char *path, size_t *len, char *why, size_t whylen);

/* For a path that does not exist: "; did you mean 'dir/name'?" naming
 * the closest file in the same directory, or "" when none is close.
 * The text is in a static buffer. */
const char *source_suggest(const char *path);

void source_free_all(void);

#endif
