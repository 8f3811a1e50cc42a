/*
 * pdsc: a device built from a CMSIS-Pack description (*.pdsc, --device-file
 * FILE --chip NAME): the <memory> and <algorithm> elements a <device> or
 * <variant> has or inherits from its <family> and <subFamily>.
 */
#ifndef LDLINT_PDSC_H
#define LDLINT_PDSC_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"

/* Whether 'text' is XML (it starts with '<' after a byte-order mark and
 * blanks): a pack description rather than a probe-rs YAML file. */
bool pdsc_is_xml(const char *text, size_t len);

/* Reads the pack description 'path' and returns chip 'chip' (a Dname or
 * a Dvariant, any case); NULL after reporting why (rule device-file). */
struct device *pdsc_read(struct devdb *db, const char *path, const char *chip);

#endif
