/*
 * summary: helpers of the size and pull-request emitters (see summary.h).
 */
#include "summary.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "report.h"
#include "utf8.h"

size_t summary_unit(const char *s, size_t n, char stand_in[12])
{
	uint32_t cp;
	size_t k = utf8_char(s, n, &cp);
	stand_in[0] = '\0';
	if (!k) {
		snprintf(stand_in, 12, "\\x%02x", (unsigned char)*s);
		return 1;
	}
	if (utf8_unsafe(cp))
		snprintf(stand_in, 12, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
	return k;
}

const char *summary_bytes(struct arena *a, uint64_t v)
{
	char digits[32], out[48];
	int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

const char *summary_change(struct arena *a, int64_t v)
{
	if (!v)
		return "0";
	uint64_t m = v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
	return arena_printf(a, "%c%s", v < 0 ? '-' : '+', summary_bytes(a, m));
}

const char *summary_percent(struct arena *a, uint64_t part, uint64_t whole)
{
	if (!whole)
		return "-";
	return arena_printf(a, "%.2f%%", (double)part * 100.0 / (double)whole);
}

const char *summary_growth(struct arena *a, uint64_t before, uint64_t after)
{
	if (!before)
		return after ? "from 0" : "";	/* a percentage of nothing */
	if (before == after)
		return "";
	double g = ((double)after - (double)before) * 100.0 / (double)before;
	return arena_printf(a, "%+.1f%%", g);
}

const char *summary_plain(struct arena *a, const char *s)
{
	return s ? report_safe_str(a, s) : "";
}

/* ---- tables ------------------------------------------------------------- */

void table_init(struct table *t, struct arena *a, const char *align)
{
	memset(t, 0, sizeof *t);
	t->a = a;
	t->align = align;
	t->ncols = strlen(align);
}

void table_row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = summary_plain(t->a, cells[i]);
	t->nrows++;
}

/* Characters as shown (UTF-8 sequences count once). */
static size_t shown(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

void table_print(FILE *f, const struct table *t, const char *indent)
{
	size_t *w = xcalloc(t->ncols + 1, sizeof *w);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t n = shown(t->cells[r * t->ncols + c]);
			if (n > w[c])
				w[c] = n;
		}
	struct strbuf line = {0};
	for (size_t r = 0; r < t->nrows; r++) {
		line.len = 0;
		sb_puts(&line, indent);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t pad = w[c] - shown(s);
			bool last = c + 1 == t->ncols;
			if (t->align[c] == 'r')
				sb_printf(&line, "%*s%s", (int)pad, "", s);
			else
				sb_printf(&line, "%s%*s", s, last ? 0 : (int)pad, "");
			if (!last)
				sb_puts(&line, "  ");
		}
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		fprintf(f, "%s\n", line.buf);
	}
	sb_free(&line);
	free(w);
}

void table_free(struct table *t)
{
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* ---- files and links ---------------------------------------------------- */

char *summary_root(void)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return xstrdup("/");
	size_t n = strlen(cwd);
	char *dir = xmalloc(n + 8);
	memcpy(dir, cwd, n + 1);
	for (;;) {
		struct stat st;
		size_t len = strlen(dir);
		memcpy(dir + len, "/.git", 6);
		bool found = stat(dir, &st) == 0;
		dir[len] = '\0';
		if (found)
			break;
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			memcpy(dir, cwd, n + 1);	/* no repository */
			break;
		}
		*slash = '\0';
	}
	free(cwd);
	size_t len = strlen(dir);
	if (len == 0 || dir[len - 1] != '/') {
		dir[len] = '/';
		dir[len + 1] = '\0';
	}
	return dir;
}

char *summary_relative(const char *root, const char *path)
{
	if (!path)
		return NULL;
	char *real = realpath(path, NULL);
	size_t rl = strlen(root);
	char *out = NULL;
	if (real && strncmp(real, root, rl) == 0)
		out = xstrdup(real + rl);
	else if (path[0] != '/' && !real)
		out = xstrdup(path);
	free(real);
	return out;
}

/* 'url' with every byte outside the characters a URL holds as they are
 * percent-encoded, and the parentheses too (markdown ends a link at ')'). */
static const char *url_safe(struct arena *a, const char *url)
{
	struct strbuf sb = {0};
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~:/?#[]@!$&'*+,;=%", *p))
			sb_putc(&sb, (char)*p);
		else
			sb_printf(&sb, "%%%02X", *p);
	}
	const char *out = arena_strdup(a, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return out;
}

bool summary_url_ok(const char *url)
{
	return !strncmp(url, "https://", 8) || !strncmp(url, "http://", 7);
}

const char *summary_link_base(struct arena *a, const struct run *r)
{
	const char *base = r->link_base;
	if (!base) {
		const char *server = getenv("GITHUB_SERVER_URL");
		const char *repo = getenv("GITHUB_REPOSITORY");
		const char *sha = getenv("GITHUB_SHA");
		if (server && *server && repo && *repo && sha && *sha)
			base = arena_printf(a, "%s/%s/blob/%s/", server, repo, sha);
	}
	if (!base || !summary_url_ok(base))
		return "";
	size_t n = strlen(base);
	return url_safe(a, base[n - 1] == '/' ? base : arena_printf(a, "%s/", base));
}

const char *summary_link(struct arena *a, const char *base, const char *rel,
			unsigned line)
{
	struct strbuf sb = {0};
	sb_puts(&sb, base);
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			sb_putc(&sb, (char)*p);
		else
			sb_printf(&sb, "%%%02X", *p);
	}
	if (line)
		sb_printf(&sb, "#L%u", line);
	const char *out = arena_strdup(a, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return out;
}

void summary_new_counts(const struct run *r, unsigned counts[4])
{
	memset(counts, 0, 4 * sizeof *counts);
	for (const struct finding *f = r->diag->head; f; f = f->next)
		if (!r->baseline || baseline_is_new(r->baseline, f))
			counts[f->severity]++;
}
