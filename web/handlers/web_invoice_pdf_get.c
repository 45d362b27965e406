#include "web_invoice_pdf_get.h"

#include "core_arena.h"
#include "core_invoice.h"
#include "dev_pdf.h"
#include "web_param.h"
#include "web_query.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { COLS = 9 };

/* The words of one language. */
struct words {
  const char *head[COLS];
  const char *normal, *special, *credit;
  const char *number, *date, *buyer, *tax_id, *seller, *order, *credit_of;
  const char *reason, *total, *total_gross;
};

static const struct words zh = {
    {"序号", "商品编码", "名称", "数量", "单价", "金额", "税率", "税额",
     "价税合计"},
    "增值税普通发票",
    "增值税专用发票",
    "红字发票",
    "发票号码",
    "开票日期",
    "购买方名称",
    "纳税人识别号",
    "销售方",
    "订单号",
    "原发票",
    "原因",
    "合计",
    "价税合计",
};

static const struct words en = {
    {"#", "SKU", "Item", "Qty", "Unit price", "Net", "Rate", "VAT", "Gross"},
    "VAT invoice (normal)",
    "Special VAT invoice",
    "Credit note",
    "Number",
    "Date",
    "Buyer",
    "Taxpayer ID",
    "Seller",
    "Order",
    "Credit of",
    "Reason",
    "Total",
    "Total incl. VAT",
};

static const double widths[COLS] = {24, 66, 136, 30, 50, 56, 30, 50, 62};

/* Member @a key of @a o as text in @a arena: money with two decimals,
 * negated for a credit note when @a sign is -1. */
static const char *
cell(struct core_arena *arena, const json_t *o, const char *key, int sign)
{
  const json_t *v = json_object_get(o, key);
  if (json_is_integer(v))
    return core_arena_printf(arena, "%" JSON_INTEGER_FORMAT,
                             sign * json_integer_value(v));
  if (json_is_real(v))
    return core_arena_printf(arena, "%.2f", sign * json_real_value(v));
  return json_is_string(v) ? core_arena_strdup(arena, json_string_value(v))
                           : "";
}

/* The lines of @a inv and a totals row as cells (in @a arena). */
static const char **
cells_of(struct core_arena *arena, const json_t *inv, const struct words *w,
         int sign, size_t *nrows)
{
  static const char *const keys[COLS] = {
      "line", "sku", "name", "qty", "unit_price", "net", NULL, "tax", "gross"};
  const json_t *lines = json_object_get(inv, "lines");
  const json_t *tot = json_object_get(inv, "totals");
  size_t n = json_array_size(lines);
  const char **c = core_arena_alloc(arena, ((n + 1) * COLS) * sizeof *c);
  for (size_t r = 0; r < n; r++) {
    const json_t *l = json_array_get(lines, r);
    for (int k = 0; k < COLS; k++) {
      bool money = k == 5 || k == 7 || k == 8;
      c[r * COLS + k] =
          keys[k] != NULL
              ? cell(arena, l, keys[k], money ? sign : 1)
              : core_arena_printf(
                    arena, "%g%%",
                    100 * json_number_value(json_object_get(l, "tax_rate")));
    }
    if (strcmp(c[r * COLS + 1], "shipping") == 0 && w == &zh)
      c[r * COLS + 2] = "运费";
  }
  for (int k = 0; k < COLS; k++)
    c[n * COLS + k] = "";
  c[n * COLS + 2] = w->total;
  c[n * COLS + 5] = cell(arena, tot, "net", sign);
  c[n * COLS + 7] = cell(arena, tot, "tax", sign);
  c[n * COLS + 8] = cell(arena, tot, "gross", sign);
  *nrows = n + 1;
  return c;
}

/* The document @a inv as a table document in words @a w. */
static void
table_of(struct core_arena *arena, const json_t *inv, const struct words *w,
         struct dev_pdf_table *t)
{
  bool credit = strcmp(cell(arena, inv, "kind", 1), "credit_note") == 0;
  bool special = strcmp(cell(arena, inv, "type", 1), "special") == 0;
  int sign = credit ? -1 : 1;
  const char **meta = core_arena_alloc(arena, 8 * sizeof *meta);
  size_t m = 0;
  const char *day = cell(arena, inv, "issued_at", 1);
  meta[m++] = core_arena_printf(arena, "%s: %s    %s: %.10s", w->number,
                                cell(arena, inv, "number", 1), w->date, day);
  meta[m++] = core_arena_printf(arena, "%s: %s", w->buyer,
                                cell(arena, inv, "buyer_title", 1));
  meta[m++] = core_arena_printf(arena, "%s: %s", w->tax_id,
                                cell(arena, inv, "buyer_tax_id", 1));
  meta[m++] = core_arena_printf(arena, "%s: %s    %s: %s", w->seller,
                                cell(arena, inv, "store_name", 1), w->order,
                                cell(arena, inv, "order_external_id", 1));
  if (credit) {
    meta[m++] = core_arena_printf(
        arena, "%s: %s    %s: %s", w->credit_of,
        cell(arena, json_object_get(inv, "credit_of"), "number", 1), w->reason,
        cell(arena, inv, "reason", 1));
  }
  meta[m++] = core_arena_printf(
      arena, "%s: %s %s", w->total_gross,
      cell(arena, json_object_get(inv, "totals"), "gross", sign),
      cell(arena, inv, "currency", 1));
  size_t nrows;
  const char **cells = cells_of(arena, inv, w, sign, &nrows);
  const char *kind = credit ? w->credit : special ? w->special : w->normal;
  *t = (struct dev_pdf_table){
      core_arena_printf(arena, "%s %s", kind, cell(arena, inv, "number", 1)),
      meta,
      m,
      w->head,
      widths,
      COLS,
      cells,
      nrows,
      cell(arena, inv, "store_name", 1),
      NULL};
}

enum MHD_Result
web_invoice_pdf_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *lang = web_query_text(req, "lang");
  if (lang != NULL && strcmp(lang, "zh-CN") != 0 && strcmp(lang, "en") != 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "lang",
                           "lang is zh-CN or en, not \"%s\"", lang);
  const char *doc;
  enum core_ec ec = core_invoice_get(id, req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no invoice %lld", (long long)id);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *inv = json_loads(doc, 0, NULL);
  if (inv == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct dev_pdf_table t;
  table_of(req->arena, inv, lang != NULL && lang[0] == 'e' ? &en : &zh, &t);
  unsigned char *pdf;
  size_t len;
  char err[160];
  bool ok = dev_pdf_table_doc(&t, &pdf, &len, err, sizeof err);
  json_decref(inv);
  if (!ok)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, "%s", err);
  return web_reply_bytes(req, pdf, len, "application/pdf", "no-store");
}
