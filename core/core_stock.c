#include "core_stock.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_log.h"
#include "core_proc.h"

#include <jansson.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"stock_sku", "SELECT id::text AS id, lot_tracked, expiry_tracked FROM sku"
                  " WHERE code = $1"},
    {"stock_bin", "SELECT l.id::text AS id, l.warehouse_id::text AS wh"
                  " FROM location l"
                  " JOIN warehouse w ON w.id = l.warehouse_id"
                  " WHERE l.code = $1 AND l.kind = 'bin'"
                  " AND ($2::text IS NULL OR w.code = $2) LIMIT 2"},
    {"stock_wh", "SELECT id::text AS id, bin_managed FROM warehouse"
                 " WHERE code = $1"},
    {"stock_wh_location",
     "SELECT id::text AS id FROM location WHERE warehouse_id = $1"
     " AND code = $2"},
    {"stock_lot_find", "SELECT id::text AS id, coalesce(expiry::text, '')"
                       " AS expiry FROM lot"
                       " WHERE sku_id = $1 AND code = $2"},
    {"stock_lot_insert",
     "INSERT INTO lot (sku_id, code, expiry) VALUES ($1, $2, $3)"
     " ON CONFLICT (sku_id, code) DO NOTHING"
     " RETURNING id::text AS id"},
    /* An adjustment into stock at a stated unit cost (issue 22):
       sql/procs/stock_cost.sql. */
    {"stock_cost_stated", "SELECT stock_cost_stated($1::numeric)"},
    {"stock_cost_entered",
     "SELECT stock_cost_entered($1::bigint, $2::bigint, $3::bigint,"
     " $4::numeric)"},
    {"stock_do_move",
     CORE_PROC_SELECT "ledger_move($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                      " $11, $12)"},
    {NULL, NULL},
};

void
core_stock_register(void)
{
  core_db_register(stmts);
}

struct sku_info {
  const char *id;
  bool lot_tracked;
  bool expiry_tracked;
};

/* Shared state of one move or adjustment transaction. */
struct ctx {
  struct core_arena *arena;
  struct core_stock_refusal *why;
  const struct core_stock_actor *who;
  const char **doc;
  bool *replayed;
};

static enum core_qs
refuse(struct ctx *x, enum core_ec *ec, enum core_ec code, const char *field)
{
  *ec = code;
  x->why->field = field;
  return CORE_QS_HARD;
}

/* Runs @a stmt and keeps its result in @a r (caller clears). */
/* Runs @a stmt and reads its single row through @a rs (text in x's arena). */
static enum core_qs
query(struct core_db_conn *c, struct ctx *x, const char *stmt, int n,
      const char *const *params, const struct core_db_rspec *rs)
{
  return core_db_result_one(c, stmt, n, params, rs, x->arena);
}

static enum core_qs
find_sku(struct core_db_conn *c, struct ctx *x, const char *code,
         struct sku_info *out, enum core_ec *ec)
{
  const char *params[] = {code};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("id", &out->id),
      CORE_DB_RS_BOOL("lot_tracked", &out->lot_tracked),
      CORE_DB_RS_BOOL("expiry_tracked", &out->expiry_tracked),
      CORE_DB_RS_END,
  };
  enum core_qs qs = query(c, x, "stock_sku", 1, params, rs);
  if (qs == CORE_QS_NONE) {
    snprintf(x->why->detail, sizeof x->why->detail, "no SKU %.64s", code);
    return refuse(x, ec, CORE_EC_UNKNOWN_SKU, "sku");
  }
  return qs;
}

/* Resolves bin @a code (in warehouse @a wh if given) to id and warehouse. */
static enum core_qs
find_bin(struct core_db_conn *c, struct ctx *x, const char *code,
         const char *wh, const char *field, const char **id, const char **wh_id,
         enum core_ec *ec)
{
  const char *params[] = {code, wh};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("id", id),
      CORE_DB_RS_TEXT("wh", wh_id),
      CORE_DB_RS_END,
  };
  enum core_qs qs = query(c, x, "stock_bin", 2, params, rs);
  if (qs == CORE_QS_NONE || qs > CORE_QS_ONE) {
    snprintf(x->why->detail, sizeof x->why->detail, "bin %.40s", code);
    return refuse(
        x, ec, qs == CORE_QS_NONE ? CORE_EC_UNKNOWN_BIN : CORE_EC_AMBIGUOUS_BIN,
        field);
  }
  return qs;
}

/* The lot's id and expiry ("" if none); NONE if the lot is unknown. */
static enum core_qs
find_lot(struct core_db_conn *c, struct ctx *x, const char *sku_id,
         const char *lot, const char **id, const char **expiry)
{
  const char *params[] = {sku_id, lot};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("id", id),
      CORE_DB_RS_TEXT("expiry", expiry),
      CORE_DB_RS_END,
  };
  return query(c, x, "stock_lot_find", 2, params, rs);
}

/* Lot rules shared by moves and adjustments: tracked SKUs need one. */
static enum core_qs
check_lot_given(struct ctx *x, const struct sku_info *s, const char *lot,
                enum core_ec *ec)
{
  if (s->lot_tracked && lot == NULL)
    return refuse(x, ec, CORE_EC_LOT_REQUIRED, "lot");
  if (!s->lot_tracked && lot != NULL)
    return refuse(x, ec, CORE_EC_LOT_NOT_TRACKED, "lot");
  return CORE_QS_ONE;
}

/* An existing lot for a move or a removal; NULL id when not tracked. */
static enum core_qs
existing_lot(struct core_db_conn *c, struct ctx *x, const struct sku_info *s,
             const char *lot, const char **lot_id, enum core_ec *ec)
{
  *lot_id = NULL;
  enum core_qs qs = check_lot_given(x, s, lot, ec);
  if (qs < 0 || lot == NULL)
    return qs;
  const char *expiry;
  qs = find_lot(c, x, s->id, lot, lot_id, &expiry);
  if (qs == CORE_QS_NONE) {
    snprintf(x->why->detail, sizeof x->why->detail,
             "no stock of lot %.20s of this SKU", lot);
    x->why->available = 0;
    return refuse(x, ec, CORE_EC_INSUFFICIENT_STOCK, "lot");
  }
  return qs;
}

/* The lot an adjustment adds to: found, or created with its expiry. */
static enum core_qs
receiving_lot(struct core_db_conn *c, struct ctx *x, const struct sku_info *s,
              const char *lot, const char *expiry, const char **lot_id,
              enum core_ec *ec)
{
  *lot_id = NULL;
  enum core_qs qs = check_lot_given(x, s, lot, ec);
  if (qs < 0)
    return qs;
  if (expiry != NULL && !s->expiry_tracked)
    return refuse(x, ec, CORE_EC_EXPIRY_NOT_TRACKED, "expiry");
  if (lot == NULL)
    return CORE_QS_ONE;
  const char *have;
  qs = find_lot(c, x, s->id, lot, lot_id, &have);
  if (qs == CORE_QS_NONE) {
    if (s->expiry_tracked && expiry == NULL)
      return refuse(x, ec, CORE_EC_EXPIRY_REQUIRED, "expiry");
    const char *params[] = {s->id, lot, expiry};
    struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("id", lot_id), CORE_DB_RS_END};
    qs = query(c, x, "stock_lot_insert", 3, params, rs);
    /* Lost a race with another first receipt of this lot: retry. */
    return qs == CORE_QS_NONE ? CORE_QS_SOFT : qs;
  }
  if (qs > 0 && expiry != NULL && strcmp(have, expiry) != 0) {
    snprintf(x->why->detail, sizeof x->why->detail,
             "lot %.20s expires on %s, not %s", lot, have, expiry);
    return refuse(x, ec, CORE_EC_EXPIRY_MISMATCH, "expiry");
  }
  return qs;
}

/* The arguments of one ledger_move call. */
struct move_call {
  const char *sku_id, *lot_id, *from, *to;
  int64_t qty;
  const char *reason, *document, *note, *idem;
};

/* Runs the move (ledger_move) and takes its document or its refusal. */
static enum core_qs
do_move(struct core_db_conn *c, struct ctx *x, const struct move_call *m,
        const char *to_field, enum core_ec *ec)
{
  char uid[24], qty[24];
  snprintf(uid, sizeof uid, "%" PRId64, x->who->user_id);
  snprintf(qty, sizeof qty, "%" PRId64, m->qty);
  const char *params[] = {m->sku_id,
                          m->lot_id,
                          m->from,
                          m->to,
                          qty,
                          m->reason,
                          m->document,
                          m->note,
                          x->who->user_id > 0 ? uid : NULL,
                          x->who->request_id,
                          m->idem,
                          to_field};
  struct core_outcome o;
  memset(&o, 0, sizeof o);
  enum core_qs qs =
      core_proc_query(c, "stock_do_move", 12, params, x->arena, &o, ec);
  if (qs == CORE_QS_ONE) {
    *x->doc = o.doc;
    *x->replayed = o.replayed;
  } else if (o.ec != CORE_EC_OK) {
    *ec = core_stock_refusal_from(&o, x->why);
  }
  return qs;
}

struct move_cls {
  struct ctx x;
  const struct core_stock_move_req *m;
};

static enum core_qs
move_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct move_cls *mc = cls;
  struct ctx *x = &mc->x;
  const struct core_stock_move_req *m = mc->m;
  struct sku_info s;
  const char *from, *to, *from_wh, *to_wh, *lot_id;
  enum core_qs qs = find_sku(c, x, m->sku, &s, ec);
  if (qs >= 0)
    qs = find_bin(c, x, m->from_bin, m->warehouse, "from_bin", &from, &from_wh,
                  ec);
  if (qs >= 0)
    qs = find_bin(c, x, m->to_bin, m->warehouse, "to_bin", &to, &to_wh, ec);
  if (qs >= 0 && strcmp(from_wh, to_wh) != 0)
    qs = refuse(x, ec, CORE_EC_CROSS_WAREHOUSE_MOVE, "to_bin");
  if (qs >= 0 && strcmp(from, to) == 0)
    qs = refuse(x, ec, CORE_EC_SAME_LOCATION, "to_bin");
  if (qs >= 0)
    qs = existing_lot(c, x, &s, m->lot, &lot_id, ec);
  if (qs < 0)
    return qs;
  struct move_call call = {
      s.id, lot_id, from, to, m->qty, "move", "", "", m->idempotency_key};
  return do_move(c, x, &call, "to_bin", ec);
}

enum core_ec
core_stock_move(const struct core_stock_move_req *m,
                const struct core_stock_actor *who, struct core_arena *arena,
                const char **doc, bool *replayed,
                struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  *replayed = false;
  struct move_cls mc = {{arena, why, who, doc, replayed}, m};
  return core_db_run_tx("stock_move", CORE_DB_READ_COMMITTED, move_tx, &mc);
}

struct adjust_cls {
  struct ctx x;
  const struct core_stock_adjust_req *a;
};

/* The adjustment's bin: named, or the implicit one of a lite warehouse. */
static enum core_qs
adjust_bin(struct core_db_conn *c, struct ctx *x,
           const struct core_stock_adjust_req *a, const char **bin,
           const char **wh_id, enum core_ec *ec)
{
  const char *params[] = {a->warehouse};
  bool bin_managed = false;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("id", wh_id),
      CORE_DB_RS_BOOL("bin_managed", &bin_managed),
      CORE_DB_RS_END,
  };
  enum core_qs qs = query(c, x, "stock_wh", 1, params, rs);
  if (qs == CORE_QS_NONE)
    return refuse(x, ec, CORE_EC_UNKNOWN_WAREHOUSE, "warehouse");
  if (qs < 0)
    return qs;
  if (a->bin != NULL) {
    const char *bin_wh;
    return find_bin(c, x, a->bin, a->warehouse, "bin", bin, &bin_wh, ec);
  }
  if (bin_managed) {
    snprintf(x->why->detail, sizeof x->why->detail,
             "%.32s is bin-managed: name the bin", a->warehouse);
    return refuse(x, ec, CORE_EC_MISSING_FIELD, "bin");
  }
  const char *p2[] = {*wh_id, "@STOCK"};
  struct core_db_rspec loc[] = {CORE_DB_RS_TEXT("id", bin), CORE_DB_RS_END};
  return query(c, x, "stock_wh_location", 2, p2, loc);
}

static enum core_qs
adjust_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct adjust_cls *ac = cls;
  struct ctx *x = &ac->x;
  const struct core_stock_adjust_req *a = ac->a;
  struct sku_info s;
  const char *bin = NULL, *wh_id = NULL, *adj = NULL, *lot_id = NULL;
  enum core_qs qs = adjust_bin(c, x, a, &bin, &wh_id, ec);
  if (qs >= 0)
    qs = find_sku(c, x, a->sku, &s, ec);
  if (qs >= 0 && a->qty_delta > 0)
    qs = receiving_lot(c, x, &s, a->lot, a->expiry, &lot_id, ec);
  else if (qs >= 0 && a->expiry != NULL)
    qs = refuse(x, ec, CORE_EC_INVALID_VALUE, "expiry");
  else if (qs >= 0)
    qs = existing_lot(c, x, &s, a->lot, &lot_id, ec);
  if (qs < 0)
    return qs;
  const char *p2[] = {wh_id, "@ADJUST"};
  struct core_db_rspec loc[] = {CORE_DB_RS_TEXT("id", &adj), CORE_DB_RS_END};
  qs = query(c, x, "stock_wh_location", 2, p2, loc);
  if (qs < 0)
    return qs;
  bool in = a->qty_delta > 0;
  if (a->unit_cost != NULL && !in) {
    snprintf(x->why->detail, sizeof x->why->detail,
             "a unit cost values units coming in: units going out leave at "
             "the moving average");
    return refuse(x, ec, CORE_EC_INVALID_VALUE, "unit_cost");
  }
  if (a->unit_cost != NULL) {
    const char *pc[] = {a->unit_cost};
    qs = core_db_query(c, "stock_cost_stated", 1, pc, NULL);
    if (qs < 0)
      return qs;
  }
  struct move_call call = {s.id,
                           lot_id,
                           in ? adj : bin,
                           in ? bin : adj,
                           in ? a->qty_delta : -a->qty_delta,
                           "adjustment",
                           "",
                           a->reason,
                           a->idempotency_key};
  qs = do_move(c, x, &call, "bin", ec);
  if (qs < 0 || a->unit_cost == NULL || *x->replayed)
    return qs;
  char qty[24];
  snprintf(qty, sizeof qty, "%" PRId64, a->qty_delta);
  const char *pe[] = {wh_id, s.id, qty, a->unit_cost};
  enum core_qs done = core_db_query(c, "stock_cost_entered", 4, pe, NULL);
  return done < 0 ? done : qs;
}

enum core_ec
core_stock_adjust(const struct core_stock_adjust_req *a,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  const char **doc, bool *replayed,
                  struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  *replayed = false;
  struct adjust_cls ac = {{arena, why, who, doc, replayed}, a};
  return core_db_run_tx("stock_adjust", CORE_DB_READ_COMMITTED, adjust_tx, &ac);
}

enum core_ec
core_stock_refusal_from(const struct core_outcome *o,
                        struct core_stock_refusal *why)
{
  why->field = o->field;
  snprintf(why->detail, sizeof why->detail, "%s",
           o->detail != NULL ? o->detail : "");
  why->available = 0;
  if (o->ec != CORE_EC_INSUFFICIENT_STOCK || o->doc == NULL)
    return o->ec;
  json_error_t err;
  json_t *doc = json_loads(o->doc, 0, &err);
  json_t *n = json_object_get(doc, "available");
  bool ok = json_is_integer(n);
  if (ok)
    why->available = (int64_t)json_integer_value(n);
  json_decref(doc);
  if (!ok) {
    CORE_ERROR("insufficient_stock without a figure: %s", o->doc);
    return CORE_EC_INTERNAL;
  }
  return o->ec;
}
