#include "core_db_auth.h"

#include "core_arena.h"

#include <stdlib.h>

const char core_db_select_api_key_sql[] =
    "SELECT id, name, scopes, coalesce(supplier_id, 0) FROM api_key"
    " WHERE key_hash "
    "= " CORE_DB_AUTH_DIGEST("$1") " AND revoked_at IS NULL";

enum core_qs
core_db_select_api_key(struct core_db_conn *c, const char *key,
                       struct core_arena *arena, struct core_principal *p)
{
  const char *params[] = {key};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "select_api_key", 1, params, &r);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_KEY;
    p->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->name = core_arena_strdup(arena, PQgetvalue(r, 0, 1));
    p->scopes = core_arena_strdup(arena, PQgetvalue(r, 0, 2));
    p->supplier_id = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
    p->warehouses = "";
    p->csrf_token = "";
  }
  PQclear(r);
  return qs;
}
