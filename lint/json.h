/*
 * json: a small streaming JSON writer (two-space indented).  Only what the
 * emitters need.  Strings are written as valid UTF-8 whatever their
 * bytes: valid UTF-8 is passed through, each byte that is not part of a
 * valid UTF-8 character becomes U+FFFD (the escape \ufffd), and control
 * characters (C0, DEL, C1), U+2028-U+2029 and the bidirectional controls
 * are written as \u escapes.
 */
#ifndef LDLINT_JSON_H
#define LDLINT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *f;
	int depth;
	bool first[64];		/* no member written yet at this depth */
	bool after_key;		/* a key was written; the value follows */
};

void json_init(struct json *j, FILE *f);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);	/* NULL: null */
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* key + value shorthands */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* 's' as one JSON string, with no member bookkeeping (for JSON written
 * by hand); with 'html', '<', '>' and '&' are \u escapes too, so that
 * the string can sit in an HTML <script> element. */
void json_write_string(FILE *f, const char *s, bool html);

#endif
