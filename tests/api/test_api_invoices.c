/*
 * Sales invoices and credit notes (发票 / 红字发票, issue 22 item 3) on the
 * demo business: VAT per line, half-up to the cent, on awkward amounts
 * with prices with and without VAT, the totals the sums of the lines and
 * the VAT the one the shipment posted to 2221 (an invoice posts nothing);
 * a special invoice refused without a valid taxpayer id, changing no row;
 * one live invoice per order; the number series per store and year with
 * no gap and no duplicate under concurrent issues; the database refusing
 * any change of an issued invoice (invoice_immutable); credit notes by
 * lines never beyond what is left, also when two race; a refund recorded
 * on an invoiced order making its credit note; the invoice at shipment
 * when the store says so; list, filters, pages and export; the PDF in
 * both languages; and who may read and issue.
 */
#include "api_harness.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

enum { RACERS = 12 };

static struct api_server srv;

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

static void
sql_ok(const char *sql)
{
  assert_true(api_sql_text(&srv, sql, NULL, 0));
}

/* An order @a ext of store @a store in state @a state with lines @a lines
 * ("(sku code, qty, unit price), ...") and shipping @a shipping; its id. */
static int64_t
order(const char *store, const char *ext, const char *state, const char *lines,
      const char *shipping)
{
  char sql[2000];
  snprintf(sql, sizeof sql,
           "WITH o AS (INSERT INTO sales_order (store_id, external_id,"
           " warehouse_id, state, currency, shipping_amount, total, ship_to,"
           " content_hash) SELECT s.id, '%s', s.warehouse_id, '%s', 'CNY', %s,"
           " 0, '{\"name\":\"测试\",\"country_code\":\"CN\"}'::jsonb,"
           " md5('%s') FROM store s WHERE s.code = '%s' RETURNING id),"
           " l AS (INSERT INTO order_line (order_id, line_no, sku_id,"
           " sku_code, name, qty, unit_price) SELECT o.id, v.n, k.id, k.code,"
           " k.name, v.q, v.p FROM o, (SELECT row_number() OVER () AS n, c, q,"
           " p FROM (VALUES %s) x (c, q, p)) v JOIN sku k ON k.code = v.c)"
           " SELECT id FROM o",
           ext, state, shipping, ext, store, lines);
  return sql_int(sql);
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_invoices", false, NULL) ||
      !api_seed_demo(&srv))
    return -1;
  /* Three products of their own categories: 13 % (the default), 9 % and
   * 6 %, set through the API below. */
  return api_sql_text(&srv,
                      "INSERT INTO sku (code, name, category) VALUES"
                      " ('INV-A', '测试瓷碗', 'inv-bowls'),"
                      " ('INV-B', '测试图书', 'inv-books'),"
                      " ('INV-C', '测试服务', 'inv-services')",
                      NULL, 0)
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Member @a k of line @a i of document @a d as a string of its number. */
static const char *
line_num(const json_t *d, size_t i, const char *k)
{
  static char buf[8][32];
  static int n;
  const json_t *v =
      json_object_get(json_array_get(json_object_get(d, "lines"), i), k);
  char *b = buf[n++ % 8];
  snprintf(b, 32, "%.2f", json_number_value(v));
  return b;
}

static const char *
total(const json_t *d, const char *k)
{
  static char buf[4][32];
  static int n;
  char *b = buf[n++ % 4];
  snprintf(b, 32, "%.2f",
           json_number_value(json_object_get(json_object_get(d, "totals"), k)));
  return b;
}

static json_t *
issue(int64_t id, const char *body, long status)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/invoices", (long long)id);
  return api_step(&srv, "POST", path, body, status);
}

static void
tax_is_per_line_half_up_and_equals_what_shipping_posted(void **state)
{
  (void)state;
  api_step_ok(&srv, "PATCH", "/api/v1/finance/tax",
              "{\"rates\":[{\"category\":\"inv-books\",\"rate\":\"0.09\"},"
              "{\"category\":\"inv-services\",\"rate\":\"0.06\"}],"
              "\"stores\":[{\"store\":\"JD\",\"prices_include_tax\":false}]}",
              200);
  api_step_code(&srv, "PATCH", "/api/v1/finance/tax",
                "{\"rates\":[{\"category\":\"x\",\"rate\":\"1.5\"}]}", 422,
                "out_of_range");
  json_t *tx = api_step(&srv, "GET", "/api/v1/finance/tax", NULL, 200);
  assert_true(json_array_size(json_object_get(tx, "rates")) >= 2);
  json_decref(tx);

  /* With VAT (TMALL): 3 x 33.33 = 99.99 at 13 % is net 88.49 (99.99 /
   * 1.13 = 88.486), VAT 11.50; 7 x 1.15 = 8.05 at 9 % net 7.39 (7.385),
   * VAT 0.66; 0.05 at 6 % net 0.05 (0.0472), VAT 0.00; shipping 10.00 at
   * 13 % net 8.85, VAT 1.15. */
  int64_t a = order("TMALL", "INV-T-1", "allocated",
                    "('INV-A', 3, 33.33), ('INV-B', 7, 1.15),"
                    " ('INV-C', 1, 0.05)",
                    "10.00");
  int64_t entries = sql_int("SELECT count(*) FROM fin_entry");
  json_t *d = issue(a,
                    "{\"buyer_title\":\"株洲瓷业有限公司\",\"type\":\"normal\","
                    "\"idempotency_key\":\"inv-t-1\"}",
                    201);
  assert_string_equal(json_string_value(json_object_get(d, "state")), "issued");
  assert_int_equal(json_array_size(json_object_get(d, "lines")), 4);
  assert_string_equal(line_num(d, 0, "net"), "88.49");
  assert_string_equal(line_num(d, 0, "tax"), "11.50");
  assert_string_equal(line_num(d, 1, "net"), "7.39");
  assert_string_equal(line_num(d, 1, "tax"), "0.66");
  assert_string_equal(line_num(d, 2, "net"), "0.05");
  assert_string_equal(line_num(d, 2, "tax"), "0.00");
  assert_string_equal(line_num(d, 3, "net"), "8.85");
  assert_string_equal(line_num(d, 3, "tax"), "1.15");
  assert_string_equal(total(d, "net"), "104.78");
  assert_string_equal(total(d, "tax"), "13.31");
  assert_string_equal(total(d, "gross"), "118.09");
  /* An invoice posts nothing: the VAT is on 2221 from the shipment. */
  assert_int_equal(sql_int("SELECT count(*) FROM fin_entry"), entries);
  json_decref(d);
  /* The same key again is the first answer. */
  d = issue(a,
            "{\"buyer_title\":\"株洲瓷业有限公司\",\"type\":\"normal\","
            "\"idempotency_key\":\"inv-t-1\"}",
            200);
  assert_true(json_is_true(json_object_get(d, "replayed")));
  json_decref(d);

  /* Without VAT (JD): 0.50 at 13 % is VAT 0.065, half-up 0.07 (half-even
   * would say 0.06); 3 x 0.50 = 1.50 is 0.195 -> 0.20. The total VAT is
   * 0.27, the sum of the lines, not round(2.00 x 0.13) = 0.26. */
  int64_t b = order("JD", "INV-J-1", "allocated",
                    "('INV-A', 1, 0.50), ('INV-A', 3, 0.50)", "0");
  d = issue(b, "{\"buyer_title\":\"个人\"}", 201);
  assert_string_equal(line_num(d, 0, "tax"), "0.07");
  assert_string_equal(line_num(d, 1, "tax"), "0.20");
  assert_string_equal(total(d, "net"), "2.00");
  assert_string_equal(total(d, "tax"), "0.27");
  assert_string_equal(total(d, "gross"), "2.27");
  json_decref(d);

  /* The shipment of a one-rate order posts to 2221 what its invoice says:
   * 2 x 49.99 + 3 x 19.90 + shipping 8.00 at 13 %. */
  int64_t c = order("TMALL", "INV-T-2", "allocated",
                    "('INV-A', 2, 49.99), ('INV-A', 3, 19.90)", "8.00");
  d = issue(c, "{\"buyer_title\":\"个人\"}", 201);
  char sql[900];
  snprintf(sql, sizeof sql,
           "WITH sh AS (INSERT INTO shipment (order_id, warehouse_id, state,"
           " track_token) SELECT id, warehouse_id, 'shipped', "
           "'inv-test-token-0000000001' FROM sales_order WHERE id = %lld"
           " RETURNING id, order_id, warehouse_id)"
           " INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id,"
           " sku_id, qty, unit_price, unit_cost, shipped_at)"
           " SELECT sh.id, sh.order_id, sh.warehouse_id, l.sku_id, l.qty,"
           " l.unit_price, 0, now() FROM sh JOIN order_line l ON l.order_id ="
           " sh.order_id ORDER BY l.line_no",
           (long long)c);
  sql_ok(sql);
  snprintf(sql, sizeof sql,
           "SELECT to_char(sum(credit - debit), 'FM999990.00') FROM fin_line"
           " WHERE account = '2221' AND order_id = %lld",
           (long long)c);
  char posted[32];
  assert_true(api_sql_text(&srv, sql, posted, sizeof posted));
  assert_string_equal(posted, total(d, "tax"));
  json_decref(d);
}

static void
special_needs_a_valid_tax_id_and_a_refusal_writes_nothing(void **state)
{
  (void)state;
  int64_t a =
      order("TMALL", "INV-T-3", "allocated", "('INV-A', 1, 100.00)", "0");
  int64_t before = sql_int("SELECT count(*) FROM invoice");
  int64_t series = sql_int("SELECT coalesce(sum(last_no), 0) FROM"
                           " invoice_series");
  json_t *j = issue(
      a, "{\"buyer_title\":\"株洲瓷业有限公司\",\"type\":\"special\"}", 422);
  assert_string_equal(api_json_error_code(j), "invoice_tax_id_required");
  json_decref(j);
  j = issue(a,
            "{\"buyer_title\":\"株洲瓷业有限公司\",\"type\":\"special\","
            "\"buyer_tax_id\":\"91430200-ABC\"}",
            422);
  assert_string_equal(api_json_error_code(j), "invoice_tax_id_invalid");
  json_decref(j);
  assert_int_equal(sql_int("SELECT count(*) FROM invoice"), before);
  assert_int_equal(
      sql_int("SELECT coalesce(sum(last_no), 0) FROM invoice_series"), series);
  /* A unified social credit code (18) is fine, lower case is upper-cased. */
  j = issue(a,
            "{\"buyer_title\":\"株洲瓷业有限公司\",\"type\":\"special\","
            "\"buyer_tax_id\":\"91430200mA4l1x2y3k\",\"email\":"
            "\"fp@example.com\"}",
            201);
  assert_string_equal(json_string_value(json_object_get(j, "buyer_tax_id")),
                      "91430200MA4L1X2Y3K");
  assert_string_equal(json_string_value(json_object_get(j, "type")), "special");
  json_decref(j);
  /* One live invoice per order. */
  j = issue(a, "{\"buyer_title\":\"另一家公司\"}", 409);
  assert_string_equal(api_json_error_code(j), "invoice_exists");
  json_decref(j);
  int64_t x = order("TMALL", "INV-T-4", "cancelled", "('INV-A', 1, 1.00)", "0");
  j = issue(x, "{\"buyer_title\":\"个人\"}", 409);
  assert_string_equal(api_json_error_code(j), "invoice_order_state");
  json_decref(j);
  j = issue(x, "{\"buyer_title\":\"   \"}", 422);
  assert_string_equal(api_json_error_code(j), "missing_field");
  json_decref(j);
  api_step_code(&srv, "POST", "/api/v1/orders/999999999/invoices",
                "{\"buyer_title\":\"个人\"}", 404, "not_found");
}

struct racer {
  char path[96], body[200];
  pthread_barrier_t *start;
  struct api_reply reply;
};

static void *
race_one(void *arg)
{
  struct racer *r = arg;
  pthread_barrier_wait(r->start);
  assert_true(api_json(&srv, "POST", r->path, r->body, &r->reply));
  return NULL;
}

/* Sends the racers' requests at once; the number of 201 answers. */
static int
race(struct racer *rs, int n)
{
  pthread_t t[RACERS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, (unsigned)n);
  for (int i = 0; i < n; i++) {
    rs[i].start = &start;
    pthread_create(&t[i], NULL, race_one, &rs[i]);
  }
  int created = 0;
  for (int i = 0; i < n; i++) {
    pthread_join(t[i], NULL);
    created += rs[i].reply.status == 201;
  }
  pthread_barrier_destroy(&start);
  return created;
}

static void
the_series_has_no_gap_and_no_duplicate_under_concurrent_issues(void **state)
{
  (void)state;
  static struct racer rs[RACERS];
  for (int i = 0; i < RACERS; i++) {
    char ext[32];
    snprintf(ext, sizeof ext, "INV-P-%d", i);
    int64_t id = order("PDD", ext, "allocated", "('INV-A', 1, 9.90)", "0");
    snprintf(rs[i].path, sizeof rs[i].path, "/api/v1/orders/%lld/invoices",
             (long long)id);
    snprintf(rs[i].body, sizeof rs[i].body, "{\"buyer_title\":\"个人\"}");
  }
  assert_int_equal(race(rs, RACERS), RACERS);
  for (int i = 0; i < RACERS; i++)
    api_reply_clear(&rs[i].reply);
  /* PDD's numbers this year: 1..n, each once. */
  assert_int_equal(
      sql_int("SELECT count(*) FILTER (WHERE ok) FROM (SELECT"
              " count(*) = count(DISTINCT seq) AND min(seq) = 1 AND max(seq) ="
              " count(*) AS ok FROM invoice i JOIN store s ON s.id ="
              " i.store_id WHERE s.code = 'PDD' AND i.kind = 'invoice' AND"
              " i.year = extract(year FROM current_date)) x"),
      1);
  assert_int_equal(sql_int("SELECT last_no FROM invoice_series v JOIN store s"
                           " ON s.id = v.store_id WHERE s.code = 'PDD' AND"
                           " v.kind = 'invoice' AND v.year = extract(year FROM"
                           " current_date)"),
                   sql_int("SELECT count(*) FROM invoice i JOIN store s ON"
                           " s.id = i.store_id WHERE s.code = 'PDD' AND"
                           " i.kind = 'invoice' AND i.year = extract(year FROM"
                           " current_date)"));
  /* Racers on one order: exactly one invoice. */
  int64_t one =
      order("PDD", "INV-P-ONE", "allocated", "('INV-A', 1, 9.90)", "0");
  for (int i = 0; i < RACERS; i++) {
    snprintf(rs[i].path, sizeof rs[i].path, "/api/v1/orders/%lld/invoices",
             (long long)one);
    snprintf(rs[i].body, sizeof rs[i].body, "{\"buyer_title\":\"个人\"}");
  }
  assert_int_equal(race(rs, RACERS), 1);
  for (int i = 0; i < RACERS; i++) {
    if (rs[i].reply.status != 201) {
      assert_int_equal(rs[i].reply.status, 409);
      assert_string_equal(api_error_code(&rs[i].reply), "invoice_exists");
    }
    api_reply_clear(&rs[i].reply);
  }
}

static void
an_issued_invoice_never_changes(void **state)
{
  (void)state;
  int64_t id = sql_int("SELECT min(id) FROM invoice WHERE buyer_title ="
                       " '株洲瓷业有限公司'");
  char sql[200];
  snprintf(sql, sizeof sql,
           "UPDATE invoice SET buyer_title = 'x' WHERE id = %lld",
           (long long)id);
  assert_false(api_sql_text(&srv, sql, NULL, 0));
  snprintf(sql, sizeof sql, "DELETE FROM invoice_line WHERE invoice_id = %lld",
           (long long)id);
  assert_false(api_sql_text(&srv, sql, NULL, 0));
  snprintf(sql, sizeof sql,
           "UPDATE invoice_line SET tax = tax + 0.01, gross = gross + 0.01"
           " WHERE invoice_id = %lld",
           (long long)id);
  assert_false(api_sql_text(&srv, sql, NULL, 0));
  /* The refusal names the code: SQLSTATE DP400, HINT invoice_immutable. */
  char do_sql[400];
  snprintf(do_sql, sizeof do_sql,
           "DO $$ DECLARE h text; BEGIN UPDATE invoice SET reason = 'x' WHERE"
           " id = %lld; RAISE 'not refused'; EXCEPTION WHEN SQLSTATE 'DP400'"
           " THEN GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT; IF h <>"
           " 'invoice_immutable' THEN RAISE 'hint %%', h; END IF; END $$",
           (long long)id);
  assert_true(api_sql_text(&srv, do_sql, NULL, 0));
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM invoice WHERE id = %lld AND buyer_title ="
           " '株洲瓷业有限公司' AND reason = ''",
           (long long)id);
  assert_int_equal(sql_int(sql), 1);
}

static json_t *
credit(int64_t inv, const char *body, long status)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/invoices/%lld/credit-notes",
           (long long)inv);
  return api_step(&srv, "POST", path, body, status);
}

static void
credit_notes_never_take_back_more_than_is_left(void **state)
{
  (void)state;
  int64_t o = order("TMALL", "INV-T-5", "allocated",
                    "('INV-A', 3, 33.33), ('INV-B', 2, 10.00)", "5.00");
  json_t *d = issue(o, "{\"buyer_title\":\"个人\"}", 201);
  int64_t inv = json_integer_value(json_object_get(d, "id"));
  json_decref(d);
  json_t *j = credit(inv, "{\"lines\":[{\"sku\":\"INV-A\",\"qty\":4}]}", 409);
  assert_string_equal(api_json_error_code(j), "credit_exceeds_invoiced");
  assert_non_null(strstr(json_string_value(json_object_get(
                             json_object_get(j, "error"), "message")),
                         "at most 3 of INV-A"));
  json_decref(j);
  j = credit(inv, "{\"lines\":[{\"sku\":\"INV-X\",\"qty\":1}]}", 422);
  assert_string_equal(api_json_error_code(j), "credit_not_invoiced");
  json_decref(j);
  /* One unit: 33.33 at 13 % is net 29.50, VAT 3.83. */
  j = credit(inv,
             "{\"lines\":[{\"sku\":\"INV-A\",\"qty\":1}],\"reason\":\"破损\","
             "\"idempotency_key\":\"cn-1\"}",
             201);
  assert_string_equal(json_string_value(json_object_get(j, "kind")),
                      "credit_note");
  assert_non_null(
      strstr(json_string_value(json_object_get(j, "number")), "CN-TMALL-"));
  assert_string_equal(total(j, "gross"), "33.33");
  assert_string_equal(total(j, "tax"), "3.83");
  json_decref(j);
  /* Two racers for the last two units: one wins. */
  static struct racer rs[2];
  for (int i = 0; i < 2; i++) {
    snprintf(rs[i].path, sizeof rs[i].path,
             "/api/v1/invoices/%lld/credit-notes", (long long)inv);
    snprintf(rs[i].body, sizeof rs[i].body,
             "{\"lines\":[{\"sku\":\"INV-A\",\"qty\":2}]}");
  }
  assert_int_equal(race(rs, 2), 1);
  for (int i = 0; i < 2; i++) {
    if (rs[i].reply.status != 201)
      assert_string_equal(api_error_code(&rs[i].reply),
                          "credit_exceeds_invoiced");
    api_reply_clear(&rs[i].reply);
  }
  /* The rest of the line is exactly what was left: 99.99 in all. */
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT to_char(sum(l.gross), 'FM9990.00') || ' ' || sum(l.qty)"
           " FROM invoice_line l JOIN invoice c ON c.id = l.invoice_id WHERE"
           " c.credit_of = %lld AND l.sku_code = 'INV-A'",
           (long long)inv);
  char got[40];
  assert_true(api_sql_text(&srv, sql, got, sizeof got));
  assert_string_equal(got, "99.99 3");
  /* Everything left (no lines): the other line and shipping; then
   * nothing is left and the order may be invoiced again. */
  j = credit(inv, "{\"reason\":\"抬头错误\"}", 201);
  assert_string_equal(total(j, "gross"), "25.00");
  json_decref(j);
  j = credit(inv, "{}", 409);
  assert_string_equal(api_json_error_code(j), "credit_exceeds_invoiced");
  json_decref(j);
  d = issue(o, "{\"buyer_title\":\"株洲瓷业有限公司\"}", 201);
  json_decref(d);
}

/* A shipped, invoiced order of TMALL with an RMA of one INV-A; the RMA. */
static int64_t
shipped_invoiced_rma(int64_t *inv)
{
  int64_t o = order("TMALL", "INV-T-6", "shipped",
                    "('INV-A', 2, 50.00), ('INV-B', 1, 20.00)", "6.00");
  json_t *d = issue(o, "{\"buyer_title\":\"个人\"}", 201);
  *inv = json_integer_value(json_object_get(d, "id"));
  json_decref(d);
  char body[300];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"INV-A\",\"qty\":1,"
           "\"reason\":\"quality_defect\"}],\"resolution\":\"refund\","
           "\"idempotency_key\":\"inv-rma-1\"}",
           (long long)o);
  json_t *j = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  int64_t id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  return id;
}

static void
a_refund_of_an_invoiced_order_makes_its_credit_note(void **state)
{
  (void)state;
  int64_t inv;
  int64_t rma = shipped_invoiced_rma(&inv);
  char path[96], sql[300];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/refund", (long long)rma);
  api_step_ok(&srv, "POST", path,
              "{\"amount\":\"50.00\",\"shipping_refund\":\"6.00\","
              "\"method\":\"original\"}",
              200);
  snprintf(sql, sizeof sql,
           "SELECT id FROM invoice WHERE credit_of = %lld AND refund_id IS NOT"
           " NULL",
           (long long)inv);
  int64_t cn = sql_int(sql);
  snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)cn);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  assert_string_equal(total(j, "gross"), "56.00");
  /* 50.00 of INV-A at 13 %: net 44.25, VAT 5.75; shipping 6.00: 5.31,
   * 0.69. */
  assert_string_equal(total(j, "tax"), "6.44");
  assert_int_equal(json_integer_value(json_object_get(
                       json_array_get(json_object_get(j, "lines"), 0), "qty")),
                   1);
  int64_t refund = json_integer_value(json_object_get(j, "refund"));
  json_decref(j);
  /* That refund cannot be credited again. */
  char body[100];
  snprintf(body, sizeof body, "{\"refund\":%lld}", (long long)refund);
  j = credit(inv, body, 409);
  assert_string_equal(api_json_error_code(j), "credit_exceeds_invoiced");
  json_decref(j);
  j = credit(inv, "{\"refund\":999999999}", 422);
  assert_string_equal(api_json_error_code(j), "credit_refund_unknown");
  json_decref(j);
  /* The invoice shows it and what is left: 126.00 - 56.00. */
  snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)inv);
  j = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "credit_notes")), 1);
  char left[32];
  snprintf(
      left, sizeof left, "%.2f",
      json_number_value(json_object_get(json_object_get(j, "open"), "gross")));
  assert_string_equal(left, "70.00");
  json_decref(j);
}

static void
a_store_that_says_so_invoices_at_shipment(void **state)
{
  (void)state;
  api_step_ok(&srv, "PATCH", "/api/v1/finance/tax",
              "{\"stores\":[{\"store\":\"PDD\",\"auto_invoice\":true}]}", 200);
  int64_t o = order("PDD", "INV-P-AUTO", "packed", "('INV-A', 2, 12.34)", "0");
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM invoice WHERE order_id = %lld", (long long)o);
  assert_int_equal(sql_int(sql), 0);
  char upd[200];
  snprintf(upd, sizeof upd,
           "UPDATE sales_order SET state = 'shipped' WHERE id = %lld",
           (long long)o);
  sql_ok(upd);
  assert_int_equal(sql_int(sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM invoice WHERE order_id = %lld AND"
           " buyer_title = '个人' AND type = 'normal' AND gross = 24.68",
           (long long)o);
  assert_int_equal(sql_int(sql), 1);
  api_step_code(&srv, "PATCH", "/api/v1/finance/tax",
                "{\"stores\":[{\"store\":\"NOPE\",\"auto_invoice\":true}]}",
                404, "unknown_store");
  api_step_ok(&srv, "PATCH", "/api/v1/finance/tax",
              "{\"stores\":[{\"store\":\"PDD\",\"auto_invoice\":false}]}", 200);
}

static void
the_list_filters_pages_and_exports(void **state)
{
  (void)state;
  json_t *j = api_step(&srv, "GET", "/api/v1/invoices?kind=credit_note&limit=1",
                       NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  const char *next = json_string_value(json_object_get(j, "next"));
  assert_non_null(next);
  char path[200];
  snprintf(path, sizeof path,
           "/api/v1/invoices?kind=credit_note&limit=1&cursor=%s", next);
  json_t *k = api_step(&srv, "GET", path, NULL, 200);
  assert_true(json_integer_value(json_object_get(
                  json_array_get(json_object_get(k, "items"), 0), "id")) <
              json_integer_value(json_object_get(
                  json_array_get(json_object_get(j, "items"), 0), "id")));
  json_decref(k);
  json_decref(j);
  j = api_step(&srv, "GET", "/api/v1/invoices?q=INV-T-1&store=TMALL", NULL,
               200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  j = api_step(&srv, "GET", "/api/v1/invoices?type=special", NULL, 200);
  assert_true(json_array_size(json_object_get(j, "items")) >= 1);
  json_decref(j);
  api_step_code(&srv, "GET", "/api/v1/invoices?kind=receipt", NULL, 400,
                "bad_query_param");
  struct api_reply r = {0};
  assert_true(api_json(
      &srv, "GET", "/api/v1/invoices/export?store=TMALL&format=csv", NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "number"));
  assert_non_null(strstr(r.body, "INV-TMALL-"));
  api_reply_clear(&r);
}

static void
the_pdf_comes_in_both_languages(void **state)
{
  (void)state;
  int64_t id = sql_int("SELECT max(id) FROM invoice WHERE kind ="
                       " 'credit_note'");
  const char *langs[] = {"zh-CN", "en"};
  for (int i = 0; i < 2; i++) {
    char path[120];
    snprintf(path, sizeof path, "/api/v1/invoices/%lld/invoice.pdf?lang=%s",
             (long long)id, langs[i]);
    struct api_reply r = {0};
    assert_true(api_json(&srv, "GET", path, NULL, &r));
    assert_int_equal(r.status, 200);
    assert_true(r.body_len > 1000 && memcmp(r.body, "%PDF", 4) == 0);
    api_reply_clear(&r);
  }
  char path[120];
  snprintf(path, sizeof path, "/api/v1/invoices/%lld/invoice.pdf?lang=fr",
           (long long)id);
  api_step_code(&srv, "GET", path, NULL, 400, "bad_query_param");
  api_step_code(&srv, "GET", "/api/v1/invoices/999999999", NULL, 404,
                "not_found");
}

static void
finance_reads_and_issues_others_do_not(void **state)
{
  (void)state;
  assert_true(api_add_user(&srv, "inv_office", "back_office", NULL,
                           "invoice password"));
  assert_true(
      api_add_user(&srv, "inv_clerk", "finance", NULL, "invoice password"));
  struct api_server office = srv, clerk = srv;
  assert_int_equal(
      api_login(&srv, "inv_office", "invoice password", office.token, NULL),
      200);
  assert_int_equal(
      api_login(&srv, "inv_clerk", "invoice password", clerk.token, NULL), 200);
  int64_t o = order("TMALL", "INV-T-7", "allocated", "('INV-A', 1, 8.80)", "0");
  char path[80];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/invoices", (long long)o);
  api_step_code(&office, "GET", "/api/v1/invoices", NULL, 403, "forbidden");
  api_step_code(&office, "POST", path, "{\"buyer_title\":\"个人\"}", 403,
                "forbidden");
  json_t *j = api_step(&clerk, "POST", path, "{\"buyer_title\":\"个人\"}", 201);
  json_decref(j);
  api_step_ok(&clerk, "GET", "/api/v1/invoices", NULL, 200);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tax_is_per_line_half_up_and_equals_what_shipping_posted),
      cmocka_unit_test(
          special_needs_a_valid_tax_id_and_a_refusal_writes_nothing),
      cmocka_unit_test(
          the_series_has_no_gap_and_no_duplicate_under_concurrent_issues),
      cmocka_unit_test(an_issued_invoice_never_changes),
      cmocka_unit_test(credit_notes_never_take_back_more_than_is_left),
      cmocka_unit_test(a_refund_of_an_invoiced_order_makes_its_credit_note),
      cmocka_unit_test(a_store_that_says_so_invoices_at_shipment),
      cmocka_unit_test(the_list_filters_pages_and_exports),
      cmocka_unit_test(the_pdf_comes_in_both_languages),
      cmocka_unit_test(finance_reads_and_issues_others_do_not),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
