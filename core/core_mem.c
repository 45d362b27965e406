#include "core_mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Out of memory is not a condition Depot can serve requests through. */
static void *
check(void *p)
{
  if (p == NULL) {
    fputs("depot: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *
core_xmalloc(size_t n)
{
  return check(malloc(n == 0 ? 1 : n));
}

void *
core_xcalloc(size_t count, size_t size)
{
  return check(calloc(count == 0 ? 1 : count, size == 0 ? 1 : size));
}

void *
core_xrealloc(void *p, size_t n)
{
  return check(realloc(p, n == 0 ? 1 : n));
}

char *
core_xstrdup(const char *s)
{
  return check(strdup(s));
}

char *
core_xasprintf(const char *fmt, ...)
{
  va_list ap;
  char *out = NULL;
  va_start(ap, fmt);
  int n = vasprintf(&out, fmt, ap);
  va_end(ap);
  if (n < 0)
    check(NULL);
  return out;
}
