/*
 * main: the ldlint command line (DESIGN section 5).
 *
 * Parses options, loads each linker script, evaluates it into a model,
 * and writes the findings as text or JSON.  Exit status: 0 when nothing is
 * at or above --fail-on, 1 when something is, 2 for bad usage or input
 * that cannot be read or parsed, 3 for an internal error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "devcli.h"
#include "elf.h"
#include "ldlint.h"
#include "lex.h"
#include "mapfile.h"
#include "number.h"
#include "rules.h"
#include "script.h"
#include "source.h"
#include "suppress.h"

/* The commit this binary was built from, for --version: the Makefile
 * passes the checkout's HEAD (with "-dirty" for local changes); empty when
 * built outside one (a release tarball). */
#ifndef LDLINT_COMMIT
#define LDLINT_COMMIT ""
#endif

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_CODEQUALITY };

struct options {
	enum format format;
	const char *output;
	bool layout, quiet, verbose;
	bool layout_svg;		/* --layout=svg: the SVG instead of the report */
	int color;			/* -1 auto, 0 never, 1 always */
	enum severity fail_on;
	const char **scripts;		/* NULL-terminated */
	size_t nscripts;
	const char *elf, *map;		/* --elf/--map or detected; or NULL */
	const char *objdir;		/* --objdir: where the link ran, or NULL */
	const char *config;		/* -c FILE, or NULL: search */
	const char **rule_levels;	/* -W arguments, applied after the config */
	size_t nrule_levels;
	bool fail_on_set, device_set, loader_set;
	const char **include_dirs;	/* NULL-terminated */
	size_t ninclude;
	const char **cpp_args;		/* -D/-U/-I for cpp, NULL-terminated */
	size_t ncpp_args;
	const char *cpp;		/* --cpp command or NULL */
	const char **runtime_written;	/* --runtime-written globs */
	size_t nruntime;
	unsigned usage_percent;		/* region-usage threshold */
	struct defsym *defsyms;		/* --defsym, ending with name NULL */
	size_t ndefsyms;
};

enum {
	OPT_CPP = 256, OPT_FAIL_ON, OPT_LIST_RULES, OPT_EXPLAIN, OPT_LAYOUT,
	OPT_COLOR, OPT_VERSION, OPT_SCRIPT, OPT_DEFSYM,
	OPT_LIST_DEVICES, OPT_SHOW_DEVICE, OPT_DEVICE_FILE, OPT_CHIP,
	OPT_ELF, OPT_MAP, OPT_RUNTIME_WRITTEN, OPT_OBJDIR,
};

static const struct option long_options[] = {
	{"script", required_argument, NULL, 'T'},
	{"config", required_argument, NULL, 'c'},
	{"elf", required_argument, NULL, OPT_ELF},
	{"map", required_argument, NULL, OPT_MAP},
	{"objdir", required_argument, NULL, OPT_OBJDIR},
	{"runtime-written", required_argument, NULL, OPT_RUNTIME_WRITTEN},
	{"cpp", optional_argument, NULL, OPT_CPP},
	{"defsym", required_argument, NULL, OPT_DEFSYM},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"explain", required_argument, NULL, OPT_EXPLAIN},
	{"layout", optional_argument, NULL, OPT_LAYOUT},
	{"color", required_argument, NULL, OPT_COLOR},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, 'h'},
	{"device", required_argument, NULL, 'd'},
	{"loader", required_argument, NULL, 'L'},
	{"list-devices", no_argument, NULL, OPT_LIST_DEVICES},
	{"show-device", required_argument, NULL, OPT_SHOW_DEVICE},
	{"device-file", required_argument, NULL, OPT_DEVICE_FILE},
	{"chip", required_argument, NULL, OPT_CHIP},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: ldlint [options] [file...]\n"
	"Checks GNU ld linker scripts, linked ELF files and map files against the\n"
	"device they are for, and reports layout mistakes like a compiler.\n"
	"\n"
	"  file...                 detected by content: ELF magic, map-file\n"
	"                          headings, otherwise a linker script\n"
	"  -T, --script FILE       a linker script\n"
	"  --elf FILE              the linked ELF image\n"
	"  --map FILE              the map file from -Map (GNU ld or ld.lld)\n"
	"  --objdir DIR            where the link ran: the map's object paths are\n"
	"                          relative to it (default: the map's directory,\n"
	"                          then the current one)\n"
	"  -I DIR                  directory searched by INCLUDE (after the current\n"
	"                          directory, in order; like ld's -L)\n"
	"  --cpp[=CMD]             run the C preprocessor (default 'cpp') on *.S and\n"
	"                          *.in scripts; -D, -U and -I are passed to it\n"
	"  -D NAME[=VALUE], -U NAME  preprocessor definitions for --cpp\n"
	"  --defsym NAME=NUMBER    a symbol defined on ld's command line\n"
	"  --runtime-written GLOB  a section rewritten at run time (added to\n"
	"                          .user_data* .eeprom* .nvm* .storage* .settings*\n"
	"                          .persist*)\n"
	"  -f, --format text|json|sarif|codequality\n"
	"                          output format (default text); sarif is SARIF\n"
	"                          2.1.0, codequality GitLab's Code Quality report\n"
	"  -o, --output FILE       write the report to FILE (atomically)\n"
	"  -W ID, -Wno-ID          enable or disable a rule\n"
	"  -c, --config FILE       configuration (default: the nearest .ldlint.yaml\n"
	"                          from the current directory up to the repository\n"
	"                          root)\n"
	"  --fail-on error|warning|note\n"
	"                          lowest severity that makes the exit status 1\n"
	"                          (default warning)\n"
	"  --list-rules            list the rules with severity and needed inputs\n"
	"  --explain ID            explain a rule: what goes wrong, how to fix it\n"
	"  --layout                print the memory layout (regions and sections)\n"
	"  --layout=svg            draw it as an SVG picture instead of the report\n"
	"  -d, --device ID|FILE    the chip or board (memmaps id or YAML file)\n"
	"  -L, --loader ID|FILE    the programmer or bootloader\n"
	"  --list-devices          list the known devices, boards and loaders\n"
	"  --show-device ID        print a description as resolved (-f json too)\n"
	"  --device-file FILE --chip NAME\n"
	"                          take the device from a CMSIS pack (.pdsc) or a\n"
	"                          probe-rs target file\n"
	"  --color auto|always|never\n"
	"  -q, --quiet             no summary line\n"
	"  -v, --verbose           say which configuration file was read\n"
	"  --version, -h, --help\n"
	"\n"
	"exit status: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or\n"
	"unreadable input (syntax errors included), 3 internal error\n";

static void push(const char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = s;
	(*list)[*n] = NULL;
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ldlint: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ldlint --help'.\n");
	exit(EXIT_BADINPUT);
}

static const struct rule *rule_or_die(const char *id)
{
	const struct rule *r = rule_find(id);
	if (!r) {
		const char *near = NULL;
		unsigned best = 4;
		for (int i = 0; i < RULE_COUNT; i++) {
			unsigned dist = edit_distance(id, rule_table[i].id, best);
			if (dist < best) {
				best = dist;
				near = rule_table[i].id;
			}
		}
		fprintf(stderr, "ldlint: error: unknown rule '%s'", id);
		if (near)
			fprintf(stderr, "; did you mean '%s'?", near);
		fprintf(stderr, " (see --list-rules)\n");
		exit(EXIT_BADINPUT);
	}
	return r;
}

static enum severity severity_arg(const char *s)
{
	if (!strcmp(s, "error"))
		return SEV_ERROR;
	if (!strcmp(s, "warning"))
		return SEV_WARNING;
	if (!strcmp(s, "note"))
		return SEV_NOTE;
	usage_error("--fail-on takes error, warning or note, not '%s'", s);
	return SEV_ERROR;
}

static void list_rules(void)
{
	printf("%-24s %-8s %-10s %s\n", "ID", "SEVERITY", "NEEDS", "SUMMARY");
	for (int i = 0; i < RULE_COUNT; i++)
		printf("%-24s %-8s %-10s %s\n", rule_table[i].id,
		       severity_name(rule_table[i].severity), rule_table[i].needs,
		       rule_table[i].summary);
}

static void explain(const char *id)
{
	const struct rule *r = rule_or_die(id);
	printf("%s (%s, needs %s): %s\n\n", r->id, severity_name(r->severity),
	       r->needs, r->summary);
	/* wrap the paragraph at 76 columns */
	const char *p = r->explanation;
	while (*p) {
		size_t n = strlen(p);
		if (n > 76) {
			n = 76;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = 76;
		}
		printf("%.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void set_rule_level(struct diag *d, const char *arg)
{
	bool off = strncmp(arg, "no-", 3) == 0;
	const struct rule *r = rule_or_die(off ? arg + 3 : arg);
	if (off && rule_fixed(r))
		usage_error("'%s' reports input ldlint cannot read (exit 2); it "
			    "cannot be turned off", r->id);
	enum rule_ident id = (enum rule_ident)(r - rule_table);
	d->level[id] = off ? SEV_OFF :
		       r->severity == SEV_OFF ? SEV_NOTE : r->severity;
}

/* One linked image and one map per run. */
static void set_once(const char **slot, const char *path, const char *what)
{
	if (*slot) {
		char buf[1024];
		snprintf(buf, sizeof buf, "more than one %s given ('%s' and '%s'); "
			 "lint one link at a time", what, *slot, path);
		usage_error("%s", buf);
	}
	*slot = path;
}

/* --defsym NAME=NUMBER, the number written as in a script (0x.., K, M). */
static void add_defsym(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *why;
	uint64_t value;
	if (!eq || eq == arg || !number_parse(eq + 1, &value, &why))
		usage_error("--defsym takes NAME=NUMBER (decimal or 0x hex, "
			    "optionally followed by K or M), not '%s'", arg);
	o->defsyms = xrealloc(o->defsyms, (o->ndefsyms + 2) * sizeof *o->defsyms);
	o->defsyms[o->ndefsyms].name = xstrdup(arg);
	((char *)o->defsyms[o->ndefsyms].name)[eq - arg] = '\0';
	o->defsyms[o->ndefsyms].value = value;
	o->ndefsyms++;
	o->defsyms[o->ndefsyms].name = NULL;
}

static const char *const elf_suffixes[] = {".elf", ".axf", ".out", NULL};
static const char *const map_suffixes[] = {".map", NULL};

static bool has_suffix(const char *name, const char *const *suffixes)
{
	size_t n = strlen(name);
	for (; *suffixes; suffixes++) {
		size_t k = strlen(*suffixes);
		if (n > k && strcmp(name + n - k, *suffixes) == 0)
			return true;
	}
	return false;
}

/* Whether 'path' is a regular file (or a symbolic link to one). */
static bool regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void parse_options(int argc, char **argv, struct options *o,
			  struct diag *d)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":T:I:D:U:f:o:W:qvhd:L:c:", long_options,
				NULL)) != -1) {
		/* required arguments are never NULL; say so for the analyzer */
		const char *arg = optarg ? optarg : "";
		switch (c) {
		case 'T':
			push(&o->scripts, &o->nscripts, arg);
			break;
		case 'I':
			push(&o->include_dirs, &o->ninclude, arg);
			push(&o->cpp_args, &o->ncpp_args,
			     arena_printf(d->arena, "-I%s", arg));
			break;
		case 'D':
		case 'U':
			push(&o->cpp_args, &o->ncpp_args,
			     arena_printf(d->arena, "-%c%s", c, arg));
			break;
		case OPT_CPP:
			o->cpp = optarg ? optarg : "cpp";
			break;
		case OPT_ELF:
			set_once(&o->elf, arg, "ELF file");
			break;
		case OPT_MAP:
			set_once(&o->map, arg, "map file");
			break;
		case OPT_OBJDIR:
			o->objdir = arg;
			break;
		case OPT_RUNTIME_WRITTEN:
			push(&o->runtime_written, &o->nruntime, arg);
			break;
		case OPT_DEFSYM:
			add_defsym(o, arg);
			break;
		case 'f':
			if (!strcmp(arg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(arg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(arg, "sarif"))
				o->format = FORMAT_SARIF;
			else if (!strcmp(arg, "codequality"))
				o->format = FORMAT_CODEQUALITY;
			else
				usage_error("unknown format '%s' (text, json, sarif or "
					    "codequality)", arg);
			break;
		case 'o':
			o->output = arg;
			break;
		case 'W':
			rule_or_die(strncmp(arg, "no-", 3) == 0 ? arg + 3 : arg);
			push(&o->rule_levels, &o->nrule_levels, arg);
			break;
		case 'c':
			o->config = arg;
			break;
		case OPT_FAIL_ON:
			o->fail_on = severity_arg(arg);
			o->fail_on_set = true;
			break;
		case OPT_LIST_RULES:
			list_rules();
			exit(EXIT_CLEAN);
		case OPT_EXPLAIN:
			explain(arg);
			exit(EXIT_CLEAN);
		case OPT_LAYOUT:
			if (optarg && strcmp(optarg, "svg") != 0 && strcmp(optarg, "text") != 0)
				usage_error("--layout takes text or svg, not '%s'", optarg);
			o->layout = true;
			o->layout_svg = optarg && !strcmp(optarg, "svg");
			break;
		case OPT_COLOR:
			if (!strcmp(arg, "auto"))
				o->color = -1;
			else if (!strcmp(arg, "always"))
				o->color = 1;
			else if (!strcmp(arg, "never"))
				o->color = 0;
			else
				usage_error("--color takes auto, always or never, not '%s'",
					    arg);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_VERSION:
			if (LDLINT_COMMIT[0])
				printf("ldlint %s (commit %s, GNU ld 2.40 script grammar)\n",
				       LDLINT_VERSION, LDLINT_COMMIT);
			else
				printf("ldlint %s (GNU ld 2.40 script grammar)\n",
				       LDLINT_VERSION);
			exit(EXIT_CLEAN);
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_CLEAN);
		case 'd':
			devcli_option("device", arg);
			o->device_set = true;
			break;
		case 'L':
			devcli_option("loader", arg);
			o->loader_set = true;
			break;
		case OPT_LIST_DEVICES:
			devcli_option("list-devices", NULL);
			break;
		case OPT_SHOW_DEVICE:
			devcli_option("show-device", arg);
			break;
		case OPT_DEVICE_FILE:
			devcli_option("device-file", arg);
			break;
		case OPT_CHIP:
			devcli_option("chip", arg);
			break;
		case ':':
			usage_error("option '%s' needs an argument",
				    strncmp(argv[optind - 1], "--", 2) ?
				    (char[]){'-', (char)optopt, '\0'} : argv[optind - 1]);
			break;
		default:
			/* a short option is optopt: optind may still be on
			   the word that holds it */
			usage_error("unknown option '%s'; a file whose name "
				    "starts with '-' goes after '--'", optopt ?
				    (char[]){'-', (char)optopt, '\0'} : argv[optind - 1]);
		}
	}
	if (o->layout_svg && o->format != FORMAT_TEXT)
		usage_error("%s", "--layout=svg writes the picture instead of the "
			    "report; leave out -f");
	for (int i = optind; i < argc; i++) {
		/* kinds by content: ELF magic, map headings, else a script; a
		 * file that cannot be read is what its name says it is, and so
		 * is a FIFO, device or directory (never opened to look: a
		 * FIFO would block) */
		bool readable = access(argv[i], R_OK) == 0 && regular_file(argv[i]);
		if (readable ? elf_is_elf(argv[i]) : has_suffix(argv[i], elf_suffixes))
			set_once(&o->elf, argv[i], "ELF file");
		else if (readable ? map_is_map(argv[i]) : has_suffix(argv[i], map_suffixes))
			set_once(&o->map, argv[i], "map file");
		else
			push(&o->scripts, &o->nscripts, argv[i]);
	}
}

/* The symbols the rules read and every symbol the script sets,
 * NULL-terminated (heap): what the ELF and map readers are asked for. */
static const char **wanted_symbols(const struct model *m0)
{
	const char **want = xcalloc(m0->nsymbols + m0->nreads + 64, sizeof *want);
	size_t nw = 0;
	for (size_t i = 0; model_wanted_symbols[i]; i++)
		want[nw++] = model_wanted_symbols[i];
	if (m0->entry)
		want[nw++] = m0->entry;
	for (size_t i = 0; i < m0->nsymbols; i++)
		if (!model_symbol_wanted(m0->symbols[i].name))
			want[nw++] = m0->symbols[i].name;
	/* and what it reads without setting (MEMORY's symbols, ASSERTs) */
	for (size_t i = 0; i < m0->nreads; i++)
		if (!model_symbol_wanted(m0->reads[i]) && !model_symbol(m0, m0->reads[i]))
			want[nw++] = m0->reads[i];
	want[nw] = NULL;
	return want;
}

/* An input that does not exist: one finding that names the closest file. */
static bool missing(const char *path, const char *rule, const char *what,
		    struct diag *d)
{
	if (access(path, F_OK) == 0 || errno != ENOENT)
		return false;
	struct loc l = {path, 0, 0, 0};
	diag_report(d, rule, l, "cannot read %s '%s': no such file%s", what, path,
		 source_suggest(path));
	return true;
}

/* Where the map's relative object paths are looked up: --objdir, else
 * the map's directory (where a build usually writes it and runs the link),
 * then the current one. */
static const char *const *objdirs(const struct options *o, struct arena *a)
{
	const char **dirs = arena_alloc(a, 3 * sizeof *dirs);
	if (o->objdir) {
		dirs[0] = o->objdir;
		return dirs;
	}
	const char *slash = strrchr(o->map, '/');
	dirs[0] = slash ? arena_strndup(a, o->map, (size_t)(slash - o->map) +
				       (slash == o->map)) : ".";
	dirs[1] = slash ? "." : NULL;
	return dirs;
}

/* The configuration fills in what the command line does not say. */
/* An input the configuration names must be there: said at its line. */
static bool config_input(const char *path, struct loc at, const char *what,
			 struct diag *d)
{
	if (readable_file(path))
		return true;
	diag_report(d, "config-file", at, "cannot read the %s '%s' named here: %s",
		    what, path, read_failure());
	return false;
}

/* False when an input the configuration names cannot be read (reported). */
static bool apply_config(struct options *o, const struct config *cfg,
			 struct diag *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->nrules; i++) {
		if (!cfg->level_set[i])
			continue;
		if (rule_fixed(&rule_table[i]) && cfg->level[i] != rule_table[i].severity) {
			diag_report(d, "config-file", cfg->level_at[i], "'%s' reports "
				    "input ldlint cannot read (exit 2); its level "
				    "cannot be changed", rule_table[i].id);
			ok = false;
			continue;
		}
		d->level[i] = cfg->level[i];
	}
	for (size_t i = 0; i < o->nrule_levels; i++)
		set_rule_level(d, o->rule_levels[i]);
	if (!o->fail_on_set && cfg->fail_on_set)
		o->fail_on = cfg->fail_on;
	if (!o->device_set && cfg->device)
		devcli_option_at("device", cfg->device, cfg->device_at);
	if (!o->loader_set && cfg->loader)
		devcli_option_at("loader", cfg->loader, cfg->loader_at);
	if (o->nscripts == 0 && !o->elf && !o->map) {
		for (size_t i = 0; i < cfg->nscripts; i++)
			if (config_input(cfg->scripts[i], cfg->scripts_at[i],
					 "linker script", d))
				push(&o->scripts, &o->nscripts, cfg->scripts[i]);
			else
				ok = false;
		if (cfg->elf && config_input(cfg->elf, cfg->elf_at, "ELF file", d))
			o->elf = cfg->elf;
		else if (cfg->elf)
			ok = false;
		if (cfg->map && config_input(cfg->map, cfg->map_at, "map file", d))
			o->map = cfg->map;
		else if (cfg->map)
			ok = false;
	}
	if (!o->objdir)
		o->objdir = cfg->objdir;
	for (size_t i = 0; i < cfg->ninclude; i++)
		push(&o->include_dirs, &o->ninclude, cfg->include_dirs[i]);
	for (const struct defsym *ds = cfg->defsyms; ds && ds->name; ds++) {
		o->defsyms = xrealloc(o->defsyms, (o->ndefsyms + 2) * sizeof *o->defsyms);
		o->defsyms[o->ndefsyms].name = xstrdup(ds->name);
		o->defsyms[o->ndefsyms++].value = ds->value;
		o->defsyms[o->ndefsyms].name = NULL;
	}
	for (size_t i = 0; i < cfg->nruntime; i++)
		push(&o->runtime_written, &o->nruntime, cfg->runtime_written[i]);
	o->usage_percent = cfg->usage_percent ? cfg->usage_percent : 95;
	return ok;
}

/* Writes the report to o->output through a temporary file and rename, so
 * a reader never sees half a report. */
/* The mode '-o FILE' gets: the old file's when it exists, else what
 * creat() would give (0666 less the umask), not mkstemp's 0600. */
static mode_t new_file_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static int emit(const struct options *o, const struct run *r)
{
	FILE *f = stdout;
	char *tmp = NULL;
	if (o->output && strcmp(o->output, "-") != 0) {
		size_t n = strlen(o->output) + 16;
		tmp = xmalloc(n);
		snprintf(tmp, n, "%s.tmpXXXXXX", o->output);
		int fd = mkstemp(tmp);
		if (fd >= 0)
			fchmod(fd, new_file_mode(o->output));
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "ldlint: error: cannot write '%s': %s\n",
				o->output, strerror(errno));
			free(tmp);
			return EXIT_BADINPUT;
		}
	}
	if (o->layout_svg)
		out_svg(f, r);
	else if (o->format == FORMAT_JSON)
		out_json(f, r);
	else if (o->format == FORMAT_SARIF)
		out_sarif(f, r);
	else if (o->format == FORMAT_CODEQUALITY)
		out_codequality(f, r);
	else {
		out_text(f, r, o->quiet);
		if (o->layout)
			out_layout(f, r);
	}
	if (tmp) {
		bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
		ok = fclose(f) == 0 && ok;
		if (!ok || rename(tmp, o->output) != 0) {
			fprintf(stderr, "ldlint: error: cannot write '%s': %s\n",
				o->output, strerror(errno));
			unlink(tmp);
			free(tmp);
			return EXIT_BADINPUT;
		}
		free(tmp);
	}
	return EXIT_CLEAN;
}

/* Lints nothing with half a configuration; says why, in the requested
 * format. */
static _Noreturn void give_up(const struct options *o, struct diag *d)
{
	struct run bad = {0};
	bad.diag = d;
	diag_sort(d);
	emit(o, &bad);
	exit(EXIT_BADINPUT);
}

int main(int argc, char **argv)
{
	struct arena arena = {0};
	struct diag d;
	rules_diag_init(&d, &arena);
	struct options o = {0};
	o.color = -1;
	o.fail_on = SEV_WARNING;
	parse_options(argc, argv, &o, &d);
	struct config cfg;
	bool config_ok = config_load(&cfg, o.config, &arena, &d);
	if (o.verbose)
		fprintf(stderr, "ldlint: configuration: %s\n", cfg.path ? cfg.path :
			"none (no .ldlint.yaml of yours from here up to the "
			"repository's top or $HOME)");
	if (!config_ok)
		give_up(&o, &d);
	bool config_inputs_ok = apply_config(&o, &cfg, &d);
	if (!config_inputs_ok && o.nscripts == 0 && !o.elf && !o.map)
		give_up(&o, &d);
	int dev_status;
	size_t ninputs = o.nscripts + (o.elf != NULL) + (o.map != NULL);
	if (devcli_run(o.format == FORMAT_JSON, o.color == 1, ninputs,
		       &dev_status))
		exit(dev_status);
	if (o.nscripts == 0 && !o.elf && !o.map)
		usage_error("%s", "no input files (give a linker script, an ELF "
			    "file or a map file)");

	struct script_options so = {o.include_dirs, o.cpp, o.cpp_args, false, false};
	struct run r = {0};
	r.diag = &d;
	size_t nmodels = o.nscripts ? o.nscripts : 1;
	struct script **scripts = xcalloc(nmodels, sizeof *scripts);
	r.models = xcalloc(nmodels, sizeof *r.models);
	r.inputs = xcalloc(o.nscripts + 4, sizeof *r.inputs);	/* + elf, map, device, loader */
	bool bad_input = !config_inputs_ok;
	for (size_t i = 0; i < o.nscripts; i++) {
		const char *path = o.scripts[i];
		r.inputs[r.ninputs++] = (struct input){INPUT_SCRIPT, path};
		scripts[i] = script_load(path, &so, &d);
		if (scripts[i]->failed)
			bad_input = true;
		r.models[r.nmodels++] = model_from_script(scripts[i], o.defsyms);
	}
	if (!r.nmodels)
		r.models[r.nmodels++] = model_new();

	/* The linked image and its map join the first script's model. */
	struct elf_image *elf = NULL;
	struct map_image *map = NULL;
	if (o.elf && missing(o.elf, "elf-file", "ELF file", &d))
		bad_input = true, o.elf = NULL;
	if (o.map && missing(o.map, "map-file", "map file", &d))
		bad_input = true, o.map = NULL;
	/* the symbols rules read, and every symbol the script sets */
	const char **want = wanted_symbols(r.models[0]);
	if (o.elf) {
		r.inputs[r.ninputs++] = (struct input){INPUT_ELF, o.elf};
		elf = elf_read(o.elf, want, &d);
		if (elf)
			model_add_elf(r.models[0], elf);
		else
			bad_input = true;
	}
	if (o.map) {
		r.inputs[r.ninputs++] = (struct input){INPUT_MAP, o.map};
		source_allow(o.map);	/* its lines are shown with findings */
		struct map_options mo;
		model_map_options(r.models[0], &mo);
		mo.symbols = want;
		map = map_read(o.map, &mo, &d);
		if (map)
			model_add_map(r.models[0], map, objdirs(&o, &arena));
		else
			bad_input = true;
	}
	free(want);
	if (!devcli_load(&r))
		bad_input = true;
	/* --runtime-written adds to the default patterns */
	for (size_t i = 0; rules_default_runtime_written[i]; i++)
		push(&o.runtime_written, &o.nruntime, rules_default_runtime_written[i]);
	struct rule_config rcfg = {o.runtime_written, o.usage_percent};
	for (size_t i = 0; i < r.nmodels; i++) {
		/* after a fatal script error (a missing INCLUDE, an unreadable
		 * file) the rest of the script was never read: no rule that
		 * needs the script may judge it */
		const struct script *sc = scripts[i] && !scripts[i]->fatal ?
					  scripts[i] : NULL;
		struct rule_ctx rc = {sc, r.models[i], &d, r.dev, r.ldr, &rcfg, NULL};
		rules_run(&rc);
	}
	suppress_apply(&d, scripts, nmodels);
	diag_sort(&d);
	bool out_of_band = false;
	if (o.color == 1 || (o.color == -1 && !o.output && isatty(1) &&
			     !getenv("NO_COLOR")))
		r.color = true;
	int status = emit(&o, &r);
	if (status != EXIT_CLEAN)
		out_of_band = true;

	if (!out_of_band) {
		if (bad_input)
			status = EXIT_BADINPUT;
		else
			for (int s = o.fail_on; s <= SEV_ERROR; s++)
				if (d.count[s])
					status = EXIT_FINDINGS;
	}
	for (size_t i = 0; i < r.nmodels; i++)
		model_free(r.models[i]);
	for (size_t i = 0; i < nmodels; i++)
		script_free(scripts[i]);
	if (elf)
		elf_free(elf);
	if (map)
		map_free(map);
	free(scripts);
	free(r.models);
	free(r.inputs);
	free(o.scripts);
	free(o.include_dirs);
	free(o.cpp_args);
	free(o.runtime_written);
	free(o.rule_levels);
	for (size_t i = 0; i < o.ndefsyms; i++)
		free((char *)o.defsyms[i].name);
	free(o.defsyms);
	devcli_free();
	source_free_all();
	arena_free(&arena);
	return status;
}
