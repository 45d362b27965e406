#include "core_transfer.h"

#include "core_arena.h"
#include "core_db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    /* sku id, lot-tracked, lot id, from bin id, to wh id, from wh id */
    {"transfer_ids",
     "SELECT s.id, s.lot_tracked,"
     " (SELECT t.id FROM lot t WHERE t.sku_id = s.id AND t.code = $2),"
     " (SELECT l.id FROM location l JOIN warehouse w ON w.id = l.warehouse_id"
     "  WHERE w.code = $3 AND l.kind = 'bin'"
     "  AND (l.code = $4 OR ($4::text IS NULL AND l.implicit))),"
     " (SELECT id FROM warehouse WHERE code = $5),"
     " (SELECT id FROM warehouse WHERE code = $3)"
     " FROM (SELECT 1) AS one LEFT JOIN sku s ON s.code = $1"},
    {"transfer_ship",
     "SELECT out_transfer_id, out_replayed, out_insufficient, out_available"
     " FROM wms_do_transfer_ship($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"transfer_bin", "SELECT l.id FROM stock_transfer t JOIN location l"
                     " ON l.warehouse_id = t.to_warehouse_id AND l.kind = 'bin'"
                     " AND (l.code = $2 OR ($2::text IS NULL AND l.implicit))"
                     " WHERE t.id = $1"},
    {"transfer_receive",
     "SELECT out_found, out_not_in_transit, out_wrong_warehouse, out_blocked"
     " FROM wms_do_transfer_receive($1, $2, $3, $4)"},
    {"transfer_doc", "SELECT doc::text FROM stock_transfer_doc WHERE id = $1"},
    {"transfer_list",
     "SELECT coalesce(json_agg(d.doc ORDER BY d.id DESC), '[]')::text"
     " FROM stock_transfer_doc d"
     " WHERE ($1::text IS NULL OR (SELECT id FROM warehouse WHERE code = $1)"
     "   IN (d.from_warehouse_id, d.to_warehouse_id))"
     " AND ($2::text IS NULL OR d.state = $2)"},
    {NULL, NULL},
};

void
core_transfer_register(void)
{
  core_db_register(stmts);
}

static const char *
text(struct core_arena *a, PGresult *r, int col)
{
  return PQgetisnull(r, 0, col) ? NULL
                                : core_arena_strdup(a, PQgetvalue(r, 0, col));
}

static enum core_qs
read_doc(struct core_db_conn *c, const char *id, struct core_arena *arena,
         const char **doc)
{
  const char *p[] = {id};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "transfer_doc", 1, p, &r);
  if (qs == CORE_QS_ONE)
    *doc = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

struct ship_cls {
  const struct core_transfer_req *t;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **doc;
  bool *replayed;
  struct core_stock_refusal *why;
};

static enum core_qs
refuse(struct ship_cls *sc, enum core_ec *ec, enum core_ec code,
       const char *field)
{
  *ec = code;
  sc->why->field = field;
  return CORE_QS_HARD;
}

/* Resolves the codes of a shipment into ids[0..4]: sku lot bin to from. */
static enum core_qs
ship_ids(struct core_db_conn *c, struct ship_cls *sc, const char *ids[5],
         enum core_ec *ec)
{
  const struct core_transfer_req *t = sc->t;
  const char *p[] = {t->sku, t->lot, t->from_warehouse, t->from_bin,
                     t->to_warehouse};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "transfer_ids", 5, p, &r);
  if (qs < 0)
    return qs;
  bool tracked = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
  ids[0] = text(sc->arena, r, 0);
  ids[1] = text(sc->arena, r, 2);
  ids[2] = text(sc->arena, r, 3);
  ids[3] = text(sc->arena, r, 4);
  ids[4] = text(sc->arena, r, 5);
  PQclear(r);
  if (ids[0] == NULL)
    return refuse(sc, ec, CORE_EC_UNKNOWN_SKU, "sku");
  if (ids[4] == NULL)
    return refuse(sc, ec, CORE_EC_UNKNOWN_WAREHOUSE, "from_warehouse");
  if (ids[3] == NULL)
    return refuse(sc, ec, CORE_EC_UNKNOWN_WAREHOUSE, "to_warehouse");
  if (strcmp(ids[3], ids[4]) == 0)
    return refuse(sc, ec, CORE_EC_INVALID_VALUE, "to_warehouse");
  if (ids[2] == NULL)
    return refuse(sc, ec, CORE_EC_UNKNOWN_BIN, "from_bin");
  if (tracked && t->lot == NULL)
    return refuse(sc, ec, CORE_EC_LOT_REQUIRED, "lot");
  if (!tracked && t->lot != NULL)
    return refuse(sc, ec, CORE_EC_LOT_NOT_TRACKED, "lot");
  if (t->lot != NULL && ids[1] == NULL)
    return refuse(sc, ec, CORE_EC_UNKNOWN_LOT, "lot");
  return CORE_QS_ONE;
}

static enum core_qs
ship_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct ship_cls *sc = cls;
  const char *ids[5];
  enum core_qs qs = ship_ids(c, sc, ids, ec);
  if (qs < 0)
    return qs;
  char qty[24], uid[24];
  snprintf(qty, sizeof qty, "%" PRId64, sc->t->qty);
  snprintf(uid, sizeof uid, "%" PRId64, sc->who->user_id);
  const char *p[] = {ids[0],
                     ids[1],
                     ids[2],
                     ids[3],
                     qty,
                     sc->who->user_id > 0 ? uid : NULL,
                     sc->who->request_id,
                     sc->t->idempotency_key};
  PGresult *r = NULL;
  qs = core_db_query(c, "transfer_ship", 8, p, &r);
  const char *id = NULL;
  if (qs == CORE_QS_ONE) {
    id = text(sc->arena, r, 0);
    *sc->replayed = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    if (strcmp(PQgetvalue(r, 0, 2), "t") == 0) {
      sc->why->available = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
      qs = refuse(sc, ec, CORE_EC_INSUFFICIENT_STOCK, "qty");
    }
  }
  PQclear(r);
  return qs < 0 ? qs : read_doc(c, id, sc->arena, sc->doc);
}

enum core_ec
core_transfer_ship(const struct core_transfer_req *t,
                   const struct core_stock_actor *who, struct core_arena *arena,
                   const char **doc, bool *replayed,
                   struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  *replayed = false;
  struct ship_cls sc = {t, who, arena, doc, replayed, why};
  return core_db_run_tx("transfer_ship", CORE_DB_READ_COMMITTED, ship_tx, &sc);
}

struct recv_cls {
  int64_t id;
  const char *bin;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
recv_flags(PGresult *r, enum core_ec *ec)
{
  const char *codes[] = {NULL, "t", "t", "t"};
  enum core_ec map[] = {CORE_EC_NOT_FOUND, CORE_EC_CONFLICT,
                        CORE_EC_UNKNOWN_BIN, CORE_EC_BIN_BLOCKED};
  if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
    *ec = map[0];
    return CORE_QS_HARD;
  }
  for (int i = 1; i < 4; i++) {
    if (strcmp(PQgetvalue(r, 0, i), codes[i]) == 0) {
      *ec = map[i];
      return CORE_QS_HARD;
    }
  }
  return CORE_QS_ONE;
}

static enum core_qs
recv_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct recv_cls *rc = cls;
  char id[24], uid[24];
  snprintf(id, sizeof id, "%" PRId64, rc->id);
  snprintf(uid, sizeof uid, "%" PRId64, rc->who->user_id);
  const char *p1[] = {id, rc->bin};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "transfer_bin", 2, p1, &r);
  const char *bin = qs == CORE_QS_ONE ? text(rc->arena, r, 0) : NULL;
  PQclear(r);
  if (qs < 0)
    return qs;
  const char *p2[] = {id, bin, rc->who->user_id > 0 ? uid : NULL,
                      rc->who->request_id};
  qs = core_db_query(c, "transfer_receive", 4, p2, &r);
  if (qs == CORE_QS_ONE)
    qs = recv_flags(r, ec);
  PQclear(r);
  return qs < 0 ? qs : read_doc(c, id, rc->arena, rc->doc);
}

enum core_ec
core_transfer_receive(int64_t id, const char *to_bin,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, const char **doc)
{
  struct recv_cls rc = {id, to_bin, who, arena, doc};
  return core_db_run_tx("transfer_receive", CORE_DB_READ_COMMITTED, recv_tx,
                        &rc);
}

struct list_cls {
  const char *wh, *state;
  struct core_arena *arena;
  const char **items;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const char *p[] = {lc->wh, lc->state};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "transfer_list", 2, p, &r);
  if (qs == CORE_QS_ONE)
    *lc->items = core_arena_strdup(lc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

enum core_ec
core_transfer_list(const char *warehouse, const char *state,
                   struct core_arena *arena, const char **items)
{
  struct list_cls lc = {warehouse, state, arena, items};
  return core_db_run_tx("transfer_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
