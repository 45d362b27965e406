/* A store's platform SKU map: saves, deletes, pages and CSV uploads. */
#include "core_skumap.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_db.h"
#include "core_page.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"skumap_save", CORE_PROC_SELECT "sku_map_save($1, $2::jsonb, $3)"},
    {"skumap_delete", CORE_PROC_SELECT "sku_map_delete($1, $2)"},
    {"skumap_page", "SELECT key, doc FROM sku_map_page($1, $2, $3, $4)"},
    {"skumap_store", "SELECT 1 FROM store WHERE code = $1"},
    {NULL, NULL},
};

void
core_skumap_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_skumap_save(const char *store, const char *rows, const char *prefix,
                 struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, rows, prefix};
  return core_proc_run("skumap_save", "skumap_save", 3, p, arena, out);
}

enum core_ec
core_skumap_delete(const char *store, const char *code,
                   struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, code};
  return core_proc_run("skumap_delete", "skumap_delete", 2, p, arena, out);
}

struct list_cls {
  const char *store, *q, *after;
  int64_t limit;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const char *sp[] = {lc->store};
  enum core_qs qs = core_db_query(c, "skumap_store", 1, sp, NULL);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNKNOWN_STORE;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, lc->limit);
  const char *params[] = {lc->store, lc->q, lc->after, lim};
  PGresult *r = NULL;
  qs = core_db_query(c, "skumap_page", 4, params, &r);
  if (qs >= 0)
    core_page_collect(r, lc->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_skumap_list(const char *store, const char *q, const char *after,
                 int64_t limit, struct core_arena *arena, const char **items,
                 const char **next)
{
  struct list_cls lc = {store, q, after, limit, arena, items, next};
  return core_db_run_tx("skumap_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}

enum { COL_CODE, COL_SKU, COL_KIT, COL_QTY, COL_ITEM, COL_SKUID, NCOLS };

/* Header names of each column, English and as Chinese shop exports say. */
static const char *const names[NCOLS][4] = {
    {"platform_sku", "商家编码", "平台编码", NULL},
    {"sku", "SKU", "商品编码", NULL},
    {"kit", "组合商品", NULL, NULL},
    {"qty", "数量", NULL, NULL},
    {"platform_item_id", "商品ID", "宝贝ID", NULL},
    {"platform_sku_id", "SKU ID", "skuId", NULL},
};

/* The column of each field in @a header (-1: absent); a UTF-8 BOM on the
 * first name is skipped. */
static void
find_columns(const struct core_csv_row *header, int col[NCOLS])
{
  for (int k = 0; k < NCOLS; k++) {
    col[k] = -1;
    for (size_t i = 0; i < header->count; i++) {
      const char *h = header->fields[i];
      if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
        h += 3;
      for (int n = 0; names[k][n] != NULL; n++) {
        if (strcmp(h, names[k][n]) == 0)
          col[k] = (int)i;
      }
    }
  }
}

static const char *
cell(const struct core_csv_row *r, int col)
{
  return col >= 0 && (size_t)col < r->count ? r->fields[col] : "";
}

/* One data row as {platform_sku, sku | kit, qty}, or NULL with @a why. */
static json_t *
one_row(const struct core_csv_row *r, const int col[NCOLS], const char **why)
{
  const char *code = cell(r, col[COL_CODE]), *kit = cell(r, col[COL_KIT]);
  const char *sku = cell(r, col[COL_SKU]), *qty = cell(r, col[COL_QTY]);
  if (code[0] == '\0' || strlen(code) > 100) {
    *why = "the platform code is empty or longer than 100 characters";
    return NULL;
  }
  if ((kit[0] == '\0') == (sku[0] == '\0')) {
    *why = "name either a sku or a kit";
    return NULL;
  }
  long long n = 1;
  if (qty[0] != '\0') {
    char *end = NULL;
    n = strtoll(qty, &end, 10);
    if (*end != '\0' || n < 1 || n > 100000) {
      *why = "qty must be a whole number from 1 to 100000";
      return NULL;
    }
  }
  json_t *row = json_object();
  json_object_set_new(row, "platform_sku", json_string(code));
  json_object_set_new(row, kit[0] != '\0' ? "kit" : "sku",
                      json_string(kit[0] != '\0' ? kit : sku));
  json_object_set_new(row, "qty", json_integer((json_int_t)n));
  /* The platform's ids for the stock push (issue 27 item 5), when the
   * file has them; the database checks their form. */
  if (col[COL_ITEM] >= 0)
    json_object_set_new(row, "platform_item_id",
                        json_string(cell(r, col[COL_ITEM])));
  if (col[COL_SKUID] >= 0)
    json_object_set_new(row, "platform_sku_id",
                        json_string(cell(r, col[COL_SKUID])));
  return row;
}

enum core_ec
core_skumap_csv_rows(const char *data, size_t len, struct core_arena *arena,
                     const char **rows, const char **why, size_t *bad_line)
{
  struct core_csv csv;
  *bad_line = 0;
  if (core_csv_parse(data, len, arena, &csv, bad_line) != CORE_EC_OK) {
    *why = "the file is not CSV in UTF-8 or GBK";
    return CORE_EC_INVALID_VALUE;
  }
  int col[NCOLS];
  if (csv.count < 1) {
    *why = "the file is empty";
    return CORE_EC_INVALID_VALUE;
  }
  find_columns(&csv.rows[0], col);
  if (col[COL_CODE] < 0 || (col[COL_SKU] < 0 && col[COL_KIT] < 0)) {
    *why = "the header needs platform_sku and sku or kit columns";
    *bad_line = 1;
    return CORE_EC_INVALID_VALUE;
  }
  json_t *out = json_array();
  for (size_t i = 1; i < csv.count; i++) {
    const struct core_csv_row *r = &csv.rows[i];
    if (r->count == 1 && r->fields[0][0] == '\0')
      continue; /* a blank line */
    json_t *row = one_row(r, col, why);
    if (row == NULL) {
      *bad_line = r->line;
      json_decref(out);
      return CORE_EC_INVALID_VALUE;
    }
    json_array_append_new(out, row);
  }
  char *text = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  *rows = core_arena_strdup(arena, text);
  free(text);
  return CORE_EC_OK;
}
