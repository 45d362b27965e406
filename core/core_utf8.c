#include "core_utf8.h"

#include <string.h>

/* Length of the well-formed sequence at @a p (max @a n bytes), or 0. */
static size_t
seq_len(const unsigned char *p, size_t n)
{
  unsigned char c = p[0];
  size_t len;
  unsigned cp;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
    return 0;
  return len;
}

bool
core_utf8_valid(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t k = seq_len(p + i, len - i);
    if (k == 0)
      return false;
    i += k;
  }
  return true;
}

void
core_utf8_sanitize(char *s)
{
  unsigned char *p = (unsigned char *)s;
  size_t len = strlen(s);
  size_t i = 0;
  while (i < len) {
    size_t k = seq_len(p + i, len - i);
    if (k == 0) {
      p[i] = '?';
      k = 1;
    }
    i += k;
  }
}
