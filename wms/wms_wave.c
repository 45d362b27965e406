#include "wms_wave.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_proc.h"
#include "wms_layout.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"wave_create", CORE_PROC_SELECT "wms_wave_create($1, $2::jsonb, $3::int,"
                                     " $4::boolean, $5::int, $6, $7)"},
    {"wave_doc", "SELECT wms_wave_doc($1)::text"},
    {"wave_list", "SELECT wms_wave_list($1, $2, $3, $4::int)::text"},
    {"picklist_next", CORE_PROC_SELECT "wms_picklist_claim($1, $2)"},
    {"picklist_get", CORE_PROC_SELECT "wms_picklist_get($1)"},
    {"picklist_scan",
     CORE_PROC_SELECT "wms_pick_scan($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"picklist_short", CORE_PROC_SELECT "wms_pick_short($1, $2, $3, $4)"},
    {"picklist_scan_refused", "SELECT rpt_staff_refused($1, $2, $3)"},
    {"picklist_assign", CORE_PROC_SELECT "wms_picklist_reassign($1, $2)"},
    {"wave_cancel", CORE_PROC_SELECT "wms_wave_cancel($1, $2, $3)"},
    {"totes_create",
     CORE_PROC_SELECT "wms_totes_create($1, $2, $3::int, $4::int, $5::int)"},
    {NULL, NULL},
};

void
wms_wave_register(void)
{
  core_db_register(stmts);
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, false);
}

/* The user id of the actor, or NULL for the system. */
static const char *
user(struct core_arena *arena, const struct core_stock_actor *who)
{
  return core_proc_num(arena, who->user_id, true);
}

/* The wave filters as the JSON object the procedure reads. */
static const char *
filters(struct core_arena *arena, const struct wms_wave_req *r)
{
  json_t *f = json_object();
  if (r->store != NULL)
    json_object_set_new(f, "store", json_string(r->store));
  if (r->carrier != NULL)
    json_object_set_new(f, "carrier", json_string(r->carrier));
  if (r->cutoff != NULL)
    json_object_set_new(f, "cutoff", json_string(r->cutoff));
  if (r->lines != NULL)
    json_object_set_new(f, "lines", json_string(r->lines));
  if (r->min_priority > 0)
    json_object_set_new(f, "min_priority", json_integer(r->min_priority));
  if (r->orders != NULL) {
    json_t *ids = json_array();
    for (size_t i = 0; i < r->n_orders; i++)
      json_array_append_new(ids, json_integer(r->orders[i]));
    json_object_set_new(f, "orders", ids);
  }
  char *text = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(f);
  const char *copy = core_arena_strdup(arena, text != NULL ? text : "{}");
  free(text);
  return copy;
}

struct create_cls {
  const char *const *p;
  struct core_arena *arena;
  struct core_outcome *out;
};

/* Builds the wave, orders its lists by the warehouse's routing method
 * (issue 24) in the same transaction, so no picker can claim a list
 * before its walk is final, and answers the wave as routed. */
static enum core_qs
create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct create_cls *cc = cls;
  memset(cc->out, 0, sizeof *cc->out);
  enum core_qs qs =
      core_proc_query(c, "wave_create", 7, cc->p, cc->arena, cc->out, ec);
  if (qs < 0 || cc->out->doc == NULL)
    return qs;
  json_t *doc = json_loads(cc->out->doc, 0, NULL);
  json_int_t id = json_integer_value(json_object_get(doc, "id"));
  json_decref(doc);
  qs = wms_layout_route_wave(c, id, cc->arena, ec);
  if (qs < 0)
    return qs;
  const char *p[] = {core_proc_num(cc->arena, id, false)};
  PGresult *r = NULL;
  qs = core_db_query(c, "wave_doc", 1, p, &r);
  if (qs == CORE_QS_ONE)
    cc->out->doc = core_arena_strdup(cc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

enum core_ec
wms_wave_create(const struct wms_wave_req *r,
                const struct core_stock_actor *who, struct core_arena *arena,
                struct core_outcome *out)
{
  const char *p[] = {r->warehouse,
                     filters(arena, r),
                     num(arena, r->batch_size),
                     r->zone_picking ? "t" : "f",
                     num(arena, r->max_orders),
                     user(arena, who),
                     who->request_id};
  struct create_cls cc = {p, arena, out};
  memset(out, 0, sizeof *out);
  enum core_ec ec =
      core_db_run_tx("wave_create", CORE_DB_READ_COMMITTED, create_tx, &cc);
  if (ec != CORE_EC_OK)
    out->ec = ec;
  return ec;
}

enum core_ec
wms_wave_list(const char *wh, const char *state, int64_t before, int64_t limit,
              struct core_arena *arena, const char **items)
{
  const char *p[] = {wh, state, core_proc_num(arena, before, true),
                     num(arena, limit)};
  return core_proc_text("wave_list", 4, p, arena, items);
}

enum core_ec
wms_picklist_next(const char *wh, const struct core_stock_actor *who,
                  struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {wh, user(arena, who)};
  return core_proc_run("picklist_next", "picklist_next", 2, p, arena, out);
}

enum core_ec
wms_picklist_get(int64_t id, struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id)};
  return core_proc_run("picklist_get", "picklist_get", 1, p, arena, out);
}

static enum core_qs
refused_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  (void)ec;
  return core_db_query(c, "picklist_scan_refused", 3, cls, NULL);
}

/* A refused scan rolled its transaction back: the picker's wrong scan is
 * counted for the staff report in a transaction of its own (a lost count
 * is logged, never the scan's answer). */
static void
tally_refusal(const char *list, const char *user, const char *kind)
{
  const char *p[] = {list, user, kind};
  if (core_db_run_tx("picklist_scan_refused", CORE_DB_READ_COMMITTED,
                     refused_tx, (void *)p) != CORE_EC_OK)
    CORE_WARN("picklist %s: %s scan not counted", list, kind);
}

enum core_ec
wms_picklist_scan(int64_t id, const struct wms_scan *s,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  struct core_outcome *out)
{
  const char *p[] = {num(arena, id),
                     user(arena, who),
                     s->code,
                     s->gtin,
                     s->lot,
                     core_proc_num(arena, s->qty, true),
                     s->idempotency_key,
                     who->request_id};
  enum core_ec ec =
      core_proc_run("picklist_scan", "picklist_scan", 8, p, arena, out);
  if ((ec == CORE_EC_WRONG_BIN || ec == CORE_EC_WRONG_ITEM ||
       ec == CORE_EC_WRONG_LOT) &&
      p[1] != NULL)
    tally_refusal(p[0], p[1], core_ec_name(ec));
  return ec;
}

enum core_ec
wms_picklist_short(int64_t id, const char *idempotency_key,
                   const struct core_stock_actor *who, struct core_arena *arena,
                   struct core_outcome *out)
{
  const char *p[] = {num(arena, id), user(arena, who), idempotency_key,
                     who->request_id};
  return core_proc_run("picklist_short", "picklist_short", 4, p, arena, out);
}

enum core_ec
wms_picklist_assign(int64_t id, const char *username, struct core_arena *arena,
                    struct core_outcome *out)
{
  const char *p[] = {num(arena, id), username};
  return core_proc_run("picklist_assign", "picklist_assign", 2, p, arena, out);
}

enum core_ec
wms_totes_create(const char *wh, const char *prefix, int64_t from, int64_t to,
                 int64_t width, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *p[] = {wh, prefix, num(arena, from), num(arena, to),
                     num(arena, width)};
  return core_proc_run("totes_create", "totes_create", 5, p, arena, out);
}

enum core_ec
wms_wave_cancel(int64_t id, const struct core_stock_actor *who,
                struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id), user(arena, who), who->request_id};
  return core_proc_run("wave_cancel", "wave_cancel", 3, p, arena, out);
}
