/*
 * devcli: the device options of the command line: their state, loading
 * the selected device and loader into a run, and the commands that only
 * look at descriptions (--list-devices, --show-device, a bare -d/-L
 * check), whose output out_device.c writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcli.h"
#include "devdb.h"
#include "devfile.h"
#include "out_device.h"
#include "ldlint.h"
#include "rules.h"
#include "source.h"

static struct {
	const char *device, *loader, *show, *device_file, *chip;
	struct loc device_at, loader_at;	/* set in a configuration */
	bool list;
	bool loaded;
	struct devdb db;
	struct diag *diag;		/* devcli_run's own, when it has one */
	struct arena arena;
} cli;

void devcli_option(const char *name, const char *arg)
{
	if (!strcmp(name, "device"))
		cli.device = arg;
	else if (!strcmp(name, "loader"))
		cli.loader = arg;
	else if (!strcmp(name, "show-device"))
		cli.show = arg;
	else if (!strcmp(name, "device-file"))
		cli.device_file = arg;
	else if (!strcmp(name, "chip"))
		cli.chip = arg;
	else if (!strcmp(name, "list-devices"))
		cli.list = true;
}

void devcli_option_at(const char *name, const char *arg, struct loc at)
{
	devcli_option(name, arg);
	if (!strcmp(name, "device"))
		cli.device_at = at;
	else if (!strcmp(name, "loader"))
		cli.loader_at = at;
}

static const struct device *device_named(const char *spec)
{
	cli.db.spec_at = spec == cli.device ? cli.device_at : (struct loc){0};
	const struct device *d = devdb_device(&cli.db, spec);
	cli.db.spec_at = (struct loc){0};
	return d;
}

static const struct loader *loader_named(const char *spec,
					 const struct device *dev)
{
	cli.db.spec_at = spec == cli.loader ? cli.loader_at : (struct loc){0};
	const struct loader *l = devdb_loader(&cli.db, spec, dev);
	cli.db.spec_at = (struct loc){0};
	return l;
}

static void usage(const char *msg)
{
	fprintf(stderr, "ldlint: error: %s\nTry 'ldlint --help'.\n", msg);
	exit(EXIT_BADINPUT);
}

/* --- commands -------------------------------------------------------- */

static void print_findings(struct diag *d, bool color)
{
	struct run r = {0};
	diag_sort(d);
	r.diag = d;
	r.color = color;
	out_text(stderr, &r, true);
}

static int list_devices(bool json)
{
	size_t n;
	struct devdb_entry *v = devdb_list(&cli.db, &n);
	out_device_list(stdout, v, n, json);
	return cli.db.failed ? EXIT_BADINPUT : EXIT_CLEAN;
}

static const struct device *selected_device(void)
{
	if (cli.device_file)
		return devdb_device_file(&cli.db, cli.device_file, cli.chip);
	if (cli.device)
		return device_named(cli.device);
	return NULL;
}

static int show_device(bool json)
{
	const struct device *dev = NULL;
	if (cli.device_file) {
		dev = devdb_device_file(&cli.db, cli.device_file, cli.show);
		if (!dev)
			return EXIT_BADINPUT;
	} else {
		size_t n = strlen(cli.show);
		bool is_path = strchr(cli.show, '/') ||
			       (n > 5 && !strcmp(cli.show + n - 5, ".yaml")) ||
			       (n > 4 && !strcmp(cli.show + n - 4, ".yml"));
		const char *path = is_path ? cli.show : devdb_find(&cli.db, cli.show);
		struct devfile *f = path ? devfile_read(&cli.db, path) : NULL;
		if (path && !f)
			return EXIT_BADINPUT;
		if (f && !strcmp(f->kind, "loader")) {
			const struct device *bind = NULL;
			if (cli.device && !(bind = device_named(cli.device)))
				return EXIT_BADINPUT;
			const struct loader *l = devdb_loader(&cli.db, path, bind);
			if (!l)
				return EXIT_BADINPUT;
			if (json)
				out_loader_json(stdout, l, f->ldr);
			else
				out_loader_text(stdout, l, f->ldr);
			return EXIT_CLEAN;
		}
		dev = devdb_device(&cli.db, cli.show);
		if (!dev)
			return EXIT_BADINPUT;
	}
	if (json)
		out_device_json(stdout, dev);
	else
		out_device_text(stdout, dev);
	return EXIT_CLEAN;
}

static void check_usage(void)
{
	if (cli.chip && !cli.device_file)
		usage("--chip names a chip of a CMSIS pack or probe-rs file; give "
		      "the file with --device-file");
	if (cli.device_file && !cli.chip && !cli.show)
		usage("--device-file needs --chip NAME (a pack's Dname or Dvariant, "
		      "a probe-rs variant)");
	if (cli.device_file && cli.device)
		usage("give the device with -d or with --device-file, not both");
}

bool devcli_run(bool json, bool color, size_t ninputs, int *status)
{
	check_usage();
	if (!cli.list && !cli.show && (ninputs || (!cli.device && !cli.loader &&
						   !cli.device_file)))
		return false;
	struct diag d;
	rules_diag_init(&d, &cli.arena);
	devdb_init(&cli.db, &d);
	if (cli.list)
		*status = list_devices(json);
	else if (cli.show)
		*status = show_device(json);
	else {
		/* ldlint -d FILE [-L FILE]: check the descriptions only */
		const struct device *dev = selected_device();
		bool ok = dev || (!cli.device && !cli.device_file);
		if (ok && cli.loader)
			ok = loader_named(cli.loader, dev) != NULL;
		*status = ok && !cli.db.failed ? EXIT_CLEAN : EXIT_BADINPUT;
	}
	if (cli.db.failed && *status == EXIT_CLEAN)
		*status = EXIT_BADINPUT;
	print_findings(&d, color);
	devdb_free(&cli.db);
	arena_free(&cli.arena);
	source_free_all();
	return true;
}

bool devcli_load(struct run *r)
{
	if (!cli.device && !cli.loader && !cli.device_file)
		return true;
	devdb_init(&cli.db, r->diag);
	cli.loaded = true;
	const struct device *dev = selected_device();
	bool ok = dev || (!cli.device && !cli.device_file);
	if (dev) {
		r->dev = dev;
		r->device = dev->id;
		r->inputs[r->ninputs++] = (struct input){INPUT_DEVICE, dev->path};
	}
	if (ok && cli.loader) {
		const struct loader *l = loader_named(cli.loader, dev);
		if (l) {
			r->ldr = l;
			r->loader = l->id;
			r->inputs[r->ninputs++] = (struct input){INPUT_LOADER, l->path};
		}
		ok = l != NULL;
	}
	return ok && !cli.db.failed;
}

void devcli_free(void)
{
	if (cli.loaded)
		devdb_free(&cli.db);
	cli.loaded = false;
}
