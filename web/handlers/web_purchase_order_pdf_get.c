#include "web_purchase_order_pdf_get.h"

#include "core_arena.h"
#include "core_purchase.h"
#include "dev_pdf.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_scope.h"

#include <jansson.h>
#include <stdio.h>

enum { COLS = 7 };

static const char *const head[COLS] = {
    "#", "SKU", "品名 Item", "数量 Qty", "单价 Cost", "交期 Due", "已收 Recv"};
static const double widths[COLS] = {24, 90, 170, 55, 60, 66, 50};

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

/* The PO document @a po as a table document (strings in @a arena). */
static void
table_of(struct core_arena *arena, const json_t *po, struct dev_pdf_table *t)
{
  static const char *const keys[COLS] = {
      "line", "sku", "name", "qty", "unit_cost", "expected_date", "received"};
  const json_t *lines = json_object_get(po, "lines");
  size_t n = json_array_size(lines);
  const char **cells = core_arena_alloc(arena, (n * COLS + 1) * sizeof *cells);
  for (size_t r = 0; r < n; r++)
    for (int c = 0; c < COLS; c++)
      cells[r * COLS + c] = cell(arena, json_array_get(lines, r), keys[c]);
  const char **meta = core_arena_alloc(arena, 4 * sizeof *meta);
  meta[0] = core_arena_printf(arena, "供应商 Supplier: %s %s",
                              cell(arena, po, "supplier"),
                              cell(arena, po, "supplier_name"));
  meta[1] = core_arena_printf(arena, "收货仓 Ship to: %s",
                              cell(arena, po, "warehouse"));
  meta[2] = core_arena_printf(
      arena, "状态 State: %s   合计 Total: %s %s", cell(arena, po, "state"),
      cell(arena, po, "total"), cell(arena, po, "currency"));
  *t = (struct dev_pdf_table){core_arena_printf(arena,
                                                "采购订单 Purchase order %s",
                                                cell(arena, po, "number")),
                              meta,
                              3,
                              head,
                              widths,
                              COLS,
                              cells,
                              n,
                              "Depot",
                              NULL};
}

enum MHD_Result
web_purchase_order_pdf_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec =
      core_purchase_po_get(id, web_scope_supplier(req), req->arena, &out);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  json_t *po = json_loads(out.doc, 0, NULL);
  struct dev_pdf_table t;
  table_of(req->arena, po, &t);
  unsigned char *pdf;
  size_t len;
  char err[160];
  bool ok = dev_pdf_table_doc(&t, &pdf, &len, err, sizeof err);
  json_decref(po);
  if (!ok)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, "%s", err);
  return web_reply_bytes(req, pdf, len, "application/pdf", "no-store");
}
