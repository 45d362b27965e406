/*
 * The print queue over real HTTP with fake printers on 127.0.0.1: a live
 * one (a TCP listener that keeps what it receives), a dead one (a closed
 * port) and a hung one (a listener whose accept queue is full, so a
 * connect waits for its timeout). Closing a carton at the hung printer's
 * station answers at once; the dead printer's job ends failed after its
 * retries; a reprint to the live printer delivers exactly the carton's
 * ZPL, once per idempotency key; refusals; a warehouse-limited user sees
 * only its warehouses' jobs. Retry timings come from the environment.
 * The dock's shipment list (GET /api/v1/shipments) over the shipments
 * these tests pack: by state, keyset pages, warehouse scope.
 */
#include "api_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv, picker, other;
static int next_key = 1;
static int next_tote = 1;
static int next_order = 1;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* The live printer: every connection's bytes, kept in arrival order. */
static int live_fd;
static unsigned live_port, dead_port, hung_port;
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static char live_data[8][16384];
static size_t live_len[8];
static int live_jobs;

static void *
live_main(void *unused)
{
  (void)unused;
  for (;;) {
    int c = accept(live_fd, NULL, NULL);
    if (c < 0)
      return NULL;
    char buf[16384];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf && (n = read(c, buf + got, sizeof buf - got)) > 0)
      got += (size_t)n;
    close(c);
    pthread_mutex_lock(&live_lock);
    if (live_jobs < 8) {
      memcpy(live_data[live_jobs], buf, got);
      live_len[live_jobs] = got;
      live_jobs++;
    }
    pthread_mutex_unlock(&live_lock);
  }
}

/* A loopback listener with @a backlog; its port into @a port. */
static int
listener(int backlog, unsigned *port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(fd, backlog), 0);
  socklen_t len = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &len);
  *port = ntohs(a.sin_port);
  return fd;
}

static void
start_printers(void)
{
  live_fd = listener(16, &live_port);
  pthread_t t;
  pthread_create(&t, NULL, live_main, NULL);
  pthread_detach(t);
  /* Dead: a port that was listening and is closed now. */
  close(listener(1, &dead_port));
  /* Hung: never accepts, and its queue is filled, so SYNs go unanswered. */
  listener(0, &hung_port);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_port = htons((uint16_t)hung_port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < 3; i++) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(s, (struct sockaddr *)&a, sizeof a);
  }
  usleep(100000);
}

static void
setup_warehouse(const char *wh, const char *totes)
{
  char body[300];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"w\"}", wh);
  ok("POST", "/api/v1/warehouses", body, 201);
  snprintf(body, sizeof body, "/api/v1/warehouses/%s/zones", wh);
  ok("POST", body, "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/warehouses/%s/bins", wh);
  ok("POST", path, "{\"code\":\"P-01\",\"zone\":\"P\",\"pick_sequence\":1}",
     201);
  snprintf(path, sizeof path, "/api/v1/warehouses/%s/totes", wh);
  snprintf(body, sizeof body, "{\"prefix\":\"%s\",\"from\":1,\"to\":30}",
           totes);
  ok("POST", path, body, 201);
  snprintf(body, sizeof body,
           "{\"warehouse\":\"%s\",\"bin\":\"P-01\",\"sku\":\"LBL\","
           "\"qty_delta\":100}",
           wh);
  ok("POST", "/api/v1/stock/adjustments", body, 201);
}

static void
station(const char *code, const char *wh, unsigned port)
{
  char body[200];
  if (port == 0)
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"%s\"}", code,
             wh);
  else
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"warehouse\":\"%s\",\"printer\":"
             "\"127.0.0.1:%u\"}",
             code, wh, port);
  ok("POST", "/api/v1/stations", body, 201);
}

static void
login_as(struct api_server *out, const char *user, const char *role,
         const char *wh)
{
  assert_true(api_add_user(&srv, user, role, wh, "correct horse 42"));
  *out = srv;
  assert_int_equal(api_login(&srv, user, "correct horse 42", out->token, NULL),
                   200);
}

static int
setup(void **state)
{
  start_printers();
  const char *env[] = {"DEPOT_PRINT_TIMEOUT_MS=400", "DEPOT_PRINT_RETRY_MS=50",
                       "DEPOT_PRINT_ATTEMPTS=3", "DEPOT_PRINT_POLL_MS=50",
                       NULL};
  if (!api_server_start(&srv, "api_printing", false, env))
    return -1;
  ok("POST", "/api/v1/products",
     "{\"sku\":\"LBL\",\"name\":\"labelled\",\"weight_kg\":\"0.300\","
     "\"barcodes\":[{\"code\":\"LBL-BC\"}]}",
     201);
  setup_warehouse("W7", "Q");
  setup_warehouse("W8", "R");
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"PX\",\"name\":\"Courier\",\"transit_days\":2,"
     "\"tracking\":{\"prefix\":\"PX\",\"digits\":9,\"check_digit\":\"mod10\","
     "\"first\":1,\"last\":5000}}",
     201);
  ok("POST", "/api/v1/carton-types", "{\"code\":\"BOX\",\"tare_g\":100}", 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"S7\",\"name\":\"shop\",\"channel\":\"api\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"PX\"}",
     201);
  station("LIVE", "W7", live_port);
  station("DEAD", "W7", dead_port);
  station("HUNG", "W7", hung_port);
  station("NOPR", "W7", 0);
  station("W8S", "W8", live_port);
  login_as(&picker, "ppick", "picker", "W7");
  login_as(&other, "w8lead", "warehouse_lead", "W8");
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static double
now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static json_t *
scan(int64_t list, const char *code, int qty)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"pr-%d\"}", code,
           qty > 0 ? qty : 1, next_key++);
  return api_step(&picker, "POST", path, body, 200);
}

/*
 * An order of one unit, waved, picked and packed at station @a st into a
 * carton left open; returns the carton's id.
 */
static int64_t
open_carton(const char *st)
{
  char body[800], ext[16];
  snprintf(ext, sizeof ext, "PR%03d", next_order++);
  snprintf(body, sizeof body,
           "{\"store\":\"S7\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"钱七\",\"phone\":\"13700000000\"},"
           "\"ship_to\":{\"name\":\"钱七\",\"line1\":\"荷塘区 红旗路 8 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412000\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"LBL\",\"qty\":1,\"unit_price\":"
           "\"5.00\"}]}",
           ext);
  ok("POST", "/api/v1/orders", body, 201);
  ok("POST", "/api/v1/waves", "{\"warehouse\":\"W7\"}", 201);
  json_t *v = api_step(&picker, "POST", "/api/v1/picklists/next",
                       "{\"warehouse\":\"W7\"}", 200);
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  for (;;) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *task = json_object_get(v, "task");
    json_t *n;
    char tote[8];
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      n = scan(list, json_string_value(json_object_get(task, "bin")), 0);
    } else if (strcmp(action, "scan_item") == 0) {
      n = scan(list, "LBL-BC", 1);
    } else {
      snprintf(tote, sizeof tote, "Q%03d", next_tote++);
      n = scan(list, tote, 0);
    }
    json_decref(v);
    v = n;
  }
  json_decref(v);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"%s\"}", ext, st);
  json_t *sh = api_step(&picker, "POST", "/api/v1/packing/open", body, 201);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)json_integer_value(json_object_get(sh, "id")));
  json_decref(sh);
  json_t *c = api_step(&picker, "POST", path, "{\"carton_type\":\"BOX\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  api_step_ok(&picker, "POST", path, "{\"code\":\"LBL-BC\",\"qty\":1}", 200);
  return cid;
}

/* Closes carton @a cid; returns its print job and the time taken. */
static int64_t
close_carton(int64_t cid, double *ms)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  double t0 = now_ms();
  json_t *r = api_step(&picker, "POST", path, "{\"weight_g\":400}", 200);
  *ms = now_ms() - t0;
  json_t *p = json_object_get(r, "print");
  assert_true(json_is_true(json_object_get(p, "queued")));
  int64_t job = json_integer_value(json_object_get(p, "job"));
  assert_true(job > 0);
  json_decref(r);
  return job;
}

/* Job @a job as listed for station @a st (a new reference), or NULL. */
static json_t *
job_of(const struct api_server *who, const char *st, int64_t job)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/print-jobs?station=%s", st);
  json_t *l = api_step(who, "GET", path, NULL, 200);
  size_t i;
  json_t *x, *found = NULL;
  json_array_foreach(json_object_get(l, "items"), i,
                     x) if (json_integer_value(json_object_get(x, "id")) == job)
      found = json_incref(x);
  json_decref(l);
  return found;
}

/* Waits up to 10 s for job @a job to reach @a state; returns it. */
static json_t *
wait_for(const char *st, int64_t job, const char *state)
{
  for (int i = 0; i < 200; i++) {
    json_t *j = job_of(&srv, st, job);
    assert_non_null(j);
    if (strcmp(json_string_value(json_object_get(j, "state")), state) == 0)
      return j;
    json_decref(j);
    usleep(50000);
  }
  fail_msg("print job %lld never became %s", (long long)job, state);
  return NULL;
}

static int
live_count(void)
{
  pthread_mutex_lock(&live_lock);
  int n = live_jobs;
  pthread_mutex_unlock(&live_lock);
  return n;
}

/*
 * The live printer's count once it has at least @a n jobs, or after 5 s:
 * the server marks a job printed when its bytes are sent, which may be
 * before the listener thread has read and recorded them.
 */
static int
live_count_at_least(int n)
{
  for (int i = 0; i < 100 && live_count() < n; i++)
    usleep(50000);
  return live_count();
}

static void
a_hung_printer_never_slows_the_close(void **state)
{
  double ms;
  int64_t job = close_carton(open_carton("HUNG"), &ms);
  /* Sent from the request, this waited for the 3 s connect timeout. */
  if (ms > 1000)
    fail_msg("closing at a hung printer took %.0f ms", ms);
  json_t *j = job_of(&srv, "HUNG", job);
  assert_string_equal(json_string_value(json_object_get(j, "station")), "HUNG");
  assert_string_equal(json_string_value(json_object_get(j, "kind")), "label");
  json_decref(j);
  /* Three attempts of 400 ms each, then it is failed. */
  j = wait_for("HUNG", job, "failed");
  assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 3);
  json_decref(j);
}

static void
a_dead_printer_fails_after_retries_and_a_reprint_delivers(void **state)
{
  double ms;
  int64_t cid = open_carton("DEAD");
  int64_t job = close_carton(cid, &ms);
  json_t *j = wait_for("DEAD", job, "failed");
  assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 3);
  assert_true(strlen(json_string_value(json_object_get(j, "last_error"))) > 0);
  json_decref(j);
  /* Reprinted at the live printer: exactly the carton's label arrives. */
  char path[96], body[120];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/label.zpl", (long long)cid);
  struct api_reply label;
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &label));
  assert_int_equal(label.status, 200);
  /* The label holds the address: at rest it is sealed (issue 20), in the
     carton and in its print jobs; the printer still gets the ZPL. */
  char n[32];
  assert_true(api_sql_text(&srv,
                           "SELECT count(*)::text FROM carton WHERE label_zpl"
                           " IS NOT NULL AND label_zpl NOT LIKE 'pii1:%'",
                           n, sizeof n));
  assert_string_equal(n, "0");
  assert_true(api_sql_text(&srv,
                           "SELECT count(*)::text FROM print_job WHERE kind IN"
                           " ('label', 'reprint') AND payload NOT LIKE"
                           " 'pii1:%'",
                           n, sizeof n));
  assert_string_equal(n, "0");
  int before = live_count();
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/reprint", (long long)cid);
  const char *again = "{\"idempotency_key\":\"re-1\",\"station\":\"LIVE\"}";
  json_t *r = api_step(&picker, "POST", path, again, 201);
  int64_t re = json_integer_value(json_object_get(r, "id"));
  assert_string_equal(json_string_value(json_object_get(r, "kind")), "reprint");
  json_decref(r);
  json_decref(wait_for("LIVE", re, "printed"));
  assert_int_equal(live_count_at_least(before + 1), before + 1);
  pthread_mutex_lock(&live_lock);
  assert_int_equal(live_len[before], label.body_len);
  assert_memory_equal(live_data[before], label.body, label.body_len);
  pthread_mutex_unlock(&live_lock);
  api_reply_clear(&label);
  /* The same key: the same job, printed once. */
  r = api_step(&picker, "POST", path, again, 200);
  assert_int_equal(json_integer_value(json_object_get(r, "id")), re);
  json_decref(r);
  usleep(300000);
  assert_int_equal(live_count(), before + 1);
  /* Without a station it goes to the one it was packed at (still dead). */
  snprintf(body, sizeof body, "{\"idempotency_key\":\"re-2\"}");
  r = api_step(&picker, "POST", path, body, 201);
  assert_string_equal(json_string_value(json_object_get(r, "station")), "DEAD");
  json_decref(r);
}

static void
a_live_printer_gets_the_label_at_close(void **state)
{
  double ms;
  int before = live_count();
  int64_t cid = open_carton("LIVE");
  int64_t job = close_carton(cid, &ms);
  json_t *j = wait_for("LIVE", job, "printed");
  assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 1);
  json_decref(j);
  assert_int_equal(live_count_at_least(before + 1), before + 1);
  /* The label, then the packing slip of the shipment's last carton. */
  pthread_mutex_lock(&live_lock);
  assert_memory_equal(live_data[before], "^XA", 3);
  assert_true(live_len[before] > 100);
  pthread_mutex_unlock(&live_lock);
}

static void
reprint_refusals_and_warehouse_scope(void **state)
{
  int64_t cid = open_carton("NOPR");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/reprint", (long long)cid);
  api_step_code(&picker, "POST", path, NULL, 409, "carton_not_closed");
  double ms;
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  json_t *r = api_step(&picker, "POST", path, "{\"weight_g\":400}", 200);
  assert_false(
      json_is_true(json_object_get(json_object_get(r, "print"), "attempted")));
  json_decref(r);
  (void)ms;
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/reprint", (long long)cid);
  api_step_code(&picker, "POST", path, NULL, 409, "no_printer");
  api_step_code(&picker, "POST", path, "{\"station\":\"W8S\"}", 422,
                "unknown_station");
  api_step_code(&picker, "POST", path,
                "{\"station\":\"LIVE\",\"idempotency_key\":\"re-1\"}", 409,
                "idempotency_conflict");
  api_step_code(&picker, "POST", "/api/v1/cartons/999999/reprint", NULL, 404,
                "not_found");
  api_step_code(&picker, "GET", "/api/v1/print-jobs?state=lost", NULL, 400,
                "bad_query_param");
  /* W8's lead sees no job of W7, even by station, and may not reprint. */
  json_t *l = api_step(&other, "GET", "/api/v1/print-jobs", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  l = api_step(&other, "GET", "/api/v1/print-jobs?station=LIVE", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  api_step_code(&other, "GET", "/api/v1/print-jobs?warehouse=W7", NULL, 403,
                "warehouse_forbidden");
  api_step_code(&other, "POST", path, "{\"station\":\"LIVE\"}", 403,
                "warehouse_forbidden");
  /* W7's picker sees them; the admin sees them by state. */
  l = api_step(&picker, "GET", "/api/v1/print-jobs?station=DEAD", NULL, 200);
  assert_true(json_array_size(json_object_get(l, "items")) >= 2);
  json_decref(l);
  l = api_step(&srv, "GET", "/api/v1/print-jobs?state=failed&warehouse=W7",
               NULL, 200);
  json_t *x;
  size_t i;
  json_array_foreach(json_object_get(l, "items"), i, x) assert_string_equal(
      json_string_value(json_object_get(x, "state")), "failed");
  assert_true(json_array_size(json_object_get(l, "items")) >= 2);
  json_decref(l);
}

/* The ids of list page @a l's items into @a ids; returns how many. */
static size_t
page_ids(const json_t *l, int64_t *ids, size_t cap)
{
  size_t i, n = 0;
  json_t *x;
  json_array_foreach(json_object_get(l, "items"), i, x) if (n < cap) ids[n++] =
      json_integer_value(json_object_get(x, "id"));
  return n;
}

static void
the_dock_lists_shipments_by_state_and_page(void **state)
{
  /* One more, shipped with a tracking number, then delivered. */
  double ms;
  int64_t cid = open_carton("LIVE");
  close_carton(cid, &ms);
  json_t *l = api_step(&srv, "GET", "/api/v1/shipments?warehouse=W7&limit=1",
                       NULL, 200);
  json_t *first = json_array_get(json_object_get(l, "items"), 0);
  int64_t ship = json_integer_value(json_object_get(first, "id"));
  json_t *cartons = json_object_get(first, "cartons");
  assert_int_equal(json_array_size(cartons), 1);
  assert_int_equal(
      json_integer_value(json_object_get(json_array_get(cartons, 0), "id")),
      cid);
  assert_string_equal(json_string_value(json_object_get(first, "state")),
                      "packed");
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(first, "orders"), 0), "store")),
      "S7");
  assert_non_null(json_string_value(json_object_get(l, "next")));
  json_decref(l);
  char path[128];
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  api_step_ok(&picker, "POST", path, "{\"idempotency_key\":\"dock-1\"}", 200);
  l = api_step(&picker, "GET", "/api/v1/shipments?state=shipped", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  first = json_array_get(json_object_get(l, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(first, "id")), ship);
  assert_non_null(json_string_value(json_object_get(first, "eta")));
  const char *tn = json_string_value(json_object_get(
      json_array_get(json_object_get(first, "cartons"), 0), "tracking_no"));
  assert_non_null(tn);
  assert_memory_equal(tn, "PX", 2);
  json_decref(l);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/delivered",
           (long long)ship);
  api_step_ok(&srv, "POST", path, NULL, 200);
  l = api_step(&srv, "GET", "/api/v1/shipments?warehouse=W7&state=delivered",
               NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  json_decref(l);
  l = api_step(&srv, "GET", "/api/v1/shipments?warehouse=W7&state=shipped",
               NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  /* Pages of two, newest first, each id once, until no next. */
  int64_t all[16], got[16];
  l = api_step(&srv, "GET", "/api/v1/shipments?warehouse=W7&limit=16", NULL,
               200);
  size_t n = page_ids(l, all, 16);
  json_decref(l);
  assert_true(n >= 5);
  size_t m = 0;
  char next[64] = "";
  do {
    snprintf(path, sizeof path, "/api/v1/shipments?warehouse=W7&limit=2%s%s",
             next[0] != '\0' ? "&cursor=" : "", next);
    l = api_step(&srv, "GET", path, NULL, 200);
    m += page_ids(l, got + m, 16 - m);
    const char *nx = json_string_value(json_object_get(l, "next"));
    snprintf(next, sizeof next, "%s", nx != NULL ? nx : "");
    json_decref(l);
  } while (next[0] != '\0' && m < 16);
  assert_int_equal(m, n);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(got[i], all[i]);
    if (i > 0)
      assert_true(all[i] < all[i - 1]);
  }
  api_step_code(&srv, "GET", "/api/v1/shipments?state=lost", NULL, 400,
                "bad_query_param");
  /* W8's lead: its own warehouse (none), never W7's. */
  l = api_step(&other, "GET", "/api/v1/shipments", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  api_step_code(&other, "GET", "/api/v1/shipments?warehouse=W7", NULL, 403,
                "warehouse_forbidden");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_hung_printer_never_slows_the_close),
      cmocka_unit_test(
          a_dead_printer_fails_after_retries_and_a_reprint_delivers),
      cmocka_unit_test(a_live_printer_gets_the_label_at_close),
      cmocka_unit_test(reprint_refusals_and_warehouse_scope),
      cmocka_unit_test(the_dock_lists_shipments_by_state_and_page),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
