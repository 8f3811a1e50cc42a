/*
 * build: one linked build read and linted, the way the command line does
 * it for the build it is given and, with --baseline, for the build it is
 * compared with.
 *
 * Reading: each linker script is loaded and evaluated into a model; the
 * ELF and the map join the first script's model (or an empty one); with
 * a size report asked for, the ELF's whole symbol table is read and the
 * map read feeds the report.  Linting: every rule whose inputs are there,
 * then the suppressions in the scripts, then the findings sorted.
 * Findings about inputs that cannot be read go to the diag like any
 * other; 'bad_input' says there were some (exit status 2).
 */
#ifndef LDLINT_BUILD_H
#define LDLINT_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "ldlint.h"
#include "rules.h"
#include "size.h"

struct build_inputs {
	const char *const *scripts;	/* NULL-terminated, or NULL */
	size_t nscripts;
	const char *elf, *map;		/* or NULL */
	const char *objdir;		/* where the link ran, or NULL */
	const struct script_options *so;
	const struct defsym *defsyms;	/* --defsym, or NULL */
	const struct size_options *size;	/* NULL: no size report */
};

struct build {
	struct script **scripts;	/* one per model; NULL without scripts */
	struct model **models;		/* one per script, at least one */
	size_t nmodels;
	struct input *inputs;		/* in command-line order, with room for
					   the device and the loader */
	size_t ninputs;
	struct elf_image *elf;		/* or NULL */
	struct map_image *map;		/* or NULL */
	struct symtab *syms;		/* with a size report and an ELF */
	struct size_report *size;	/* when asked for */
	bool bad_input;			/* some input could not be read */
};

/* Reads the build's inputs into 'b' (findings in 'd'; names in 'a'). */
void build_read(struct build *b, const struct build_inputs *in,
		struct diag *d, struct arena *a);

/* Runs the rules on every model of 'b' with the device, loader and
 * configuration given, applies the suppressions and sorts the findings. */
void build_lint(struct build *b, const struct device *dev,
		const struct loader *ldr, const struct rule_config *cfg,
		struct diag *d);

/* The inputs of the baseline at 'path' for a build with inputs 'cur':
 *   - a directory: the ELF file (by content) named like this build's, or
 *     its only one; the map named like this build's, or like the ELF
 *     with '.map', or its only one;
 *   - an ELF file: it, and the map beside it named like it ('app.map'
 *     or 'app.elf.map');
 *   - a map: it, and the ELF beside it named like it ('app.elf',
 *     '.axf', '.out').
 * Only the kinds this build has are taken (an ELF is compared with an
 * ELF).  The scripts are the copies of this build's scripts (same file
 * name) in that directory; *current_scripts is set when one is not
 * there and this build's own is used.  False, with the reason in 'why',
 * when nothing comparable is there. */
bool build_baseline_inputs(const char *path, const struct build_inputs *cur,
			   struct build_inputs *out, bool *current_scripts,
			   struct arena *a, char *why, size_t nwhy);

void build_free(struct build *b);

#endif
