#include "core_reserve.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"reserve_ids",
     "SELECT (SELECT id FROM warehouse WHERE code = $1)::text"
     " AS wh, (SELECT id FROM sku WHERE code = $2)::text AS sku"},
    {"reserve_do",
     "SELECT out_reservation_id, out_replayed, out_key_conflict,"
     " out_insufficient, out_available FROM wms_do_reserve($1, $2, $3, $4)"},
    {"reserve_release",
     "SELECT out_found, out_not_active FROM wms_do_release($1)"},
    {"reserve_consume",
     "SELECT out_found, out_not_active FROM wms_do_consume($1, $2, $3)"},
    {"reserve_doc", "SELECT doc::text FROM reservation_doc WHERE id = $1"},
    {NULL, NULL},
};

void
core_reserve_register(void)
{
  core_db_register(stmts);
}

static enum core_qs
read_doc(struct core_db_conn *c, const char *id, struct core_arena *arena,
         const char **doc)
{
  const char *params[] = {id};
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("doc", doc), CORE_DB_RS_END};
  return core_db_result_one(c, "reserve_doc", 1, params, rs, arena);
}

struct create_cls {
  const char *warehouse, *sku, *reference;
  int64_t qty;
  struct core_arena *arena;
  const char **doc;
  bool *replayed;
  struct core_stock_refusal *why;
};

/* Runs the reservation and maps its flags; on success @a id is set. */
static enum core_qs
reserve_flags(struct core_db_conn *c, struct create_cls *cc,
              const char *const *params, const char **id, enum core_ec *ec)
{
  int64_t rid = 0;
  bool conflict = false, insufficient = false;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64_NULL("out_reservation_id", &rid, NULL),
      CORE_DB_RS_BOOL("out_replayed", cc->replayed),
      CORE_DB_RS_BOOL("out_key_conflict", &conflict),
      CORE_DB_RS_BOOL("out_insufficient", &insufficient),
      CORE_DB_RS_INT64("out_available", &cc->why->available),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "reserve_do", 4, params, rs, cc->arena);
  if (qs != CORE_QS_ONE)
    return qs;
  *id = core_arena_printf(cc->arena, "%" PRId64, rid);
  if (conflict) {
    *ec = CORE_EC_IDEMPOTENCY_CONFLICT;
    cc->why->field = "reference";
    return CORE_QS_HARD;
  }
  if (insufficient) {
    *ec = CORE_EC_INSUFFICIENT_STOCK;
    cc->why->field = "qty";
    return CORE_QS_HARD;
  }
  cc->why->available = 0;
  return CORE_QS_ONE;
}

static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  const char *p1[] = {cc->warehouse, cc->sku};
  const char *wh = NULL, *sku = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("wh", &wh),
      CORE_DB_RS_TEXT_NULL("sku", &sku),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "reserve_ids", 2, p1, rs, cc->arena);
  if (qs < 0)
    return qs;
  bool no_wh = wh == NULL, no_sku = sku == NULL;
  if (no_wh || no_sku) {
    *ec = no_wh ? CORE_EC_UNKNOWN_WAREHOUSE : CORE_EC_UNKNOWN_SKU;
    cc->why->field = no_wh ? "warehouse" : "sku";
    return CORE_QS_HARD;
  }
  char qty[24];
  snprintf(qty, sizeof qty, "%" PRId64, cc->qty);
  const char *p2[] = {wh, sku, qty, cc->reference};
  const char *id = NULL;
  qs = reserve_flags(c, cc, p2, &id, ec);
  if (qs < 0)
    return qs;
  return read_doc(c, id, cc->arena, cc->doc);
}

enum core_ec
core_reserve_create(const char *warehouse, const char *sku, int64_t qty,
                    const char *reference, struct core_arena *arena,
                    const char **doc, bool *replayed,
                    struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  *replayed = false;
  struct create_cls cc = {warehouse, sku, reference, qty,
                          arena,     doc, replayed,  why};
  return core_db_run_tx("reserve", CORE_DB_READ_COMMITTED, create_tx, &cc);
}

struct close_cls {
  int64_t id;
  enum core_reserve_op op;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
close_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct close_cls *cc = cls;
  char id[24], uid[24];
  snprintf(id, sizeof id, "%" PRId64, cc->id);
  snprintf(uid, sizeof uid, "%" PRId64, cc->who != NULL ? cc->who->user_id : 0);
  bool consume = cc->op == CORE_RESERVE_CONSUME;
  const char *params[] = {id,
                          cc->who != NULL && cc->who->user_id > 0 ? uid : NULL,
                          cc->who != NULL ? cc->who->request_id : NULL};
  bool found = false, not_active = false;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_BOOL("out_found", &found),
      CORE_DB_RS_BOOL("out_not_active", &not_active),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, consume ? "reserve_consume" : "reserve_release",
                         consume ? 3 : 1, params, rs, cc->arena);
  if (qs == CORE_QS_ONE) {
    if (!found) {
      *ec = CORE_EC_NOT_FOUND;
      qs = CORE_QS_HARD;
    } else if (not_active) {
      *ec = CORE_EC_RESERVATION_NOT_ACTIVE;
      qs = CORE_QS_HARD;
    }
  }
  if (qs < 0)
    return qs;
  return read_doc(c, id, cc->arena, cc->doc);
}

enum core_ec
core_reserve_close(int64_t id, enum core_reserve_op op,
                   const struct core_stock_actor *who, struct core_arena *arena,
                   const char **doc)
{
  struct close_cls cc = {id, op, who, arena, doc};
  return core_db_run_tx("reserve_close", CORE_DB_READ_COMMITTED, close_tx, &cc);
}

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct close_cls *cc = cls;
  char id[24];
  snprintf(id, sizeof id, "%" PRId64, cc->id);
  enum core_qs qs = read_doc(c, id, cc->arena, cc->doc);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_reserve_get(int64_t id, struct core_arena *arena, const char **doc)
{
  struct close_cls cc = {id, CORE_RESERVE_RELEASE, NULL, arena, doc};
  return core_db_run_tx("reserve_get", CORE_DB_READ_COMMITTED, get_tx, &cc);
}
