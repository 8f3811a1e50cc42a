/*
 * script: loading a linker script (with the C preprocessor when asked) and
 * walking its statements.
 */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "source.h"

static bool wants_cpp(const char *path, const struct script_options *o)
{
	if (!o || !o->cpp)
		return false;
	if (o->force_cpp)
		return true;
	size_t n = strlen(path);
	return n >= 2 && (strcmp(path + n - 2, ".S") == 0 ||
			  (n >= 3 && strcmp(path + n - 3, ".in") == 0));
}

static struct script *failed_script(const char *path, struct diag *d,
				    const char *why)
{
	struct script *s = xcalloc(1, sizeof *s);
	s->path = arena_strdup(&s->arena, path);
	s->failed = s->fatal = true;
	struct loc l = {s->path, 0, 0, 1};
	diag_report(d, "syntax", l, "%s", why);
	return s;
}

struct script *script_load(const char *path, const struct script_options *o,
			   struct diag *d)
{
	size_t len;
	if (wants_cpp(path, o) && !readable_file(path)) {
		char why[512];
		snprintf(why, sizeof why, "cannot read linker script '%s': %s%s",
			 path, read_failure(), errno == ENOENT ? source_suggest(path) : "");
		return failed_script(path, d, why);
	}
	if (wants_cpp(path, o)) {
		char why[512];
		char *text = source_preprocess(o->cpp, o->cpp_args, path, &len,
					       why, sizeof why);
		if (!text)
			return failed_script(path, d, why);
		return parse_text(path, text, len, true, o, d);
	}
	char *text = source_read(path, &len);
	if (!text) {
		char why[512];
		int err = errno;
		snprintf(why, sizeof why, "cannot read linker script '%s': %s%s",
			 path, read_failure(), err == ENOENT ? source_suggest(path) : "");
		return failed_script(path, d, why);
	}
	return parse_text(path, text, len, false, o, d);
}

struct script *script_parse_buffer(const char *name, const char *text,
				   size_t len, const struct script_options *o,
				   struct diag *d)
{
	return parse_text(name, text, len, false, o, d);
}
