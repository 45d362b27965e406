#include "core_db_warehouse.h"

#include "core_db_warehouse_row.h"

const char core_db_select_warehouse_sql[] =
    "SELECT " CORE_DB_WAREHOUSE_COLUMNS " FROM warehouse WHERE code = $1";

enum core_qs
core_db_select_warehouse(struct core_db_conn *c, const char *code,
                         struct core_arena *arena, struct core_warehouse *out)
{
  const char *params[] = {code};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "select_warehouse", 1, params, &r);
  if (qs == CORE_QS_ONE && !core_db_warehouse_row_read(r, 0, arena, out))
    qs = CORE_QS_HARD;
  PQclear(r);
  return qs;
}
