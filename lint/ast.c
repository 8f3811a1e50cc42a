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
	const struct expr *buf[64], **todo = buf;
	size_t n = 0, cap = 64;
	bool found = false;
	if (e)
		todo[n++] = e;
	while (n > 0 && !found) {
		e = todo[--n];
		found = fn(e, ctx);
		if (n + 3 > cap) {
			const struct expr **bigger = xmalloc(2 * cap * sizeof *bigger);
			memcpy(bigger, todo, n * sizeof *todo);
			if (todo != buf)
				free(todo);
			todo = bigger;
			cap *= 2;
		}
		/* pushed last to first, so popped in written order */
		if (e->c)
			todo[n++] = e->c;
		if (e->b)
			todo[n++] = e->b;
		if (e->a)
			todo[n++] = e->a;
	}
	if (todo != buf)
		free(todo);
	return found;
}
