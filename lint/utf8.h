/*
 * utf8: reading UTF-8 strictly, and the characters no report may carry
 * raw.
 *
 * Input files are bytes; names and paths quoted from them reach JSON,
 * SARIF, XML and terminals, which need valid UTF-8 (JSON, SARIF, XML) and
 * no control characters (a terminal obeys ESC and BEL sequences).  Each
 * emitter decides how to write what utf8_char() rejects or
 * utf8_unsafe() flags; this module only says which is which.
 */
#ifndef LDLINT_UTF8_H
#define LDLINT_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* The bytes of the valid UTF-8 character at 's' (1 to 4, at most 'n'),
 * storing its code point in *cp; 0 when the bytes there are not valid
 * UTF-8 (a stray continuation byte, a truncated sequence, an overlong
 * form, a surrogate, a code point past U+10FFFF, 0xC0, 0xC1, 0xF5-0xFF).
 * n must be at least 1. */
size_t utf8_char(const char *s, size_t n, uint32_t *cp);

/* A code point that must not reach a terminal or a report raw: the C0
 * controls (tab included), DEL, the C1 controls U+0080-U+009F, the line
 * and paragraph separators U+2028-U+2029 and the bidirectional controls
 * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069 (which reorder what a
 * reviewer sees). */
bool utf8_unsafe(uint32_t cp);

#endif
