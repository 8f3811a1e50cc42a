/*
 * xml: the XML reader for CMSIS pack descriptions (pdsc.c).  It builds the
 * document's elements, their attributes and their character data into an
 * arena, each element and attribute with its line and column.
 */
#ifndef LDLINT_XML_H
#define LDLINT_XML_H

#include <stddef.h>

#include "util.h"

struct xml_attr {
	const char *name;
	const char *value;		/* references replaced */
	unsigned line, col;		/* where its name starts */
};

struct xml_node {
	const char *name;
	unsigned line, col;		/* where its '<' is */
	const struct xml_attr *attrs;
	size_t nattrs;
	const char *text;		/* its own character data ("" if none) */
	struct xml_node *children;	/* in document order */
	struct xml_node *next;		/* its next sibling */
};

/* The first error: where and what. */
struct xml_error {
	unsigned line, col;
	char message[200];
};

/* Parses the 'len' bytes of 'text' (NUL-terminated) into arena 'a' and
 * returns the root element, or NULL with '*err' filled in. */
const struct xml_node *xml_parse(struct arena *a, const char *text, size_t len,
				 struct xml_error *err);

/* Attribute 'name' of 'n', or NULL. */
const struct xml_attr *xml_attr(const struct xml_node *n, const char *name);

#endif
