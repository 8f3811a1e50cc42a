/*
 * source: kept file texts, line lookup and the C preprocessor.
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* A line of the preprocessor's output under the (file, line) its line
 * markers give. */
struct marked {
	const char *file;	/* in the preprocessed text, not NUL-ended */
	size_t file_len;
	unsigned line;
	const char *text;
	size_t len;
};

struct kept {
	char *path;		/* owned */
	char *text;		/* owned, NUL-terminated; NULL: allowed, not read */
	size_t len;		/* bytes */
	size_t *lines;		/* offsets of line starts, built on demand */
	unsigned nlines;
	bool input;		/* read as an input (not a preprocessor's text) */
	struct marked *marks;	/* else the preprocessed lines said to come
				   from it, by line */
	size_t nmarks;
	struct kept *next;
};

static struct kept *kept;
static struct strmap by_path;	/* path -> index + 1 into 'all' */
static struct kept **all;
static size_t nall;

static struct kept *find(const char *path)
{
	size_t i = strmap_get(&by_path, path);
	return i < nall ? all[i] : NULL;
}

static struct kept *keep(const char *path, char *text, size_t len)
{
	struct kept *k = find(path);
	if (!k) {
		k = xcalloc(1, sizeof *k);
		k->path = xstrdup(path);
		k->next = kept;
		kept = k;
		all = xgrow(all, nall, sizeof *all);
		strmap_put(&by_path, k->path, nall);
		all[nall++] = k;
	} else {
		free(k->text);
		free(k->lines);
		k->lines = NULL;
		k->nlines = 0;
	}
	k->text = text;
	k->len = len;
	return k;
}

/* The first preprocessed line said to be line 'line' of k. */
static const char *marked_line(const struct kept *k, unsigned line, size_t *len)
{
	size_t lo = 0, hi = k->nmarks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->marks[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == k->nmarks || k->marks[lo].line != line)
		return NULL;
	*len = k->marks[lo].len;
	return k->marks[lo].text;
}

char *source_read(const char *path, size_t *len)
{
	struct kept *k = find(path);
	if (k && k->text && k->input) {
		/* read once a run: INCLUDEd again, the same text */
		if (len)
			*len = k->len;
		return k->text;
	}
	size_t n;
	char *text = read_file(path, &n);
	if (!text)
		return NULL;
	keep(path, text, n)->input = true;
	if (len)
		*len = n;
	return text;
}

void source_allow(const char *path)
{
	if (path && !find(path))
		keep(path, NULL, 0);
}

const char *source_line(const char *path, unsigned line, size_t *len)
{
	if (!path || line == 0)
		return NULL;
	/* only what was read, or may be read, as an input: a location
	   (a cpp line marker) is no licence to open a file */
	struct kept *k = find(path);
	if (!k)
		return NULL;
	if (k->marks)
		return marked_line(k, line, len);
	if (!k->text) {
		size_t n;
		char *text = read_file(path, &n);
		if (!text)
			return NULL;
		k = keep(path, text, n);
		k->input = true;
	}
	if (!k->lines) {
		unsigned cap = 64;
		k->lines = xmalloc(cap * sizeof *k->lines);
		k->lines[k->nlines++] = 0;
		const char *t = k->text, *nl;
		for (size_t i = 0; i < k->len &&
		     (nl = memchr(t + i, '\n', k->len - i)) != NULL;) {
			i = (size_t)(nl - t) + 1;
			if (k->nlines == cap) {
				cap *= 2;
				k->lines = xrealloc(k->lines, cap * sizeof *k->lines);
			}
			k->lines[k->nlines++] = i;
		}
	}
	if (line > k->nlines)
		return NULL;
	size_t start = k->lines[line - 1];
	if (start >= k->len && line > 1)
		return NULL;
	if (!k->text) {
		*len = 0;
		return "";
	}
	const char *s = k->text + start;
	const char *e = start < k->len ? memchr(s, '\n', k->len - start) : NULL;
	size_t n = e ? (size_t)(e - s) : k->len - start;
	if (n && s[n - 1] == '\r')
		n--;
	*len = n;
	return s;
}

static int by_file_line(const void *a, const void *b)
{
	const struct marked *x = a, *y = b;
	size_t n = x->file_len < y->file_len ? x->file_len : y->file_len;
	int c = memcmp(x->file, y->file, n);
	if (c || x->file_len != y->file_len)
		return c ? c : x->file_len < y->file_len ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->text < y->text ? -1 : x->text > y->text;
}

/* '# 12 "file" flags': true with the line and file it names. */
static bool marker(const char *s, size_t n, unsigned *line,
		   const char **file, size_t *file_len)
{
	size_t p = 1;
	if (n < 2 || s[0] != '#')
		return false;
	while (p < n && s[p] == ' ')
		p++;
	if (p >= n || s[p] < '0' || s[p] > '9')
		return false;
	unsigned long v = 0;
	while (p < n && s[p] >= '0' && s[p] <= '9' && v < 100000000)
		v = v * 10 + (unsigned long)(s[p++] - '0');
	while (p < n && s[p] == ' ')
		p++;
	if (p < n && s[p] == '"') {
		const char *q = memchr(s + p + 1, '"', n - p - 1);
		if (q) {
			*file = s + p + 1;
			*file_len = (size_t)(q - *file);
		}
	}
	*line = (unsigned)v;
	return true;
}

/* Each file the line markers name gets the preprocessed lines said to
 * come from it: excerpts show what was preprocessed, and never open a
 * file because a marker names it. */
static void keep_marked_lines(const char *text, size_t len)
{
	struct marked *lines = NULL;
	size_t n = 0;
	const char *file = NULL;
	size_t file_len = 0;
	unsigned line = 1;
	for (size_t pos = 0; pos < len;) {
		const char *s = text + pos, *e = memchr(s, '\n', len - pos);
		size_t l = e ? (size_t)(e - s) : len - pos;
		pos += l + 1;
		if (marker(s, l, &line, &file, &file_len) || !file)
			continue;
		lines = xgrow(lines, n, sizeof *lines);
		lines[n++] = (struct marked){file, file_len, line++, s, l};
	}
	if (n)
		qsort(lines, n, sizeof *lines, by_file_line);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && lines[j].file_len == lines[i].file_len &&
		     !memcmp(lines[j].file, lines[i].file, lines[i].file_len); j++)
			;
		char *name = xmalloc(lines[i].file_len + 1);
		memcpy(name, lines[i].file, lines[i].file_len);
		name[lines[i].file_len] = '\0';
		struct kept *k = find(name);
		if (!k || !k->input) {
			k = keep(name, NULL, 0);
			free(k->marks);
			k->nmarks = j - i;
			k->marks = xmalloc(k->nmarks * sizeof *k->marks);
			memcpy(k->marks, lines + i, k->nmarks * sizeof *k->marks);
		}
		free(name);
	}
	free(lines);
}

/* The preprocessor's argument vector: the words of cmd, -E, -x
 * assembler-with-cpp, args..., path. */
struct cpp_argv {
	char *words;		/* cmd, cut at blanks */
	char *dotted;		/* "./" path, when path starts with '-' */
	char **argv;		/* NULL-terminated */
};

static bool cpp_argv(struct cpp_argv *c, const char *cmd,
		     const char *const *args, const char *path)
{
	size_t nargs = 0;
	while (args && args[nargs])
		nargs++;
	c->words = xstrdup(cmd);
	c->dotted = NULL;
	c->argv = xcalloc(strlen(cmd) / 2 + nargs + 8, sizeof *c->argv);
	size_t argc = 0;
	for (char *w = strtok(c->words, " \t"); w; w = strtok(NULL, " \t"))
		c->argv[argc++] = w;
	if (argc == 0)
		return false;
	c->argv[argc++] = "-E";
	c->argv[argc++] = "-x";
	c->argv[argc++] = "assembler-with-cpp";
	for (size_t i = 0; i < nargs; i++)
		c->argv[argc++] = (char *)args[i];
	/* a name that starts with '-' is a file, not an option: cpp knows
	   no '--', so it gets "./" in front */
	if (path[0] == '-') {
		c->dotted = xmalloc(strlen(path) + 3);
		sprintf(c->dotted, "./%s", path);
	}
	c->argv[argc++] = c->dotted ? c->dotted : (char *)path;
	c->argv[argc] = NULL;
	return true;
}

static void cpp_argv_free(struct cpp_argv *c)
{
	free(c->words);
	free(c->dotted);
	free(c->argv);
}

/* Reads the child's standard output and error until both close; output
 * past READ_LIMIT is dropped (and *too_much set). */
static void collect(int out, int err, struct strbuf *o, struct strbuf *e,
		    bool *too_much)
{
	struct pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
	int open_fds = 2;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[65536];
			ssize_t n = read(fds[i].fd, buf, sizeof buf);
			struct strbuf *sb = i == 0 ? o : e;
			if (n > 0 && sb->len + (size_t)n > READ_LIMIT)
				*too_much = true;
			else if (n > 0)
				sb_add(sb, buf, (size_t)n);
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
}

/* Runs argv (no shell) with its output in o and e; returns its wait
 * status, or -1 with 'why' set when it could not be started. */
static int run(char **argv, struct strbuf *o, struct strbuf *e, bool *too_much,
	       char *why, size_t whylen)
{
	int out[2], err[2];
	if (pipe(out) != 0 || pipe(err) != 0) {
		snprintf(why, whylen, "cannot run '%s': %s", argv[0], strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	if (pid < 0) {
		close(out[0]);
		close(err[0]);
		snprintf(why, whylen, "cannot fork: %s", strerror(errno));
		return -1;
	}
	collect(out[0], err[0], o, e, too_much);
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

char *source_preprocess(const char *cmd, const char *const *args,
			const char *path, size_t *len, char *why, size_t whylen)
{
	struct cpp_argv c;
	if (!cpp_argv(&c, cmd, args, path)) {
		snprintf(why, whylen, "empty --cpp command");
		cpp_argv_free(&c);
		return NULL;
	}
	struct strbuf o = {0}, e = {0};
	bool too_much = false;
	int status = run(c.argv, &o, &e, &too_much, why, whylen);
	char *result = NULL;
	if (status != -1 && too_much) {
		snprintf(why, whylen, "'%s' wrote more than the %zu MiB a script "
			 "may have for '%s'", c.argv[0], READ_LIMIT >> 20, path);
	} else if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (!o.buf)
			sb_add(&o, "", 0);
		static unsigned runs;
		char name[32];
		snprintf(name, sizeof name, "<preprocessed %u>", ++runs);
		keep_marked_lines(o.buf, o.len);
		keep(name, o.buf, o.len);	/* freed with the rest */
		result = o.buf;
		*len = o.len;
		o.buf = NULL;
	} else if (status != -1) {
		const char *msg = e.buf ? e.buf : "";
		size_t n = strcspn(msg, "\n");
		snprintf(why, whylen, "'%s' failed on '%s'%s%.*s", c.argv[0], path,
			 n ? ": " : "", (int)n, msg);
	}
	sb_free(&o);
	sb_free(&e);
	cpp_argv_free(&c);
	return result;
}

const char *source_suggest(const char *path)
{
	enum { DIR_MAX = 1024, NAME_MAX_ = 256 };
	/* room for the whole message, so that it is never cut */
	static char out[sizeof "; did you mean '/'?" + DIR_MAX + NAME_MAX_];
	out[0] = '\0';
	const char *slash = strrchr(path, '/');
	char dir[DIR_MAX];
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	if (slash && slash == path)
		snprintf(dir, sizeof dir, "/");
	const char *base = slash ? slash + 1 : path;
	DIR *d = opendir(dir);
	if (!d)
		return out;
	unsigned best_d = strlen(base) > 6 ? 3 : 2;
	char best[NAME_MAX_] = "";
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		unsigned dist = edit_distance(base, e->d_name, best_d);
		if (dist < best_d) {
			best_d = dist;
			snprintf(best, sizeof best, "%s", e->d_name);
		}
	}
	closedir(d);
	if (best[0])
		snprintf(out, sizeof out, "; did you mean '%s%s%s'?",
			 slash ? dir : "", slash && strcmp(dir, "/") ? "/" : "", best);
	return out;
}

void source_free_all(void)
{
	while (kept) {
		struct kept *next = kept->next;
		free(kept->path);
		free(kept->text);
		free(kept->lines);
		free(kept->marks);
		free(kept);
		kept = next;
	}
	strmap_free(&by_path);
	free(all);
	all = NULL;
	nall = 0;
}
