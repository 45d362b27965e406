#include "core_db_warehouse.h"

#include "core_arena.h"
#include "core_db_result.h"
#include "core_db_warehouse_row.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * count(*) OVER () gives the total of all pages in the same scan; a page
 * past the end returns no row, and then the total is unknown (0 is sent).
 */
const char core_db_list_warehouses_sql[] =
    "SELECT count(*) OVER () AS total, " CORE_DB_WAREHOUSE_COLUMNS
    " FROM warehouse"
    " WHERE ($1::text IS NULL OR strpos(lower(code), lower($1)) > 0"
    " OR strpos(lower(name), lower($1)) > 0)"
    " AND ($4::text IS NULL OR code = ANY (string_to_array($4, ',')))"
    " ORDER BY code LIMIT $2 OFFSET $3";

enum core_qs
core_db_list_warehouses(struct core_db_conn *c, const char *q, const char *only,
                        int64_t limit, int64_t offset, struct core_arena *arena,
                        struct core_warehouse_page *page)
{
  char lim[24], off[24];
  snprintf(lim, sizeof lim, "%" PRId64, limit);
  snprintf(off, sizeof off, "%" PRId64, offset);
  const char *params[] = {q, lim, off, only};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "list_warehouses", 4, params, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  page->count = (unsigned)n;
  page->total = 0;
  page->items = core_arena_alloc(arena, sizeof *page->items * (size_t)n);
  struct core_db_rspec rs[] = {CORE_DB_RS_INT64("total", &page->total),
                               CORE_DB_RS_END};
  for (int i = 0; qs >= 0 && i < n; i++) {
    if (!core_db_warehouse_row_read(r, i, arena, &page->items[i]) ||
        (i == 0 && !core_db_result_row(r, 0, rs, arena, "list_warehouses")))
      qs = CORE_QS_HARD;
  }
  PQclear(r);
  return qs;
}
