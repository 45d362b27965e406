/*
 * The Taobao/Tmall connector (issue 27) against its simulator
 * (tests/sim/taobao_sim.mjs, started here: nothing reaches the internet).
 * The simulator checks every request's signature with its own code, its
 * timestamp and its session, as the TOP router does, and answers in the
 * documented shapes. Covered: credentials saved sealed and never shown;
 * refusals that change nothing; the simulator refusing a tampered, an
 * expired and a session-less request; a pull of three pages with an order
 * modified between pages taking every order exactly once; a cancellation
 * pulled after allocation releasing the stock; a shipped parcel's
 * write-back reaching the simulator once although its first attempts
 * fail, with the failure on the exceptions desk meanwhile.
 */
#include "api_harness.h"
#include "channel_taobao.h"

#include <curl/curl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"
#include "channel_steps.h"

#define APP_KEY "23456789"
#define SECRET "tb-sim-secret-0123456789"
#define SESSION "6100a1b2c3d4e5f6session"

static struct api_server srv, picker, picker8;
static pid_t sim_pid;
static unsigned sim_port;

static struct channel_steps cs = {&srv, "TB1", "tb"};

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Starts the simulator and reads its port from its first line. */
static bool
sim_start(void)
{
  static const char *const args[] = {"--app-key", APP_KEY, "--secret", SECRET,
                                     "--session", SESSION, NULL};
  return channel_sim_start("DEPOT_TAOBAO_SIM", args, &sim_pid, &sim_port);
}

/* A TOP trade of @a qty units of @a sku, modified @a ago seconds ago. */
static void
sim_trade(long long tid, const char *sku, int qty, const char *status, int ago)
{
  char ts[20], body[1400];
  channel_taobao_time(time(NULL) - ago, ts);
  snprintf(body, sizeof body,
           "{\"trades\":[{\"tid\":%lld,\"status\":\"%s\",\"modified\":\"%s\","
           "\"created\":\"%s\",\"payment\":\"%d.00\",\"post_fee\":\"0.00\","
           "\"buyer_nick\":\"t**1\",\"receiver_name\":\"张*\","
           "\"receiver_state\":\"浙江省\",\"receiver_city\":\"杭州市\","
           "\"receiver_district\":\"余杭区\",\"receiver_address\":\"文一西路**"
           "号\",\"receiver_zip\":\"311100\",\"receiver_mobile\":\"*******"
           "1234\",\"oaid\":\"1aBcOAID%lld\",\"orders\":{\"order\":[{\"oid\":"
           "%lld1,\"outer_sku_id\":\"%s\",\"num\":%d,\"price\":\"1.00\","
           "\"divide_order_fee\":\"%d.50\",\"title\":\"马克杯\","
           "\"refund_status\":\"NO_REFUND\"}]}}]}",
           tid, status, ts, ts, qty, tid, tid, sku, qty, qty - 1);
  json_decref(channel_sim_post(sim_port, "/__sim/trades", body, false));
}

static void
setup_world(void)
{
  channel_world_w7(&srv);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"TB1\",\"name\":\"天猫旗舰店\",\"channel\":\"taobao\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
     201);
  /* A second warehouse with the bowls: an order of a mug and a bowl ships
     in two parcels. */
  channel_world_w8(&srv);
  channel_world_shop1(&srv);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_channel_taobao", false, NULL))
    return -1;
  setup_world();
  return channel_login_pickers(&srv, &picker, &picker8, "tpicker",
                               "tb picker 4242")
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  (void)state;
  channel_sim_stop(sim_pid);
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Saves the credentials with @a secret against the simulator. */
static void
save_creds(const char *secret, long status)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"app_key\":\"" APP_KEY "\",\"app_secret\":\"%s\","
           "\"access_token\":\"" SESSION "\",\"refresh_token\":\"rf-" SESSION
           "\",\"token_expires_at\":\"2099-01-01T00:00:00Z\","
           "\"base_url\":\"http://127.0.0.1:%u/router/rest\","
           "\"page_size\":4,\"pull_seconds\":3600}",
           secret, sim_port);
  ok("POST", "/api/v1/stores/TB1/channel-auth", body, status);
}

static void
refusals_change_nothing_and_secrets_never_show(void **state)
{
  (void)state;
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "not_authorised");
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
  api_step_code(&srv, "POST", "/api/v1/stores/TB1/channel-pull", NULL, 409,
                "channel_not_authorised");
  api_step_code(&srv, "POST", "/api/v1/stores/SHOP1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/router/rest\"}",
                422, "channel_not_supported");
  api_step_code(&srv, "POST", "/api/v1/stores/TB1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"ftp://example/rest\"}",
                422, "channel_base_url_invalid");
  api_step_code(&srv, "POST", "/api/v1/stores/TB1/channel-auth",
                "{\"app_key\":\"k\",\"base_url\":\"http://127.0.0.1:1/r\"}",
                422, "missing_field");
  api_step_code(&srv, "POST", "/api/v1/stores/TB1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/r\",\"sign_method\":\"sha1\"}",
                422, "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/stores/NOPE/channel-auth",
                "{\"app_key\":\"k\"}", 404, "unknown_store");
  c = channel_connection(&cs);
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
}

/* Signs @a p (n) with the right secret, then sends it, changed by the
   caller through @a tamper (may be NULL), to the simulator. */
static json_t *
top_request(struct channel_taobao_param *p, size_t n, const char *tamper_key,
            const char *tamper_value)
{
  char sign[33];
  assert_true(channel_taobao_sign(p, n, SECRET, "md5", sign));
  char form[2048] = "";
  size_t at = 0;
  for (size_t i = 0; i <= n; i++) {
    const char *k = i < n ? p[i].key : "sign";
    const char *v = i < n ? p[i].value : sign;
    if (tamper_key != NULL && strcmp(k, tamper_key) == 0)
      v = tamper_value;
    char *e = curl_easy_escape(NULL, v, 0);
    at += (size_t)snprintf(form + at, sizeof form - at, "%s%s=%s",
                           i > 0 ? "&" : "", k, e);
    curl_free(e);
  }
  return channel_sim_post(sim_port, "/router/rest", form, true);
}

static long long
top_code(const json_t *j)
{
  return json_integer_value(
      json_object_get(json_object_get(j, "error_response"), "code"));
}

static void
the_simulator_refuses_tampered_expired_and_sessionless_requests(void **state)
{
  (void)state;
  char now[20], old[20], from[20];
  channel_taobao_time(time(NULL), now);
  channel_taobao_time(time(NULL) - 11 * 60, old);
  channel_taobao_time(time(NULL) - 3600, from);
  struct channel_taobao_param p[] = {
      {"method", "taobao.trades.sold.increment.get"},
      {"app_key", APP_KEY},
      {"session", SESSION},
      {"timestamp", now},
      {"format", "json"},
      {"v", "2.0"},
      {"sign_method", "md5"},
      {"fields", "tid"},
      {"start_modified", from},
      {"end_modified", now},
  };
  size_t n = sizeof p / sizeof p[0];
  json_t *j = top_request(p, n, NULL, NULL);
  assert_non_null(json_object_get(j, "trades_sold_increment_get_response"));
  json_decref(j);
  /* A parameter changed after signing. */
  j = top_request(p, n, "end_modified", from);
  assert_int_equal(top_code(j), 25);
  json_decref(j);
  /* Signed right, but 11 minutes old. */
  p[3].value = old;
  j = top_request(p, n, NULL, NULL);
  assert_int_equal(top_code(j), 31);
  json_decref(j);
  p[3].value = now;
  /* No session (signed without it), and a session of someone else. */
  p[2].value = "";
  j = top_request(p, n, NULL, NULL);
  assert_int_equal(top_code(j), 26);
  json_decref(j);
  p[2].value = "not-the-session";
  j = top_request(p, n, NULL, NULL);
  assert_int_equal(top_code(j), 27);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(j, "error_response"), "sub_code")),
                      "invalid-sessionkey");
  json_decref(j);
  /* Depot with a wrong secret: the pull is refused with code 25, the
     connection says so, and nothing is taken in. */
  sim_trade(999, "TEA", 1, "WAIT_SELLER_SEND_GOODS", 30);
  save_creds("a-wrong-secret-for-the-sim", 200);
  channel_wait_error(&cs, "25", SESSION);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 0);
}

static void
three_pages_with_an_order_modified_between_them_take_each_order_once(
    void **state)
{
  (void)state;
  /* Ten trades (with 999 from before: 11, three pages of four), newest
     last; 1009 sits on the first page, which is read last. After the
     first full page (the third), 1009 changes: it leaves the window and
     the pages behind it move up by one. */
  for (int i = 1; i <= 10; i++)
    sim_trade(1000 + i, "TEA", 1, "WAIT_SELLER_SEND_GOODS", 30 - i);
  json_decref(channel_sim_post(
      sim_port, "/__sim/modify_after",
      "{\"tid\":1009,\"after\":1,\"changes\":{\"receiver_address\":\"新地址"
      "8号\"}}",
      false));
  save_creds(SECRET, 200);
  /* The first pull takes ten: 1009 has left its window. */
  for (int i = 0; i < 60 && channel_conn_int(&cs, "pulled_total") < 10; i++)
    usleep(250000);
  json_t *log = channel_sim_log(sim_port);
  assert_true(json_integer_value(json_object_get(log, "list_pages")) >= 3);
  json_decref(log);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 10);
  assert_int_equal(channel_orders(&cs, "1009", NULL), 0);
  /* The next pull brings 1009 in, with its new address. */
  channel_pull_until(&cs, "1009", NULL, 1);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 11);
  for (int i = 1; i <= 10; i++) {
    char ext[8];
    snprintf(ext, sizeof ext, "%d", 1000 + i);
    assert_int_equal(channel_orders(&cs, ext, NULL), 1);
  }
  assert_int_equal(channel_conn_int(&cs, "pulled_total"), 11);
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  assert_non_null(json_object_get(c, "last_ok_at"));
  assert_true(json_integer_value(json_object_get(c, "pulled_today")) >= 11);
  json_decref(c);
  /* A save that names no secret keeps the stored ones. */
  ok("POST", "/api/v1/stores/TB1/channel-auth", "{\"page_size\":5}", 200);
  c = channel_connection(&cs);
  assert_int_equal(json_integer_value(json_object_get(c, "page_size")), 5);
  assert_true(json_is_true(json_object_get(c, "has_secret")));
  assert_true(json_is_true(json_object_get(c, "has_token")));
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  json_decref(c);
  ok("POST", "/api/v1/stores/TB1/channel-auth", "{\"page_size\":4}", 200);
  /* The order keeps the platform's masked data and open address id. */
  json_t *o = api_step(&srv, "GET", "/api/v1/orders?store=TB1&external_id=1009",
                       NULL, 200);
  char *t = json_dumps(o, 0);
  json_decref(o);
  if (strstr(t, "\"channel\"") == NULL && strstr(t, "1009") == NULL)
    fail_msg("order 1009 not listed: %s", t);
  free(t);
  /* Each sub-order was paid 0.50 below price x num (divide_order_fee):
   * that is its line's discount. */
  char n[32];
  assert_true(api_sql_text(
      &srv,
      "SELECT count(*) FILTER (WHERE l.discount <> 0.50) || ' ' || count(*)"
      " FROM order_line l JOIN sales_order o ON o.id = l.order_id JOIN store s"
      " ON s.id = o.store_id WHERE s.code = 'TB1'",
      n, sizeof n));
  assert_int_equal(atoi(n), 0);
  assert_true(atoi(strchr(n, ' ') + 1) > 0);
}

static void
a_cancellation_pulled_after_allocation_releases_the_stock(void **state)
{
  (void)state;
  int64_t before = channel_reserved_mugs(&cs);
  sim_trade(2001, "MUG", 3, "WAIT_SELLER_SEND_GOODS", 0);
  channel_pull_until(&cs, "2001", "allocated", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before + 3);
  /* The buyer's refund closes the trade before it ships. */
  sim_trade(2001, "MUG", 3, "TRADE_CLOSED", 0);
  channel_pull_until(&cs, "2001", "cancelled", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before);
}

static size_t
open_writeback_exceptions(const char *state)
{
  char path[128];
  snprintf(path, sizeof path,
           "/api/v1/exceptions?warehouse=W7&kind=channel_writeback&state=%s",
           state);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  size_t n = json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static void
a_shipped_parcel_is_written_back_once_though_its_first_attempts_fail(
    void **state)
{
  (void)state;
  sim_trade(3001, "MUG", 2, "WAIT_SELLER_SEND_GOODS", 0);
  channel_pull_until(&cs, "3001", "allocated", 1);
  /* The platform's logistics service times out three times. */
  json_decref(
      channel_sim_post(sim_port, "/__sim/fail_sends", "{\"count\":3}", false));
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "3001", "MUG-BC", 2);
  /* After the third failure the exceptions desk shows it. */
  for (int i = 0; i < 80 && open_writeback_exceptions("open") == 0; i++)
    usleep(250000);
  assert_int_equal(open_writeback_exceptions("open"), 1);
  json_t *c = channel_connection(&cs);
  assert_true(json_array_size(json_object_get(c, "writeback_problems")) >= 1);
  json_decref(c);
  /* Then it goes through: once. */
  json_t *log = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(log);
    log = channel_sim_log(sim_port);
    if (json_array_size(json_object_get(log, "sends")) > 0)
      break;
    usleep(250000);
  }
  json_t *sends = json_object_get(log, "sends");
  assert_int_equal(json_array_size(sends), 1);
  assert_int_equal(json_integer_value(json_object_get(log, "sends_failed")), 3);
  json_t *s = json_array_get(sends, 0);
  assert_string_equal(json_string_value(json_object_get(s, "tid")), "3001");
  assert_string_equal(json_string_value(json_object_get(s, "company_code")),
                      "SF");
  assert_true(
      strncmp(json_string_value(json_object_get(s, "out_sid")), "SF", 2) == 0);
  assert_false(json_is_true(json_object_get(s, "is_split")));
  json_decref(log);
  for (int i = 0; i < 40 && open_writeback_exceptions("resolved") == 0; i++)
    usleep(250000);
  assert_int_equal(open_writeback_exceptions("open"), 0);
  assert_int_equal(open_writeback_exceptions("resolved"), 1);
  /* Nothing more is sent later. */
  sleep(3);
  log = channel_sim_log(sim_port);
  assert_int_equal(json_array_size(json_object_get(log, "sends")), 1);
  json_decref(log);
  c = channel_connection(&cs);
  json_t *wb = json_object_get(c, "writebacks");
  assert_int_equal(json_integer_value(json_object_get(wb, "sent")), 1);
  assert_int_equal(json_integer_value(json_object_get(wb, "failed")), 0);
  json_decref(c);
}

/* The sends of platform order @a tid so far, as a new array. */
static json_t *
sends_of(const char *tid)
{
  json_t *log = channel_sim_log(sim_port), *out = json_array();
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(log, "sends"), i, s)
  {
    if (strcmp(json_string_value(json_object_get(s, "tid")), tid) == 0)
      json_array_append(out, s);
  }
  json_decref(log);
  return out;
}

static void
a_split_order_is_written_back_per_parcel(void **state)
{
  (void)state;
  /* A mug (only in W7) and a bowl (only in W8): two sub-orders, two
     parcels, each sent with is_split and its own oid. */
  char ts[20], body[1400];
  channel_taobao_time(time(NULL), ts);
  snprintf(body, sizeof body,
           "{\"trades\":[{\"tid\":5001,\"status\":\"WAIT_SELLER_SEND_GOODS\","
           "\"modified\":\"%s\",\"payment\":\"2.00\",\"post_fee\":\"0.00\","
           "\"receiver_name\":\"王*\",\"receiver_state\":\"湖南省\","
           "\"receiver_city\":\"株洲市\",\"receiver_address\":\"**路\","
           "\"receiver_mobile\":\"*******9999\",\"oaid\":\"OAID5001\","
           "\"orders\":{\"order\":[{\"oid\":50011,\"outer_sku_id\":\"MUG\","
           "\"num\":1,\"price\":\"1.00\",\"title\":\"杯\"},{\"oid\":50012,"
           "\"outer_sku_id\":\"BOWL\",\"num\":1,\"price\":\"1.00\","
           "\"title\":\"碗\"}]}}]}",
           ts);
  json_decref(channel_sim_post(sim_port, "/__sim/trades", body, false));
  channel_pull_until(&cs, "5001", "allocated", 1);
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "5001", "MUG-BC", 1);
  channel_wave_and_pick(&cs, &picker8, "W8", "BOWL-BC", 'U');
  channel_pack_and_ship(&picker8, "5001", "BOWL-BC", 1);
  json_t *sends = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(sends);
    sends = sends_of("5001");
    if (json_array_size(sends) >= 2)
      break;
    usleep(250000);
  }
  assert_int_equal(json_array_size(sends), 2);
  const char *subs[2];
  for (size_t i = 0; i < 2; i++) {
    json_t *x = json_array_get(sends, i);
    assert_true(json_is_true(json_object_get(x, "is_split")));
    subs[i] = json_string_value(json_object_get(x, "sub_tid"));
  }
  assert_true(
      (strcmp(subs[0], "50011") == 0 && strcmp(subs[1], "50012") == 0) ||
      (strcmp(subs[0], "50012") == 0 && strcmp(subs[1], "50011") == 0));
  assert_string_not_equal(
      json_string_value(json_object_get(json_array_get(sends, 0), "out_sid")),
      json_string_value(json_object_get(json_array_get(sends, 1), "out_sid")));
  json_decref(sends);
}

static void
an_expired_token_is_refreshed_before_the_pull(void **state)
{
  (void)state;
  /* The token expired an hour ago; the refresh token still works. */
  ok("POST", "/api/v1/stores/TB1/channel-auth",
     "{\"token_expires_at\":\"2020-01-01T00:00:00Z\"}", 200);
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "expired");
  json_decref(c);
  sim_trade(4001, "TEA", 1, "WAIT_SELLER_SEND_GOODS", 0);
  channel_pull_until(&cs, "4001", NULL, 1);
  json_t *log = channel_sim_log(sim_port);
  assert_int_equal(json_integer_value(json_object_get(log, "refreshes")), 1);
  json_decref(log);
  c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  assert_true(json_is_true(json_object_get(c, "has_refresh_token")));
  json_decref(c);
  /* The new token is the one in use: another order comes with it. */
  sim_trade(4002, "TEA", 1, "WAIT_SELLER_SEND_GOODS", 0);
  channel_pull_until(&cs, "4002", NULL, 1);
  log = channel_sim_log(sim_port);
  assert_int_equal(json_integer_value(json_object_get(log, "refreshes")), 1);
  json_decref(log);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(refusals_change_nothing_and_secrets_never_show),
      cmocka_unit_test(
          the_simulator_refuses_tampered_expired_and_sessionless_requests),
      cmocka_unit_test(
          three_pages_with_an_order_modified_between_them_take_each_order_once),
      cmocka_unit_test(
          a_cancellation_pulled_after_allocation_releases_the_stock),
      cmocka_unit_test(
          a_shipped_parcel_is_written_back_once_though_its_first_attempts_fail),
      cmocka_unit_test(a_split_order_is_written_back_per_parcel),
      cmocka_unit_test(an_expired_token_is_refreshed_before_the_pull),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
