/*
 * devfile: one memmaps YAML file as written: schema checked, per-file
 * consistency checked, nothing resolved (devdb.c resolves 'extends' and
 * binds loaders).  The loader's raw form keeps its variants for
 * --show-device.
 */
#ifndef LDLINT_DEVFILE_H
#define LDLINT_DEVFILE_H

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

#endif
