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
#include <unistd.h>

#include "devcli.h"
#include "ldlint.h"
#include "lex.h"
#include "rules.h"
#include "script.h"
#include "source.h"
#include "suppress.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_CODEQUALITY };

struct options {
	enum format format;
	const char *output;
	bool layout, quiet;
	int color;			/* -1 auto, 0 never, 1 always */
	enum severity fail_on;
	const char **scripts;		/* NULL-terminated */
	size_t nscripts;
	const char **include_dirs;	/* NULL-terminated */
	size_t ninclude;
	const char **cpp_args;		/* -D/-U/-I for cpp, NULL-terminated */
	size_t ncpp_args;
	const char *cpp;		/* --cpp command or NULL */
	struct defsym *defsyms;		/* --defsym, ending with name NULL */
	size_t ndefsyms;
};

enum {
	OPT_CPP = 256, OPT_FAIL_ON, OPT_LIST_RULES, OPT_EXPLAIN, OPT_LAYOUT,
	OPT_COLOR, OPT_VERSION, OPT_SCRIPT, OPT_DEFSYM,
	OPT_LIST_DEVICES, OPT_SHOW_DEVICE, OPT_DEVICE_FILE, OPT_CHIP,
};

static const struct option long_options[] = {
	{"script", required_argument, NULL, 'T'},
	{"cpp", optional_argument, NULL, OPT_CPP},
	{"defsym", required_argument, NULL, OPT_DEFSYM},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"explain", required_argument, NULL, OPT_EXPLAIN},
	{"layout", no_argument, NULL, OPT_LAYOUT},
	{"color", required_argument, NULL, OPT_COLOR},
	{"quiet", no_argument, NULL, 'q'},
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
	"Checks GNU ld linker scripts against GNU ld 2.40's grammar and reports\n"
	"layout mistakes like a compiler.\n"
	"\n"
	"  -T, --script FILE       a linker script (files given without an option\n"
	"                          are linker scripts too)\n"
	"  -I DIR                  directory searched by INCLUDE (after the current\n"
	"                          directory, in order; like ld's -L)\n"
	"  --cpp[=CMD]             run the C preprocessor (default 'cpp') on *.S and\n"
	"                          *.in scripts; -D, -U and -I are passed to it\n"
	"  -D NAME[=VALUE], -U NAME  preprocessor definitions for --cpp\n"
	"  --defsym NAME=NUMBER    a symbol defined on ld's command line\n"
	"  -f, --format text|json|sarif|codequality\n"
	"                          output format (default text); sarif is SARIF\n"
	"                          2.1.0, codequality GitLab's Code Quality report\n"
	"  -o, --output FILE       write the report to FILE (atomically)\n"
	"  -W ID, -Wno-ID          enable or disable a rule\n"
	"  --fail-on error|warning|note\n"
	"                          lowest severity that makes the exit status 1\n"
	"                          (default warning)\n"
	"  --list-rules            list the rules with severity and needed inputs\n"
	"  --explain ID            explain a rule: what goes wrong, how to fix it\n"
	"  --layout                print the memory layout (regions and sections)\n"
	"  -d, --device ID|FILE    the chip or board (memmaps id or YAML file)\n"
	"  -L, --loader ID|FILE    the programmer or bootloader\n"
	"  --list-devices          list the known devices, boards and loaders\n"
	"  --show-device ID        print a description as resolved (-f json too)\n"
	"  --device-file FILE --chip NAME\n"
	"                          take the device from a probe-rs target file\n"
	"  --color auto|always|never\n"
	"  -q, --quiet             no summary line\n"
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
		const char *near = rule_nearest(id);
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
	printf("%-24s %-8s %-8s %s\n", "ID", "SEVERITY", "NEEDS", "SUMMARY");
	for (int i = 0; i < RULE_COUNT; i++)
		printf("%-24s %-8s %-8s %s\n", rule_table[i].id,
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
	enum rule_ident id = (enum rule_ident)(r - rule_table);
	d->level[id] = off ? SEV_OFF :
		       r->severity == SEV_OFF ? SEV_NOTE : r->severity;
}

/* --defsym NAME=NUMBER, the number written as in a script (0x.., K, M). */
static void add_defsym(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *v = eq ? eq + 1 : "";
	size_t n = strlen(v), digits = n;
	uint64_t mul = 1;
	if (n && strchr("KkMm", v[n - 1])) {
		mul = strchr("Kk", v[n - 1]) ? 1024 : 1024 * 1024;
		digits--;
	}
	bool ok = eq && eq != arg && digits > 0;
	for (size_t i = 0; ok && i < digits; i++)
		ok = strchr("0123456789abcdefABCDEFxX", v[i]) != NULL;
	if (!ok)
		usage_error("--defsym takes NAME=NUMBER, not '%s'", arg);
	o->defsyms = xrealloc(o->defsyms, (o->ndefsyms + 2) * sizeof *o->defsyms);
	o->defsyms[o->ndefsyms].name = xstrdup(arg);
	((char *)o->defsyms[o->ndefsyms].name)[eq - arg] = '\0';
	o->defsyms[o->ndefsyms].value = lex_scan_number(v, digits, 0) * mul;
	o->ndefsyms++;
	o->defsyms[o->ndefsyms].name = NULL;
}

static void parse_options(int argc, char **argv, struct options *o,
			  struct diag *d)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":T:I:D:U:f:o:W:qhd:L:", long_options,
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
			set_rule_level(d, arg);
			break;
		case OPT_FAIL_ON:
			o->fail_on = severity_arg(arg);
			break;
		case OPT_LIST_RULES:
			list_rules();
			exit(EXIT_CLEAN);
		case OPT_EXPLAIN:
			explain(arg);
			exit(EXIT_CLEAN);
		case OPT_LAYOUT:
			o->layout = true;
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
		case OPT_VERSION:
			printf("ldlint %s (GNU ld 2.40 script grammar)\n", LDLINT_VERSION);
			exit(EXIT_CLEAN);
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_CLEAN);
		case 'd':
			devcli_option("device", arg);
			break;
		case 'L':
			devcli_option("loader", arg);
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
			usage_error("option '%s' needs an argument", argv[optind - 1]);
			break;
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		push(&o->scripts, &o->nscripts, argv[i]);
}

/* ELF files come with the ELF reader; until then say so instead of
 * parsing a binary as a script. */
static bool is_elf(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	unsigned char magic[4] = {0};
	size_t n = fread(magic, 1, 4, f);
	fclose(f);
	return n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
	       magic[3] == 'F';
}

/* Writes the report to o->output through a temporary file and rename, so
 * a reader never sees half a report. */
static int emit(const struct options *o, const struct run *r)
{
	FILE *f = stdout;
	char *tmp = NULL;
	if (o->output && strcmp(o->output, "-") != 0) {
		size_t n = strlen(o->output) + 16;
		tmp = xmalloc(n);
		snprintf(tmp, n, "%s.tmpXXXXXX", o->output);
		int fd = mkstemp(tmp);
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "ldlint: error: cannot write '%s': %s\n",
				o->output, strerror(errno));
			free(tmp);
			return EXIT_BADINPUT;
		}
	}
	if (o->format == FORMAT_JSON)
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

int main(int argc, char **argv)
{
	struct arena arena = {0};
	struct diag d;
	diag_init(&d, &arena);
	struct options o = {0};
	o.color = -1;
	o.fail_on = SEV_WARNING;
	parse_options(argc, argv, &o, &d);
	int dev_status;
	if (devcli_run(o.format == FORMAT_JSON, o.color == 1, o.nscripts,
		       &dev_status))
		exit(dev_status);
	if (o.nscripts == 0)
		usage_error("%s", "no input files (give a linker script)");

	struct script_options so = {o.include_dirs, o.cpp, o.cpp_args, false, false};
	struct run r = {0};
	r.diag = &d;
	struct script **scripts = xcalloc(o.nscripts, sizeof *scripts);
	r.models = xcalloc(o.nscripts, sizeof *r.models);
	r.inputs = xcalloc(o.nscripts + 2, sizeof *r.inputs);	/* + device, loader */
	bool bad_input = false;
	for (size_t i = 0; i < o.nscripts; i++) {
		const char *path = o.scripts[i];
		r.inputs[r.ninputs++] = (struct input){INPUT_SCRIPT, path};
		if (is_elf(path)) {
			fprintf(stderr, "ldlint: error: '%s' is an ELF file; this "
				"version reads linker scripts only\n", path);
			bad_input = true;
			continue;
		}
		scripts[i] = script_load(path, &so, &d);
		if (scripts[i]->failed)
			bad_input = true;
		r.models[r.nmodels] = model_from_script(scripts[i], o.defsyms);
		struct rule_ctx rc = {scripts[i], r.models[r.nmodels], &d};
		rules_run(&rc);
		r.nmodels++;
	}
	if (!devcli_load(&r))
		bad_input = true;
	suppress_apply(&d, scripts, o.nscripts);
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
	for (size_t i = 0; i < o.nscripts; i++)
		script_free(scripts[i]);
	free(scripts);
	free(r.models);
	free(r.inputs);
	free(o.scripts);
	free(o.include_dirs);
	free(o.cpp_args);
	for (size_t i = 0; i < o.ndefsyms; i++)
		free((char *)o.defsyms[i].name);
	free(o.defsyms);
	devcli_free();
	source_free_all();
	arena_free(&arena);
	return status;
}
