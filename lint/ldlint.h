/*
 * ldlint: what one run of the command read and found, shared by the
 * command line (main.c) and the emitters (out_*.c).
 */
#ifndef LDLINT_LDLINT_H
#define LDLINT_LDLINT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "model.h"

#define LDLINT_VERSION "0.1.0"

enum input_kind { INPUT_SCRIPT, INPUT_ELF, INPUT_MAP, INPUT_DEVICE, INPUT_LOADER };

struct device;
struct loader;
struct size_report;
struct baseline;

/* The largest symbols the HTML report's treemap shows. */
enum { TREEMAP_LEAVES = 20000 };

struct input {
	enum input_kind kind;
	const char *path;
};

struct run {
	struct input *inputs;		/* in command-line order */
	size_t ninputs;
	const char *device, *loader;	/* ids, or NULL */
	struct model **models;		/* one per script, in input order */
	size_t nmodels;
	struct diag *diag;
	bool color;			/* ANSI colours in text output */
	const struct device *dev;	/* -d resolved (device.h), or NULL */
	const struct loader *ldr;	/* -L bound to dev, or NULL */
	const struct size_report *size;	/* the size breakdown (size.h), when
					   asked for, or NULL */
	const struct baseline *baseline;	/* --baseline compared (baseline.h),
					   or NULL */
	const char *link_base;		/* --link-base, or NULL */
};

/* Text: GCC-style findings with source line and caret, then a summary
 * line unless quiet. */
void out_text(FILE *f, const struct run *r, bool quiet);

/* The JSON object of DESIGN section 5. */
void out_json(FILE *f, const struct run *r);

/* SARIF 2.1.0 (GitHub code scanning), locations relative to the
 * repository root. */
void out_sarif(FILE *f, const struct run *r);

/* GitLab Code Quality report (a JSON array of issues). */
void out_codequality(FILE *f, const struct run *r);

/* The memory picture: regions and the sections in them. */
void out_layout(FILE *f, const struct run *r);

/* The memory picture as a self-contained SVG 1.1 image (--layout=svg). */
void out_svg(FILE *f, const struct run *r);

/* The size breakdown as aligned text tables (--size). */
void out_size_text(FILE *f, const struct run *r);

/* What changed since the baseline, as text (--baseline). */
void out_baseline_text(FILE *f, const struct run *r);

/* The size breakdown as CSV, one row per figure (-f csv). */
void out_csv(FILE *f, const struct run *r);

/* A summary for a pull request or a CI job page (-f markdown). */
void out_markdown(FILE *f, const struct run *r);

/* A self-contained HTML report (-f html). */
void out_html(FILE *f, const struct run *r);

#endif
