#include "core_db_warehouse_row.h"

#include "core_arena.h"

#include <stdlib.h>
#include <string.h>

void
core_db_warehouse_row_read(const PGresult *r, int row, int col0,
                           struct core_arena *arena, struct core_warehouse *out)
{
  int c = col0;
#define TEXT() core_arena_strdup(arena, PQgetvalue(r, row, c++))
#define BOOL() (strcmp(PQgetvalue(r, row, c++), "t") == 0)
  out->id = strtoll(PQgetvalue(r, row, c++), NULL, 10);
  out->code = TEXT();
  out->name = TEXT();
  out->address_line1 = TEXT();
  out->address_line2 = TEXT();
  out->city = TEXT();
  out->region = TEXT();
  out->postcode = TEXT();
  out->country_code = TEXT();
  out->phone = TEXT();
  out->owner = strcmp(PQgetvalue(r, row, c++), "own") == 0
                   ? CORE_WAREHOUSE_OWN
                   : CORE_WAREHOUSE_THIRD_PARTY;
  out->owner_name = TEXT();
  out->bin_managed = BOOL();
  out->timezone = TEXT();
  out->active = BOOL();
  out->created_at = TEXT();
#undef TEXT
#undef BOOL
}
