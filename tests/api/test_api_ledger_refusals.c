/*
 * Every refusal of a ledger operation (moves, adjustments, reservations,
 * transfers, counts, replenishment) answers its exact error object:
 * status, code, message, field and the available figure. The ledger's
 * procedures answer C in the procedure contract (ledger_* in
 * sql/procs/ledger_contract.sql); this pins the replies the flag mapping
 * in C gave before, so the same file passes against either server
 * (DEPOT_BIN=<an older build>/depot).
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

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Sends; asserts @a status and that the error object equals @a error. */
static void
answers(const char *path, const char *body, long status, const char *error)
{
  json_t *j = call("POST", path, body, status);
  json_t *want = json_loads(error, 0, NULL);
  assert_non_null(want);
  json_t *got = json_object_get(j, "error");
  if (!json_equal(got, want)) {
    char *g = json_dumps(got, JSON_SORT_KEYS);
    fprintf(stderr, "POST %s %s\n  got  %s\n  want %s\n", path,
            body != NULL ? body : "", g != NULL ? g : "(none)", error);
    free(g);
  }
  assert_true(json_equal(got, want));
  json_decref(want);
  json_decref(j);
}

/* POSTs @a body to @a path and returns the integer @a key of the answer. */
static int64_t
created(const char *path, const char *body, long status, const char *key)
{
  json_t *j = call("POST", path, body, status);
  int64_t v = json_integer_value(json_object_get(j, key));
  json_decref(j);
  return v;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_ledger_refusals", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses",
     "{\"code\":\"W2\",\"name\":\"lite\",\"bin_managed\":false}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"R\",\"type\":\"reserve\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins/generate",
     "{\"zone\":\"P\",\"aisles\":\"A\",\"racks\":\"1-4\","
     "\"pattern\":\"{aisle}-{rack:02}\"}",
     201);
  const char *bins[] = {
      "{\"code\":\"BLK\",\"zone\":\"P\",\"blocked\":true}",
      "{\"code\":\"SOLO\",\"zone\":\"P\",\"mixed_skus\":false,"
      "\"capacity_units\":5}",
      "{\"code\":\"R-1\",\"zone\":\"R\"}",
      "{\"code\":\"R-2\",\"zone\":\"R\"}",
  };
  for (int i = 0; i < 4; i++)
    ok("POST", "/api/v1/warehouses/W1/bins", bins[i], 201);
  ok("POST", "/api/v1/products", "{\"sku\":\"C1\",\"name\":\"cup\"}", 201);
  ok("POST", "/api/v1/products", "{\"sku\":\"C2\",\"name\":\"pot\"}", 201);
  const char *adj[] = {
      "{\"warehouse\":\"W1\",\"bin\":\"A-01\",\"sku\":\"C1\",\"qty_delta\":10}",
      "{\"warehouse\":\"W1\",\"bin\":\"A-02\",\"sku\":\"C2\",\"qty_delta\":3}",
      "{\"warehouse\":\"W2\",\"sku\":\"C1\",\"qty_delta\":4}",
  };
  for (int i = 0; i < 3; i++)
    ok("POST", "/api/v1/stock/adjustments", adj[i], 201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
moves_and_adjustments_name_the_bin_field_and_the_units_left(void **state)
{
  const char *p = "/api/v1/stock/moves";
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"from_bin\":\"A-01\","
          "\"to_bin\":\"A-03\",\"qty\":11}",
          409,
          "{\"code\":\"insufficient_stock\",\"message\":\"only 10 available\","
          "\"field\":\"qty\",\"available\":10}");
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"from_bin\":\"A-01\","
          "\"to_bin\":\"BLK\",\"qty\":1}",
          409,
          "{\"code\":\"bin_blocked\",\"message\":\"the bin is blocked\","
          "\"field\":\"to_bin\"}");
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"from_bin\":\"A-01\","
          "\"to_bin\":\"SOLO\",\"qty\":6}",
          409,
          "{\"code\":\"bin_capacity_exceeded\",\"message\":\"the bin would "
          "hold more than its capacity\",\"field\":\"to_bin\"}");
  ok("POST", p,
     "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"from_bin\":\"A-01\","
     "\"to_bin\":\"SOLO\",\"qty\":1,\"idempotency_key\":\"mv-1\"}",
     201);
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C2\",\"from_bin\":\"A-02\","
          "\"to_bin\":\"SOLO\",\"qty\":1}",
          409,
          "{\"code\":\"bin_single_sku\",\"message\":\"the bin holds another "
          "SKU and does not allow mixing\",\"field\":\"to_bin\"}");
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"from_bin\":\"A-01\","
          "\"to_bin\":\"SOLO\",\"qty\":2,\"idempotency_key\":\"mv-1\"}",
          409,
          "{\"code\":\"idempotency_conflict\",\"message\":\"this idempotency "
          "key was used for a different request\","
          "\"field\":\"idempotency_key\"}");
  const char *a = "/api/v1/stock/adjustments";
  answers(a,
          "{\"warehouse\":\"W1\",\"bin\":\"A-01\",\"sku\":\"C1\","
          "\"qty_delta\":-50}",
          409,
          "{\"code\":\"insufficient_stock\",\"message\":\"only 9 available\","
          "\"field\":\"qty\",\"available\":9}");
  answers(a,
          "{\"warehouse\":\"W1\",\"bin\":\"BLK\",\"sku\":\"C1\","
          "\"qty_delta\":1}",
          409,
          "{\"code\":\"bin_blocked\",\"message\":\"the bin is blocked\","
          "\"field\":\"bin\"}");
}

static void
reservations_refuse_by_reference_and_state(void **state)
{
  const char *p = "/api/v1/stock/reservations";
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"qty\":100,"
          "\"reference\":\"R-1\"}",
          409,
          "{\"code\":\"insufficient_stock\",\"message\":\"cannot reserve 100 "
          "of C1 in W1: 10 available\",\"field\":\"qty\",\"available\":10}");
  int64_t id = created(
      p,
      "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"qty\":1,\"reference\":\"R-2\"}",
      201, "id");
  answers(p,
          "{\"warehouse\":\"W1\",\"sku\":\"C1\",\"qty\":2,"
          "\"reference\":\"R-2\"}",
          409,
          "{\"code\":\"idempotency_conflict\",\"message\":\"this idempotency "
          "key was used for a different request\",\"field\":\"reference\"}");
  const char *gone = "{\"code\":\"not_found\",\"message\":\"the addressed "
                     "resource does not exist\"}";
  answers("/api/v1/stock/reservations/999999/release", NULL, 404, gone);
  answers("/api/v1/stock/reservations/999999/consume", NULL, 404, gone);
  char path[96];
  snprintf(path, sizeof path, "%s/%lld/release", p, (long long)id);
  ok("POST", path, NULL, 200);
  const char *closed = "{\"code\":\"reservation_not_active\",\"message\":"
                       "\"the reservation was already released or "
                       "consumed\"}";
  answers(path, NULL, 409, closed);
  snprintf(path, sizeof path, "%s/%lld/consume", p, (long long)id);
  answers(path, NULL, 409, closed);
}

static void
transfers_refuse_on_ship_and_on_receipt(void **state)
{
  const char *p = "/api/v1/stock/transfers";
  answers(p,
          "{\"sku\":\"C1\",\"from_warehouse\":\"W1\",\"from_bin\":\"A-01\","
          "\"to_warehouse\":\"W2\",\"qty\":1000}",
          409,
          "{\"code\":\"insufficient_stock\",\"message\":\"not enough "
          "available stock\",\"field\":\"qty\",\"available\":9}");
  ok("POST", p,
     "{\"sku\":\"C1\",\"from_warehouse\":\"W1\",\"from_bin\":\"A-01\","
     "\"to_warehouse\":\"W2\",\"qty\":1,\"idempotency_key\":\"tr-1\"}",
     201);
  answers(p,
          "{\"sku\":\"C1\",\"from_warehouse\":\"W1\",\"from_bin\":\"A-01\","
          "\"to_warehouse\":\"W2\",\"qty\":2,\"idempotency_key\":\"tr-1\"}",
          409,
          "{\"code\":\"idempotency_conflict\",\"message\":\"this idempotency "
          "key was used for a different request\","
          "\"field\":\"idempotency_key\"}");
  answers("/api/v1/stock/transfers/999999/receive", NULL, 404,
          "{\"code\":\"not_found\",\"message\":\"the addressed resource does "
          "not exist\"}");
  int64_t id = created(p,
                       "{\"sku\":\"C1\",\"from_warehouse\":\"W2\","
                       "\"to_warehouse\":\"W1\",\"qty\":1}",
                       201, "id");
  char path[96], want[160];
  snprintf(path, sizeof path, "%s/%lld/receive", p, (long long)id);
  answers(path, "{\"to_bin\":\"BLK\"}", 409,
          "{\"code\":\"bin_blocked\",\"message\":\"the bin is blocked\","
          "\"field\":\"to_bin\"}");
  answers(path, "{\"to_bin\":\"NOPE\"}", 422,
          "{\"code\":\"unknown_bin\",\"message\":\"no such bin in this "
          "warehouse\",\"field\":\"to_bin\"}");
  ok("POST", path, "{\"to_bin\":\"A-04\"}", 200);
  snprintf(want, sizeof want,
           "{\"code\":\"conflict\",\"message\":\"transfer %lld was "
           "received\"}",
           (long long)id);
  answers(path, NULL, 409, want);
}

/* The first line of count @a id, or 0. */
static int64_t
first_line(int64_t id)
{
  char p[96];
  snprintf(p, sizeof p, "/api/v1/counts/%lld", (long long)id);
  json_t *full = call("GET", p, NULL, 200);
  int64_t line = json_integer_value(
      json_object_get(json_array_get(json_object_get(full, "lines"), 0), "id"));
  json_decref(full);
  return line;
}

static void
counts_refuse_by_bin_line_and_state(void **state)
{
  int64_t id = created("/api/v1/warehouses/W1/counts",
                       "{\"bins\":[\"A-02\"],\"threshold\":0}", 201, "id");
  char entries[96], done[96], p[128];
  snprintf(entries, sizeof entries, "/api/v1/counts/%lld/entries",
           (long long)id);
  const char *not_in = "{\"code\":\"bin_not_in_count\",\"message\":\"this "
                       "bin is not part of the count\"";
  snprintf(p, sizeof p, "%s,\"field\":\"bin\"}", not_in);
  answers(entries, "{\"bin\":\"A-03\",\"sku\":\"C1\",\"qty\":1}", 422, p);
  ok("POST", entries,
     "{\"bin\":\"A-02\",\"sku\":\"C2\",\"qty\":2,\"idempotency_key\":\"ce-1\"}",
     200);
  answers(entries,
          "{\"bin\":\"A-02\",\"sku\":\"C2\",\"qty\":1,"
          "\"idempotency_key\":\"ce-1\"}",
          409,
          "{\"code\":\"idempotency_conflict\",\"message\":\"this idempotency "
          "key was used for a different request\","
          "\"field\":\"idempotency_key\"}");
  snprintf(done, sizeof done, "/api/v1/counts/%lld/bins/A-03/done",
           (long long)id);
  snprintf(p, sizeof p, "%s}", not_in);
  answers(done, NULL, 422, p);
  snprintf(p, sizeof p, "/api/v1/counts/%lld/lines/999999/approve",
           (long long)id);
  answers(p, NULL, 404,
          "{\"code\":\"not_found\",\"message\":\"the addressed resource does "
          "not exist\"}");
  snprintf(p, sizeof p, "/api/v1/counts/%lld/lines/%lld/approve", (long long)id,
           (long long)first_line(id));
  ok("POST", p, NULL, 200);
  answers(p, NULL, 409,
          "{\"code\":\"count_line_not_waiting\",\"message\":\"the count line "
          "does not wait for a decision\"}");
  snprintf(p, sizeof p, "/api/v1/counts/%lld/close", (long long)id);
  ok("POST", p, NULL, 200);
  const char *closed = "{\"code\":\"count_not_open\",\"message\":\"the count "
                       "is closed\"}";
  answers(p, NULL, 409, closed);
  answers(entries, "{\"bin\":\"A-02\",\"sku\":\"C2\",\"qty\":1}", 409, closed);
  /* Done on a closed count: refused when the bin holds stock nobody
   * counted, as that stock would be recorded as counted 0. */
  id = created("/api/v1/warehouses/W1/counts", "{\"bins\":[\"A-01\"]}", 201,
               "id");
  snprintf(p, sizeof p, "/api/v1/counts/%lld/close", (long long)id);
  ok("POST", p, NULL, 200);
  snprintf(done, sizeof done, "/api/v1/counts/%lld/bins/A-01/done",
           (long long)id);
  answers(done, NULL, 409, closed);
  answers("/api/v1/counts/999999/close", NULL, 404,
          "{\"code\":\"not_found\",\"message\":\"the addressed resource does "
          "not exist\"}");
}

/* The open replenishment tasks of W1, oldest first. */
static json_t *
tasks(void)
{
  json_t *j =
      call("GET", "/api/v1/warehouses/W1/replenishment-tasks", NULL, 200);
  json_t *items = json_incref(json_object_get(j, "items"));
  json_decref(j);
  return items;
}

static void
replenishment_confirm_refuses_by_key_state_and_stock(void **state)
{
  const char *adj = "/api/v1/stock/adjustments";
  ok("POST", adj,
     "{\"warehouse\":\"W1\",\"bin\":\"R-1\",\"sku\":\"C2\",\"qty_delta\":2}",
     201);
  ok("POST", adj,
     "{\"warehouse\":\"W1\",\"bin\":\"R-2\",\"sku\":\"C2\",\"qty_delta\":20}",
     201);
  ok("POST", "/api/v1/warehouses/W1/replenishment-rules",
     "{\"sku\":\"C2\",\"bin\":\"A-02\",\"min\":5,\"max\":10}", 200);
  ok("POST", adj,
     "{\"warehouse\":\"W1\",\"bin\":\"A-02\",\"sku\":\"C2\",\"qty_delta\":-1}",
     201);
  json_t *t = tasks();
  assert_int_equal(json_array_size(t), 2);
  int64_t id1 = json_integer_value(json_object_get(json_array_get(t, 0), "id"));
  int64_t id2 = json_integer_value(json_object_get(json_array_get(t, 1), "id"));
  json_decref(t);
  answers("/api/v1/replenishment-tasks/999999/confirm", NULL, 404,
          "{\"code\":\"not_found\",\"message\":\"the addressed resource does "
          "not exist\"}");
  char path[96], want[160];
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%lld/confirm",
           (long long)id1);
  ok("POST", path, "{\"idempotency_key\":\"rp-1\"}", 200);
  answers(path, "{\"idempotency_key\":\"rp-1\",\"qty\":1}", 409,
          "{\"code\":\"idempotency_conflict\",\"message\":\"this idempotency "
          "key was used for a different request\","
          "\"field\":\"idempotency_key\"}");
  snprintf(want, sizeof want,
           "{\"code\":\"conflict\",\"message\":\"task %lld is not open\"}",
           (long long)id1);
  answers(path, NULL, 409, want);
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%lld/confirm",
           (long long)id2);
  answers(path, "{\"qty\":50}", 409,
          "{\"code\":\"insufficient_stock\",\"message\":\"not enough "
          "available stock\",\"field\":\"qty\",\"available\":20}");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          moves_and_adjustments_name_the_bin_field_and_the_units_left),
      cmocka_unit_test(reservations_refuse_by_reference_and_state),
      cmocka_unit_test(transfers_refuse_on_ship_and_on_receipt),
      cmocka_unit_test(counts_refuse_by_bin_line_and_state),
      cmocka_unit_test(replenishment_confirm_refuses_by_key_state_and_stock),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
