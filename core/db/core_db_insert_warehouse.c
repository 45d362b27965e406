#include "core_db_warehouse.h"

#include "core_arena.h"
#include "core_db_warehouse_row.h"

#include <stdlib.h>

const char core_db_insert_warehouse_sql[] =
    "INSERT INTO warehouse (code, name, address_line1, address_line2, city,"
    " region, postcode, country_code, phone, owner_kind, owner_name,"
    " bin_managed, timezone)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    " RETURNING " CORE_DB_WAREHOUSE_COLUMNS;

enum core_qs
core_db_insert_warehouse(struct core_db_conn *c, struct core_warehouse *w,
                         struct core_arena *arena)
{
  const char *params[] = {
      w->code,          w->name,
      w->address_line1, w->address_line2,
      w->city,          w->region,
      w->postcode,      w->country_code,
      w->phone,         core_warehouse_owner_names[w->owner],
      w->owner_name,    w->bin_managed ? "t" : "f",
      w->timezone,
  };
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "insert_warehouse", 13, params, &r);
  if (qs == CORE_QS_ONE && !core_db_warehouse_row_read(r, 0, arena, w))
    qs = CORE_QS_HARD;
  PQclear(r);
  return qs;
}
