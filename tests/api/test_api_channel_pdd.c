/*
 * The Pinduoduo connector (issue 27) against its simulator
 * (tests/sim/pdd_sim.mjs, started here: nothing reaches the internet). The
 * simulator checks every request's signature with its own code, its
 * timestamp and its access token, as Pinduoduo's router does, and answers
 * in the documented shapes (error_response with error_code, error_msg,
 * sub_code, sub_msg; *_response bodies). Covered, as for Taobao and JD:
 * refusals that change nothing (and a Pinduoduo store refusing hmac
 * signing); the simulator refusing a tampered, an expired and a token-less
 * request; Depot with a wrong secret showing code 20004; a pull of three
 * pages with an order modified between pages taking every order exactly
 * once, with the buyer's masked data kept and the shop's discount taken
 * (not Pinduoduo's subsidy); a cancellation (a refund before shipping)
 * pulled after allocation releasing the stock; a shipped parcel's
 * write-back reaching the simulator once although its first attempt
 * fails; an expired access token refreshed through
 * pdd.pop.auth.token.refresh before the pull.
 */
#include "api_harness.h"
#include "channel_pdd.h"

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

#define APP_KEY "pdd0a1b2c3d4e5f60718293a4b5c6d7e8"
#define SECRET "pdd-sim-secret-0123456789abcdef"
#define TOKEN "7a6b5c4d-pdd-access-token"

static struct api_server srv, picker, picker8;
static pid_t sim_pid;
static unsigned sim_port;

static struct channel_steps cs = {&srv, "PDD1", "tb"};

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Starts the simulator and reads its port from its first line. */
static bool
sim_start(void)
{
  static const char *const args[] = {"--client-id", APP_KEY, "--secret", SECRET,
                                     "--token",     TOKEN,   NULL};
  return channel_sim_start("DEPOT_PDD_SIM", args, &sim_pid, &sim_port);
}

/* A Pinduoduo order of @a qty units of @a sku in order_status @a status
   and refund_status @a refund, updated @a ago seconds ago, its buyer's
   data masked as Pinduoduo sends it; the shop's discount 0.20 and
   Pinduoduo's own 1.00. */
static void
sim_order(long long id, const char *sku, int qty, int status, int refund,
          int ago)
{
  char ts[20], body[1600];
  time_t t = time(NULL) - ago + 8 * 3600;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_sn\":\"%lld\",\"order_status\":%d,"
           "\"refund_status\":%d,\"confirm_status\":1,\"is_lucky_flag\":1,"
           "\"updated_at\":\"%s\",\"goods_amount\":\"%d.00\","
           "\"discount_amount\":\"1.20\",\"seller_discount\":\"0.20\","
           "\"platform_discount\":\"1.00\",\"postage\":\"0.00\","
           "\"pay_amount\":\"%d.80\",\"buyer_memo\":\"\",\"remark\":\"\","
           "\"receiver_name\":\"~AgAAAAEnc~\",\"receiver_name_mask\":\"张*\","
           "\"receiver_phone\":\"$AgAAAAEnc$\",\"receiver_phone_mask\":"
           "\"138****1234\",\"receiver_address\":\"~AgAAAAEaddr~\","
           "\"receiver_address_mask\":\"上海市长宁区**路**号\",\"province\":"
           "\"上海市\",\"city\":\"上海市\",\"town\":\"长宁区\",\"item_list\":"
           "[{\"goods_id\":\"%lld0\",\"sku_id\":\"%lld1\",\"outer_id\":\"%s\","
           "\"outer_goods_id\":\"\",\"goods_name\":\"马克杯\",\"goods_spec\":"
           "\"白色\",\"goods_price\":\"1.00\",\"goods_count\":%d}]}]}",
           id, status, refund, ts, qty * 5, qty * 5 - 2, id, id, sku, qty);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
}

/* Depot's SF carrier, its platform codes added to the end by callers. */
#define SF_CARRIER_HEAD                                                        \
  "{\"code\":\"SF\",\"name\":\"SF Express\",\"transit_days\":2,"               \
  "\"tracking\":{\"prefix\":\"SF\",\"digits\":10,\"check_digit\":"             \
  "\"mod10\",\"first\":1,\"last\":5000}"

static void
setup_world(void)
{
  /* Pinduoduo names a logistics company by its numeric id: Depot's SF
     goes as 44 through the built-in table (migration 0386). */
  channel_world_w7(&srv);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"PDD1\",\"name\":\"拼多多旗舰店\",\"channel\":"
     "\"pinduoduo\",\"warehouse\":\"W7\",\"currency\":\"CNY\","
     "\"carrier\":\"SF\"}",
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
  if (!api_server_start(&srv, "api_channel_pdd", false, NULL))
    return -1;
  setup_world();
  return channel_login_pickers(&srv, &picker, &picker8, "ppicker",
                               "pdd picker 4242")
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
           "\"base_url\":\"http://127.0.0.1:%u/api/router\","
           "\"page_size\":4,\"pull_seconds\":3600}",
           secret, sim_port);
  ok("POST", "/api/v1/stores/PDD1/channel-auth", body, status);
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
  api_step_code(&srv, "POST", "/api/v1/stores/PDD1/channel-pull", NULL, 409,
                "channel_not_authorised");
  api_step_code(&srv, "POST", "/api/v1/stores/SHOP1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/api/router\"}",
                422, "channel_not_supported");
  /* Pinduoduo signs with MD5 only. */
  api_step_code(&srv, "POST", "/api/v1/stores/PDD1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/api/router\",\"sign_method\":\"hmac\"}",
                422, "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/stores/PDD1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"ftp://example/api/router\"}",
                422, "channel_base_url_invalid");
  api_step_code(&srv, "POST", "/api/v1/stores/PDD1/channel-auth",
                "{\"app_key\":\"k\",\"base_url\":\"http://127.0.0.1:1/r\"}",
                422, "missing_field");
  c = channel_connection(&cs);
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
}

/* Signs @a p (n) with the right secret, then sends it, with @a tamper_key
   changed to @a tamper_value after signing (NULL: none), to the router. */
static json_t *
pdd_request(struct channel_pdd_param *p, size_t n, const char *tamper_key,
            const char *tamper_value)
{
  char sign[33];
  assert_true(channel_pdd_sign(p, n, SECRET, sign));
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
  return channel_sim_post(sim_port, "/api/router", form, true);
}

/* The error_code of an error_response (a number), or -1. */
static long long
pdd_code(const json_t *j)
{
  const json_t *c =
      json_object_get(json_object_get(j, "error_response"), "error_code");
  return json_is_integer(c) ? (long long)json_integer_value(c) : -1;
}

static void
the_simulator_refuses_tampered_expired_and_tokenless_requests(void **state)
{
  (void)state;
  char now[24], old[24], from[24];
  snprintf(now, sizeof now, "%lld", (long long)time(NULL));
  snprintf(old, sizeof old, "%lld", (long long)time(NULL) - 11 * 60);
  snprintf(from, sizeof from, "%lld", (long long)time(NULL) - 1200);
  struct channel_pdd_param p[] = {
      {"type", "pdd.order.number.list.increment.get"},
      {"client_id", APP_KEY},
      {"access_token", TOKEN},
      {"timestamp", now},
      {"data_type", "JSON"},
      {"version", "V1"},
      {"start_updated_at", from},
      {"end_updated_at", now},
      {"page", "1"},
      {"page_size", "10"},
      {"is_lucky_flag", "1"},
      {"order_status", "5"},
      {"refund_status", "5"},
  };
  size_t n = sizeof p / sizeof p[0];
  json_t *j = pdd_request(p, n, NULL, NULL);
  json_t *r = json_object_get(j, "order_sn_increment_get_response");
  assert_non_null(r);
  assert_true(json_is_integer(json_object_get(r, "total_count")));
  json_decref(j);
  /* A parameter changed after signing. */
  j = pdd_request(p, n, "page", "2");
  assert_int_equal(pdd_code(j), 20004);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(j, "error_response"), "error_msg")),
                      "签名验证失败");
  json_decref(j);
  /* A window longer than the API's 30 minutes. */
  snprintf(from, sizeof from, "%lld", (long long)time(NULL) - 31 * 60);
  j = pdd_request(p, n, NULL, NULL);
  assert_int_equal(pdd_code(j), 10000);
  json_decref(j);
  snprintf(from, sizeof from, "%lld", (long long)time(NULL) - 1200);
  /* Signed right, but 11 minutes old. */
  p[3].value = old;
  j = pdd_request(p, n, NULL, NULL);
  assert_int_equal(pdd_code(j), 10000);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(j, "error_response"), "sub_code")),
                      "timestamp");
  json_decref(j);
  p[3].value = now;
  /* No access token (signed without it), and someone else's. */
  p[2].value = "";
  j = pdd_request(p, n, NULL, NULL);
  assert_int_equal(pdd_code(j), 10019);
  json_decref(j);
  p[2].value = "not-the-token";
  j = pdd_request(p, n, NULL, NULL);
  assert_int_equal(pdd_code(j), 10019);
  json_decref(j);
  /* Depot with a wrong secret: the pull is refused with code 20004, the
     connection says so, and nothing is taken in. */
  sim_order(999, "TEA", 1, 1, 1, 30);
  save_creds("a-wrong-secret-for-the-sim", 200);
  channel_wait_error(&cs, "20004", TOKEN);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 0);
}

static void
three_pages_with_an_order_modified_between_them_take_each_order_once(
    void **state)
{
  (void)state;
  /* Ten orders (with 999 from before: 11, three pages of four, oldest
     first as Pinduoduo lists them). The pull reads the last page first;
     after the count and that page, 1002 (on the first page) changes: it
     leaves the window and the orders behind it move down by one, so 1008
     comes twice (taken once) and none is missed. */
  for (int i = 1; i <= 10; i++)
    sim_order(1000 + i, "TEA", 1, 1, 1, 30 - i);
  json_decref(
      channel_sim_post(sim_port, "/__sim/modify_after",
                       "{\"order_sn\":\"1002\",\"after\":2,\"changes\":{"
                       "\"buyer_memo\":\"请周末送达\"}}",
                       false));
  save_creds(SECRET, 200);
  for (int i = 0; i < 60 && channel_conn_int(&cs, "pulled_total") < 10; i++)
    usleep(250000);
  json_t *log = channel_sim_log(sim_port);
  assert_true(json_integer_value(json_object_get(log, "list_calls_found")) >=
              4);
  json_decref(log);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 10);
  assert_int_equal(channel_orders(&cs, "1002", NULL), 0);
  /* The next pull brings 1002 in, with its buyer's message. */
  channel_pull_until(&cs, "1002", NULL, 1);
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
  assert_string_equal(json_string_value(json_object_get(c, "channel")),
                      "pinduoduo");
  json_decref(c);
  /* The order keeps the masked buyer data as given, never the ciphertext
     nor anything unmasked. */
  json_t *o = channel_order_doc(&cs, "1002");
  char *t = json_dumps(o, 0);
  json_decref(o);
  if (strstr(t, "请周末送达") == NULL || strstr(t, "138****1234") == NULL ||
      strstr(t, "上海市长宁区**路**号") == NULL)
    fail_msg("order 1002 lost its memo or masked data: %s", t);
  if (strstr(t, "AgAAAA") != NULL)
    fail_msg("order 1002 took the encrypted fields: %s", t);
  /* The shop's discount (seller_discount 0.20) is the order's; the
     platform's 1.00 is not. */
  if (strstr(t, "\"discount\": \"0.20\"") == NULL ||
      strstr(t, "\"discount\": \"1.20\"") != NULL)
    fail_msg("order 1002 has not the shop's discount alone: %s", t);
  free(t);
}

static void
a_cancellation_pulled_after_allocation_releases_the_stock(void **state)
{
  (void)state;
  int64_t before = channel_reserved_mugs(&cs);
  sim_order(2001, "MUG", 3, 1, 1, 0);
  channel_pull_until(&cs, "2001", "allocated", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before + 3);
  /* The buyer asks for a refund (售后处理中): pending, it changes nothing
     in Depot. */
  sim_order(2001, "MUG", 3, 1, 2, 0);
  ok("POST", "/api/v1/stores/PDD1/channel-pull", NULL, 202);
  sleep(2);
  assert_int_equal(channel_orders(&cs, "2001", "allocated"), 1);
  /* The refund succeeds before it ships (退款成功). */
  sim_order(2001, "MUG", 3, 1, 4, 0);
  channel_pull_until(&cs, "2001", "cancelled", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before);
}

static void
a_shipped_parcel_is_written_back_once_though_its_first_attempt_fails(
    void **state)
{
  (void)state;
  sim_order(3001, "MUG", 2, 1, 1, 0);
  channel_pull_until(&cs, "3001", "allocated", 1);
  /* Pinduoduo refuses the first shipment call (system busy). */
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
  assert_string_equal(json_string_value(json_object_get(s, "order_sn")),
                      "3001");
  /* Depot's carrier SF goes as Pinduoduo's logistics company id. */
  assert_string_equal(json_string_value(json_object_get(s, "logistics_id")),
                      "44");
  assert_true(strncmp(json_string_value(json_object_get(s, "tracking_number")),
                      "SF", 2) == 0);
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

/* The sim's log once it holds at least @a sends sends and @a extras extra
   waybills (or after 20 s). */
static json_t *
log_with(size_t sends, size_t extras)
{
  json_t *log = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(log);
    log = channel_sim_log(sim_port);
    if (json_array_size(json_object_get(log, "sends")) >= sends &&
        json_array_size(json_object_get(log, "extras")) >= extras)
      break;
    usleep(250000);
  }
  return log;
}

static void
a_split_order_is_written_back_per_parcel(void **state)
{
  (void)state;
  /* A mug (only in W7) and a bowl (only in W8): two parcels. The first to
     ship ships the order at Pinduoduo; the second goes as an extra
     waybill of type 1 (分包发货). */
  char ts[20], body[1600];
  time_t t = time(NULL) + 8 * 3600;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_sn\":\"5001\",\"order_status\":1,"
           "\"refund_status\":1,\"confirm_status\":1,\"is_lucky_flag\":1,"
           "\"updated_at\":\"%s\",\"goods_amount\":\"2.00\","
           "\"discount_amount\":\"0.00\",\"seller_discount\":\"0.00\","
           "\"platform_discount\":\"0.00\",\"postage\":\"0.00\","
           "\"pay_amount\":\"2.00\",\"receiver_name_mask\":\"张*\","
           "\"receiver_phone_mask\":\"138****1234\","
           "\"receiver_address_mask\":\"上海市长宁区**路**号\",\"province\":"
           "\"上海市\",\"city\":\"上海市\",\"town\":\"长宁区\",\"item_list\":"
           "[{\"goods_id\":\"50010\",\"sku_id\":\"50011\",\"outer_id\":"
           "\"MUG\",\"goods_name\":\"马克杯\",\"goods_price\":\"1.00\","
           "\"goods_count\":1},{\"goods_id\":\"50020\",\"sku_id\":"
           "\"50021\",\"outer_id\":\"BOWL\",\"goods_name\":\"碗\","
           "\"goods_price\":\"1.00\",\"goods_count\":1}]}]}",
           ts);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
  channel_pull_until(&cs, "5001", "allocated", 1);
  json_t *before = channel_sim_log(sim_port);
  size_t sends0 = json_array_size(json_object_get(before, "sends"));
  json_decref(before);
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "5001", "MUG-BC", 1);
  channel_wave_and_pick(&cs, &picker8, "W8", "BOWL-BC", 'U');
  channel_pack_and_ship(&picker8, "5001", "BOWL-BC", 1);
  json_t *log = log_with(sends0 + 1, 1);
  json_t *sends = json_object_get(log, "sends");
  json_t *extras = json_object_get(log, "extras");
  assert_int_equal(json_array_size(sends), sends0 + 1);
  assert_int_equal(json_array_size(extras), 1);
  json_t *s = json_array_get(sends, sends0);
  json_t *x = json_array_get(extras, 0);
  assert_string_equal(json_string_value(json_object_get(s, "order_sn")),
                      "5001");
  assert_string_equal(json_string_value(json_object_get(x, "order_sn")),
                      "5001");
  assert_string_equal(json_string_value(json_object_get(x, "extra_track_type")),
                      "1");
  json_t *track = json_array_get(json_object_get(x, "extra_track_list"), 0);
  assert_int_equal(json_array_size(json_object_get(x, "extra_track_list")), 1);
  assert_int_equal(json_integer_value(json_object_get(track, "shipping_id")),
                   44);
  const char *main_no =
      json_string_value(json_object_get(s, "tracking_number"));
  const char *extra_no =
      json_string_value(json_object_get(track, "tracking_number"));
  assert_true(strncmp(main_no, "SF", 2) == 0);
  assert_true(strncmp(extra_no, "SF", 2) == 0);
  assert_string_not_equal(main_no, extra_no);
  json_decref(log);
  /* Each parcel reached Pinduoduo once. */
  sleep(3);
  log = channel_sim_log(sim_port);
  assert_int_equal(json_array_size(json_object_get(log, "sends")), sends0 + 1);
  assert_int_equal(json_array_size(json_object_get(log, "extras")), 1);
  json_decref(log);
}

static void
a_sellers_platform_code_overrides_the_built_in_one(void **state)
{
  (void)state;
  /* Bad platform codes are refused and change nothing. */
  json_t *e =
      api_step(&srv, "POST", "/api/v1/carriers",
               SF_CARRIER_HEAD ",\"platform_codes\":{\"amazon\":\"1\"}}", 422);
  assert_string_equal(api_json_error_code(e), "unknown_field");
  json_decref(e);
  e = api_step(&srv, "POST", "/api/v1/carriers",
               SF_CARRIER_HEAD ",\"platform_codes\":{\"pinduoduo\":\"4 4\"}}",
               422);
  assert_string_equal(api_json_error_code(e), "invalid_value");
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(e, "error"), "field")),
      "platform_codes.pinduoduo");
  json_decref(e);
  json_t *list = api_step(&srv, "GET", "/api/v1/carriers", NULL, 200);
  json_t *sf = NULL, *c;
  size_t i;
  json_array_foreach(json_object_get(list, "items"), i, c)
  {
    if (strcmp(json_string_value(json_object_get(c, "code")), "SF") == 0)
      sf = c;
  }
  assert_non_null(sf);
  assert_int_equal(json_object_size(json_object_get(sf, "platform_codes")), 0);
  assert_string_equal(
      json_string_value(json_object_get(
          json_object_get(sf, "platform_defaults"), "pinduoduo")),
      "44");
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(sf, "platform_defaults"), "douyin")),
                      "shunfeng");
  json_decref(list);
  /* The seller's own code for SF at Pinduoduo (a contract carrier's id)
     is the one sent. */
  ok("POST", "/api/v1/carriers",
     SF_CARRIER_HEAD ",\"platform_codes\":{\"pinduoduo\":\"4400\"}}", 200);
  sim_order(6001, "MUG", 1, 1, 1, 0);
  channel_pull_until(&cs, "6001", "allocated", 1);
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "6001", "MUG-BC", 1);
  json_t *log = NULL, *hit = NULL;
  for (int k = 0; k < 80 && hit == NULL; k++) {
    json_decref(log);
    log = channel_sim_log(sim_port);
    json_array_foreach(json_object_get(log, "sends"), i, c)
    {
      if (strcmp(json_string_value(json_object_get(c, "order_sn")), "6001") ==
          0)
        hit = c;
    }
    if (hit == NULL)
      usleep(250000);
  }
  assert_non_null(hit);
  assert_string_equal(json_string_value(json_object_get(hit, "logistics_id")),
                      "4400");
  json_decref(log);
  /* An empty code drops the seller's own: the built-in 44 again. */
  ok("POST", "/api/v1/carriers",
     SF_CARRIER_HEAD ",\"platform_codes\":{\"pinduoduo\":\"\"}}", 200);
  list = api_step(&srv, "GET", "/api/v1/carriers", NULL, 200);
  json_array_foreach(json_object_get(list, "items"), i, c)
  {
    if (strcmp(json_string_value(json_object_get(c, "code")), "SF") == 0)
      assert_int_equal(json_object_size(json_object_get(c, "platform_codes")),
                       0);
  }
  json_decref(list);
}

static void
an_expired_token_is_refreshed_before_the_pull(void **state)
{
  (void)state;
  ok("POST", "/api/v1/stores/PDD1/channel-auth",
     "{\"token_expires_at\":\"2020-01-01T00:00:00Z\"}", 200);
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "expired");
  json_decref(c);
  sim_order(4001, "TEA", 1, 1, 1, 0);
  channel_pull_until(&cs, "4001", NULL, 1);
  json_t *log = channel_sim_log(sim_port);
  assert_int_equal(json_integer_value(json_object_get(log, "refreshes")), 1);
  json_decref(log);
  c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  json_decref(c);
  /* The new token is the one in use: another order comes with it. */
  sim_order(4002, "TEA", 1, 1, 1, 0);
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
      cmocka_unit_test(a_split_order_is_written_back_per_parcel),
      cmocka_unit_test(a_sellers_platform_code_overrides_the_built_in_one),
      cmocka_unit_test(an_expired_token_is_refreshed_before_the_pull),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
