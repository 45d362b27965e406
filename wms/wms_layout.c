#include "wms_layout.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_mem.h"
#include "wms_route.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"layout_get", CORE_PROC_SELECT "wms_layout_get($1)"},
    {"layout_put", CORE_PROC_SELECT "wms_layout_put($1, $2, $3::jsonb)"},
    {"route_stops",
     "SELECT picklist_id, task_id, zone_id, aisle, y_cm, n_aisles,"
     " spacing_cm, length_cm, depot_x_cm, depot_offset_cm, cross_back,"
     " cross_middle, method FROM wms_route_stops($1)"},
    {"route_apply",
     "SELECT wms_route_apply($1::bigint[], $2::int[], $3::bigint[],"
     " $4::text[], $5::numeric[], $6::numeric[])"},
    {NULL, NULL},
};

void
wms_layout_register(void)
{
  core_db_register(stmts);
}

enum core_ec
wms_layout_get(const char *wh, struct core_arena *arena,
               struct core_outcome *out)
{
  const char *p[] = {wh};
  return core_proc_run("layout_get", "layout_get", 1, p, arena, out);
}

/* The zones as the JSON array the procedure reads. */
static const char *
zones_json(const struct wms_zone_layout *z, size_t n, struct core_arena *arena)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(
        a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I, s:I}",
                     "zone", z[i].zone, "aisle_spacing_m", z[i].aisle_spacing_m,
                     "aisle_length_m", z[i].aisle_length_m, "bay_width_m",
                     z[i].bay_width_m, "depot_x_m", z[i].depot_x_m,
                     "depot_offset_m", z[i].depot_offset_m, "cross_back",
                     z[i].cross_back, "cross_middle", z[i].cross_middle,
                     "golden_level_min", (json_int_t)z[i].golden_level_min,
                     "golden_level_max", (json_int_t)z[i].golden_level_max));
  }
  char *text = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  const char *copy = core_arena_strdup(arena, text != NULL ? text : "[]");
  free(text);
  return copy;
}

enum core_ec
wms_layout_put(const char *wh, const char *method,
               const struct wms_zone_layout *zones, size_t n,
               struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {wh, method, zones_json(zones, n, arena)};
  return core_proc_run("layout_put", "layout_put", 3, p, arena, out);
}

/* ---- Routing a wave ---------------------------------------------------- */

/* A text buffer for the array literals of route_apply. */
struct buf {
  char *s;
  size_t len, cap;
};

static void
buf_add(struct buf *b, const char *text)
{
  size_t k = strlen(text);
  if (b->len + k + 2 > b->cap) {
    b->cap = (b->len + k + 2) * 2;
    b->s = core_xrealloc(b->s, b->cap);
  }
  if (b->len > 0)
    b->s[b->len++] = ',';
  memcpy(b->s + b->len, text, k + 1);
  b->len += k;
}

/* "{…}" in @a arena; frees the buffer. */
static const char *
buf_literal(struct buf *b, struct core_arena *arena)
{
  const char *out = core_arena_printf(arena, "{%s}", b->s != NULL ? b->s : "");
  free(b->s);
  *b = (struct buf){0};
  return out;
}

struct apply {
  struct buf tasks, ranks, lists, methods, dist, seq_dist;
  int rank;
};

static int64_t
cell_int(const PGresult *r, int row, int col)
{
  return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* The layout of the zone of row @a row. */
static struct wms_route_layout
row_layout(const PGresult *r, int row)
{
  return (struct wms_route_layout){
      .n_aisles = (int32_t)cell_int(r, row, 5),
      .aisle_spacing_cm = (int32_t)cell_int(r, row, 6),
      .aisle_length_cm = (int32_t)cell_int(r, row, 7),
      .depot_x_cm = (int32_t)cell_int(r, row, 8),
      .depot_offset_cm = (int32_t)cell_int(r, row, 9),
      .back_cross = PQgetvalue(r, row, 10)[0] == 't',
      .middle_cross = PQgetvalue(r, row, 11)[0] == 't'};
}

/* Routes the zone of rows [@a from, @a to) whose zone is that of row
 * @a first: adds its tasks' ranks (none by sequence: the tasks keep their
 * pick sequence) and returns its metres (cm) by @a m in @a *len and by
 * sequence in @a *seq_len. */
static void
route_zone(const PGresult *r, int from, int to, int first,
           enum wms_route_method m, struct apply *ap, int64_t *len,
           int64_t *seq_len)
{
  const char *zone = PQgetvalue(r, first, 2);
  struct wms_route_layout l = row_layout(r, first);
  size_t n = 0;
  int *rows = core_xmalloc(sizeof *rows * (size_t)(to - from));
  struct wms_route_stop *st = core_xmalloc(sizeof *st * (size_t)(to - from));
  for (int i = first; i < to; i++) {
    if (strcmp(PQgetvalue(r, i, 2), zone) != 0)
      continue;
    rows[n] = i;
    st[n++] = (struct wms_route_stop){(int32_t)cell_int(r, i, 3),
                                      (int32_t)cell_int(r, i, 4)};
  }
  size_t *order = core_xmalloc(sizeof *order * n);
  *seq_len += wms_route_plan(&l, WMS_ROUTE_SEQUENCE, st, n, order);
  *len += wms_route_plan(&l, m, st, n, order);
  for (size_t k = 0; m != WMS_ROUTE_SEQUENCE && k < n; k++) {
    char num[32];
    buf_add(&ap->tasks, PQgetvalue(r, rows[order[k]], 1));
    snprintf(num, sizeof num, "%d", ++ap->rank);
    buf_add(&ap->ranks, num);
  }
  free(order);
  free(st);
  free(rows);
}

/* Routes list rows [@a from, @a to) (one pick list, in pick sequence).
 * A list with a stop that has no place on a layout is left as it is. */
static void
route_list(const PGresult *r, int from, int to, struct apply *ap)
{
  for (int i = from; i < to; i++) {
    if (PQgetisnull(r, i, 2))
      return;
  }
  enum wms_route_method m = WMS_ROUTE_SEQUENCE;
  if (!wms_route_method_parse(PQgetvalue(r, from, 12), &m))
    m = WMS_ROUTE_SEQUENCE;
  char cm[2][32];
  int64_t len = 0, seq_len = 0;
  ap->rank = 0;
  for (int i = from; i < to; i++) {
    bool seen = false;
    for (int j = from; j < i && !seen; j++)
      seen = strcmp(PQgetvalue(r, j, 2), PQgetvalue(r, i, 2)) == 0;
    if (!seen)
      route_zone(r, from, to, i, m, ap, &len, &seq_len);
  }
  snprintf(cm[0], sizeof cm[0], "%" PRId64 ".%02" PRId64, len / 100, len % 100);
  snprintf(cm[1], sizeof cm[1], "%" PRId64 ".%02" PRId64, seq_len / 100,
           seq_len % 100);
  buf_add(&ap->lists, PQgetvalue(r, from, 0));
  buf_add(&ap->methods, wms_route_method_name(m));
  buf_add(&ap->dist, cm[0]);
  buf_add(&ap->seq_dist, cm[1]);
}

enum core_qs
wms_layout_route_wave(struct core_db_conn *c, int64_t wave,
                      struct core_arena *arena, enum core_ec *ec)
{
  (void)ec;
  const char *p[] = {core_arena_printf(arena, "%" PRId64, wave)};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "route_stops", 1, p, &r);
  if (qs <= 0) {
    PQclear(r);
    return qs;
  }
  struct apply ap = {0};
  int n = PQntuples(r);
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && strcmp(PQgetvalue(r, j, 0), PQgetvalue(r, i, 0)) == 0)
      j++;
    route_list(r, i, j, &ap);
    i = j;
  }
  PQclear(r);
  if (ap.lists.len == 0)
    return CORE_QS_ONE; /* nothing on a layout: nothing to write */
  const char *q[] = {
      buf_literal(&ap.tasks, arena), buf_literal(&ap.ranks, arena),
      buf_literal(&ap.lists, arena), buf_literal(&ap.methods, arena),
      buf_literal(&ap.dist, arena),  buf_literal(&ap.seq_dist, arena)};
  return core_db_query(c, "route_apply", 6, q, NULL);
}
