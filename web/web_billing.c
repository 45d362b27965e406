#include "web_billing.h"

#include "core_arena.h"
#include "core_log.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_billing_run(struct web_request *req, enum core_billing_op op,
                const char *key, int64_t id, json_t *doc, unsigned created)
{
  /* Prices sent as JSON numbers (0.35) go on as the shortest decimal that
   * reads back as the same double, not as its binary expansion. */
  char *text =
      json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_billing_run(op, key, id, text, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, created);
}

/* Member @a key of @a o as text in @a arena: numbers as JSON writes them
 * (numeric text from PostgreSQL keeps its scale: 12.30). */
static const char *
text_of(struct core_arena *arena, const json_t *o, const char *key)
{
  const json_t *v = json_object_get(o, key);
  if (json_is_string(v))
    return core_arena_strdup(arena, json_string_value(v));
  if (json_is_number(v)) {
    char *s = json_dumps(v, JSON_ENCODE_ANY);
    const char *r = core_arena_strdup(arena, s != NULL ? s : "");
    free(s);
    return r;
  }
  return "";
}

/* Strips trailing zeros of a quantity's decimals ("120.000000" -> "120"). */
static const char *
qty_text(struct core_arena *arena, const char *q)
{
  if (strchr(q, '.') == NULL)
    return q;
  char *s = core_arena_strdup(arena, q);
  size_t n = strlen(s);
  while (n > 0 && s[n - 1] == '0')
    s[--n] = '\0';
  if (n > 0 && s[n - 1] == '.')
    s[--n] = '\0';
  return s;
}

/* Fills @a t's rows from statement @a st: one per line, then the total. */
static void
rows_of(struct core_arena *arena, const json_t *st, struct web_billing_table *t)
{
  const json_t *lines = json_object_get(st, "lines");
  size_t n = json_array_size(lines);
  t->nrows = n + 1;
  t->cells = core_arena_alloc(arena, t->nrows * 6 * sizeof *t->cells);
  t->numbers = core_arena_alloc(arena, t->nrows * 6 * sizeof *t->numbers);
  for (size_t r = 0; r < n; r++) {
    const json_t *l = json_array_get(lines, r);
    const char **c = &t->cells[r * 6];
    c[0] = text_of(arena, l, "n");
    c[1] = text_of(arena, l, t->en ? "description_en" : "description");
    c[2] = qty_text(arena, text_of(arena, l, "qty"));
    c[3] = text_of(arena, l, "unit_price");
    c[4] = text_of(arena, l, "amount");
    c[5] = text_of(arena, l, "code");
    for (int k = 0; k < 6; k++)
      t->numbers[r * 6 + k] = (k == 0 || (k >= 2 && k <= 4)) ? c[k] : NULL;
  }
  const char **c = &t->cells[n * 6];
  c[0] = "";
  c[1] = t->en ? "Total" : "合计";
  c[2] = "";
  c[3] = "";
  c[4] = text_of(arena, st, "total");
  c[5] = text_of(arena, st, "currency");
  for (int k = 0; k < 6; k++)
    t->numbers[n * 6 + k] = k == 4 ? c[k] : NULL;
}

/* Lays statement @a st out in @a t (strings in @a arena). */
static void
table_of(struct core_arena *arena, const json_t *st,
         struct web_billing_table *t)
{
  static const char *const head_zh[6] = {"#",    "项目", "数量",
                                         "单价", "金额", "代码"};
  static const char *const head_en[6] = {"#",          "Item",   "Qty",
                                         "Unit price", "Amount", "Code"};
  const char *number = text_of(arena, st, "number");
  t->title =
      core_arena_printf(arena, "%s %s", t->en ? "Statement" : "对账单", number);
  t->file = number;
  t->meta[0] = core_arena_printf(arena, "%s: %s %s", t->en ? "Client" : "客户",
                                 text_of(arena, st, "owner"),
                                 text_of(arena, st, "owner_name"));
  t->meta[1] =
      core_arena_printf(arena, "%s: %s", t->en ? "Billing month" : "账单月份",
                        text_of(arena, st, "month"));
  t->meta[2] = core_arena_printf(
      arena, "%s: %s %s   %s: %s", t->en ? "Total" : "合计",
      text_of(arena, st, "total"), text_of(arena, st, "currency"),
      t->en ? "Issued" : "出具时间", text_of(arena, st, "issued_at"));
  t->meta[3] = core_arena_printf(arena, "%s: %s",
                                 t->en ? "Price list version" : "计费规则版本",
                                 text_of(arena, st, "rules_version"));
  t->nmeta = 4;
  for (int k = 0; k < 6; k++)
    t->head[k] = t->en ? head_en[k] : head_zh[k];
  rows_of(arena, st, t);
}

bool
web_billing_table_or_reply(struct web_request *req, struct web_billing_table *t,
                           enum MHD_Result *ret)
{
  int64_t id;
  if (!web_param_id_or_reply(req, 1, &id, ret))
    return false;
  const char *lang = web_query_text(req, "lang");
  if (lang != NULL && strcmp(lang, "en") != 0 && strcmp(lang, "zh-CN") != 0) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "lang",
                           "lang is zh-CN or en, not \"%s\"", lang);
    return false;
  }
  const char *doc;
  enum core_ec ec =
      core_billing_statement(req->params[0], id, req->arena, &doc);
  if (ec != CORE_EC_OK) {
    *ret = ec == CORE_EC_NOT_FOUND
               ? web_reply_error(req, ec, NULL, "no statement %lld of owner %s",
                                 (long long)id, req->params[0])
               : web_reply_error(req, ec, NULL, NULL);
    return false;
  }
  json_t *st = json_loads(doc, 0, NULL);
  if (st == NULL) {
    *ret = web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
    return false;
  }
  memset(t, 0, sizeof *t);
  t->en = lang != NULL && strcmp(lang, "en") == 0;
  table_of(req->arena, st, t);
  json_decref(st);
  return true;
}

enum MHD_Result
web_billing_download(struct web_request *req, const struct web_billing_table *t,
                     const char *ext, const char *mime, void *data, size_t len)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer_with_free_callback(len, data, free);
  if (resp == NULL) {
    free(data);
    return MHD_NO;
  }
  const char *disp = core_arena_printf(
      req->arena, "attachment; filename=\"%s.%s\"", t->file, ext);
  CORE_BREAK(MHD_add_response_header(resp, "Content-Disposition", disp) ==
             MHD_YES);
  return web_reply_stream(req, resp, mime);
}
