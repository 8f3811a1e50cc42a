/*
 * devdb: finding device, board and loader descriptions by id or path in
 * the memmaps search path, resolving boards over their chips and binding
 * loaders to a device (see devdb.c).
 */
#ifndef LDLINT_DEVDB_H
#define LDLINT_DEVDB_H

#include "device.h"

struct ldr_raw;

/* Sets up the search path: $LDLINT_MEMMAPS (colon-separated), the
 * memmaps/ of the source tree when the running binary is in one, then
 * LDLINT_DATADIR/memmaps. */
void devdb_init(struct devdb *db, struct diag *d);
void devdb_free(struct devdb *db);

/* A device or board by id or path (a path contains '/' or ends in .yaml),
 * resolved; NULL after reporting why. */
const struct device *devdb_device(struct devdb *db, const char *spec);

/* A loader by id or path, bound to 'dev' (may be NULL: selectors stay
 * unresolved and variants unchosen); NULL after reporting why. */
const struct loader *devdb_loader(struct devdb *db, const char *spec,
				  const struct device *dev);

/* Chip 'chip' of a vendor description 'path': a CMSIS pack description
 * (XML, root <package>) or a probe-rs target file (YAML); NULL after
 * reporting why. */
const struct device *devdb_device_file(struct devdb *db, const char *path,
				       const char *chip);

/* One entry of the search path's catalogue. */
struct devdb_entry {
	const char *id, *kind, *description, *path;
};

/* Every description in the search path (first of an id wins), sorted by
 * kind then id; files that fail to load are reported and left out. */
struct devdb_entry *devdb_list(struct devdb *db, size_t *n);

/* The file the search path gives for 'id', or NULL. */
const char *devdb_find(struct devdb *db, const char *id);

#endif
