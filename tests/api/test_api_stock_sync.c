/*
 * Channel stock sync: a change of available stock reaches each store that
 * lists the SKU, with the store's share and buffer applied, through the
 * outbox; a store that answers 500 gets the update again later. The store
 * side is a small HTTP listener run by this test on loopback.
 */
#include "api_harness.h"
#include "api_sink.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;

static struct api_sink store; /* the store's side */

static void
ok(const char *method, const char *path, const char *body, long status)
{
  json_t *j = api_expect(&srv, method, path, body, status);
  assert_non_null(j);
  json_decref(j);
}

static void
available_stock_reaches_the_store_with_retries(void **state)
{
  assert_true(api_sink_start(&store, 1));
  assert_true(api_server_start(&srv, "stock_sync", false, NULL));
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"P-1\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"S1\",\"name\":\"s\"}", 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"SYNC\",\"name\":\"s\",\"channel\":\"api\","
     "\"warehouse\":\"W1\"}",
     201);
  char body[200];
  snprintf(body, sizeof body,
           "{\"sync_url\":\"http://127.0.0.1:%u/stock\",\"sync_percent\":50,"
           "\"sync_buffer\":2}",
           store.port);
  ok("PATCH", "/api/v1/stores/SYNC", body, 200);
  ok("POST", "/api/v1/stores/SYNC/prices", "{\"sku\":\"S1\",\"price\":9}", 200);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"S1\",\"qty_delta\":20}",
     201);
  /* 20 free, half of it, less 2: 8 — after one refused delivery. */
  assert_true(api_sink_saw(&store, "\"available\":8", 2, 20));
  assert_non_null(strstr(store.last, "\"store\":\"SYNC\""));
  ok("POST", "/api/v1/stock/reservations",
     "{\"warehouse\":\"W1\",\"sku\":\"S1\",\"qty\":4,\"reference\":\"R1\"}",
     201);
  assert_true(api_sink_saw(&store, "\"available\":6", 3, 20));
  assert_int_equal(api_server_stop(&srv), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(available_stock_reaches_the_store_with_retries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
