#include "core_transfer.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    /* sku id, lot-tracked, lot id, from bin id, to wh id, from wh id */
    {"transfer_ids",
     "SELECT s.id::text AS sku, coalesce(s.lot_tracked, false) AS tracked,"
     " (SELECT t.id FROM lot t WHERE t.sku_id = s.id AND t.code = $2)::text"
     " AS lot,"
     " (SELECT l.id FROM location l JOIN warehouse w ON w.id = l.warehouse_id"
     "  WHERE w.code = $3 AND l.kind = 'bin'"
     "  AND (l.code = $4 OR ($4::text IS NULL AND l.implicit)))::text AS bin,"
     " (SELECT id FROM warehouse WHERE code = $5)::text AS dest,"
     " (SELECT id FROM warehouse WHERE code = $3)::text AS src"
     " FROM (SELECT 1) AS one LEFT JOIN sku s ON s.code = $1"},
    {"transfer_ship", CORE_PROC_SELECT "ledger_transfer_ship($1, $2, $3, $4,"
                                       " $5, $6, $7, $8, $9)"},
    {"transfer_receive",
     CORE_PROC_SELECT "ledger_transfer_receive($1, $2, $3, $4)"},
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
  bool tracked = false;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("sku", &ids[0]),
      CORE_DB_RS_BOOL("tracked", &tracked),
      CORE_DB_RS_TEXT_NULL("lot", &ids[1]),
      CORE_DB_RS_TEXT_NULL("bin", &ids[2]),
      CORE_DB_RS_TEXT_NULL("dest", &ids[3]),
      CORE_DB_RS_TEXT_NULL("src", &ids[4]),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "transfer_ids", 5, p, rs, sc->arena);
  if (qs < 0)
    return qs;
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
                     sc->t->idempotency_key,
                     sc->t->freight};
  struct core_outcome o;
  memset(&o, 0, sizeof o);
  qs = core_proc_query(c, "transfer_ship", 9, p, sc->arena, &o, ec);
  if (qs == CORE_QS_ONE) {
    *sc->doc = o.doc;
    *sc->replayed = o.replayed;
  } else if (o.ec != CORE_EC_OK) {
    *ec = core_stock_refusal_from(&o, sc->why);
  }
  return qs;
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

enum core_ec
core_transfer_receive(int64_t id, const char *to_bin,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, const char **doc)
{
  char tid[24], uid[24];
  snprintf(tid, sizeof tid, "%" PRId64, id);
  snprintf(uid, sizeof uid, "%" PRId64, who->user_id);
  const char *p[] = {tid, to_bin, who->user_id > 0 ? uid : NULL,
                     who->request_id};
  struct core_outcome o;
  enum core_ec ec =
      core_proc_run("transfer_receive", "transfer_receive", 4, p, arena, &o);
  if (ec == CORE_EC_OK)
    *doc = o.doc;
  return ec;
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
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("coalesce", lc->items),
                               CORE_DB_RS_END};
  return core_db_result_one(c, "transfer_list", 2, p, rs, lc->arena);
}

enum core_ec
core_transfer_list(const char *warehouse, const char *state,
                   struct core_arena *arena, const char **items)
{
  struct list_cls lc = {warehouse, state, arena, items};
  return core_db_run_tx("transfer_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
