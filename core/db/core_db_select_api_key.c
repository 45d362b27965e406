#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <stdlib.h>

const char core_db_select_api_key_sql[] =
    "SELECT id, name, scopes, coalesce(supplier_id, 0) AS supplier_id"
    " FROM api_key"
    " WHERE key_hash "
    "= " CORE_DB_AUTH_DIGEST("$1") " AND revoked_at IS NULL";

enum core_qs
core_db_select_api_key(struct core_db_conn *c, const char *key,
                       struct core_arena *arena, struct core_principal *p)
{
  const char *params[] = {key};
  int64_t id = 0, supplier = 0;
  const char *name = NULL, *scopes = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &id),
      CORE_DB_RS_TEXT("name", &name),
      CORE_DB_RS_TEXT("scopes", &scopes),
      CORE_DB_RS_INT64("supplier_id", &supplier),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "select_api_key", 1, params, rs, arena);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_KEY;
    p->id = id;
    p->name = name;
    p->scopes = scopes;
    p->supplier_id = supplier;
    p->warehouses = "";
    p->csrf_token = "";
  }
  return qs;
}
