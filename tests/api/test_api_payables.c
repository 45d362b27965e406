/*
 * Supplier bills (issue 22, item 5) through the API on the demo business:
 * the three-way match holds a bill 10 % over its PO price and one that
 * claims more units than were received; approving a held bill needs an
 * override with a reason; approval and payments post balanced entries
 * (the receipts' accrual in 2202 cleared at the PO cost, the variance to
 * 6401, input VAT to 2221) and the trial balance still sums to zero;
 * payments are partial, idempotent and never exceed the balance; the
 * list pages by keyset; payables aging and the supplier statement answer
 * in JSON, CSV and XLSX; the routes are finance's.
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

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_payables", false, NULL))
    return -1;
  return api_seed_demo(&srv) ? 0 : -1;
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

/* A PO line received and not billed yet, at least @a min units open. */
struct po_line {
  char supplier[40], po[40], sku[80], currency[8];
  double cost;
  long open;
};

/* The @a nth such line (by id) of the demo business. */
static void
open_line(long min, unsigned nth, struct po_line *l)
{
  char sql[900], row[300];
  snprintf(sql, sizeof sql,
           "SELECT s.code || ' ' || o.number || ' ' || k.code || ' ' ||"
           " o.currency || ' ' || p.unit_cost || ' ' || (p.received_qty -"
           " coalesce((SELECT sum(x.qty) FROM supplier_bill_line x WHERE"
           " x.po_line_id = p.id), 0)) FROM po_line p JOIN purchase_order o"
           " ON o.id = p.po_id JOIN supplier s ON s.id = o.supplier_id JOIN"
           " sku k ON k.id = p.sku_id WHERE p.unit_cost > 0 AND"
           " p.received_qty - coalesce((SELECT sum(x.qty) FROM"
           " supplier_bill_line x WHERE x.po_line_id = p.id), 0) >= %ld"
           " ORDER BY p.id OFFSET %u LIMIT 1",
           min, nth);
  assert_true(api_sql_text(&srv, sql, row, sizeof row));
  assert_int_equal(sscanf(row, "%39s %39s %79s %7s %lf %ld", l->supplier, l->po,
                          l->sku, l->currency, &l->cost, &l->open),
                   6);
}

/* Posts bill @a number of line @a l: @a qty units at @a cost, with tax;
 * expects @a status; the reply. */
static json_t *
post_bill(const struct po_line *l, const char *number, long qty, double cost,
          const char *key, long status)
{
  char body[900];
  snprintf(body, sizeof body,
           "{\"supplier\":\"%s\",\"number\":\"%s\",\"date\":\"2026-11-20\","
           "\"due_date\":\"2026-12-20\",\"currency\":\"%s\",\"lines\":[{"
           "\"purchase_order\":\"%s\",\"sku\":\"%s\",\"qty\":%ld,"
           "\"unit_cost\":\"%.4f\"}],\"freight\":\"12.00\",\"tax\":\"5.20\","
           "\"idempotency_key\":\"%s\"}",
           l->supplier, number, l->currency, l->po, l->sku, qty, cost, key);
  return api_step(&srv, "POST", "/api/v1/supplier-bills", body, status);
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

/* Entries whose debits differ from their credits, and the API's trial
 * balance total (zero when the ledger balances). */
static void
assert_ledger_balances(void)
{
  assert_int_equal(
      sql_int("SELECT count(*) FROM (SELECT entry_id FROM fin_line GROUP BY 1"
              " HAVING sum(debit) <> sum(credit)) x"),
      0);
  json_t *tb =
      api_step(&srv, "GET", "/api/v1/finance/trial-balance", NULL, 200);
  json_t *rows = json_object_get(tb, "rows");
  json_t *total = json_array_get(rows, json_array_size(rows) - 1);
  assert_string_equal(str(total, "account"), "");
  assert_true(num(total, "balance") == 0);
  json_decref(tb);
}

/* The sum of account @a acct's debits minus credits in entry @a entry. */
static double
entry_net(int64_t entry, const char *acct)
{
  char sql[200], out[64];
  snprintf(sql, sizeof sql,
           "SELECT coalesce(sum(debit - credit), 0) FROM fin_line WHERE"
           " entry_id = %lld AND account = '%s'",
           (long long)entry, acct);
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtod(out, NULL);
}

static void
a_bill_ten_percent_over_the_po_price_is_held_until_overridden(void **state)
{
  (void)state;
  api_step_ok(&srv, "PATCH", "/api/v1/finance/settings",
              "{\"bill_price_tolerance_pct\":\"2\",\"bill_qty_tolerance\":0}",
              200);
  json_t *fin = api_step(&srv, "GET", "/api/v1/finance", NULL, 200);
  assert_true(num(json_object_get(fin, "bill_tolerance"), "price_pct") == 2);
  json_decref(fin);
  struct po_line l;
  open_line(2, 0, &l);
  json_t *b = post_bill(&l, "T-HOLD-1", 2, l.cost * 1.10, "ap-hold-1", 201);
  assert_string_equal(str(b, "status"), "on_hold");
  assert_true(json_is_true(json_object_get(b, "mismatched")));
  json_t *line = json_array_get(json_object_get(b, "lines"), 0);
  json_t *d = json_array_get(json_object_get(line, "differences"), 0);
  assert_string_equal(str(d, "kind"), "price");
  assert_true(num(d, "diff_pct") > 9.9 && num(d, "diff_pct") < 10.1);
  int64_t id = json_integer_value(json_object_get(b, "id"));
  json_decref(b);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/supplier-bills/%lld/approve",
           (long long)id);
  api_step_code(&srv, "POST", path, NULL, 409, "bill_on_hold");
  api_step_code(&srv, "POST", path, "{\"override\":true}", 422,
                "missing_field");
  /* Refusals post nothing. */
  snprintf(path, sizeof path,
           "SELECT count(*) FROM fin_entry WHERE source_kind = 'bill' AND"
           " source_id = %lld",
           (long long)id);
  assert_int_equal(sql_int(path), 0);
  snprintf(path, sizeof path, "/api/v1/supplier-bills/%lld/approve",
           (long long)id);
  b = api_step(&srv, "POST", path,
               "{\"override\":true,\"reason\":\"价格已与供应商确认\"}", 200);
  assert_string_equal(str(b, "status"), "approved");
  assert_string_equal(str(b, "override_reason"), "价格已与供应商确认");
  int64_t entry = json_integer_value(json_object_get(b, "voucher_no"));
  double total = num(b, "total");
  json_decref(b);
  /* The receipts' accrual for the 2 units cleared at the PO cost; the
   * 10 % and the freight to 1404 (cost variance); the VAT to 2221; cost
   * of goods untouched. */
  double accrual = (double)(long long)(2 * l.cost * 100 + 0.5) / 100;
  assert_true(entry_net(entry, "2202") + total - accrual < 0.005 &&
              entry_net(entry, "2202") + total - accrual > -0.005);
  assert_true(entry_net(entry, "2221") == 5.20);
  assert_true(entry_net(entry, "1404") > 12.0);
  assert_true(entry_net(entry, "6401") == 0);
  assert_ledger_balances();
  /* Approving again answers the bill again and posts nothing more. */
  api_step_ok(&srv, "POST", path, NULL, 200);
  snprintf(path, sizeof path,
           "SELECT count(*) FROM fin_entry WHERE source_kind = 'bill' AND"
           " source_id = %lld",
           (long long)id);
  assert_int_equal(sql_int(path), 1);
}

static void
payments_are_partial_idempotent_and_never_exceed_the_balance(void **state)
{
  (void)state;
  struct po_line l;
  open_line(3, 0, &l);
  json_t *b = post_bill(&l, "T-PAY-1", 3, l.cost, "ap-pay-1", 201);
  assert_string_equal(str(b, "status"), "matched");
  int64_t id = json_integer_value(json_object_get(b, "id"));
  double total = num(b, "total");
  json_decref(b);
  char path[96], body[300];
  snprintf(path, sizeof path, "/api/v1/supplier-bills/%lld/payments",
           (long long)id);
  api_step_code(&srv, "POST", path, "{\"amount\":\"1.00\"}", 409,
                "bill_not_approved");
  snprintf(body, sizeof body, "/api/v1/supplier-bills/%lld/approve",
           (long long)id);
  api_step_ok(&srv, "POST", body, NULL, 200);
  snprintf(body, sizeof body, "{\"amount\":\"%.2f\"}", total + 0.01);
  api_step_code(&srv, "POST", path, body, 422, "bill_overpaid");
  const char *first = "{\"amount\":\"10.00\",\"date\":\"2026-11-25\","
                      "\"method\":\"bank_transfer\",\"reference\":\"TT-1\","
                      "\"idempotency_key\":\"ap-pay-1-a\"}";
  b = api_step(&srv, "POST", path, first, 201);
  assert_string_equal(str(b, "status"), "approved");
  assert_true(num(b, "paid") == 10.0);
  json_t *p = json_array_get(json_object_get(b, "payments"), 0);
  int64_t entry = json_integer_value(json_object_get(p, "voucher_no"));
  json_decref(b);
  assert_true(entry_net(entry, "2202") == 10.0);
  assert_true(entry_net(entry, "1002") == -10.0);
  /* A retry answers the first payment and pays nothing more. */
  b = api_step(&srv, "POST", path, first, 200);
  assert_true(num(b, "paid") == 10.0);
  json_decref(b);
  api_step_code(&srv, "POST", path,
                "{\"amount\":\"11.00\",\"idempotency_key\":\"ap-pay-1-a\"}",
                409, "idempotency_conflict");
  snprintf(body, sizeof body, "{\"amount\":\"%.2f\",\"method\":\"cash\"}",
           total - 10.0);
  b = api_step(&srv, "POST", path, body, 201);
  assert_string_equal(str(b, "status"), "paid");
  assert_true(num(b, "balance") == 0);
  json_decref(b);
  api_step_code(&srv, "POST", path, "{\"amount\":\"0.01\"}", 422,
                "bill_overpaid");
  assert_ledger_balances();
}

static void
the_match_refuses_duplicates_other_suppliers_and_unreceived_units(void **state)
{
  (void)state;
  struct po_line l;
  open_line(1, 1, &l);
  json_t *b = post_bill(&l, "T-QTY-1", l.open + 5, l.cost, "ap-qty-1", 201);
  assert_string_equal(str(b, "status"), "on_hold");
  json_t *line = json_array_get(json_object_get(b, "lines"), 0);
  json_t *d = json_array_get(json_object_get(line, "differences"), 0);
  assert_string_equal(str(d, "kind"), "qty");
  assert_int_equal(json_integer_value(json_object_get(d, "diff")), 5);
  json_decref(b);
  /* The same key and body answers the same bill; the same number under
   * another key is a duplicate. */
  b = post_bill(&l, "T-QTY-1", l.open + 5, l.cost, "ap-qty-1", 200);
  json_decref(b);
  b = post_bill(&l, "T-QTY-1", 1, l.cost, "ap-qty-2", 409);
  assert_string_equal(api_json_error_code(b), "bill_duplicate");
  json_decref(b);
  char other[40];
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT min(s.code) FROM supplier s WHERE s.id <> (SELECT"
           " supplier_id FROM purchase_order WHERE number = '%s')",
           l.po);
  assert_true(api_sql_text(&srv, sql, other, sizeof other));
  struct po_line wrong = l;
  snprintf(wrong.supplier, sizeof wrong.supplier, "%s", other);
  b = post_bill(&wrong, "T-OTHER-1", 1, l.cost, "ap-other-1", 422);
  assert_string_equal(api_json_error_code(b), "bill_po_supplier");
  json_decref(b);
  struct po_line nosku = l;
  snprintf(nosku.sku, sizeof nosku.sku, "NO-SUCH-SKU");
  b = post_bill(&nosku, "T-NOSKU-1", 1, l.cost, "ap-nosku-1", 422);
  assert_string_equal(api_json_error_code(b), "sku_not_on_po");
  json_decref(b);
  assert_int_equal(sql_int("SELECT count(*) FROM supplier_bill WHERE number"
                           " IN ('T-OTHER-1', 'T-NOSKU-1')"),
                   0);
}

static void
lists_aging_and_statements_read_and_export(void **state)
{
  (void)state;
  json_t *p =
      api_step(&srv, "GET", "/api/v1/supplier-bills?limit=1", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(p, "items")), 1);
  const char *next = str(p, "next");
  assert_non_null(next);
  char path[200];
  snprintf(path, sizeof path, "/api/v1/supplier-bills?limit=1&cursor=%s", next);
  int64_t first = json_integer_value(
      json_object_get(json_array_get(json_object_get(p, "items"), 0), "id"));
  json_decref(p);
  p = api_step(&srv, "GET", path, NULL, 200);
  assert_true(json_integer_value(json_object_get(
                  json_array_get(json_object_get(p, "items"), 0), "id")) <
              first);
  json_decref(p);
  p = api_step(&srv, "GET", "/api/v1/supplier-bills?status=on_hold", NULL, 200);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(p, "items"), i, x)
  {
    assert_string_equal(str(x, "status"), "on_hold");
  }
  assert_true(json_array_size(json_object_get(p, "items")) >= 1);
  json_decref(p);
  api_step_code(&srv, "GET", "/api/v1/supplier-bills?status=late", NULL, 400,
                "bad_query_param");
  api_step_code(&srv, "GET", "/api/v1/supplier-bills/999999999", NULL, 404,
                "not_found");
  /* Aging: what the approved, unpaid bills owe, per supplier. */
  p = api_step(&srv, "GET", "/api/v1/finance/payables-aging?at=2026-12-31",
               NULL, 200);
  double aged = 0;
  json_array_foreach(json_object_get(p, "rows"), i, x)
  {
    aged += num(x, "total");
    assert_true(num(x, "d0_30") + num(x, "d31_60") + num(x, "d61_90") +
                    num(x, "d90_plus") - num(x, "total") <
                0.005);
  }
  json_decref(p);
  char out[64];
  assert_true(api_sql_text(
      &srv,
      "SELECT coalesce(sum(total - coalesce((SELECT sum(amount) FROM"
      " supplier_bill_payment y WHERE y.bill_id = b.id AND y.day <="
      " '2026-12-31'), 0)), 0) FROM supplier_bill b WHERE status IN"
      " ('approved', 'paid') AND day <= '2026-12-31'",
      out, sizeof out));
  assert_true(aged - strtod(out, NULL) < 0.005 &&
              strtod(out, NULL) - aged < 0.005);
  struct api_reply r = {0};
  assert_true(api_json(&srv, "GET", "/api/v1/finance/payables-aging?format=csv",
                       NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "supplier,supplier_name,currency,d0_30"));
  api_reply_clear(&r);
  /* The statement of the supplier of the paid bill: bill, payments and
   * a running balance back to what is still owed. */
  char code[40];
  assert_true(api_sql_text(&srv,
                           "SELECT s.code FROM supplier_bill b JOIN supplier"
                           " s ON s.id = b.supplier_id WHERE b.number ="
                           " 'T-PAY-1'",
                           code, sizeof code));
  snprintf(path, sizeof path,
           "/api/v1/suppliers/%s/statement?from=2026-11-01&to=2026-12-31",
           code);
  p = api_step(&srv, "GET", path, NULL, 200);
  int bills = 0, pays = 0;
  json_array_foreach(json_object_get(p, "rows"), i, x)
  {
    bills += strcmp(str(x, "kind"), "bill") == 0;
    pays += strcmp(str(x, "kind"), "payment") == 0;
  }
  assert_true(bills >= 1 && pays >= 2);
  json_decref(p);
  snprintf(path, sizeof path,
           "/api/v1/suppliers/%s/statement?from=2026-11-01&to=2026-12-31"
           "&format=xlsx",
           code);
  assert_true(api_json(&srv, "GET", path, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_true(r.body_len > 100 && memcmp(r.body, "PK", 2) == 0);
  api_reply_clear(&r);
  /* Payables are finance's: the back office may not read them. */
  assert_true(api_add_user(&srv, "ap_office", "back_office", NULL,
                           "payables password"));
  struct api_server office = srv;
  assert_int_equal(
      api_login(&srv, "ap_office", "payables password", office.token, NULL),
      200);
  api_step_code(&office, "GET", "/api/v1/supplier-bills", NULL, 403,
                "forbidden");
  api_step_code(&office, "GET", "/api/v1/finance/payables-aging", NULL, 403,
                "forbidden");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          a_bill_ten_percent_over_the_po_price_is_held_until_overridden),
      cmocka_unit_test(
          payments_are_partial_idempotent_and_never_exceed_the_balance),
      cmocka_unit_test(
          the_match_refuses_duplicates_other_suppliers_and_unreceived_units),
      cmocka_unit_test(lists_aging_and_statements_read_and_export),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
