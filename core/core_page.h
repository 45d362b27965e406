#ifndef CORE_PAGE_H
#define CORE_PAGE_H
/*
 * Keyset pages. List queries select (key, doc) ordered by key with
 * LIMIT limit + 1; the extra row only says that a next page exists.
 */
#include <libpq-fe.h>
#include <stdint.h>

struct core_arena;

/*
 * Turns result @a r (in; column 0 the key, column 1 a JSON document) into
 * @a items (out: a JSON array text, in @a arena) and @a next (out: the key
 * of the page's last row when another page follows, else NULL).
 */
void core_page_collect(const PGresult *r, int64_t limit,
                       struct core_arena *arena, const char **items,
                       const char **next);

#endif
