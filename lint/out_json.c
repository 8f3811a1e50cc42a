/*
 * out_json: the machine contract (DESIGN section 5).  Addresses and sizes
 * are JSON integers; a value the inputs do not determine is null.
 * Bounded like every report (report.h): repeats on a line are one
 * finding with "repeats", at most REPORT_DATA_PER_RULE findings per rule
 * are listed (summary "unlisted" counts the others), messages are cut
 * at REPORT_MESSAGE bytes, notes at REPORT_NOTES per finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ldlint.h"
#include "report.h"
#include "summary.h"

static void kv_val(struct json *j, const char *key, struct val v)
{
	json_key(j, key);
	if (v.known)
		json_u64(j, v.v);
	else
		json_null(j);
}

static void kv_loc(struct json *j, const struct loc *l)
{
	json_kv_string(j, "file", l->file);
	json_key(j, "line");
	if (l->line)
		json_u64(j, l->line);
	else
		json_null(j);
}

static const char *kind_name(enum input_kind k)
{
	static const char *const names[] = {"script", "elf", "map", "device", "loader"};
	return names[k];
}

static void regions(struct json *j, const struct run *run)
{
	json_key(j, "regions");
	json_begin_array(j);
	for (size_t k = 0; k < run->nmodels; k++)
	for (size_t i = 0, n = run->models[k]->nregions; i < n; i++) {
		const struct model *m = run->models[k];
		const struct model_region *r = &m->regions[i];
		json_begin_object(j);
		json_kv_string(j, "name", r->name);
		kv_val(j, "origin", r->origin);
		kv_val(j, "length", r->length);
		json_kv_string(j, "attributes", r->attributes);
		uint64_t used;
		if (model_region_used(m, r, &used))
			json_kv_u64(j, "used", used);
		kv_loc(j, &r->loc);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "aliases");
	json_begin_array(j);
	for (size_t k = 0; k < run->nmodels; k++)
	for (size_t i = 0, n = run->models[k]->naliases; i < n; i++) {
		const struct model *m = run->models[k];
		json_begin_object(j);
		json_kv_string(j, "alias", m->aliases[i].alias);
		json_kv_string(j, "region", m->aliases[i].region);
		kv_loc(j, &m->aliases[i].loc);
		json_end_object(j);
	}
	json_end_array(j);
}

/* "load", "tls", "arm-exidx"... or the number. */
static const char *segment_type(uint32_t type)
{
	static char buf[16];
	switch (type) {
	case 1: return "load";
	case 2: return "dynamic";
	case 3: return "interp";
	case 4: return "note";
	case 6: return "phdr";
	case 7: return "tls";
	case 0x6474e551: return "gnu-stack";
	case 0x70000001: return "arm-exidx";	/* also RISC-V attributes */
	case 0x70000003: return "riscv-attributes";
	default:
		snprintf(buf, sizeof buf, "0x%x", type);
		return buf;
	}
}

static void sections(struct json *j, const struct run *run)
{
	json_key(j, "sections");
	json_begin_array(j);
	for (size_t k = 0; k < run->nmodels; k++)
	for (size_t i = 0, n = run->models[k]->nsections; i < n; i++) {
		const struct model *m = run->models[k];
		const struct model_section *s = &m->sections[i];
		json_begin_object(j);
		json_kv_string(j, "name", s->name);
		kv_val(j, "vma", s->vma);
		kv_val(j, "lma", s->lma);
		kv_val(j, "size", s->size);
		json_kv_string(j, "type", s->elf_type);
		json_kv_string(j, "script_type", s->script_type);
		json_kv_string(j, "flags", s->flags[0] ? s->flags : NULL);
		json_kv_bool(j, "noload", s->noload);
		json_kv_string(j, "region", s->region);
		json_kv_string(j, "lma_region", s->lma_region);
		kv_loc(j, &s->loc);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "segments");
	json_begin_array(j);
	for (size_t k = 0; k < run->nmodels; k++)
	for (size_t i = 0, n = run->models[k]->nsegments; i < n; i++) {
		const struct model_segment *g = &run->models[k]->segments[i];
		char flags[4] = "", *f = flags;
		if (g->flags & 4)
			*f++ = 'r';
		if (g->flags & 2)
			*f++ = 'w';
		if (g->flags & 1)
			*f++ = 'x';
		*f = '\0';
		json_begin_object(j);
		json_kv_string(j, "type", segment_type(g->type));
		json_kv_u64(j, "vaddr", g->vaddr);
		json_kv_u64(j, "paddr", g->paddr);
		json_kv_u64(j, "filesz", g->filesz);
		json_kv_u64(j, "memsz", g->memsz);
		json_kv_string(j, "flags", flags);
		json_key(j, "sections");
		json_begin_array(j);
		for (size_t s2 = 0; s2 < g->nsections; s2++)
			json_string(j, g->sections[s2]);
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void symbols(struct json *j, const struct run *run)
{
	const struct model *m = NULL;
	json_key(j, "symbols");
	json_begin_array(j);
	for (size_t k = 0; k < run->nmodels; k++)
	for (size_t i = 0, n = run->models[k]->nsymbols; i < n; i++) {
		m = run->models[k];
		const struct model_symbol *s = &m->symbols[i];
		if (!model_symbol_wanted(s->name) && !s->from_elf &&
		    !(m->entry && !strcmp(m->entry, s->name)))
			continue;
		json_begin_object(j);
		json_kv_string(j, "name", s->name);
		kv_val(j, "value", s->value);
		json_end_object(j);
	}
	json_end_array(j);
	m = run->nmodels ? run->models[0] : NULL;
	json_kv_string(j, "entry", m ? m->entry : NULL);
}

static void finding(struct json *j, const struct finding *f)
{
	char *tofree;
	json_begin_object(j);
	json_kv_string(j, "rule", f->id);
	json_kv_string(j, "severity", severity_name(f->severity));
	json_kv_string(j, "message", report_message(f->message, &tofree));
	free(tofree);
	kv_loc(j, &f->loc);
	json_key(j, "col");
	if (f->loc.col)
		json_u64(j, f->loc.col);
	else
		json_null(j);
	if (f->repeats)
		json_kv_u64(j, "repeats", f->repeats);
	json_key(j, "notes");
	json_begin_array(j);
	unsigned k = 0;
	for (const struct note *n = f->notes; n && k < REPORT_NOTES; n = n->next, k++) {
		json_begin_object(j);
		json_kv_string(j, "message", report_message(n->message, &tofree));
		free(tofree);
		kv_loc(j, &n->loc);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

/* The findings, at most REPORT_DATA_PER_RULE per rule; the summary
 * counts them all (repeats and unlisted ones included). */
static void findings(struct json *j, const struct diag *d)
{
	struct report_cap cap;
	report_cap_init(&cap, d, REPORT_DATA_PER_RULE);
	json_key(j, "findings");
	json_begin_array(j);
	for (const struct finding *f = d->head; f; f = f->next)
		if (report_take(&cap, f))
			finding(j, f);
	json_end_array(j);
	json_key(j, "summary");
	json_begin_object(j);
	json_kv_u64(j, "error", diag_total(d, SEV_ERROR));
	json_kv_u64(j, "warning", diag_total(d, SEV_WARNING));
	json_kv_u64(j, "note", diag_total(d, SEV_NOTE));
	if (cap.unlisted_total)
		json_kv_u64(j, "unlisted", cap.unlisted_total);
	json_end_object(j);
	report_cap_free(&cap);
}

void out_json(FILE *f, const struct run *r)
{
	struct json j;
	json_init(&j, f);
	json_begin_object(&j);
	json_kv_u64(&j, "version", 1);
	json_key(&j, "tool");
	json_begin_object(&j);
	json_kv_string(&j, "name", "ldlint");
	json_kv_string(&j, "version", LDLINT_VERSION);
	json_end_object(&j);
	json_key(&j, "inputs");
	json_begin_array(&j);
	for (size_t i = 0; i < r->ninputs; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "kind", kind_name(r->inputs[i].kind));
		json_kv_string(&j, "path", r->inputs[i].path);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_kv_string(&j, "device", r->device);
	json_kv_string(&j, "loader", r->loader);
	regions(&j, r);
	sections(&j, r);
	symbols(&j, r);
	out_size_json(&j, r);
	findings(&j, r->diag);
	json_end_object(&j);
}
