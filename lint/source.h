/*
 * source: the text of every input file read, kept for the life of the run
 * so that diagnostics can print the line they point at.  Also runs the C
 * preprocessor for scripts that need it.
 */
#ifndef LDLINT_SOURCE_H
#define LDLINT_SOURCE_H

#include <stddef.h>

/* Reads 'path' (read_file) and keeps it; the text stays valid until
 * source_free_all.  A file is read once a run: reading it again (an
 * INCLUDE met again) returns the same text.  Returns NULL with errno set
 * and read_failure() saying why when it cannot be read. */
char *source_read(const char *path, size_t *len);

/* Line 'line' (1-based) of 'path' without its newline; NULL if there is
 * no such line.  Only files read as inputs (source_read), allowed ones
 * (source_allow, read on first use) and the files a preprocessor's line
 * markers name (their lines as preprocessed) have lines: a location is no
 * licence to open a file. */
const char *source_line(const char *path, unsigned line, size_t *len);

/* Lets source_line read 'path', an input read otherwise (the map). */
void source_allow(const char *path);

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
