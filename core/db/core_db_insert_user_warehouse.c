#include "core_db_auth.h"

#include <stdio.h>

const char core_db_insert_user_warehouse_sql[] =
    "INSERT INTO app_user_warehouse (user_id, warehouse_code)"
    " VALUES ($1, $2)";

enum core_qs
core_db_insert_user_warehouse(struct core_db_conn *c, int64_t user_id,
                              const char *code)
{
  char uid[24];
  snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  const char *params[] = {uid, code};
  return core_db_query(c, "insert_user_warehouse", 2, params, NULL);
}
