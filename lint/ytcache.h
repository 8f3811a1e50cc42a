/*
 * ytcache: a YAML document's node tree stored in compiled form beside the
 * file ('dir/.NAME.yaml.ytc' for 'dir/NAME.yaml'), so that the device,
 * board and loader descriptions a run reads need no YAML parsing.
 *
 * `make` writes the compiled form of every shipped description
 * (build-aux/ytc.c); ldlint only reads it, and only when it was made from
 * the very bytes of the file it reads now (their length and 64-bit hash,
 * hash_bytes).  Anything else (no such file, an edited description, another
 * byte order, a damaged or hostile file) makes the caller parse the YAML,
 * so a compiled form can make a run faster, never different.
 */
#ifndef LDLINT_YTCACHE_H
#define LDLINT_YTCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "ytree.h"

/* The compiled form's path for 'path' (heap). */
char *ytcache_path(const char *path);

/* *root from the compiled form of 'path', whose text is 'text' (len
 * bytes); false, with nothing reported, when there is no usable one.
 * Locations name 'path', which must outlive the tree (arena 'a'). */
bool ytcache_load(struct arena *a, const char *path, const char *text,
		  size_t len, struct ynode **root);

/* The compiled form of 'root', the tree of 'text' (len bytes), as bytes
 * (heap, *size of them); what ytcache_load() reads. */
unsigned char *ytcache_encode(const struct ynode *root, const char *text,
			      size_t len, size_t *size);

/* Decodes bytes made by ytcache_encode() for 'text'; false when they are
 * not such bytes, or not for this text. */
bool ytcache_decode(struct arena *a, const char *path, const unsigned char *b,
		    size_t size, const char *text, size_t len,
		    struct ynode **root);

#endif
