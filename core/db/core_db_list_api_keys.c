#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <string.h>

const char core_db_list_api_keys_sql[] =
    /* A 3PL client's key shows its owner after its scopes. */
    "SELECT k.name, k.key_prefix, k.scopes || coalesce(' (owner ' || o.code"
    " || ')', '') AS scopes, k.revoked_at IS NOT NULL AS revoked,"
    " to_char(k.created_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " AS created_at FROM api_key k LEFT JOIN owners o ON o.id = k.owner_id"
    " ORDER BY k.name";

enum core_qs
core_db_list_api_keys(struct core_db_conn *c, struct core_arena *arena,
                      struct core_auth_api_key **items, unsigned *n)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "list_api_keys", 0, NULL, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_auth_api_key *k =
      core_arena_alloc(arena, sizeof *k * (size_t)(rows + 1));
  for (int i = 0; i < rows; i++) {
    struct core_db_rspec rs[] = {
        CORE_DB_RS_TEXT("name", &k[i].name),
        CORE_DB_RS_TEXT("key_prefix", &k[i].prefix),
        CORE_DB_RS_TEXT("scopes", &k[i].scopes),
        CORE_DB_RS_BOOL("revoked", &k[i].revoked),
        CORE_DB_RS_TEXT("created_at", &k[i].created_at),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, arena, "list_api_keys")) {
      PQclear(r);
      return CORE_QS_HARD;
    }
  }
  PQclear(r);
  *items = k;
  *n = (unsigned)rows;
  return qs;
}
