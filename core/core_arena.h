#ifndef CORE_ARENA_H
#define CORE_ARENA_H
/*
 * A per-request region: memory is taken from it and never freed piece by
 * piece; core_arena_free() releases it all and runs registered cleanups
 * (for json_t and PGresult) in reverse order of registration.
 */
#include <stddef.h>

struct core_arena;

/* A new, empty arena owned by the caller; release with core_arena_free. */
struct core_arena *core_arena_new(void);

/* Runs the cleanups and frees all memory of @a a (owned, may be NULL). */
void core_arena_free(struct core_arena *a);

/* @a n bytes, aligned for any type, zeroed, owned by @a a. */
void *core_arena_alloc(struct core_arena *a, size_t n);

/* Copy of @a s (in) owned by @a a. */
char *core_arena_strdup(struct core_arena *a, const char *s);

/* Copy of the first @a n bytes of @a s, NUL-terminated, owned by @a a. */
char *core_arena_strndup(struct core_arena *a, const char *s, size_t n);

/* printf into a string owned by @a a. */
char *core_arena_printf(struct core_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Calls @a fn(@a ptr) when @a a is freed; @a ptr's ownership passes to the
 * arena.
 */
void core_arena_defer(struct core_arena *a, void (*fn)(void *), void *ptr);

#endif
