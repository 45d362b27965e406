/*
 * The JD connector (issue 27) against its simulator (tests/sim/jd_sim.mjs,
 * started here: nothing reaches the internet). The simulator checks every
 * request's signature with its own code, its timestamp and its access
 * token, as the JOS router does, and answers in the documented shapes
 * (error_response with a string code and zh_desc/en_desc, *_responce
 * bodies). Covered, as for Taobao: refusals that change nothing (and a JD
 * store refusing hmac signing); the simulator refusing a tampered, an
 * expired and a token-less request; Depot with a wrong secret showing
 * JOS's code 12; a pull of three pages with an order modified between
 * pages taking every order exactly once, with the buyer's masked data
 * kept; a cancellation pulled after allocation releasing the stock; a
 * shipped parcel's write-back reaching the simulator once although its
 * first attempt fails; an expired access token refreshed through JD's
 * OAuth before the pull.
 */
#include "api_harness.h"
#include "channel_jd.h"

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

#define APP_KEY "JD0A1B2C3D4E5F6789"
#define SECRET "jd-sim-secret-0123456789abcdef"
#define TOKEN "8f1e2d3c-jd-access-token"

static struct api_server srv, picker, picker8;
static pid_t sim_pid;
static unsigned sim_port;

static struct channel_steps cs = {&srv, "JD1", "tb"};

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Starts the simulator and reads its port from its first line. */
static bool
sim_start(void)
{
  static const char *const args[] = {"--app-key", APP_KEY, "--secret", SECRET,
                                     "--token",   TOKEN,   NULL};
  return channel_sim_start("DEPOT_JD_SIM", args, &sim_pid, &sim_port);
}

/* A JOS order of @a qty units of @a sku in @a state, modified @a ago
   seconds ago, its buyer's data masked as JOS sends it. */
static void
sim_order(long long id, const char *sku, int qty, const char *state, int ago)
{
  char ts[20], body[1400];
  channel_jd_time(time(NULL) - ago, ts);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"orderId\":\"%lld\",\"orderState\":\"%s\","
           "\"modified\":\"%s\",\"orderStartTime\":\"%s\",\"orderPayment\":"
           "\"%d.00\",\"freightPrice\":\"0.00\",\"sellerDiscount\":\"0.20\","
           "\"pin\":\"jd_****8\",\"orderRemark\":\"\",\"consigneeInfo\":{"
           "\"fullname\":\"张*\",\"mobile\":\"138****1234\",\"telephone\":"
           "\"\",\"province\":\"北京\",\"city\":\"北京市\",\"county\":"
           "\"大兴区\",\"town\":\"亦庄\",\"fullAddress\":\"北京大兴区亦庄科创**"
           "街**号\"},\"itemInfoList\":[{\"skuId\":\"%lld1\",\"outerSkuId\":"
           "\"%s\",\"skuName\":\"马克杯\",\"jdPrice\":\"1.00\",\"itemTotal\":"
           "\"%d\"}]}]}",
           id, state, ts, ts, qty, id, sku, qty);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
}

static void
setup_world(void)
{
  channel_world_w7(&srv);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"JD1\",\"name\":\"京东自营旗舰店\",\"channel\":\"jd\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
     201);
  channel_world_shop1(&srv);
  /* A second warehouse with the bowls: an order of a mug and a bowl ships
     in two parcels. */
  channel_world_w8(&srv);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_channel_jd", false, NULL))
    return -1;
  setup_world();
  return channel_login_pickers(&srv, &picker, &picker8, "jpicker",
                               "jd picker 4242")
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
           "\"access_token\":\"" TOKEN "\",\"refresh_token\":\"rf-" TOKEN
           "\",\"token_expires_at\":\"2099-01-01T00:00:00Z\","
           "\"base_url\":\"http://127.0.0.1:%u/routerjson\","
           "\"page_size\":4,\"pull_seconds\":3600}",
           secret, sim_port);
  ok("POST", "/api/v1/stores/JD1/channel-auth", body, status);
}

static void
refusals_change_nothing_and_secrets_never_show(void **state)
{
  (void)state;
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "not_authorised");
  assert_true(json_is_true(json_object_get(c, "connector")));
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/channel-pull", NULL, 409,
                "channel_not_authorised");
  api_step_code(&srv, "POST", "/api/v1/stores/SHOP1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/routerjson\"}",
                422, "channel_not_supported");
  /* JOS signs with MD5 only. */
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/routerjson\",\"sign_method\":\"hmac\"}",
                422, "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"ftp://example/routerjson\"}",
                422, "channel_base_url_invalid");
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/channel-auth",
                "{\"app_key\":\"k\",\"base_url\":\"http://127.0.0.1:1/r\"}",
                422, "missing_field");
  c = channel_connection(&cs);
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
}

/* Signs @a p (n) with the right secret, then sends it, with @a tamper_key
   changed to @a tamper_value after signing (NULL: none), to the router. */
static json_t *
jos_request(struct channel_jd_param *p, size_t n, const char *tamper_key,
            const char *tamper_value)
{
  char sign[33];
  assert_true(channel_jd_sign(p, n, SECRET, sign));
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
  return channel_sim_post(sim_port, "/routerjson", form, true);
}

static const char *
jos_code(const json_t *j)
{
  const char *c = json_string_value(
      json_object_get(json_object_get(j, "error_response"), "code"));
  return c != NULL ? c : "";
}

static void
the_simulator_refuses_tampered_expired_and_tokenless_requests(void **state)
{
  (void)state;
  char now[20], old[20], from[20], pj[200];
  channel_jd_time(time(NULL), now);
  channel_jd_time(time(NULL) - 11 * 60, old);
  channel_jd_time(time(NULL) - 3600, from);
  snprintf(pj, sizeof pj,
           "{\"dateType\":0,\"end_date\":\"%s\",\"optional_fields\":"
           "\"orderId\",\"order_state\":\"WAIT_SELLER_STOCK_OUT\",\"page\":"
           "\"1\",\"page_size\":\"10\",\"start_date\":\"%s\"}",
           now, from);
  struct channel_jd_param p[] = {
      {"method", "jingdong.pop.order.search"},
      {"app_key", APP_KEY},
      {"access_token", TOKEN},
      {"timestamp", now},
      {"format", "json"},
      {"v", "2.0"},
      {"360buy_param_json", pj},
  };
  size_t n = sizeof p / sizeof p[0];
  json_t *j = jos_request(p, n, NULL, NULL);
  json_t *r = json_object_get(j, "jingdong_pop_order_search_responce");
  assert_non_null(r);
  assert_true(json_is_true(json_object_get(
      json_object_get(json_object_get(r, "searchorderinfo_result"),
                      "apiResult"),
      "success")));
  json_decref(j);
  /* A parameter changed after signing. */
  j = jos_request(p, n, "360buy_param_json", "{\"page\":\"2\"}");
  assert_string_equal(jos_code(j), "12");
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(j, "error_response"), "en_desc")),
                      "Invalid Signature");
  json_decref(j);
  /* Signed right, but 11 minutes old. */
  p[3].value = old;
  j = jos_request(p, n, NULL, NULL);
  assert_string_equal(jos_code(j), "8");
  json_decref(j);
  p[3].value = now;
  /* No access token (signed without it), and someone else's. */
  p[2].value = "";
  j = jos_request(p, n, NULL, NULL);
  assert_string_equal(jos_code(j), "19");
  json_decref(j);
  p[2].value = "not-the-token";
  j = jos_request(p, n, NULL, NULL);
  assert_string_equal(jos_code(j), "19");
  json_decref(j);
  /* Depot with a wrong secret: the pull is refused with code 12, the
     connection says so, and nothing is taken in. */
  sim_order(999, "TEA", 1, "WAIT_SELLER_STOCK_OUT", 30);
  save_creds("a-wrong-secret-for-the-sim", 200);
  channel_wait_error(&cs, "12", TOKEN);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 0);
}

static void
three_pages_with_an_order_modified_between_them_take_each_order_once(
    void **state)
{
  (void)state;
  /* Ten orders (with 999 from before: 11, three pages of four), newest
     last; 1009 sits on the first page, which is read last. After the
     first full page, 1009 changes: it leaves the window and the pages
     behind it move up by one. */
  for (int i = 1; i <= 10; i++)
    sim_order(1000 + i, "TEA", 1, "WAIT_SELLER_STOCK_OUT", 30 - i);
  json_decref(channel_sim_post(sim_port, "/__sim/modify_after",
                               "{\"orderId\":\"1009\",\"after\":1,\"changes\":{"
                               "\"orderRemark\":\"请周末送达\"}}",
                               false));
  save_creds(SECRET, 200);
  for (int i = 0; i < 60 && channel_conn_int(&cs, "pulled_total") < 10; i++)
    usleep(250000);
  json_t *log = channel_sim_log(sim_port);
  assert_true(json_integer_value(json_object_get(log, "search_pages")) >= 3);
  json_decref(log);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 10);
  assert_int_equal(channel_orders(&cs, "1009", NULL), 0);
  /* The next pull brings 1009 in, with its new remark. */
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
  assert_string_equal(json_string_value(json_object_get(c, "channel")), "jd");
  json_decref(c);
  /* The order keeps JOS's masked buyer data as given. */
  json_t *o = channel_order_doc(&cs, "1009");
  char *t = json_dumps(o, 0);
  json_decref(o);
  if (strstr(t, "请周末送达") == NULL || strstr(t, "138****1234") == NULL)
    fail_msg("order 1009 lost its remark or masked phone: %s", t);
  /* The seller's discount (sellerDiscount 0.20) is the order's. */
  if (strstr(t, "\"discount\": \"0.20\"") == NULL)
    fail_msg("order 1009 lost its seller discount: %s", t);
  free(t);
}

static void
a_cancellation_pulled_after_allocation_releases_the_stock(void **state)
{
  (void)state;
  int64_t before = channel_reserved_mugs(&cs);
  sim_order(2001, "MUG", 3, "WAIT_SELLER_STOCK_OUT", 0);
  channel_pull_until(&cs, "2001", "allocated", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before + 3);
  /* The buyer asks to cancel: the order is locked meanwhile, which
     changes nothing in Depot. */
  sim_order(2001, "MUG", 3, "LOCKED", 0);
  ok("POST", "/api/v1/stores/JD1/channel-pull", NULL, 202);
  sleep(2);
  assert_int_equal(channel_orders(&cs, "2001", "allocated"), 1);
  /* JD cancels it before it ships. */
  sim_order(2001, "MUG", 3, "TRADE_CANCELED", 0);
  channel_pull_until(&cs, "2001", "cancelled", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before);
}

static void
a_shipped_parcel_is_written_back_once_though_its_first_attempt_fails(
    void **state)
{
  (void)state;
  sim_order(3001, "MUG", 2, "WAIT_SELLER_STOCK_OUT", 0);
  channel_pull_until(&cs, "3001", "allocated", 1);
  /* JOS refuses the first shipment call (system busy). */
  json_decref(
      channel_sim_post(sim_port, "/__sim/fail_sends", "{\"count\":1}", false));
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "3001", "MUG-BC", 2);
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
  assert_int_equal(json_integer_value(json_object_get(log, "sends_failed")), 1);
  json_t *s = json_array_get(sends, 0);
  assert_string_equal(json_string_value(json_object_get(s, "orderId")), "3001");
  /* Depot's carrier SF goes as JD's logistics company id. */
  assert_string_equal(json_string_value(json_object_get(s, "logiCoprId")),
                      "467");
  assert_true(
      strncmp(json_string_value(json_object_get(s, "logiNo")), "SF", 2) == 0);
  json_decref(log);
  /* Nothing more is sent later. */
  sleep(3);
  log = channel_sim_log(sim_port);
  assert_int_equal(json_array_size(json_object_get(log, "sends")), 1);
  json_decref(log);
  json_t *c = channel_connection(&cs);
  json_t *wb = json_object_get(c, "writebacks");
  assert_int_equal(json_integer_value(json_object_get(wb, "sent")), 1);
  assert_int_equal(json_integer_value(json_object_get(wb, "pending")), 0);
  assert_int_equal(json_integer_value(json_object_get(wb, "failed")), 0);
  json_decref(c);
}

/* The open channel_writeback exceptions of W8 (new reference). */
static json_t *
w8_writeback_exceptions(void)
{
  return api_step(&srv, "GET",
                  "/api/v1/exceptions?warehouse=W8&kind=channel_writeback&"
                  "state=open",
                  NULL, 200);
}

static void
a_split_order_ships_at_jd_with_its_first_parcel(void **state)
{
  (void)state;
  /* A mug (only in W7) and a bowl (only in W8): two parcels. JOS takes an
     order's waybills in its one shipment call, so the first parcel ships
     the order at JD; the second is refused before any call, and the
     exceptions desk says why. */
  char ts[20], body[1400];
  channel_jd_time(time(NULL), ts);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"orderId\":\"5001\",\"orderState\":"
           "\"WAIT_SELLER_STOCK_OUT\",\"modified\":\"%s\","
           "\"orderStartTime\":\"%s\",\"orderPayment\":\"2.00\","
           "\"freightPrice\":\"0.00\",\"sellerDiscount\":\"0.00\","
           "\"pin\":\"jd_****8\",\"orderRemark\":\"\",\"consigneeInfo\":{"
           "\"fullname\":\"张*\",\"mobile\":\"138****1234\",\"province\":"
           "\"北京\",\"city\":\"北京市\",\"county\":\"大兴区\","
           "\"fullAddress\":\"北京大兴区亦庄**街**号\"},\"itemInfoList\":[{"
           "\"skuId\":\"50011\",\"outerSkuId\":\"MUG\",\"skuName\":"
           "\"马克杯\",\"jdPrice\":\"1.00\",\"itemTotal\":\"1\"},{"
           "\"skuId\":\"50021\",\"outerSkuId\":\"BOWL\",\"skuName\":"
           "\"碗\",\"jdPrice\":\"1.00\",\"itemTotal\":\"1\"}]}]}",
           ts, ts);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
  channel_pull_until(&cs, "5001", "allocated", 1);
  json_t *before = channel_sim_log(sim_port);
  size_t sends0 = json_array_size(json_object_get(before, "sends"));
  json_decref(before);
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "5001", "MUG-BC", 1);
  channel_wave_and_pick(&cs, &picker8, "W8", "BOWL-BC", 'U');
  channel_pack_and_ship(&picker8, "5001", "BOWL-BC", 1);
  json_t *ex = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(ex);
    ex = w8_writeback_exceptions();
    if (json_array_size(json_object_get(ex, "items")) > 0)
      break;
    usleep(250000);
  }
  assert_int_equal(json_array_size(json_object_get(ex, "items")), 1);
  const char *detail = json_string_value(json_object_get(
      json_array_get(json_object_get(ex, "items"), 0), "detail"));
  assert_non_null(detail);
  assert_non_null(strstr(detail, "JD takes an order's waybills"));
  json_decref(ex);
  sleep(2);
  json_t *log = channel_sim_log(sim_port);
  json_t *sends = json_object_get(log, "sends");
  assert_int_equal(json_array_size(sends), sends0 + 1);
  json_t *s = json_array_get(sends, sends0);
  assert_string_equal(json_string_value(json_object_get(s, "orderId")), "5001");
  assert_string_equal(json_string_value(json_object_get(s, "logiCoprId")),
                      "467");
  json_decref(log);
}

static void
an_expired_token_is_refreshed_before_the_pull(void **state)
{
  (void)state;
  ok("POST", "/api/v1/stores/JD1/channel-auth",
     "{\"token_expires_at\":\"2020-01-01T00:00:00Z\"}", 200);
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "expired");
  json_decref(c);
  sim_order(4001, "TEA", 1, "WAIT_SELLER_STOCK_OUT", 0);
  channel_pull_until(&cs, "4001", NULL, 1);
  json_t *log = channel_sim_log(sim_port);
  assert_int_equal(json_integer_value(json_object_get(log, "refreshes")), 1);
  json_decref(log);
  c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  json_decref(c);
  /* The new token is the one in use: another order comes with it. */
  sim_order(4002, "TEA", 1, "WAIT_SELLER_STOCK_OUT", 0);
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
          the_simulator_refuses_tampered_expired_and_tokenless_requests),
      cmocka_unit_test(
          three_pages_with_an_order_modified_between_them_take_each_order_once),
      cmocka_unit_test(
          a_cancellation_pulled_after_allocation_releases_the_stock),
      cmocka_unit_test(
          a_shipped_parcel_is_written_back_once_though_its_first_attempt_fails),
      cmocka_unit_test(a_split_order_ships_at_jd_with_its_first_parcel),
      cmocka_unit_test(an_expired_token_is_refreshed_before_the_pull),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
