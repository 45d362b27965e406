#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* A NULL filter parameter matches every row. */
const char core_db_list_audit_sql[] =
    "SELECT count(*) OVER () AS total, id, to_char(at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at, request_id, principal_kind,"
    " principal, role, method, route, target, status, outcome"
    " FROM audit_log WHERE ($1::text IS NULL OR principal = $1)"
    " AND ($2::text IS NULL OR route = $2)"
    " AND ($3::text IS NULL OR outcome = $3)"
    " AND ($4::text IS NULL OR method = $4)"
    " ORDER BY id DESC LIMIT $5::bigint OFFSET $6::bigint";

/* Reads row @a i into @a out, and the total of all pages into @a total. */
static bool
read_row(PGresult *r, int i, struct core_arena *a, struct core_audit_row *out,
         int64_t *total)
{
  int status = 0;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("total", total),
      CORE_DB_RS_INT64("id", &out->id),
      CORE_DB_RS_TEXT("at", &out->at),
      CORE_DB_RS_TEXT("request_id", &out->request_id),
      CORE_DB_RS_TEXT("principal_kind", &out->principal_kind),
      CORE_DB_RS_TEXT("principal", &out->principal),
      CORE_DB_RS_TEXT("role", &out->role),
      CORE_DB_RS_TEXT("method", &out->method),
      CORE_DB_RS_TEXT("route", &out->route),
      CORE_DB_RS_TEXT("target", &out->target),
      CORE_DB_RS_INT("status", &status),
      CORE_DB_RS_TEXT("outcome", &out->outcome),
      CORE_DB_RS_END,
  };
  bool ok = core_db_result_row(r, i, rs, a, "list_audit");
  out->status = (unsigned)status;
  return ok;
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
  *total = 0;
  for (int i = 0; qs >= 0 && i < rows; i++) {
    if (!read_row(r, i, arena, &out[i], total))
      qs = CORE_QS_HARD;
  }
  PQclear(r);
  *items = out;
  *n = (unsigned)rows;
  return qs;
}
