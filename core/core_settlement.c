#include "core_settlement.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_db.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"fin_settlement_import",
     CORE_PROC_SELECT "fin_settlement_import($1::jsonb, $2, $3)"},
    {"fin_settlement_doc", "SELECT fin_settlement_doc($1::bigint)::text"},
    {"fin_settlement_list",
     "SELECT fin_settlement_list($1, $2::bigint, $3::int)::text"},
    {NULL, NULL},
};

void
core_settlement_register(void)
{
  core_db_register(stmts);
}

const char *const core_settlement_profiles[] = {"shopify_payouts", "alipay",
                                                "jd", "generic", NULL};

/* The fields a line may carry, in the rows' JSON. */
enum field { F_REF, F_DAY, F_TYPE, F_AMOUNT, F_IN, F_OUT, F_FEE, F_CUR, NF };

static const char *const field_names[NF] = {
    "ref",       "day",        "type", "amount",
    "amount_in", "amount_out", "fee",  "currency",
};

/*
 * The column headers of each profile, per field ("|" separates
 * alternatives; NULL: the profile has none). F_REF is required: the
 * header row is the first row that has it.
 */
static const struct profile {
  const char *name;
  const char *cols[NF];
} profiles[] = {
    {"shopify_payouts",
     {"Order", "Transaction Date", "Type", "Amount", NULL, NULL, "Fee",
      "Currency"}},
    {"alipay",
     {"商户订单号", "发生时间|入账时间", "业务类型", NULL,
      "收入金额（+元）|收入金额(+元)|收入金额",
      "支出金额（-元）|支出金额(-元)|支出金额", NULL, NULL}},
    {"jd",
     {"订单编号|订单号", "结算时间|费用结算时间|账单日期", "费用名称|费用项",
      "金额|应结金额", NULL, NULL, NULL, "币种"}},
    {"generic",
     {"order_ref", "date", "type", "gross|amount", NULL, NULL, "fee",
      "currency"}},
};

/* A field with spaces, tabs and Excel's ="…" wrapping taken off. */
static const char *
clean(const char *v, struct core_arena *arena)
{
  while (*v == ' ' || *v == '\t' || *v == '=' || *v == '"')
    v++;
  size_t n = strlen(v);
  while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '"' ||
                   v[n - 1] == '\r'))
    n--;
  char *out = core_arena_alloc(arena, n + 1);
  memcpy(out, v, n);
  out[n] = '\0';
  return out;
}

/* Whether header cell @a cell is one of @a alts ("a|b|c"). */
static bool
is_header(const char *cell, const char *alts, struct core_arena *arena)
{
  const char *c = clean(cell, arena);
  size_t n = strlen(c);
  for (const char *a = alts; *a != '\0';) {
    size_t k = strcspn(a, "|");
    if (k == n && strncmp(a, c, k) == 0)
      return true;
    a += k + (a[k] == '|');
  }
  return false;
}

/* Finds the columns of @a p in row @a r into @a col; false without F_REF. */
static bool
columns(const struct profile *p, const struct core_csv_row *r, int col[NF],
        struct core_arena *arena)
{
  for (int f = 0; f < NF; f++) {
    col[f] = -1;
    for (size_t i = 0; p->cols[f] != NULL && i < r->count && col[f] < 0; i++)
      if (is_header(r->fields[i], p->cols[f], arena))
        col[f] = (int)i;
  }
  return col[F_REF] >= 0 && col[F_DAY] >= 0;
}

/* Row @a r as a line {line, field: text...}; NULL for a line that is no
 * transaction (a one-field comment or summary as 支付宝 writes them, a
 * blank, a row without a date). */
static json_t *
one_line(const struct core_csv_row *r, const int col[NF],
         struct core_arena *arena)
{
  if (r->count <= 1)
    return NULL;
  json_t *o = json_pack("{s:I}", "line", (json_int_t)r->line);
  for (int f = 0; f < NF; f++)
    if (col[f] >= 0 && (size_t)col[f] < r->count)
      json_object_set_new(o, field_names[f],
                          json_string(clean(r->fields[col[f]], arena)));
  const char *day = json_string_value(json_object_get(o, "day"));
  if (day == NULL || day[0] == '\0') {
    json_decref(o);
    return NULL;
  }
  return o;
}

enum core_ec
core_settlement_rows(const char *profile, const char *data, size_t len,
                     struct core_arena *arena, const char **rows,
                     const char **why, size_t *bad_line)
{
  const struct profile *p = NULL;
  for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
    if (strcmp(profiles[i].name, profile) == 0)
      p = &profiles[i];
  struct core_csv csv;
  *bad_line = 0;
  if (p == NULL) {
    *why = "the profile is shopify_payouts, alipay, jd or generic";
    return CORE_EC_INVALID_VALUE;
  }
  if (core_csv_parse(data, len, arena, &csv, bad_line) != CORE_EC_OK) {
    *why = "the file is not CSV in UTF-8 or GBK";
    return CORE_EC_INVALID_VALUE;
  }
  int col[NF];
  size_t h = 0;
  while (h < csv.count && !columns(p, &csv.rows[h], col, arena))
    h++;
  if (h == csv.count) {
    *why = "no header row with the profile's order number and date columns";
    return CORE_EC_INVALID_VALUE;
  }
  json_t *out = json_array();
  for (size_t i = h + 1; i < csv.count; i++) {
    json_t *o = one_line(&csv.rows[i], col, arena);
    if (o != NULL)
      json_array_append_new(out, o);
  }
  char *text = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  *rows = core_arena_strdup(arena, text != NULL ? text : "[]");
  free(text);
  return CORE_EC_OK;
}

enum core_ec
core_settlement_import(const char *req, const struct core_stock_actor *who,
                       struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {req, core_proc_num(arena, who->user_id, true),
                     who->request_id};
  return core_proc_run("fin_settlement_import", "fin_settlement_import", 3, p,
                       arena, out);
}

enum core_ec
core_settlement_get(int64_t id, struct core_arena *arena, const char **doc)
{
  const char *p[] = {core_proc_num(arena, id, false)};
  return core_proc_text("fin_settlement_doc", 1, p, arena, doc);
}

enum core_ec
core_settlement_list(const char *store, int64_t before, int64_t limit,
                     struct core_arena *arena, const char **items)
{
  const char *p[] = {store, core_proc_num(arena, before, false),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("fin_settlement_list", 3, p, arena, items);
}
