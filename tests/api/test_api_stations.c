/*
 * Station push over real HTTP and two server nodes: a scan read by
 * `depot scan listen --station` on a station PC is POSTed to node A and
 * arrives on the Server-Sent Events stream a terminal holds on node B,
 * through PostgreSQL NOTIFY; the device registry counts it; a stream of
 * another warehouse is refused.
 */
#include "api_harness.h"

#include <curl/curl.h>
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

#include "api_steps.h"

static struct api_server a, b, outsider;
static char station_key[80];

/* What the terminal's event stream received so far. */
static struct {
  pthread_mutex_t mu;
  char text[16384];
  size_t len;
  atomic_bool stop;
} stream = {.mu = PTHREAD_MUTEX_INITIALIZER};

static size_t
on_data(char *ptr, size_t size, size_t n, void *cls)
{
  (void)cls;
  pthread_mutex_lock(&stream.mu);
  size_t k = size * n;
  if (stream.len + k < sizeof stream.text) {
    memcpy(stream.text + stream.len, ptr, k);
    stream.len += k;
    stream.text[stream.len] = '\0';
  }
  pthread_mutex_unlock(&stream.mu);
  return k;
}

static int
on_progress(void *cls, curl_off_t a1, curl_off_t a2, curl_off_t a3,
            curl_off_t a4)
{
  return atomic_load(&stream.stop) ? 1 : 0;
}

/* The terminal: holds GET /api/v1/stations/PACK-9/events open on node B. */
static void *
terminal(void *cls)
{
  char url[128], auth[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/stations/PACK-9/events",
           b.port);
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", b.token);
  CURL *c = curl_easy_init();
  struct curl_slist *h = curl_slist_append(NULL, auth);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_perform(c);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return NULL;
}

/* Waits up to 10 s for the stream to contain @a want. */
static bool
stream_has(const char *want)
{
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&stream.mu);
    bool hit = strstr(stream.text, want) != NULL;
    pthread_mutex_unlock(&stream.mu);
    if (hit)
      return true;
    usleep(100000);
  }
  fprintf(stderr, "stream so far: %s\n", stream.text);
  return false;
}

static int
setup(void **state)
{
  if (!api_server_start(&a, "api_stations", false, NULL))
    return -1;
  char env[600];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  static char env_b[600];
  memcpy(env_b, env, sizeof env_b);
  /* Node B closes silent connections after 2 s: a quiet stream is
     suspended, not silent, and must outlive that. */
  const char *e[] = {env_b, "DEPOT_HTTP_TIMEOUT=2", NULL};
  if (!api_server_start(&b, "api_stations_b", false, e))
    return -1;
  api_step_ok(&a, "POST", "/api/v1/warehouses",
              "{\"code\":\"W5\",\"name\":\"w5\"}", 201);
  api_step_ok(&a, "POST", "/api/v1/warehouses",
              "{\"code\":\"W6\",\"name\":\"w6\"}", 201);
  api_step_ok(&a, "POST", "/api/v1/stations",
              "{\"code\":\"PACK-9\",\"warehouse\":\"W5\"}", 201);
  const char *opts[] = {"--name", "pack9-pc", "--scope", "stations", NULL};
  if (!api_make_key(&a, opts, station_key, sizeof station_key))
    return -1;
  assert_true(api_add_user(&a, "other", "picker", "W6", "correct horse 42"));
  outsider = a;
  return api_login(&a, "other", "correct horse 42", outsider.token, NULL) == 200
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  int rb = api_server_stop(&b);
  return api_server_stop(&a) == 0 && rb == 0 ? 0 : -1;
}

static void
a_scan_at_the_station_pc_reaches_the_terminal_on_another_node(void **state)
{
  pthread_t t;
  pthread_create(&t, NULL, terminal, NULL);
  assert_true(stream_has("event: hello"));
  sleep(5); /* quiet, past node B's connection timeout */
  char env_key[120], server[64];
  snprintf(env_key, sizeof env_key, "DEPOT_API_KEY=%s", station_key);
  snprintf(server, sizeof server, "http://127.0.0.1:%u", a.port);
  const char *env[] = {env_key, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"scan",      "listen",  "--port",   "-",
                        "--station", "PACK-9",  "--server", server,
                        "--device",  "pc-9-ls", NULL};
  char out[4096];
  assert_int_equal(api_run_depot_input(args, env,
                                       "T042\r\n]C1010690123456789217271231"
                                       "\r\n",
                                       out, sizeof out),
                   0);
  assert_non_null(strstr(out, "{\"forwarded\":2,\"unsent\":0}"));
  assert_true(stream_has("\"code\": \"T042\""));
  assert_true(stream_has("\"code\": \"]C1010690123456789217271231\""));
  assert_true(stream_has("\"device\": \"pc-9-ls\""));
  atomic_store(&stream.stop, true);
  pthread_join(t, NULL);
  json_t *d = api_step(&a, "GET", "/api/v1/devices?station=PACK-9", NULL, 200);
  json_t *dev = json_array_get(json_object_get(d, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(dev, "id")), "pc-9-ls");
  assert_int_equal(json_integer_value(json_object_get(dev, "scans")), 2);
  json_decref(d);
}

static void
streams_and_scans_are_checked(void **state)
{
  api_step_code(&outsider, "GET", "/api/v1/stations/PACK-9/events", NULL, 403,
                "warehouse_forbidden");
  api_step_code(&a, "GET", "/api/v1/stations/NOPE/events", NULL, 404,
                "not_found");
  struct api_server key = a;
  snprintf(key.token, sizeof key.token, "%s", station_key);
  api_step_code(&key, "POST", "/api/v1/stations/NOPE/scans", "{\"code\":\"X\"}",
                404, "not_found");
  api_step_code(&key, "GET", "/api/v1/stations/PACK-9/events", NULL, 403,
                "forbidden");
  api_step_ok(&key, "POST", "/api/v1/stations/PACK-9/scans", "{\"code\":\"X\"}",
              202);
  api_step_code(&a, "POST", "/api/v1/devices",
                "{\"id\":\"s1\",\"kind\":\"serial\",\"station\":\"NOPE\"}", 422,
                "unknown_station");
  api_step_ok(&a, "POST", "/api/v1/devices",
              "{\"id\":\"s1\",\"kind\":\"serial\",\"port\":\"/dev/ttyACM0\","
              "\"settings\":{\"baud\":115200},\"station\":\"PACK-9\"}",
              201);
}

int
main(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          a_scan_at_the_station_pc_reaches_the_terminal_on_another_node),
      cmocka_unit_test(streams_and_scans_are_checked),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
