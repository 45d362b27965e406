#include "core_page.h"

#include "core_arena.h"

#include <string.h>

void
core_page_collect(const PGresult *r, int64_t limit, struct core_arena *arena,
                  const char **items, const char **next)
{
  int n = PQntuples(r);
  int shown = n > limit ? (int)limit : n;
  size_t len = 2;
  for (int i = 0; i < shown; i++)
    len += (size_t)PQgetlength(r, i, 1) + 1;
  char *out = core_arena_alloc(arena, len + 1);
  char *p = out;
  *p++ = '[';
  for (int i = 0; i < shown; i++) {
    if (i > 0)
      *p++ = ',';
    size_t k = (size_t)PQgetlength(r, i, 1);
    memcpy(p, PQgetvalue(r, i, 1), k);
    p += k;
  }
  *p++ = ']';
  *p = '\0';
  *items = out;
  *next = n > limit && shown > 0
              ? core_arena_strdup(arena, PQgetvalue(r, shown - 1, 0))
              : NULL;
}
