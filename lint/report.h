/*
 * report: what the emitters share so that every report stays safe and
 * bounded whatever the inputs hold.
 *
 * Bounded: which findings a report lists (at most so many per rule; the
 * rest are counted), how long a message may be (a longer one loses its
 * middle), how much of a long source line an excerpt shows (a window
 * around the caret).  Repeats of a finding on one line are already folded
 * by diag.  Safe: text for a terminal with control characters, bytes
 * that are not UTF-8 and the bidirectional controls escaped the way GCC
 * shows them (\x1b, \u202e).  JSON strings are json.c's, XML out_svg.c's.
 */
#ifndef LDLINT_REPORT_H
#define LDLINT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

/* The bounds, stated in README.md ("Bounds"). */
enum {
	REPORT_TEXT_PER_RULE = 100,	/* findings text shows per rule */
	REPORT_DATA_PER_RULE = 1000,	/* findings JSON, SARIF, Code Quality list per rule */
	REPORT_NOTES = 20,		/* notes shown per finding */
	REPORT_TEXT_BYTES = 1 << 20,	/* text stops before passing this many bytes */
	REPORT_MESSAGE = 2048,		/* bytes of a message shown (middle cut) */
	REPORT_WIDTH = 160,		/* source lines wider than this (columns)... */
	REPORT_WINDOW = 120,		/* ...show this many around the caret */
};

/* Which findings a report lists: the first 'per_rule' of each rule in
 * list order; the others are counted, with their repeats. */
struct report_cap {
	size_t nrules;
	unsigned per_rule;
	unsigned *listed;		/* per rule number: listed so far (heap) */
	unsigned long *unlisted;	/* per rule number: not listed (heap) */
	unsigned long unlisted_total;	/* the sum of unlisted[] */
};

void report_cap_init(struct report_cap *c, const struct diag *d, unsigned per_rule);
/* True when 'f' is to be listed; otherwise it is counted as not listed. */
bool report_take(struct report_cap *c, const struct finding *f);
/* Counts 'f' (and its repeats) as not listed. */
void report_skip(struct report_cap *c, const struct finding *f);
/* Counts a finding report_take() accepted as not listed after all. */
void report_untake(struct report_cap *c, const struct finding *f);
void report_cap_free(struct report_cap *c);

/* 'msg', or when it is longer than REPORT_MESSAGE bytes its start and
 * end around "[... N bytes not shown ...]" in a heap copy left in
 * *tofree (NULL otherwise; free it). */
const char *report_message(const char *msg, char **tofree);

/* Appends 'n' bytes of 's' for a terminal: characters utf8_unsafe()
 * names and bytes that are not UTF-8 become \xNN (a byte, a C0 control
 * or DEL) or \uNNNN (C1 and the other unsafe code points). */
void report_safe(struct strbuf *sb, const char *s, size_t n);

/* report_safe() of 's' as an arena string; 's' itself when it needs no
 * escape (NULL stays NULL). */
const char *report_safe_str(struct arena *a, const char *s);

/* Writes lines of text made by a trusted writer from untrusted strings:
 * everything but the newlines goes through report_safe(). */
void report_write_safe(FILE *f, const char *s, size_t n);

/* GCC's source excerpt of 'line' ('len' bytes, line number 'lineno'):
 *    42 | the line
 *       |     ^~~~
 * with the caret under byte column 'col' (1-based; 0: no caret line) and
 * the underline over 'span' bytes.  Tabs are expanded to 8-column stops,
 * unsafe characters escaped as report_safe() does, the caret and the
 * underline placed under the escaped text; a line wider than REPORT_WIDTH
 * columns shows REPORT_WINDOW columns around the caret between "...".
 * 'on' and 'off' colour the caret ("" for none). */
void report_excerpt(struct strbuf *sb, const char *line, size_t len,
		    unsigned lineno, unsigned col, unsigned span,
		    const char *on, const char *off);

#endif
