/*
 * The Douyin shop (抖店) connector (issue 27) against its simulator
 * (tests/sim/douyin_sim.mjs, started here: nothing reaches the internet).
 * The simulator checks every request's signature (HMAC-SHA256 or MD5)
 * with its own code, its timestamp, its parameters (every param_json value
 * a string) and its access token, as the platform does, and answers in
 * the documented shape ({code, msg, sub_code, sub_msg, log_id, data}).
 * Covered, as for Taobao, JD and Pinduoduo: refusals that change nothing;
 * the simulator refusing a tampered, an expired, a token-less and a
 * badly typed request; Depot with a wrong secret showing 40003
 * isv.signature-invalid; a pull of three pages with an order modified
 * between pages taking every order exactly once, with the buyer's masked
 * data kept and each line's shop discount taken (not the platform's); a
 * cancellation pulled after allocation releasing the stock; a shipped
 * parcel's write-back reaching the simulator once although its first
 * attempt fails; an expired access token refreshed through token.refresh
 * before the pull.
 */
#include "api_harness.h"
#include "channel_douyin.h"

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

#define APP_KEY "7152331588745414188"
#define SECRET "douyin-sim-secret-0123456789abcdef"
#define TOKEN "6e5d4c3b-douyin-access-token"

static struct api_server srv, picker, picker8;
static pid_t sim_pid;
static unsigned sim_port;

static struct channel_steps cs = {&srv, "DY1", "tb"};

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Starts the simulator and reads its port from its first line. */
static bool
sim_start(void)
{
  static const char *const args[] = {"--app-key", APP_KEY, "--secret", SECRET,
                                     "--token",   TOKEN,   NULL};
  return channel_sim_start("DEPOT_DOUYIN_SIM", args, &sim_pid, &sim_port);
}

/* A Douyin shop order of @a qty units of @a sku in order_status
   @a status (2 to ship, 4 cancelled), updated @a ago seconds ago, its
   receiver masked as the platform sends it; the shop's discount on its
   line 0.20 and the platform's 1.00 (in fen, as Douyin counts). */
static void
sim_order(long long id, const char *sku, int qty, int status, int ago)
{
  char body[1800];
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_id\":\"%lld\",\"order_status\":%d,"
           "\"update_time\":%lld,\"order_amount\":%d,\"pay_amount\":%d,"
           "\"post_amount\":0,\"promotion_shop_amount\":20,"
           "\"promotion_platform_amount\":100,\"buyer_words\":\"\","
           "\"seller_words\":\"\",\"encrypt_post_receiver\":\"#enc#name\","
           "\"mask_post_receiver\":\"李*\",\"encrypt_post_tel\":"
           "\"#enc#tel\",\"mask_post_tel\":\"1**********5\","
           "\"mask_post_addr\":{\"province\":{\"id\":\"44\",\"name\":"
           "\"广东省\"},\"city\":{\"id\":\"4403\",\"name\":\"深圳市\"},"
           "\"town\":{\"id\":\"440305\",\"name\":\"南山区\"},\"street\":"
           "{\"id\":\"1\",\"name\":\"粤海街道\"},\"detail\":"
           "\"科技园**栋\"},\"sku_order_list\":[{\"sku_order_id\":"
           "\"%lld1\",\"sku_id\":%lld2,\"code\":\"\",\"outer_sku_id\":"
           "\"%s\",\"product_name\":\"马克杯\",\"item_num\":%d,"
           "\"origin_amount\":500,\"promotion_shop_amount\":20,"
           "\"promotion_platform_amount\":100}]}]}",
           id, status, (long long)time(NULL) - ago, qty * 500, qty * 500 - 120,
           id, id, sku, qty);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
}

static void
setup_world(void)
{
  /* Douyin names a logistics company by its code: Depot's SF goes as
     shunfeng through the built-in table (migration 0386). */
  channel_world_w7(&srv);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"DY1\",\"name\":\"抖店旗舰店\",\"channel\":"
     "\"douyin\",\"warehouse\":\"W7\",\"currency\":\"CNY\","
     "\"carrier\":\"SF\"}",
     201);
  channel_world_shop1(&srv);
  /* A second warehouse with the bowls: an order of mugs and a bowl ships
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
  if (!api_server_start(&srv, "api_channel_douyin", false, NULL))
    return -1;
  setup_world();
  return channel_login_pickers(&srv, &picker, &picker8, "dpicker",
                               "douyin picker 4242")
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
           "\"base_url\":\"http://127.0.0.1:%u\",\"sign_method\":\"hmac\","
           "\"page_size\":4,\"pull_seconds\":3600}",
           secret, sim_port);
  ok("POST", "/api/v1/stores/DY1/channel-auth", body, status);
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
  api_step_code(&srv, "POST", "/api/v1/stores/DY1/channel-pull", NULL, 409,
                "channel_not_authorised");
  api_step_code(&srv, "POST", "/api/v1/stores/SHOP1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1/api/router\"}",
                422, "channel_not_supported");
  /* Douyin signs with hmac-sha256 or md5, nothing else. */
  api_step_code(&srv, "POST", "/api/v1/stores/DY1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"http://127.0.0.1:1\",\"sign_method\":\"sha1\"}",
                422, "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/stores/DY1/channel-auth",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"base_url\":"
                "\"ftp://example/api/router\"}",
                422, "channel_base_url_invalid");
  api_step_code(&srv, "POST", "/api/v1/stores/DY1/channel-auth",
                "{\"app_key\":\"k\",\"base_url\":\"http://127.0.0.1:1/r\"}",
                422, "missing_field");
  c = channel_connection(&cs);
  assert_false(json_is_true(json_object_get(c, "configured")));
  json_decref(c);
}

/* Signs a call of @a method with @a pj at @a ts (HMAC-SHA256), then
   sends it with @a token (NULL: none), @a pj replaced by @a tamper after
   signing when given. The simulator's answer. */
static json_t *
dy_request(const char *method, const char *pj, const char *ts,
           const char *token, const char *tamper)
{
  char sign[65];
  assert_true(
      channel_douyin_sign(APP_KEY, method, pj, ts, "2", SECRET, true, sign));
  char *e = curl_easy_escape(NULL, tamper != NULL ? tamper : pj, 0);
  char path[1200];
  snprintf(path, sizeof path,
           "/order/searchList?app_key=" APP_KEY "&method=%s&param_json=%s"
           "&timestamp=%s&v=2&sign_method=hmac-sha256&sign=%s%s%s",
           method, e, ts, sign, token != NULL ? "&access_token=" : "",
           token != NULL ? token : "");
  curl_free(e);
  return channel_sim_post(sim_port, path, "", true);
}

static const char *
dy_sub(const json_t *j)
{
  const char *c = json_string_value(json_object_get(j, "sub_code"));
  return c != NULL ? c : "";
}

static void
the_simulator_refuses_tampered_expired_and_tokenless_requests(void **state)
{
  (void)state;
  char now[24], old[24], pj[300], bad[300];
  snprintf(now, sizeof now, "%lld", (long long)time(NULL));
  snprintf(old, sizeof old, "%lld", (long long)time(NULL) - 11 * 60);
  snprintf(pj, sizeof pj,
           "{\"order_asc\":\"true\",\"order_by\":\"update_time\","
           "\"page\":\"0\",\"size\":\"10\",\"update_time_end\":\"%s\","
           "\"update_time_start\":\"%lld\"}",
           now, (long long)time(NULL) - 1200);
  json_t *j = dy_request("order.searchList", pj, now, TOKEN, NULL);
  assert_int_equal(json_integer_value(json_object_get(j, "code")), 10000);
  assert_true(json_is_array(
      json_object_get(json_object_get(j, "data"), "shop_order_list")));
  json_decref(j);
  /* A parameter changed after signing. */
  j = dy_request("order.searchList", pj, now, TOKEN, "{\"page\":\"1\"}");
  assert_int_equal(json_integer_value(json_object_get(j, "code")), 40003);
  assert_string_equal(dy_sub(j), "isv.signature-invalid");
  json_decref(j);
  /* Signed right, but 11 minutes old. */
  j = dy_request("order.searchList", pj, old, TOKEN, NULL);
  assert_string_equal(dy_sub(j), "isv.timestamp-invalid");
  json_decref(j);
  /* No access token, and someone else's. */
  j = dy_request("order.searchList", pj, now, NULL, NULL);
  assert_int_equal(json_integer_value(json_object_get(j, "code")), 40001);
  assert_string_equal(dy_sub(j), "isv.access-token-missing");
  json_decref(j);
  j = dy_request("order.searchList", pj, now, "not-the-token", NULL);
  assert_string_equal(dy_sub(j), "isv.access-token-no-existed");
  json_decref(j);
  /* A number where the platform wants strings. */
  snprintf(bad, sizeof bad, "{\"page\":0,\"size\":\"10\"}");
  j = dy_request("order.searchList", bad, now, TOKEN, NULL);
  assert_string_equal(dy_sub(j), "isv.parameter-format-invalid");
  json_decref(j);
  /* Depot with a wrong secret: the pull is refused with 40003
     isv.signature-invalid, the connection says so, nothing is taken. */
  sim_order(999, "TEA", 1, 2, 30);
  save_creds("a-wrong-secret-for-the-sim", 200);
  channel_wait_error(&cs, "40003 isv.signature-invalid", TOKEN);
  assert_int_equal(channel_orders(&cs, NULL, NULL), 0);
}

static void
three_pages_with_an_order_modified_between_them_take_each_order_once(
    void **state)
{
  (void)state;
  /* Ten orders (with 999 from before: 11, three pages of four, oldest
     first as order_asc asks). The pull reads the last page first;
     after the count and that page, 1002 (on the first page) changes: it
     leaves the window and the orders behind it move down by one, so 1008
     comes twice (taken once) and none is missed. */
  for (int i = 1; i <= 10; i++)
    sim_order(1000 + i, "TEA", 1, 2, 30 - i);
  json_decref(
      channel_sim_post(sim_port, "/__sim/modify_after",
                       "{\"order_id\":\"1002\",\"after\":2,\"changes\":{"
                       "\"buyer_words\":\"请周末送达\"}}",
                       false));
  save_creds(SECRET, 200);
  for (int i = 0; i < 60 && channel_conn_int(&cs, "pulled_total") < 10; i++)
    usleep(250000);
  json_t *log = channel_sim_log(sim_port);
  assert_true(json_integer_value(json_object_get(log, "search_calls_found")) >=
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
                      "douyin");
  json_decref(c);
  /* The order keeps the masked buyer data as given, never the ciphertext
     nor anything unmasked. */
  json_t *o = channel_order_doc(&cs, "1002");
  char *t = json_dumps(o, 0);
  json_decref(o);
  if (strstr(t, "请周末送达") == NULL || strstr(t, "1**********5") == NULL ||
      strstr(t, "科技园**栋") == NULL)
    fail_msg("order 1002 lost its words or masked data: %s", t);
  if (strstr(t, "#enc#") != NULL)
    fail_msg("order 1002 took the encrypted fields: %s", t);
  free(t);
  /* Each line's shop discount (promotion_shop_amount 20 fen) is the
     line's; the platform's 100 fen is not. */
  char n[32];
  assert_true(api_sql_text(
      &srv,
      "SELECT count(*) FILTER (WHERE l.discount <> 0.20) || ' ' || count(*)"
      " FROM order_line l JOIN sales_order o ON o.id = l.order_id JOIN store s"
      " ON s.id = o.store_id WHERE s.code = 'DY1'",
      n, sizeof n));
  assert_int_equal(atoi(n), 0);
  assert_int_equal(atoi(strchr(n, ' ') + 1), 11);
}

static void
a_cancellation_pulled_after_allocation_releases_the_stock(void **state)
{
  (void)state;
  int64_t before = channel_reserved_mugs(&cs);
  sim_order(2001, "MUG", 3, 2, 0);
  channel_pull_until(&cs, "2001", "allocated", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before + 3);
  /* The order is cancelled (a refund before shipping) at Douyin. */
  sim_order(2001, "MUG", 3, 4, 0);
  channel_pull_until(&cs, "2001", "cancelled", 1);
  assert_int_equal(channel_reserved_mugs(&cs), before);
}

static void
a_shipped_parcel_is_written_back_once_though_its_first_attempt_fails(
    void **state)
{
  (void)state;
  sim_order(3001, "MUG", 2, 2, 0);
  channel_pull_until(&cs, "3001", "allocated", 1);
  /* Douyin refuses the first logisticsAdd call (system busy). */
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
  assert_string_equal(json_string_value(json_object_get(s, "order_id")),
                      "3001");
  /* Depot's carrier SF goes as Douyin's company code shunfeng. */
  assert_string_equal(json_string_value(json_object_get(s, "company_code")),
                      "shunfeng");
  assert_true(strncmp(json_string_value(json_object_get(s, "logistics_code")),
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

/* The multi-pack sends the simulator took for order @a id, as a new
   array, once it holds @a want (or after 20 s). */
static json_t *
packs_of(const char *id, size_t want)
{
  json_t *out = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(out);
    out = json_array();
    json_t *log = channel_sim_log(sim_port);
    size_t k;
    json_t *m;
    json_array_foreach(json_object_get(log, "multi_packs"), k, m)
    {
      if (strcmp(json_string_value(json_object_get(m, "order_id")), id) == 0)
        json_array_append(out, m);
    }
    json_decref(log);
    if (json_array_size(out) >= want)
      break;
    usleep(250000);
  }
  return out;
}

/* The sku order and units of multi-pack @a m's one pack with its one
   line, checked to be shaped so; its waybill into @a waybill. */
static void
one_pack_line(const json_t *m, const char **sub, long long *num,
              const char **waybill)
{
  json_t *packs = json_object_get(m, "pack_list");
  assert_int_equal(json_array_size(packs), 1);
  json_t *pk = json_array_get(packs, 0);
  assert_string_equal(json_string_value(json_object_get(pk, "company_code")),
                      "shunfeng");
  *waybill = json_string_value(json_object_get(pk, "logistics_code"));
  assert_true(strncmp(*waybill, "SF", 2) == 0);
  json_t *info = json_object_get(pk, "shipped_order_info");
  assert_int_equal(json_array_size(info), 1);
  *sub = json_string_value(
      json_object_get(json_array_get(info, 0), "shipped_order_id"));
  *num = json_integer_value(
      json_object_get(json_array_get(info, 0), "shipped_num"));
}

static void
a_split_order_is_written_back_per_parcel(void **state)
{
  (void)state;
  /* Two mugs (only in W7) and a bowl (only in W8): two parcels, each sent
     with order.logisticsAddMultiPack naming its sku order and units. */
  char body[1800];
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_id\":\"5001\",\"order_status\":2,"
           "\"update_time\":%lld,\"order_amount\":1500,\"pay_amount\":"
           "1500,\"post_amount\":0,\"promotion_shop_amount\":0,"
           "\"promotion_platform_amount\":0,\"mask_post_receiver\":\"李*\","
           "\"mask_post_tel\":\"1**********5\",\"mask_post_addr\":"
           "{\"province\":{\"id\":\"44\",\"name\":\"广东省\"},\"city\":"
           "{\"id\":\"4403\",\"name\":\"深圳市\"},\"town\":{\"id\":"
           "\"440305\",\"name\":\"南山区\"},\"street\":{\"id\":\"1\","
           "\"name\":\"粤海街道\"},\"detail\":\"科技园**栋\"},"
           "\"sku_order_list\":[{\"sku_order_id\":\"50011\",\"sku_id\":"
           "50012,\"outer_sku_id\":\"MUG\",\"product_name\":\"马克杯\","
           "\"item_num\":2,\"origin_amount\":500,"
           "\"promotion_shop_amount\":0},{\"sku_order_id\":\"50021\","
           "\"sku_id\":50022,\"outer_sku_id\":\"BOWL\",\"product_name\":"
           "\"碗\",\"item_num\":1,\"origin_amount\":500,"
           "\"promotion_shop_amount\":0}]}]}",
           (long long)time(NULL));
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
  channel_pull_until(&cs, "5001", "allocated", 1);
  channel_wave_and_pick(&cs, &picker, "W7", "MUG-BC", 'T');
  channel_pack_and_ship(&picker, "5001", "MUG-BC", 2);
  channel_wave_and_pick(&cs, &picker8, "W8", "BOWL-BC", 'U');
  channel_pack_and_ship(&picker8, "5001", "BOWL-BC", 1);
  json_t *packs = packs_of("5001", 2);
  assert_int_equal(json_array_size(packs), 2);
  const char *sub[2], *wb[2];
  long long num[2];
  for (size_t i = 0; i < 2; i++)
    one_pack_line(json_array_get(packs, i), &sub[i], &num[i], &wb[i]);
  /* Parcel by parcel: the mugs' sku order with 2 units, the bowl's with 1,
     each under its own waybill and request id. */
  size_t mug = strcmp(sub[0], "50011") == 0 ? 0 : 1;
  assert_string_equal(sub[mug], "50011");
  assert_int_equal(num[mug], 2);
  assert_string_equal(sub[1 - mug], "50021");
  assert_int_equal(num[1 - mug], 1);
  assert_string_not_equal(wb[0], wb[1]);
  assert_string_not_equal(json_string_value(json_object_get(
                              json_array_get(packs, 0), "request_id")),
                          json_string_value(json_object_get(
                              json_array_get(packs, 1), "request_id")));
  json_decref(packs);
  /* Each parcel reached Douyin once; the whole-order send was not used. */
  sleep(3);
  packs = packs_of("5001", 3);
  assert_int_equal(json_array_size(packs), 2);
  json_decref(packs);
  json_t *log = channel_sim_log(sim_port);
  size_t k;
  json_t *x;
  json_array_foreach(json_object_get(log, "sends"), k, x)
  {
    assert_string_not_equal(json_string_value(json_object_get(x, "order_id")),
                            "5001");
  }
  json_decref(log);
}

static void
an_expired_token_is_refreshed_before_the_pull(void **state)
{
  (void)state;
  ok("POST", "/api/v1/stores/DY1/channel-auth",
     "{\"token_expires_at\":\"2020-01-01T00:00:00Z\"}", 200);
  json_t *c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "expired");
  json_decref(c);
  sim_order(4001, "TEA", 1, 2, 0);
  channel_pull_until(&cs, "4001", NULL, 1);
  json_t *log = channel_sim_log(sim_port);
  assert_int_equal(json_integer_value(json_object_get(log, "refreshes")), 1);
  json_decref(log);
  c = channel_connection(&cs);
  assert_string_equal(json_string_value(json_object_get(c, "state")),
                      "authorised");
  json_decref(c);
  /* The new token is the one in use: another order comes with it. */
  sim_order(4002, "TEA", 1, 2, 0);
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
      cmocka_unit_test(an_expired_token_is_refreshed_before_the_pull),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
