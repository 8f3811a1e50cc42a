/*
 * baseline: what changed between an earlier build (the baseline) and
 * this one: each region's use before and after, the sections, input
 * files and symbols that grew or shrank, and which findings are new,
 * which were fixed and which are still there.
 *
 * Findings are matched by rule and a key that survives unrelated edits:
 * the file's name (not its directory: the baseline's script may be a
 * copy elsewhere), the message with its numbers taken out (addresses and
 * sizes move with every build), and the text of the line it points at
 * (not the line number: an edit above it moves it).  A finding matches
 * first on all of these, then on rule, file and message alone (the line
 * was edited), then on rule, file and line text (the numbers in the
 * message were not all that changed); what is left is new in this build,
 * or fixed since the baseline.
 *
 * Sizes are matched by name: sections by section name, input files by
 * the name the map gives them (or their --depth group), symbols by name
 * and input file, so that two static functions of one name stay apart.
 */
#ifndef LDLINT_BASELINE_H
#define LDLINT_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "size.h"

/* One thing that is in either build. */
struct size_delta {
	const char *name;
	const char *where;		/* symbols: the input file, sections: the
					   region, or NULL */
	bool before_known, after_known;	/* it is in that build */
	uint64_t before, after;		/* bytes (0 when not in that build) */
};

struct region_delta {
	const char *name;
	bool before_known, after_known;	/* the use is known in that build */
	uint64_t before, after;		/* bytes used */
	uint64_t length;		/* this build's length (else the
					   baseline's) */
};

struct baseline {
	struct arena arena;
	struct region_delta *regions;	size_t nregions;
	/* changed ones only, largest change first */
	struct size_delta *sections;	size_t nsections;
	struct size_delta *files;	size_t nfiles;
	struct size_delta *symbols;	size_t nsymbols;
	bool symbols_compared;		/* both builds had symbols of one kind */
	const struct finding **fresh;	size_t nfresh;	/* new in this build */
	const struct finding **fixed;	size_t nfixed;	/* the baseline's, gone */
	size_t npresent;		/* in both */
	const char **inputs;		size_t ninputs;	/* the baseline's files */
	bool current_scripts;		/* the baseline was linted with this
					   build's scripts (it had none) */
};

/* Compares 'before' (the baseline; its findings in 'dbefore', which
 * must outlive the result) with 'after' (this build).  Either report may
 * be NULL (no sizes). */
struct baseline *baseline_compare(const struct size_report *before,
				  const struct size_report *after,
				  const struct diag *dbefore,
				  const struct diag *dafter);

/* Whether this build's finding 'f' is new since the baseline. */
bool baseline_is_new(const struct baseline *b, const struct finding *f);

/* The signed change of a delta, saturated to int64_t. */
int64_t baseline_change(uint64_t before, uint64_t after);

void baseline_free(struct baseline *b);

#endif
