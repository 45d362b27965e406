#include "core_db_warehouse.h"

#include <string.h>

/*
 * AT TIME ZONE raises 22023 for a name it does not know; it is cheap, while
 * pg_timezone_names reads every zone file on each call.
 */
const char core_db_timezone_exists_sql[] = "SELECT now() AT TIME ZONE $1::text";

enum core_qs
core_db_timezone_exists(struct core_db_conn *c, const char *tz)
{
  const char *params[] = {tz};
  enum core_qs qs = core_db_query(c, "timezone_exists", 1, params, NULL);
  if (qs == CORE_QS_HARD && strcmp(core_db_sqlstate(c), "22023") == 0)
    return CORE_QS_NONE;
  return qs;
}
