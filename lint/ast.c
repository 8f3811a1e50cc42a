/*
 * ast: walking and freeing a script's AST.
 */
#include <stdlib.h>
#include <string.h>

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

bool expr_find(const struct expr *e,
	       bool (*fn)(const struct expr *, void *), void *ctx)
{
	const struct expr **todo = NULL;	/* grown by xgrow */
	size_t n = 0;
	bool found = false;
	if (e) {
		todo = xgrow(todo, n, sizeof *todo);
		todo[n++] = e;
	}
	while (n > 0 && !found) {
		e = todo[--n];
		found = fn(e, ctx);
		/* pushed last to first, so popped in written order */
		const struct expr *kids[3] = {e->c, e->b, e->a};
		for (int k = 0; k < 3; k++)
			if (kids[k]) {
				todo = xgrow(todo, n, sizeof *todo);
				todo[n++] = kids[k];
			}
	}
	free(todo);
	return found;
}
