#include "core_db_auth.h"

#include <stdio.h>

const char core_db_mark_login_ok_sql[] =
    "UPDATE login_attempt SET ok = true WHERE id = $1";

enum core_qs
core_db_mark_login_ok(struct core_db_conn *c, int64_t id)
{
  char ids[24];
  snprintf(ids, sizeof ids, "%lld", (long long)id);
  const char *params[] = {ids};
  return core_db_query(c, "mark_login_ok", 1, params, NULL);
}
