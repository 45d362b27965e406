#include "web_picklist_pdf_get.h"

#include "core_arena.h"
#include "dev_pdf.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "wms_wave.h"

#include <jansson.h>
#include <string.h>

enum { COLS = 7 };

static const char *const head[COLS] = {"#",         "货位 Bin", "SKU",
                                       "品名 Item", "数量 Qty", "周转箱 Tote",
                                       "订单 Order"};
static const double widths[COLS] = {24, 70, 90, 165, 50, 56, 60};

/* Member @a key of @a o as text in @a arena: strings as is, numbers printed. */
static const char *
cell(struct core_arena *arena, const json_t *o, const char *key)
{
  const json_t *v = json_object_get(o, key);
  if (json_is_integer(v))
    return core_arena_printf(arena, "%" JSON_INTEGER_FORMAT,
                             json_integer_value(v));
  return json_is_string(v) ? core_arena_strdup(arena, json_string_value(v))
                           : "";
}

/* The tote of order @a order_id in the list's orders, or "". */
static const char *
tote_of(struct core_arena *arena, const json_t *orders, const json_t *order_id)
{
  size_t i;
  const json_t *o;
  json_array_foreach(orders, i, o)
  {
    if (json_equal(json_object_get(o, "id"), order_id))
      return cell(arena, o, "tote");
  }
  return "";
}

/* The list document @a pl as a table document (strings in @a arena). */
static void
table_of(struct core_arena *arena, const json_t *pl, struct dev_pdf_table *t)
{
  const json_t *tasks = json_object_get(pl, "tasks");
  const json_t *orders = json_object_get(pl, "orders");
  size_t n = json_array_size(tasks), rows = 0;
  const char **cells = core_arena_alloc(arena, (n * COLS + 1) * sizeof *cells);
  for (size_t i = 0; i < n; i++) {
    const json_t *k = json_array_get(tasks, i);
    if (strcmp(cell(arena, k, "state"), "cancelled") == 0)
      continue;
    const char **r = cells + rows * COLS;
    rows++;
    r[0] = core_arena_printf(arena, "%zu", rows);
    r[1] = cell(arena, k, "bin");
    r[2] = cell(arena, k, "sku");
    r[3] = cell(arena, k, "name");
    r[4] = cell(arena, k, "qty");
    r[5] = tote_of(arena, orders, json_object_get(k, "order_id"));
    r[6] = cell(arena, k, "order");
  }
  const char *code =
      core_arena_printf(arena, "PL-%s", cell(arena, pl, "picklist"));
  const char **meta = core_arena_alloc(arena, 4 * sizeof *meta);
  meta[0] =
      core_arena_printf(arena, "仓库 Warehouse: %s   货区 Zone: %s",
                        cell(arena, pl, "warehouse"), cell(arena, pl, "zone"));
  meta[1] =
      core_arena_printf(arena, "波次 Wave: %s   拣货员 Picker: %s",
                        cell(arena, pl, "wave"), cell(arena, pl, "picker"));
  meta[2] =
      core_arena_printf(arena, "订单 Orders: %zu   状态 State: %s",
                        json_array_size(orders), cell(arena, pl, "state"));
  /* The walk in metres, where the list was routed (issue 24). */
  const json_t *dist = json_object_get(pl, "distance_m");
  size_t nmeta = 3;
  if (json_is_number(dist))
    meta[nmeta++] = core_arena_printf(
        arena, "步行 Walk: %.1f m (%s)   按顺序 By sequence: %.1f m",
        json_number_value(dist), cell(arena, pl, "routing_method"),
        json_number_value(json_object_get(pl, "sequence_distance_m")));
  *t = (struct dev_pdf_table){
      .title = core_arena_printf(arena, "拣货单 Pick list %s", code),
      .meta = meta,
      .nmeta = nmeta,
      .head = head,
      .widths = widths,
      .ncols = COLS,
      .cells = cells,
      .nrows = rows,
      .footer = "Depot",
      .barcode = code,
  };
}

enum MHD_Result
web_picklist_pdf_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = wms_picklist_get(id, req->arena, &out);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  json_t *pl = json_loads(out.doc, 0, NULL);
  struct dev_pdf_table t;
  table_of(req->arena, pl, &t);
  unsigned char *pdf;
  size_t len;
  char err[160];
  bool ok = dev_pdf_table_doc(&t, &pdf, &len, err, sizeof err);
  json_decref(pl);
  if (!ok)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, "%s", err);
  return web_reply_bytes(req, pdf, len, "application/pdf", "no-store");
}
