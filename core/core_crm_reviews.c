#include "core_crm_reviews.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_db.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct core_db_stmt stmts[] = {
    {"crm_review_import",
     CORE_PROC_SELECT "crm_review_import($1, $2::jsonb, $3)"},
    {NULL, NULL},
};

void
core_crm_reviews_register(void)
{
  core_db_register(stmts);
}

enum col { C_ID, C_RATING, C_TEXT, C_SKU, C_ORDER, C_POSTED, C_COUNT };

static const char *const col_keys[C_COUNT] = {
    "review_id", "rating", "text", "sku", "order", "posted_at"};

/* Header names each column goes by, English (any case) or Chinese. */
static const char *const aliases[C_COUNT][8] = {
    {"review_id", "评价ID", "评价id", "评价编号", "评论ID", "评论id", NULL},
    {"rating", "评分", "星级", "评价等级", "score", NULL},
    {"text", "content", "评价内容", "评论内容", "内容", NULL},
    {"sku", "商家编码", "商品编码", "货号", "sku_code", NULL},
    {"order", "order_id", "订单编号", "订单号", "子订单编号", NULL},
    {"posted_at", "date", "评价时间", "评论时间", NULL},
};

/* The column of field @a c in header @a h, or -1. */
static int
find_col(const struct core_csv_row *h, enum col c)
{
  for (size_t i = 0; i < h->count; i++) {
    const char *name = h->fields[i];
    while (*name == ' ')
      name++;
    for (int a = 0; aliases[c][a] != NULL; a++)
      if (strcasecmp(name, aliases[c][a]) == 0)
        return (int)i;
  }
  return -1;
}

/* A rating as the database reads it: 1-5 from digits or 好评/中评/差评;
 * anything else as it is, for the database to refuse. */
static const char *
rating_of(const char *v)
{
  static const char *const digits[] = {"1", "2", "3", "4", "5"};
  if (strcmp(v, "好评") == 0)
    return "5";
  if (strcmp(v, "中评") == 0)
    return "3";
  if (strcmp(v, "差评") == 0)
    return "1";
  /* "4", "4星", "4分", "4.0": the leading digit when it is 1-5. */
  if (v[0] >= '1' && v[0] <= '5' && !isdigit((unsigned char)v[1]))
    return digits[v[0] - '1'];
  return v;
}

/* A date as the database reads it: 2026/11/03 is 2026-11-03. */
static const char *
date_of(const char *v, struct core_arena *arena)
{
  char *d = core_arena_strdup(arena, v);
  for (char *p = d; *p != '\0'; p++)
    if (*p == '/')
      *p = '-';
  return d;
}

/* Text as the desk shows it: a CRLF line break inside it becomes LF. */
static const char *
lf_only(const char *v, struct core_arena *arena)
{
  if (strchr(v, '\r') == NULL)
    return v;
  char *d = core_arena_strdup(arena, v), *o = d;
  for (const char *p = v; *p != '\0'; p++)
    if (!(p[0] == '\r' && p[1] == '\n'))
      *o++ = *p;
  *o = '\0';
  return d;
}

/* Cell @a c of row @a r under layout @a at, "" when absent. */
static const char *
cell(const struct core_csv_row *r, const int *at, enum col c)
{
  if (at[c] < 0 || (size_t)at[c] >= r->count)
    return "";
  return r->fields[at[c]];
}

enum core_ec
core_crm_reviews_parse(const char *data, size_t len, struct core_arena *arena,
                       const char **rows, size_t *n, size_t *bad_line,
                       const char **why)
{
  struct core_csv csv;
  *bad_line = 0;
  if (core_csv_parse(data, len, arena, &csv, bad_line) != CORE_EC_OK) {
    *why = "not CSV in UTF-8 or GBK";
    return CORE_EC_INVALID_VALUE;
  }
  if (csv.count < 1) {
    *why = "the file is empty";
    return CORE_EC_INVALID_VALUE;
  }
  int at[C_COUNT];
  for (int c = 0; c < C_COUNT; c++)
    at[c] = find_col(&csv.rows[0], (enum col)c);
  if (at[C_ID] < 0 || at[C_TEXT] < 0) {
    *why = "the header has no review id or no text column";
    return CORE_EC_INVALID_VALUE;
  }
  json_t *list = json_array();
  for (size_t i = 1; i < csv.count; i++) {
    const struct core_csv_row *r = &csv.rows[i];
    if (r->count == 1 && r->fields[0][0] == '\0')
      continue; /* a blank line */
    json_t *o = json_pack("{s:I}", "line", (json_int_t)r->line);
    for (int c = 0; c < C_COUNT; c++) {
      const char *v = cell(r, at, (enum col)c);
      if (*v == '\0')
        continue;
      if (c == C_RATING)
        v = rating_of(v);
      else if (c == C_TEXT)
        v = lf_only(v, arena);
      else if (c == C_POSTED)
        v = date_of(v, arena);
      json_object_set_new(o, col_keys[c], json_string(v));
    }
    json_array_append_new(list, o);
  }
  *n = json_array_size(list);
  char *t = json_dumps(list, JSON_COMPACT);
  json_decref(list);
  *rows = core_arena_strdup(arena, t);
  free(t);
  return CORE_EC_OK;
}

enum core_ec
core_crm_reviews_import(const char *store, const char *rows, int64_t user,
                        struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, rows, core_proc_num(arena, user, true)};
  return core_proc_run("crm_review_import", "crm_review_import", 3, p, arena,
                       out);
}

/* Adds batch answer @a doc (JSON text) to the running @a sum. */
static void
add_up(json_t *sum, const char *doc)
{
  json_t *b = json_loads(doc, 0, NULL);
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v)
  {
    json_t *s = json_object_get(sum, k);
    if (json_is_integer(v))
      json_object_set_new(
          sum, k, json_integer(json_integer_value(s) + json_integer_value(v)));
    else if (json_is_array(v))
      json_array_extend(s, v);
  }
  json_decref(b);
}

enum core_ec
core_crm_reviews_run(const char *store, const char *data, size_t len,
                     int64_t user, void (*progress)(size_t, size_t),
                     struct core_arena *arena, const char **summary,
                     size_t *bad_line, const char **why)
{
  const char *rows;
  size_t n;
  /* The store first (an empty batch): a caller who may not see it learns
   * that before anything about the file. */
  struct core_outcome out;
  *bad_line = 0;
  enum core_ec ec = core_crm_reviews_import(store, "[]", user, arena, &out);
  if (ec != CORE_EC_OK) {
    *why = out.detail;
    return ec;
  }
  ec = core_crm_reviews_parse(data, len, arena, &rows, &n, bad_line, why);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *all = json_loads(rows, 0, NULL);
  json_t *sum = json_pack("{s:i, s:i, s:i, s:i, s:i, s:[]}", "rows", 0, "new",
                          0, "duplicates", 0, "orders_unmatched", 0,
                          "skus_unmatched", 0, "refused");
  for (size_t i = 0; ec == CORE_EC_OK && i < n; i += CORE_CRM_REVIEWS_BATCH) {
    json_t *batch = json_array();
    for (size_t j = i; j < n && j < i + CORE_CRM_REVIEWS_BATCH; j++)
      json_array_append(batch, json_array_get(all, j));
    char *t = json_dumps(batch, JSON_COMPACT);
    json_decref(batch);
    ec = core_crm_reviews_import(store, t, user, arena, &out);
    free(t);
    if (ec == CORE_EC_OK)
      add_up(sum, out.doc);
    else
      *why = out.detail;
    if (progress != NULL && ec == CORE_EC_OK)
      progress(i + CORE_CRM_REVIEWS_BATCH < n ? i + CORE_CRM_REVIEWS_BATCH : n,
               n);
  }
  json_decref(all);
  char *t = json_dumps(sum, JSON_COMPACT);
  json_decref(sum);
  *summary = core_arena_strdup(arena, t);
  free(t);
  return ec;
}
