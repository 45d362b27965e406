/*
 * The inventory heart over HTTP: catalog, zones and generated bins, stock
 * by adjustments and moves (idempotent), refusals that change nothing,
 * and a ledger check that notices a corrupted quant.
 */
#include "api_harness.h"

#include <curl/curl.h>
#include <libpq-fe.h>
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

/* The scenario's server, in every step. */
#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int
setup(void **state)
{
  return api_server_start(&srv, "api_inventory", false, NULL) ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Asserts an error reply's code and field. */
static void
refused(const char *path, const char *body, long status, const char *code,
        const char *field)
{
  json_t *j = call("POST", path, body, status);
  json_t *e = json_object_get(j, "error");
  assert_string_equal(json_string_value(json_object_get(e, "code")), code);
  if (field != NULL)
    assert_string_equal(json_string_value(json_object_get(e, "field")), field);
  json_decref(j);
}

static int64_t
stock_figure(const char *query, const char *figure)
{
  char path[256];
  snprintf(path, sizeof path, "/api/v1/stock?%s", query);
  json_t *j = call("GET", path, NULL, 200);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v =
      item != NULL ? json_integer_value(json_object_get(item, figure)) : 0;
  json_decref(j);
  return v;
}

static void
catalog_with_gtins_and_pack_quantities(void **state)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"ZZ1\",\"name\":\"株洲中心仓\"}",
     201);
  ok("POST", "/api/v1/warehouses",
     "{\"code\":\"LL1\",\"name\":\"醴陵门店仓\",\"bin_managed\":false}", 201);
  json_t *p = call("POST", "/api/v1/products",
                   "{\"sku\":\"TEA-1KG\",\"name\":\"安化黑茶 1kg\","
                   "\"category\":\"tea\",\"weight_kg\":1.05,\"dims_cm\":[20,15,"
                   "8.5],\"cost\":\"45.5\",\"list_price\":128,"
                   "\"expiry_tracked\":true,\"barcodes\":[{\"code\":"
                   "\"6901234567892\"},{\"code\":\"16901234567899\","
                   "\"pack_qty\":12}]}",
                   201);
  assert_true(json_is_true(json_object_get(p, "lot_tracked")));
  assert_string_equal(json_string_value(json_object_get(p, "list_price")),
                      "128.00");
  json_decref(p);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"CUP-01\",\"name\":\"釉下五彩杯\",\"barcodes\":[{\"code\":"
     "\"40123455\"},{\"code\":\"CUP01-BOX\",\"pack_qty\":6}]}",
     201);
  refused("/api/v1/products",
          "{\"sku\":\"X1\",\"name\":\"x\",\"barcodes\":"
          "[{\"code\":\"6901234567893\"}]}",
          422, "invalid_gtin", "barcodes[0].code");
  refused("/api/v1/products",
          "{\"sku\":\"X1\",\"name\":\"x\",\"barcodes\":"
          "[{\"code\":\"40123455\"}]}",
          409, "barcode_taken", "barcodes[0].code");
  refused("/api/v1/products", "{\"sku\":\"CUP-01\",\"name\":\"again\"}", 409,
          "already_exists", "sku");
  refused("/api/v1/products", "{\"sku\":\"X1\",\"name\":\"x\",\"cost\":-1}",
          422, "out_of_range", "cost");
  refused("/api/v1/products",
          "{\"sku\":\"X1\",\"name\":\"x\",\"cost\":"
          "\"1.23456\"}",
          422, "invalid_value", "cost");
  refused("/api/v1/products", "{\"sku\":\"X 1\",\"name\":\"x\"}", 422,
          "invalid_value", "sku");
  ok("GET", "/api/v1/products/X1", NULL, 404);
  /* A carton GTIN-14 and a GTIN-8 padded to 14 both find their SKU. */
  json_t *l = call("GET", "/api/v1/products?q=00000040123455", NULL, 200);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(l, "items"), 0), "sku")),
      "CUP-01");
  json_decref(l);
  l = call("GET", "/api/v1/products?limit=1", NULL, 200);
  const char *next = json_string_value(json_object_get(l, "next"));
  assert_non_null(next);
  char path[256];
  snprintf(path, sizeof path, "/api/v1/products?limit=1&cursor=%s", next);
  json_t *l2 = call("GET", path, NULL, 200);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(l2, "items"), 0), "sku")),
      "TEA-1KG");
  assert_true(json_is_null(json_object_get(l2, "next")));
  json_decref(l2);
  json_decref(l);
}

static void
six_hundred_bins_in_one_request_listed_in_pick_sequence(void **state)
{
  ok("POST", "/api/v1/warehouses/ZZ1/zones",
     "{\"code\":\"PICK\",\"type\":\"pick\",\"name\":\"拣货区\"}", 201);
  ok("POST", "/api/v1/warehouses/ZZ1/zones",
     "{\"code\":\"QA\",\"type\":\"quarantine\"}", 201);
  const char *gen = "{\"zone\":\"PICK\",\"aisles\":\"A-F\",\"racks\":\"1-20\","
                    "\"levels\":\"1-5\",\"positions\":\"1\","
                    "\"pattern\":\"{aisle}-{rack:02}-{level}\"%s}";
  char body[256];
  snprintf(body, sizeof body, gen, ",\"preview\":true");
  json_t *pv = call("POST", "/api/v1/warehouses/ZZ1/bins/generate", body, 200);
  assert_int_equal(json_integer_value(json_object_get(pv, "count")), 600);
  assert_true(json_is_false(json_object_get(pv, "created")));
  json_decref(pv);
  snprintf(body, sizeof body, gen, "");
  json_t *g = call("POST", "/api/v1/warehouses/ZZ1/bins/generate", body, 201);
  assert_int_equal(json_integer_value(json_object_get(g, "count")), 600);
  /* Serpentine: aisle B walks the racks back from 20. */
  assert_string_equal(json_string_value(json_object_get(g, "last")), "F-01-5");
  json_decref(g);
  refused("/api/v1/warehouses/ZZ1/bins/generate", body, 409, "already_exists",
          "pattern");
  refused("/api/v1/warehouses/ZZ1/bins/generate",
          "{\"zone\":\"PICK\",\"aisles\":\"A-Z\",\"racks\":\"1-100\","
          "\"levels\":\"1-10\",\"positions\":\"1-10\"}",
          422, "too_many_bins", "aisles");
  refused("/api/v1/warehouses/ZZ1/bins/generate",
          "{\"zone\":\"PICK\",\"aisles\":\"G\",\"racks\":\"1-3\","
          "\"pattern\":\"{aisle}\"}",
          422, "invalid_value", "pattern");
  refused("/api/v1/warehouses/ZZ1/bins/generate",
          "{\"zone\":\"NOPE\",\"aisles\":\"G\",\"racks\":\"1\"}", 422,
          "unknown_zone", "zone");
  json_t *l = call("GET", "/api/v1/warehouses/ZZ1/bins?limit=1000", NULL, 200);
  json_t *items = json_object_get(l, "items");
  assert_int_equal(json_array_size(items), 600);
  const char *expect[] = {"A-01-1", "A-01-2"};
  for (int i = 0; i < 2; i++)
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(items, (size_t)i), "code")),
                        expect[i]);
  /* Bin 101 is the first of aisle B, which starts at rack 20. */
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 100), "code")),
      "B-20-1");
  int64_t prev = -1;
  for (size_t i = 0; i < json_array_size(items); i++) {
    int64_t seq = json_integer_value(
        json_object_get(json_array_get(items, i), "pick_sequence"));
    assert_true(seq > prev);
    prev = seq;
  }
  json_decref(l);
  ok("POST", "/api/v1/warehouses/ZZ1/bins",
     "{\"code\":\"QA-1\",\"zone\":\"QA\"}", 201);
  ok("POST", "/api/v1/warehouses/ZZ1/bins",
     "{\"code\":\"SOLO-1\",\"zone\":\"PICK\",\"mixed_skus\":false,"
     "\"capacity_units\":20}",
     201);
  ok("POST", "/api/v1/warehouses/ZZ1/bins",
     "{\"code\":\"BLK-1\",\"zone\":\"PICK\",\"blocked\":true}", 201);
}

static void
adjustments_load_stock_and_enforce_lot_rules(void **state)
{
  const char *p = "/api/v1/stock/adjustments";
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"TEA-1KG\","
     "\"qty_delta\":10,\"lot\":\"L2406\",\"expiry\":\"2098-06-30\","
     "\"reason\":\"opening stock\"}",
     201);
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-2\",\"sku\":\"TEA-1KG\","
     "\"qty_delta\":5,\"lot\":\"L2401\",\"expiry\":\"2098-01-31\"}",
     201);
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-3\",\"sku\":\"CUP-01\","
     "\"qty_delta\":30}",
     201);
  ok("POST", p, "{\"warehouse\":\"LL1\",\"sku\":\"CUP-01\",\"qty_delta\":7}",
     201);
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"TEA-1KG\","
          "\"qty_delta\":1}",
          422, "lot_required", "lot");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"TEA-1KG\","
          "\"qty_delta\":1,\"lot\":\"NEW\"}",
          422, "expiry_required", "expiry");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"CUP-01\","
          "\"qty_delta\":1,\"expiry\":\"2027-01-01\"}",
          422, "expiry_not_tracked", "expiry");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"TEA-1KG\","
          "\"qty_delta\":1,\"lot\":\"L2401\",\"expiry\":\"2098-02-01\"}",
          409, "expiry_mismatch", "expiry");
  refused(p, "{\"warehouse\":\"ZZ1\",\"sku\":\"CUP-01\",\"qty_delta\":1}", 422,
          "missing_field", "bin");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"Z-99\",\"sku\":\"CUP-01\","
          "\"qty_delta\":1}",
          422, "unknown_bin", "bin");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-3\",\"sku\":\"CUP-01\","
          "\"qty_delta\":-31}",
          409, "insufficient_stock", "qty");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-3\",\"sku\":\"CUP-01\","
          "\"qty_delta\":0}",
          422, "out_of_range", "qty_delta");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-3\",\"sku\":\"CUP-01\","
          "\"qty_delta\":1.5}",
          422, "wrong_type", "qty_delta");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"A-01-1\",\"sku\":\"TEA-1KG\","
          "\"qty_delta\":1,\"lot\":\"L9\",\"expiry\":\"2027-02-30\"}",
          422, "invalid_value", "expiry");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"BLK-1\",\"sku\":\"CUP-01\","
          "\"qty_delta\":1}",
          409, "bin_blocked", "bin");
  assert_int_equal(stock_figure("sku=TEA-1KG&warehouse=ZZ1", "on_hand"), 15);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=ZZ1", "on_hand"), 30);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=LL1", "available"), 7);
}

static void
replayed_move_moves_stock_once(void **state)
{
  const char *mv = "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
                   "\"A-01-4\",\"qty\":4,\"idempotency_key\":\"scan-77\"}";
  json_t *first = call("POST", "/api/v1/stock/moves", mv, 201);
  json_t *again = call("POST", "/api/v1/stock/moves", mv, 200);
  assert_int_equal(json_integer_value(json_object_get(first, "move_id")),
                   json_integer_value(json_object_get(again, "move_id")));
  json_decref(first);
  json_decref(again);
  assert_int_equal(stock_figure("sku=CUP-01&bin=A-01-4", "on_hand"), 4);
  assert_int_equal(stock_figure("sku=CUP-01&bin=A-01-3", "on_hand"), 26);
  /* The same key for another move is a client bug, refused. */
  refused("/api/v1/stock/moves",
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":\"A-01-4\","
          "\"qty\":5,\"idempotency_key\":\"scan-77\"}",
          409, "idempotency_conflict", "idempotency_key");
  assert_int_equal(stock_figure("sku=CUP-01&bin=A-01-4", "on_hand"), 4);
}

static void
move_refusals_change_nothing(void **state)
{
  const char *p = "/api/v1/stock/moves";
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-4\",\"qty\":27}",
          409, "insufficient_stock", "qty");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"BLK-1\",\"qty\":1}",
          409, "bin_blocked", "to_bin");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"SOLO-1\",\"qty\":21}",
          409, "bin_capacity_exceeded", "to_bin");
  ok("POST", p,
     "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
     "\"SOLO-1\",\"qty\":2}",
     201);
  refused(p,
          "{\"sku\":\"TEA-1KG\",\"lot\":\"L2406\",\"from_bin\":\"A-01-1\","
          "\"to_bin\":\"SOLO-1\",\"qty\":1}",
          409, "bin_single_sku", "to_bin");
  refused(p,
          "{\"sku\":\"TEA-1KG\",\"from_bin\":\"A-01-1\",\"to_bin\":"
          "\"A-01-4\",\"qty\":1}",
          422, "lot_required", "lot");
  refused(p,
          "{\"sku\":\"CUP-01\",\"lot\":\"X\",\"from_bin\":\"A-01-3\","
          "\"to_bin\":\"A-01-4\",\"qty\":1}",
          422, "lot_not_tracked", "lot");
  refused(p,
          "{\"sku\":\"NOPE\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-4\",\"qty\":1}",
          422, "unknown_sku", "sku");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-3\",\"qty\":1}",
          422, "same_location", "to_bin");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-4\",\"qty\":0}",
          422, "out_of_range", "qty");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-4\",\"qty\":-3}",
          422, "out_of_range", "qty");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"A-01-4\",\"qty\":1e20}",
          422, "out_of_range", "qty");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"@STOCK\",\"qty\":1}",
          422, "invalid_value", "to_bin");
  assert_int_equal(stock_figure("sku=CUP-01&bin=A-01-3", "on_hand"), 24);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=ZZ1", "on_hand"), 30);
}

static void
reservations_follow_fefo_and_close_once(void **state)
{
  const char *p = "/api/v1/stock/reservations";
  json_t *r = call("POST", p,
                   "{\"warehouse\":\"ZZ1\",\"sku\":\"TEA-1KG\",\"qty\":6,"
                   "\"reference\":\"SO-1/1\"}",
                   201);
  /* First expiry first: all of lot L2401, then one of L2406. */
  json_t *lines = json_object_get(r, "lines");
  assert_int_equal(json_array_size(lines), 2);
  json_t *l0 = json_array_get(lines, 0), *l1 = json_array_get(lines, 1);
  assert_string_equal(json_string_value(json_object_get(l0, "lot")), "L2406");
  assert_int_equal(json_integer_value(json_object_get(l0, "qty")), 1);
  assert_string_equal(json_string_value(json_object_get(l1, "lot")), "L2401");
  assert_int_equal(json_integer_value(json_object_get(l1, "qty")), 5);
  int64_t id = json_integer_value(json_object_get(r, "id"));
  json_decref(r);
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"sku\":\"TEA-1KG\",\"qty\":6,"
     "\"reference\":\"SO-1/1\"}",
     200);
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"sku\":\"TEA-1KG\",\"qty\":7,"
          "\"reference\":\"SO-1/1\"}",
          409, "idempotency_conflict", "reference");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"sku\":\"TEA-1KG\",\"qty\":10,"
          "\"reference\":\"SO-2/1\"}",
          409, "insufficient_stock", "qty");
  refused(p,
          "{\"warehouse\":\"NOPE\",\"sku\":\"TEA-1KG\",\"qty\":1,"
          "\"reference\":\"SO-3/1\"}",
          422, "unknown_warehouse", "warehouse");
  assert_int_equal(stock_figure("sku=TEA-1KG&warehouse=ZZ1", "reserved"), 6);
  /* Reserved units move with their reservation (all of L2401 in A-01-2
   * is reserved), and back again. */
  ok("POST", "/api/v1/stock/moves",
     "{\"sku\":\"TEA-1KG\",\"lot\":\"L2401\","
     "\"from_bin\":\"A-01-2\",\"to_bin\":\"A-01-4\",\"qty\":1}",
     201);
  char path[96];
  snprintf(path, sizeof path, "%s/%lld", p, (long long)id);
  r = call("GET", path, NULL, 200);
  lines = json_object_get(r, "lines");
  assert_int_equal(json_array_size(lines), 3);
  l1 = json_array_get(lines, 2);
  assert_string_equal(json_string_value(json_object_get(l1, "bin")), "A-01-4");
  assert_int_equal(json_integer_value(json_object_get(l1, "qty")), 1);
  json_decref(r);
  assert_int_equal(stock_figure("sku=TEA-1KG&bin=A-01-4", "reserved"), 1);
  ok("POST", "/api/v1/stock/moves",
     "{\"sku\":\"TEA-1KG\",\"lot\":\"L2401\","
     "\"from_bin\":\"A-01-4\",\"to_bin\":\"A-01-2\",\"qty\":1}",
     201);
  assert_int_equal(stock_figure("sku=TEA-1KG&bin=A-01-2", "reserved"), 5);
  /* Not into quarantine, where reservations never sit. */
  refused("/api/v1/stock/moves",
          "{\"sku\":\"TEA-1KG\",\"lot\":\"L2401\","
          "\"from_bin\":\"A-01-2\",\"to_bin\":\"QA-1\",\"qty\":1}",
          409, "insufficient_stock", "qty");
  /* Not more than the bin holds. */
  refused("/api/v1/stock/moves",
          "{\"sku\":\"TEA-1KG\",\"lot\":\"L2401\","
          "\"from_bin\":\"A-01-2\",\"to_bin\":\"A-01-4\",\"qty\":6}",
          409, "insufficient_stock", "qty");
  snprintf(path, sizeof path, "%s/%lld/release", p, (long long)id);
  ok("POST", path, NULL, 200);
  json_t *e = call("POST", path, NULL, 409);
  assert_string_equal(api_json_error_code(e), "reservation_not_active");
  json_decref(e);
  assert_int_equal(stock_figure("sku=TEA-1KG&warehouse=ZZ1", "reserved"), 0);
  r = call("POST", p,
           "{\"warehouse\":\"ZZ1\",\"sku\":\"CUP-01\","
           "\"qty\":3,\"reference\":\"SO-4/1\"}",
           201);
  snprintf(path, sizeof path, "%s/%lld/consume", p,
           (long long)json_integer_value(json_object_get(r, "id")));
  json_decref(r);
  ok("POST", path, NULL, 200);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=ZZ1", "on_hand"), 27);
  ok("GET", "/api/v1/stock/reservations/999999", NULL, 404);
  ok("GET", "/api/v1/stock/reservations/abc", NULL, 404);
}

static void
quarantined_and_expired_stock_is_never_reserved(void **state)
{
  ok("POST", "/api/v1/products",
     "{\"sku\":\"Q-TEA\",\"name\":\"q\",\"expiry_tracked\":true}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"ZZ1\",\"bin\":\"QA-1\",\"sku\":\"Q-TEA\","
     "\"qty_delta\":5,\"lot\":\"QL\",\"expiry\":\"2099-01-01\"}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"ZZ1\",\"bin\":\"A-02-1\",\"sku\":\"Q-TEA\","
     "\"qty_delta\":5,\"lot\":\"OLD\",\"expiry\":\"2020-01-01\"}",
     201);
  json_t *e = call("POST", "/api/v1/stock/reservations",
                   "{\"warehouse\":\"ZZ1\",\"sku\":\"Q-TEA\",\"qty\":1,"
                   "\"reference\":\"SO-Q\"}",
                   409);
  json_t *err = json_object_get(e, "error");
  assert_string_equal(json_string_value(json_object_get(err, "code")),
                      "insufficient_stock");
  assert_int_equal(json_integer_value(json_object_get(err, "available")), 0);
  json_decref(e);
  assert_int_equal(stock_figure("sku=Q-TEA&warehouse=ZZ1", "on_hand"), 10);
}

static void
bins_are_found_in_the_right_warehouse(void **state)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W2\",\"name\":\"two\"}", 201);
  ok("POST", "/api/v1/warehouses/W2/zones",
     "{\"code\":\"P\",\"type\":"
     "\"pick\"}",
     201);
  ok("POST", "/api/v1/warehouses/W2/bins",
     "{\"code\":\"A-01-1\",\"zone\":"
     "\"P\"}",
     201);
  ok("POST", "/api/v1/warehouses/W2/bins",
     "{\"code\":\"W2-ONLY\","
     "\"zone\":\"P\"}",
     201);
  const char *p = "/api/v1/stock/moves";
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-1\",\"to_bin\":"
          "\"A-01-4\",\"qty\":1}",
          422, "ambiguous_bin", "from_bin");
  refused(p,
          "{\"sku\":\"CUP-01\",\"from_bin\":\"A-01-3\",\"to_bin\":"
          "\"W2-ONLY\",\"qty\":1}",
          422, "cross_warehouse_move", "to_bin");
  refused(p,
          "{\"warehouse\":\"W2\",\"sku\":\"CUP-01\",\"from_bin\":"
          "\"A-01-3\",\"to_bin\":\"A-01-1\",\"qty\":1}",
          422, "unknown_bin", "from_bin");
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"sku\":\"CUP-01\",\"from_bin\":"
     "\"A-01-3\",\"to_bin\":\"A-01-1\",\"qty\":1}",
     201);
  json_t *b = call("GET", "/api/v1/warehouses/ZZ1/bins?sku=CUP-01", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(b, "items")), 4);
  json_decref(b);
  b = call("GET", "/api/v1/warehouses/W2/bins?empty=true", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(b, "items")), 2);
  json_decref(b);
}

static void
planning_drives_the_low_stock_list(void **state)
{
  json_t *p = call("PATCH", "/api/v1/products/CUP-01",
                   "{\"name\":\"釉下五彩杯 牡丹\",\"list_price\":\"72\","
                   "\"add_barcodes\":[{\"code\":\"CUP01-CASE\",\"pack_qty\":"
                   "24}],\"remove_barcodes\":[\"CUP01-BOX\"],\"planning\":"
                   "[{\"warehouse\":\"ZZ1\",\"reorder_point\":40,"
                   "\"safety_stock\":10},{\"warehouse\":\"LL1\","
                   "\"reorder_point\":5}]}",
                   200);
  assert_string_equal(json_string_value(json_object_get(p, "list_price")),
                      "72.00");
  json_t *codes = json_object_get(p, "barcodes");
  assert_int_equal(json_array_size(codes), 2);
  json_decref(p);
  json_t *e = call("PATCH", "/api/v1/products/CUP-01",
                   "{\"planning\":[{\"warehouse\":\"NOPE\","
                   "\"reorder_point\":1}]}",
                   422);
  assert_string_equal(api_json_error_code(e), "unknown_warehouse");
  json_decref(e);
  ok("PATCH", "/api/v1/products/NOPE", "{\"name\":\"x\"}", 404);
  json_t *low = call("GET", "/api/v1/stock/low", NULL, 200);
  json_t *items = json_object_get(low, "items");
  assert_int_equal(json_array_size(items), 1);
  json_t *row = json_array_get(items, 0);
  assert_string_equal(json_string_value(json_object_get(row, "warehouse")),
                      "ZZ1");
  assert_int_equal(json_integer_value(json_object_get(row, "shortfall")),
                   40 - 27);
  json_decref(low);
}

/* Resolves @a code; returns the match (caller decrefs). */
static json_t *
resolve(const char *code)
{
  json_t *body = json_pack("{s:s}", "code", code);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  json_t *m = call("POST", "/api/v1/scans/resolve", text, 200);
  free(text);
  return m;
}

static void
scans_resolve_to_bins_skus_gs1_and_sscc(void **state)
{
  const struct {
    const char *code, *kind, *key, *value;
  } cases[] = {
      {"a-01-1", "bin", "bin", "A-01-1"},
      {"40123455", "sku", "sku", "CUP-01"},
      {"00000040123455", "sku", "sku", "CUP-01"},
      {"CUP01-CASE", "sku", "sku", "CUP-01"},
      {"TEA-1KG", "sku", "sku", "TEA-1KG"},
      {"]C101169012345678991728063010L2406", "gs1", "lot", "L2406"},
      {"(01)16901234567899(17)280630(10)L2406", "gs1", "expiry", "2028-06-30"},
      {"]C100009501101530000038", "sscc", "sscc", "009501101530000038"},
      {"NOTHING-LIKE-IT", "unknown", "code", "NOTHING-LIKE-IT"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *m = resolve(cases[i].code);
    const char *kind = json_string_value(json_object_get(m, "kind"));
    const char *v = json_string_value(json_object_get(m, cases[i].key));
    if (kind == NULL || strcmp(kind, cases[i].kind) != 0 || v == NULL ||
        strcmp(v, cases[i].value) != 0) {
      char *dump = json_dumps(m, JSON_COMPACT);
      fail_msg("%s resolved to %s", cases[i].code, dump);
    }
    json_decref(m);
  }
  json_t *m = resolve("]C101169012345678991728063010L2406");
  assert_int_equal(json_integer_value(json_object_get(m, "pack_qty")), 12);
  assert_string_equal(json_string_value(json_object_get(m, "sku")), "TEA-1KG");
  json_decref(m);
  m = resolve("CUP01-CASE");
  assert_int_equal(json_integer_value(json_object_get(m, "pack_qty")), 24);
  json_decref(m);
}

/* Draws @a text as @a format through the API and reads it back. */
static void
round_trip(const char *format, const char *text, const char *want)
{
  char path[256];
  char *esc = curl_easy_escape(NULL, text, 0);
  snprintf(path, sizeof path, "/api/v1/barcodes/%s.png?text=%s", format, esc);
  curl_free(esc);
  struct api_reply png;
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &png));
  assert_int_equal(png.status, 200);
  assert_string_equal(png.content_type, "image/png");
  struct api_reply dec;
  assert_true(api_call(&srv, "POST", "/api/v1/barcodes/decode", png.body,
                       png.body_len, "image/png", NULL, &dec));
  assert_int_equal(dec.status, 200);
  json_t *r0 = json_array_get(json_object_get(dec.json, "results"), 0);
  const char *got = json_string_value(json_object_get(r0, "text"));
  if (got == NULL || strstr(got, want) == NULL)
    fail_msg("%s: decoded %s", format, dec.body);
  api_reply_clear(&dec);
  api_reply_clear(&png);
}

static void
barcodes_draw_and_decode_over_http(void **state)
{
  round_trip("qr", "A-03-02-1", "A-03-02-1");
  /* Chinese text: UTF-8 in the QR code, the same text back. */
  round_trip("qr", "醴陵釉下五彩", "醴陵釉下五彩");
  round_trip("code128", "ZZ1-B0101", "ZZ1-B0101");
  round_trip("gs1-128", "(01)09506000134352(10)ABC", "0109506000134352");
  struct api_reply svg;
  assert_true(api_call(&srv, "GET",
                       "/api/v1/barcodes/ean13.svg?text=6901234567892", NULL, 0,
                       NULL, NULL, &svg));
  assert_int_equal(svg.status, 200);
  assert_string_equal(svg.content_type, "image/svg+xml");
  assert_non_null(strstr(svg.body, "<svg"));
  api_reply_clear(&svg);
  char path[200];
  char *esc = curl_easy_escape(NULL, "醴陵釉下五彩", 0);
  snprintf(path, sizeof path, "/api/v1/barcodes/qr.svg?text=%s", esc);
  curl_free(esc);
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &svg));
  assert_int_equal(svg.status, 200);
  assert_non_null(strstr(svg.body, "<svg"));
  api_reply_clear(&svg);
  ok("GET", "/api/v1/barcodes/pdf417.png?text=x", NULL, 404);
  ok("GET", "/api/v1/barcodes/qr.png", NULL, 400);
  ok("GET", "/api/v1/barcodes/gs1-128.png?text=(01)123", NULL, 422);
  struct api_reply bad;
  assert_true(api_call(&srv, "POST", "/api/v1/barcodes/decode", "not an image",
                       12, "image/png", NULL, &bad));
  assert_int_equal(bad.status, 422);
  api_reply_clear(&bad);
}

static int
occurrences(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* The planner prints a zone's bin labels, in walking order. */
static void
bin_labels_print_by_zone(void **state)
{
  struct api_reply r;
  assert_true(api_call(&srv, "GET",
                       "/api/v1/warehouses/ZZ1/labels/bins.zpl?zone=PICK"
                       "&limit=10",
                       NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_int_equal(occurrences(r.body, "^XA"), 10);
  assert_non_null(strstr(r.body, "^FDA-01-1^FS"));
  api_reply_clear(&r);
  assert_true(api_call(&srv, "GET",
                       "/api/v1/warehouses/ZZ1/labels/bins.pdf?zone=PICK"
                       "&limit=30",
                       NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_int_equal(memcmp(r.body, "%PDF-", 5), 0);
  api_reply_clear(&r);
  assert_true(api_call(&srv, "GET",
                       "/api/v1/labels/sscc.pdf?code=106141410000000019", NULL,
                       0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_int_equal(memcmp(r.body, "%PDF-", 5), 0);
  api_reply_clear(&r);
  assert_true(api_call(&srv, "GET",
                       "/api/v1/labels/sscc.pdf?code=106141410000000018", NULL,
                       0, NULL, NULL, &r));
  assert_int_equal(r.status, 422);
  api_reply_clear(&r);
  assert_true(api_call(&srv, "GET", "/api/v1/warehouses/ZZ1/labels/bins.txt",
                       NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 404);
  api_reply_clear(&r);
  assert_true(api_call(&srv, "GET",
                       "/api/v1/warehouses/ZZ1/labels/bins.zpl?zone=NOPE", NULL,
                       0, NULL, NULL, &r));
  assert_int_equal(r.status, 404);
  api_reply_clear(&r);
}

static void
labels_come_back_as_escaped_zpl(void **state)
{
  struct api_reply r;
  assert_true(api_call(&srv, "GET",
                       "/api/v1/labels/bin.zpl?code=A-03-02-1&copies=2"
                       "&caption=%5EXZ%E8%B4%A7%E6%9E%B6",
                       NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_string_equal(r.content_type, "application/x-zpl; charset=utf-8");
  assert_int_equal(strncmp(r.body, "^XA", 3), 0);
  assert_non_null(strstr(r.body, "^FDA-03-02-1^FS"));
  assert_non_null(strstr(r.body, "^FH^FD_5EXZ_E8_B4_A7_E6_9E_B6^FS"));
  assert_non_null(strstr(r.body, "^PQ2^XZ"));
  api_reply_clear(&r);
  ok("GET", "/api/v1/labels/sscc.zpl?code=106141411234567897", NULL, 200);
  ok("GET", "/api/v1/labels/sscc.zpl?code=106141411234567890", NULL, 422);
  ok("GET", "/api/v1/labels/bin.zpl", NULL, 400);
  ok("GET", "/api/v1/labels/bin.zpl?code=A&copies=0", NULL, 400);
  ok("GET", "/api/v1/labels/pallet.zpl?code=A", NULL, 404);
  ok("GET", "/api/v1/labels/bin.txt?code=A", NULL, 404);
}

/* The bin codes a putaway suggestion lists, comma-joined. */
static void
suggested(const char *query, char *out, size_t len)
{
  char path[256];
  snprintf(path, sizeof path, "/api/v1/putaway/suggest?%s", query);
  json_t *j = call("GET", path, NULL, 200);
  out[0] = '\0';
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(j, "items"), i, row)
  {
    size_t used = strlen(out);
    snprintf(out + used, len - used, "%s%s", i ? "," : "",
             json_string_value(json_object_get(row, "bin")));
  }
  json_decref(j);
}

static void
putaway_suggests_by_rules_consolidation_and_room(void **state)
{
  char bins[512];
  /* No rule: bins holding the SKU first, nearest its first bin. */
  suggested("warehouse=ZZ1&sku=CUP-01&qty=5&limit=4", bins, sizeof bins);
  assert_string_equal(bins, "A-01-1,A-01-3,A-01-4,SOLO-1");
  /* The single-SKU bin with capacity 20 has no room for 19 more. */
  suggested("warehouse=ZZ1&sku=CUP-01&qty=19&limit=4", bins, sizeof bins);
  assert_null(strstr(bins, "SOLO-1"));
  ok("POST", "/api/v1/warehouses/ZZ1/zones",
     "{\"code\":\"RES\",\"type\":\"reserve\"}", 201);
  ok("POST", "/api/v1/warehouses/ZZ1/bins",
     "{\"code\":\"R-1\",\"zone\":\"RES\",\"pick_sequence\":900}", 201);
  ok("POST", "/api/v1/warehouses/ZZ1/bins",
     "{\"code\":\"R-2\",\"zone\":\"RES\",\"pick_sequence\":901}", 201);
  ok("POST", "/api/v1/warehouses/ZZ1/putaway-rules",
     "{\"category\":\"tea\",\"zone\":\"RES\"}", 201);
  suggested("warehouse=ZZ1&sku=TEA-1KG&qty=5", bins, sizeof bins);
  assert_string_equal(bins, "R-1,R-2");
  /* A SKU rule whose bin cannot take it gives way to the category rule. */
  json_t *r = call("POST", "/api/v1/warehouses/ZZ1/putaway-rules",
                   "{\"sku\":\"TEA-1KG\",\"bin\":\"SOLO-1\","
                   "\"priority\":1}",
                   201);
  suggested("warehouse=ZZ1&sku=TEA-1KG&qty=5", bins, sizeof bins);
  assert_string_equal(bins, "R-1,R-2");
  char path[128];
  snprintf(path, sizeof path, "/api/v1/warehouses/ZZ1/putaway-rules/%lld",
           (long long)json_integer_value(json_object_get(r, "id")));
  json_decref(r);
  ok("DELETE", path, NULL, 204);
  ok("DELETE", path, NULL, 404);
  refused("/api/v1/warehouses/ZZ1/putaway-rules",
          "{\"sku\":\"TEA-1KG\",\"category\":\"tea\",\"zone\":\"RES\"}", 422,
          "invalid_value", "sku");
  refused("/api/v1/warehouses/ZZ1/putaway-rules",
          "{\"category\":\"tea\",\"zone\":\"NOPE\"}", 422, "unknown_zone",
          "zone");
  ok("GET", "/api/v1/putaway/suggest?warehouse=ZZ1&sku=NOPE", NULL, 422);
  ok("GET", "/api/v1/putaway/suggest?warehouse=ZZ1", NULL, 400);
}

static void
transfers_go_through_in_transit(void **state)
{
  int64_t zz = stock_figure("sku=CUP-01&warehouse=ZZ1", "on_hand");
  int64_t ll = stock_figure("sku=CUP-01&warehouse=LL1", "on_hand");
  const char *ship = "{\"sku\":\"CUP-01\",\"from_warehouse\":\"ZZ1\","
                     "\"from_bin\":\"A-01-3\",\"to_warehouse\":\"LL1\","
                     "\"qty\":5,\"idempotency_key\":\"tr-1\"}";
  json_t *t = call("POST", "/api/v1/stock/transfers", ship, 201);
  int64_t id = json_integer_value(json_object_get(t, "id"));
  assert_string_equal(json_string_value(json_object_get(t, "state")),
                      "in_transit");
  json_decref(t);
  ok("POST", "/api/v1/stock/transfers", ship, 200);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=ZZ1", "on_hand"), zz - 5);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=LL1", "in_transit"), 5);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=LL1", "on_hand"), ll);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stock/transfers/%lld/receive",
           (long long)id);
  ok("POST", path, NULL, 200);
  json_t *e = call("POST", path, NULL, 409);
  assert_string_equal(api_json_error_code(e), "conflict");
  json_decref(e);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=LL1", "on_hand"), ll + 5);
  assert_int_equal(stock_figure("sku=CUP-01&warehouse=LL1", "in_transit"), 0);
  /* And back from the lite warehouse into a named bin. */
  t = call("POST", "/api/v1/stock/transfers",
           "{\"sku\":\"CUP-01\",\"from_warehouse\":\"LL1\","
           "\"to_warehouse\":\"ZZ1\",\"qty\":1}",
           201);
  snprintf(path, sizeof path, "/api/v1/stock/transfers/%lld/receive",
           (long long)json_integer_value(json_object_get(t, "id")));
  json_decref(t);
  e = call("POST", path, "{\"to_bin\":\"NOPE\"}", 422);
  assert_string_equal(api_json_error_code(e), "unknown_bin");
  json_decref(e);
  ok("POST", path, "{\"to_bin\":\"A-01-1\"}", 200);
  refused("/api/v1/stock/transfers",
          "{\"sku\":\"CUP-01\",\"from_warehouse\":\"ZZ1\",\"from_bin\":"
          "\"A-01-3\",\"to_warehouse\":\"ZZ1\",\"qty\":1}",
          422, "invalid_value", "to_warehouse");
  refused("/api/v1/stock/transfers",
          "{\"sku\":\"CUP-01\",\"from_warehouse\":\"ZZ1\",\"to_warehouse\":"
          "\"LL1\",\"qty\":1}",
          422, "unknown_bin", "from_bin");
  refused("/api/v1/stock/transfers",
          "{\"sku\":\"CUP-01\",\"from_warehouse\":\"ZZ1\",\"from_bin\":"
          "\"A-01-3\",\"to_warehouse\":\"LL1\",\"qty\":100000}",
          409, "insufficient_stock", "qty");
  json_t *l = call(
      "GET", "/api/v1/stock/transfers?warehouse=LL1&state=received", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 2);
  json_decref(l);
}

/* Runs `depot check stock` on the test database; returns its status. */
static int
check_stock(char *out, size_t len)
{
  static char env_url[600];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *args[] = {"check", "stock", NULL};
  const char *env[] = {env_url, NULL};
  return api_run_depot(args, env, out, len);
}

/* The one text @a sql answers on @a pg. */
static char *
sql_text(PGconn *pg, const char *sql)
{
  PGresult *r = PQexec(pg, sql);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_int_equal(PQntuples(r), 1);
  char *v = strdup(PQgetvalue(r, 0, 0));
  PQclear(r);
  return v;
}

/* The moving average of COST-1 in ZZ1 (issue 22 item 1). */
static void
assert_avg_cost(PGconn *pg, const char *want)
{
  char *v = sql_text(pg, "SELECT avg_cost::text FROM sku_cost c JOIN sku s ON"
                         " s.id = c.sku_id JOIN warehouse w ON w.id ="
                         " c.warehouse_id WHERE s.code = 'COST-1' AND"
                         " w.code = 'ZZ1'");
  assert_string_equal(v, want);
  free(v);
}

/* Opening stock at a stated cost (issue 22 item 1): the move carries it,
 * the moving average takes it as a receipt's, a replay changes nothing,
 * units without a cost come in at the average, a cost on units going out
 * is refused and writes nothing, and the valuation report adds up. */
static void
adjustments_in_at_a_stated_cost_enter_the_moving_average(void **state)
{
  (void)state;
  const char *p = "/api/v1/stock/adjustments";
  ok("POST", "/api/v1/products",
     "{\"sku\":\"COST-1\",\"name\":\"成本测试\",\"cost\":\"10\"}", 201);
  PGconn *pg = PQconnectdb(srv.database_url);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"bin\":\"F-20-5\",\"sku\":\"COST-1\","
     "\"qty_delta\":10,\"unit_cost\":\"12.5\",\"reason\":\"opening\"}",
     201);
  assert_avg_cost(pg, "12.5000");
  const char *second =
      "{\"warehouse\":\"ZZ1\",\"bin\":\"F-20-5\",\"sku\":\"COST-1\","
      "\"qty_delta\":10,\"unit_cost\":7.5,\"idempotency_key\":\"cost-2\"}";
  ok("POST", p, second, 201);
  assert_avg_cost(pg, "10.0000");
  ok("POST", p, second, 200);
  assert_avg_cost(pg, "10.0000");
  ok("POST", p,
     "{\"warehouse\":\"ZZ1\",\"bin\":\"F-20-5\",\"sku\":\"COST-1\","
     "\"qty_delta\":5}",
     201);
  assert_avg_cost(pg, "10.0000");
  char *costs = sql_text(pg, "SELECT string_agg(m.unit_cost::text, ',' ORDER BY"
                             " m.id) FROM stock_move m JOIN sku s ON s.id ="
                             " m.sku_id WHERE s.code = 'COST-1'");
  assert_string_equal(costs, "12.5000,7.5000,10.0000");
  free(costs);
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"F-20-5\",\"sku\":\"COST-1\","
          "\"qty_delta\":-1,\"unit_cost\":\"3\"}",
          422, "invalid_value", "unit_cost");
  refused(p,
          "{\"warehouse\":\"ZZ1\",\"bin\":\"F-20-5\",\"sku\":\"COST-1\","
          "\"qty_delta\":1,\"unit_cost\":\"-3\"}",
          422, "out_of_range", "unit_cost");
  assert_int_equal(stock_figure("sku=COST-1&warehouse=ZZ1", "on_hand"), 25);
  json_t *v = call("GET", "/api/v1/reports/inventory?sku=COST-1&warehouse=ZZ1",
                   NULL, 200);
  json_t *row = json_array_get(json_object_get(v, "rows"), 0);
  assert_true(json_is_number(json_object_get(row, "value")));
  assert_true(json_number_value(json_object_get(row, "value")) == 250.0);
  json_decref(v);
  PQfinish(pg);
}

static void
ledger_check_notices_a_corrupted_quant(void **state)
{
  char out[8192];
  assert_int_equal(check_stock(out, sizeof out), 0);
  PGconn *pg = PQconnectdb(srv.database_url);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  const char *corrupt =
      "UPDATE stock_quant SET on_hand = on_hand + 1 WHERE location_id ="
      " (SELECT id FROM location WHERE code = 'A-01-4')";
  PQclear(PQexec(pg, corrupt));
  assert_int_equal(check_stock(out, sizeof out), 1);
  assert_non_null(strstr(out, "\"sku\":\"CUP-01\""));
  assert_non_null(strstr(out, "\"location\":\"A-01-4\""));
  PQclear(PQexec(pg, "UPDATE stock_quant SET on_hand = on_hand - 1 WHERE"
                     " location_id = (SELECT id FROM location"
                     " WHERE code = 'A-01-4')"));
  /* The ledger itself refuses edits. */
  PGresult *r = PQexec(pg, "DELETE FROM stock_move");
  assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
  PQclear(r);
  /* And a quant can never go negative or over-reserved. */
  r = PQexec(pg, "UPDATE stock_quant SET reserved = on_hand + 1");
  assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
  PQclear(r);
  PQfinish(pg);
  assert_int_equal(check_stock(out, sizeof out), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(catalog_with_gtins_and_pack_quantities),
      cmocka_unit_test(six_hundred_bins_in_one_request_listed_in_pick_sequence),
      cmocka_unit_test(adjustments_load_stock_and_enforce_lot_rules),
      cmocka_unit_test(replayed_move_moves_stock_once),
      cmocka_unit_test(move_refusals_change_nothing),
      cmocka_unit_test(reservations_follow_fefo_and_close_once),
      cmocka_unit_test(quarantined_and_expired_stock_is_never_reserved),
      cmocka_unit_test(bins_are_found_in_the_right_warehouse),
      cmocka_unit_test(planning_drives_the_low_stock_list),
      cmocka_unit_test(putaway_suggests_by_rules_consolidation_and_room),
      cmocka_unit_test(scans_resolve_to_bins_skus_gs1_and_sscc),
      cmocka_unit_test(barcodes_draw_and_decode_over_http),
      cmocka_unit_test(labels_come_back_as_escaped_zpl),
      cmocka_unit_test(bin_labels_print_by_zone),
      cmocka_unit_test(transfers_go_through_in_transit),
      cmocka_unit_test(
          adjustments_in_at_a_stated_cost_enter_the_moving_average),
      cmocka_unit_test(ledger_check_notices_a_corrupted_quant),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
