#include "core_transfer.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

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
    {"transfer_ship",
     "SELECT out_transfer_id::text AS out_transfer_id, out_replayed,"
     " out_insufficient, out_available, out_key_conflict"
     " FROM wms_do_transfer_ship($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"transfer_bin", "SELECT l.id::text AS bin"
                     " FROM stock_transfer t JOIN location l"
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

static enum core_qs
read_doc(struct core_db_conn *c, const char *id, struct core_arena *arena,
         const char **doc)
{
  const char *p[] = {id};
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("doc", doc), CORE_DB_RS_END};
  return core_db_result_one(c, "transfer_doc", 1, p, rs, arena);
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
                     sc->t->idempotency_key};
  const char *id = NULL;
  bool insufficient = false, key_conflict = false;
  int64_t available = 0;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("out_transfer_id", &id),
      CORE_DB_RS_BOOL_NULL("out_replayed", sc->replayed),
      CORE_DB_RS_BOOL_NULL("out_insufficient", &insufficient),
      CORE_DB_RS_INT64_NULL("out_available", &available, NULL),
      CORE_DB_RS_BOOL_NULL("out_key_conflict", &key_conflict),
      CORE_DB_RS_END,
  };
  qs = core_db_result_one(c, "transfer_ship", 8, p, rs, sc->arena);
  if (qs == CORE_QS_ONE && key_conflict) {
    *sc->replayed = false;
    qs = refuse(sc, ec, CORE_EC_IDEMPOTENCY_CONFLICT, "idempotency_key");
  } else if (qs == CORE_QS_ONE && insufficient) {
    sc->why->available = available;
    qs = refuse(sc, ec, CORE_EC_INSUFFICIENT_STOCK, "qty");
  }
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

/* Runs the receipt and maps its four flags to one error code. */
static enum core_qs
recv_flags(struct core_db_conn *c, const char *const *params,
           struct core_arena *arena, enum core_ec *ec)
{
  bool f[4] = {false, false, false, false};
  const enum core_ec map[] = {CORE_EC_NOT_FOUND, CORE_EC_CONFLICT,
                              CORE_EC_UNKNOWN_BIN, CORE_EC_BIN_BLOCKED};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_BOOL_NULL("out_found", &f[0]),
      CORE_DB_RS_BOOL_NULL("out_not_in_transit", &f[1]),
      CORE_DB_RS_BOOL_NULL("out_wrong_warehouse", &f[2]),
      CORE_DB_RS_BOOL_NULL("out_blocked", &f[3]),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "transfer_receive", 4, params, rs, arena);
  if (qs != CORE_QS_ONE)
    return qs;
  f[0] = !f[0];
  for (int i = 0; i < 4; i++) {
    if (f[i]) {
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
  const char *bin = NULL;
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT_NULL("bin", &bin),
                               CORE_DB_RS_END};
  enum core_qs qs = core_db_result_one(c, "transfer_bin", 2, p1, rs, rc->arena);
  if (qs < 0)
    return qs;
  const char *p2[] = {id, bin, rc->who->user_id > 0 ? uid : NULL,
                      rc->who->request_id};
  qs = recv_flags(c, p2, rc->arena, ec);
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
