/*
 * objects: the input objects a map names, read for one question: are the
 * bytes of this input section all zero?
 *
 * GCC emits any variable with a section attribute as PROGBITS, so a
 * zero-initialised DMA buffer in '.dma_buffer' looks like initialised data
 * in the map.  Only the object file can tell.  Objects are found as ld
 * found them: a relative path is taken from the directory the link ran in
 * (--objdir, else the map's directory, else the current one); an archive
 * member is written 'lib.a(member.o)'.  Objects are opened once and kept
 * (mapped); nothing but the section headers, their names and the
 * asked-for section's bytes is read.  An object that cannot be read is not an error: the
 * answer is "unknown" and the caller falls back on the section's name.
 */
#ifndef LDLINT_OBJECTS_H
#define LDLINT_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

enum obj_bytes {
	OBJ_UNKNOWN,	/* the object or its section could not be read */
	OBJ_ZERO,	/* NOBITS, or every byte zero */
	OBJ_NONZERO,	/* at least one byte is not zero */
};

struct objects;

/* A reader for the objects of one link; 'dirs' (NULL-terminated) are
 * searched in order for relative object paths. */
struct objects *objects_new(const char *const *dirs);

/* What the bytes of input section 'section' of 'file' ('a.o' or
 * 'lib.a(m.o)') are.  'size' is the size the map gives, to pick the right
 * one of several sections of that name. */
enum obj_bytes objects_bytes(struct objects *o, const char *file,
			     const char *section, uint64_t size);

/* How many objects were found and read (for --verbose and tests). */
unsigned objects_read_count(const struct objects *o);

void objects_free(struct objects *o);

#endif
