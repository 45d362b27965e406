#include "core_dashboard.h"

#include "core_arena.h"
#include "core_db.h"

/*
 * The states come from the order table's CHECK constraint, listed here in
 * the order the floor moves an order through them.
 */
static const struct core_db_stmt stmts[] = {
    {"dashboard_get",
     "WITH o AS (SELECT state, created_at FROM sales_order"
     "  WHERE $1::text IS NULL OR warehouse_id ="
     "   (SELECT id FROM warehouse WHERE code = $1)),"
     " c AS (SELECT state, count(*) AS n FROM o GROUP BY state)"
     " SELECT json_build_object("
     "  'orders_by_state', (SELECT json_object_agg(s.state,"
     "    coalesce(c.n, 0) ORDER BY s.ord) FROM unnest(ARRAY['new',"
     "    'on_hold', 'allocated', 'backordered', 'picking', 'packed',"
     "    'shipped', 'delivered', 'cancelled']) WITH ORDINALITY"
     "    AS s(state, ord) LEFT JOIN c ON c.state = s.state),"
     "  'orders_total', (SELECT count(*) FROM o),"
     "  'orders_today', (SELECT count(*) FROM o"
     "    WHERE created_at >= date_trunc('day', now())))::text"},
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
