/*
 * device: questions about a resolved device, board or loader (which
 * memory holds an address, can it execute or be written there, which
 * erase sector and bank, what a loader writes and what it would print),
 * and the small helpers the description readers share (memory type names
 * and defaults, id globs, reporting a bad description).  devdb.c finds and
 * resolves descriptions; devfile.c and probers.c read them.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>

#include "device.h"

/* --- names ------------------------------------------------------------ */

static const char *const type_names[MEM_TYPE_COUNT] = {
	"flash", "rom", "otp", "option", "ram", "ext-ram", "xip", "mmio"
};

const char *mem_type_name(enum mem_type t)
{
	return t < MEM_TYPE_COUNT ? type_names[t] : "?";
}

bool mem_type_nonvolatile(enum mem_type t)
{
	return t == MEM_FLASH || t == MEM_ROM || t == MEM_OTP ||
	       t == MEM_OPTION || t == MEM_XIP;
}

bool mem_type_volatile(enum mem_type t)
{
	return t == MEM_RAM || t == MEM_EXT_RAM;
}

unsigned mem_type_access(enum mem_type t)
{
	switch (t) {
	case MEM_FLASH: case MEM_ROM: case MEM_XIP:
		return ACC_R | ACC_X;
	case MEM_OTP: case MEM_OPTION:
		return ACC_R;
	case MEM_RAM:
		return ACC_R | ACC_W | ACC_X;
	case MEM_EXT_RAM: case MEM_MMIO:
		return ACC_R | ACC_W;
	case MEM_TYPE_COUNT:
		break;
	}
	return 0;
}

const char *access_string(unsigned access, char buf[4])
{
	buf[0] = access & ACC_R ? 'r' : '-';
	buf[1] = access & ACC_W ? 'w' : '-';
	buf[2] = access & ACC_X ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

static int tolower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Iterative matching with one backtrack point (the last '*'): linear in
 * practice and at worst O(len(p) * len(s)), never exponential. */
bool dev_glob(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
		} else if (*p && (*p == '?' || tolower_ascii(*p) == tolower_ascii(*s))) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool dev_ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	/* without forming a + as, which can wrap at the top of the space */
	return a < b ? b - a < as : a - b < bs;
}

struct finding *dev_error(struct devdb *db, struct loc l, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	db->failed = true;
	return diag_report(db->diag, "device-file", l, "%s", buf);
}

/* --- queries --------------------------------------------------------- */

static bool in(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

const struct dev_memory *device_memory_at(const struct device *d, uint64_t addr)
{
	for (size_t i = 0; i < d->nmems; i++)
		if (in(addr, d->mems[i].base, d->mems[i].size))
			return &d->mems[i];
	return NULL;
}

const struct dev_memory *device_memory_range(const struct device *d,
					     uint64_t addr, uint64_t size)
{
	const struct dev_memory *m = device_memory_at(d, addr);
	if (!m || (size && (size - 1 > m->base + m->size - 1 - addr)))
		return NULL;
	return m;
}

const struct dev_memory *device_memory_named(const struct device *d,
					     const char *name)
{
	for (size_t i = 0; i < d->nmems; i++)
		if (!strcmp(d->mems[i].name, name))
			return &d->mems[i];
	return NULL;
}

const struct dev_window *device_window_at(const struct device *d, uint64_t addr)
{
	if (device_memory_at(d, addr))
		return NULL;
	for (size_t i = 0; i < d->nwindows; i++)
		if (in(addr, d->windows[i].base, d->windows[i].size))
			return &d->windows[i];
	return NULL;
}

const struct dev_memory *device_resolve_alias(const struct dev_memory *m,
					      uint64_t addr, uint64_t *target)
{
	if (m->alias) {
		*target = m->alias->base + (addr - m->base);
		return m->alias;
	}
	*target = addr;
	return m;
}

const struct dev_xn *device_xn_at(const struct device *d, uint64_t addr)
{
	const struct dev_xn *best = NULL;
	for (size_t i = 0; i < d->nxn; i++)
		if (in(addr, d->xn[i].base, d->xn[i].size) &&
		    (!best || (best->mpu_can_clear && !d->xn[i].mpu_can_clear)))
			best = &d->xn[i];
	return best;
}

enum exec_verdict device_exec_at(const struct device *d, uint64_t addr,
				 const struct dev_xn **xn,
				 const struct dev_memory **mem)
{
	const struct dev_xn *x = device_xn_at(d, addr);
	const struct dev_memory *m = device_memory_at(d, addr);
	if (xn)
		*xn = x;
	if (mem)
		*mem = m;
	if (x && !x->mpu_can_clear)
		return EXEC_NEVER;
	/* Execute-never is a property of the address: it holds whether or
	 * not a memory is described there, unless the description says the
	 * memory is executable (the board's software opens it with the MPU,
	 * as libDaisy does for the Daisy Seed's SDRAM). */
	if (x)
		return m && (m->access & ACC_X) ? EXEC_MPU : EXEC_XN;
	if (!m)
		return EXEC_NOMEM;
	return m->access & ACC_X ? EXEC_YES : EXEC_NO;
}

bool exec_faults(enum exec_verdict v)
{
	return v == EXEC_NO || v == EXEC_NEVER || v == EXEC_XN;
}

bool device_writable_at(const struct device *d, uint64_t addr)
{
	const struct dev_memory *m = device_memory_at(d, addr);
	return m && (m->access & ACC_W);
}

const struct dev_bank *device_bank_at(const struct device *d, uint64_t addr,
				      const struct dev_memory **mem)
{
	const struct dev_memory *m = device_memory_at(d, addr);
	if (mem)
		*mem = NULL;
	if (!m)
		return NULL;
	uint64_t a;
	m = device_resolve_alias(m, addr, &a);
	if (mem)
		*mem = m;
	if (!m->flash)
		return NULL;
	for (size_t i = 0; i < m->flash->nbanks; i++)
		if (in(a, m->flash->banks[i].base, m->flash->banks[i].size))
			return &m->flash->banks[i];
	return NULL;
}

bool device_sector_at(const struct device *d, uint64_t addr,
		      struct dev_sector *s)
{
	const struct dev_memory *m;
	const struct dev_bank *b = device_bank_at(d, addr, &m);
	if (!b)
		return false;
	uint64_t a;
	device_resolve_alias(device_memory_at(d, addr), addr, &a);
	uint64_t base = b->base, index = 0;
	for (size_t r = 0; r < b->nruns; r++) {
		const struct dev_run *run = &b->runs[r];
		uint64_t span = run->count * run->size;
		if (a - base < span) {
			uint64_t k = (a - base) / run->size;
			s->memory = m;
			s->bank = b;
			s->index = index + k;
			s->number = b->first_sector + (unsigned)(index + k);
			s->base = base + k * run->size;
			s->size = run->size;
			return true;
		}
		base += span;
		index += run->count;
	}
	return false;
}

void device_reserved_in(const struct device *d, const struct loader *l,
			uint64_t addr, uint64_t size,
			bool (*fn)(const struct dev_reserved *, void *), void *arg)
{
	for (size_t i = 0; i < d->nreserved; i++)
		if (dev_ranges_overlap(addr, size, d->reserved[i].base, d->reserved[i].size) &&
		    !fn(&d->reserved[i], arg))
			return;
	for (size_t i = 0; l && i < l->nreserves; i++)
		if (dev_ranges_overlap(addr, size, l->reserves[i].base, l->reserves[i].size) &&
		    !fn(&l->reserves[i], arg))
			return;
}

const struct ldr_range *loader_occupies_at(const struct loader *l, uint64_t addr)
{
	for (size_t i = 0; i < l->noccupies; i++)
		if (l->occupies[i].resolved &&
		    in(addr, l->occupies[i].base, l->occupies[i].size))
			return &l->occupies[i];
	return NULL;
}

static int how_rank(enum write_how h)
{
	return h == WRITE_YES ? 3 : h == WRITE_DEBUG_ONLY ? 2 :
	       h == WRITE_NEEDS ? 1 : 0;
}

const struct ldr_range *loader_write_at(const struct loader *l, uint64_t addr)
{
	const struct ldr_range *best = NULL;
	for (size_t i = 0; i < l->nwrites; i++) {
		const struct ldr_range *w = &l->writes[i];
		if (w->resolved && in(addr, w->base, w->size) &&
		    (!best || how_rank(w->how) > how_rank(best->how)))
			best = w;
	}
	return best;
}

const struct ldr_range *loader_runs_at(const struct loader *l, uint64_t addr)
{
	for (size_t i = 0; i < l->nruns_from; i++)
		if (l->runs_from[i].resolved &&
		    in(addr, l->runs_from[i].base, l->runs_from[i].size))
			return &l->runs_from[i];
	return NULL;
}

uint64_t loader_storage_address(const struct loader *l, uint64_t lma)
{
	const struct ldr_range *r = loader_runs_at(l, lma);
	if (r && r->has_stored_at)
		return r->stored_at + (lma - r->base);
	return lma;
}

/* The first address in [a, last] that no write covers, with the weakest
 * 'how' over the covered part. */
static bool first_gap(const struct loader *l, uint64_t a, uint64_t last,
		      uint64_t *gap, enum write_how *how,
		      const struct ldr_range **why)
{
	*how = WRITE_YES;
	*why = NULL;
	for (;;) {
		const struct ldr_range *w = loader_write_at(l, a);
		if (!w) {
			*gap = a;
			return true;
		}
		if (how_rank(w->how) < how_rank(*how) || !*why)
			*how = w->how, *why = w;
		uint64_t end = w->base + w->size - 1;	/* this write covers to here */
		for (size_t i = 0; i < l->nwrites; i++) {
			const struct ldr_range *o = &l->writes[i];
			if (o->resolved && o->base > a && o->base <= end)
				end = o->base - 1;	/* coverage may change there */
		}
		if (end >= last)
			return false;
		a = end + 1;
	}
}

/* Expands {addr} {last} {start} {end} (0x%08x) and {size} (decimal) in a
 * tool message; "{start:x}" prints %08x without 0x, as elf2uf2 does. */
static void format_message(const char *tmpl, uint64_t addr, uint64_t start,
			   uint64_t size, char *out, size_t outlen)
{
	static const char *const names[] = {"addr", "last", "start", "end", "size"};
	uint64_t vals[] = {addr, start + size - 1, start, start + size, size};
	struct strbuf sb = {0};
	for (const char *p = tmpl; *p; p++) {
		size_t k, n = 0;
		for (k = 0; k < 5; k++) {
			n = strlen(names[k]);
			if (p[0] == '{' && !strncmp(p + 1, names[k], n) &&
			    (p[n + 1] == '}' || !strncmp(p + n + 1, ":x}", 3)))
				break;
		}
		if (k == 5) {
			sb_putc(&sb, *p);
			continue;
		}
		bool raw = p[n + 1] == ':';
		if (k == 4)
			sb_printf(&sb, "%llu", (unsigned long long)vals[k]);
		else
			sb_printf(&sb, raw ? "%08llx" : "0x%08llx",
				  (unsigned long long)vals[k]);
		p += n + (raw ? 3 : 1);
	}
	snprintf(out, outlen, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
}

/* Is 'addr' in a writable run of DfuSe alternate setting 0 (the one
 * 'dfu-util -a 0' downloads to)?  Without DfuSe strings, the loader's
 * plain writes stand for it. */
static bool dfuse_writable(const struct loader *l, uint64_t addr)
{
	if (!l->ndfuse) {
		const struct ldr_range *w = loader_write_at(l, addr);
		return w && w->how == WRITE_YES;
	}
	for (size_t i = 0; i < l->dfuse[0].nsegs; i++) {
		const struct dfuse_segment *s = &l->dfuse[0].segs[i];
		if (s->start <= addr && s->end >= addr)
			return s->memtype & 4;	/* dfu-util takes the first match */
	}
	return false;
}

/* dfu-util's dfuse_dnload_element(): the last byte of the element first,
 * then the start of every transfer chunk; bytes between chunk starts are
 * not checked by dfu-util at all. */
static void dfu_util_message(const struct loader *l, uint64_t start,
			     uint64_t size, uint64_t gap, struct ldr_verdict *v)
{
	if (!dfuse_writable(l, start + size - 1)) {
		format_message("Last page at {last} is not writeable", gap, start,
			       size, v->message, sizeof v->message);
		return;
	}
	if (!l->transfer_size) {
		format_message("Page at {addr} is not writeable (the exact "
			       "address dfu-util prints depends on the device's "
			       "transfer size)", gap, start, size, v->message,
			       sizeof v->message);
		return;
	}
	for (uint64_t p = 0; p < size; p += l->transfer_size)
		if (!dfuse_writable(l, start + p)) {
			format_message("Page at {addr} is not writeable",
				       start + p, start, size, v->message,
				       sizeof v->message);
			return;
		}
	snprintf(v->message, sizeof v->message, "dfu-util checks only the start "
		 "of each %llu-byte transfer and will not notice; the device "
		 "refuses the write at 0x%08llx",
		 (unsigned long long)l->transfer_size, (unsigned long long)gap);
}

void loader_check(const struct loader *l, uint64_t start, uint64_t size,
		  struct ldr_verdict *v)
{
	memset(v, 0, sizeof *v);
	if (size == 0) {
		v->ok = true;
		v->how = WRITE_YES;
		return;
	}
	uint64_t last = start + size - 1, gap = 0;
	v->ok = !first_gap(l, start, last, &gap, &v->how, &v->write);
	if (v->ok)
		return;
	v->how = WRITE_NO;
	v->bad = gap;
	const char *tmpl = l->message ? l->message :
			   "the loader cannot write {addr}";
	if (!strcmp(tmpl, "Last page at {last} is not writeable")) {
		dfu_util_message(l, start, size, gap, v);
		return;
	}
	format_message(tmpl, gap, start, size, v->message, sizeof v->message);
}
