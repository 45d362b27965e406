#include "core_scope.h"

#include "core_arena.h"
#include "core_db.h"

#include <inttypes.h>
#include <stdio.h>

static const struct core_db_stmt stmts[] = {
    {"scope_reservation", "SELECT w.code FROM reservation x JOIN warehouse w"
                          " ON w.id = x.warehouse_id WHERE x.id = $1"},
    {"scope_count", "SELECT w.code FROM stock_count x JOIN warehouse w"
                    " ON w.id = x.warehouse_id WHERE x.id = $1"},
    {"scope_replenish_task",
     "SELECT w.code FROM replenish_task x JOIN warehouse w"
     " ON w.id = x.warehouse_id WHERE x.id = $1"},
    {"scope_transfer_to", "SELECT w.code FROM stock_transfer x JOIN warehouse w"
                          " ON w.id = x.to_warehouse_id WHERE x.id = $1"},
    {"scope_picklist", "SELECT w.code FROM picklist x JOIN warehouse w"
                       " ON w.id = x.warehouse_id WHERE x.id = $1"},
    {"scope_shipment", "SELECT w.code FROM shipment x JOIN warehouse w"
                       " ON w.id = x.warehouse_id WHERE x.id = $1"},
    {"scope_carton", "SELECT w.code FROM carton x JOIN shipment s"
                     " ON s.id = x.shipment_id JOIN warehouse w"
                     " ON w.id = s.warehouse_id WHERE x.id = $1"},
    {"scope_exception", "SELECT w.code FROM fulfil_exception x JOIN warehouse"
                        " w ON w.id = x.warehouse_id WHERE x.id = $1"},
    {NULL, NULL},
};

void
core_scope_register(void)
{
  core_db_register(stmts);
}

struct scope_cls {
  enum core_scope_kind kind;
  int64_t id;
  struct core_arena *arena;
  const char **code;
};

static enum core_qs
scope_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct scope_cls *sc = cls;
  char id[24];
  snprintf(id, sizeof id, "%" PRId64, sc->id);
  const char *params[] = {id};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmts[sc->kind].name, 1, params, &r);
  if (qs == CORE_QS_ONE)
    *sc->code = core_arena_strdup(sc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_scope_warehouse(enum core_scope_kind kind, int64_t id,
                     struct core_arena *arena, const char **code)
{
  struct scope_cls sc = {kind, id, arena, code};
  return core_db_run_tx("scope", CORE_DB_READ_COMMITTED, scope_tx, &sc);
}
