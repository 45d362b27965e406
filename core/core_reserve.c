#include "core_reserve.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"reserve_ids",
     "SELECT (SELECT id FROM warehouse WHERE code = $1)::text"
     " AS wh, (SELECT id FROM sku WHERE code = $2)::text AS sku"},
    {"reserve_do", CORE_PROC_SELECT "ledger_reserve($1, $2, $3, $4)"},
    {"reserve_close", CORE_PROC_SELECT "ledger_reserve_close($1, $2, $3, $4)"},
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

/* Runs the reservation (ledger_reserve): its document, or its refusal. */
static enum core_qs
reserve_run(struct core_db_conn *c, struct create_cls *cc,
            const char *const *params, enum core_ec *ec)
{
  struct core_outcome o;
  memset(&o, 0, sizeof o);
  enum core_qs qs =
      core_proc_query(c, "reserve_do", 4, params, cc->arena, &o, ec);
  if (qs == CORE_QS_ONE) {
    *cc->doc = o.doc;
    *cc->replayed = o.replayed;
  } else if (o.ec != CORE_EC_OK) {
    *ec = core_stock_refusal_from(&o, cc->why);
  }
  return qs;
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
  return reserve_run(c, cc, p2, ec);
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

struct get_cls {
  int64_t id;
  struct core_arena *arena;
  const char **doc;
};

enum core_ec
core_reserve_close(int64_t id, enum core_reserve_op op,
                   const struct core_stock_actor *who, struct core_arena *arena,
                   const char **doc)
{
  char rid[24], uid[24];
  snprintf(rid, sizeof rid, "%" PRId64, id);
  snprintf(uid, sizeof uid, "%" PRId64, who != NULL ? who->user_id : 0);
  const char *params[] = {rid, op == CORE_RESERVE_CONSUME ? "t" : "f",
                          who != NULL && who->user_id > 0 ? uid : NULL,
                          who != NULL ? who->request_id : NULL};
  struct core_outcome o;
  enum core_ec ec =
      core_proc_run("reserve_close", "reserve_close", 4, params, arena, &o);
  if (ec == CORE_EC_OK)
    *doc = o.doc;
  return ec;
}

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct get_cls *cc = cls;
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
  struct get_cls cc = {id, arena, doc};
  return core_db_run_tx("reserve_get", CORE_DB_READ_COMMITTED, get_tx, &cc);
}
