#include "core_db_auth.h"

#include "core_arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* A NULL filter parameter matches every row. */
const char core_db_list_audit_sql[] =
    "SELECT count(*) OVER (), id, to_char(at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), request_id, principal_kind,"
    " principal, role, method, route, target, status, outcome"
    " FROM audit_log WHERE ($1::text IS NULL OR principal = $1)"
    " AND ($2::text IS NULL OR route = $2)"
    " AND ($3::text IS NULL OR outcome = $3)"
    " AND ($4::text IS NULL OR method = $4)"
    " ORDER BY id DESC LIMIT $5::bigint OFFSET $6::bigint";

static void
read_row(PGresult *r, int i, struct core_arena *a, struct core_audit_row *out)
{
#define TEXT(col) core_arena_strdup(a, PQgetvalue(r, i, col))
  *out = (struct core_audit_row){
      .id = strtoll(PQgetvalue(r, i, 1), NULL, 10),
      .at = TEXT(2),
      .request_id = TEXT(3),
      .principal_kind = TEXT(4),
      .principal = TEXT(5),
      .role = TEXT(6),
      .method = TEXT(7),
      .route = TEXT(8),
      .target = TEXT(9),
      .status = (unsigned)strtoul(PQgetvalue(r, i, 10), NULL, 10),
      .outcome = TEXT(11),
  };
#undef TEXT
}

enum core_qs
core_db_list_audit(struct core_db_conn *c, const struct core_audit_filter *f,
                   struct core_arena *arena, struct core_audit_row **items,
                   unsigned *n, int64_t *total)
{
  char lim[24], off[24];
  snprintf(lim, sizeof lim, "%" PRId64, f->limit);
  snprintf(off, sizeof off, "%" PRId64, f->offset);
  const char *params[] = {f->principal, f->route, f->outcome,
                          f->method,    lim,      off};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "list_audit", 6, params, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_audit_row *out =
      core_arena_alloc(arena, sizeof *out * (size_t)(rows + 1));
  for (int i = 0; i < rows; i++)
    read_row(r, i, arena, &out[i]);
  *total = rows > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  *items = out;
  *n = (unsigned)rows;
  return qs;
}
