/*
 * config: .ldlint.yaml, what a bare 'ldlint' in a repository needs.
 *
 *   device: stm32f411xe            chip or board id, or a YAML path
 *   loader: stm32-rom-dfu
 *   inputs:
 *     script: app.ld               or scripts: [a.ld, b.ld]
 *     elf: build/app.elf
 *     map: build/app.map
 *     objdir: build                where the link ran (object paths in the map)
 *     include: [ld/common]         INCLUDE search directories (-I)
 *     defsym: {__stack_size__: 0x800}
 *   rules: {image-gap: off, region-usage: warning}
 *   thresholds: {region-usage: 90}
 *   runtime-written: [.config*, .calib]
 *   fail-on: warning
 *
 * Paths are relative to the file's directory.  The command line wins
 * over the file.  Errors are 'config-file' findings with file:line.
 */
#ifndef LDLINT_CONFIG_H
#define LDLINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"

struct config {
	const char *path;		/* the file read, or NULL */
	const char *device, *loader;	/* or NULL */
	const char **scripts;		/* NULL-terminated, or NULL */
	size_t nscripts;
	const char *elf, *map;
	/* where the values above are written */
	struct loc device_at, loader_at, elf_at, map_at, *scripts_at;
	const char *objdir;		/* --objdir, or NULL */
	const char **include_dirs;	/* NULL-terminated, or NULL */
	size_t ninclude;
	struct defsym *defsyms;		/* ends with name NULL, or NULL */
	enum severity *level;		/* per rule number, when level_set */
	bool *level_set;		/* per rule number (arena) */
	struct loc *level_at;		/* per rule number: where it is set */
	unsigned usage_percent;		/* 0 = not set */
	const char **runtime_written;	/* NULL-terminated, or NULL */
	size_t nruntime;
	enum severity fail_on;		/* when fail_on_set */
	bool fail_on_set;
};

/* Reads 'path' (from -c), or else the nearest .ldlint.yaml from the
 * current directory upward (none is fine).  Everything lives in 'a'.
 * False after reporting a malformed file. */
bool config_load(struct config *cfg, const char *path, struct arena *a,
		 struct diag *d);

#endif
