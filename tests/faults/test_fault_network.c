/*
 * Network faults against a real server: a client that vanishes mid-body,
 * a reply lost after the commit (the retry with the same key answers the
 * first result and moves nothing again), slow-header clients that must not
 * starve the others, and a storm of connection attempts that existing
 * sessions ride out. FAULT_STORM sizes the storm (default 2,000; `make
 * test-faults` uses 10,000).
 */
#include "api_harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static int
connect_to(unsigned port, bool nonblocking)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  if (nonblocking)
    fcntl(fd, F_SETFL, O_NONBLOCK);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 &&
      !(nonblocking && errno == EINPROGRESS)) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Writes a whole request head (and @a body) to a fresh connection. */
static int
send_raw(const char *path, const char *body, size_t send_len)
{
  int fd = connect_to(srv.port, false);
  assert_true(fd >= 0);
  char head[512];
  int n = snprintf(head, sizeof head,
                   "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                   "\r\n",
                   path, srv.token, strlen(body));
  assert_int_equal(write(fd, head, (size_t)n), n);
  assert_int_equal(write(fd, body, send_len), (ssize_t)send_len);
  return fd;
}

static int64_t
on_hand(const char *bin)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=NET-1&warehouse=N1&bin=%s",
           bin);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  int64_t v = json_integer_value(json_object_get(
      json_array_get(json_object_get(j, "items"), 0), "on_hand"));
  json_decref(j);
  return v;
}

static int
setup(void **state)
{
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max > 16384 ? 16384 : rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  if (!api_server_start(&srv, "fault_network", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"N1\",\"name\":\"n\"}", 201);
  ok("POST", "/api/v1/warehouses/N1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/N1/bins", "{\"code\":\"N-1\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/warehouses/N1/bins", "{\"code\":\"N-2\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"NET-1\",\"name\":\"n\"}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"N1\",\"bin\":\"N-1\",\"sku\":\"NET-1\","
     "\"qty_delta\":100}",
     201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
a_client_gone_mid_body_changes_nothing(void **state)
{
  const char *body = "{\"warehouse\":\"N1\",\"sku\":\"NET-1\",\"from_bin\":"
                     "\"N-1\",\"to_bin\":\"N-2\",\"qty\":5,"
                     "\"idempotency_key\":\"half\"}";
  close(send_raw("/api/v1/stock/moves", body, 20));
  usleep(200000);
  assert_int_equal(on_hand("N-1"), 100);
  ok("GET", "/healthz", NULL, 200);
}

static void
a_reply_lost_after_commit_is_answered_again_by_the_key(void **state)
{
  const char *body = "{\"warehouse\":\"N1\",\"sku\":\"NET-1\",\"from_bin\":"
                     "\"N-1\",\"to_bin\":\"N-2\",\"qty\":7,"
                     "\"idempotency_key\":\"lost-reply\"}";
  /* The whole request goes out; the client never reads the answer. */
  int fd = send_raw("/api/v1/stock/moves", body, strlen(body));
  for (int i = 0; i < 100 && on_hand("N-2") != 7; i++)
    usleep(50000);
  close(fd);
  assert_int_equal(on_hand("N-2"), 7);
  json_t *again = api_step(&srv, "POST", "/api/v1/stock/moves", body, 200);
  assert_int_equal(json_integer_value(json_object_get(again, "qty")), 7);
  json_decref(again);
  assert_int_equal(on_hand("N-1"), 93);
  assert_int_equal(on_hand("N-2"), 7);
}

static double
now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Slow-header clients hold connections; others are still served. */
static void
slow_header_clients_do_not_starve_the_rest(void **state)
{
  enum { SLOW = 300 };
  int fds[SLOW];
  for (int i = 0; i < SLOW; i++) {
    fds[i] = connect_to(srv.port, false);
    assert_true(fds[i] >= 0);
    assert_int_equal(write(fds[i], "GET /healthz HTTP/1.1\r\nX-A: ", 28), 28);
  }
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < SLOW; i++)
      assert_int_equal(write(fds[i], "a", 1), 1);
    double t0 = now_s();
    ok("GET", "/api/v1/warehouses/N1", NULL, 200);
    assert_true(now_s() - t0 < 2.0);
    usleep(300000);
  }
  for (int i = 0; i < SLOW; i++)
    close(fds[i]);
}

static size_t
discard(char *ptr, size_t size, size_t n, void *cls)
{
  (void)ptr;
  (void)cls;
  return size * n;
}

/* GET @a path on handle @a c (its connection kept alive); the status. */
static long
get_on(CURL *c, const char *path)
{
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%u%s", srv.port, path);
  curl_easy_setopt(c, CURLOPT_URL, url);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

/*
 * A storm of connection attempts that never send a byte: a handheld that
 * holds its keep-alive connection keeps being served during the storm,
 * and everyone is served again once it passes.
 */
static void
a_connection_storm_leaves_sessions_working(void **state)
{
  int storm =
      getenv("FAULT_STORM") != NULL ? atoi(getenv("FAULT_STORM")) : 2000;
  char auth[128];
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", srv.token);
  CURL *c = curl_easy_init();
  struct curl_slist *h = curl_slist_append(NULL, auth);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
  assert_int_equal(get_on(c, "/healthz"), 200);
  int *fds = calloc((size_t)storm, sizeof *fds);
  int opened = 0;
  for (int i = 0; i < storm; i++) {
    fds[i] = connect_to(srv.port, true);
    opened += fds[i] >= 0;
  }
  double t0 = now_s();
  for (int i = 0; i < 20; i++)
    assert_int_equal(get_on(c, "/api/v1/warehouses/N1"), 200);
  double during = now_s() - t0;
  for (int i = 0; i < storm; i++)
    if (fds[i] >= 0)
      close(fds[i]);
  free(fds);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  fprintf(stderr,
          "fault: %d of %d storm connections opened; 20 requests on the "
          "kept-alive session took %.3f s during the storm\n",
          opened, storm, during);
  assert_true(during < 5.0);
  usleep(500000);
  ok("GET", "/healthz", NULL, 200);
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"N1\",\"sku\":\"NET-1\",\"from_bin\":\"N-2\","
     "\"to_bin\":\"N-1\",\"qty\":1,\"idempotency_key\":\"after-storm\"}",
     201);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_client_gone_mid_body_changes_nothing),
      cmocka_unit_test(a_reply_lost_after_commit_is_answered_again_by_the_key),
      cmocka_unit_test(slow_header_clients_do_not_starve_the_rest),
      cmocka_unit_test(a_connection_storm_leaves_sessions_working),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
