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

/* Fast paths for the common shapes of the three sscanf() calls: each
 * returns what sscanf would (and stores what it would), or -1 when the
 * text takes a path only sscanf itself should decide (white space, a
 * sign, a prefix inside the number, more digits than fit, the end of the
 * string where a character is expected); the caller then calls sscanf. */

/* Up to 'max' decimal or hex digits at *pp, or -1 past 'max'. */
static long digits(const char **pp, int base, int max)
{
	const char *p = *pp;
	long v = 0;
	int n = 0;
	for (;; p++, n++) {
		int c = (unsigned char)*p, d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (n == max)
			return -1;
		v = v * base + d;
	}
	*pp = p;
	return n ? v : -1;
}

/* "%d*%d%c%[^,/]%n" */
static int scan_run(const char *s, int *sectors, int *size, char *mult,
		    char *type, int *n)
{
	const char *p = s;
	long a, b;
	if ((a = digits(&p, 10, 9)) < 0 || *p != '*')
		return -1;
	p++;
	if ((b = digits(&p, 10, 9)) < 0 || *p == '\0')
		return -1;
	*sectors = (int)a;
	*size = (int)b;
	*mult = *p++;
	size_t t = strcspn(p, ",/");
	if (t == 0)
		return 3;
	memcpy(type, p, t);
	type[t] = '\0';
	*n = (int)(p + t - s);
	return 4;
}

/* "/0x%x/%n" (only its successful shape) */
static int scan_address(const char *s, unsigned *address, int *n)
{
	const char *p = s + 3;
	long v;
	if (s[0] != '/' || s[1] != '0' || s[2] != 'x' ||
	    (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) ||
	    (v = digits(&p, 16, 8)) < 0 || *p != '/')
		return -1;
	*address = (unsigned)v;
	*n = (int)(p + 1 - s);
	return 1;
}

/* The runs after one "/0xADDR/": dfu-util's inner loop. */
static bool parse_runs(struct dfparse *st, const char **pp, unsigned address)
{
	const char *p = *pp;
	int sectors, size, ret, n = -1;
	char multiplier;
	for (;;) {
		ret = scan_run(p, &sectors, &size, &multiplier, st->typestring, &n);
		if (ret < 0)
			/* cppcheck-suppress invalidscanf */
			ret = sscanf(p, "%d*%d%c%[^,/]%n", &sectors, &size,
				     &multiplier, st->typestring, &n);
		if (ret <= 2)
			break;
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

/* dfu-util's "/0x%x/%n" step: false when sscanf would return 0 or EOF. */
static bool next_address(const char *p, unsigned *address, int *scanned)
{
	int ret = scan_address(p, address, scanned);
	if (ret < 0)
		/* cppcheck-suppress invalidscanf */
		ret = sscanf(p, "/0x%x/%n", address, scanned);
	return ret > 0;
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
	size_t nl = desc[0] == '@' ? strcspn(desc + 1, "/") : 0;
	if (nl) {	/* the common shape of "@%[^/]%n" */
		memcpy(name, desc + 1, nl);
		name[nl] = '\0';
		st->scanned = (int)nl + 1;
	}
	/* the buffers are as long as the string: no width needed */
	/* cppcheck-suppress invalidscanf */
	if (!nl && sscanf(desc, "@%[^/]%n", name, &st->scanned) < 1) {
		snprintf(why, whylen, "it does not start with '@' and a name "
			 "(dfu-util: \"Could not read name\")");
		ok = false;
	} else {
		st->name = out->name = arena_strdup(a, name);
		const char *p = desc + st->scanned;
		while (ok && next_address(p, &address, &st->scanned)) {
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
