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

struct kept {
	char *path;		/* owned */
	char *text;		/* owned, NUL-terminated */
	size_t len;		/* bytes */
	size_t *lines;		/* offsets of line starts, built on demand */
	unsigned nlines;
	struct kept *next;
};

static struct kept *kept;

static struct kept *keep(const char *path, char *text, size_t len)
{
	struct kept *k = xcalloc(1, sizeof *k);
	k->path = xstrdup(path);
	k->text = text;
	k->len = len;
	k->next = kept;
	kept = k;
	return k;
}

char *source_read(const char *path, size_t *len)
{
	size_t n;
	char *text = read_file(path, &n);
	if (!text)
		return NULL;
	keep(path, text, n);
	if (len)
		*len = n;
	return text;
}

static struct kept *find(const char *path)
{
	for (struct kept *k = kept; k; k = k->next)
		if (strcmp(k->path, path) == 0 && k->text)
			return k;
	return NULL;
}

const char *source_line(const char *path, unsigned line, size_t *len)
{
	if (!path || line == 0)
		return NULL;
	struct kept *k = find(path);
	if (!k) {
		size_t n;
		char *text = read_file(path, &n);
		if (!text)
			return NULL;
		k = keep(path, text, n);
	}
	if (!k->lines) {
		unsigned cap = 64;
		k->lines = xmalloc(cap * sizeof *k->lines);
		k->lines[k->nlines++] = 0;
		for (size_t i = 0; i < k->len; i++)
			if (k->text[i] == '\n') {
				if (k->nlines == cap) {
					cap *= 2;
					k->lines = xrealloc(k->lines, cap * sizeof *k->lines);
				}
				k->lines[k->nlines++] = i + 1;
			}
	}
	if (line > k->nlines)
		return NULL;
	size_t start = k->lines[line - 1];
	if (start >= k->len && line > 1)
		return NULL;
	const char *s = k->text + start;
	const char *e = memchr(s, '\n', k->len - start);
	size_t n = e ? (size_t)(e - s) : k->len - start;
	if (n && s[n - 1] == '\r')
		n--;
	*len = n;
	return s;
}

char *source_preprocess(const char *cmd, const char *const *args,
			const char *path, size_t *len, char *why, size_t whylen)
{
	/* argv: the words of cmd, -E, -x assembler-with-cpp, args..., path */
	char *words = xstrdup(cmd);
	size_t nargs = 0;
	while (args && args[nargs])
		nargs++;
	size_t cap = strlen(cmd) / 2 + nargs + 8;
	char **argv = xcalloc(cap, sizeof *argv);
	size_t argc = 0;
	for (char *w = strtok(words, " \t"); w; w = strtok(NULL, " \t"))
		argv[argc++] = w;
	if (argc == 0) {
		snprintf(why, whylen, "empty --cpp command");
		free(words);
		free(argv);
		return NULL;
	}
	argv[argc++] = "-E";
	argv[argc++] = "-x";
	argv[argc++] = "assembler-with-cpp";
	for (size_t i = 0; i < nargs; i++)
		argv[argc++] = (char *)args[i];
	argv[argc++] = (char *)path;
	argv[argc] = NULL;

	int out[2], err[2];
	if (pipe(out) != 0 || pipe(err) != 0) {
		snprintf(why, whylen, "cannot run '%s': %s", argv[0], strerror(errno));
		free(words);
		free(argv);
		return NULL;
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
	struct strbuf o = {0}, e = {0};
	struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
	int open_fds = 2;
	while (pid > 0 && open_fds > 0) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[65536];
			ssize_t n = read(fds[i].fd, buf, sizeof buf);
			if (n > 0) {
				sb_add(i == 0 ? &o : &e, buf, (size_t)n);
			} else {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	else
		snprintf(why, whylen, "cannot fork: %s", strerror(errno));
	char *result = NULL;
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (!o.buf)
			sb_add(&o, "", 0);
		keep("<preprocessed>", o.buf, o.len);	/* freed with the rest */
		result = o.buf;
		*len = o.len;
		o.buf = NULL;
	} else if (pid > 0) {
		const char *msg = e.buf ? e.buf : "";
		size_t n = strcspn(msg, "\n");
		snprintf(why, whylen, "'%s' failed on '%s'%s%.*s", argv[0], path,
			 n ? ": " : "", (int)n, msg);
	}
	sb_free(&o);
	sb_free(&e);
	free(words);
	free(argv);
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
		free(kept);
		kept = next;
	}
}
