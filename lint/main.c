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

#include "baseline.h"
#include "build.h"
#include "config.h"
#include "devcli.h"
#include "elf.h"
#include "ldlint.h"
#include "lex.h"
#include "mapfile.h"
#include "number.h"
#include "output.h"
#include "summary.h"
#include "rules.h"
#include "script.h"
#include "source.h"

/* The commit this binary was built from, for --version: the Makefile
 * passes the checkout's HEAD (with "-dirty" for local changes); empty when
 * built outside one (a release tarball). */
#ifndef LDLINT_COMMIT
#define LDLINT_COMMIT ""
#endif

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_CODEQUALITY,
	      FORMAT_CSV, FORMAT_MARKDOWN, FORMAT_HTML };

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
	const char **files;		/* file operands, kind not decided yet */
	size_t nfiles;
	const char **dev_args;		/* -d, -L, --device-file, --show-device */
	size_t ndev_args;
	bool list_rules;		/* --list-rules */
	const char *explain;		/* --explain ID, or NULL */
	bool size;			/* --size: the size breakdown */
	struct size_options size_opt;	/* --depth, --top */
	const char *baseline;		/* --baseline PATH, or NULL */
	bool fail_on_new;		/* --fail-on-new */
	const char *link_base;		/* --link-base URL, or NULL */
	struct rule_budget *budgets;	/* from the configuration */
	size_t nbudgets;
};

enum {
	OPT_CPP = 256, OPT_FAIL_ON, OPT_LIST_RULES, OPT_EXPLAIN, OPT_LAYOUT,
	OPT_COLOR, OPT_VERSION, OPT_SCRIPT, OPT_DEFSYM,
	OPT_LIST_DEVICES, OPT_SHOW_DEVICE, OPT_DEVICE_FILE, OPT_CHIP,
	OPT_ELF, OPT_MAP, OPT_RUNTIME_WRITTEN, OPT_OBJDIR,
	OPT_SIZE, OPT_DEPTH, OPT_TOP, OPT_BASELINE, OPT_FAIL_ON_NEW, OPT_LINK_BASE,
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
	{"size", no_argument, NULL, OPT_SIZE},
	{"depth", required_argument, NULL, OPT_DEPTH},
	{"top", required_argument, NULL, OPT_TOP},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW},
	{"link-base", required_argument, NULL, OPT_LINK_BASE},
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
	"  -f, --format text|json|sarif|codequality|csv|markdown|html\n"
	"                          output format (default text); sarif is SARIF\n"
	"                          2.1.0, codequality GitLab's Code Quality report,\n"
	"                          csv the size breakdown, markdown a summary for a\n"
	"                          pull request, html a self-contained report\n"
	"  -o, --output FILE       write the report to FILE (atomically; never an\n"
	"                          input; '-' for standard output)\n"
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
	"  --size                  where the memory goes: regions, sections, input\n"
	"                          files, archives and the largest symbols\n"
	"  --depth N               group input files by their first N path\n"
	"                          components (directories)\n"
	"  --top N                 rows in the lists of largest symbols and changes\n"
	"                          (default 20; 0: all)\n"
	"  --baseline PATH         compare with an earlier build: its ELF, its map,\n"
	"                          or a directory holding them (and its scripts)\n"
	"  --fail-on-new           exit status 1 only for findings the baseline\n"
	"                          does not have\n"
	"  --link-base URL         where markdown and html link findings to (default:\n"
	"                          the commit on GitHub Actions, else relative paths)\n"
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
	"unreadable input (syntax errors included), 3 internal error or a report\n"
	"that could not be written\n";

static void push(const char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = s;
	(*list)[*n] = NULL;
}

static void usage_error(const char *fmt, const char *arg)
{
	output_error(fmt, arg);
	fprintf(stderr, "Try 'ldlint --help'.\n");
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

/* A count for --depth or --top: a decimal number below 10^6. */
static unsigned count_arg(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v >= 1000000 || s[0] == '-' || s[0] == '+') {
		char buf[256];
		snprintf(buf, sizeof buf, "%s takes a count (0 to 999999), not '%.100s'",
			 opt, s);
		usage_error("%s", buf);
	}
	return (unsigned)v;
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

static void list_rules(FILE *f)
{
	fprintf(f, "%-24s %-8s %-10s %s\n", "ID", "SEVERITY", "NEEDS", "SUMMARY");
	for (int i = 0; i < RULE_COUNT; i++)
		fprintf(f, "%-24s %-8s %-10s %s\n", rule_table[i].id,
			severity_name(rule_table[i].severity), rule_table[i].needs,
			rule_table[i].summary);
}

static void explain(FILE *f, const struct rule *r)
{
	fprintf(f, "%s (%s, needs %s): %s\n\n", r->id, severity_name(r->severity),
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
		fprintf(f, "%.*s\n", (int)n, p);
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
			else if (!strcmp(arg, "csv"))
				o->format = FORMAT_CSV;
			else if (!strcmp(arg, "markdown"))
				o->format = FORMAT_MARKDOWN;
			else if (!strcmp(arg, "html"))
				o->format = FORMAT_HTML;
			else
				usage_error("unknown format '%s' (text, json, sarif, "
					    "codequality, csv, markdown or html)", arg);
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
			o->list_rules = true;
			break;
		case OPT_EXPLAIN:
			rule_or_die(arg);
			o->explain = arg;
			break;
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
			push(&o->dev_args, &o->ndev_args, arg);
			o->device_set = true;
			break;
		case 'L':
			devcli_option("loader", arg);
			push(&o->dev_args, &o->ndev_args, arg);
			o->loader_set = true;
			break;
		case OPT_LIST_DEVICES:
			devcli_option("list-devices", NULL);
			break;
		case OPT_SHOW_DEVICE:
			devcli_option("show-device", arg);
			push(&o->dev_args, &o->ndev_args, arg);
			break;
		case OPT_DEVICE_FILE:
			devcli_option("device-file", arg);
			push(&o->dev_args, &o->ndev_args, arg);
			break;
		case OPT_CHIP:
			devcli_option("chip", arg);
			break;
		case OPT_SIZE:
			o->size = true;
			break;
		case OPT_DEPTH:
			o->size_opt.depth = count_arg("--depth", arg);
			break;
		case OPT_TOP:
			o->size_opt.top = count_arg("--top", arg);
			break;
		case OPT_BASELINE:
			o->baseline = arg;
			break;
		case OPT_FAIL_ON_NEW:
			o->fail_on_new = true;
			break;
		case OPT_LINK_BASE:
			if (!summary_url_ok(arg))
				usage_error("--link-base takes an http:// or https:// URL, "
					    "not '%s'", arg);
			o->link_base = arg;
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
	if (o->fail_on_new && !o->baseline)
		usage_error("%s", "--fail-on-new needs --baseline: new findings are "
			    "those the baseline does not have");
	for (int i = optind; i < argc; i++)
		push(&o->files, &o->nfiles, argv[i]);
}

/* The file operands by kind: ELF magic, map headings, else a script; a
 * file that cannot be read is what its name says it is, and so is a
 * FIFO, device or directory (never opened to look: a FIFO would block). */
static void classify_files(struct options *o)
{
	for (size_t i = 0; i < o->nfiles; i++) {
		const char *path = o->files[i];
		bool readable = access(path, R_OK) == 0 && regular_file(path);
		if (readable ? elf_is_elf(path) : has_suffix(path, elf_suffixes))
			set_once(&o->elf, path, "ELF file");
		else if (readable ? map_is_map(path) : has_suffix(path, map_suffixes))
			set_once(&o->map, path, "map file");
		else
			push(&o->scripts, &o->nscripts, path);
	}
}

/* -o must name none of the inputs the command line gives: checked before
 * any of them is read. */
static void check_output_args(const struct options *o, const struct output *out)
{
	for (size_t i = 0; i < o->nfiles; i++)
		output_check_input(out, o->files[i], "input");
	for (size_t i = 0; i < o->nscripts; i++)
		output_check_input(out, o->scripts[i], "linker script");
	output_check_input(out, o->elf, "ELF file");
	output_check_input(out, o->map, "map file");
	output_check_input(out, o->config, "configuration");
	output_check_input(out, o->baseline, "baseline");
	for (size_t i = 0; i < o->ndev_args; i++)
		output_check_input(out, o->dev_args[i], "description");
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
	o->budgets = xcalloc(cfg->nbudgets + 1, sizeof *o->budgets);
	for (size_t i = 0; i < cfg->nbudgets; i++)
		o->budgets[o->nbudgets++] = (struct rule_budget){cfg->budgets[i].region,
			cfg->budgets[i].percent, cfg->budgets[i].value, cfg->budgets[i].at,
			cfg->budgets[i].name_at};
	return ok;
}

/* Writes the report where -o says (output.c: atomically, or in place for
 * a device or FIFO); the exit status when it could not be written. */
static int emit(const struct options *o, struct output *out, const struct run *r)
{
	FILE *f = output_open(out);
	if (!f)
		return EXIT_BADINPUT;
	if (o->layout_svg)
		out_svg(f, r);
	else if (o->format == FORMAT_JSON)
		out_json(f, r);
	else if (o->format == FORMAT_SARIF)
		out_sarif(f, r);
	else if (o->format == FORMAT_CODEQUALITY)
		out_codequality(f, r);
	else if (o->format == FORMAT_CSV)
		out_csv(f, r);
	else if (o->format == FORMAT_MARKDOWN)
		out_markdown(f, r);
	else if (o->format == FORMAT_HTML)
		out_html(f, r);
	else {
		out_text(f, r, o->quiet);
		if (o->layout)
			out_layout(f, r);
		if (o->size && r->size)
			out_size_text(f, r);
		if (r->baseline)
			out_baseline_text(f, r);
	}
	return output_close(out);
}

/* --list-rules and --explain: the catalogue, to the output. */
static int print_catalogue(const struct options *o, struct output *out)
{
	FILE *f = output_open(out);
	if (!f)
		return EXIT_BADINPUT;
	if (o->list_rules)
		list_rules(f);
	if (o->explain) {
		if (o->list_rules)
			fputc('\n', f);
		explain(f, rule_or_die(o->explain));
	}
	return output_close(out);
}

/* Just before writing: -o must not be a file the run has read since the
 * command line was checked (the configuration and what it names, INCLUDEd
 * scripts, device descriptions and what they extend). */
static void check_output_read(const struct output *out, const struct run *r,
			      struct script *const *scripts, size_t nscripts)
{
	for (size_t i = 0; i < r->ninputs; i++)
		output_check_input(out, r->inputs[i].path, "input");
	for (size_t i = 0; i < nscripts; i++)
		for (const struct name_list *n = scripts[i] ? scripts[i]->files : NULL;
		     n; n = n->next)
			output_check_input(out, n->name, "linker script");
	devcli_check_output(out);
}

/* --baseline: the earlier build read and linted like this one, with
 * its own scripts where it has copies of them, and compared with this
 * one.  NULL when it cannot be read (said on stderr, or as findings of
 * this run about the baseline's files). */
static struct baseline *lint_baseline(const struct options *o,
				      const struct build_inputs *cur,
				      struct run *r, const struct rule_config *rcfg,
				      struct build *old, struct diag *oldd,
				      struct arena *a)
{
	struct build_inputs bi;
	char why[1024];
	bool current_scripts;
	if (!build_baseline_inputs(o->baseline, cur, &bi, &current_scripts, a, why,
				   sizeof why)) {
		output_error("--baseline '%s': %s", o->baseline, why);
		return NULL;
	}
	diag_init_like(oldd, a, r->diag);
	build_read(old, &bi, oldd, a);
	if (old->bad_input) {
		/* what made the baseline unreadable is this run's finding */
		for (const struct finding *f = oldd->head; f; f = f->next)
			if (rule_fixed(&rule_table[f->rule]))
				diag_report(r->diag, f->id, f->loc, "%s (in the baseline)",
					    f->message);
		diag_sort(r->diag);
		return NULL;
	}
	build_lint(old, r->dev, r->ldr, rcfg, oldd);
	struct baseline *b = baseline_compare(old->size, r->size, oldd, r->diag);
	b->inputs = arena_alloc(&b->arena, (old->ninputs + 1) * sizeof *b->inputs);
	for (size_t i = 0; i < old->ninputs; i++)
		b->inputs[b->ninputs++] = old->inputs[i].path;
	b->current_scripts = current_scripts;
	return b;
}

/* Lints nothing with half a configuration; says why, in the requested
 * format. */
static _Noreturn void give_up(const struct options *o, struct output *out,
			      struct diag *d)
{
	struct run bad = {0};
	bad.diag = d;
	diag_sort(d);
	int st = emit(o, out, &bad);
	exit(st != EXIT_CLEAN ? st : EXIT_BADINPUT);
}

/* The size breakdown's options when the run breaks the image down (--size,
 * --baseline, and the reports people read), else NULL. */
static const struct size_options *size_options(struct options *o)
{
	if (!o->size && !o->baseline && o->format != FORMAT_CSV &&
	    o->format != FORMAT_MARKDOWN && o->format != FORMAT_HTML)
		return NULL;
	if (o->baseline)
		o->size_opt.keep = 0;		/* every symbol, to compare */
	else
		o->size_opt.keep = o->format == FORMAT_HTML ? TREEMAP_LEAVES :
				   o->size_opt.top;
	return &o->size_opt;
}

static void options_free(struct options *o)
{
	free(o->scripts);
	free(o->include_dirs);
	free(o->cpp_args);
	free(o->runtime_written);
	free(o->rule_levels);
	for (size_t i = 0; i < o->ndefsyms; i++)
		free((char *)o->defsyms[i].name);
	free(o->defsyms);
	free(o->budgets);
	free(o->files);
	free(o->dev_args);
}

/* The exit status of a run whose report was written: bad input, else
 * findings at or above --fail-on (with --fail-on-new, only those the
 * baseline does not have). */
static int verdict(const struct options *o, const struct diag *d,
		   const struct baseline *base, bool bad_input)
{
	if (bad_input)
		return EXIT_BADINPUT;
	if (o->fail_on_new && base) {
		for (size_t i = 0; i < base->nfresh; i++)
			if (base->fresh[i]->severity >= o->fail_on)
				return EXIT_FINDINGS;
		return EXIT_CLEAN;
	}
	for (int s = o->fail_on; s <= SEV_ERROR; s++)
		if (d->count[s])
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

/* What a run holds between its steps. */
struct session {
	struct arena arena;
	struct diag d;
	struct options o;
	struct output out;
	struct run r;
	struct build_inputs bi;		/* this build's inputs */
	struct script_options so;
	struct rule_config rcfg;
	struct build cur;		/* this build */
	struct build old;		/* --baseline's build, if any */
	struct diag oldd;		/* its findings */
	struct baseline *base;		/* the comparison with it, or NULL */
	bool bad_input;			/* exit 2 whatever the findings */
};

/* Options, -o, the configuration, and the commands that lint nothing
 * (--list-rules, --explain, --list-devices, --show-device): these exit. */
static void start(struct session *s, int argc, char **argv)
{
	struct options *o = &s->o;
	rules_diag_init(&s->d, &s->arena);
	o->color = -1;
	o->fail_on = SEV_WARNING;
	o->size_opt.top = 20;
	output_start();
	parse_options(argc, argv, o, &s->d);
	output_init(&s->out, o->output);
	check_output_args(o, &s->out);
	if (o->list_rules || o->explain)
		exit(print_catalogue(o, &s->out));
	classify_files(o);
	struct config cfg;
	bool config_ok = config_load(&cfg, o->config, &s->arena, &s->d);
	output_check_input(&s->out, cfg.path, "configuration");
	if (o->verbose)
		fprintf(stderr, "ldlint: configuration: %s\n", cfg.path ? cfg.path :
			"none (no .ldlint.yaml of yours from here up to the "
			"repository's top or $HOME)");
	if (!config_ok)
		give_up(o, &s->out, &s->d);
	s->bad_input = !apply_config(o, &cfg, &s->d);
	check_output_args(o, &s->out);
	if (s->bad_input && o->nscripts == 0 && !o->elf && !o->map)
		give_up(o, &s->out, &s->d);
	int dev_status;
	size_t ninputs = o->nscripts + (o->elf != NULL) + (o->map != NULL);
	if (devcli_run(o->format == FORMAT_JSON, o->color == 1, ninputs,
		       &s->out, &dev_status))
		exit(dev_status);
	if (o->nscripts == 0 && !o->elf && !o->map)
		usage_error("%s", "no input files (give a linker script, an ELF "
			    "file or a map file)");
}

/* This build: its scripts, ELF and map read into models (build.c), then
 * the device and loader. */
static void read_build(struct session *s)
{
	struct options *o = &s->o;
	struct run *r = &s->r;
	s->so = (struct script_options){o->include_dirs, o->cpp, o->cpp_args,
					false, false};
	s->bi = (struct build_inputs){(const char *const *)o->scripts, o->nscripts,
				      o->elf, o->map, o->objdir, &s->so, o->defsyms,
				      size_options(o)};
	build_read(&s->cur, &s->bi, &s->d, &s->arena);
	r->diag = &s->d;
	r->models = s->cur.models;
	r->nmodels = s->cur.nmodels;
	r->inputs = s->cur.inputs;
	r->ninputs = s->cur.ninputs;
	r->size = s->cur.size;
	r->link_base = o->link_base;
	if (s->cur.bad_input)
		s->bad_input = true;
	if (!devcli_load(r))
		s->bad_input = true;
}

/* Runs the rules on this build and, with --baseline, reads, lints and
 * compares the earlier one. */
static void judge(struct session *s)
{
	struct options *o = &s->o;
	/* --runtime-written adds to the default patterns */
	for (size_t i = 0; rules_default_runtime_written[i]; i++)
		push(&o->runtime_written, &o->nruntime, rules_default_runtime_written[i]);
	s->rcfg = (struct rule_config){o->runtime_written, o->usage_percent,
				       o->budgets, o->nbudgets};
	build_lint(&s->cur, s->r.dev, s->r.ldr, &s->rcfg, &s->d);
	if (o->baseline) {
		s->base = lint_baseline(o, &s->bi, &s->r, &s->rcfg, &s->old,
					&s->oldd, &s->arena);
		s->r.baseline = s->base;
		if (!s->base)
			s->bad_input = true;
	}
}

/* Writes the report; the exit status. */
static int report(struct session *s)
{
	const struct options *o = &s->o;
	if (o->color == 1 || (o->color == -1 && s->out.to_stdout && isatty(1) &&
			      !getenv("NO_COLOR")))
		s->r.color = true;
	check_output_read(&s->out, &s->r, s->cur.scripts, s->cur.nmodels);
	check_output_read(&s->out, &s->r, s->old.scripts, s->old.nmodels);
	for (size_t i = 0; i < s->old.ninputs; i++)
		output_check_input(&s->out, s->old.inputs[i].path, "baseline input");
	int status = emit(o, &s->out, &s->r);
	if (status != EXIT_CLEAN)
		return status;		/* the report was not written */
	return verdict(o, &s->d, s->r.baseline, s->bad_input);
}

static void finish(struct session *s)
{
	baseline_free(s->base);
	build_free(&s->old);
	build_free(&s->cur);
	options_free(&s->o);
	devcli_free();
	source_free_all();
	arena_free(&s->arena);
}

int main(int argc, char **argv)
{
	struct session s = {0};
	heap_prepare();
	start(&s, argc, argv);
	read_build(&s);
	judge(&s);
	int status = report(&s);
	finish(&s);
	return status;
}
