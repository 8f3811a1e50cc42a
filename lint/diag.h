/*
 * diag: findings (diagnostics) and the rule table they refer to.
 *
 * Readers and rules add findings here; they never print.  A finding has a
 * rule id, a severity (the rule's default unless configuration changes
 * it), a location, a message and optional notes pointing at related
 * places.  The emitters (out_text, out_json) walk the list.
 */
#ifndef LDLINT_DIAG_H
#define LDLINT_DIAG_H

#include "loc.h"
#include "util.h"

enum severity { SEV_OFF = 0, SEV_NOTE = 1, SEV_WARNING = 2, SEV_ERROR = 3 };

/* One row of rules/rules.def. */
struct rule {
	const char *id;			/* stable kebab-case id */
	enum severity severity;		/* default severity */
	const char *family;		/* rule family (the rules/ file) */
	const char *needs;		/* inputs the rule needs, e.g. "D+(E|M)" */
	const char *summary;		/* one line */
	const char *explanation;	/* --explain paragraph */
};

enum rule_ident {
#define RULE(ident, id, sev, fam, needs, sum, expl) RULE_##ident,
#include "../rules/rules.def"
#undef RULE
	RULE_COUNT
};

extern const struct rule rule_table[RULE_COUNT];

/* The rule with this id, or NULL. */
const struct rule *rule_find(const char *id);

/* The rule id closest to a misspelt one (edit distance < 4), or NULL. */
const char *rule_nearest(const char *id);

struct note {
	struct loc loc;		/* where; loc.file NULL = no place */
	const char *message;	/* arena string */
	struct note *next;
};

struct finding {
	enum rule_ident rule;
	enum severity severity;
	struct loc loc;
	const char *message;	/* arena string: fact first, then the fix */
	struct note *notes;	/* in order added */
	struct finding *next;
};

struct diag {
	struct arena *arena;		/* where messages live; not owned */
	struct finding *head;		/* in order added */
	struct finding **tail;
	unsigned count[4];		/* findings by severity */
	enum severity level[RULE_COUNT];	/* effective severity per rule */
	bool ran[RULE_COUNT];		/* the rule had the inputs it needs */
};

void diag_init(struct diag *d, struct arena *a);

/* Adds a finding of 'rule' at 'loc' with a printf-style message.  Returns
 * NULL (and records nothing) when the rule is switched off. */
struct finding *diag_add(struct diag *d, enum rule_ident rule, struct loc loc,
			 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends a note to a finding (no-op when f is NULL). */
void diag_note(struct diag *d, struct finding *f, struct loc loc,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sorts findings by file, line, column (stable). */
void diag_sort(struct diag *d);

const char *severity_name(enum severity s);

#endif
