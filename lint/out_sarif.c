/*
 * out_sarif: SARIF 2.1.0 for GitHub code scanning and other viewers, and
 * GitLab's Code Quality report.
 *
 * SARIF: one run; tool.driver.rules[] is the whole rule table (so a viewer
 * can show the explanation of any id); each finding is a result whose
 * location is relative to the repository root (the nearest directory
 * above the current one that holds .git, else the current directory),
 * with notes as relatedLocations.  Code Quality: an array of issues with
 * a stable fingerprint.
 *
 * Both are bounded like the JSON (report.h): at most REPORT_DATA_PER_RULE
 * findings per rule (SARIF's run properties count the others), repeats
 * on a line as one result (SARIF occurrenceCount; Code Quality says
 * "and N more on this line"), messages cut at REPORT_MESSAGE bytes,
 * REPORT_NOTES related locations per result.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "ldlint.h"
#include "report.h"
#include "rules.h"

/* The repository root: nearest ancestor of the current directory with a
 * .git entry; the current directory when there is none.  Heap string
 * ending in '/'. */
static char *repo_root(void)
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

/* 'path' relative to 'root'; as a percent-encoded URI reference when
 * 'uri' (absolute paths outside root then get file://). */
static char *relative_path(const char *root, const char *path, bool uri)
{
	char *real = realpath(path, NULL);
	const char *p = real ? real : path;
	size_t rl = strlen(root);
	bool inside = strncmp(p, root, rl) == 0;
	if (inside)
		p += rl;
	struct strbuf sb = {0};
	if (uri && !inside && p[0] == '/')
		sb_puts(&sb, "file://");
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!uri || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			sb_putc(&sb, (char)c);
		else
			sb_printf(&sb, "%%%02X", c);
	}
	free(real);
	if (!sb.buf)
		sb_puts(&sb, "");
	return sb.buf;
}

static const char *sarif_level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" :
	       s == SEV_NOTE ? "note" : "none";
}

/* "region-overlap" -> "RegionOverlap" (SARIF's friendly rule name). */
static void camel(char *out, size_t n, const char *id)
{
	size_t j = 0;
	bool up = true;
	for (const char *p = id; *p && j + 1 < n; p++) {
		if (*p == '-') {
			up = true;
			continue;
		}
		out[j++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
		up = false;
	}
	out[j] = '\0';
}

static void rules_array(struct json *j)
{
	json_key(j, "rules");
	json_begin_array(j);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule *r = &rule_table[i];
		char name[64];
		camel(name, sizeof name, r->id);
		json_begin_object(j);
		json_kv_string(j, "id", r->id);
		json_kv_string(j, "name", name);
		json_key(j, "shortDescription");
		json_begin_object(j);
		json_kv_string(j, "text", r->summary);
		json_end_object(j);
		json_key(j, "fullDescription");
		json_begin_object(j);
		json_kv_string(j, "text", r->explanation);
		json_end_object(j);
		json_key(j, "help");
		json_begin_object(j);
		json_kv_string(j, "text", r->explanation);
		json_end_object(j);
		json_key(j, "defaultConfiguration");
		json_begin_object(j);
		json_kv_string(j, "level", sarif_level(r->severity));
		json_kv_bool(j, "enabled", r->severity != SEV_OFF);
		json_end_object(j);
		json_key(j, "properties");
		json_begin_object(j);
		json_key(j, "tags");
		json_begin_array(j);
		json_string(j, r->family);
		json_end_array(j);
		json_kv_string(j, "needs", r->needs);
		json_end_object(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void physical_location(struct json *j, const char *root,
			      const struct loc *l)
{
	json_key(j, "physicalLocation");
	json_begin_object(j);
	json_key(j, "artifactLocation");
	json_begin_object(j);
	char *uri = relative_path(root, l->file, true);
	json_kv_string(j, "uri", uri);
	if (uri[0] != '/' && strncmp(uri, "file:", 5) != 0)
		json_kv_string(j, "uriBaseId", "SRCROOT");
	free(uri);
	json_end_object(j);
	if (l->line) {
		json_key(j, "region");
		json_begin_object(j);
		json_kv_u64(j, "startLine", l->line);
		if (l->col) {
			json_kv_u64(j, "startColumn", l->col);
			json_kv_u64(j, "endColumn", l->col + (l->len ? l->len : 1));
		}
		json_end_object(j);
	}
	json_end_object(j);
}

static void result(struct json *j, const char *root, const struct finding *f)
{
	json_begin_object(j);
	json_kv_string(j, "ruleId", f->id);
	json_kv_u64(j, "ruleIndex", (uint64_t)f->rule);
	json_kv_string(j, "level", sarif_level(f->severity));
	char *tofree;
	json_key(j, "message");
	json_begin_object(j);
	json_kv_string(j, "text", report_message(f->message, &tofree));
	free(tofree);
	json_end_object(j);
	if (f->repeats)
		json_kv_u64(j, "occurrenceCount", 1 + (uint64_t)f->repeats);
	if (f->loc.file) {
		json_key(j, "locations");
		json_begin_array(j);
		json_begin_object(j);
		physical_location(j, root, &f->loc);
		json_end_object(j);
		json_end_array(j);
	}
	bool any = false;
	unsigned id = 1;
	for (const struct note *n = f->notes; n && id <= REPORT_NOTES; n = n->next) {
		if (!n->loc.file)
			continue;
		if (!any) {
			json_key(j, "relatedLocations");
			json_begin_array(j);
			any = true;
		}
		json_begin_object(j);
		json_kv_u64(j, "id", id++);
		physical_location(j, root, &n->loc);
		json_key(j, "message");
		json_begin_object(j);
		json_kv_string(j, "text", report_message(n->message, &tofree));
		free(tofree);
		json_end_object(j);
		json_end_object(j);
	}
	if (any)
		json_end_array(j);
	json_end_object(j);
}

void out_sarif(FILE *f, const struct run *r)
{
	char *root = repo_root();
	struct json j;
	json_init(&j, f);
	json_begin_object(&j);
	json_kv_string(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	json_kv_string(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_begin_array(&j);
	json_begin_object(&j);
	json_key(&j, "tool");
	json_begin_object(&j);
	json_key(&j, "driver");
	json_begin_object(&j);
	json_kv_string(&j, "name", "ldlint");
	json_kv_string(&j, "version", LDLINT_VERSION);
	json_kv_string(&j, "semanticVersion", LDLINT_VERSION);
	rules_array(&j);
	json_end_object(&j);
	json_end_object(&j);
	json_key(&j, "originalUriBaseIds");
	json_begin_object(&j);
	json_key(&j, "SRCROOT");
	json_begin_object(&j);
	struct strbuf uri = {0};
	sb_printf(&uri, "file://%s", root);
	json_kv_string(&j, "uri", uri.buf);
	sb_free(&uri);
	json_end_object(&j);
	json_end_object(&j);
	json_kv_string(&j, "columnKind", "unicodeCodePoints");
	struct report_cap cap;
	report_cap_init(&cap, r->diag, REPORT_DATA_PER_RULE);
	json_key(&j, "results");
	json_begin_array(&j);
	for (const struct finding *fd = r->diag->head; fd; fd = fd->next)
		if (report_take(&cap, fd))
			result(&j, root, fd);
	json_end_array(&j);
	if (cap.unlisted_total) {
		json_key(&j, "properties");
		json_begin_object(&j);
		json_kv_u64(&j, "unlistedResults", cap.unlisted_total);
		json_end_object(&j);
	}
	report_cap_free(&cap);
	json_end_object(&j);
	json_end_array(&j);
	json_end_object(&j);
	free(root);
}

/* FNV-1a, for Code Quality fingerprints. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ^ 0xff;
}

void out_codequality(FILE *f, const struct run *r)
{
	char *root = repo_root();
	struct json j;
	json_init(&j, f);
	json_begin_array(&j);
	struct report_cap cap;
	report_cap_init(&cap, r->diag, REPORT_DATA_PER_RULE);
	for (const struct finding *fd = r->diag->head; fd; fd = fd->next) {
		if (!report_take(&cap, fd))
			continue;
		char *path = fd->loc.file ? relative_path(root, fd->loc.file, false) :
			     xstrdup("");
		uint64_t h = fnv(14695981039346656037ULL, fd->id);
		h = fnv(h, path);
		h = fnv(h, fd->message);
		char fp[20];
		snprintf(fp, sizeof fp, "%016" PRIx64, h);
		char *tofree;
		struct strbuf desc = {0};
		sb_puts(&desc, report_message(fd->message, &tofree));
		free(tofree);
		if (fd->repeats)
			sb_printf(&desc, " (and %lu more on this line)", fd->repeats);
		json_begin_object(&j);
		json_kv_string(&j, "description", desc.buf);
		sb_free(&desc);
		json_kv_string(&j, "check_name", fd->id);
		json_kv_string(&j, "fingerprint", fp);
		json_kv_string(&j, "severity", fd->severity == SEV_ERROR ? "major" :
			       fd->severity == SEV_WARNING ? "minor" : "info");
		json_key(&j, "location");
		json_begin_object(&j);
		json_kv_string(&j, "path", path);
		json_key(&j, "lines");
		json_begin_object(&j);
		json_kv_u64(&j, "begin", fd->loc.line ? fd->loc.line : 1);
		json_end_object(&j);
		json_end_object(&j);
		json_end_object(&j);
		free(path);
	}
	report_cap_free(&cap);
	json_end_array(&j);
	free(root);
}
