#include "core_arena.h"

#include "core_mem.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE = 8192 };

struct chunk {
  struct chunk *next;
  size_t used;
  size_t cap;
  alignas(max_align_t) unsigned char data[];
};

struct cleanup {
  struct cleanup *next;
  void (*fn)(void *);
  void *ptr;
};

struct core_arena {
  struct chunk *chunks;
  struct cleanup *cleanups;
};

struct core_arena *
core_arena_new(void)
{
  return core_xcalloc(1, sizeof(struct core_arena));
}

void
core_arena_free(struct core_arena *a)
{
  if (a == NULL)
    return;
  /* Cleanups first: they may still read arena memory. */
  for (struct cleanup *c = a->cleanups; c != NULL;) {
    struct cleanup *next = c->next;
    c->fn(c->ptr);
    c = next;
  }
  for (struct chunk *k = a->chunks; k != NULL;) {
    struct chunk *next = k->next;
    free(k);
    k = next;
  }
  free(a);
}

void *
core_arena_alloc(struct core_arena *a, size_t n)
{
  size_t align = alignof(max_align_t);
  size_t need = (n + align - 1) / align * align;
  struct chunk *k = a->chunks;
  if (k == NULL || k->cap - k->used < need) {
    size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    k = core_xmalloc(sizeof(struct chunk) + cap);
    k->used = 0;
    k->cap = cap;
    k->next = a->chunks;
    a->chunks = k;
  }
  void *p = k->data + k->used;
  k->used += need;
  memset(p, 0, n);
  return p;
}

char *
core_arena_strndup(struct core_arena *a, const char *s, size_t n)
{
  char *p = core_arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *
core_arena_strdup(struct core_arena *a, const char *s)
{
  return core_arena_strndup(a, s, strlen(s));
}

char *
core_arena_printf(struct core_arena *a, const char *fmt, ...)
{
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = core_arena_alloc(a, n < 0 ? 1 : (size_t)n + 1);
  if (n >= 0)
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void
core_arena_defer(struct core_arena *a, void (*fn)(void *), void *ptr)
{
  struct cleanup *c = core_arena_alloc(a, sizeof *c);
  c->fn = fn;
  c->ptr = ptr;
  c->next = a->cleanups;
  a->cleanups = c;
}
