#ifndef CORE_DB_WAREHOUSE_ROW_H
#define CORE_DB_WAREHOUSE_ROW_H
/*
 * The column list that every warehouse query selects, and the reader that
 * turns one such row into a struct core_warehouse.
 */
#include "core_warehouse.h"

#include <libpq-fe.h>
#include <stdbool.h>

#define CORE_DB_WAREHOUSE_COLUMNS                                              \
  "id, code, name, address_line1, address_line2, city, region, postcode,"      \
  " country_code, phone, owner_kind, owner_name, bin_managed, timezone,"       \
  " active, to_char(created_at AT TIME ZONE 'UTC',"                            \
  " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at"

/*
 * Reads row @a row of @a r (in; CORE_DB_WAREHOUSE_COLUMNS found by name)
 * into @a out; strings are copied into @a arena. Returns false when the
 * row does not fit (logged; our bug).
 */
bool core_db_warehouse_row_read(const PGresult *r, int row,
                                struct core_arena *arena,
                                struct core_warehouse *out);

#endif
