#include "core_reserve.h"

#include "core_arena.h"
#include "core_db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"reserve_ids", "SELECT (SELECT id FROM warehouse WHERE code = $1),"
                    " (SELECT id FROM sku WHERE code = $2)"},
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
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "reserve_doc", 1, params, &r);
  if (qs == CORE_QS_ONE)
    *doc = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

struct create_cls {
  const char *warehouse, *sku, *reference;
  int64_t qty;
  struct core_arena *arena;
  const char **doc;
  bool *replayed;
  struct core_stock_refusal *why;
};

/* Maps the procedure's flags; on success leaves the id in @a id. */
static enum core_qs
reserve_flags(struct create_cls *cc, PGresult *r, const char **id,
              enum core_ec *ec)
{
  *id = core_arena_strdup(cc->arena, PQgetvalue(r, 0, 0));
  *cc->replayed = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
  if (strcmp(PQgetvalue(r, 0, 2), "t") == 0) {
    *ec = CORE_EC_IDEMPOTENCY_CONFLICT;
    cc->why->field = "reference";
    return CORE_QS_HARD;
  }
  if (strcmp(PQgetvalue(r, 0, 3), "t") == 0) {
    *ec = CORE_EC_INSUFFICIENT_STOCK;
    cc->why->field = "qty";
    cc->why->available = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
    return CORE_QS_HARD;
  }
  return CORE_QS_ONE;
}

static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  const char *p1[] = {cc->warehouse, cc->sku};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "reserve_ids", 2, p1, &r);
  if (qs < 0)
    return qs;
  char *wh = core_arena_strdup(cc->arena, PQgetvalue(r, 0, 0));
  char *sku = core_arena_strdup(cc->arena, PQgetvalue(r, 0, 1));
  bool no_wh = PQgetisnull(r, 0, 0), no_sku = PQgetisnull(r, 0, 1);
  PQclear(r);
  if (no_wh || no_sku) {
    *ec = no_wh ? CORE_EC_UNKNOWN_WAREHOUSE : CORE_EC_UNKNOWN_SKU;
    cc->why->field = no_wh ? "warehouse" : "sku";
    return CORE_QS_HARD;
  }
  char qty[24];
  snprintf(qty, sizeof qty, "%" PRId64, cc->qty);
  const char *p2[] = {wh, sku, qty, cc->reference};
  qs = core_db_query(c, "reserve_do", 4, p2, &r);
  const char *id = NULL;
  if (qs == CORE_QS_ONE)
    qs = reserve_flags(cc, r, &id, ec);
  PQclear(r);
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
  PGresult *r = NULL;
  enum core_qs qs =
      core_db_query(c, consume ? "reserve_consume" : "reserve_release",
                    consume ? 3 : 1, params, &r);
  if (qs == CORE_QS_ONE) {
    if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
      *ec = CORE_EC_NOT_FOUND;
      qs = CORE_QS_HARD;
    } else if (strcmp(PQgetvalue(r, 0, 1), "t") == 0) {
      *ec = CORE_EC_RESERVATION_NOT_ACTIVE;
      qs = CORE_QS_HARD;
    }
  }
  PQclear(r);
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
