/*
 * loc: where something is in an input file.  Every token, AST node and
 * finding carries one; lines and columns are 1-based bytes, so a tab is
 * one column (the caret printer expands tabs to 8-column stops, as GCC
 * does, and places the caret under the expanded text).
 */
#ifndef LDLINT_LOC_H
#define LDLINT_LOC_H

struct loc {
	const char *file;	/* path as given or as ld would open it; NULL = none */
	unsigned line;		/* 1-based; 0 = unknown */
	unsigned col;		/* 1-based byte column; 0 = whole line */
	unsigned len;		/* bytes the construct spans on that line, >= 1 */
};

#endif
