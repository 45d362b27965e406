#include "core_db_warehouse_row.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <string.h>

bool
core_db_warehouse_row_read(const PGresult *r, int row, struct core_arena *arena,
                           struct core_warehouse *out)
{
  const char *owner = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &out->id),
      CORE_DB_RS_TEXT("code", &out->code),
      CORE_DB_RS_TEXT("name", &out->name),
      CORE_DB_RS_TEXT("address_line1", &out->address_line1),
      CORE_DB_RS_TEXT("address_line2", &out->address_line2),
      CORE_DB_RS_TEXT("city", &out->city),
      CORE_DB_RS_TEXT("region", &out->region),
      CORE_DB_RS_TEXT("postcode", &out->postcode),
      CORE_DB_RS_TEXT("country_code", &out->country_code),
      CORE_DB_RS_TEXT("phone", &out->phone),
      CORE_DB_RS_TEXT("owner_kind", &owner),
      CORE_DB_RS_TEXT("owner_name", &out->owner_name),
      CORE_DB_RS_BOOL("bin_managed", &out->bin_managed),
      CORE_DB_RS_TEXT("timezone", &out->timezone),
      CORE_DB_RS_BOOL("active", &out->active),
      CORE_DB_RS_TEXT("created_at", &out->created_at),
      CORE_DB_RS_END,
  };
  if (!core_db_result_row(r, row, rs, arena, "warehouse row"))
    return false;
  out->owner = strcmp(owner, "own") == 0 ? CORE_WAREHOUSE_OWN
                                         : CORE_WAREHOUSE_THIRD_PARTY;
  return true;
}
