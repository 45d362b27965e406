#include "wms_count.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"count_wh", "SELECT id FROM warehouse WHERE code = $1"},
    {"count_insert", "INSERT INTO stock_count (warehouse_id, threshold, note)"
                     " VALUES ($1, $2, $3) RETURNING id"},
    {"count_bin_id",
     "SELECT id FROM location WHERE warehouse_id = $1 AND kind = 'bin'"
     " AND code = $2"},
    {"count_zone_id",
     "SELECT id FROM zone WHERE warehouse_id = $1 AND code = $2"},
    {"count_add_bin",
     "INSERT INTO stock_count_bin (count_id, bin_id) VALUES ($1, $2)"
     " ON CONFLICT DO NOTHING"},
    {"count_add_zone",
     "INSERT INTO stock_count_bin (count_id, bin_id) SELECT $1, id"
     " FROM location WHERE zone_id = $2 AND kind = 'bin'"},
    {"count_doc", "SELECT doc::text FROM stock_count_doc WHERE id = $1"},
    {"count_blind", "SELECT blind::text FROM stock_count_doc WHERE id = $1"},
    {"count_list",
     "SELECT coalesce(json_agg(CASE WHEN $2 THEN blind ELSE doc END"
     " ORDER BY id DESC), '[]')::text"
     " FROM stock_count_doc WHERE warehouse_id ="
     " (SELECT id FROM warehouse WHERE code = $1)"},
    /* Everything an entry names, resolved in the count's warehouse. */
    {"count_entry_ids",
     "SELECT (SELECT id FROM location WHERE warehouse_id = c.warehouse_id"
     "   AND kind = 'bin' AND code = $2)::text AS bin,"
     " s.id::text AS sku, coalesce(s.lot_tracked, false) AS lot_tracked,"
     " (SELECT t.id FROM lot t WHERE t.sku_id = s.id AND t.code = $4)::text"
     " AS lot"
     " FROM stock_count c LEFT JOIN sku s ON s.code = $3 WHERE c.id = $1"},
    {"count_entry", CORE_PROC_SELECT "ledger_count_entry($1, $2, $3, $4, $5,"
                                     " $6, $7, $8)"},
    {"count_bin_done",
     CORE_PROC_SELECT "ledger_count_bin_done($1, $2, $3, $4)"},
    {"count_decide", CORE_PROC_SELECT "ledger_count_decide($1, $2, $3, $4)"},
    {"count_close", CORE_PROC_SELECT "ledger_count_close($1)"},
    {NULL, NULL},
};

void
wms_count_register(void)
{
  core_db_register(stmts);
}

/* Runs a statement expecting one row; copies cell 0 into @a out. */
static enum core_qs
one(struct core_db_conn *c, const char *stmt, int n, const char *const *p,
    struct core_arena *arena, const char **out)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, p, &r);
  if (qs == CORE_QS_ONE && out != NULL)
    *out = PQgetisnull(r, 0, 0) ? NULL
                                : core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_arena_printf(arena, "%" PRId64, v);
}

/* Reads the count's view after a change; NONE means no such count. */
static enum core_qs
read_doc(struct core_db_conn *c, const char *id, bool blind,
         struct core_arena *arena, const char **doc, enum core_ec *ec)
{
  const char *p[] = {id};
  enum core_qs qs =
      one(c, blind ? "count_blind" : "count_doc", 1, p, arena, doc);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

struct create_cls {
  const char *wh, *zone, *note;
  const char **bins;
  unsigned nbins;
  int64_t threshold;
  struct core_arena *arena;
  const char **doc;
  unsigned *bad;
};

/* Adds the listed bins, or the zone's, to count @a id. */
static enum core_qs
add_bins(struct core_db_conn *c, struct create_cls *cc, const char *wh_id,
         const char *id, enum core_ec *ec)
{
  for (unsigned i = 0; i < cc->nbins; i++) {
    const char *bin = NULL;
    const char *p[] = {wh_id, cc->bins[i]};
    enum core_qs qs = one(c, "count_bin_id", 2, p, cc->arena, &bin);
    if (qs == CORE_QS_NONE) {
      *cc->bad = i;
      *ec = CORE_EC_UNKNOWN_BIN;
      return CORE_QS_HARD;
    }
    const char *p2[] = {id, bin};
    if (qs >= 0)
      qs = core_db_query(c, "count_add_bin", 2, p2, NULL);
    if (qs < 0)
      return qs;
  }
  if (cc->nbins > 0)
    return CORE_QS_ONE;
  const char *zone = NULL;
  const char *p[] = {wh_id, cc->zone};
  enum core_qs qs = one(c, "count_zone_id", 2, p, cc->arena, &zone);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNKNOWN_ZONE;
    return CORE_QS_HARD;
  }
  const char *p2[] = {id, zone};
  return qs < 0 ? qs : core_db_query(c, "count_add_zone", 2, p2, NULL);
}

static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  const char *wh_id = NULL, *id = NULL;
  const char *p1[] = {cc->wh};
  enum core_qs qs = one(c, "count_wh", 1, p1, cc->arena, &wh_id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  const char *p2[] = {wh_id, num(cc->arena, cc->threshold), cc->note};
  if (qs >= 0)
    qs = one(c, "count_insert", 3, p2, cc->arena, &id);
  if (qs >= 0)
    qs = add_bins(c, cc, wh_id, id, ec);
  if (qs < 0)
    return qs;
  return read_doc(c, id, false, cc->arena, cc->doc, ec);
}

enum core_ec
wms_count_create(const char *wh, const char **bins, unsigned nbins,
                 const char *zone, int64_t threshold, const char *note,
                 struct core_arena *arena, const char **doc, unsigned *bad)
{
  struct create_cls cc = {wh,        zone,  note, bins, nbins,
                          threshold, arena, doc,  bad};
  return core_db_run_tx("count_create", CORE_DB_READ_COMMITTED, create_tx, &cc);
}

struct op_cls {
  int64_t id;
  bool flag;        /* blind */
  const char *text; /* warehouse / bin */
  const struct wms_count_entry *e;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **doc;
  struct core_stock_refusal *why;
};

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct op_cls *oc = cls;
  return read_doc(c, num(oc->arena, oc->id), oc->flag, oc->arena, oc->doc, ec);
}

enum core_ec
wms_count_get(int64_t id, bool blind, struct core_arena *arena,
              const char **doc)
{
  struct op_cls oc = {.id = id, .flag = blind, .arena = arena, .doc = doc};
  return core_db_run_tx("count_get", CORE_DB_READ_COMMITTED, get_tx, &oc);
}

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct op_cls *oc = cls;
  const char *p[] = {oc->text, oc->flag ? "t" : "f"};
  return one(c, "count_list", 2, p, oc->arena, oc->doc);
}

enum core_ec
wms_count_list(const char *wh, bool blind, struct core_arena *arena,
               const char **items)
{
  struct op_cls oc = {.text = wh, .flag = blind, .arena = arena, .doc = items};
  return core_db_run_tx("count_list", CORE_DB_READ_COMMITTED, list_tx, &oc);
}

static enum core_qs
refuse(struct op_cls *oc, enum core_ec *ec, enum core_ec code,
       const char *field)
{
  *ec = code;
  oc->why->field = field;
  return CORE_QS_HARD;
}

/* Resolves bin, SKU and lot of an entry; ids go to @a ids[0..2]. */
static enum core_qs
entry_ids(struct core_db_conn *c, struct op_cls *oc, const char *ids[3],
          enum core_ec *ec)
{
  const struct wms_count_entry *e = oc->e;
  const char *p[] = {num(oc->arena, oc->id), e->bin, e->sku, e->lot};
  bool lot_tracked = false;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("bin", &ids[0]),
      CORE_DB_RS_TEXT_NULL("sku", &ids[1]),
      CORE_DB_RS_TEXT_NULL("lot", &ids[2]),
      CORE_DB_RS_BOOL("lot_tracked", &lot_tracked),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "count_entry_ids", 4, p, rs, oc->arena);
  if (qs == CORE_QS_NONE)
    return refuse(oc, ec, CORE_EC_NOT_FOUND, NULL);
  if (qs < 0)
    return qs;
  if (ids[0] == NULL)
    return refuse(oc, ec, CORE_EC_UNKNOWN_BIN, "bin");
  if (ids[1] == NULL)
    return refuse(oc, ec, CORE_EC_UNKNOWN_SKU, "sku");
  if (lot_tracked && e->lot == NULL)
    return refuse(oc, ec, CORE_EC_LOT_REQUIRED, "lot");
  if (!lot_tracked && e->lot != NULL)
    return refuse(oc, ec, CORE_EC_LOT_NOT_TRACKED, "lot");
  if (e->lot != NULL && ids[2] == NULL)
    return refuse(oc, ec, CORE_EC_UNKNOWN_LOT, "lot");
  return CORE_QS_ONE;
}

static enum core_qs
enter_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct op_cls *oc = cls;
  const char *ids[3] = {NULL, NULL, NULL};
  enum core_qs qs = entry_ids(c, oc, ids, ec);
  if (qs < 0)
    return qs;
  const char *id = num(oc->arena, oc->id);
  const char *p[] = {id,
                     ids[0],
                     ids[1],
                     ids[2],
                     num(oc->arena, oc->e->qty),
                     oc->who->user_id > 0 ? num(oc->arena, oc->who->user_id)
                                          : NULL,
                     oc->who->request_id,
                     oc->e->idempotency_key};
  struct core_outcome o;
  memset(&o, 0, sizeof o);
  qs = core_proc_query(c, "count_entry", 8, p, oc->arena, &o, ec);
  if (qs == CORE_QS_ONE)
    *oc->doc = o.doc;
  else if (o.ec != CORE_EC_OK)
    *ec = core_stock_refusal_from(&o, oc->why);
  return qs;
}

enum core_ec
wms_count_enter(int64_t id, const struct wms_count_entry *e,
                const struct core_stock_actor *who, struct core_arena *arena,
                const char **doc, struct core_stock_refusal *why)
{
  memset(why, 0, sizeof *why);
  struct op_cls oc = {
      .id = id, .e = e, .who = who, .arena = arena, .doc = doc, .why = why};
  return core_db_run_tx("count_entry", CORE_DB_READ_COMMITTED, enter_tx, &oc);
}

/* Runs ledger procedure @a stmt as its own transaction; @a doc on success. */
static enum core_ec
run(const char *stmt, int n, const char *const *p, struct core_arena *arena,
    const char **doc)
{
  struct core_outcome o;
  enum core_ec ec = core_proc_run(stmt, stmt, n, p, arena, &o);
  if (ec == CORE_EC_OK)
    *doc = o.doc;
  return ec;
}

/* The acting user as a parameter: NULL when unknown. */
static const char *
user_param(struct core_arena *arena, const struct core_stock_actor *who)
{
  return who->user_id > 0 ? num(arena, who->user_id) : NULL;
}

enum core_ec
wms_count_bin_done(int64_t id, const char *bin,
                   const struct core_stock_actor *who, struct core_arena *arena,
                   const char **doc)
{
  const char *p[] = {num(arena, id), bin, user_param(arena, who),
                     who->request_id};
  return run("count_bin_done", 4, p, arena, doc);
}

enum core_ec
wms_count_decide(int64_t id, int64_t line, bool approve,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 const char **doc)
{
  const char *p[] = {num(arena, id), num(arena, line), approve ? "t" : "f",
                     who->request_id};
  return run("count_decide", 4, p, arena, doc);
}

enum core_ec
wms_count_close(int64_t id, struct core_arena *arena, const char **doc)
{
  const char *p[] = {num(arena, id)};
  return run("count_close", 1, p, arena, doc);
}
