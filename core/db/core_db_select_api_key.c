#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <stdlib.h>

const char core_db_select_api_key_sql[] =
    "SELECT k.id, k.name, k.scopes, coalesce(k.supplier_id, 0) AS supplier_id,"
    " coalesce(k.owner_id, 0) AS owner_id, coalesce(o.code, '') AS owner,"
    " coalesce(w.write_lsn::text, '') AS write_lsn,"
    " extract(epoch FROM now())::float8 AS db_now"
    " FROM api_key k LEFT JOIN owners o ON o.id = k.owner_id"
    " LEFT JOIN api_key_write w ON w.key_id = k.id"
    " WHERE k.key_hash "
    "= " CORE_DB_AUTH_DIGEST("$1") " AND k.revoked_at IS NULL";

enum core_qs
core_db_select_api_key(struct core_db_conn *c, const char *key,
                       struct core_arena *arena, struct core_principal *p,
                       struct core_auth_times *t)
{
  struct core_auth_times times = {0, 0, 0};
  const char *params[] = {key};
  int64_t id = 0, supplier = 0, owner_id = 0;
  const char *name = NULL, *scopes = NULL, *owner = NULL, *write_lsn = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &id),
      CORE_DB_RS_TEXT("name", &name),
      CORE_DB_RS_TEXT("scopes", &scopes),
      CORE_DB_RS_INT64("supplier_id", &supplier),
      CORE_DB_RS_INT64("owner_id", &owner_id),
      CORE_DB_RS_TEXT("owner", &owner),
      CORE_DB_RS_TEXT("write_lsn", &write_lsn),
      CORE_DB_RS_DOUBLE("db_now", &times.db_now),
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
    p->owner_id = owner_id;
    p->owner = owner;
    p->warehouses = "";
    p->csrf_token = "";
    p->write_lsn = write_lsn;
    if (t != NULL)
      *t = times;
  }
  return qs;
}
