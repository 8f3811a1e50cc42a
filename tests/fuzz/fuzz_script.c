/*
 * libFuzzer target: the script front end (lexer, parser, INCLUDE,
 * evaluator) on arbitrary bytes.  Run by 'make fuzz'; INCLUDE is limited
 * to files below the current directory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "script.h"
#include "source.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct script_options o = {0};
	o.sandbox = true;
	struct script *s = script_parse_buffer("fuzz.ld", text, size, &o, &d);
	struct model *m = model_from_script(s, NULL);
	model_free(m);
	script_free(s);
	source_free_all();
	arena_free(&arena);
	free(text);
	return 0;
}
