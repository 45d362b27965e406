/*
 * Stock under concurrency, over real HTTP: 64 handhelds reserving 1 unit
 * of 10 get exactly 10 yeses, round after round; moves racing in both
 * directions between two bins never lose, double or deadlock stock.
 */
#include "api_harness.h"

#include <curl/curl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

enum { CLIENTS = 64, ROUNDS = 30, MOVERS = 32 };

static struct api_server srv;

struct job {
  pthread_barrier_t *start;
  char path[128];
  char body[256];
  long status;
  char code[64];
};

static void *
run_job(void *cls)
{
  struct job *j = cls;
  struct api_reply r;
  pthread_barrier_wait(j->start);
  if (api_json(&srv, "POST", j->path, j->body, &r)) {
    j->status = r.status;
    snprintf(j->code, sizeof j->code, "%s", api_error_code(&r));
  }
  api_reply_clear(&r);
  return NULL;
}

/* Runs @a n jobs at once, released together by a barrier. */
static void
run_all(struct job *jobs, int n)
{
  pthread_t t[CLIENTS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, (unsigned)n);
  for (int i = 0; i < n; i++) {
    jobs[i].start = &start;
    pthread_create(&t[i], NULL, run_job, &jobs[i]);
  }
  for (int i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
}

static void
post(const char *path, const char *body, long status)
{
  json_t *j = api_expect(&srv, "POST", path, body, status);
  assert_non_null(j);
  json_decref(j);
}

static int64_t
figure(const char *sku, const char *name)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W1", sku);
  json_t *j = api_expect(&srv, "GET", path, NULL, 200);
  assert_non_null(j);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v = json_integer_value(json_object_get(item, name));
  json_decref(j);
  return v;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "stock_concurrency", false, NULL))
    return -1;
  post("/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  post("/api/v1/warehouses/W1/zones", "{\"code\":\"P\",\"type\":\"pick\"}",
       201);
  post("/api/v1/warehouses/W1/bins/generate",
       "{\"zone\":\"P\",\"aisles\":\"A\",\"racks\":\"1-4\"}", 201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Ten units spread over three bins, so reservations span quants. */
static void
stock_ten(const char *sku)
{
  char body[256];
  snprintf(body, sizeof body, "{\"sku\":\"%s\",\"name\":\"x\"}", sku);
  post("/api/v1/products", body, 201);
  const int split[][2] = {{1, 4}, {2, 3}, {3, 3}};
  for (int i = 0; i < 3; i++) {
    snprintf(body, sizeof body,
             "{\"warehouse\":\"W1\",\"bin\":\"A-%02d-1-1\",\"sku\":\"%s\","
             "\"qty_delta\":%d}",
             split[i][0], sku, split[i][1]);
    post("/api/v1/stock/adjustments", body, 201);
  }
}

static void
sixty_four_reservations_of_ten_units_exactly_ten_win(void **state)
{
  static struct job jobs[CLIENTS];
  for (int round = 0; round < ROUNDS; round++) {
    char sku[32];
    snprintf(sku, sizeof sku, "RACE-%02d", round);
    stock_ten(sku);
    for (int i = 0; i < CLIENTS; i++) {
      memset(&jobs[i], 0, sizeof jobs[i]);
      snprintf(jobs[i].path, sizeof jobs[i].path, "/api/v1/stock/reservations");
      snprintf(jobs[i].body, sizeof jobs[i].body,
               "{\"warehouse\":\"W1\",\"sku\":\"%s\",\"qty\":1,"
               "\"reference\":\"order-%d\"}",
               sku, i);
    }
    run_all(jobs, CLIENTS);
    int won = 0, refused = 0;
    for (int i = 0; i < CLIENTS; i++) {
      if (jobs[i].status == 201)
        won++;
      else if (jobs[i].status == 409 &&
               strcmp(jobs[i].code, "insufficient_stock") == 0)
        refused++;
      else
        fprintf(stderr, "round %d client %d: %ld %s\n", round, i,
                jobs[i].status, jobs[i].code);
    }
    assert_int_equal(won, 10);
    assert_int_equal(refused, CLIENTS - 10);
    assert_int_equal(figure(sku, "reserved"), 10);
    assert_int_equal(figure(sku, "available"), 0);
    assert_int_equal(figure(sku, "on_hand"), 10);
  }
}

static void
moves_racing_both_ways_keep_the_total(void **state)
{
  stock_ten("SWAP");
  post("/api/v1/stock/adjustments",
       "{\"warehouse\":\"W1\",\"bin\":\"A-04-1-1\",\"sku\":\"SWAP\","
       "\"qty_delta\":10}",
       201);
  static struct job jobs[MOVERS];
  for (int i = 0; i < MOVERS; i++) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    snprintf(jobs[i].path, sizeof jobs[i].path, "/api/v1/stock/moves");
    snprintf(jobs[i].body, sizeof jobs[i].body,
             "{\"sku\":\"SWAP\",\"from_bin\":\"A-0%d-1-1\",\"to_bin\":"
             "\"A-0%d-1-1\",\"qty\":%d,\"idempotency_key\":\"swap-%d\"}",
             i % 2 ? 1 : 4, i % 2 ? 4 : 1, 1 + i % 3, i);
  }
  run_all(jobs, MOVERS);
  for (int i = 0; i < MOVERS; i++) {
    if (jobs[i].status != 201)
      fprintf(stderr, "mover %d: %ld %s\n", i, jobs[i].status, jobs[i].code);
    assert_true(jobs[i].status == 201 ||
                (jobs[i].status == 409 &&
                 strcmp(jobs[i].code, "insufficient_stock") == 0));
  }
  assert_int_equal(figure("SWAP", "on_hand"), 20);
  /* Replaying every request moves nothing more. */
  run_all(jobs, MOVERS);
  assert_int_equal(figure("SWAP", "on_hand"), 20);
}

int
main(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sixty_four_reservations_of_ten_units_exactly_ten_win),
      cmocka_unit_test(moves_racing_both_ways_keep_the_total),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  curl_global_cleanup();
  return rc;
}
