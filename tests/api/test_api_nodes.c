/*
 * Several `depot serve` nodes on one database (issue 25 item 1): each names
 * itself in /readyz, and their outbox workers, racing for the same
 * messages, deliver each stock update to the store exactly once (work is
 * leased with FOR UPDATE SKIP LOCKED); their event webhook workers deliver
 * each event exactly once (by event id, to a receiver written here); and a
 * delivery whose node is killed -9 mid-POST is delivered by the other node
 * once its lease ends, within a bounded time.
 */
#include "api_harness.h"
#include "api_sink.h"

#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
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

enum { SKUS = 40, EVENTS = 30, MAX_GOT = 512 };

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

/*
 * The event receiver: records every request it answers 200 (event id and
 * the Depot-Node that sent it). While @a hold is set, it answers nothing:
 * the request it holds is the one a node is killed in the middle of.
 */
static struct {
  struct MHD_Daemon *d;
  unsigned port;
  pthread_mutex_t mu;
  long long ids[MAX_GOT];
  char nodes[MAX_GOT][32];
  int n;
  atomic_bool hold, release;
  atomic_llong held_id; /* the event held, 0: none yet */
  char held_node[32];
} rcv = {.mu = PTHREAD_MUTEX_INITIALIZER};

struct upload {
  char buf[8192];
  size_t len;
};

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned status)
{
  struct MHD_Response *r =
      MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

/* Holds the request (its own thread) until released or 20 s passed. */
static enum MHD_Result
hold(struct MHD_Connection *c, long long id, const char *node)
{
  pthread_mutex_lock(&rcv.mu);
  snprintf(rcv.held_node, sizeof rcv.held_node, "%s", node);
  pthread_mutex_unlock(&rcv.mu);
  atomic_store(&rcv.held_id, id);
  for (int i = 0; i < 200 && !atomic_load(&rcv.release); i++)
    usleep(100000);
  return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
           const char *method, const char *version, const char *data,
           size_t *size, void **ctx)
{
  (void)cls, (void)url, (void)method, (void)version;
  struct upload *u = *ctx;
  if (u == NULL) {
    *ctx = calloc(1, sizeof *u);
    return MHD_YES;
  }
  if (*size > 0) {
    size_t take =
        *size < sizeof u->buf - 1 - u->len ? *size : sizeof u->buf - 1 - u->len;
    memcpy(u->buf + u->len, data, take);
    u->len += take;
    *size = 0;
    return MHD_YES;
  }
  json_t *j = json_loads(u->buf, 0, NULL);
  long long id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  const char *node =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Depot-Node");
  if (node == NULL)
    node = "";
  if (atomic_load(&rcv.hold))
    return hold(c, id, node);
  pthread_mutex_lock(&rcv.mu);
  if (rcv.n < MAX_GOT) {
    rcv.ids[rcv.n] = id;
    snprintf(rcv.nodes[rcv.n], sizeof rcv.nodes[0], "%s", node);
    rcv.n++;
  }
  pthread_mutex_unlock(&rcv.mu);
  return answer(c, MHD_HTTP_OK);
}

static void
on_done(void *cls, struct MHD_Connection *c, void **ctx,
        enum MHD_RequestTerminationCode toe)
{
  (void)cls, (void)c, (void)toe;
  free(*ctx);
  *ctx = NULL;
}

static bool
receiver_up(void)
{
  rcv.d = MHD_start_daemon(
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
          MHD_USE_ERROR_LOG,
      0, NULL, NULL, on_request, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done,
      NULL, MHD_OPTION_END);
  if (rcv.d == NULL)
    return false;
  rcv.port = MHD_get_daemon_info(rcv.d, MHD_DAEMON_INFO_BIND_PORT)->port;
  return true;
}

/* How many times event @a id was answered 200, and by whom (last). */
static int
answered(long long id, char *node, size_t len)
{
  int n = 0;
  pthread_mutex_lock(&rcv.mu);
  for (int i = 0; i < rcv.n; i++) {
    if (rcv.ids[i] == id) {
      n++;
      if (node != NULL)
        snprintf(node, len, "%s", rcv.nodes[i]);
    }
  }
  pthread_mutex_unlock(&rcv.mu);
  return n;
}

static int
received(void)
{
  pthread_mutex_lock(&rcv.mu);
  int n = rcv.n;
  pthread_mutex_unlock(&rcv.mu);
  return n;
}

static int
setup(void **state)
{
  (void)state;
  if (!receiver_up())
    return -1;
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
  int ra = api_server_stop(&a);
  atomic_store(&rcv.release, true);
  MHD_stop_daemon(rcv.d);
  return ra == 0 && rb == 0 ? 0 : -1;
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

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&a, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

/* A new SKU @a sku with @a qty units in N2's bin, made through @a via: one
 * stock.changed event. */
static void
stocked(const struct api_server *via, const char *sku, int qty)
{
  char body[300];
  snprintf(body, sizeof body, "{\"sku\":\"%s\",\"name\":\"e\"}", sku);
  ok(via, "POST", "/api/v1/products", body, 201);
  snprintf(body, sizeof body,
           "{\"warehouse\":\"N2\",\"bin\":\"E-1\",\"sku\":\"%s\","
           "\"qty_delta\":%d}",
           sku, qty);
  ok(via, "POST", "/api/v1/stock/adjustments", body, 201);
}

static void
two_nodes_deliver_each_event_once(void **state)
{
  (void)state;
  ok(&a, "POST", "/api/v1/warehouses", "{\"code\":\"N2\",\"name\":\"e\"}", 201);
  ok(&a, "POST", "/api/v1/warehouses/N2/zones",
     "{\"code\":\"E\",\"type\":\"pick\"}", 201);
  ok(&a, "POST", "/api/v1/warehouses/N2/bins",
     "{\"code\":\"E-1\",\"zone\":\"E\"}", 201);
  char body[300];
  snprintf(body, sizeof body,
           "{\"url\":\"http://127.0.0.1:%u/hook\",\"events\":"
           "[\"stock.changed\"],\"note\":\"two nodes\"}",
           rcv.port);
  ok(&a, "POST", "/api/v1/webhooks", body, 201);
  char sku[32];
  for (int i = 0; i < EVENTS; i++) {
    snprintf(sku, sizeof sku, "EV-%02d", i);
    stocked(i % 2 == 0 ? &a : &b, sku, 5 + i);
  }
  assert_int_equal(sql_int("SELECT count(*) FROM webhook_delivery"), EVENTS);
  for (int i = 0; i < 300 && sql_int("SELECT count(*) FROM webhook_delivery"
                                     " WHERE status = 'delivered'") < EVENTS;
       i++)
    usleep(100000);
  sleep(2); /* a second delivery of anything would have come by now */
  int by_a = 0;
  for (int i = 0; i < EVENTS; i++) {
    char sql[200], node[32] = "";
    snprintf(sql, sizeof sql,
             "SELECT event_id FROM webhook_delivery ORDER BY event_id"
             " OFFSET %d LIMIT 1",
             i);
    long long id = sql_int(sql);
    if (answered(id, node, sizeof node) != 1)
      fprintf(stderr, "event %lld answered %d times\n", id,
              answered(id, NULL, 0));
    assert_int_equal(answered(id, NULL, 0), 1);
    by_a += strcmp(node, "node-a") == 0;
  }
  assert_int_equal(received(), EVENTS);
  fprintf(stderr, "%d events: %d delivered by node-a, %d by node-b\n", EVENTS,
          by_a, EVENTS - by_a);
}

/* Starts the killed node @a dead again on the same database, as before. */
static void
restart(struct api_server *dead, const char *name_env)
{
  static char env_db[600];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", a.database_url);
  char keep[sizeof dead->database_url];
  snprintf(keep, sizeof keep, "%s", dead->database_url);
  if (dead->stdout_fd > 0)
    close(dead->stdout_fd);
  const char *e[] = {env_db, name_env, NULL};
  assert_true(api_server_start(dead, "api_nodes_c", false, e));
  snprintf(dead->database_url, sizeof dead->database_url, "%s", keep);
}

static void
killed_nodes_delivery_is_taken_over(void **state)
{
  (void)state;
  atomic_store(&rcv.hold, true);
  stocked(&a, "EV-KILL", 7);
  for (int i = 0; i < 100 && atomic_load(&rcv.held_id) == 0; i++)
    usleep(100000);
  long long id = atomic_load(&rcv.held_id);
  assert_true(id > 0);
  char who[32];
  pthread_mutex_lock(&rcv.mu);
  snprintf(who, sizeof who, "%s", rcv.held_node);
  pthread_mutex_unlock(&rcv.mu);
  bool was_a = strcmp(who, "node-a") == 0;
  assert_true(was_a || strcmp(who, "node-b") == 0);
  struct api_server *dead = was_a ? &a : &b;
  const char *survivor = was_a ? "node-b" : "node-a";
  /* Mid-POST: the node holds the delivery's lease and the receiver has
   * the request, unanswered. */
  kill(dead->pid, SIGKILL);
  int status;
  waitpid(dead->pid, &status, 0);
  dead->pid = 0;
  time_t t0 = time(NULL);
  atomic_store(&rcv.hold, false);
  char node[32] = "";
  for (int i = 0; i < 300 && answered(id, node, sizeof node) == 0; i++)
    usleep(100000);
  long waited = (long)(time(NULL) - t0);
  fprintf(stderr,
          "%s killed mid-delivery of event %lld: %s delivered it "
          "%ld s later\n",
          who, id, node, waited);
  assert_string_equal(node, survivor);
  /* The lease is 15 s (core/core_webhook.c), the worker looks every 250 ms. */
  assert_true(waited <= 20);
  sleep(1);
  assert_int_equal(answered(id, NULL, 0), 1);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT attempts FROM webhook_delivery WHERE event_id = %lld"
           " AND status = 'delivered'",
           id);
  assert_int_equal(sql_int(sql), 2);
  restart(dead, was_a ? "DEPOT_NODE_ID=node-a" : "DEPOT_NODE_ID=node-b");
  json_t *j = api_expect(dead, "GET", "/readyz", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "node")), who);
  json_decref(j);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_node_names_itself_in_readyz),
      cmocka_unit_test(two_nodes_deliver_each_stock_update_once),
      cmocka_unit_test(two_nodes_deliver_each_event_once),
      cmocka_unit_test(killed_nodes_delivery_is_taken_over),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
