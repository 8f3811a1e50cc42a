/*
 * script: loading a linker script from disk (or memory) into its AST
 * (ast.h): INCLUDE search, the C preprocessor when asked, cycle and depth
 * limits.  The grammar itself is parse.c's.
 */
#ifndef LDLINT_SCRIPT_H
#define LDLINT_SCRIPT_H

#include "ast.h"

/* Parses the script at 'path' (and what it INCLUDEs).  Syntax errors and
 * unreadable files become 'syntax' findings in 'd'; returns the script
 * (possibly partial), never NULL. */
struct script *script_load(const char *path, const struct script_options *o,
			   struct diag *d);

/* Parses a script held in memory (for tests and the fuzzer); INCLUDE is
 * resolved against 'o' as usual. */
struct script *script_parse_buffer(const char *name, const char *text,
				   size_t len, const struct script_options *o,
				   struct diag *d);

#endif
