/*
 * summary: what the size and pull-request emitters share (out_size.c,
 * out_markdown.c, out_html.c): numbers for people, aligned text tables,
 * safe text from names that may hold any bytes, and where a finding's
 * file is in the repository and on the web.
 *
 * Names come from scripts, maps and ELF files and can hold any bytes.
 * They are shown the way every report shows them (report.h): control
 * characters, bidirectional controls and bytes that are not UTF-8 as
 * \xNN and \uNNNN; summary_unit() gives those stand-ins to the emitters
 * that escape the rest their own way (markdown, HTML).
 */
#ifndef LDLINT_SUMMARY_H
#define LDLINT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ldlint.h"
#include "util.h"

/* The character at 's' ('n' >= 1 bytes left): how many bytes it takes,
 * with in 'stand_in' what to show instead ("\x1b", "\u202e" for a byte
 * that is not UTF-8 or a character utf8_unsafe() names, as report_safe()
 * writes them), or "" when it can be shown as it is. */
size_t summary_unit(const char *s, size_t n, char stand_in[12]);

/* "12,345" (exact bytes, digits grouped). */
const char *summary_bytes(struct arena *a, uint64_t v);

/* "+1,024" / "-8" / "0". */
const char *summary_change(struct arena *a, int64_t v);

/* "2.40%" of 'part' in 'whole' (two decimals, like GNU ld's
 * --print-memory-usage); "-" when 'whole' is 0. */
const char *summary_percent(struct arena *a, uint64_t part, uint64_t whole);

/* "+12.5%" of a change relative to 'before'; "from 0" when before is 0. */
const char *summary_growth(struct arena *a, uint64_t before, uint64_t after);

/* 's' for a terminal or CSV cell, escaped as report_safe() does ("" for
 * NULL). */
const char *summary_plain(struct arena *a, const char *s);

/* An aligned text table: columns left ('l') or right ('r') aligned,
 * widths from the cells, the last column never padded. */
struct table {
	struct arena *a;
	const char *align;		/* one letter per column */
	size_t ncols;
	const char **cells;		/* nrows * ncols */
	size_t nrows, cap;
};

void table_init(struct table *t, struct arena *a, const char *align);
/* Appends a row of t->ncols cells (copied through summary_plain). */
void table_row(struct table *t, const char *const *cells);
void table_print(FILE *f, const struct table *t, const char *indent);
void table_free(struct table *t);

/* The repository's top: the nearest directory from the current one up
 * that holds .git, else the current directory; ends in '/' (heap). */
char *summary_root(void);

/* 'path' relative to 'root' when inside it (heap); else 'path' as is,
 * or NULL when 'path' is absolute and outside: no link is made to it. */
char *summary_relative(const char *root, const char *path);

/* Whether 'url' is an http or https URL (the only links made). */
bool summary_url_ok(const char *url);

/* Where links to files point: --link-base, else on GitHub Actions
 * $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/, else ""
 * (links relative to the repository's top).  Ends in '/' unless "". */
const char *summary_link_base(struct arena *a, const struct run *r);

/* The link to line 'line' (0: none) of repository file 'rel': the base
 * and the path percent-encoded, then '#L<line>'. */
const char *summary_link(struct arena *a, const char *base, const char *rel,
			unsigned line);

struct json;

/* The "size" and "baseline" members of -f json, when the run has them
 * (out_size.c). */
void out_size_json(struct json *j, const struct run *r);

/* Counts of this run's findings by severity that are new since the
 * baseline (all of them without one). */
void summary_new_counts(const struct run *r, unsigned counts[4]);

#endif
