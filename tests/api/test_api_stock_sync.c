/*
 * Channel stock sync: a change of available stock reaches each store that
 * lists the SKU, with the store's share and buffer applied, through the
 * outbox; a store that answers 500 gets the update again later. The store
 * side is a small HTTP listener run by this test on loopback.
 */
#include "api_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;

/* The store's side: records every body, fails the first request. */
static struct {
  int fd;
  unsigned port;
  pthread_t thread;
  atomic_int received;
  char last[512];
  pthread_mutex_t mu;
  atomic_bool stop;
} store = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void
serve_one(int c)
{
  char buf[4096];
  size_t used = 0;
  ssize_t n;
  const char *body = NULL;
  while (used < sizeof buf - 1 &&
         (n = read(c, buf + used, sizeof buf - 1 - used)) > 0) {
    used += (size_t)n;
    buf[used] = '\0';
    const char *end = strstr(buf, "\r\n\r\n");
    const char *cl = strstr(buf, "Content-Length: ");
    if (end != NULL && cl != NULL &&
        used >= (size_t)(end + 4 - buf) + (size_t)atoi(cl + 16)) {
      body = end + 4;
      break;
    }
  }
  int seen = atomic_fetch_add(&store.received, 1);
  if (body != NULL) {
    pthread_mutex_lock(&store.mu);
    snprintf(store.last, sizeof store.last, "%s", body);
    pthread_mutex_unlock(&store.mu);
  }
  const char *reply = seen == 0 ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n"
                                : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n";
  ssize_t w = write(c, reply, strlen(reply));
  (void)w;
  close(c);
}

static void *
listen_loop(void *cls)
{
  while (!atomic_load(&store.stop)) {
    int c = accept(store.fd, NULL, NULL);
    if (c >= 0)
      serve_one(c);
  }
  return NULL;
}

static void
start_store(void)
{
  store.fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  socklen_t len = sizeof a;
  assert_int_equal(bind(store.fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(store.fd, 16), 0);
  getsockname(store.fd, (struct sockaddr *)&a, &len);
  store.port = ntohs(a.sin_port);
  pthread_create(&store.thread, NULL, listen_loop, NULL);
}

static void
ok(const char *method, const char *path, const char *body, long status)
{
  json_t *j = api_expect(&srv, method, path, body, status);
  assert_non_null(j);
  json_decref(j);
}

/* Waits up to 20 s for the store to have seen a body naming @a want. */
static bool
store_saw(const char *want, int min_requests)
{
  for (int i = 0; i < 200; i++) {
    pthread_mutex_lock(&store.mu);
    bool hit = strstr(store.last, want) != NULL;
    pthread_mutex_unlock(&store.mu);
    if (hit && atomic_load(&store.received) >= min_requests)
      return true;
    usleep(100000);
  }
  fprintf(stderr, "store saw %d requests, last %s\n",
          atomic_load(&store.received), store.last);
  return false;
}

static void
available_stock_reaches_the_store_with_retries(void **state)
{
  start_store();
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
  assert_true(store_saw("\"available\":8", 2));
  assert_non_null(strstr(store.last, "\"store\":\"SYNC\""));
  ok("POST", "/api/v1/stock/reservations",
     "{\"warehouse\":\"W1\",\"sku\":\"S1\",\"qty\":4,\"reference\":\"R1\"}",
     201);
  assert_true(store_saw("\"available\":6", 3));
  atomic_store(&store.stop, true);
  shutdown(store.fd, SHUT_RDWR);
  close(store.fd);
  pthread_join(store.thread, NULL);
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
