/*
 * Finance (issue 22) through the API on the demo business (a month of
 * receipts, orders shipped, returns restocked and refunded), with a
 * randomized round of adjustments, scrap-like losses, transfers and
 * bin moves on top: the trial balance sums to zero, the inventory account
 * equals the valuation report per warehouse and SKU to the cent, cost of
 * goods equals the shipped lines' costs; the database refuses an
 * unbalanced entry at commit and a posting into a closed month; the
 * journal pages by keyset and exports in the 用友/金蝶 layout; margins
 * show on an order to finance.read only.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_finance", false, NULL))
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

/* Warehouse x SKU pairs whose 1405 balance differs from the valuation
 * rollup (stock_flow_day) of the company's own goods by a cent or more:
 * 3PL clients' goods are in custody, not the company's inventory. */
static int64_t
inventory_mismatches(void)
{
  return sql_int(
      "SELECT count(*) FROM (SELECT warehouse_id, sku_id, round(sum(value),"
      " 2) AS v FROM stock_flow_day f JOIN sku s ON s.id = f.sku_id JOIN"
      " owners o ON o.id = s.owner_id WHERE o.is_default GROUP BY 1, 2) f"
      " FULL JOIN (SELECT warehouse_id, sku_id, round(sum(debit - credit),"
      " 2) AS v FROM fin_line WHERE account = '1405' GROUP BY 1, 2) l USING"
      " (warehouse_id, sku_id) WHERE coalesce(f.v, 0) <> coalesce(l.v, 0)");
}

/* The valuation report's value of owner @a owner's goods (all owners for
 * NULL), through the API. */
static double
report_value(const char *owner)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/reports/inventory?limit=10000%s%s",
           owner != NULL ? "&owner=" : "", owner != NULL ? owner : "");
  json_t *inv = api_step(&srv, "GET", path, NULL, 200);
  double report = 0;
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(inv, "rows"), i, x)
  {
    report += json_number_value(json_object_get(x, "value"));
  }
  json_decref(inv);
  return report;
}

/* The balance of 1405, summed per warehouse and SKU rounded to cents. */
static double
inventory_account(void)
{
  char out[64];
  assert_true(api_sql_text(
      &srv,
      "SELECT coalesce(sum(v), 0) FROM (SELECT round(sum(debit - credit), 2)"
      " AS v FROM fin_line WHERE account = '1405' GROUP BY warehouse_id,"
      " sku_id) x",
      out, sizeof out));
  return strtod(out, NULL);
}

/* A stocked bin of a warehouse with two or more, with @a sku on hand
 * there: "WH BIN SKU QTY". */
static void
stocked(unsigned pick, char *out, size_t len)
{
  char sql[800];
  snprintf(sql, sizeof sql,
           "SELECT w.code || ' ' || l.code || ' ' || k.code || ' ' ||"
           " (q.on_hand - q.reserved) FROM stock_quant q JOIN location l ON"
           " l.id = q.location_id JOIN warehouse w ON w.id = l.warehouse_id"
           " JOIN sku k ON k.id = q.sku_id JOIN zone z ON z.id = l.zone_id"
           " WHERE l.kind = 'bin' AND NOT l.blocked AND q.lot_id IS NULL AND"
           " NOT k.lot_tracked AND q.on_hand - q.reserved >= 3 AND z.type IN"
           " ('pick', 'reserve') ORDER BY q.id OFFSET %u LIMIT 1",
           pick % 40);
  assert_true(api_sql_text(&srv, sql, out, len));
}

/* Orders of unlot-tracked porcelain from ZZ1, waved, picked, packed and
 * shipped through the API (as test_api_reports does). */
static int next_key = 1;

static const char *
key(void)
{
  static char k[32];
  snprintf(k, sizeof k, "fin-sale-%d", next_key++);
  return k;
}

/* Scans @a code (qty @a qty when > 0) on list @a list; the new view. */
static json_t *
scan(int64_t list, const char *code, int64_t qty)
{
  char path[96], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  if (qty > 0)
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}", code,
             (long long)qty, key());
  else
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
             code, key());
  return api_step(&srv, "POST", path, body, 200);
}

/* Picks every task of list @a list into totes from T0nn on. */
static void
pick_list(int64_t list, int *tote)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  api_step_ok(&srv, "POST", path, "{\"picker\":\"" API_ADMIN_USER "\"}", 200);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld", (long long)list);
  json_t *v = api_step(&srv, "GET", path, NULL, 200);
  for (int guard = 0; guard < 200; guard++) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *t = json_object_get(v, "task");
    json_t *next;
    if (action == NULL || strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      next = scan(list, json_string_value(json_object_get(t, "bin")), 0);
    } else if (strcmp(action, "scan_item") == 0) {
      next = scan(list, json_string_value(json_object_get(t, "sku")),
                  json_integer_value(json_object_get(t, "remaining")));
    } else {
      char code[16];
      const char *have = json_string_value(json_object_get(t, "tote"));
      snprintf(code, sizeof code, "%s", have != NULL ? have : "");
      if (have == NULL)
        snprintf(code, sizeof code, "T%03d", (*tote)++);
      next = scan(list, code, 0);
    }
    json_decref(v);
    v = next;
  }
  json_decref(v);
}

/* Packs order @a ext at PACK-1 into one carton, closes it at its expected
 * weight and ships it. */
static void
pack_and_ship(const char *ext)
{
  char body[600], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"PACK-1\"}", ext);
  json_t *sh = api_step(&srv, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(&srv, "POST", path, "{\"carton_type\":\"L\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"qty\":%lld}",
             json_string_value(json_object_get(item, "sku")),
             (long long)json_integer_value(json_object_get(item, "remaining")));
    api_step_ok(&srv, "POST", path, body, 200);
  }
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  struct api_reply r = {0};
  assert_true(api_json(&srv, "POST", path, "{\"weight_g\":1}", &r));
  json_t *params = json_object_get(
      json_object_get(json_object_get(r.json, "error"), "params"),
      "expected_g");
  snprintf(body, sizeof body, "{\"weight_g\":%lld}",
           (long long)json_integer_value(params));
  api_reply_clear(&r);
  api_step_ok(&srv, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  snprintf(body, sizeof body, "{\"idempotency_key\":\"%s\"}", key());
  api_step_ok(&srv, "POST", path, body, 200);
}

/* One random order of store @a store; its external id into @a ext. */
static void
random_order(const char *store, const char *currency, int n, char *ext,
             size_t len)
{
  static const char *const skus[] = {"LL-BOWL-02-G", "LL-BOWL-03-G",
                                     "LL-BOWL-04", "LL-BOWL-05"};
  char lines[600] = "";
  int k = 1 + rand() % 3;
  for (int i = 0; i < k; i++)
    snprintf(lines + strlen(lines), sizeof lines - strlen(lines),
             "%s{\"sku\":\"%s\",\"qty\":%d,\"unit_price\":\"88.00\","
             "\"discount\":\"%d.%02d\"}",
             i > 0 ? "," : "", skus[(n + i) % 4], 1 + rand() % 3,
             rand() % 2 * (rand() % 9), rand() % 100);
  snprintf(ext, len, "FIN-%s-%d", store, n);
  char body[1200];
  snprintf(body, sizeof body,
           "{\"store\":\"%s\",\"external_id\":\"%s\",\"currency\":\"%s\","
           "\"shipping_amount\":\"%d.50\","
           "\"customer\":{\"name\":\"王五\",\"phone\":\"13800000000\"},"
           "\"ship_to\":{\"name\":\"王五\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[%s]}",
           store, ext, currency, rand() % 20, lines);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      "allocated");
  json_decref(o);
}

/* Randomized activity on top of the demo month: adjustments up and down,
 * transfers to another warehouse received there, moves between bins. */
static void
random_activity(unsigned seed)
{
  srand(seed);
  for (int i = 0; i < 12; i++) {
    char row[200], wh[40], bin[40], sku[80], body[600], other[40];
    long avail;
    stocked((unsigned)rand(), row, sizeof row);
    assert_int_equal(sscanf(row, "%39s %39s %79s %ld", wh, bin, sku, &avail),
                     4);
    int kind = rand() % 3;
    if (kind == 0) {
      long d = (rand() % 2 == 0 ? 1 : -1) * (1 + rand() % 2);
      snprintf(body, sizeof body,
               "{\"warehouse\":\"%s\",\"bin\":\"%s\",\"sku\":\"%s\","
               "\"qty_delta\":%ld,\"reason\":\"finance test\"}",
               wh, bin, sku, d);
      api_step_ok(&srv, "POST", "/api/v1/stock/adjustments", body, 201);
      continue;
    }
    snprintf(body, sizeof body,
             "SELECT min(code) FROM warehouse WHERE code <> '%s' AND EXISTS"
             " (SELECT 1 FROM location l WHERE l.warehouse_id = warehouse.id"
             " AND l.kind = 'bin')",
             wh);
    if (kind == 1 && api_sql_text(&srv, body, other, sizeof other)) {
      snprintf(body, sizeof body,
               "{\"sku\":\"%s\",\"from_warehouse\":\"%s\",\"from_bin\":"
               "\"%s\",\"to_warehouse\":\"%s\",\"qty\":1}",
               sku, wh, bin, other);
      json_t *t = api_step(&srv, "POST", "/api/v1/stock/transfers", body, 201);
      int64_t id = json_integer_value(json_object_get(t, "id"));
      json_decref(t);
      char path[96];
      snprintf(path, sizeof path, "/api/v1/stock/transfers/%lld/receive",
               (long long)id);
      struct api_reply r = {0};
      assert_true(api_json(&srv, "POST", path, "{}", &r));
      api_reply_clear(&r);
    }
  }
}

/* Eight random orders of two stores, CNY and USD, shipped. */
static void
ship_random_orders(void)
{
  /* Today's rate: the demo's are older, this one applies. */
  char today[16], body[160];
  assert_true(
      api_sql_text(&srv, "SELECT current_date::text", today, sizeof today));
  snprintf(body, sizeof body,
           "{\"currency\":\"USD\",\"date\":\"%s\",\"rate\":\"7.1234\"}", today);
  api_step_ok(&srv, "POST", "/api/v1/finance/rates", body, 201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"FIN1\",\"name\":\"财务店\",\"channel\":\"api\","
              "\"warehouse\":\"ZZ1\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"FIN2\",\"name\":\"finance shop\",\"channel\":"
              "\"api\",\"warehouse\":\"ZZ1\",\"currency\":\"USD\","
              "\"carrier\":\"SF\"}",
              201);
  char ext[8][48];
  for (int i = 0; i < 8; i++)
    random_order(i % 2 == 0 ? "FIN1" : "FIN2", i % 2 == 0 ? "CNY" : "USD", i,
                 ext[i], sizeof ext[i]);
  int tote = 41;
  for (int s = 0; s < 2; s++) {
    json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                         s == 0 ? "{\"warehouse\":\"ZZ1\",\"store\":\"FIN1\"}"
                                : "{\"warehouse\":\"ZZ1\",\"store\":\"FIN2\"}",
                         201);
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(w, "picklists"), i, l)
        pick_list(json_integer_value(json_object_get(l, "id")), &tote);
    json_decref(w);
  }
  for (int i = 0; i < 8; i++)
    pack_and_ship(ext[i]);
}

static void
the_ledger_balances_and_values_stock_as_the_valuation_report(void **state)
{
  (void)state;
  ship_random_orders();
  random_activity(22);
  /* Every entry balances, so the whole ledger does. */
  assert_int_equal(
      sql_int("SELECT count(*) FROM (SELECT entry_id FROM fin_line GROUP BY 1"
              " HAVING sum(debit) <> sum(credit)) x"),
      0);
  json_t *tb =
      api_step(&srv, "GET", "/api/v1/finance/trial-balance", NULL, 200);
  json_t *rows = json_object_get(tb, "rows");
  json_t *total = json_array_get(rows, json_array_size(rows) - 1);
  assert_string_equal(json_string_value(json_object_get(total, "account")), "");
  assert_true(json_number_value(json_object_get(total, "balance")) == 0);
  assert_true(json_number_value(json_object_get(total, "debit")) > 0);
  json_decref(tb);
  /* 1405 per warehouse and SKU is the valuation rollup to the cent. */
  assert_int_equal(inventory_mismatches(), 0);
  /* ... and the valuation report of the company's goods through the API
   * agrees with the account's rows summed the same way. */
  double report = report_value("SELF"), book = inventory_account();
  assert_true(report - book < 0.005 && book - report < 0.005);
  /* Cost of goods: the shipped lines' cost is what their shipments
   * debited to 6401, and 6401's debits are every ship move's cost. The
   * demo's history writes its shipments' lines (for the CRM) with moves
   * documented "demo history", so the per-shipment check takes the
   * shipments the shipping procedure moved. */
  assert_true(sql_int("SELECT count(*) FROM order_ship_line") >= 8);
  assert_int_equal(
      sql_int("SELECT count(*) FROM (SELECT (SELECT round(sum(qty *"
              " unit_cost), 2) FROM order_ship_line WHERE 'shipment ' ||"
              " shipment_id IN (SELECT document FROM stock_move)) AS s,"
              " (SELECT"
              " round(sum(l.debit), 2) FROM fin_line l JOIN fin_entry e ON"
              " e.id = l.entry_id JOIN stock_move m ON m.id = e.source_id"
              " WHERE e.source_kind = 'move' AND l.account = '6401' AND"
              " m.document IN (SELECT DISTINCT 'shipment ' || shipment_id"
              " FROM order_ship_line)) AS c) x WHERE s = c"),
      1);
  assert_int_equal(
      sql_int("SELECT count(*) FROM (SELECT (SELECT round(sum(m.qty *"
              " m.unit_cost), 2) FROM stock_move m JOIN location b ON b.id ="
              " m.to_location_id JOIN sku k ON k.id = m.sku_id JOIN owners o"
              " ON o.id = k.owner_id WHERE b.kind = 'customer' AND"
              " o.is_default) AS s, (SELECT"
              " round(sum(debit), 2) FROM fin_line WHERE account = '6401')"
              " AS c) x WHERE s = c"),
      1);
  /* Revenue: every shipped line posted its sale, USD ones at the rate. */
  assert_int_equal(
      sql_int("SELECT count(*) FROM order_ship_line l JOIN sales_order so"
              " ON so.id = l.order_id JOIN store st ON st.id = so.store_id"
              " JOIN owners o ON o.id = st.owner_id WHERE o.is_default AND"
              " NOT EXISTS (SELECT 1 FROM fin_entry e WHERE e.source_kind ="
              " 'sale' AND e.source_id = l.id)"),
      0);
  assert_true(sql_int("SELECT count(*) FROM fin_entry WHERE source_kind ="
                      " 'sale' AND currency = 'USD' AND rate = 7.1234") > 0);
  /* Nothing moved inside a warehouse posted. */
  assert_int_equal(
      sql_int("SELECT count(*) FROM fin_entry e JOIN stock_move m ON m.id ="
              " e.source_id WHERE e.source_kind = 'move' AND m.reason IN"
              " ('pick', 'putaway', 'move', 'replenish')"),
      0);
}

/* Adjusts @a qty of @a sku in bin @a bin of ZZ1 through the API. */
static void
adjust(const char *bin, const char *sku, int qty)
{
  char body[300];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"ZZ1\",\"bin\":\"%s\",\"sku\":\"%s\","
           "\"qty_delta\":%d,\"reason\":\"3PL finance test\"}",
           bin, sku, qty);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments", body, 201);
}

/*
 * Issue 22 with issue 23: two 3PL clients' goods interleaved with the
 * company's in one warehouse (ZZ1): stock in and out of both, and an
 * order of a client's store shipped. The clients' moves and sale post
 * nothing; after each step the ledger balances and 1405 is the valuation
 * of the company's own goods to the cent, while the report still values
 * the clients' goods (the custody record).
 */
static void
clients_goods_stay_off_the_company_books(void **state)
{
  (void)state;
  char row[200], wh[40], bin[40], sku[80];
  long avail;
  stocked(3, row, sizeof row);
  assert_int_equal(sscanf(row, "%39s %39s %79s %ld", wh, bin, sku, &avail), 4);
  int64_t entries = sql_int("SELECT count(*) FROM fin_entry");
  static const struct {
    const char *bin, *sku;
    int qty;
  } steps[] = {{"3PL-01", "HX-USB-C01", 7},
               {NULL, NULL, 2},
               {"3PL-02", "HX-PWR-20K", 5},
               {"3PL-01", "HX-USB-C01", -3},
               {NULL, NULL, -1},
               {"3PL-02", "HX-PWR-20K", -2}};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    if (steps[i].bin == NULL)
      adjust(bin, sku, steps[i].qty);
    else
      adjust(steps[i].bin, steps[i].sku, steps[i].qty);
    assert_int_equal(inventory_mismatches(), 0);
    assert_int_equal(
        sql_int("SELECT count(*) FROM (SELECT entry_id FROM fin_line GROUP BY"
                " 1 HAVING sum(debit) <> sum(credit)) x"),
        0);
  }
  /* Only the company's two adjustments posted. */
  assert_int_equal(sql_int("SELECT count(*) FROM fin_entry") - entries, 2);
  /* A client's shipped order (the demo's HX-SHOP month) writes its ship
   * line as the shipping procedure does: no sale posts. The demo's ship
   * moves of its units posted no cost of goods either. */
  assert_true(api_sql_text(
      &srv,
      "INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id,"
      " sku_id, qty, unit_price, unit_cost) SELECT sh.id, o.id,"
      " o.warehouse_id, k.id, 15, 19.90, 6.20 FROM sales_order o JOIN store"
      " s ON s.id = o.store_id JOIN shipment sh ON sh.order_id = o.id JOIN"
      " sku k ON k.code = 'HX-USB-C01' WHERE s.code = 'HX-SHOP' ORDER BY"
      " o.id LIMIT 1",
      NULL, 0));
  assert_true(sql_int("SELECT count(*) FROM stock_move m JOIN sku k ON k.id ="
                      " m.sku_id WHERE k.code = 'HX-USB-C01' AND m.reason ="
                      " 'ship'") > 0);
  assert_int_equal(
      sql_int("SELECT count(*) FROM fin_entry e WHERE (e.source_kind ="
              " 'sale' AND e.source_id IN (SELECT l.id FROM order_ship_line"
              " l JOIN sales_order o ON o.id = l.order_id JOIN store s ON"
              " s.id = o.store_id JOIN owners w ON w.id = s.owner_id WHERE"
              " NOT w.is_default)) OR (e.source_kind = 'move' AND"
              " e.source_id IN (SELECT m.id FROM stock_move m JOIN sku k ON"
              " k.id = m.sku_id JOIN owners w ON w.id = k.owner_id WHERE NOT"
              " w.is_default))"),
      0);
  assert_int_equal(inventory_mismatches(), 0);
  /* The books: 1405 is the company's goods in the report; the clients'
   * goods are valued there too, and only there. */
  double own = report_value("SELF"), book = inventory_account();
  assert_true(own - book < 0.005 && book - own < 0.005);
  assert_true(report_value("HUAXIN") > 0);
  assert_true(report_value(NULL) - own > 1);
  json_t *tb =
      api_step(&srv, "GET", "/api/v1/finance/trial-balance", NULL, 200);
  json_t *rows = json_object_get(tb, "rows");
  json_t *total = json_array_get(rows, json_array_size(rows) - 1);
  assert_true(json_number_value(json_object_get(total, "balance")) == 0);
  json_decref(tb);
}

/*
 * Issue 22 with issue 23: a 3PL client's money is not the company's. A
 * bill from a client's supplier, a payout file of a client's store and an
 * invoice for a client store's order are refused with their own codes,
 * and nothing is written: no bill, no settlement, no invoice, no entry.
 */
static void
a_clients_bills_payouts_and_invoices_are_refused(void **state)
{
  (void)state;
  int64_t entries = sql_int("SELECT count(*) FROM fin_entry");
  int64_t bills = sql_int("SELECT count(*) FROM supplier_bill");
  int64_t payouts = sql_int("SELECT count(*) FROM settlement");
  int64_t invoices = sql_int("SELECT count(*) FROM invoice");
  /* The demo portal's supplier belongs to the client SHANYE. */
  assert_int_equal(sql_int("SELECT count(*) FROM supplier s JOIN owners o"
                           " ON o.id = s.owner_id WHERE s.code ="
                           " 'SY-GARDEN' AND NOT o.is_default"),
                   1);
  api_step_code(&srv, "POST", "/api/v1/supplier-bills",
                "{\"supplier\":\"SY-GARDEN\",\"number\":\"SYB-1\","
                "\"date\":\"2026-11-20\",\"lines\":[{\"purchase_order\":"
                "\"PO-X\",\"sku\":\"SY-TEA-LJ250\",\"qty\":1,"
                "\"unit_cost\":\"1.00\"}],"
                "\"idempotency_key\":\"client-bill-1\"}",
                409, "client_supplier_bill");
  api_step_code(&srv, "POST", "/api/v1/settlements",
                "{\"store\":\"HX-SHOP\",\"profile\":\"generic\","
                "\"csv\":\"order_ref,date,type,gross\\nX,2026-11-20,sale,1\"}",
                409, "client_store_settlement");
  int64_t order = sql_int("SELECT o.id FROM sales_order o JOIN store s ON"
                          " s.id = o.store_id WHERE s.code = 'HX-SHOP' AND"
                          " o.state <> 'cancelled' ORDER BY o.id LIMIT 1");
  assert_true(order > 0);
  char path[80];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/invoices", (long long)order);
  api_step_code(&srv, "POST", path,
                "{\"type\":\"normal\",\"buyer_title\":\"个人\","
                "\"idempotency_key\":\"client-invoice-1\"}",
                409, "client_store_invoice");
  assert_int_equal(sql_int("SELECT count(*) FROM fin_entry"), entries);
  assert_int_equal(sql_int("SELECT count(*) FROM supplier_bill"), bills);
  assert_int_equal(sql_int("SELECT count(*) FROM settlement"), payouts);
  assert_int_equal(sql_int("SELECT count(*) FROM invoice"), invoices);
}

static void
an_unbalanced_entry_is_refused_at_commit(void **state)
{
  (void)state;
  int64_t before = sql_int("SELECT count(*) FROM fin_entry");
  /* One statement, autocommit: the deferred check runs at its commit. */
  assert_false(api_sql_text(
      &srv,
      "WITH e AS (INSERT INTO fin_entry (summary, source_kind, currency)"
      " VALUES ('broken', 'manual', 'CNY') RETURNING id) INSERT INTO"
      " fin_line (entry_id, day, account, debit, currency) SELECT id,"
      " current_date, '1002', 10, 'CNY' FROM e",
      NULL, 0));
  assert_int_equal(sql_int("SELECT count(*) FROM fin_entry"), before);
  api_step_code(&srv, "POST", "/api/v1/finance/entries",
                "{\"summary\":\"x\",\"lines\":[{\"account\":\"1002\","
                "\"debit\":10},{\"account\":\"3001\",\"credit\":9}]}",
                422, "entry_unbalanced");
  api_step_code(&srv, "POST", "/api/v1/finance/entries",
                "{\"summary\":\"x\",\"lines\":[{\"account\":\"9999\","
                "\"debit\":10},{\"account\":\"3001\",\"credit\":10}]}",
                422, "unknown_account");
  json_t *j = api_step(&srv, "POST", "/api/v1/finance/entries",
                       "{\"summary\":\"capital\",\"lines\":[{\"account\":"
                       "\"1002\",\"debit\":1000},{\"account\":\"3001\","
                       "\"credit\":1000}]}",
                       201);
  assert_true(json_integer_value(json_object_get(j, "voucher_no")) > 0);
  json_decref(j);
}

static void
a_closed_month_refuses_postings_and_corrections_go_to_an_open_one(void **state)
{
  (void)state;
  char month[16], day[16], path[96], body[400];
  assert_true(api_sql_text(
      &srv, "SELECT to_char(current_date - interval '1 month', 'YYYY-MM')",
      month, sizeof month));
  assert_true(api_sql_text(&srv,
                           "SELECT to_char(date_trunc('month', current_date)"
                           " - interval '1 day', 'YYYY-MM-DD')",
                           day, sizeof day));
  /* This month has not ended: it cannot close. */
  api_step_code(&srv, "POST", "/api/v1/finance/periods/2999-01/close", NULL,
                409, "period_not_ended");
  snprintf(path, sizeof path, "/api/v1/finance/periods/%s/close", month);
  json_t *j = api_step(&srv, "POST", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "month")), month);
  json_decref(j);
  api_step_ok(&srv, "POST", path, NULL, 200); /* again: the same */
  snprintf(body, sizeof body,
           "{\"date\":\"%s\",\"summary\":\"late\",\"lines\":[{\"account\":"
           "\"6602\",\"debit\":5},{\"account\":\"1002\",\"credit\":5}]}",
           day);
  api_step_code(&srv, "POST", "/api/v1/finance/entries", body, 409,
                "period_closed");
  /* The database refuses it too, whatever the path. */
  snprintf(body, sizeof body,
           "INSERT INTO fin_entry (day, summary, source_kind, currency)"
           " VALUES ('%s', 'late', 'manual', 'CNY')",
           day);
  assert_false(api_sql_text(&srv, body, NULL, 0));
  /* The correction posts today. */
  api_step_ok(&srv, "POST", "/api/v1/finance/entries",
              "{\"summary\":\"late invoice\",\"lines\":[{\"account\":"
              "\"6602\",\"debit\":5},{\"account\":\"1002\",\"credit\":5}]}",
              201);
  j = api_step(&srv, "GET", "/api/v1/finance", NULL, 200);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(j, "closed_periods"), 0), "month")),
      month);
  json_decref(j);
}

static void
rates_convert_entries_in_other_currencies_and_stay_on_them(void **state)
{
  (void)state;
  api_step_code(&srv, "POST", "/api/v1/finance/entries",
                "{\"summary\":\"gbp\",\"currency\":\"GBP\",\"lines\":["
                "{\"account\":\"1002\",\"debit\":10},{\"account\":\"6051\","
                "\"credit\":10}]}",
                422, "rate_missing");
  json_t *j = api_step(&srv, "POST", "/api/v1/finance/entries",
                       "{\"summary\":\"usd\",\"currency\":\"USD\",\"lines\":["
                       "{\"account\":\"1002\",\"debit\":10},{\"account\":"
                       "\"6051\",\"credit\":10}]}",
                       201);
  int64_t v = json_integer_value(json_object_get(j, "voucher_no"));
  json_decref(j);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT (debit * 100)::bigint FROM fin_line WHERE entry_id = %lld"
           " AND account = '1002'",
           (long long)v);
  assert_int_equal(sql_int(sql), 7123);
  snprintf(sql, sizeof sql,
           "SELECT (rate * 10000)::bigint FROM fin_entry WHERE id = %lld",
           (long long)v);
  assert_int_equal(sql_int(sql), 71234);
  api_step_code(&srv, "POST", "/api/v1/finance/rates",
                "{\"currency\":\"US\",\"date\":\"2020-01-01\",\"rate\":1}", 422,
                "out_of_range");
}

static void
the_journal_pages_by_keyset_and_exports_for_accounting_software(void **state)
{
  (void)state;
  json_t *a = api_step(&srv, "GET",
                       "/api/v1/finance/journal?limit=5&from="
                       "2000-01-01",
                       NULL, 200);
  json_t *rows = json_object_get(a, "rows");
  assert_int_equal(json_array_size(rows), 5);
  assert_true(json_is_true(json_object_get(a, "truncated")));
  int64_t last =
      json_integer_value(json_object_get(json_array_get(rows, 4), "line_id"));
  json_decref(a);
  char path[160];
  snprintf(path, sizeof path,
           "/api/v1/finance/journal?limit=5&from=2000-01-01&after=%lld",
           (long long)last);
  json_t *b = api_step(&srv, "GET", path, NULL, 200);
  assert_true(json_integer_value(json_object_get(
                  json_array_get(json_object_get(b, "rows"), 0), "line_id")) >
              last);
  json_decref(b);
  json_t *c =
      api_step(&srv, "GET", "/api/v1/finance/journal?account=1405", NULL, 200);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(c, "rows"), i, x)
  {
    assert_string_equal(json_string_value(json_object_get(x, "account_code")),
                        "1405");
  }
  json_decref(c);
  api_step_code(&srv, "GET", "/api/v1/finance/journal?after=x", NULL, 400,
                "bad_query_param");
  struct api_reply r = {0};
  assert_true(
      api_json(&srv, "GET", "/api/v1/finance/journal?format=csv", NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "date,voucher_no,summary,account_code,"
                                 "account_name,debit,credit"));
  api_reply_clear(&r);
  assert_true(api_json(&srv, "GET", "/api/v1/finance/trial-balance?format=xlsx",
                       NULL, &r));
  assert_int_equal(r.status, 200);
  assert_true(r.body_len > 100 && memcmp(r.body, "PK", 2) == 0);
  api_reply_clear(&r);
}

/* Cents of a member given as text or a number. */
static int64_t
cents(const json_t *o, const char *k)
{
  const json_t *v = json_object_get(o, k);
  double d = json_is_string(v) ? strtod(json_string_value(v), NULL)
                               : json_number_value(v);
  return (int64_t)(d * 100 + (d >= 0 ? 0.5 : -0.5));
}

static void
discounts_spread_over_the_lines_and_revenue_counts_them_off(void **state)
{
  (void)state;
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"FIN3\",\"name\":\"满减店\",\"channel\":\"api\","
              "\"warehouse\":\"ZZ1\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
              201);
  static const char head[] =
      "{\"store\":\"FIN3\",\"external_id\":\"DISC-1\",\"shipping_amount\":"
      "\"10.00\",\"ship_to\":{\"name\":\"赵六\",\"line1\":\"芦淞区 2 号\","
      "\"city\":\"株洲市\",\"postcode\":\"412000\",\"country_code\":\"CN\"},";
  static const char lines[] =
      "\"lines\":[{\"sku\":\"LL-BOWL-02-G\",\"qty\":2,\"unit_price\":"
      "\"88.00\",\"discount\":\"%s\"},{\"sku\":\"LL-BOWL-03-G\",\"qty\":1,"
      "\"unit_price\":\"88.00\"},{\"sku\":\"LL-BOWL-04\",\"qty\":3,"
      "\"unit_price\":\"88.00\"}]";
  char body[1200], l[400];
  /* More off a line than it is worth, or off the order than its lines
   * are worth after theirs: refused, nothing written. */
  snprintf(l, sizeof l, lines, "176.01");
  snprintf(body, sizeof body, "%s%s}", head, l);
  api_step_code(&srv, "POST", "/api/v1/orders", body, 422, "out_of_range");
  snprintf(l, sizeof l, lines, "6.00");
  snprintf(body, sizeof body, "%s\"discount\":\"522.01\",%s}", head, l);
  api_step_code(&srv, "POST", "/api/v1/orders", body, 422, "out_of_range");
  assert_int_equal(sql_int("SELECT count(*) FROM sales_order o JOIN store s"
                           " ON s.id = o.store_id WHERE s.code = 'FIN3'"),
                   0);
  /* 20.00 off the order spreads by what the lines are still worth (170,
   * 88, 264 of 522): 6.51 and 3.37, the largest line takes the rest. */
  snprintf(body, sizeof body, "%s\"discount\":\"20.00\",%s}", head, l);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  const int64_t want[] = {1251, 337, 1012};
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(
        cents(json_array_get(json_object_get(o, "lines"), i), "discount"),
        want[i]);
  assert_int_equal(cents(o, "discount"), 2600);
  assert_int_equal(cents(o, "order_discount"), 2000);
  assert_int_equal(cents(o, "total"), 52800 - 2600 + 1000);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"ZZ1\",\"store\":\"FIN3\"}", 201);
  int tote = 51; /* the first test's orders took T041 on (demo: T001-T060) */
  size_t i;
  json_t *pl;
  json_array_foreach(json_object_get(w, "picklists"), i, pl)
      pick_list(json_integer_value(json_object_get(pl, "id")), &tote);
  json_decref(w);
  pack_and_ship("DISC-1");
  /* The shipped units carry the whole discount; the receivable is what
   * the buyer paid; the sales report shows it apart from revenue. */
  char sql[400];
  snprintf(sql, sizeof sql,
           "SELECT (100 * sum(discount))::bigint FROM order_ship_line"
           " WHERE order_id = %lld",
           (long long)id);
  assert_int_equal(sql_int(sql), 2600);
  snprintf(sql, sizeof sql,
           "SELECT (100 * sum(debit - credit))::bigint FROM fin_line"
           " WHERE order_id = %lld AND account = '1122'",
           (long long)id);
  assert_int_equal(sql_int(sql), 51200);
  json_t *r = api_step(&srv, "GET", "/api/v1/reports/sales?store=FIN3&by=store",
                       NULL, 200);
  json_t *row = json_array_get(json_object_get(r, "rows"), 0);
  assert_int_equal(cents(row, "revenue"), 52800);
  assert_int_equal(cents(row, "discounts"), 2600);
  assert_int_equal(cents(row, "net_revenue"), 51200);
  json_decref(r);
  /* Finance's margin: revenue less discounts is the revenue the ledger
   * posted (6001, shipping apart: within a cent per line of rounding). */
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *m = json_object_get(j, "margin");
  snprintf(sql, sizeof sql,
           "SELECT (100 * sum(credit - debit))::bigint FROM fin_line"
           " WHERE order_id = %lld AND account = '6001'",
           (long long)id);
  int64_t posted = sql_int(sql);
  int64_t net =
      cents(m, "revenue") - cents(m, "discounts") + cents(m, "shipping");
  assert_true(cents(m, "discounts") > 0);
  assert_true(llabs(posted - net) <= 4);
  json_decref(j);
  /* The invoice bills what was paid: its gross is the order's total. */
  snprintf(path, sizeof path, "/api/v1/orders/%lld/invoices", (long long)id);
  json_t *inv = api_step(&srv, "POST", path,
                         "{\"type\":\"normal\",\"buyer_title\":\"赵六\"}", 201);
  assert_int_equal(cents(json_object_get(inv, "totals"), "gross"), 51200);
  json_decref(inv);
}

static void
a_transfer_carries_its_cost_and_freight_into_the_destination_average(
    void **state)
{
  (void)state;
  char row[200], wh[40], bin[40], sku[80], other[40], sql[700], body[600];
  long avail;
  stocked(7, row, sizeof row);
  assert_int_equal(sscanf(row, "%39s %39s %79s %ld", wh, bin, sku, &avail), 4);
  snprintf(sql, sizeof sql,
           "SELECT min(code) FROM warehouse WHERE code <> '%s' AND EXISTS"
           " (SELECT 1 FROM location l WHERE l.warehouse_id = warehouse.id"
           " AND l.kind = 'bin')",
           wh);
  assert_true(api_sql_text(&srv, sql, other, sizeof other));
  snprintf(body, sizeof body,
           "{\"sku\":\"%s\",\"from_warehouse\":\"%s\",\"from_bin\":\"%s\","
           "\"to_warehouse\":\"%s\",\"qty\":3,\"freight\":\"3.00\","
           "\"idempotency_key\":\"fin-freight-1\"}",
           sku, wh, bin, other);
  json_t *t = api_step(&srv, "POST", "/api/v1/stock/transfers", body, 201);
  assert_string_equal(json_string_value(json_object_get(t, "freight")), "3.00");
  int64_t id = json_integer_value(json_object_get(t, "id"));
  json_decref(t);
  /* The same key with another freight is another request. */
  snprintf(body, sizeof body,
           "{\"sku\":\"%s\",\"from_warehouse\":\"%s\",\"from_bin\":\"%s\","
           "\"to_warehouse\":\"%s\",\"qty\":3,\"freight\":\"4.00\","
           "\"idempotency_key\":\"fin-freight-1\"}",
           sku, wh, bin, other);
  api_step_code(&srv, "POST", "/api/v1/stock/transfers", body, 409,
                "idempotency_conflict");
  /* The destination's average before, in ten-thousandths, and its units. */
  snprintf(sql, sizeof sql,
           "SELECT coalesce((SELECT round(avg_cost * 10000) FROM sku_cost c"
           " JOIN warehouse w ON w.id = c.warehouse_id JOIN sku k ON k.id ="
           " c.sku_id WHERE w.code = '%s' AND k.code = '%s'), -1)::bigint"
           " || ' ' || coalesce((SELECT sum(q.on_hand) FROM stock_quant q"
           " JOIN location l ON l.id = q.location_id JOIN warehouse w ON"
           " w.id = l.warehouse_id JOIN sku k ON k.id = q.sku_id WHERE"
           " w.code = '%s' AND k.code = '%s' AND l.kind IN ('bin', 'tote')),"
           " 0)",
           other, sku, other, sku);
  char before[64];
  assert_true(api_sql_text(&srv, sql, before, sizeof before));
  long long avg0 = atoll(before), have = atoll(strchr(before, ' ') + 1);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stock/transfers/%lld/receive",
           (long long)id);
  api_step_ok(&srv, "POST", path, "{}", 200);
  /* Received at the cost it left with plus 1.00 a unit of freight. */
  snprintf(sql, sizeof sql,
           "SELECT round((r.unit_cost - s.unit_cost) * 10000)::bigint || ' '"
           " || round(r.unit_cost * 10000)::bigint FROM stock_transfer t"
           " JOIN stock_move r ON r.id = t.receive_move_id JOIN stock_move s"
           " ON s.id = t.ship_move_id WHERE t.id = %lld",
           (long long)id);
  char costs[64];
  assert_true(api_sql_text(&srv, sql, costs, sizeof costs));
  assert_int_equal(atoll(costs), 10000);
  long long in_cost = atoll(strchr(costs, ' ') + 1);
  /* It entered the destination's moving average. */
  snprintf(sql, sizeof sql,
           "SELECT round(avg_cost * 10000)::bigint FROM sku_cost c JOIN"
           " warehouse w ON w.id = c.warehouse_id JOIN sku k ON k.id ="
           " c.sku_id WHERE w.code = '%s' AND k.code = '%s'",
           other, sku);
  long long want =
      avg0 < 0 || have <= 0
          ? in_cost
          : (avg0 * have + in_cost * 3 + (have + 3) / 2) / (have + 3);
  long long got = sql_int(sql);
  if (llabs(got - want) > 1)
    fail_msg("average %lld, want %lld (was %lld on %lld units, in at %lld)",
             got, want, avg0, have, in_cost);
  /* Goods in transit net to nothing; the carrier is owed the freight;
   * the books still balance and value stock as the report does. */
  snprintf(sql, sizeof sql,
           "SELECT round(100 * sum(debit - credit))::bigint FROM fin_line l"
           " JOIN sku k ON k.id = l.sku_id WHERE l.account = '1402' AND"
           " k.code = '%s'",
           sku);
  assert_int_equal(sql_int(sql), 0);
  snprintf(sql, sizeof sql,
           "SELECT round(100 * sum(credit - debit))::bigint FROM fin_line l"
           " JOIN fin_entry e ON e.id = l.entry_id WHERE l.account = '2202'"
           " AND e.summary = 'transfer freight %lld'",
           (long long)id);
  assert_int_equal(sql_int(sql), 300);
  assert_int_equal(sql_int("SELECT count(*) FROM (SELECT 1 FROM fin_line"
                           " GROUP BY currency HAVING sum(debit) <>"
                           " sum(credit)) x"),
                   0);
  assert_int_equal(inventory_mismatches(), 0);
}

/* The margin report of store @a store today, by store: its one row. */
static json_t *
margin_row(const char *store)
{
  char path[120];
  snprintf(path, sizeof path, "/api/v1/reports/margin?store=%s&by=store",
           store);
  json_t *r = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(r, "rows")), 1);
  json_t *row = json_incref(json_array_get(json_object_get(r, "rows"), 0));
  json_decref(r);
  return row;
}

static void
the_margin_report_adds_up_the_orders_margins_per_store(void **state)
{
  (void)state;
  /* FIN1's random orders and FIN3's discounted one, all shipped today:
   * the report's margin is the sum of the orders' (fin_order_margin),
   * within a cent per order line of VAT rounding. */
  const char *const stores[] = {"FIN1", "FIN3"};
  for (size_t i = 0; i < 2; i++) {
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT (100 * sum((fin_order_margin(o.id)->>'margin')::numeric))"
             "::bigint || ' ' || (SELECT count(*) FROM order_line l JOIN"
             " sales_order x ON x.id = l.order_id JOIN store t ON t.id ="
             " x.store_id WHERE t.code = '%s') FROM sales_order o JOIN store"
             " s ON s.id = o.store_id WHERE s.code = '%s'",
             stores[i], stores[i]);
    char out[64];
    assert_true(api_sql_text(&srv, sql, out, sizeof out));
    long long want = atoll(out), lines = atoll(strchr(out, ' ') + 1);
    json_t *row = margin_row(stores[i]);
    long long got = cents(row, "margin");
    if (llabs(got - want) > lines + 1)
      fail_msg("%s: report margin %lld cents, orders' %lld", stores[i], got,
               want);
    assert_true(cents(row, "revenue") > 0);
    assert_true(cents(row, "cost_of_goods") > 0);
    assert_true(cents(row, "carrier_cost") > 0);
    assert_int_equal(json_integer_value(json_object_get(row, "orders")),
                     i == 0 ? 4 : 1);
    json_decref(row);
  }
  json_t *row = margin_row("FIN3");
  assert_true(cents(row, "discounts") > 0);
  json_decref(row);
  /* By channel: the two CNY api stores in one row; a USD store's row has
   * no margin (costs are in CNY). */
  json_t *r =
      api_step(&srv, "GET", "/api/v1/reports/margin?by=channel", NULL, 200);
  size_t i;
  json_t *x;
  int usd = 0;
  json_array_foreach(json_object_get(r, "rows"), i, x)
  {
    if (strcmp(json_string_value(json_object_get(x, "currency")), "USD") == 0) {
      usd++;
      assert_true(json_is_null(json_object_get(x, "margin")));
    }
  }
  assert_true(usd > 0);
  json_decref(r);
  api_step_code(&srv, "GET", "/api/v1/reports/margin?by=sku", NULL, 400,
                "bad_query_param");
  /* Files of the same rows. */
  struct api_reply f = {0};
  assert_true(
      api_json(&srv, "GET", "/api/v1/reports/margin?format=csv", NULL, &f));
  assert_int_equal(f.status, 200);
  assert_non_null(strstr(f.body, "platform_fees"));
  api_reply_clear(&f);
}

static void
an_order_shows_its_margin_to_finance_readers_only(void **state)
{
  (void)state;
  /* A shipped order whose parcels the carrier priced (rate table). */
  int64_t id = sql_int("SELECT min(l.order_id) FROM order_ship_line l"
                       " JOIN shipment s ON s.id = l.shipment_id"
                       " WHERE s.cost > 0");
  assert_true(id > 0);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *m = json_object_get(j, "margin");
  assert_non_null(m);
  assert_true(json_array_size(json_object_get(m, "lines")) > 0);
  assert_true(json_number_value(json_object_get(m, "revenue")) > 0);
  assert_non_null(json_object_get(m, "margin"));
  /* The carrier's price and the cartons of its shipments (shared by the
   * orders in each), in cents, from the shipments and carton types. */
  char sql[900];
  snprintf(sql, sizeof sql,
           "SELECT round(100 * coalesce(sum(s.cost / (SELECT count(*) FROM"
           " shipment_order y WHERE y.shipment_id = s.id)), 0))::bigint FROM"
           " shipment_order x JOIN shipment s ON s.id = x.shipment_id"
           " WHERE x.order_id = %lld",
           (long long)id);
  int64_t carrier = sql_int(sql);
  snprintf(sql, sizeof sql,
           "SELECT round(100 * coalesce(sum(t.cost / (SELECT count(*) FROM"
           " shipment_order y WHERE y.shipment_id = c.shipment_id)), 0))"
           "::bigint FROM shipment_order x JOIN carton c ON c.shipment_id ="
           " x.shipment_id JOIN carton_type t ON t.code = c.carton_type"
           " WHERE x.order_id = %lld",
           (long long)id);
  int64_t packaging = sql_int(sql);
  assert_true(carrier > 0);
  assert_true(packaging > 0);
  double cents[2] = {json_number_value(json_object_get(m, "carrier_cost")),
                     json_number_value(json_object_get(m, "packaging"))};
  assert_int_equal((int64_t)(cents[0] * 100 + 0.5), carrier);
  assert_int_equal((int64_t)(cents[1] * 100 + 0.5), packaging);
  /* The margin is what is left after all of it. */
  const char *const parts[] = {
      "revenue",       "shipping",      "refunds",
      "cost_of_goods", "returned_cost", "platform_fees",
      "carrier_cost",  "packaging",     "discounts"};
  const int sign[] = {1, 1, -1, -1, 1, -1, -1, -1, -1};
  double left = 0;
  for (int k = 0; k < 9; k++)
    left += sign[k] * json_number_value(json_object_get(m, parts[k]));
  int64_t want = (int64_t)(left * 100 + (left >= 0 ? 0.5 : -0.5));
  double mg = json_number_value(json_object_get(m, "margin"));
  assert_int_equal((int64_t)(mg * 100 + (mg >= 0 ? 0.5 : -0.5)), want);
  json_decref(j);
  assert_true(api_add_user(&srv, "fin_office", "back_office", NULL,
                           "finance password"));
  assert_true(
      api_add_user(&srv, "fin_clerk", "finance", NULL, "finance password"));
  struct api_server office = srv, clerk = srv;
  assert_int_equal(
      api_login(&srv, "fin_office", "finance password", office.token, NULL),
      200);
  assert_int_equal(
      api_login(&srv, "fin_clerk", "finance password", clerk.token, NULL), 200);
  j = api_step(&office, "GET", path, NULL, 200);
  assert_null(json_object_get(j, "margin"));
  json_decref(j);
  api_step_code(&office, "GET", "/api/v1/finance/trial-balance", NULL, 403,
                "forbidden");
  j = api_step(&clerk, "GET", path, NULL, 200);
  assert_non_null(json_object_get(j, "margin"));
  json_decref(j);
  api_step_ok(&clerk, "PATCH", "/api/v1/finance/accounts/660199",
              "{\"name_zh\":\"平台佣金\",\"name_en\":\"Platform "
              "commission\",\"kind\":\"expense\"}",
              200);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          the_ledger_balances_and_values_stock_as_the_valuation_report),
      cmocka_unit_test(clients_goods_stay_off_the_company_books),
      cmocka_unit_test(a_clients_bills_payouts_and_invoices_are_refused),
      cmocka_unit_test(an_unbalanced_entry_is_refused_at_commit),
      cmocka_unit_test(
          a_closed_month_refuses_postings_and_corrections_go_to_an_open_one),
      cmocka_unit_test(
          rates_convert_entries_in_other_currencies_and_stay_on_them),
      cmocka_unit_test(
          the_journal_pages_by_keyset_and_exports_for_accounting_software),
      cmocka_unit_test(an_order_shows_its_margin_to_finance_readers_only),
      cmocka_unit_test(
          discounts_spread_over_the_lines_and_revenue_counts_them_off),
      cmocka_unit_test(the_margin_report_adds_up_the_orders_margins_per_store),
      cmocka_unit_test(
          a_transfer_carries_its_cost_and_freight_into_the_destination_average),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
