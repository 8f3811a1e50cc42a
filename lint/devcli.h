/*
 * devcli: the device options of the command line (-d, -L, --list-devices,
 * --show-device, --device-file, --chip) and what they print.
 *
 * main.c hands each option over with devcli_option(), calls devcli_run()
 * once the options are parsed (it prints and says the exit status for
 * --list-devices, --show-device and a bare "ldlint -d FILE" check), then
 * devcli_load() to put the selected device and loader into the run.
 */
#ifndef LDLINT_DEVCLI_H
#define LDLINT_DEVCLI_H

#include "loc.h"

#include <stdbool.h>
#include <stddef.h>

struct run;

/* Records option 'name' (the long name, e.g. "device") with its argument
 * (NULL for flags). */
void devcli_option(const char *name, const char *arg);

/* The same for a device or loader set by a configuration file: errors
 * about it point at 'at'. */
void devcli_option_at(const char *name, const char *arg, struct loc at);

/* Does the work of --list-devices and --show-device, and checks -d/-L
 * when no other input was given.  Returns true when the command is done;
 * *status is then its exit status.  'json' is -f json. */
bool devcli_run(bool json, bool color, size_t ninputs, int *status);

/* Loads -d/-L/--device-file into 'r' (r->device, r->loader, r->dev,
 * r->ldr, r->inputs); false when a description could not be used (the
 * findings say why; the exit status must be 2). */
bool devcli_load(struct run *r);

/* Frees what the device options loaded. */
void devcli_free(void);

#endif
