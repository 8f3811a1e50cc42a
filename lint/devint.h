/*
 * devint: what the device modules share and nothing else sees.
 *
 * devfile.c turns one YAML file into a 'struct devfile' (schema checked,
 * per-file consistency checked, nothing resolved); device.c resolves
 * 'extends' chains and binds loaders to devices; probers.c builds a
 * device from a probe-rs target file; dfuse.c parses DfuSe strings.
 */
#ifndef LDLINT_DEVINT_H
#define LDLINT_DEVINT_H

#include "device.h"
#include "ytree.h"

/* The keys a loader and each of its variants may set. */
struct ldr_part {
	const char *description;
	const char *image_format;
	bool has_download_at;
	uint64_t download_at;
	const char *message;
	bool has_transfer_size;
	uint64_t transfer_size;
	struct ldr_range *occupies;	size_t noccupies;
	struct dev_reserved *reserves;	size_t nreserves;
	struct ldr_range *writes;	size_t nwrites;
	struct ldr_range *runs_from;	size_t nruns_from;
	struct ldr_dfuse *dfuse;	size_t ndfuse;
};

struct ldr_variant {
	const char **match;		size_t nmatch;
	struct ldr_part part;
	struct loc loc;
};

/* A loader as written: id, tool and applies_to in 'head', the rest in
 * 'base' and 'variants'. */
struct ldr_raw {
	struct loader head;
	struct loc applies_loc;		/* the 'applies_to' value */
	struct ldr_part base;
	struct ldr_variant *variants;	size_t nvariants;
};

struct devfile {
	const char *path;		/* as opened (arena) */
	const char *id, *kind, *description;
	struct device *dev;		/* device/board: its own content */
	struct ldr_raw *ldr;		/* loader */
	const struct device *resolved;	/* cache of device_resolve() */
	bool resolving;			/* on the 'extends' stack now */
	bool bad;			/* failed to read or resolve */
	struct devfile *next;
};

/* Reads and checks 'path' (cached per path); NULL when it cannot be used
 * (the reason was reported). */
struct devfile *devfile_read(struct devdb *db, const char *path);

/* Reports a device-file error at 'l' and marks the database failed. */
struct finding *dev_error(struct devdb *db, struct loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads a number as SCHEMA.md section 1 defines it; on failure *why says
 * what is wrong (a static string). */
bool dev_parse_number(const char *s, uint64_t *v, const char **why);

/* Default access letters of a memory type. */
unsigned mem_type_access(enum mem_type t);

/* Checks 'dev's memories for overlaps, alias targets and windows (after a
 * board was merged over its chip).  Reports and returns false on error. */
bool device_check(struct devdb *db, struct device *dev);

/* Adds the execute-never areas of 'dev->arch' to dev->xn. */
void device_add_arch_xn(struct devdb *db, struct device *dev);

/* Reads the probe-rs target file 'path' and returns chip 'chip'. */
struct device *probers_read(struct devdb *db, const char *path,
			    const char *chip);

/* Glob match for part numbers and ids: '*' any run, '?' one character,
 * case-insensitive. */
bool dev_glob(const char *pattern, const char *s);

#endif
