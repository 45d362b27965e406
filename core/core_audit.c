#include "core_audit.h"

#include "core_arena.h"
#include "core_db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

const char *
core_audit_outcome(unsigned status)
{
  if (status < 400)
    return "ok";
  if (status == 401 || status == 403 || status == 429)
    return "denied";
  return "error";
}

static enum core_qs
append_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const struct core_audit_row *row = cls;
  char status[12];
  snprintf(status, sizeof status, "%u", row->status);
  const char *params[] = {
      row->request_id, row->principal_kind, row->principal, row->role,
      row->method,     row->route,          row->target,    status,
      row->outcome};
  return core_db_query(c, "auth_insert_audit", 9, params, NULL);
}

enum core_ec
core_audit_append(const struct core_audit_row *row)
{
  return core_db_run_tx("audit_append", CORE_DB_READ_COMMITTED, append_tx,
                        (void *)row);
}

struct list_cls {
  const struct core_audit_filter *f;
  struct core_arena *arena;
  struct core_audit_row **items;
  unsigned *n;
  int64_t *total;
};

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

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const struct core_audit_filter *f = lc->f;
  char lim[24], off[24];
  snprintf(lim, sizeof lim, "%" PRId64, f->limit);
  snprintf(off, sizeof off, "%" PRId64, f->offset);
  const char *params[] = {f->principal, f->route, f->outcome,
                          f->method,    lim,      off};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_list_audit", 6, params, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_audit_row *items =
      core_arena_alloc(lc->arena, sizeof *items * (size_t)(rows + 1));
  for (int i = 0; i < rows; i++)
    read_row(r, i, lc->arena, &items[i]);
  *lc->total = rows > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  *lc->items = items;
  *lc->n = (unsigned)rows;
  return qs;
}

enum core_ec
core_audit_list(const struct core_audit_filter *f, struct core_arena *arena,
                struct core_audit_row **items, unsigned *n, int64_t *total)
{
  struct list_cls lc = {f, arena, items, n, total};
  return core_db_run_tx("audit_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
