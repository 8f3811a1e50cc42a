/*
 * dfuse: DfuSe interface strings, read exactly as dfu-util reads them.
 *
 * dfu-util's parse_memory_layout() (src/dfuse_mem.c, 0.7 to 0.11) walks
 * the string with sscanf(): "@%[^/]" for the name, then "/0x%x/" for each
 * start address, then "%d*%d%c%[^,/]" for each run: count, size, the
 * multiplier character and the type.  The same formats are used here so
 * that odd strings ("01*016 e" with a blank multiplier, a type letter in
 * the multiplier's place, a bad type that makes dfu-util skip a run without
 * advancing the address) give the same segments.  What dfu-util only warns
 * about is accepted; what makes it fail (no name, no segment at all) is an
 * error.  Arithmetic is dfu-util's: int sizes, unsigned 32-bit addresses.
 * Where dfu-util itself reads past the end of the string (a last run with
 * no type letter), parsing stops at the end instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

enum { DFUSE_MAX_SEGS = 256 };

static bool add_seg(struct dfuse_segment *segs, size_t *n, uint32_t start,
		    long long bytes, int size, char memtype)
{
	if (*n == DFUSE_MAX_SEGS)
		return false;
	struct dfuse_segment *s = &segs[(*n)++];
	s->start = start;
	s->end = (uint32_t)(start + (uint32_t)bytes - 1);
	s->pagesize = (uint64_t)(unsigned)size;
	s->memtype = (unsigned)memtype & 7;
	return true;
}

/* What parse_memory_layout() keeps between its sscanf calls. */
struct dfparse {
	const char *name;		/* the interface name */
	char *typestring;		/* scratch, as long as the string */
	int scanned;			/* dfu-util's %n variable, stale or not */
	struct dfuse_segment segs[DFUSE_MAX_SEGS];
	size_t nsegs;
	char *why;
	size_t whylen;
};

/* The multiplier and type letters of one run, dfu-util's switch: returns
 * the type (0: none, the run is skipped) and scales *bytes. */
static char run_type(const struct dfparse *st, int ret, char multiplier,
		     long long *bytes)
{
	char memtype = 0;
	if (ret == 4) {
		if (strlen(st->typestring) == 1 && st->typestring[0] != '/')
			memtype = st->typestring[0];
		else
			return 0;	/* "Parsing type identifier ... failed" */
	}
	if (strcmp(st->name, "Device Feature") == 0)
		memtype = 'e';		/* dfu-util's STM32F4 quirk */
	switch (multiplier) {
	case 'B':
		break;
	case 'K':
		*bytes *= 1024;
		break;
	case 'M':
		*bytes *= 1024 * 1024;
		break;
	case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g':
		if (!memtype)
			memtype = multiplier;	/* "interpreted as type" */
		break;			/* else "assuming bytes" */
	default:
		break;			/* "Non-valid multiplier, assuming bytes" */
	}
	return memtype;			/* 0: "No valid type for segment" */
}

/* The runs after one "/0xADDR/": dfu-util's inner loop. */
static bool parse_runs(struct dfparse *st, const char **pp, unsigned address)
{
	const char *p = *pp;
	int sectors, size, ret, n = -1;
	char multiplier;
	/* cppcheck-suppress invalidscanf */
	while ((ret = sscanf(p, "%d*%d%c%[^,/]%n", &sectors, &size,
			     &multiplier, st->typestring, &n)) > 2) {
		/* Without a type (ret 3) %n is not stored and dfu-util
		 * advances by the stale count of the previous match; do
		 * the same, but never past the end of the string, where
		 * dfu-util would read out of bounds. */
		if (n >= 0)
			st->scanned = n;
		size_t left = strlen(p);
		p += (size_t)st->scanned <= left ? (size_t)st->scanned : left;
		n = -1;
		long long bytes = size;
		char memtype = run_type(st, ret, multiplier, &bytes);
		if (!memtype)
			continue;
		if (sectors <= 0 || bytes <= 0 || bytes > 0x7fffffffLL ||
		    (long long)sectors * bytes > 0x7fffffffLL) {
			snprintf(st->why, st->whylen, "run %d*%d overflows "
				 "dfu-util's int arithmetic", sectors, size);
			return false;
		}
		if (!add_seg(st->segs, &st->nsegs, address, bytes * sectors,
			     (int)bytes, memtype)) {
			snprintf(st->why, st->whylen, "more than %d runs",
				 DFUSE_MAX_SEGS);
			return false;
		}
		address += (unsigned int)(bytes * sectors);
		if (*p != ',')
			break;
		p++;
	}
	*pp = p;
	return true;
}

bool dfuse_parse(struct arena *a, const char *desc, struct ldr_dfuse *out,
		 char *why, size_t whylen)
{
	size_t len = strlen(desc) + 1;
	struct dfparse *st = xmalloc(sizeof *st);	/* segs[] unread until set */
	st->name = NULL;
	st->scanned = 0;
	st->nsegs = 0;
	char *name = xmalloc(len);
	st->typestring = xmalloc(len);
	st->why = why;
	st->whylen = whylen;
	out->nsegs = 0;
	out->segs = NULL;
	bool ok = true;
	unsigned int address;
	/* the buffers are as long as the string: no width needed */
	/* cppcheck-suppress invalidscanf */
	if (sscanf(desc, "@%[^/]%n", name, &st->scanned) < 1) {
		snprintf(why, whylen, "it does not start with '@' and a name "
			 "(dfu-util: \"Could not read name\")");
		ok = false;
	} else {
		st->name = out->name = arena_strdup(a, name);
		const char *p = desc + st->scanned;
		while (ok && sscanf(p, "/0x%x/%n", &address, &st->scanned) > 0) {
			p += st->scanned;
			ok = parse_runs(st, &p, address);
		}
		if (ok && st->nsegs == 0) {
			snprintf(why, whylen, "it describes no memory segment "
				 "(dfu-util: \"Failed to parse memory layout\")");
			ok = false;
		}
	}
	if (ok) {
		out->segs = arena_alloc(a, st->nsegs * sizeof *out->segs);
		memcpy(out->segs, st->segs, st->nsegs * sizeof *out->segs);
		out->nsegs = st->nsegs;
	}
	free(name);
	free(st->typestring);
	free(st);
	return ok;
}
