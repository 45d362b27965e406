#ifndef CORE_MEM_H
#define CORE_MEM_H
/*
 * Allocation that aborts on out-of-memory, so call sites never check for
 * NULL. Everything returned is owned by the caller and freed with free().
 */
#include <stddef.h>

void *core_xmalloc(size_t n);
void *core_xcalloc(size_t count, size_t size);
void *core_xrealloc(void *p, size_t n);
char *core_xstrdup(const char *s);

/* printf into a new heap string owned by the caller. */
char *core_xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
