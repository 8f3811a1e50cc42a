/*
 * ytree: a YAML document read with libyaml into a small node tree whose
 * every node remembers its file, line and column.
 *
 * Only what the device loaders need: scalars (with their tag and whether
 * they were quoted), sequences and mappings.  Anchors and aliases are
 * resolved by sharing the anchored node; the expanded size of the document
 * and its nesting depth are bounded, so an alias bomb is an error, not a
 * hang.  Errors go to the diag list under the rule 'device-file'.  The
 * tree lives in the caller's arena.
 */
#ifndef LDLINT_YTREE_H
#define LDLINT_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "loc.h"

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_kind kind;
	const char *tag;	/* "!Nvm" or NULL (arena) */
	const char *text;	/* scalar text, NUL-terminated (arena) */
	size_t len;		/* scalar length in bytes */
	bool plain;		/* scalar written without quotes */
	struct ynode **items;	/* sequence items; mapping values */
	struct ynode **keys;	/* mapping keys (scalars), parallel to items */
	size_t n;		/* items (and keys) */
	size_t weight;		/* nodes it expands to, itself included (capped) */
	struct loc loc;		/* where the node starts */
};

/* Most nodes a document may expand to through aliases, and its deepest
 * nesting. */
enum { YTREE_MAX_NODES = 100000, YTREE_MAX_DEPTH = 64 };

/* Parses 'text' (len bytes) read from 'path' into *root (NULL for a file
 * without a document: empty, or comments only).  Returns false (after
 * adding a finding to 'd') on a syntax error, a second document, a
 * duplicate or non-scalar key, too many nodes or too deep nesting.  'path'
 * must outlive the tree. */
bool ytree_parse(struct arena *a, struct diag *d, const char *path,
		 const char *text, size_t len, struct ynode **root);

/* The same, with the findings under 'rule' (e.g. config-file). */
bool ytree_parse_as(struct arena *a, struct diag *d, const char *rule,
		    const char *path, const char *text, size_t len,
		    struct ynode **root);

/* The value of 'key' in mapping 'map', or NULL. */
struct ynode *ytree_get(const struct ynode *map, const char *key);

/* "a string", "a list", "a mapping": for messages. */
const char *ytree_kind_name(const struct ynode *n);

#endif
