#include "core_dashboard.h"

#include "core_arena.h"
#include "core_db.h"

/* The document is built in SQL (sql/procs/views_dashboard.sql). */
static const struct core_db_stmt stmts[] = {
    {"dashboard_get", "SELECT dash_doc($1)::text"},
    {NULL, NULL},
};

void
core_dashboard_register(void)
{
  core_db_register(stmts);
}

struct get_cls {
  const char *warehouse;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct get_cls *g = cls;
  const char *p[] = {g->warehouse};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "dashboard_get", 1, p, &r);
  if (qs == CORE_QS_ONE)
    *g->doc = core_arena_strdup(g->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

enum core_ec
core_dashboard_get(const char *warehouse, struct core_arena *arena,
                   const char **doc)
{
  struct get_cls g = {warehouse, arena, doc};
  return core_db_run_tx("dashboard_get", CORE_DB_READ_COMMITTED, get_tx, &g);
}
