#include "core_db_auth.h"

#include "core_arena.h"

#include <string.h>

const char core_db_list_api_keys_sql[] =
    "SELECT name, key_prefix, scopes, revoked_at IS NOT NULL,"
    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " FROM api_key ORDER BY name";

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
    k[i] = (struct core_auth_api_key){
        .name = core_arena_strdup(arena, PQgetvalue(r, i, 0)),
        .prefix = core_arena_strdup(arena, PQgetvalue(r, i, 1)),
        .scopes = core_arena_strdup(arena, PQgetvalue(r, i, 2)),
        .revoked = strcmp(PQgetvalue(r, i, 3), "t") == 0,
        .created_at = core_arena_strdup(arena, PQgetvalue(r, i, 4)),
    };
  }
  PQclear(r);
  *items = k;
  *n = (unsigned)rows;
  return qs;
}
