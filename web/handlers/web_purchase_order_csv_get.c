#include "web_purchase_order_csv_get.h"

#include "core_csv.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
    "po",  "supplier",  "warehouse",     "state",    "line",    "sku", "name",
    "qty", "unit_cost", "expected_date", "received", "damaged", NULL};

/* Member @a key of @a o as text: strings as they are, numbers printed. */
static const char *
text_of(const json_t *o, const char *key, char *buf, size_t len)
{
  const json_t *v = json_object_get(o, key);
  if (json_is_integer(v)) {
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return buf;
  }
  return json_is_string(v) ? json_string_value(v) : "";
}

/* The PO document @a doc as CSV rows, one per line, in @a arena. */
static char *
render(struct core_arena *arena, const char *doc, size_t *len)
{
  json_t *po = json_loads(doc, 0, NULL);
  char *out = NULL, buf[32];
  size_t cap = 0;
  *len = 0;
  core_csv_bom(arena, &out, len, &cap);
  for (int i = 0; columns[i] != NULL; i++)
    core_csv_put(arena, &out, len, &cap, columns[i], columns[i + 1] == NULL);
  size_t n;
  const json_t *l;
  json_array_foreach(json_object_get(po, "lines"), n, l)
  {
    core_csv_put(arena, &out, len, &cap, text_of(po, "number", buf, 32), false);
    core_csv_put(arena, &out, len, &cap, text_of(po, "supplier", buf, 32),
                 false);
    core_csv_put(arena, &out, len, &cap, text_of(po, "warehouse", buf, 32),
                 false);
    core_csv_put(arena, &out, len, &cap, text_of(po, "state", buf, 32), false);
    static const char *const keys[] = {"line",     "sku",       "name",
                                       "qty",      "unit_cost", "expected_date",
                                       "received", "damaged",   NULL};
    for (int k = 0; keys[k] != NULL; k++)
      core_csv_put(arena, &out, len, &cap, text_of(l, keys[k], buf, 32),
                   keys[k + 1] == NULL);
  }
  json_decref(po);
  return out;
}

enum MHD_Result
web_purchase_order_csv_get(struct web_request *req)
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
  size_t len;
  const char *csv = render(req->arena, out.doc, &len);
  char *copy = malloc(len + 1);
  if (copy == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  memcpy(copy, csv, len + 1);
  return web_reply_bytes(req, copy, len, "text/csv; charset=utf-8", "no-store");
}
