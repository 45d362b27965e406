#include "web_customer_segment_csv_get.h"

#include "core_customer.h"
#include "core_csv.h"
#include "core_pii_doc.h"
#include "web_auth.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE = 500 };

static const char *const columns[] = {"id",     "name",   "email",
                                      "phone",  "tags",   "segment",
                                      "orders", "masked", NULL};

/* Cell @a key of customer @a c as text (tags joined by "|"). */
static const char *
cell(const json_t *c, const char *key, char *buf, size_t len)
{
  const json_t *v = json_object_get(c, key);
  if (json_is_integer(v)) {
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return buf;
  }
  if (json_is_boolean(v))
    return json_is_true(v) ? "true" : "false";
  if (json_is_array(v)) {
    size_t i, used = 0;
    const json_t *t;
    buf[0] = '\0';
    json_array_foreach(v, i, t)
    {
      int n = snprintf(buf + used, len - used, "%s%s", i > 0 ? "|" : "",
                       json_string_value(t) ? json_string_value(t) : "");
      if (n < 0 || (size_t)n >= len - used)
        break;
      used += (size_t)n;
    }
    return buf;
  }
  return json_is_string(v) ? json_string_value(v) : "";
}

/* Appends the customers of page @a items (revealed or masked) as rows. */
static void
put_page(struct web_request *req, const char *items, char **out, size_t *len,
         size_t *cap)
{
  json_t *list = json_loads(items, 0, NULL);
  core_pii_reveal(list, web_auth_reads_pii(req), req->arena);
  size_t i;
  const json_t *c;
  char buf[800];
  json_array_foreach(list, i, c)
  {
    if (json_object_get(c, "masked") == NULL)
      json_object_set_new((json_t *)c, "masked", json_false());
    for (int k = 0; columns[k] != NULL; k++)
      core_csv_put(req->arena, out, len, cap, cell(c, columns[k], buf, 800),
                   columns[k + 1] == NULL);
  }
  json_decref(list);
}

/* Whether @a s names a segment (crm_segments.sql). */
static bool
known(const char *s)
{
  static const char *const names[] = {"champions",   "loyal", "at_risk",
                                      "hibernating", "new",   "others"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(s, names[i]) == 0)
      return true;
  }
  return false;
}

enum MHD_Result
web_customer_segment_csv_get(struct web_request *req)
{
  if (!known(req->params[0]))
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL, "no segment %.40s",
                           req->params[0]);
  struct core_customer_filter f = {.segment = req->params[0],
                                   .store = web_query_text(req, "store")};
  char *out = NULL;
  size_t len = 0, cap = 0;
  core_csv_bom(req->arena, &out, &len, &cap);
  for (int k = 0; columns[k] != NULL; k++)
    core_csv_put(req->arena, &out, &len, &cap, columns[k],
                 columns[k + 1] == NULL);
  /* Keyset pages of the list, each its own short transaction. */
  const char *after = NULL;
  do {
    const char *items, *next;
    enum core_ec ec = core_customer_list(
        &f, after, PAGE, web_scope_allowed(req), req->arena, &items, &next);
    if (ec != CORE_EC_OK)
      return web_reply_error(req, ec, NULL, NULL);
    put_page(req, items, &out, &len, &cap);
    after = next;
  } while (after != NULL);
  char *copy = malloc(len + 1);
  if (copy == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  memcpy(copy, out, len + 1);
  return web_reply_bytes(req, copy, len, "text/csv; charset=utf-8", "no-store");
}
