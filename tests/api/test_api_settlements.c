/*
 * Platform settlements (issue 22, item 4) on the demo business with the
 * fixtures of tests/fixtures/settlements: a Shopify payouts export read by
 * `depot import settlement`, a 支付宝 账务明细 in GBK with its header lines,
 * and the generic layout uploaded through POST /api/v1/settlements. Each
 * reconciles to the expected differences: the sales matched, the fee
 * above the store's settings, the refund, the line whose order the store
 * does not have, and an order shipped long ago and never paid. Each posts
 * one balanced entry (Dr 1002, Dr 6601, Cr 1122 / 2241), the trial balance
 * still sums to zero, the same file again changes nothing, and the
 * receivables aging answers per store.
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

/* A shipped order @a ext of store @a store worth @a amount, shipped
 * @a days_ago days back (its sale posts Dr 1122 as shipping does). */
static bool
shipped_order(const char *store, const char *ext, const char *amount,
              int days_ago)
{
  char sql[1600];
  snprintf(sql, sizeof sql,
           "WITH o AS (INSERT INTO sales_order (store_id, external_id,"
           " warehouse_id, state, currency, total, ship_to, content_hash)"
           " SELECT s.id, '%s', s.warehouse_id, 'shipped', s.currency, %s,"
           " '{\"name\":\"测试\",\"country_code\":\"CN\"}'::jsonb, md5('%s')"
           " FROM store s WHERE s.code = '%s' RETURNING id, warehouse_id),"
           " sh AS (INSERT INTO shipment (order_id, warehouse_id, state,"
           " track_token) SELECT id, warehouse_id, 'shipped', 'stl-test-token-'"
           " || '%s' || '-0000000000' FROM o RETURNING id, order_id,"
           " warehouse_id)"
           " INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id,"
           " sku_id, qty, unit_price, unit_cost, shipped_at)"
           " SELECT sh.id, sh.order_id, sh.warehouse_id, (SELECT min(id) FROM"
           " sku), 1, %s, 0, now() - interval '%d days' FROM sh",
           ext, amount, ext, store, ext, amount, days_ago);
  return api_sql_text(&srv, sql, NULL, 0);
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_settlements", false, NULL) ||
      !api_seed_demo(&srv))
    return -1;
  /* The stores' fee settings the expected fees follow. */
  bool ok = api_sql_text(
      &srv,
      "INSERT INTO fin_store (store_id, commission_pct, fixed_fee,"
      " payment_fee_pct) SELECT id, CASE code WHEN 'SHOPIFY' THEN 2 ELSE 5"
      " END, CASE code WHEN 'SHOPIFY' THEN 0.30 ELSE 0 END, 0.6 FROM store"
      " WHERE code IN ('SHOPIFY', 'TMALL', 'PDD', 'JD') ON CONFLICT (store_id) "
      "DO"
      " UPDATE SET commission_pct = excluded.commission_pct, fixed_fee ="
      " excluded.fixed_fee, payment_fee_pct = excluded.payment_fee_pct",
      NULL, 0);
  /* A USD rate from before the fixtures' days, whenever the test runs. */
  ok = ok && api_sql_text(&srv,
                          "INSERT INTO fin_rate (currency, day, rate) VALUES"
                          " ('USD', '2026-01-01', 7.1) ON CONFLICT DO NOTHING",
                          NULL, 0);
  ok = ok && shipped_order("SHOPIFY", "STL1001", "120.00", 20) &&
       shipped_order("SHOPIFY", "STL1002", "80.00", 18) &&
       shipped_order("SHOPIFY", "STL1003", "60.00", 40) &&
       shipped_order("TMALL", "STL3001", "168.00", 17) &&
       shipped_order("TMALL", "STL3002", "268.00", 16) &&
       shipped_order("JD", "STL4001", "199.00", 15) &&
       shipped_order("PDD", "STL2001", "100.00", 17) &&
       shipped_order("PDD", "STL2002", "59.90", 17);
  return ok ? 0 : -1;
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

/* Runs `depot import settlement FIXTURE --store S --profile P`. */
static int
import(const char *fixture, const char *store, const char *profile, char *out,
       size_t len)
{
  static char env_url[600];
  char path[600];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", srv.database_url);
  snprintf(path, sizeof path, "%s/%s", SETTLEMENT_FIXTURES, fixture);
  const char *env[] = {env_url, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"import",    "settlement", path,     "--store", store,
                        "--profile", profile,      "--days", "30",      NULL};
  return api_run_depot(args, env, out, len);
}

/* The newest settlement of @a store, from the API. */
static json_t *
latest(const char *store)
{
  char path[120];
  snprintf(path, sizeof path, "/api/v1/settlements?store=%s&limit=1", store);
  json_t *l = api_step(&srv, "GET", path, NULL, 200);
  json_t *first = json_array_get(json_object_get(l, "items"), 0);
  assert_non_null(first);
  snprintf(path, sizeof path, "/api/v1/settlements/%lld",
           (long long)json_integer_value(json_object_get(first, "id")));
  json_decref(l);
  return api_step(&srv, "GET", path, NULL, 200);
}

static const char *
str(const json_t *o, const char *k)
{
  return json_string_value(json_object_get(o, k));
}

static double
num(const json_t *o, const char *k)
{
  const json_t *v = json_object_get(o, k);
  return json_is_string(v) ? strtod(json_string_value(v), NULL)
                           : json_number_value(v);
}

static bool
near(double a, double b)
{
  return a - b < 0.005 && b - a < 0.005;
}

/* Whether list @a a has an item whose "order" is @a order. */
static const json_t *
find_order(const json_t *a, const char *order)
{
  size_t i;
  json_t *x;
  json_array_foreach(a, i, x)
  {
    if (str(x, "order") != NULL && strcmp(str(x, "order"), order) == 0)
      return x;
  }
  return NULL;
}

static void
assert_balanced(const json_t *doc)
{
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM fin_line WHERE entry_id = %lld",
           (long long)json_integer_value(json_object_get(doc, "voucher_no")));
  assert_true(sql_int(sql) >= 3);
  assert_int_equal(
      sql_int("SELECT count(*) FROM (SELECT entry_id FROM fin_line GROUP BY 1"
              " HAVING sum(debit) <> sum(credit)) x"),
      0);
  json_t *tb =
      api_step(&srv, "GET", "/api/v1/finance/trial-balance", NULL, 200);
  json_t *rows = json_object_get(tb, "rows");
  assert_true(num(json_array_get(rows, json_array_size(rows) - 1), "balance") ==
              0);
  json_decref(tb);
}

static void
a_shopify_payout_reconciles_to_its_differences(void **state)
{
  (void)state;
  char out[8192];
  assert_int_equal(import("shopify_payouts.csv", "SHOPIFY", "shopify_payouts",
                          out, sizeof out),
                   0);
  assert_non_null(strstr(out, "matched: 2 sales"));
  json_t *s = latest("SHOPIFY");
  assert_string_equal(str(s, "currency"), "USD");
  assert_int_equal(json_integer_value(json_object_get(s, "lines")), 4);
  assert_true(near(num(s, "gross"), 250.00));
  assert_true(near(num(s, "refunds"), -20.00));
  assert_true(near(num(s, "fees"), 7.76));
  assert_true(near(num(s, "net"), 222.24));
  json_t *r = json_object_get(s, "report");
  assert_int_equal(json_integer_value(json_object_get(r, "matched")), 2);
  /* #STL1001 paid 3.78 in fees where 2 % + 0.6 % + 0.30 is 3.42. */
  json_t *fd = json_object_get(r, "fee_differences");
  assert_int_equal(json_array_size(fd), 1);
  const json_t *d = find_order(fd, "STL1001");
  assert_non_null(d);
  assert_true(near(num(d, "expected"), 3.42));
  assert_true(near(num(d, "diff"), 0.36));
  json_t *refunds = json_object_get(r, "refunds");
  assert_int_equal(json_array_size(refunds), 1);
  assert_true(near(num(json_array_get(refunds, 0), "amount"), -20.00));
  json_t *none = json_object_get(r, "no_order");
  assert_int_equal(json_array_size(none), 1);
  assert_string_equal(str(json_array_get(none, 0), "order"), "#STL9999");
  /* Shipped 40 days back, never in a payout: unpaid after 30 days. */
  assert_non_null(find_order(json_object_get(r, "unpaid"), "STL1003"));
  assert_null(find_order(json_object_get(r, "unpaid"), "STL1002"));
  assert_balanced(s);
  /* The money in the bank is the payout; the unknown order's 50 waits on
   * 2241; the fees are selling expenses. */
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT round(sum(amount), 2) * 100 FROM fin_line WHERE entry_id"
           " = %lld AND account = '1002'",
           (long long)json_integer_value(json_object_get(s, "voucher_no")));
  assert_int_equal(sql_int(sql), 22224);
  snprintf(sql, sizeof sql,
           "SELECT round(-sum(amount), 2) * 100 FROM fin_line WHERE entry_id"
           " = %lld AND account = '2241'",
           (long long)json_integer_value(json_object_get(s, "voucher_no")));
  assert_int_equal(sql_int(sql), 5000);
  json_decref(s);
  /* The same file again: the same settlement, nothing posted. */
  int64_t before = sql_int("SELECT count(*) FROM fin_entry");
  assert_int_equal(import("shopify_payouts.csv", "SHOPIFY", "shopify_payouts",
                          out, sizeof out),
                   0);
  assert_non_null(strstr(out, "imported before"));
  assert_int_equal(sql_int("SELECT count(*) FROM fin_entry"), before);
}

static void
an_alipay_statement_in_gbk_reconciles(void **state)
{
  (void)state;
  char out[8192];
  assert_int_equal(import("alipay_gbk.csv", "TMALL", "alipay", out, sizeof out),
                   0);
  json_t *s = latest("TMALL");
  assert_string_equal(str(s, "currency"), "CNY");
  /* Two sales and their fee lines, a refund, an unknown order; the
   * withdrawal moves no order's money. */
  assert_int_equal(json_integer_value(json_object_get(s, "lines")), 6);
  json_t *r = json_object_get(s, "report");
  assert_int_equal(json_integer_value(json_object_get(r, "matched")), 2);
  json_t *fd = json_object_get(r, "fee_differences");
  assert_int_equal(json_array_size(fd), 1);
  assert_true(near(num(find_order(fd, "STL3001"), "diff"), -1.01));
  json_t *refunds = json_object_get(r, "refunds");
  assert_int_equal(json_array_size(refunds), 1);
  assert_string_equal(str(json_array_get(refunds, 0), "order"), "STL3002");
  assert_true(near(num(json_array_get(refunds, 0), "amount"), -67.00));
  json_t *none = json_object_get(r, "no_order");
  assert_int_equal(json_array_size(none), 1);
  assert_string_equal(str(json_array_get(none, 0), "order"), "STL3999");
  assert_true(near(num(s, "net"), 168 - 8.40 + 268 - 15.01 - 67 + 38));
  assert_balanced(s);
  json_decref(s);
}

static void
a_jd_settlement_reconciles(void **state)
{
  (void)state;
  char out[8192];
  assert_int_equal(import("jd.csv", "JD", "jd", out, sizeof out), 0);
  json_t *s = latest("JD");
  json_t *r = json_object_get(s, "report");
  assert_int_equal(json_integer_value(json_object_get(s, "lines")), 5);
  assert_int_equal(json_integer_value(json_object_get(r, "matched")), 1);
  /* 佣金 15.92 and 平台使用费 2.00 where 5.6 % of 199.00 is 11.14. */
  json_t *fd = json_object_get(r, "fee_differences");
  assert_int_equal(json_array_size(fd), 1);
  assert_true(near(num(find_order(fd, "STL4001"), "diff"), 6.78));
  assert_true(near(
      num(json_array_get(json_object_get(r, "refunds"), 0), "amount"), -39.80));
  json_t *none = json_object_get(r, "no_order");
  assert_int_equal(json_array_size(none), 1);
  assert_string_equal(str(json_array_get(none, 0), "order"), "STL4998");
  assert_true(near(num(s, "net"), 199 - 15.92 - 2.00 - 39.80 + 25));
  assert_balanced(s);
  json_decref(s);
}

/* Reads fixture @a name into @a buf (NUL-ended). */
static void
fixture(const char *name, char *buf, size_t len)
{
  char path[600];
  snprintf(path, sizeof path, "%s/%s", SETTLEMENT_FIXTURES, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t n = fread(buf, 1, len - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static void
an_upload_in_the_generic_layout_reconciles_and_aging_answers(void **state)
{
  (void)state;
  char csv[2048];
  fixture("generic.csv", csv, sizeof csv);
  json_t *body =
      json_pack("{s:s, s:s, s:s, s:s, s:i}", "store", "PDD", "profile",
                "generic", "file_name", "generic.csv", "csv", csv, "days", 30);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  json_t *s = api_step(&srv, "POST", "/api/v1/settlements", text, 201);
  json_t *r = json_object_get(s, "report");
  assert_int_equal(json_integer_value(json_object_get(r, "matched")), 2);
  json_t *fd = json_object_get(r, "fee_differences");
  assert_int_equal(json_array_size(fd), 1);
  assert_true(near(num(find_order(fd, "STL2002"), "expected"), 3.35));
  assert_int_equal(json_array_size(json_object_get(r, "refunds")), 1);
  assert_int_equal(json_array_size(json_object_get(r, "no_order")), 1);
  assert_balanced(s);
  json_decref(s);
  /* Once more: the stored settlement, 200. */
  api_step_ok(&srv, "POST", "/api/v1/settlements", text, 200);
  free(text);
  api_step_code(
      &srv, "POST", "/api/v1/settlements",
      "{\"store\":\"PDD\",\"profile\":\"generic\",\"csv\":\"a,b\\n1,2\"}", 422,
      "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/settlements",
                "{\"store\":\"NOPE\",\"profile\":\"generic\",\"csv\":"
                "\"order_ref,date,type,gross\\nX,2026-11-20,sale,1\"}",
                404, "unknown_store");
  /* Receivables aging: STL2002 was paid in full, STL1003 still owes. */
  json_t *a =
      api_step(&srv, "GET", "/api/v1/finance/receivables-aging", NULL, 200);
  size_t i;
  json_t *x;
  bool shopify = false;
  json_array_foreach(json_object_get(a, "rows"), i, x)
  {
    shopify = shopify || strcmp(str(x, "store"), "SHOPIFY") == 0;
    assert_true(near(num(x, "d0_30") + num(x, "d31_60") + num(x, "d61_90") +
                         num(x, "d90_plus"),
                     num(x, "total")));
  }
  assert_true(shopify);
  json_decref(a);
  struct api_reply rep = {0};
  assert_true(api_json(&srv, "GET",
                       "/api/v1/finance/receivables-aging?store=SHOPIFY"
                       "&format=csv",
                       NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_non_null(strstr(rep.body, "store,currency,d0_30"));
  api_reply_clear(&rep);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_shopify_payout_reconciles_to_its_differences),
      cmocka_unit_test(an_alipay_statement_in_gbk_reconciles),
      cmocka_unit_test(a_jd_settlement_reconciles),
      cmocka_unit_test(
          an_upload_in_the_generic_layout_reconciles_and_aging_answers),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
