#include "wms_location.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_page.h"
#include "wms_binpattern.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *const wms_location_zone_types[] = {
    "receiving", "reserve", "pick",       "packing",
    "shipping",  "returns", "quarantine", NULL};

static const struct core_db_stmt stmts[] = {
    {"wms_wh_id", "SELECT id FROM warehouse WHERE code = $1"},
    {"wms_zone_id",
     "SELECT id FROM zone WHERE warehouse_id = $1 AND code = $2"},
    {"wms_zone_insert",
     "INSERT INTO zone (warehouse_id, code, type, name, mixed_owners)"
     " VALUES ($1, $2, $3, $4, $5)"
     " RETURNING json_build_object('code', code, 'name', name, 'type', type,"
     " 'bins', 0, 'mixed_owners', mixed_owners)::text"},
    {"wms_zone_list",
     "SELECT coalesce(json_agg(json_build_object('code', z.code, 'name',"
     " z.name, 'type', z.type, 'bins', (SELECT count(*) FROM location l"
     " WHERE l.zone_id = z.id), 'mixed_owners', z.mixed_owners)"
     " ORDER BY z.code), '[]')::text"
     " FROM zone z WHERE z.warehouse_id = $1"},
    {"wms_bin_insert",
     "INSERT INTO location (warehouse_id, zone_id, kind, code, pick_sequence,"
     " capacity_units, mixed_skus, blocked, aisle_no, rack_no, level_no,"
     " mixed_owners)"
     " SELECT $1, $2, 'bin', $3,"
     " coalesce($4::int, (SELECT coalesce(max(pick_sequence), 0) + 1"
     " FROM location WHERE warehouse_id = $1 AND kind = 'bin')), $5, $6, $7,"
     " xy[1], xy[2], xy[3], $8 FROM wms_bin_code_xy($3) xy"
     " RETURNING id"},
    {"wms_bin_doc", "SELECT doc::text FROM bin_doc WHERE id = $1"},
    {"wms_bins_clash", "SELECT code FROM location WHERE warehouse_id = $1"
                       " AND code = ANY ($2::text[]) ORDER BY code LIMIT 5"},
    {"wms_bins_insert_many",
     "INSERT INTO location (warehouse_id, zone_id, kind, code, pick_sequence,"
     " capacity_units, mixed_skus, aisle_no, rack_no, level_no)"
     " SELECT $1, $2, 'bin', t.c, s.base + t.o, $4, $5, t.a, t.r, t.l"
     " FROM unnest($3::text[], $6::int[], $7::int[], $8::int[])"
     " WITH ORDINALITY AS t (c, a, r, l, o),"
     " (SELECT coalesce(max(pick_sequence), 0) AS base FROM location"
     "  WHERE warehouse_id = $1 AND kind = 'bin') s"},
    /* Key: zero-padded pick sequence and code, so keyset order is text. */
    {"wms_bin_list",
     "SELECT lpad(b.pick_sequence::text, 10, '0') || '|' || b.code, b.doc::text"
     " FROM bin_doc b WHERE b.warehouse_id = $1"
     " AND ($2::text IS NULL OR b.zone_code = $2)"
     " AND ($3::boolean IS NULL OR $3 = (b.on_hand = 0))"
     " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM stock_quant q"
     "   JOIN sku s ON s.id = q.sku_id WHERE q.location_id = b.id"
     "   AND q.on_hand > 0 AND s.code = $4))"
     " AND ($5::text IS NULL OR (b.pick_sequence, b.code) >"
     "   (split_part($5, '|', 1)::int, split_part($5, '|', 2)))"
     " ORDER BY b.pick_sequence, b.code LIMIT $6::bigint + 1"},
    {NULL, NULL},
};

void
wms_location_register(void)
{
  core_db_register(stmts);
}

/* Looks up one id by @a stmt; NONE when absent. */
static enum core_qs
lookup_id(struct core_db_conn *c, const char *stmt, int n,
          const char *const *params, struct core_arena *arena, const char **id)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, params, &r);
  if (qs == CORE_QS_ONE)
    *id = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

/* The warehouse id of @a wh, or HARD with *ec = NOT_FOUND. */
static enum core_qs
warehouse_id(struct core_db_conn *c, const char *wh, struct core_arena *arena,
             const char **id, enum core_ec *ec)
{
  const char *params[] = {wh};
  enum core_qs qs = lookup_id(c, "wms_wh_id", 1, params, arena, id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

static enum core_qs
zone_id(struct core_db_conn *c, const char *wh_id, const char *zone,
        struct core_arena *arena, const char **id, enum core_ec *ec)
{
  const char *params[] = {wh_id, zone};
  enum core_qs qs = lookup_id(c, "wms_zone_id", 2, params, arena, id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNKNOWN_ZONE;
    return CORE_QS_HARD;
  }
  return qs;
}

/* Runs @a stmt expecting one text cell into @a out (in @a arena). */
static enum core_qs
one_text(struct core_db_conn *c, const char *stmt, int n,
         const char *const *params, struct core_arena *arena, const char **out)
{
  return lookup_id(c, stmt, n, params, arena, out);
}

struct zone_cls {
  const char *wh, *code, *name;
  int type;
  bool mixed_owners;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
zone_create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct zone_cls *zc = cls;
  const char *wh_id;
  enum core_qs qs = warehouse_id(c, zc->wh, zc->arena, &wh_id, ec);
  if (qs < 0)
    return qs;
  const char *params[] = {wh_id, zc->code, wms_location_zone_types[zc->type],
                          zc->name, zc->mixed_owners ? "t" : "f"};
  qs = one_text(c, "wms_zone_insert", 5, params, zc->arena, zc->doc);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
wms_location_zone_create(const char *wh, const char *code, int type,
                         const char *name, bool mixed_owners,
                         struct core_arena *arena, const char **doc)
{
  struct zone_cls zc = {wh, code, name, type, mixed_owners, arena, doc};
  return core_db_run_tx("zone_create", CORE_DB_READ_COMMITTED, zone_create_tx,
                        &zc);
}

static enum core_qs
zone_list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct zone_cls *zc = cls;
  const char *wh_id;
  enum core_qs qs = warehouse_id(c, zc->wh, zc->arena, &wh_id, ec);
  if (qs < 0)
    return qs;
  const char *params[] = {wh_id};
  return one_text(c, "wms_zone_list", 1, params, zc->arena, zc->doc);
}

enum core_ec
wms_location_zone_list(const char *wh, struct core_arena *arena,
                       const char **items)
{
  struct zone_cls zc = {wh, NULL, NULL, 0, false, arena, items};
  return core_db_run_tx("zone_list", CORE_DB_READ_COMMITTED, zone_list_tx, &zc);
}

struct bin_cls {
  const char *wh;
  const struct wms_bin *b;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
bin_create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct bin_cls *bc = cls;
  const struct wms_bin *b = bc->b;
  const char *wh_id, *z_id, *bin_id;
  enum core_qs qs = warehouse_id(c, bc->wh, bc->arena, &wh_id, ec);
  if (qs >= 0)
    qs = zone_id(c, wh_id, b->zone, bc->arena, &z_id, ec);
  if (qs < 0)
    return qs;
  char seq[24], cap[24];
  snprintf(seq, sizeof seq, "%" PRId64, b->pick_sequence);
  snprintf(cap, sizeof cap, "%" PRId64, b->capacity_units);
  const char *params[] = {wh_id,
                          z_id,
                          b->code,
                          b->pick_sequence >= 0 ? seq : NULL,
                          b->capacity_units > 0 ? cap : NULL,
                          b->mixed_skus ? "t" : "f",
                          b->blocked ? "t" : "f",
                          b->mixed_owners ? "t" : "f"};
  qs = lookup_id(c, "wms_bin_insert", 8, params, bc->arena, &bin_id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  const char *p2[] = {bin_id};
  return one_text(c, "wms_bin_doc", 1, p2, bc->arena, bc->doc);
}

enum core_ec
wms_location_bin_create(const char *wh, const struct wms_bin *b,
                        struct core_arena *arena, const char **doc)
{
  struct bin_cls bc = {wh, b, arena, doc};
  return core_db_run_tx("bin_create", CORE_DB_READ_COMMITTED, bin_create_tx,
                        &bc);
}

/* "{A-01-1-1,A-01-1-2,…}": codes are [A-Z0-9._-] only, so no quoting. */
static char *
array_literal(const char **codes, unsigned n, struct core_arena *arena)
{
  size_t len = 3;
  for (unsigned i = 0; i < n; i++)
    len += strlen(codes[i]) + 1;
  char *out = core_arena_alloc(arena, len);
  char *p = out;
  *p++ = '{';
  for (unsigned i = 0; i < n; i++) {
    if (i > 0)
      *p++ = ',';
    size_t k = strlen(codes[i]);
    memcpy(p, codes[i], k);
    p += k;
  }
  *p++ = '}';
  *p = '\0';
  return out;
}

/* "{1,2,…}" of one coordinate of every generated bin. */
static char *
int_array(const struct wms_bin_xy *xy, unsigned n, int which,
          struct core_arena *arena)
{
  char *out = core_arena_alloc(arena, (size_t)n * 12 + 3);
  char *p = out;
  *p++ = '{';
  for (unsigned i = 0; i < n; i++) {
    int v = which == 0 ? xy[i].aisle : which == 1 ? xy[i].rack : xy[i].level;
    p += sprintf(p, i > 0 ? ",%d" : "%d", v);
  }
  *p++ = '}';
  *p = '\0';
  return out;
}

struct gen_cls {
  const char *wh;
  const struct wms_bin_pattern *p;
  const char **codes;
  struct wms_bin_xy *xy;
  unsigned n;
  struct core_arena *arena;
  struct wms_pattern_error *perr;
};

/* Refuses the whole generation if any code exists already. */
static enum core_qs
check_clash(struct core_db_conn *c, const char *wh_id, const char *codes,
            struct gen_cls *gc, enum core_ec *ec)
{
  const char *params[] = {wh_id, codes};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "wms_bins_clash", 2, params, &r);
  if (qs > 0) {
    *ec = CORE_EC_ALREADY_EXISTS;
    gc->perr->field = "pattern";
    snprintf(gc->perr->message, sizeof gc->perr->message,
             "%d of these bins exist already, e.g. %s", PQntuples(r),
             PQgetvalue(r, 0, 0));
    qs = CORE_QS_HARD;
  }
  PQclear(r);
  return qs;
}

static enum core_qs
generate_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct gen_cls *gc = cls;
  const char *wh_id, *z_id;
  enum core_qs qs = warehouse_id(c, gc->wh, gc->arena, &wh_id, ec);
  if (qs >= 0)
    qs = zone_id(c, wh_id, gc->p->zone, gc->arena, &z_id, ec);
  if (qs < 0)
    return qs;
  const char *codes = array_literal(gc->codes, gc->n, gc->arena);
  qs = check_clash(c, wh_id, codes, gc, ec);
  if (qs < 0 || gc->p->preview)
    return qs;
  char cap[24];
  snprintf(cap, sizeof cap, "%" PRId64, gc->p->capacity_units);
  const char *params[] = {wh_id,
                          z_id,
                          codes,
                          gc->p->capacity_units > 0 ? cap : NULL,
                          gc->p->mixed_skus ? "t" : "f",
                          int_array(gc->xy, gc->n, 0, gc->arena),
                          int_array(gc->xy, gc->n, 1, gc->arena),
                          int_array(gc->xy, gc->n, 2, gc->arena)};
  return core_db_query(c, "wms_bins_insert_many", 8, params, NULL);
}

static const char *
summary(const struct gen_cls *gc)
{
  json_t *sample = json_array();
  for (unsigned i = 0; i < gc->n && i < 10; i++)
    json_array_append_new(sample, json_string(gc->codes[i]));
  json_t *doc =
      json_pack("{s:I, s:s, s:s, s:o, s:b}", "count", (json_int_t)gc->n,
                "first", gc->codes[0], "last", gc->codes[gc->n - 1], "sample",
                sample, "created", !gc->p->preview);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  const char *out = core_arena_strdup(gc->arena, text);
  free(text);
  return out;
}

enum core_ec
wms_location_bin_generate(const char *wh, const struct wms_bin_pattern *p,
                          struct core_arena *arena, const char **doc,
                          struct wms_pattern_error *perr)
{
  struct gen_cls gc = {wh, p, NULL, NULL, 0, arena, perr};
  enum core_ec ec =
      wms_binpattern_expand_xy(p, arena, &gc.codes, &gc.xy, &gc.n, perr);
  if (ec != CORE_EC_OK)
    return ec;
  ec = core_db_run_tx("bin_generate", CORE_DB_READ_COMMITTED, generate_tx, &gc);
  if (ec == CORE_EC_OK)
    *doc = summary(&gc);
  return ec;
}

struct list_cls {
  const char *wh, *zone, *sku, *after;
  int empty;
  int64_t limit;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
bin_list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const char *wh_id;
  enum core_qs qs = warehouse_id(c, lc->wh, lc->arena, &wh_id, ec);
  if (qs < 0)
    return qs;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, lc->limit);
  const char *empty = lc->empty < 0 ? NULL : lc->empty ? "t" : "f";
  const char *params[] = {wh_id, lc->zone, empty, lc->sku, lc->after, lim};
  PGresult *r = NULL;
  qs = core_db_query(c, "wms_bin_list", 6, params, &r);
  if (qs < 0)
    return qs;
  core_page_collect(r, lc->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs;
}

enum core_ec
wms_location_bin_list(const char *wh, const char *zone, int empty,
                      const char *sku, const char *after, int64_t limit,
                      struct core_arena *arena, const char **items,
                      const char **next)
{
  struct list_cls lc = {wh, zone, sku, after, empty, limit, arena, items, next};
  return core_db_run_tx("bin_list", CORE_DB_READ_COMMITTED, bin_list_tx, &lc);
}
