#include "web_order_export.h"

#include "core_pii_doc.h"
#include "web_auth.h"

#include "core_arena.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Orders per page: one short read each. */
#define PAGE 500

struct web_order_export {
  struct core_arena *arena; /* the filter's strings; freed with the export */
  struct core_order_filter f;
  bool done;
  bool reads_pii; /* the caller sees phones and emails unmasked */
};

const char *const web_order_export_columns[] = {
    "id",    "external_id",  "store",      "warehouse",
    "state", "customer",     "email",      "phone",
    "city",  "country_code", "lines",      "units",
    "total", "currency",     "created_at", NULL};

static const char *
keep(struct core_arena *a, const char *s)
{
  return s != NULL ? core_arena_strdup(a, s) : NULL;
}

bool
web_order_export_begin_or_reply(struct web_request *req,
                                struct web_order_export **out,
                                enum MHD_Result *ret)
{
  const char *wh = web_query_text(req, "warehouse");
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", ret))
    return false;
  const char *sort = web_query_text(req, "sort");
  if (sort != NULL && strcmp(sort, "oldest") != 0 &&
      strcmp(sort, "newest") != 0) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "sort",
                           "sort is newest (default) or oldest");
    return false;
  }
  struct web_order_export *x = calloc(1, sizeof *x);
  if (x == NULL) {
    *ret = web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
    return false;
  }
  x->arena = core_arena_new();
  x->reads_pii = web_auth_reads_pii(req);
  struct core_arena *a = x->arena;
  x->f = (struct core_order_filter){
      .q = keep(a, web_query_text(req, "q")),
      .store = keep(a, web_query_text(req, "store")),
      .external_id = keep(a, web_query_text(req, "external_id")),
      .state = keep(a, web_query_text(req, "state")),
      .from = keep(a, web_query_text(req, "from")),
      .to = keep(a, web_query_text(req, "to")),
      .warehouse = keep(a, wh),
      .oldest_first = sort != NULL && strcmp(sort, "oldest") == 0,
      .limit = PAGE,
  };
  *out = x;
  return true;
}

enum core_ec
web_order_export_next(struct web_order_export *x, json_t **page)
{
  *page = NULL;
  if (x->done) {
    *page = json_array();
    return CORE_EC_OK;
  }
  /* Each page in an arena of its own: memory stays one page's worth. */
  struct core_arena *pa = core_arena_new();
  const char *items = NULL, *next = NULL;
  enum core_ec ec = core_order_list(&x->f, pa, &items, &next);
  if (ec == CORE_EC_OK) {
    *page = json_loads(items, 0, NULL);
    if (*page == NULL)
      ec = CORE_EC_INTERNAL;
    else /* sealed in SQL: opened (or masked) like any JSON reply */
      core_pii_reveal(*page, x->reads_pii, pa);
  }
  if (ec == CORE_EC_OK && next != NULL)
    x->f.after = core_arena_strdup(x->arena, next);
  else
    x->done = true;
  core_arena_free(pa);
  return ec;
}

/* Text of member @a key of @a o: strings as they are, integers printed. */
static const char *
text(const json_t *o, const char *key, char *buf, size_t len)
{
  const json_t *v = json_object_get(o, key);
  if (json_is_integer(v)) {
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return buf;
  }
  return json_is_string(v) ? json_string_value(v) : "";
}

const char *
web_order_export_cell(const json_t *o, int col, char *buf, size_t len,
                      bool *number)
{
  const char *name = web_order_export_columns[col];
  const json_t *lines = json_object_get(o, "lines");
  *number = false;
  if (strcmp(name, "customer") == 0 || strcmp(name, "email") == 0 ||
      strcmp(name, "phone") == 0)
    return text(json_object_get(o, "customer"),
                strcmp(name, "customer") == 0 ? "name" : name, buf, len);
  if (strcmp(name, "city") == 0 || strcmp(name, "country_code") == 0)
    return text(json_object_get(o, "ship_to"), name, buf, len);
  if (strcmp(name, "lines") == 0 || strcmp(name, "units") == 0) {
    json_int_t n = 0;
    size_t i;
    const json_t *l;
    json_array_foreach(lines, i, l) n +=
        strcmp(name, "lines") == 0
            ? 1
            : json_integer_value(json_object_get(l, "qty"));
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, n);
    *number = true;
    return buf;
  }
  *number = strcmp(name, "id") == 0 || strcmp(name, "total") == 0;
  return text(o, name, buf, len);
}

void
web_order_export_free(struct web_order_export *x)
{
  if (x == NULL)
    return;
  core_arena_free(x->arena);
  free(x);
}
