#include "wms_replenish.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"replenish_ids",
     "SELECT w.id::text AS wh, (SELECT id FROM sku WHERE code = $2)::text"
     " AS sku, (SELECT id FROM location WHERE warehouse_id = w.id"
     "  AND kind = 'bin' AND code = $3)::text AS bin"
     " FROM warehouse w WHERE w.code = $1"},
    {"replenish_rule_upsert",
     "INSERT INTO replenish_rule (warehouse_id, sku_id, bin_id, min_qty,"
     " max_qty) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sku_id, bin_id)"
     " DO UPDATE SET min_qty = excluded.min_qty, max_qty = excluded.max_qty"
     " RETURNING id"},
    {"replenish_plan", "SELECT wms_replenish_check($1, $2)"},
    {"replenish_rule_doc",
     "SELECT doc::text FROM replenish_rule_doc WHERE id = $1"},
    {"replenish_rule_list",
     "SELECT coalesce(json_agg(doc ORDER BY bin_code, sku_code), '[]')::text"
     " FROM replenish_rule_doc WHERE warehouse_id ="
     " (SELECT id FROM warehouse WHERE code = $1)"},
    {"replenish_task_list",
     "SELECT coalesce(json_agg(doc ORDER BY pick_sequence, id), '[]')::text"
     " FROM replenish_task_doc WHERE state = 'open' AND warehouse_id ="
     " (SELECT id FROM warehouse WHERE code = $1)"},
    {"replenish_confirm",
     CORE_PROC_SELECT "ledger_replenish_confirm($1, $2, $3, $4, $5)"},
    {NULL, NULL},
};

void
wms_replenish_register(void)
{
  core_db_register(stmts);
}

static enum core_qs
one(struct core_db_conn *c, const char *stmt, int n, const char *const *p,
    struct core_arena *arena, const char **out)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, p, &r);
  if (qs == CORE_QS_ONE && out != NULL)
    *out = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

struct rule_cls {
  const char *wh, *sku, *bin;
  int64_t min, max;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
rule_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct rule_cls *rc = cls;
  const char *p[] = {rc->wh, rc->sku, rc->bin};
  const char *ids[3] = {NULL, NULL, NULL};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("wh", &ids[0]),
      CORE_DB_RS_TEXT_NULL("sku", &ids[1]),
      CORE_DB_RS_TEXT_NULL("bin", &ids[2]),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "replenish_ids", 3, p, rs, rc->arena);
  if (qs == CORE_QS_NONE)
    *ec = CORE_EC_NOT_FOUND;
  else if (qs == CORE_QS_ONE && ids[1] == NULL)
    *ec = CORE_EC_UNKNOWN_SKU;
  else if (qs == CORE_QS_ONE && ids[2] == NULL)
    *ec = CORE_EC_UNKNOWN_BIN;
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  if (qs < 0)
    return qs;
  char mn[24], mx[24];
  snprintf(mn, sizeof mn, "%" PRId64, rc->min);
  snprintf(mx, sizeof mx, "%" PRId64, rc->max);
  const char *p2[] = {ids[0], ids[1], ids[2], mn, mx};
  const char *rule_id = NULL;
  qs = one(c, "replenish_rule_upsert", 5, p2, rc->arena, &rule_id);
  const char *p3[] = {ids[1], ids[2]};
  if (qs >= 0)
    qs = core_db_query(c, "replenish_plan", 2, p3, NULL);
  const char *p4[] = {rule_id};
  return qs < 0 ? qs : one(c, "replenish_rule_doc", 1, p4, rc->arena, rc->doc);
}

enum core_ec
wms_replenish_rule_set(const char *wh, const char *sku, const char *bin,
                       int64_t min, int64_t max, struct core_arena *arena,
                       const char **doc)
{
  struct rule_cls rc = {wh, sku, bin, min, max, arena, doc};
  return core_db_run_tx("replenish_rule", CORE_DB_READ_COMMITTED, rule_tx, &rc);
}

struct list_cls {
  const char *stmt, *wh;
  struct core_arena *arena;
  const char **items;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const char *p[] = {lc->wh};
  return one(c, lc->stmt, 1, p, lc->arena, lc->items);
}

enum core_ec
wms_replenish_rule_list(const char *wh, struct core_arena *arena,
                        const char **items)
{
  struct list_cls lc = {"replenish_rule_list", wh, arena, items};
  return core_db_run_tx("replenish_rules", CORE_DB_READ_COMMITTED, list_tx,
                        &lc);
}

enum core_ec
wms_replenish_task_list(const char *wh, struct core_arena *arena,
                        const char **items)
{
  struct list_cls lc = {"replenish_task_list", wh, arena, items};
  return core_db_run_tx("replenish_tasks", CORE_DB_READ_COMMITTED, list_tx,
                        &lc);
}

enum core_ec
wms_replenish_confirm(int64_t id, int64_t qty, const char *key,
                      const struct core_stock_actor *who,
                      struct core_arena *arena, const char **doc,
                      struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  char tid[24], n[24], uid[24];
  snprintf(tid, sizeof tid, "%" PRId64, id);
  snprintf(n, sizeof n, "%" PRId64, qty);
  snprintf(uid, sizeof uid, "%" PRId64, who->user_id);
  const char *p[] = {tid, qty > 0 ? n : NULL, who->user_id > 0 ? uid : NULL,
                     who->request_id, key};
  struct core_outcome o;
  enum core_ec ec =
      core_proc_run("replenish_confirm", "replenish_confirm", 5, p, arena, &o);
  if (ec == CORE_EC_OK)
    *doc = o.doc;
  else
    ec = core_stock_refusal_from(&o, why);
  return ec;
}
