#include "web_report.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_report.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_report_file.h"
#include "web_scope.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Rows of a JSON answer: the screen's table; files have no limit. */
#define LIMIT_DEFAULT 2000
#define LIMIT_MAX 10000
/* A daily series longer than this is a month series. */
#define MAX_DAYS 366

static const char *const day_month[] = {"day", "month", NULL};
/* The stock reports narrow to a stock owner's SKUs too (rpt_skus). */
static const char *const sku_category_owner[] = {"sku", "category", "owner",
                                                 NULL};
static const char *const inventory_by[] = {"sku", "category", "warehouse",
                                           NULL};
static const char *const inventory_bin_by[] = {"bin", NULL};
static const char *const inventory_owner_by[] = {"owner", NULL};
static const char *const day_week_month[] = {"day", "week", "month", NULL};
static const char *const sales_by[] = {
    "store", "channel", "sku", "category", "warehouse", "owner", NULL};
static const char *const sales_texts[] = {"store", "sku", "category", "owner",
                                          NULL};
static const char *const returns_by[] = {"sku", "store", NULL};
static const char *const segment_by[] = {"customer_segment", NULL};
static const char *const feedback_by[] = {"kind", "sku", "store", NULL};
static const char *const feedback_texts[] = {"store", "sku", "kind", NULL};
static const char *const staff_texts[] = {"user", NULL};
static const char *const fulfil_by[] = {"store", "carrier", "warehouse", NULL};
static const char *const margin_by[] = {"store", "channel", NULL};
static const char *const store_texts[] = {"store", NULL};
static const char *const supplier_texts[] = {"supplier", "sku", NULL};
static const char *const stock_texts[] = {"sku", "bin", "lot", NULL};
static const char *const po_texts[] = {"supplier", "state", NULL};
static const char *const account_texts[] = {"account", NULL};
static const char *const journal_texts[] = {"account", "after", NULL};
static const char *const ap_texts[] = {"supplier", NULL};
static const char *const invoice_texts[] = {"store", "q", "type", "kind", NULL};

/* What each report takes (the routes' query lists in web_routes.c agree). */
static const struct web_report_spec specs[] = {
    {.report = "stock-movement",
     .range = true,
     .groups = day_month,
     .texts = sku_category_owner},
    {.report = "inventory",
     .at = true,
     .bys = inventory_by,
     .texts = sku_category_owner},
    {.report = "inventory-bin",
     .at = true,
     .bys = inventory_bin_by,
     .texts = sku_category_owner},
    /* by=bin without `at` (web_report_variant). */
    {.report = "inventory-bin-now",
     .at = true,
     .bys = inventory_bin_by,
     .texts = sku_category_owner},
    /* by=owner of the inventory route (issue 23). */
    {.report = "inventory-owner",
     .at = true,
     .bys = inventory_owner_by,
     .texts = sku_category_owner},
    {.report = "aging",
     .texts = sku_category_owner,
     .buckets = true,
     .days = true},
    {.report = "expiry", .texts = sku_category_owner, .days = true},
    {.report = "returns",
     .range = true,
     .groups = day_week_month,
     .bys = returns_by,
     .texts = sales_texts},
    {.report = "staff", .range = true, .texts = staff_texts},
    {.report = "margin",
     .range = true,
     .groups = day_week_month,
     .bys = margin_by,
     .texts = store_texts},
    {.report = "fulfilment",
     .range = true,
     .bys = fulfil_by,
     .texts = store_texts},
    {.report = "sales",
     .range = true,
     .groups = day_week_month,
     .bys = sales_by,
     .texts = sales_texts},
    /* by=customer_segment of the sales route (web_reports_sales_get). */
    {.report = "sales-segment",
     .range = true,
     .groups = day_week_month,
     .bys = segment_by,
     .texts = sales_texts},
    {.report = "feedback",
     .range = true,
     .groups = day_week_month,
     .bys = feedback_by,
     .texts = feedback_texts},
    /* The lists' exports (web_stock_export_get,
       web_purchase_orders_export_get). */
    {.report = "stock", .texts = stock_texts},
    {.report = "purchase-orders", .texts = po_texts, .supplier = true},
    /* Purchasing: one route, a view each (web_reports_purchasing_get). */
    {.report = "purchasing",
     .range = true,
     .groups = day_week_month,
     .texts = supplier_texts,
     .monthly = true,
     .supplier = true},
    {.report = "purchasing-variance",
     .range = true,
     .texts = supplier_texts,
     .monthly = true,
     .supplier = true},
    {.report = "purchasing-open", .texts = supplier_texts, .supplier = true},
    /* Finance (web_finance_*_get check account and after first). */
    {.report = "trial-balance", .at = true, .texts = account_texts},
    {.report = "journal",
     .range = true,
     .texts = journal_texts,
     .monthly = true},
    {.report = "missing-costs"},
    /* Payables (web_finance_payables_aging_get, web_supplier_statement_get:
       the supplier code is the path's). */
    {.report = "payables-aging", .at = true, .texts = ap_texts},
    {.report = "receivables-aging", .at = true, .texts = store_texts},
    /* Invoices (web_invoices_export_get). */
    {.report = "invoices",
     .range = true,
     .monthly = true,
     .texts = invoice_texts},
    {.report = "supplier-statement",
     .range = true,
     .monthly = true,
     .param = "supplier"},
    {.report = "purchasing-ranking",
     .range = true,
     .texts = supplier_texts,
     .monthly = true,
     .supplier = true},
};

const struct web_report_spec *
web_report_spec_find(const char *name)
{
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
    if (strcmp(specs[i].report, name) == 0)
      return &specs[i];
  return NULL;
}

static bool
is(const char *s, const char *v)
{
  return s != NULL && strcmp(s, v) == 0;
}

const char *
web_report_variant(const char *name, const char *by, const char *at)
{
  if (is(name, "inventory") && is(by, "bin"))
    return at == NULL ? "inventory-bin-now" : "inventory-bin";
  if (is(name, "inventory") && is(by, "owner"))
    return "inventory-owner";
  /* By the customer's segment reads the shipped lines with today's
   * segments, not the rollup (rpt_feedback.sql). */
  if (is(name, "sales") && is(by, "customer_segment"))
    return "sales-segment";
  return name;
}

bool
web_report_date_ok(const char *s)
{
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, n = 0;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
      n != 10 || s[4] != '-' || s[7] != '-')
    return false;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;
}

/* Days from 0000-03-01 to date @a s (checked): differences of dates. */
static long
day_number(const char *s)
{
  long y = atol(s), m = atol(s + 5), d = atol(s + 8);
  if (m <= 2) {
    y--;
    m += 12;
  }
  return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
}

/* Whether @a v is one of @a list (NULL-ended). */
static bool
one_of(const char *v, const char *const *list)
{
  for (; *list != NULL; list++)
    if (strcmp(v, *list) == 0)
      return true;
  return false;
}

/* A bad filter: the field to blame and why, for the caller to report. */
struct bad {
  const char *field;
  char *msg;
  size_t len;
};

/* Copies date filter @a name into @a f when given; false when bad. */
static bool
date_ok(web_report_get_fn get, void *cls, json_t *f, const char *name,
        struct bad *b)
{
  const char *v = get(cls, name);
  if (v == NULL)
    return true;
  if (!web_report_date_ok(v)) {
    b->field = name;
    snprintf(b->msg, b->len, "%s must be a date written YYYY-MM-DD, not \"%s\"",
             name, v);
    return false;
  }
  json_object_set_new(f, name, json_string(v));
  return true;
}

/* Copies choice @a name (one of @a list) into @a f when given. */
static bool
choice_ok(web_report_get_fn get, void *cls, json_t *f, const char *name,
          const char *const *list, struct bad *b)
{
  const char *v = get(cls, name);
  if (v == NULL || list == NULL)
    return true;
  if (!one_of(v, list)) {
    char all[128] = "";
    for (const char *const *l = list; *l != NULL; l++)
      snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
               l == list ? "" : ", ", *l);
    b->field = name;
    snprintf(b->msg, b->len, "%s is one of %s, not \"%s\"", name, all, v);
    return false;
  }
  json_object_set_new(f, name, json_string(v));
  return true;
}

/* The period checks: from before to, a daily series at most a year
 * (@a monthly: a report without group is by month). */
static bool
range_ok(const json_t *f, bool monthly, struct bad *b)
{
  const char *from = json_string_value(json_object_get(f, "from"));
  const char *to = json_string_value(json_object_get(f, "to"));
  if (from == NULL || to == NULL)
    return true;
  long days = day_number(to) - day_number(from);
  if (days < 0) {
    b->field = "to";
    snprintf(b->msg, b->len, "to (%s) is before from (%s)", to, from);
    return false;
  }
  const char *g = json_string_value(json_object_get(f, "group"));
  bool daily = g != NULL ? strcmp(g, "day") == 0 : !monthly;
  if (daily && days >= MAX_DAYS) {
    b->field = "group";
    snprintf(b->msg, b->len,
             "a daily report covers at most %d days, not %ld: use group=month",
             MAX_DAYS, days + 1);
    return false;
  }
  return true;
}

/* A whole number of days in [1, 3650] written in decimal, or -1. */
static long
day_count(const char *s, size_t n)
{
  long v = 0;
  if (n == 0 || n > 4)
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v >= 1 && v <= 3650 ? v : -1;
}

/* buckets: "30,60,90,180" (up to 4, rising) into @a f as an array. */
static bool
buckets_ok(web_report_get_fn get, void *cls, json_t *f, struct bad *b)
{
  const char *v = get(cls, "buckets");
  if (v == NULL)
    return true;
  json_t *a = json_array();
  long prev = 0;
  const char *p = v;
  bool ok = true;
  while (ok) {
    size_t n = strcspn(p, ",");
    long d = day_count(p, n);
    ok = d > prev && json_array_size(a) < 4;
    if (ok)
      json_array_append_new(a, json_integer(d));
    prev = d;
    if (p[n] == '\0')
      break;
    p += n + 1;
  }
  if (!ok) {
    json_decref(a);
    b->field = "buckets";
    snprintf(b->msg, b->len,
             "buckets are up to 4 rising day counts (1-3650) separated by "
             "commas, as 30,60,90,180, not \"%s\"",
             v);
    return false;
  }
  json_object_set_new(f, "buckets", a);
  return true;
}

/* days: a day count into @a f. */
static bool
days_ok(web_report_get_fn get, void *cls, json_t *f, struct bad *b)
{
  const char *v = get(cls, "days");
  if (v == NULL)
    return true;
  long d = day_count(v, strlen(v));
  if (d < 0) {
    b->field = "days";
    snprintf(b->msg, b->len,
             "days is a whole number from 1 to 3650, not \"%s\"", v);
    return false;
  }
  json_object_set_new(f, "days", json_integer(d));
  return true;
}

bool
web_report_filters(const struct web_report_spec *spec, web_report_get_fn get,
                   void *cls, json_t *f, const char **field, char *msg,
                   size_t len)
{
  struct bad b = {NULL, msg, len};
  bool ok = (!spec->range || (date_ok(get, cls, f, "from", &b) &&
                              date_ok(get, cls, f, "to", &b))) &&
            (!spec->at || date_ok(get, cls, f, "at", &b)) &&
            choice_ok(get, cls, f, "group", spec->groups, &b) &&
            choice_ok(get, cls, f, "by", spec->bys, &b) &&
            (!spec->range || range_ok(f, spec->monthly, &b)) &&
            (!spec->buckets || buckets_ok(get, cls, f, &b)) &&
            (!spec->days || days_ok(get, cls, f, &b));
  if (!ok) {
    *field = b.field;
    return false;
  }
  for (const char *const *t = spec->texts; t != NULL && *t != NULL; t++) {
    const char *v = get(cls, *t);
    if (v != NULL)
      json_object_set_new(f, *t, json_string(v));
  }
  const char *wh = get(cls, "warehouse");
  if (wh != NULL)
    json_object_set_new(f, "warehouse", json_string(wh));
  return true;
}

/* The caller's warehouses when limited and none was named (a named one
 * the router checked against the caller, .scope_from); a supplier key's
 * supplier for the reports that have one. */
static void
scope_filter(struct web_request *req, const struct web_report_spec *spec,
             json_t *f)
{
  int64_t only = spec->supplier ? web_scope_supplier(req) : 0;
  if (only != 0)
    json_object_set_new(f, "only_supplier", json_integer(only));
  /* A 3PL client's export (the routes open to clients) holds its own
   * owner's SKUs only (rpt_skus). */
  if (web_owner_only_id(req) != 0)
    json_object_set_new(f, "owner_id", json_integer(web_owner_only_id(req)));
  const char *list = web_scope_allowed(req);
  if (list == NULL || json_object_get(f, "warehouse") != NULL)
    return;
  json_t *a = json_array();
  while (*list != '\0') {
    size_t n = strcspn(list, ",");
    json_array_append_new(a, json_stringn(list, n));
    list += n + (list[n] == ',');
  }
  json_object_set_new(f, "allowed", a);
}

static const char *
query_get(void *cls, const char *name)
{
  return web_query_text(cls, name);
}

/* Every filter of @a spec from the query into @a f; false after a reply. */
static bool
filters_or_reply(struct web_request *req, const struct web_report_spec *spec,
                 json_t *f, enum MHD_Result *ret)
{
  const char *field = NULL;
  char msg[200];
  if (!web_report_filters(spec, query_get, req, f, &field, msg, sizeof msg)) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, field, "%s", msg);
    return false;
  }
  if (spec->param != NULL && req->nparams > 0)
    json_object_set_new(f, spec->param, json_string(req->params[0]));
  scope_filter(req, spec, f);
  return true;
}

/* The caller's language for the sheet: ?lang=, else Accept-Language. */
static bool
chinese(struct web_request *req)
{
  const char *lang = web_query_text(req, "lang");
  if (lang == NULL)
    lang = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                       MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
  return lang != NULL && strncmp(lang, "zh", 2) == 0;
}

static bool
file_row(void *cls, const PGresult *res)
{
  return web_report_file_row(cls, res);
}

/*
 * Writes report @a r under @a filters to an unlinked temporary file and
 * returns its descriptor (-1 on failure, logged).
 */
static int
write_file(const struct core_report *r, const char *filters,
           enum web_report_format fmt, const char *sheet, enum core_ec *ec)
{
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/depot-report-XXXXXX",
           dir != NULL && *dir != '\0' ? dir : "/tmp");
  int tmp = mkstemp(path);
  *ec = CORE_EC_INTERNAL;
  if (tmp < 0)
    return -1;
  close(tmp);
  struct web_report_file *f = web_report_file_open(path, fmt, sheet);
  if (f != NULL) {
    *ec = core_report_stream(r, filters, file_row, f);
    if (!web_report_file_close(f) && *ec == CORE_EC_OK)
      *ec = CORE_EC_INTERNAL;
  }
  int fd = *ec == CORE_EC_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
  /* Unlinked at once: the open descriptor keeps the bytes until sent. */
  unlink(path);
  return fd;
}

/* Sends report @a r as a file of format @a fmt. */
static enum MHD_Result
reply_file(struct web_request *req, const struct core_report *r,
           const char *filters, enum web_report_format fmt)
{
  enum core_ec ec;
  int fd = write_file(r, filters, fmt, chinese(req) ? r->sheet_zh : r->sheet_en,
                      &ec);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    if (fd >= 0)
      close(fd);
    return web_reply_error(req, ec != CORE_EC_OK ? ec : CORE_EC_INTERNAL, NULL,
                           NULL);
  }
  struct MHD_Response *resp =
      MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (resp == NULL) {
    close(fd);
    return MHD_NO;
  }
  char disp[160];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"", r->name,
           fmt == WEB_REPORT_CSV ? "csv" : "xlsx");
  CORE_BREAK(MHD_add_response_header(resp, "Content-Disposition", disp) ==
             MHD_YES);
  return web_reply_stream(
      req, resp,
      fmt == WEB_REPORT_CSV
          ? "text/csv; charset=utf-8"
          : "application/"
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

enum MHD_Result
web_report_reply(struct web_request *req, const struct web_report_spec *spec)
{
  const struct core_report *r = core_report_find(spec->report);
  enum web_report_format fmt = WEB_REPORT_JSON;
  const char *fs = web_query_text(req, "format");
  if (r == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  /* A supplier's key holds purchasing.read for its own POs: of the
   * reports it reads only those that narrow to its supplier. */
  if (!spec->supplier && web_scope_supplier(req) != 0)
    return web_reply_error(req, CORE_EC_FORBIDDEN, NULL,
                           "a supplier key reads only purchasing reports");
  if (fs != NULL && !web_report_format_parse(fs, &fmt))
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "format",
                           "format is json, csv or xlsx, not \"%s\"", fs);
  int64_t limit = LIMIT_DEFAULT;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "limit", 1, LIMIT_MAX, &limit, &ret))
    return ret;
  json_t *f = json_object();
  bool ok = filters_or_reply(req, spec, f, &ret);
  char *filters = ok ? json_dumps(f, JSON_COMPACT) : NULL;
  json_decref(f);
  if (!ok)
    return ret;
  const char *doc = NULL;
  enum core_ec ec = CORE_EC_OK;
  if (fmt == WEB_REPORT_JSON)
    ec = core_report_json(r, filters, (int)limit, req->arena, &doc);
  else
    ret = reply_file(req, r, filters, fmt);
  free(filters);
  if (fmt != WEB_REPORT_JSON)
    return ret;
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, 200, doc);
}
