/*
 * The feedback desk's last pieces (issue 20, item 3) and the CRM reports
 * (issue 21, items 1, 6 and 9) on the demo business: a marketplace's
 * review export (GBK, Chinese headers) imports as review tickets through
 * `depot import reviews` and through the desk's upload, idempotent by
 * review id per store, bad rows listed; a complaint opens its return in
 * one step and the two name each other; the feedback report and sales by
 * customer segment agree with straightforward SQL; the customer list
 * exports as CSV and XLSX, masked for a viewer.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;
static char viewer[80];

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_crm_desk", false, NULL) ||
      !api_seed_demo(&srv))
    return -1;
  if (!api_add_user(&srv, "desk_viewer", "viewer", NULL, "desk password") ||
      api_login(&srv, "desk_viewer", "desk password", viewer, NULL) != 200)
    return -1;
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

static const char *
fixture(void)
{
  return REVIEWS_FIXTURE;
}

/* The fixture's bytes (heap, caller frees) and length. */
static char *
slurp(size_t *len)
{
  FILE *f = fopen(fixture(), "rb");
  assert_non_null(f);
  char *b = malloc(1 << 16);
  *len = fread(b, 1, 1 << 16, f);
  fclose(f);
  return b;
}

/* @a n bytes of @a in as base64 into @a out (room for 4/3 + 4). */
static void
b64(const unsigned char *in, size_t n, char *out)
{
  static const char t[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)in[i] << 16;
    if (i + 1 < n)
      v |= (unsigned)in[i + 1] << 8;
    if (i + 2 < n)
      v |= in[i + 2];
    out[o++] = t[(v >> 18) & 63];
    out[o++] = t[(v >> 12) & 63];
    out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < n ? t[v & 63] : '=';
  }
  out[o] = '\0';
}

static int
import_cli(const char *store, char *out, size_t len)
{
  static char env_url[600];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_url, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"import", "reviews", fixture(), "--store", store, NULL};
  return api_run_depot(args, env, out, len);
}

/* The upload of the fixture into @a store: the summary. */
static json_t *
upload(const char *store, long status)
{
  size_t n;
  char *raw = slurp(&n);
  char *body = malloc(n * 2 + 100);
  int k = sprintf(body, "{\"store\":\"%s\",\"file\":\"", store);
  b64((unsigned char *)raw, n, body + k);
  strcat(body, "\"}");
  json_t *j = call("POST", "/api/v1/feedback/import", body, status);
  free(body);
  free(raw);
  return j;
}

static int64_t
num(const json_t *j, const char *k)
{
  return json_integer_value(json_object_get(j, k));
}

static void
reviews_import_once_per_store_from_the_cli_and_the_upload(void **state)
{
  (void)state;
  char out[4096];
  /* Two rows are refused: exit 1, each listed with its line. */
  int rc = import_cli("TMALL", out, sizeof out);
  if (strstr(out, "\"field\":\"review_id\"") == NULL)
    fprintf(stderr, "depot import reviews: rc %d: %s\n", rc, out);
  assert_int_equal(rc, 1);
  assert_non_null(strstr(out, "\"field\":\"review_id\""));
  assert_non_null(strstr(out, "\"field\":\"rating\""));
  assert_non_null(strstr(out, "4 new"));
  const char *count = "SELECT count(*) FROM feedback f JOIN store s ON"
                      " s.id = f.store_id WHERE s.code = 'TMALL' AND"
                      " f.external_id LIKE 'TB-R-%' AND f.kind = 'review'";
  assert_int_equal(sql_int(count), 4);
  /* GBK text, the marketplace's date, 差评 as 1 (a poor rating is high). */
  char text[200];
  assert_true(api_sql_text(&srv,
                           "SELECT body || '|' || rating || '|' || severity"
                           " || '|' || posted_at::date || '|' ||"
                           " (order_id IS NULL) FROM feedback WHERE"
                           " external_id = 'TB-R-1002'",
                           text, sizeof text));
  assert_string_equal(text,
                      "碗口有一个小缺口，\"希望补发\"|1|high|2026-11-03|true");
  assert_true(api_sql_text(&srv,
                           "SELECT body || '|' || rating FROM feedback"
                           " WHERE external_id = 'TB-R-1006'",
                           text, sizeof text));
  assert_string_equal(text, "多行\n评价内容|3");
  /* A rerun adds nothing. */
  assert_int_equal(import_cli("TMALL", out, sizeof out), 1);
  assert_non_null(strstr(out, "0 new, 4 already there"));
  assert_int_equal(sql_int(count), 4);
  /* The desk's upload: the same file again is known; another store's
   * reviews are its own. */
  json_t *j = upload("TMALL", 200);
  assert_int_equal(num(j, "rows"), 6);
  assert_int_equal(num(j, "new"), 0);
  assert_int_equal(num(j, "duplicates"), 4);
  assert_int_equal(json_array_size(json_object_get(j, "refused")), 2);
  json_decref(j);
  j = upload("JD", 200);
  assert_int_equal(num(j, "new"), 4);
  assert_int_equal(num(j, "orders_unmatched"), 1);
  assert_int_equal(num(j, "skus_unmatched"), 1);
  json_decref(j);
  code("POST", "/api/v1/feedback/import", "{\"store\":\"JD\",\"file\":\"%%%\"}",
       422, "invalid_value");
  code("POST", "/api/v1/feedback/import",
       "{\"store\":\"JD\",\"file\":\"eCx5CiIK\"}", 422, "invalid_value");
}

/* A shipped demo order of ZZ1 without RMAs whose SKUs are not lot-tracked:
 * its id, store and a SKU. */
static int64_t
shipped_order(char *store, char *sku, size_t len)
{
  char out[200];
  assert_true(api_sql_text(
      &srv,
      "SELECT o.id || ' ' || st.code || ' ' || min(k.code) FROM sales_order o"
      " JOIN warehouse w ON w.id = o.warehouse_id JOIN store st ON"
      " st.id = o.store_id JOIN order_line l ON l.order_id = o.id JOIN sku k"
      " ON k.id = l.sku_id WHERE w.code = 'ZZ1' AND o.state = 'shipped' AND"
      " NOT EXISTS (SELECT 1 FROM rma WHERE order_id = o.id) AND NOT EXISTS"
      " (SELECT 1 FROM order_line x JOIN sku y ON y.id = x.sku_id WHERE"
      " x.order_id = o.id AND y.lot_tracked) GROUP BY o.id, st.code"
      " ORDER BY o.id LIMIT 1",
      out, sizeof out));
  char *a = strchr(out, ' ');
  assert_non_null(a);
  char *b = strchr(a + 1, ' ');
  assert_non_null(b);
  *b = '\0';
  snprintf(store, len, "%s", a + 1);
  snprintf(sku, len, "%s", b + 1);
  return strtoll(out, NULL, 10);
}

static int64_t
ticket(const char *store, const char *kind, int64_t order)
{
  char body[300], ord[40] = "";
  if (order > 0)
    snprintf(ord, sizeof ord, ",\"order\":%lld", (long long)order);
  snprintf(body, sizeof body,
           "{\"store\":\"%s\",\"kind\":\"%s\",\"text\":\"杯子裂了\"%s}", store,
           kind, ord);
  json_t *j = call("POST", "/api/v1/feedback", body, 201);
  int64_t id = num(j, "id");
  json_decref(j);
  return id;
}

static void
a_complaint_opens_its_return_in_one_step(void **state)
{
  (void)state;
  char store[64], sku[64], path[80], body[300];
  int64_t order = shipped_order(store, sku, sizeof store);
  int64_t id = ticket(store, "complaint", order);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld/return", (long long)id);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"reason\":"
           "\"damaged_in_transit\"}],\"idempotency_key\":\"fb-rma-1\"}",
           sku);
  json_t *j = call("POST", path, body, 201);
  json_t *rma = json_object_get(j, "rma");
  assert_non_null(rma);
  int64_t rid = num(rma, "id");
  assert_string_equal(json_string_value(json_object_get(rma, "state")),
                      "authorized");
  /* The internal note says which return it opened. */
  json_t *r0 = json_array_get(json_object_get(j, "replies"), 0);
  assert_true(json_is_true(json_object_get(r0, "internal")));
  json_decref(j);
  /* The same key: the first answer; another request: refused. */
  j = call("POST", path, body, 200);
  assert_int_equal(num(json_object_get(j, "rma"), "id"), rid);
  json_decref(j);
  snprintf(body, sizeof body, "{\"lines\":[{\"sku\":\"%s\",\"qty\":1}]}", sku);
  code("POST", path, body, 409, "feedback_has_return");
  /* The return names the ticket back, and carries its lines. */
  char rpath[64];
  snprintf(rpath, sizeof rpath, "/api/v1/returns/%lld", (long long)rid);
  j = call("GET", rpath, NULL, 200);
  assert_int_equal(num(json_object_get(j, "feedback"), "id"), id);
  assert_int_equal(num(j, "order"), order);
  assert_int_equal(json_array_size(json_object_get(j, "lines")), 1);
  json_decref(j);
  /* Only a complaint with an order opens one; the returns rules hold. */
  int64_t review = ticket(store, "review", order);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld/return",
           (long long)review);
  code("POST", path, body, 409, "feedback_not_complaint");
  int64_t bare = ticket(store, "complaint", 0);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld/return", (long long)bare);
  code("POST", path, body, 422, "feedback_no_order");
  int64_t again = ticket(store, "complaint", order);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld/return", (long long)again);
  snprintf(body, sizeof body, "{\"lines\":[{\"sku\":\"%s\",\"qty\":100000}]}",
           sku);
  code("POST", path, body, 409, "return_exceeds_shipped");
  char q[200];
  snprintf(q, sizeof q,
           "SELECT count(*) FROM feedback WHERE rma_id IS NOT NULL"
           " AND order_id = %lld",
           (long long)order);
  assert_int_equal(sql_int(q), 1);
}

/* Sum of column @a col over the rows of report document @a j. */
static double
col_sum(const json_t *j, const char *col)
{
  double s = 0;
  size_t i;
  const json_t *r;
  json_array_foreach(json_object_get(j, "rows"), i, r)
  {
    const json_t *v = json_object_get(r, col);
    s += json_is_number(v)
             ? json_number_value(v)
             : (json_is_string(v) ? atof(json_string_value(v)) : 0);
  }
  return s;
}

static void
the_feedback_report_agrees_with_the_tickets(void **state)
{
  (void)state;
  json_t *j = call("GET",
                   "/api/v1/reports/feedback?from=2026-01-01&to=2099-12-31"
                   "&group=month&by=kind",
                   NULL, 200);
  assert_int_equal((int64_t)col_sum(j, "tickets"),
                   sql_int("SELECT count(*) FROM feedback"));
  assert_int_equal((int64_t)col_sum(j, "answered"),
                   sql_int("SELECT count(replied_at) FROM feedback"));
  assert_int_equal(
      (int64_t)col_sum(j, "resolved_in_sla"),
      sql_int("SELECT count(*) FROM feedback WHERE resolved_at <= due_at"));
  json_decref(j);
  /* The rating trend of one SKU: the imported reviews of November. */
  j = call("GET",
           "/api/v1/reports/feedback?from=2026-11-01&to=2026-11-30"
           "&group=month&by=sku&sku=LL-CUP-01&kind=review",
           NULL, 200);
  json_t *r = json_array_get(json_object_get(j, "rows"), 0);
  assert_non_null(r);
  assert_string_equal(json_string_value(json_object_get(r, "key")),
                      "LL-CUP-01");
  /* TB-R-1001 (5) and TB-R-1006 (3) in TMALL and JD, and the demo's. */
  assert_int_equal(num(r, "rated"),
                   sql_int("SELECT count(rating) FROM feedback f JOIN sku k"
                           " ON k.id = f.sku_id WHERE k.code = 'LL-CUP-01'"
                           " AND f.kind = 'review' AND f.posted_at >="
                           " '2026-11-01' AND f.posted_at < '2026-12-01'"));
  assert_true(num(r, "rated") >= 4);
  json_decref(j);
  code("GET", "/api/v1/reports/feedback?by=colour", NULL, 400,
       "bad_query_param");
  struct api_reply rep;
  assert_true(
      api_json(&srv, "GET", "/api/v1/reports/feedback?format=csv", NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_non_null(strstr(rep.body, "avg_rating"));
  api_reply_clear(&rep);
}

static void
sales_by_customer_segment_add_up_to_the_shipped_lines(void **state)
{
  (void)state;
  json_decref(call("POST", "/api/v1/customers/segments/refresh", NULL, 200));
  json_t *j = call("GET",
                   "/api/v1/reports/sales?by=customer_segment&group=month"
                   "&from=2000-01-01&to=2099-12-31",
                   NULL, 200);
  assert_true(json_array_size(json_object_get(j, "rows")) > 0);
  assert_int_equal((int64_t)col_sum(j, "units"),
                   sql_int("SELECT sum(qty) FROM order_ship_line"));
  char want[64];
  assert_true(api_sql_text(&srv,
                           "SELECT sum(qty * unit_price) FROM order_ship_line",
                           want, sizeof want));
  assert_true(col_sum(j, "revenue") - atof(want) < 0.005 &&
              atof(want) - col_sum(j, "revenue") < 0.005);
  size_t i;
  const json_t *r;
  json_array_foreach(json_object_get(j, "rows"), i, r)
  {
    const char *k = json_string_value(json_object_get(r, "key"));
    assert_non_null(strstr(" champions loyal at_risk hibernating new others"
                           " none ",
                           k));
  }
  json_decref(j);
}

static void
the_customer_list_exports_masked_for_a_viewer(void **state)
{
  (void)state;
  struct api_reply rep;
  assert_true(
      api_json(&srv, "GET", "/api/v1/customers/export?format=csv", NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_true(memcmp(rep.body, "\xEF\xBB\xBFid,name,email,phone", 22) == 0);
  size_t lines = 0;
  for (size_t i = 0; i < rep.body_len; i++)
    lines += rep.body[i] == '\n';
  /* The header and one line a customer (no field of the demo breaks). */
  assert_int_equal((int64_t)lines - 1,
                   sql_int("SELECT count(*) FROM customer WHERE merged_into"
                           " IS NULL"));
  if (strstr(rep.body, "@demo.example.com") == NULL)
    fprintf(stderr, "customers.csv: %.600s\n", rep.body);
  assert_non_null(strstr(rep.body, "@demo.example.com"));
  api_reply_clear(&rep);
  struct api_server s = srv;
  memcpy(s.token, viewer, sizeof s.token);
  assert_true(
      api_json(&s, "GET", "/api/v1/customers/export?format=csv", NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_null(strstr(rep.body, "buyer0@demo.example.com"));
  assert_non_null(strstr(rep.body, "****"));
  api_reply_clear(&rep);
  assert_true(api_json(&s, "GET",
                       "/api/v1/customers/export?format=xlsx&segment=champions",
                       NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_true(rep.body_len > 100 && memcmp(rep.body, "PK", 2) == 0);
  api_reply_clear(&rep);
  code("GET", "/api/v1/customers/export?format=pdf", NULL, 400,
       "bad_query_param");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          reviews_import_once_per_store_from_the_cli_and_the_upload),
      cmocka_unit_test(a_complaint_opens_its_return_in_one_step),
      cmocka_unit_test(the_feedback_report_agrees_with_the_tickets),
      cmocka_unit_test(sales_by_customer_segment_add_up_to_the_shipped_lines),
      cmocka_unit_test(the_customer_list_exports_masked_for_a_viewer),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
