/*
 * parse: the GNU ld 2.40 linker-script grammar (ld/ldgram.y) over the
 * modal lexer.  script.c is its only user; everyone else calls script_load.
 */
#ifndef LDLINT_PARSE_H
#define LDLINT_PARSE_H

#include "ast.h"

/* Parses 'text' (len bytes) named 'name'.  With cpp_markers, '# N "file"'
 * lines written by the C preprocessor move the reported locations.
 * Never returns NULL; syntax errors are 'syntax' findings in 'd'. */
struct script *parse_text(const char *name, const char *text, size_t len,
			  bool cpp_markers, const struct script_options *o,
			  struct diag *d);

#endif
