/*
 * Several `depot serve` nodes on one database (issue 25 item 1): each names
 * itself in /readyz, and their outbox workers, racing for the same
 * messages, deliver each stock update to the store exactly once (work is
 * leased with FOR UPDATE SKIP LOCKED).
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

enum { SKUS = 40 };

static struct api_server a, b;
static struct api_sink store;

static void
ok(const struct api_server *s, const char *method, const char *path,
   const char *body, long status)
{
  json_t *j = api_expect(s, method, path, body, status);
  assert_non_null(j);
  json_decref(j);
}

static int
setup(void **state)
{
  (void)state;
  if (!api_sink_start(&store, 0))
    return -1;
  const char *ea[] = {"DEPOT_NODE_ID=node-a", NULL};
  if (!api_server_start(&a, "api_nodes", false, ea))
    return -1;
  static char env_db[600];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *eb[] = {env_db, "DEPOT_NODE_ID=node-b", NULL};
  return api_server_start(&b, "api_nodes_b", false, eb) ? 0 : -1;
}

static int
teardown(void **state)
{
  (void)state;
  int rb = api_server_stop(&b);
  return api_server_stop(&a) == 0 && rb == 0 ? 0 : -1;
}

static void
each_node_names_itself_in_readyz(void **state)
{
  (void)state;
  json_t *j = api_expect(&a, "GET", "/readyz", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "node")), "node-a");
  json_decref(j);
  j = api_expect(&b, "GET", "/readyz", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "node")), "node-b");
  json_decref(j);
}

/* How many bodies the store received that name @a sku. */
static int
deliveries_of(const char *sku)
{
  char want[64];
  snprintf(want, sizeof want, "\"sku\":\"%s\"", sku);
  int n = 0;
  pthread_mutex_lock(&store.mu);
  for (const char *p = store.all; (p = strstr(p, want)) != NULL; p++)
    n++;
  pthread_mutex_unlock(&store.mu);
  return n;
}

static void
two_nodes_deliver_each_stock_update_once(void **state)
{
  (void)state;
  ok(&a, "POST", "/api/v1/warehouses", "{\"code\":\"N1\",\"name\":\"n\"}", 201);
  ok(&a, "POST", "/api/v1/warehouses/N1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok(&a, "POST", "/api/v1/warehouses/N1/bins",
     "{\"code\":\"P-1\",\"zone\":\"P\"}", 201);
  char body[300];
  snprintf(body, sizeof body,
           "{\"code\":\"NSYNC\",\"name\":\"n\",\"channel\":\"api\","
           "\"warehouse\":\"N1\"}");
  ok(&a, "POST", "/api/v1/stores", body, 201);
  snprintf(body, sizeof body,
           "{\"sync_url\":\"http://127.0.0.1:%u/stock\",\"sync_percent\":100,"
           "\"sync_buffer\":0}",
           store.port);
  ok(&a, "PATCH", "/api/v1/stores/NSYNC", body, 200);
  char sku[32];
  for (int i = 0; i < SKUS; i++) {
    const struct api_server *via = i % 2 == 0 ? &a : &b;
    snprintf(sku, sizeof sku, "NODE-%02d", i);
    snprintf(body, sizeof body, "{\"sku\":\"%s\",\"name\":\"n\"}", sku);
    ok(via, "POST", "/api/v1/products", body, 201);
    snprintf(body, sizeof body, "{\"sku\":\"%s\",\"price\":9}", sku);
    ok(via, "POST", "/api/v1/stores/NSYNC/prices", body, 200);
    snprintf(body, sizeof body,
             "{\"warehouse\":\"N1\",\"bin\":\"P-1\",\"sku\":\"%s\","
             "\"qty_delta\":%d}",
             sku, 10 + i);
    ok(via, "POST", "/api/v1/stock/adjustments", body, 201);
  }
  snprintf(sku, sizeof sku, "NODE-%02d", SKUS - 1);
  char want[64];
  snprintf(want, sizeof want, "\"available\":%d", 10 + SKUS - 1);
  assert_true(api_sink_saw(&store, want, SKUS, 30));
  sleep(2); /* a second delivery of anything would have come by now */
  for (int i = 0; i < SKUS; i++) {
    snprintf(sku, sizeof sku, "NODE-%02d", i);
    if (deliveries_of(sku) != 1)
      fprintf(stderr, "%s delivered %d times\n", sku, deliveries_of(sku));
    assert_int_equal(deliveries_of(sku), 1);
  }
  assert_int_equal(atomic_load(&store.received), SKUS);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_node_names_itself_in_readyz),
      cmocka_unit_test(two_nodes_deliver_each_stock_update_once),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
