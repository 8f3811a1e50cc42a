/*
 * out_device: what --show-device and --list-devices print.
 */
#ifndef LDLINT_OUT_DEVICE_H
#define LDLINT_OUT_DEVICE_H

#include <stdbool.h>
#include <stdio.h>

#include "devdb.h"
#include "devfile.h"

/* A resolved device or board as tables (text) or as JSON. */
void out_device_text(FILE *f, const struct device *d);
void out_device_json(FILE *f, const struct device *d);

/* A loader, bound to a device or not, with its variants as written. */
void out_loader_text(FILE *f, const struct loader *l, const struct ldr_raw *raw);
void out_loader_json(FILE *f, const struct loader *l, const struct ldr_raw *raw);

/* The catalogue of --list-devices. */
void out_device_list(FILE *f, const struct devdb_entry *v, size_t n, bool json);

#endif
