/*
 * out_device: --show-device and --list-devices.
 *
 * The text form of --show-device is a set of tables meant for a person
 * checking a description against the reference manual: every memory with
 * its end address and size, every flash bank with its sector runs numbered
 * as the manual numbers them, windows, reserved ranges, execute-never
 * areas, and for a loader what it occupies, reserves, writes and how.  The
 * JSON form is DESIGN section 5's resolved description: sectors expanded
 * to {base, size}, banks listed, locations included.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devdb.h"
#include "devfile.h"
#include "json.h"
#include "out_device.h"

/* --- formatting helpers ---------------------------------------------- */

static const char *size_str(uint64_t n, char *buf, size_t len)
{
	if (n && n % (1024 * 1024) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(n >> 20));
	else if (n && n % 1024 == 0)
		snprintf(buf, len, "%llu KiB", (unsigned long long)(n >> 10));
	else
		snprintf(buf, len, "%llu B", (unsigned long long)n);
	return buf;
}

static unsigned long long U(uint64_t v)
{
	return (unsigned long long)v;
}

static const char *how_name(enum write_how h)
{
	switch (h) {
	case WRITE_YES: return "yes";
	case WRITE_DEBUG_ONLY: return "debug-only";
	case WRITE_NEEDS: return "needs";
	case WRITE_NO: break;
	}
	return "no";
}

static const char *rww_name(enum rww r)
{
	switch (r) {
	case RWW_NONE: return "none";
	case RWW_OTHER_BANK: return "other-bank";
	case RWW_YES: return "yes";
	case RWW_UNSPECIFIED: break;
	}
	return NULL;
}

/* --- text: devices --------------------------------------------------- */

static void memory_notes(struct strbuf *f, const struct dev_memory *m)
{
	const char *sep = "";
	if (m->boot)
		sb_printf(f, "%sboot", sep), sep = "; ";
	if (m->alias_of)
		sb_printf(f, "%salias of %s", sep, m->alias_of), sep = "; ";
	else if (m->is_alias)
		sb_printf(f, "%salias", sep), sep = "; ";
	if (m->dma == DMA_NONE)
		sb_printf(f, "%sno DMA", sep), sep = "; ";
	else if (m->dma == DMA_ALL)
		sb_printf(f, "%sDMA: all", sep), sep = "; ";
	else if (m->dma == DMA_LIST) {
		sb_printf(f, "%sDMA: ", sep);
		for (size_t i = 0; i < m->ndma; i++)
			sb_printf(f, "%s%s", i ? ", " : "", m->dma_masters[i]);
		sb_printf(f, " only");
		sep = "; ";
	}
	if (m->flash) {
		uint64_t n = 0;
		for (size_t i = 0; i < m->flash->nbanks; i++)
			n += m->flash->banks[i].nsectors;
		sb_printf(f, "%s%llu sector%s in %zu bank%s", sep, U(n),
			  n == 1 ? "" : "s", m->flash->nbanks,
			  m->flash->nbanks == 1 ? "" : "s");
		sep = "; ";
	}
	if (m->init_requires)
		sb_printf(f, "%sneeds init: %s", sep, m->init_requires), sep = "; ";
	if (m->security != SEC_UNSPECIFIED)
		sb_printf(f, "%s%s", sep, m->security == SEC_SECURE ? "secure" :
			  "non-secure"), sep = "; ";
	if (m->description)
		sb_printf(f, "%s%s", sep, m->description);
}

/* Prints 'line' without trailing blanks, then a newline; empties it. */
static void put_line(FILE *f, struct strbuf *line)
{
	size_t n = line->len;
	while (n > 0 && line->buf[n - 1] == ' ')
		n--;
	fprintf(f, "%.*s\n", (int)n, line->buf ? line->buf : "");
	line->len = 0;
	if (line->buf)
		line->buf[0] = '\0';
}

static void show_bank(FILE *f, const struct dev_memory *m,
		      const struct dev_bank *b)
{
	char s1[32];
	fprintf(f, "  bank %s  0x%08llx-0x%08llx  %s\n", b->name, U(b->base),
		U(b->base + b->size - 1), size_str(b->size, s1, sizeof s1));
	uint64_t base = b->base, num = b->first_sector;
	for (size_t r = 0; r < b->nruns; r++) {
		const struct dev_run *run = &b->runs[r];
		char range[32];
		if (run->count == 1)
			snprintf(range, sizeof range, "sector  %llu", U(num));
		else
			snprintf(range, sizeof range, "sectors %llu-%llu", U(num),
				 U(num + run->count - 1));
		fprintf(f, "    %-16s 0x%08llx-0x%08llx  %llu x %s\n", range,
			U(base), U(base + run->count * run->size - 1), U(run->count),
			size_str(run->size, s1, sizeof s1));
		base += run->count * run->size;
		num += run->count;
	}
	(void)m;
}

static void show_flash(FILE *f, const struct dev_memory *m)
{
	const struct dev_flash *fl = m->flash;
	char s1[32];
	fprintf(f, "\n%s flash layout:", m->name);
	if (fl->write_unit)
		fprintf(f, " write unit %s,", size_str(fl->write_unit, s1, sizeof s1));
	if (fl->erased >= 0)
		fprintf(f, " erased 0x%02x,", (unsigned)fl->erased);
	if (rww_name(fl->rww))
		fprintf(f, " read-while-write: %s,", rww_name(fl->rww));
	fprintf(f, " %zu bank%s\n", fl->nbanks, fl->nbanks == 1 ? "" : "s");
	for (size_t i = 0; i < fl->nbanks; i++)
		show_bank(f, m, &fl->banks[i]);
}

static void show_reserved_text(FILE *f, const struct dev_reserved *r, size_t n,
			       const char *title)
{
	if (!n)
		return;
	fprintf(f, "\n%-10s  %-10s  %-10s  %-9s  %-16s  %s\n", title, "START", "END",
		"SIZE", "BY", "REASON");
	char s1[32];
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%-10s  ", "");
		if (r[i].size)
			fprintf(f, "0x%08llx  0x%08llx  %-9s  ", U(r[i].base),
				U(r[i].base + r[i].size - 1),
				size_str(r[i].size, s1, sizeof s1));
		else
			fprintf(f, "memory %-27s  ", r[i].memory);
		fprintf(f, "%-16s  %s", r[i].by, r[i].reason);
		if (r[i].load_image_only)
			fprintf(f, " (load-image content only)");
		for (size_t k = 0; k < r[i].nallow; k++)
			fprintf(f, "%s%s", k ? ", " : "; for ", r[i].allow[k]);
		fputc('\n', f);
	}
}

/* "words 0xffffded3 0x00000142/0x0000ffff, end 0xab123579 within 384". */
static void header_words(struct strbuf *sb, const struct dev_boot_header *h)
{
	for (size_t k = 0; k < h->nwords; k++) {
		sb_printf(sb, "%s0x%08" PRIx32, k ? " " : "words ", h->words[k]);
		if (h->mask[k] != 0xFFFFFFFFu)
			sb_printf(sb, "/0x%08" PRIx32, h->mask[k]);
	}
	for (size_t k = 0; k < h->nend; k++)
		sb_printf(sb, "%s0x%08" PRIx32, k ? " " : ", end ", h->end[k]);
	if (h->nend)
		sb_printf(sb, " within %llu bytes", U(h->end_within));
	if (h->crc32)
		sb_printf(sb, "%s%llu bytes ending in their CRC-32", h->nwords ?
			  ", " : "", U(h->crc32));
	if (h->entry >= 0)
		sb_printf(sb, "; word %d is the entry", h->entry);
}

static void show_headers_text(FILE *f, const struct device *d)
{
	if (!d->nboot_headers)
		return;
	fprintf(f, "\n%-14s %-10s  %-10s  %s\n", "BOOT HEADER", "AT", "WITHIN",
		"WHAT");
	struct strbuf sb = {0};
	for (size_t i = 0; i < d->nboot_headers; i++) {
		const struct dev_boot_header *h = &d->boot_headers[i];
		char s1[32];
		fprintf(f, "%-14s 0x%08llx  %-10s  %s\n", h->name, U(h->at),
			h->within ? size_str(h->within, s1, sizeof s1) : "exactly",
			h->what);
		header_words(&sb, h);
		fprintf(f, "%-14s %s\n", "", sb.buf);
		sb.len = 0;
		if (h->hint)
			fprintf(f, "%-14s how: %s\n", "", h->hint);
	}
	sb_free(&sb);
}

void out_device_text(FILE *f, const struct device *d)
{
	char s1[32], acc[4];
	fprintf(f, "%s: %s (%s)\n", d->id, d->description, d->kind);
	fprintf(f, "  file     %s\n", d->path);
	for (const struct device *p = d->parent; p; p = p->parent)
		fprintf(f, "  extends  %s (%s)\n", p->id, p->path);
	for (size_t i = 0; i < d->nmatch; i++)
		fprintf(f, "  match    %s\n", d->match[i]);
	fprintf(f, "  cpu      %s (%s)\n", d->core ? d->core : "?",
		d->arch ? d->arch : "architecture unknown");
	for (const struct device *p = d; p; p = p->parent)
		for (size_t i = 0; i < p->nsources; i++)
			fprintf(f, "  source   %s%s%s%s\n", p->sources[i],
				p == d ? "" : " [", p == d ? "" : p->id,
				p == d ? "" : "]");
	fprintf(f, "\n%-14s %-10s  %-10s  %-9s  %-7s  %-6s  %s\n", "MEMORY", "START",
		"END", "SIZE", "TYPE", "ACCESS", "NOTES");
	struct strbuf line = {0};
	for (size_t i = 0; i < d->nmems; i++) {
		const struct dev_memory *m = &d->mems[i];
		sb_printf(&line, "%-14s 0x%08llx  0x%08llx  %-9s  %-7s  %-6s  ",
			  m->name, U(m->base), U(m->base + m->size - 1),
			  size_str(m->size, s1, sizeof s1), mem_type_name(m->type),
			  access_string(m->access, acc));
		memory_notes(&line, m);
		put_line(f, &line);
	}
	sb_free(&line);
	for (size_t i = 0; i < d->nmems; i++)
		if (d->mems[i].flash)
			show_flash(f, &d->mems[i]);
	if (d->nwindows) {
		fprintf(f, "\n%-14s %-10s  %-10s  %-9s  %-7s  %-6s  %s\n", "WINDOW",
			"START", "END", "SIZE", "TYPE", "ACCESS", "POPULATED BY");
		for (size_t i = 0; i < d->nwindows; i++) {
			const struct dev_window *w = &d->windows[i];
			fprintf(f, "%-14s 0x%08llx  0x%08llx  %-9s  %-7s  %-6s  %s",
				w->name, U(w->base), U(w->base + w->size - 1),
				size_str(w->size, s1, sizeof s1),
				mem_type_name(w->type), access_string(w->access, acc),
				w->populated_by ? w->populated_by->name : "-");
			if (w->init_requires)
				fprintf(f, "; needs init: %s", w->init_requires);
			if (w->description)
				fprintf(f, "; %s", w->description);
			fputc('\n', f);
		}
	}
	show_reserved_text(f, d->reserved, d->nreserved, "RESERVED");
	show_headers_text(f, d);
	if (d->nxn) {
		fprintf(f, "\n%-14s %-10s  %-10s  %-3s  %s\n", "EXECUTE-NEVER",
			"START", "END", "MPU", "REASON");
		for (size_t i = 0; i < d->nxn; i++)
			fprintf(f, "%-14s 0x%08llx  0x%08llx  %-3s  %s\n", "",
				U(d->xn[i].base), U(d->xn[i].base + d->xn[i].size - 1),
				d->xn[i].mpu_can_clear ? "can" : "no",
				d->xn[i].reason);
	}
}

/* --- text: loaders --------------------------------------------------- */

static void range_text(FILE *f, const struct ldr_range *r)
{
	char s1[32];
	if (r->resolved)
		fprintf(f, "0x%08llx  0x%08llx  %-9s", U(r->base),
			U(r->base + r->size - 1), size_str(r->size, s1, sizeof s1));
	else if (r->memory)
		fprintf(f, "memory %-26s", r->memory);
	else {
		char what[64];
		snprintf(what, sizeof what, "every %s memory",
			 mem_type_name((enum mem_type)r->type));
		fprintf(f, "%-33s", what);
	}
}

static void show_part_text(FILE *f, const struct ldr_part *p, const char *indent)
{
	char s1[32];
	if (p->image_format) {
		fprintf(f, "%simage    %s", indent, p->image_format);
		if (p->has_download_at)
			fprintf(f, ", written at 0x%08llx", U(p->download_at));
		fputc('\n', f);
	}
	if (p->message)
		fprintf(f, "%smessage  \"%s\"\n", indent, p->message);
	if (p->has_transfer_size)
		fprintf(f, "%stransfer %s\n", indent,
			size_str(p->transfer_size, s1, sizeof s1));
	if (p->noccupies) {
		fprintf(f, "%sOCCUPIES\n", indent);
		for (size_t i = 0; i < p->noccupies; i++) {
			fprintf(f, "%s  ", indent);
			range_text(f, &p->occupies[i]);
			if (p->occupies[i].note)
				fprintf(f, "  %s", p->occupies[i].note);
			fputc('\n', f);
		}
	}
	if (p->nreserves)
		show_reserved_text(f, p->reserves, p->nreserves, "RESERVES");
	if (p->nwrites) {
		fprintf(f, "%sWRITES\n", indent);
		for (size_t i = 0; i < p->nwrites; i++) {
			const struct ldr_range *w = &p->writes[i];
			fprintf(f, "%s  ", indent);
			range_text(f, w);
			fprintf(f, "  %s", how_name(w->how));
			if (w->dfuse_alt >= 0 || w->requires || w->note)
				fprintf(f, "%*s", 10 - (int)strlen(how_name(w->how)), "");
			if (w->dfuse_alt >= 0)
				fprintf(f, "  DfuSe alt %d, %s pages", w->dfuse_alt,
					size_str(w->page, s1, sizeof s1));
			if (w->requires)
				fprintf(f, "  requires %s", w->requires);
			if (w->note)
				fprintf(f, "  (%s)", w->note);
			fputc('\n', f);
		}
	}
	if (p->nruns_from) {
		fprintf(f, "%sRUNS FROM\n", indent);
		for (size_t i = 0; i < p->nruns_from; i++) {
			const struct ldr_range *r = &p->runs_from[i];
			fprintf(f, "%s  %-8s ", indent, r->name ? r->name : "");
			range_text(f, r);
			if (r->has_stored_at)
				fprintf(f, "  stored at 0x%08llx", U(r->stored_at));
			if (r->note)
				fprintf(f, "  (%s)", r->note);
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < p->ndfuse; i++) {
		const struct ldr_dfuse *df = &p->dfuse[i];
		fprintf(f, "%sDFUSE alt %zu \"%s\"\n", indent, i, df->text);
		for (size_t s = 0; s < df->nsegs; s++) {
			const struct dfuse_segment *sg = &df->segs[s];
			fprintf(f, "%s  0x%08llx  0x%08llx  %-9s  %llu x %s  %s%s%s\n",
				indent, U(sg->start), U(sg->end),
				size_str(sg->end - sg->start + 1, s1, sizeof s1),
				U((sg->end - sg->start + 1) / sg->pagesize),
				size_str(sg->pagesize, (char[32]){0}, 32),
				sg->memtype & 1 ? "r" : "-", sg->memtype & 2 ? "e" : "-",
				sg->memtype & 4 ? "w" : "-");
		}
	}
}

/* The loader as bound (device given) or as written with its variants. */
void out_loader_text(FILE *f, const struct loader *l,
			     const struct ldr_raw *raw)
{
	fprintf(f, "%s: %s (loader%s%s)\n", l->id, l->description,
		l->device ? ", for " : "", l->device ? l->device->id : "");
	fprintf(f, "  file     %s\n", l->path);
	fprintf(f, "  tool     %s\n", l->tool);
	fprintf(f, "  applies  ");
	for (size_t i = 0; i < l->napplies; i++)
		fprintf(f, "%s%s", i ? ", " : "", l->applies_to[i]);
	fputc('\n', f);
	if (l->variant && *l->variant)
		fprintf(f, "  variant  %s\n", l->variant);
	for (size_t i = 0; i < l->nsources; i++)
		fprintf(f, "  source   %s\n", l->sources[i]);
	if (l->device) {
		struct ldr_part p = {0};
		p.image_format = l->image_format;
		p.has_download_at = l->has_download_at;
		p.download_at = l->download_at;
		p.message = l->message;
		p.has_transfer_size = l->transfer_size != 0;
		p.transfer_size = l->transfer_size;
		p.occupies = l->occupies, p.noccupies = l->noccupies;
		p.reserves = l->reserves, p.nreserves = l->nreserves;
		p.writes = l->writes, p.nwrites = l->nwrites;
		p.runs_from = l->runs_from, p.nruns_from = l->nruns_from;
		p.dfuse = l->dfuse, p.ndfuse = l->ndfuse;
		fputc('\n', f);
		show_part_text(f, &p, "");
		return;
	}
	fputc('\n', f);
	show_part_text(f, &raw->base, "");
	for (size_t i = 0; i < raw->nvariants; i++) {
		const struct ldr_variant *v = &raw->variants[i];
		fprintf(f, "\nvariant for ");
		for (size_t k = 0; k < v->nmatch; k++)
			fprintf(f, "%s%s", k ? ", " : "", v->match[k]);
		if (v->part.description)
			fprintf(f, ": %s", v->part.description);
		fputc('\n', f);
		show_part_text(f, &v->part, "  ");
	}
}

/* --- JSON ------------------------------------------------------------ */

static void kv_loc(struct json *j, struct loc l)
{
	json_kv_string(j, "file", l.file);
	json_key(j, "line");
	if (l.line)
		json_u64(j, l.line);
	else
		json_null(j);
}

static void strlist(struct json *j, const char *key, const char **v, size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		json_string(j, v[i]);
	json_end_array(j);
}

static void json_bank(struct json *j, const struct dev_bank *b)
{
	json_begin_object(j);
	json_kv_string(j, "name", b->name);
	json_kv_u64(j, "base", b->base);
	json_kv_u64(j, "size", b->size);
	json_kv_u64(j, "first_sector", b->first_sector);
	json_key(j, "sectors");
	json_begin_array(j);
	uint64_t base = b->base, num = b->first_sector;
	for (size_t r = 0; r < b->nruns; r++)
		for (uint64_t k = 0; k < b->runs[r].count; k++) {
			json_begin_object(j);
			json_kv_u64(j, "number", num++);
			json_kv_u64(j, "base", base);
			json_kv_u64(j, "size", b->runs[r].size);
			json_end_object(j);
			base += b->runs[r].size;
		}
	json_end_array(j);
	kv_loc(j, b->loc);
	json_end_object(j);
}

static void json_flash(struct json *j, const struct dev_flash *fl)
{
	json_key(j, "flash");
	json_begin_object(j);
	json_key(j, "write_unit");
	if (fl->write_unit)
		json_u64(j, fl->write_unit);
	else
		json_null(j);
	json_key(j, "erased");
	if (fl->erased >= 0)
		json_u64(j, (uint64_t)fl->erased);
	else
		json_null(j);
	json_kv_string(j, "rww", rww_name(fl->rww));
	json_key(j, "banks");
	json_begin_array(j);
	for (size_t i = 0; i < fl->nbanks; i++)
		json_bank(j, &fl->banks[i]);
	json_end_array(j);
	json_end_object(j);
}

static void json_memory(struct json *j, const struct dev_memory *m)
{
	char acc[4];
	json_begin_object(j);
	json_kv_string(j, "name", m->name);
	json_kv_u64(j, "base", m->base);
	json_kv_u64(j, "size", m->size);
	json_kv_string(j, "type", mem_type_name(m->type));
	json_kv_string(j, "access", access_string(m->access, acc));
	json_kv_bool(j, "volatile", mem_type_volatile(m->type));
	json_kv_bool(j, "boot", m->boot);
	json_kv_string(j, "alias_of", m->alias_of);
	if (m->dma == DMA_LIST)
		strlist(j, "dma", m->dma_masters, m->ndma);
	else {
		json_key(j, "dma");
		json_string(j, m->dma == DMA_ALL ? "all" : m->dma == DMA_NONE ?
			    "none" : NULL);
	}
	json_kv_string(j, "init_requires", m->init_requires);
	json_kv_string(j, "security", m->security == SEC_SECURE ? "secure" :
		       m->security == SEC_NONSECURE ? "non-secure" : NULL);
	json_kv_string(j, "description", m->description);
	json_kv_string(j, "from", m->from);
	if (m->flash)
		json_flash(j, m->flash);
	kv_loc(j, m->loc);
	json_end_object(j);
}

static void json_reserved(struct json *j, const char *key,
			  const struct dev_reserved *r, size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		if (r[i].size) {
			json_kv_u64(j, "base", r[i].base);
			json_kv_u64(j, "size", r[i].size);
		} else {
			json_kv_string(j, "memory", r[i].memory);
		}
		json_kv_string(j, "by", r[i].by);
		json_kv_string(j, "reason", r[i].reason);
		json_kv_string(j, "scope", r[i].load_image_only ? "load-image" : "all");
		strlist(j, "allow", r[i].allow, r[i].nallow);
		kv_loc(j, r[i].loc);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_word_list(struct json *j, const char *key, const uint32_t *w,
			   size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		json_u64(j, w[i]);
	json_end_array(j);
}

static void json_headers(struct json *j, const struct device *d)
{
	json_key(j, "boot_header");
	json_begin_array(j);
	for (size_t i = 0; i < d->nboot_headers; i++) {
		const struct dev_boot_header *h = &d->boot_headers[i];
		json_begin_object(j);
		json_kv_string(j, "name", h->name);
		json_kv_string(j, "what", h->what);
		json_kv_string(j, "hint", h->hint);
		json_kv_u64(j, "at", h->at);
		json_kv_u64(j, "within", h->within);
		json_kv_u64(j, "align", h->align);
		json_word_list(j, "words", h->words, h->nwords);
		json_word_list(j, "mask", h->mask, h->nwords);
		json_word_list(j, "end", h->end, h->nend);
		json_kv_u64(j, "end_within", h->end_within);
		json_kv_u64(j, "crc32", h->crc32);
		json_key(j, "entry");
		if (h->entry >= 0)
			json_u64(j, (uint64_t)h->entry);
		else
			json_null(j);
		json_kv_string(j, "from", h->from);
		kv_loc(j, h->loc);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_device(struct json *j, const struct device *d)
{
	char acc[4];
	json_begin_object(j);
	json_kv_string(j, "id", d->id);
	json_kv_string(j, "kind", d->kind);
	json_kv_string(j, "description", d->description);
	json_kv_string(j, "file", d->path);
	json_key(j, "extends");
	json_begin_array(j);
	for (const struct device *p = d->parent; p; p = p->parent)
		json_string(j, p->id);
	json_end_array(j);
	strlist(j, "match", d->match, d->nmatch);
	json_key(j, "cpu");
	json_begin_object(j);
	json_kv_string(j, "core", d->core);
	json_kv_string(j, "arch", d->arch);
	json_end_object(j);
	json_key(j, "sources");
	json_begin_array(j);
	for (const struct device *p = d; p; p = p->parent)
		for (size_t i = 0; i < p->nsources; i++)
			json_string(j, p->sources[i]);
	json_end_array(j);
	json_key(j, "memories");
	json_begin_array(j);
	for (size_t i = 0; i < d->nmems; i++)
		json_memory(j, &d->mems[i]);
	json_end_array(j);
	json_key(j, "windows");
	json_begin_array(j);
	for (size_t i = 0; i < d->nwindows; i++) {
		const struct dev_window *w = &d->windows[i];
		json_begin_object(j);
		json_kv_string(j, "name", w->name);
		json_kv_u64(j, "base", w->base);
		json_kv_u64(j, "size", w->size);
		json_kv_string(j, "type", mem_type_name(w->type));
		json_kv_string(j, "access", access_string(w->access, acc));
		json_kv_string(j, "init_requires", w->init_requires);
		json_kv_string(j, "populated_by",
			       w->populated_by ? w->populated_by->name : NULL);
		kv_loc(j, w->loc);
		json_end_object(j);
	}
	json_end_array(j);
	json_reserved(j, "reserved", d->reserved, d->nreserved);
	json_headers(j, d);
	json_key(j, "execute_never");
	json_begin_array(j);
	for (size_t i = 0; i < d->nxn; i++) {
		json_begin_object(j);
		json_kv_u64(j, "base", d->xn[i].base);
		json_kv_u64(j, "size", d->xn[i].size);
		json_kv_bool(j, "mpu_can_clear", d->xn[i].mpu_can_clear);
		json_kv_string(j, "reason", d->xn[i].reason);
		kv_loc(j, d->xn[i].loc);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void json_ranges(struct json *j, const char *key,
			const struct ldr_range *r, size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		if (r[i].name)
			json_kv_string(j, "name", r[i].name);
		if (r[i].resolved) {
			json_kv_u64(j, "base", r[i].base);
			json_kv_u64(j, "size", r[i].size);
		}
		json_kv_string(j, "memory", r[i].memory);
		if (r[i].type >= 0 && !r[i].resolved)
			json_kv_string(j, "type", mem_type_name((enum mem_type)r[i].type));
		if (!strcmp(key, "writes")) {
			json_kv_string(j, "how", how_name(r[i].how));
			json_kv_string(j, "requires", r[i].requires);
			json_key(j, "dfuse_alt");
			if (r[i].dfuse_alt >= 0)
				json_u64(j, (uint64_t)r[i].dfuse_alt);
			else
				json_null(j);
		}
		if (r[i].has_stored_at)
			json_kv_u64(j, "stored_at", r[i].stored_at);
		json_kv_string(j, "note", r[i].note);
		kv_loc(j, r[i].loc);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_dfuse(struct json *j, const struct ldr_dfuse *df, size_t n);

/* A variant as written (loader shown without a device). */
static void json_variant(struct json *j, const struct ldr_variant *v)
{
	const struct ldr_part *p = &v->part;
	json_begin_object(j);
	strlist(j, "match", v->match, v->nmatch);
	json_kv_string(j, "description", p->description);
	json_ranges(j, "occupies", p->occupies, p->noccupies);
	json_reserved(j, "reserves", p->reserves, p->nreserves);
	json_ranges(j, "writes", p->writes, p->nwrites);
	json_ranges(j, "runs_from", p->runs_from, p->nruns_from);
	json_dfuse(j, p->dfuse, p->ndfuse);
	kv_loc(j, v->loc);
	json_end_object(j);
}

static void json_loader(struct json *j, const struct loader *l,
			const struct ldr_raw *raw)
{
	json_begin_object(j);
	json_kv_string(j, "id", l->id);
	json_kv_string(j, "kind", "loader");
	json_kv_string(j, "description", l->description);
	json_kv_string(j, "file", l->path);
	json_kv_string(j, "tool", l->tool);
	json_kv_string(j, "device", l->device ? l->device->id : NULL);
	json_kv_string(j, "variant", l->variant);
	strlist(j, "applies_to", l->applies_to, l->napplies);
	strlist(j, "sources", l->sources, l->nsources);
	json_key(j, "image");
	json_begin_object(j);
	json_kv_string(j, "format", l->image_format);
	json_key(j, "download_at");
	if (l->has_download_at)
		json_u64(j, l->download_at);
	else
		json_null(j);
	json_end_object(j);
	json_kv_string(j, "message", l->message);
	json_ranges(j, "occupies", l->occupies, l->noccupies);
	json_reserved(j, "reserves", l->reserves, l->nreserves);
	json_ranges(j, "writes", l->writes, l->nwrites);
	json_ranges(j, "runs_from", l->runs_from, l->nruns_from);
	json_dfuse(j, l->dfuse, l->ndfuse);
	if (!l->device && raw) {
		json_key(j, "variants");
		json_begin_array(j);
		for (size_t i = 0; i < raw->nvariants; i++)
			json_variant(j, &raw->variants[i]);
		json_end_array(j);
	}
	json_end_object(j);
}

static void json_dfuse(struct json *j, const struct ldr_dfuse *df, size_t n)
{
	json_key(j, "dfuse");
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_kv_u64(j, "alt", i);
		json_kv_string(j, "text", df[i].text);
		json_kv_string(j, "name", df[i].name);
		json_key(j, "segments");
		json_begin_array(j);
		for (size_t s = 0; s < df[i].nsegs; s++) {
			const struct dfuse_segment *sg = &df[i].segs[s];
			json_begin_object(j);
			json_kv_u64(j, "base", sg->start);
			json_kv_u64(j, "size", sg->end - sg->start + 1);
			json_kv_u64(j, "page", sg->pagesize);
			json_kv_bool(j, "readable", sg->memtype & 1);
			json_kv_bool(j, "erasable", sg->memtype & 2);
			json_kv_bool(j, "writable", sg->memtype & 4);
			json_end_object(j);
		}
		json_end_array(j);
		kv_loc(j, df[i].loc);
		json_end_object(j);
	}
	json_end_array(j);
}

void out_device_json(FILE *f, const struct device *d)
{
	struct json j;
	json_init(&j, f);
	json_device(&j, d);
}

void out_loader_json(FILE *f, const struct loader *l, const struct ldr_raw *raw)
{
	struct json j;
	json_init(&j, f);
	json_loader(&j, l, raw);
}

void out_device_list(FILE *f, const struct devdb_entry *v, size_t n, bool json)
{
	if (json) {
		struct json j;
		json_init(&j, f);
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++) {
			json_begin_object(&j);
			json_kv_string(&j, "id", v[i].id);
			json_kv_string(&j, "kind", v[i].kind);
			json_kv_string(&j, "description", v[i].description);
			json_kv_string(&j, "file", v[i].path);
			json_end_object(&j);
		}
		json_end_array(&j);
	} else {
		fprintf(f, "%-20s %-7s %s\n", "ID", "KIND", "DESCRIPTION");
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%-20s %-7s %s\n", v[i].id, v[i].kind, v[i].description);
	}
}
