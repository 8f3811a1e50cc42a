/*
 * suppress: parsing the directives found by the lexer and filtering the
 * finding list with them.
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

enum dkind { D_NEXT_LINE, D_DISABLE, D_ENABLE };

struct directive {
	enum dkind kind;
	struct loc loc;		/* the comment */
	unsigned end_line;	/* line the comment ends on */
	const char *ids[16];	/* rule ids; none = every rule */
	struct loc id_loc[16];
	size_t nids;
	bool had_ids;		/* ids were written (maybe none valid) */
	bool used[16];		/* per id (index 0 for "every rule") */
	const struct directive *enable;	/* D_DISABLE: where it ends */
};

/* Splits "ldlint-disable-next-line a, b -- why" into kind and ids. */
static bool parse_directive(struct diag *d, const struct lex_event *e,
			    struct directive *dir)
{
	const char *p = strstr(e->text, "ldlint-");
	static const struct { const char *w; enum dkind k; } words[] = {
		{"ldlint-disable-next-line", D_NEXT_LINE},
		{"ldlint-disable", D_DISABLE}, {"ldlint-enable", D_ENABLE}};
	memset(dir, 0, sizeof *dir);
	size_t i;
	for (i = 0; i < 3; i++) {
		size_t n = strlen(words[i].w);
		if (strncmp(p, words[i].w, n) == 0 && !strchr("-_abcdefghijklmnopqrstuvwxyz", p[n] ? p[n] : ' '))
			break;
	}
	if (i == 3)
		return false;	/* a comment that only mentions ldlint */
	dir->kind = words[i].k;
	dir->loc = e->loc;
	dir->end_line = (unsigned)e->value;
	p += strlen(words[i].w);
	while (*p && dir->nids < 16) {
		p += strspn(p, " \t\r\n,");
		if (!*p || strncmp(p, "--", 2) == 0)
			break;
		size_t n = strcspn(p, " \t\r\n,");
		char *id = arena_strndup(d->arena, p, n);
		dir->had_ids = true;
		struct loc l = e->loc;
		l.col += (unsigned)(p - e->text) + (e->text[0] ? 2 : 1);
		l.len = (unsigned)n;
		if (!rule_find(id)) {
			const char *near = diag_rule_nearest(d, id);
			if (near)
				diag_add(d, RULE_UNUSED_SUPPRESSION, l, "'%s' in an "
					 "ldlint directive is no rule id; did you mean "
					 "'%s'?", id, near);
			else
				diag_add(d, RULE_UNUSED_SUPPRESSION, l, "'%s' in an "
					 "ldlint directive is no rule id; see "
					 "--list-rules", id);
		} else {
			dir->id_loc[dir->nids] = l;
			dir->ids[dir->nids++] = id;
		}
		p += n;
	}
	return true;
}

/* Does 'dir' name the rule (or every rule)?  Returns the id index. */
static int names(const struct directive *dir, const char *rule)
{
	if (dir->nids == 0)
		return dir->had_ids ? -1 : 0;
	for (size_t i = 0; i < dir->nids; i++)
		if (strcmp(dir->ids[i], rule) == 0)
			return (int)i;
	return -1;
}

static bool same_file(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool suppresses(struct directive *dir, const struct finding *f)
{
	int idx = names(dir, f->id);
	if (idx < 0 || !same_file(dir->loc.file, f->loc.file))
		return false;
	bool hit = false;
	if (dir->kind == D_NEXT_LINE)
		hit = f->loc.line == dir->end_line + 1;
	else if (dir->kind == D_DISABLE)
		hit = f->loc.line > dir->end_line &&
		      (!dir->enable || f->loc.line < dir->enable->loc.line);
	if (hit)
		dir->used[idx] = true;
	return hit;
}

/* Pairs each ldlint-disable with the next ldlint-enable of the same file
 * that names the same rules (or any enable without ids). */
static void pair(struct directive *dirs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (dirs[i].kind != D_DISABLE)
			continue;
		for (size_t j = i + 1; j < n; j++)
			if (dirs[j].kind == D_ENABLE &&
			    same_file(dirs[j].loc.file, dirs[i].loc.file) &&
			    (dirs[j].nids == 0 || dirs[j].nids == dirs[i].nids)) {
				dirs[i].enable = &dirs[j];
				break;
			}
	}
}

static void report_unused(struct diag *d, const struct directive *dir)
{
	if (dir->kind == D_ENABLE)
		return;
	if (dir->nids == 0) {
		if (!dir->used[0] && !dir->had_ids)
			diag_add(d, RULE_UNUSED_SUPPRESSION, dir->loc, "this ldlint "
				 "directive suppresses nothing; remove it");
		return;
	}
	for (size_t i = 0; i < dir->nids; i++) {
		const struct rule *r = rule_find(dir->ids[i]);
		enum rule_ident id = (enum rule_ident)(r - rule_table);
		if (dir->used[i] || !d->ran[id])
			continue;
		if (dir->kind == D_NEXT_LINE)
			diag_add(d, RULE_UNUSED_SUPPRESSION, dir->id_loc[i],
				 "no '%s' finding on line %u to suppress; remove '%s' "
				 "from this directive", dir->ids[i], dir->end_line + 1,
				 dir->ids[i]);
		else
			diag_add(d, RULE_UNUSED_SUPPRESSION, dir->id_loc[i],
				 "no '%s' finding in this disabled block; remove the "
				 "directive", dir->ids[i]);
	}
}

void suppress_apply(struct diag *d, struct script *const *scripts, size_t n)
{
	size_t count = 0, cap = 0;
	struct directive *dirs = NULL;
	for (size_t s = 0; s < n; s++)
		for (const struct lex_event *e = scripts[s] ? scripts[s]->events : NULL;
		     e; e = e->next) {
			if (e->kind != LEXE_DIRECTIVE)
				continue;
			if (count == cap) {
				cap = cap ? cap * 2 : 16;
				dirs = xrealloc(dirs, cap * sizeof *dirs);
			}
			if (parse_directive(d, e, &dirs[count]))
				count++;
		}
	pair(dirs, count);
	/* filter the findings */
	struct finding **pp = &d->head;
	while (*pp) {
		struct finding *f = *pp;
		bool drop = false;
		for (size_t i = 0; i < count && f->rule != RULE_SYNTAX &&
		     f->rule != RULE_UNUSED_SUPPRESSION; i++)
			drop |= suppresses(&dirs[i], f);
		if (drop) {
			d->count[f->severity]--;
			*pp = f->next;
		} else {
			pp = &f->next;
		}
	}
	d->tail = pp;
	d->ran[RULE_UNUSED_SUPPRESSION] = true;
	for (size_t i = 0; i < count; i++)
		report_unused(d, &dirs[i]);
	free(dirs);
}
