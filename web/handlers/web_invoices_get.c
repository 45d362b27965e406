#include "web_invoices_get.h"

#include "core_invoice.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Whether @a v is NULL or one of @a list (NULL-ended). */
static bool
one_of(const char *v, const char *const *list)
{
  if (v == NULL)
    return true;
  for (; *list != NULL; list++)
    if (strcmp(*list, v) == 0)
      return true;
  return false;
}

/* The filters as JSON text in @a text (out, heap); false after a reply. */
static bool
filters_or_reply(struct web_request *req, char **text, enum MHD_Result *ret)
{
  static const char *const types[] = {"normal", "special", NULL};
  static const char *const kinds[] = {"invoice", "credit_note", NULL};
  static const char *const names[] = {"store", "from", "to", "q",
                                      "type",  "kind", NULL};
  json_t *f = json_object();
  for (const char *const *n = names; *n != NULL; n++) {
    const char *v = web_query_text(req, *n);
    bool ok = (strcmp(*n, "from") != 0 && strcmp(*n, "to") != 0) || v == NULL ||
              web_report_date_ok(v);
    ok = ok && (strcmp(*n, "type") != 0 || one_of(v, types));
    ok = ok && (strcmp(*n, "kind") != 0 || one_of(v, kinds));
    if (!ok) {
      json_decref(f);
      *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, *n,
                             "%s cannot be \"%s\" (dates are YYYY-MM-DD, type "
                             "normal or special, kind invoice or credit_note)",
                             *n, v);
      return false;
    }
    if (v != NULL && *v != '\0')
      json_object_set_new(f, *n, json_string(v));
  }
  *text = json_dumps(f, JSON_COMPACT);
  json_decref(f);
  if (*text != NULL)
    return true;
  *ret = web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return false;
}

enum MHD_Result
web_invoices_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  char *filters = NULL;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  if (!filters_or_reply(req, &filters, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec =
      core_invoice_list(filters, before, cur.limit + 1, req->arena, &items);
  free(filters);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
