/*
 * Steps shared by the e-waybill API tests (waybill_steps.h).
 */
#include "waybill_steps.h"
#include "channel_steps.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

/* The station's printer: the bytes of every connection, in order. */
static int printer_fd;
static pthread_mutex_t printed_lock = PTHREAD_MUTEX_INITIALIZER;
static char printed[8][32768];
static int printed_n;

static void *
printer_main(void *unused)
{
  (void)unused;
  for (;;) {
    int c = accept(printer_fd, NULL, NULL);
    if (c < 0)
      return NULL;
    char buf[32768];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 &&
           (n = read(c, buf + got, sizeof buf - 1 - got)) > 0)
      got += (size_t)n;
    close(c);
    buf[got] = '\0';
    pthread_mutex_lock(&printed_lock);
    if (printed_n < 8)
      memcpy(printed[printed_n++], buf, got + 1);
    pthread_mutex_unlock(&printed_lock);
  }
}

void
waybill_world(struct api_server *srv, unsigned printer_port)
{
  channel_world_w7_mug(srv, 30);
  api_step_ok(srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"W7\",\"bin\":\"P-01\",\"sku\":\"MUG\","
              "\"qty_delta\":100}",
              201);
  api_step_ok(srv, "POST", "/api/v1/carriers",
              "{\"code\":\"ZTO\",\"name\":\"中通快递\",\"transit_days\":2,"
              "\"tracking\":{\"prefix\":\"DZ\",\"digits\":10,"
              "\"check_digit\":\"mod10\",\"first\":1,\"last\":5000}}",
              201);
  api_step_ok(srv, "POST", "/api/v1/carton-types",
              "{\"code\":\"BOX\",\"tare_g\":100}", 201);
  char body[200];
  snprintf(body, sizeof body,
           "{\"code\":\"PACK1\",\"warehouse\":\"W7\",\"printer\":"
           "\"127.0.0.1:%u\"}",
           printer_port);
  api_step_ok(srv, "POST", "/api/v1/stations", body, 201);
}

unsigned
waybill_printer_start(void)
{
  printer_fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(printer_fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(printer_fd, 16), 0);
  socklen_t len = sizeof a;
  getsockname(printer_fd, (struct sockaddr *)&a, &len);
  pthread_t t;
  pthread_create(&t, NULL, printer_main, NULL);
  pthread_detach(t);
  return ntohs(a.sin_port);
}

/* Whether the printer got a job holding @a text, waiting up to 10 s. */
bool
waybill_printed_with(const char *text)
{
  for (int i = 0; i < 200; i++) {
    pthread_mutex_lock(&printed_lock);
    bool seen = false;
    for (int j = 0; j < printed_n && !seen; j++)
      seen = strstr(printed[j], text) != NULL;
    pthread_mutex_unlock(&printed_lock);
    if (seen)
      return true;
    usleep(50000);
  }
  return false;
}

/* Presses "pull now" until order @a ext of the store is allocated. */
static void
pull_until_allocated(const struct waybill_steps *w, const char *ext)
{
  char path[160];
  snprintf(path, sizeof path,
           "/api/v1/orders?store=%s&external_id=%s&state=allocated", w->store,
           ext);
  for (int i = 0; i < 40; i++) {
    if (i % 2 == 0) {
      char pull[96];
      snprintf(pull, sizeof pull, "/api/v1/stores/%s/channel-pull", w->store);
      api_step_ok(w->srv, "POST", pull, NULL, 202);
    }
    usleep(500000);
    json_t *j = api_step(w->srv, "GET", path, NULL, 200);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    if (n == 1)
      return;
  }
  fail_msg("order %s never allocated", ext);
}

/* Waves W7 and picks its one list to the end. */
static void
wave_and_pick(const struct waybill_steps *w)
{
  const struct channel_steps c = {w->srv, w->store, "wb"};
  channel_wave_and_pick(&c, w->picker, "W7", "MUG-BC", 'T');
}

/* Takes platform order @a tid in, picks it and opens its one carton at
   PACK1 with the mug in it; the carton's id. */
int64_t
waybill_carton_of(const struct waybill_steps *w, long long tid)
{
  char ext[24], body[120], path[96];
  snprintf(ext, sizeof ext, "%lld", tid);
  w->trade(tid);
  pull_until_allocated(w, ext);
  wave_and_pick(w);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"PACK1\"}", ext);
  json_t *sh = api_step(w->picker, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c =
      api_step(w->picker, "POST", path, "{\"carton_type\":\"BOX\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  api_step_ok(w->picker, "POST", path, "{\"code\":\"MUG-BC\",\"qty\":1}", 200);
  return cid;
}

/* Closes carton @a cid with key @a key; its tracking number (static). */
const char *
waybill_close_carton(const struct waybill_steps *w, int64_t cid,
                     const char *key)
{
  static char tracking[64];
  char path[96], body[120];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(body, sizeof body, "{\"weight_g\":400,\"idempotency_key\":\"%s\"}",
           key);
  json_t *r = api_step(w->picker, "POST", path, body, 200);
  json_t *c = json_array_get(json_object_get(r, "cartons"), 0);
  snprintf(tracking, sizeof tracking, "%s",
           json_string_value(json_object_get(c, "tracking_no")));
  json_decref(r);
  return tracking;
}

/* The simulator's count of gets of object id @a obj, and its number. */
long long
waybill_sim_gets(const struct waybill_steps *w, const char *obj, char *code,
                 size_t len)
{
  json_t *log = channel_sim_log(w->sim_port);
  long long n = json_integer_value(
      json_object_get(json_object_get(log, "waybill_gets"), obj));
  if (code != NULL) {
    const char *c = json_string_value(
        json_object_get(json_object_get(log, "waybills"), obj));
    snprintf(code, len, "%s", c != NULL ? c : "");
  }
  json_decref(log);
  return n;
}

/* What a refused close must leave alone: the rows it would touch. */
void
waybill_fingerprint(const struct waybill_steps *w, char *out, size_t len)
{
  assert_true(api_sql_text(
      w->srv,
      "SELECT md5(concat_ws('|',"
      " (SELECT string_agg(id || state || coalesce(tracking_no, '-'), ','"
      "   ORDER BY id) FROM carton),"
      " (SELECT string_agg(carton_id || state || coalesce(waybill_code, '-'),"
      "   ',' ORDER BY carton_id) FROM carton_waybill),"
      " (SELECT string_agg(code || tracking_next, ',' ORDER BY code)"
      "   FROM carrier),"
      " (SELECT count(*) FROM print_job), (SELECT count(*) FROM floor_scan),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM shipment)))",
      out, len));
}

void
waybill_account_form_refusals(const struct waybill_steps *w, const char *good,
                              const char *sender, const char *cp,
                              void (*save)(const char *cp, bool active))
{
  char accounts[96];
  snprintf(accounts, sizeof accounts, "/api/v1/stores/%s/waybill-accounts",
           w->store);
  json_t *j = api_step(w->srv, "GET", accounts, NULL, 200);
  assert_true(json_is_true(json_object_get(j, "supported")));
  assert_true(json_is_true(json_object_get(j, "authorised")));
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  char body[700];
  snprintf(body, sizeof body, "{\"carrier\":\"ZTO\",%s,\"sender\":%s}", good,
           sender);
  api_step_code(w->srv, "POST", "/api/v1/stores/SHOP1/waybill-accounts", body,
                422, "waybill_not_supported");
  api_step_code(w->srv, "POST", "/api/v1/stores/NOPE/waybill-accounts", body,
                404, "unknown_store");
  snprintf(body, sizeof body, "{\"carrier\":\"NOPE\",%s,\"sender\":%s}", good,
           sender);
  api_step_code(w->srv, "POST", accounts, body, 422, "waybill_carrier_unknown");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":{\"name\":\"x\",\"province\":"
           "\"浙江省\",\"city\":\"杭州市\",\"detail\":\"1号\"}}",
           good);
  api_step_code(w->srv, "POST", accounts, body, 422, "waybill_sender_invalid");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",\"cp_code\":\"ZTO\",\"template_url\":"
           "\"ftp://x/t\",\"sender\":%s}",
           sender);
  api_step_code(w->srv, "POST", accounts, body, 422, "invalid_value");
  snprintf(body, sizeof body, "{\"carrier\":\"ZTO\",\"sender\":%s}", sender);
  api_step_code(w->srv, "POST", accounts, body, 422, "missing_field");
  j = api_step(w->srv, "GET", accounts, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  save(cp, true);
  j = api_step(w->srv, "GET", accounts, NULL, 200);
  json_t *a = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(a, "cp_code")), cp);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(a, "sender"), "city")),
      "杭州市");
  json_decref(j);
}

void
waybill_own_range_without_account(const struct waybill_steps *w, const char *cp,
                                  void (*save)(const char *cp, bool active),
                                  void (*object)(long long tid, int64_t cid,
                                                 char *out, size_t len))
{
  save(cp, false);
  int64_t cid = waybill_carton_of(w, 6003);
  const char *t = waybill_close_carton(w, cid, "wb-close-3");
  assert_true(strncmp(t, "DZ", 2) == 0);
  char obj[48];
  object(6003, cid, obj, sizeof obj);
  assert_int_equal(waybill_sim_gets(w, obj, NULL, 0), 0);
  save(cp, true);
  /* The close procedure itself never falls back to the range for a
     carrier with an active account: a carton without its waybill (the
     account switched on between the two halves of a close) is refused. */
  int64_t c2 = waybill_carton_of(w, 6004);
  char sql[200], got[64], before[64], after[64];
  waybill_fingerprint(w, before, sizeof before);
  snprintf(sql, sizeof sql,
           "SELECT coalesce(out_error, 'closed') FROM wms_carton_close(%lld,"
           " 400, NULL, NULL, NULL, NULL)",
           (long long)c2);
  assert_true(api_sql_text(w->srv, sql, got, sizeof got));
  assert_string_equal(got, "waybill_missing");
  waybill_fingerprint(w, after, sizeof after);
  assert_string_equal(before, after);
}

size_t
waybill_exceptions(const struct waybill_steps *w, const char *st)
{
  char path[128];
  snprintf(path, sizeof path,
           "/api/v1/exceptions?warehouse=W7&kind=waybill_cancel&state=%s", st);
  json_t *j = api_step(w->srv, "GET", path, NULL, 200);
  size_t n = json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}
