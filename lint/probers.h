/*
 * probers: a device built from a probe-rs target file (--device-file FILE
 * --chip NAME): its !Nvm, !Ram and !Generic memory map entries and the
 * sector layout of its flash algorithms.
 */
#ifndef LDLINT_PROBERS_H
#define LDLINT_PROBERS_H

#include "device.h"

/* Reads the probe-rs target file 'path' and returns chip 'chip'; NULL
 * after reporting why. */
struct device *probers_read(struct devdb *db, const char *path,
			    const char *chip);

#endif
