/*
 * ast: walking and freeing a script's AST.
 */
#include <stdlib.h>

#include "ast.h"

void script_free(struct script *s)
{
	if (!s)
		return;
	arena_free(&s->arena);
	free(s);
}

void script_walk(struct stmt *list, void (*fn)(struct stmt *, void *),
		 void *ctx)
{
	for (struct stmt *st = list; st; st = st->next) {
		fn(st, ctx);
		if (st->body)
			script_walk(st->body, fn, ctx);
		if (st->sec)
			script_walk(st->sec->body, fn, ctx);
		if (st->ovl)
			script_walk(st->ovl->sections, fn, ctx);
	}
}
