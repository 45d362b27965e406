#ifndef CORE_UTF8_H
#define CORE_UTF8_H
/* UTF-8 checks for text that came from outside. */
#include <stdbool.h>
#include <stddef.h>

/* Whether the @a len bytes at @a s (in) are well-formed UTF-8. */
bool core_utf8_valid(const char *s, size_t len);

/*
 * Replaces, in place, every byte of @a s (in,out, NUL-terminated) that is
 * not part of a well-formed UTF-8 sequence with '?', so that a message
 * quoting client input (perhaps cut mid-character) is always valid JSON.
 */
void core_utf8_sanitize(char *s);

#endif
