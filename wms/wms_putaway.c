#include "wms_putaway.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RULE_DOC                                                               \
  "json_build_object('id', p.id, 'sku', s.code, 'category', p.category,"       \
  " 'zone', z.code, 'bin', l.code, 'priority', p.priority)"
#define RULE_JOINS                                                             \
  " LEFT JOIN sku s ON s.id = p.sku_id LEFT JOIN zone z ON z.id = p.zone_id"   \
  " LEFT JOIN location l ON l.id = p.bin_id"

static const struct core_db_stmt stmts[] = {
    /* Resolves every code at once; a NULL id for a given code is unknown. */
    {"putaway_ids",
     "SELECT w.id::text AS wh, (SELECT id FROM sku WHERE code = $2)::text"
     " AS sku, (SELECT id FROM zone WHERE warehouse_id = w.id"
     "  AND code = $3)::text AS zone,"
     " (SELECT id FROM location WHERE warehouse_id = w.id AND kind = 'bin'"
     "  AND code = $4)::text AS bin FROM warehouse w WHERE w.code = $1"},
    {"putaway_insert",
     "WITH p AS (INSERT INTO putaway_rule (warehouse_id, sku_id, category,"
     " zone_id, bin_id, priority) VALUES ($1, $2, $3, $4, $5, $6)"
     " RETURNING *) SELECT " RULE_DOC "::text FROM p" RULE_JOINS},
    {"putaway_list",
     "SELECT coalesce(json_agg(" RULE_DOC " ORDER BY p.sku_id IS NULL,"
     " p.priority, p.id), '[]')::text FROM putaway_rule p" RULE_JOINS
     " WHERE p.warehouse_id = (SELECT id FROM warehouse WHERE code = $1)"},
    {"putaway_delete",
     "DELETE FROM putaway_rule WHERE id = $2 AND warehouse_id ="
     " (SELECT id FROM warehouse WHERE code = $1)"},
    {"putaway_suggest",
     "SELECT coalesce(json_agg(json_build_object('bin', x.bin, 'zone', x.zone,"
     " 'pick_sequence', x.pick_sequence, 'on_hand', x.on_hand,"
     " 'holds_sku', x.holds_sku, 'room', x.room, 'rule_id', x.rule_id)),"
     " '[]')::text FROM wms_putaway_suggest($1, $2, $3, $4) x"},
    {"putaway_wh_sku",
     "SELECT (SELECT id FROM warehouse WHERE code = $1)::text AS wh,"
     " (SELECT id FROM sku WHERE code = $2)::text AS sku"},
    {NULL, NULL},
};

void
wms_putaway_register(void)
{
  core_db_register(stmts);
}

/* Runs a one-cell statement into @a out (in @a arena). */
static enum core_qs
one(struct core_db_conn *c, const char *stmt, int n, const char *const *p,
    struct core_arena *arena, const char **out)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, p, &r);
  if (qs == CORE_QS_ONE)
    *out = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

struct rule_cls {
  const char *wh;
  const struct wms_putaway_rule *r;
  struct core_arena *arena;
  const char **doc;
};

/* Whether code @a given (NULL: none) resolved to an @a id. */
static bool
resolved(const char *id, const char *given)
{
  return given == NULL || id != NULL;
}

static enum core_qs
rule_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct rule_cls *rc = cls;
  const struct wms_putaway_rule *r = rc->r;
  const char *p1[] = {rc->wh, r->sku, r->zone, r->bin};
  const char *wh = NULL, *sku = NULL, *zone = NULL, *bin = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("wh", &wh),
      CORE_DB_RS_TEXT_NULL("sku", &sku),
      CORE_DB_RS_TEXT_NULL("zone", &zone),
      CORE_DB_RS_TEXT_NULL("bin", &bin),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "putaway_ids", 4, p1, rs, rc->arena);
  if (qs == CORE_QS_NONE)
    *ec = CORE_EC_NOT_FOUND;
  else if (qs == CORE_QS_ONE) {
    if (!resolved(sku, r->sku))
      *ec = CORE_EC_UNKNOWN_SKU;
    else if (!resolved(zone, r->zone))
      *ec = CORE_EC_UNKNOWN_ZONE;
    else if (!resolved(bin, r->bin))
      *ec = CORE_EC_UNKNOWN_BIN;
  }
  if (qs < 0 || *ec != CORE_EC_OK)
    return qs < 0 ? qs : CORE_QS_HARD;
  char prio[24];
  snprintf(prio, sizeof prio, "%" PRId64, r->priority);
  const char *p2[] = {wh, sku, r->category, zone, bin, prio};
  return one(c, "putaway_insert", 6, p2, rc->arena, rc->doc);
}

enum core_ec
wms_putaway_rule_create(const char *wh, const struct wms_putaway_rule *r,
                        struct core_arena *arena, const char **doc)
{
  struct rule_cls rc = {wh, r, arena, doc};
  return core_db_run_tx("putaway_rule", CORE_DB_READ_COMMITTED, rule_tx, &rc);
}

struct simple_cls {
  const char *wh, *sku;
  int64_t id, qty, limit;
  struct core_arena *arena;
  const char **out;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct simple_cls *sc = cls;
  const char *p[] = {sc->wh};
  return one(c, "putaway_list", 1, p, sc->arena, sc->out);
}

enum core_ec
wms_putaway_rule_list(const char *wh, struct core_arena *arena,
                      const char **items)
{
  struct simple_cls sc = {.wh = wh, .arena = arena, .out = items};
  return core_db_run_tx("putaway_list", CORE_DB_READ_COMMITTED, list_tx, &sc);
}

static enum core_qs
delete_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct simple_cls *sc = cls;
  char id[24];
  snprintf(id, sizeof id, "%" PRId64, sc->id);
  const char *p[] = {sc->wh, id};
  enum core_qs qs = core_db_query(c, "putaway_delete", 2, p, NULL);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
wms_putaway_rule_delete(const char *wh, int64_t id)
{
  struct simple_cls sc = {.wh = wh, .id = id};
  return core_db_run_tx("putaway_delete", CORE_DB_READ_COMMITTED, delete_tx,
                        &sc);
}

static enum core_qs
suggest_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct simple_cls *sc = cls;
  const char *p1[] = {sc->wh, sc->sku};
  const char *wh = NULL, *sku = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("wh", &wh),
      CORE_DB_RS_TEXT_NULL("sku", &sku),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "putaway_wh_sku", 2, p1, rs, sc->arena);
  if (qs < 0)
    return qs;
  bool no_wh = wh == NULL, no_sku = sku == NULL;
  if (no_wh || no_sku) {
    *ec = no_wh ? CORE_EC_UNKNOWN_WAREHOUSE : CORE_EC_UNKNOWN_SKU;
    return CORE_QS_HARD;
  }
  char qty[24], lim[24];
  snprintf(qty, sizeof qty, "%" PRId64, sc->qty);
  snprintf(lim, sizeof lim, "%" PRId64, sc->limit);
  const char *p2[] = {wh, sku, qty, lim};
  return one(c, "putaway_suggest", 4, p2, sc->arena, sc->out);
}

enum core_ec
wms_putaway_suggest(const char *wh, const char *sku, int64_t qty, int64_t limit,
                    struct core_arena *arena, const char **items)
{
  struct simple_cls sc = {wh, sku, 0, qty, limit, arena, items};
  return core_db_run_tx("putaway_suggest", CORE_DB_READ_COMMITTED, suggest_tx,
                        &sc);
}
