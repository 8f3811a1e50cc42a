/*
 * diag: findings (diagnostics).
 *
 * Readers and rules add findings here; they never print.  A finding has a
 * rule (a number and its id), a severity (the rule's default unless
 * configuration changes it), a location, a message and optional notes
 * pointing at related places.  The emitters walk the list.
 *
 * diag knows rules only as numbers with ids and default severities, handed
 * to diag_init by whoever owns the catalogue (rules/rules.def); it does
 * not depend on the catalogue itself.  Readers name their rule by id
 * (diag_report(d, "elf-file", ...)), rules by number (diag_add).
 */
#ifndef LDLINT_DIAG_H
#define LDLINT_DIAG_H

#include "loc.h"
#include "util.h"

enum severity { SEV_OFF = 0, SEV_NOTE = 1, SEV_WARNING = 2, SEV_ERROR = 3 };

struct note {
	struct loc loc;		/* where; loc.file NULL = no place */
	const char *message;	/* arena string */
	struct note *next;
};

struct finding {
	unsigned rule;		/* rule number in the catalogue */
	const char *id;		/* its id, e.g. "data-no-lma" */
	enum severity severity;
	struct loc loc;
	const char *message;	/* arena string: fact first, then the fix */
	struct note *notes;	/* in order added */
	unsigned long repeats;	/* later findings folded into this one: same
				   rule, severity, file, line and message */
	struct finding *next;
};

struct diag {
	struct arena *arena;		/* where messages live; not owned */
	struct finding *head;		/* in order added */
	struct finding **tail;
	unsigned count[4];		/* findings in the list by severity
					   (repeats not counted: diag_total) */
	size_t nrules;			/* rules in the catalogue */
	const char *const *ids;		/* rule ids by number; not owned */
	enum severity *level;		/* effective severity per rule (arena) */
	bool *ran;			/* the rule had the inputs it needs */
	struct finding **fold;		/* hash table of the list, for repeats
					   (arena); NULL slots are empty */
	size_t fold_cap, fold_n;	/* slots (a power of two), used */
	struct finding *last;		/* the finding added or repeated last */
};

/* Starts an empty finding list for a catalogue of 'nrules' rules with
 * these ids and default severities (both indexed by rule number; 'ids'
 * must outlive 'd'). */
void diag_init(struct diag *d, struct arena *a, size_t nrules,
	       const char *const *ids, const enum severity *defaults);

/* diag_init with the catalogue and current levels of 'like'. */
void diag_init_like(struct diag *d, struct arena *a, const struct diag *like);

/* The number of the rule with this id, or -1. */
int diag_rule(const struct diag *d, const char *id);

/* The rule id closest to a misspelt one (edit distance < 4), or NULL. */
const char *diag_rule_nearest(const struct diag *d, const char *id);

/* Adds a finding of rule number 'rule' at 'loc' with a printf-style
 * message.  Returns NULL (and records nothing) when the rule is off, and
 * when the finding repeats one in the list (which then counts it). */
struct finding *diag_add(struct diag *d, unsigned rule, struct loc loc,
			 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* diag_add at no more than severity 'cap' (a finding that is only a
 * suspicion when some inputs are missing). */
struct finding *diag_add_capped(struct diag *d, unsigned rule, enum severity cap,
				struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The same for the rule named 'id' (which must be in the catalogue):
 * how readers report bad input ("elf-file", "syntax", ...). */
struct finding *diag_report(struct diag *d, const char *id, struct loc loc,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends a note to a finding (no-op when f is NULL). */
void diag_note(struct diag *d, struct finding *f, struct loc loc,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sorts findings by file, line, column (stable). */
void diag_sort(struct diag *d);

/* Findings of severity 's', repeats included (what the summary says). */
unsigned long diag_total(const struct diag *d, enum severity s);

const char *severity_name(enum severity s);

#endif
