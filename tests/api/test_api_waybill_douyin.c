/*
 * Electronic waybills of a Douyin shop through Douyin's own waybill
 * service (抖音电商电子面单, issue 27 item 4) against the Douyin simulator
 * (tests/sim/douyin_sim.mjs with douyin_waybill_sim.mjs, started
 * here; nothing reaches the internet), which checks each call's signature
 * and parameters as the router does. The same story as test_api_waybill
 * (Cainiao): Covered: the account form's refusals;
 * at carton close the waybill number comes from the service, is stored
 * on the carton and printed through the print queue as the 100 x 180 mm
 * ZPL; a replayed close gets the same number and the service saw one
 * request per object_id; a refusal or an outage refuses the close and
 * changes no row, the next close gets its number; a carrier without an
 * active account keeps Depot's own range; cancelling the packed order
 * cancels its waybill with the service, once, although the first three
 * attempts fail (on the exceptions desk meanwhile).
 */
#include "api_harness.h"

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
#include "waybill_steps.h"

#define APP_KEY "7152331588745414188"
#define SECRET "douyin-sim-secret-0123456789abcdef"
#define TOKEN "6e5d4c3b-douyin-access-token"
#define TEMPLATE "http://127.0.0.1/douyin-sim/standard-template/zhongtong"
#define SENDER                                                                     \
  "{\"name\":\"杭州仓\",\"mobile\":\"13800000000\",\"province\":\"浙江省\"," \
  "\"city\":\"杭州市\",\"district\":\"余杭区\",\"detail\":\"仓前街道1号\"}"

static struct api_server srv, picker;
static struct waybill_steps steps;
static pid_t sim_pid;
static unsigned sim_port, printer_port;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* Starts the simulator and reads its port from its first line. */
static bool
sim_start(void)
{
  static const char *const args[] = {"--app-key", APP_KEY, "--secret", SECRET,
                                     "--token",   TOKEN,   NULL};
  return channel_sim_start("DEPOT_DOUYIN_SIM", args, &sim_pid, &sim_port);
}

/* A Douyin shop order of one mug to ship (order_status 2), its receiver
   masked as the platform sends it (amounts in fen). */
static void
sim_trade(long long id)
{
  char body[1800];
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_id\":\"%lld\",\"order_status\":2,"
           "\"update_time\":%lld,\"order_amount\":100,\"pay_amount\":100,"
           "\"post_amount\":0,\"promotion_shop_amount\":0,"
           "\"promotion_platform_amount\":0,\"buyer_words\":\"\","
           "\"seller_words\":\"\",\"encrypt_post_receiver\":\"#enc#name\","
           "\"mask_post_receiver\":\"李*\",\"encrypt_post_tel\":"
           "\"#enc#tel\",\"mask_post_tel\":\"1**********5\","
           "\"mask_post_addr\":{\"province\":{\"id\":\"44\",\"name\":"
           "\"广东省\"},\"city\":{\"id\":\"4403\",\"name\":\"深圳市\"},"
           "\"town\":{\"id\":\"440305\",\"name\":\"南山区\"},\"street\":"
           "{\"id\":\"1\",\"name\":\"粤海街道\"},\"detail\":"
           "\"科技园**栋\"},\"sku_order_list\":[{\"sku_order_id\":"
           "\"%lld1\",\"sku_id\":%lld2,\"code\":\"\",\"outer_sku_id\":"
           "\"MUG\",\"product_name\":\"马克杯\",\"item_num\":1,"
           "\"origin_amount\":100,\"promotion_shop_amount\":0,"
           "\"promotion_platform_amount\":0}]}]}",
           id, (long long)time(NULL), id, id);
  json_decref(channel_sim_post(sim_port, "/__sim/orders", body, false));
}

static void
setup_world(void)
{
  char body[400];
  waybill_world(&srv, printer_port);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"DY1\",\"name\":\"抖店\",\"channel\":\"douyin\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"ZTO\"}",
     201);
  channel_world_shop1(&srv);
  snprintf(
      body, sizeof body,
      "{\"app_key\":\"" APP_KEY "\",\"app_secret\":\"" SECRET
      "\",\"access_token\":\"" TOKEN "\",\"refresh_token\":\"rf-" TOKEN
      "\",\"token_expires_at\":\"2099-01-01T00:00:00Z\",\"base_url\":"
      "\"http://127.0.0.1:%u\",\"sign_method\":\"hmac\",\"pull_seconds\":3600}",
      sim_port);
  ok("POST", "/api/v1/stores/DY1/channel-auth", body, 200);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  printer_port = waybill_printer_start();
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_waybill_douyin", false, NULL))
    return -1;
  setup_world();
  assert_true(api_add_user(&srv, "wpicker", "picker", "W7", "wb picker 4242"));
  picker = srv;
  steps = (struct waybill_steps){&srv, &picker, "DY1", sim_port, sim_trade};
  return api_login(&srv, "wpicker", "wb picker 4242", picker.token, NULL) == 200
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

/* Saves DY1's account for ZTO with service code @a cp, @a active. */
static void
save_account(const char *cp, bool active)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",\"cp_code\":\"%s\",\"template_url\":"
           "\"" TEMPLATE "\",\"sender\":" SENDER ",\"active\":%s}",
           cp, active ? "true" : "false");
  ok("POST", "/api/v1/stores/DY1/waybill-accounts", body, 200);
}

static void
the_account_form_refuses_what_the_service_cannot_take(void **state)
{
  (void)state;
  waybill_account_form_refusals(
      &steps, "\"cp_code\":\"ZTO\",\"template_url\":\"" TEMPLATE "\"", SENDER,
      "ZHONGTONG", save_account);
}

static int64_t first_carton;
static char first_code[64];

static void
a_close_gets_the_waybill_prints_it_and_a_replay_asks_no_more(void **state)
{
  (void)state;
  int64_t cid = waybill_carton_of(&steps, 6001);
  first_carton = cid;
  const char *t = waybill_close_carton(&steps, cid, "wb-close-1");
  snprintf(first_code, sizeof first_code, "%s", t);
  char obj[48], code[64];
  snprintf(obj, sizeof obj, "%lld/c%lld", 6001LL, (long long)cid);
  assert_int_equal(waybill_sim_gets(&steps, obj, code, sizeof code), 1);
  /* The number is the service's, not Depot's own ZTO range (DZ…); the
     service was asked for the order and carton, its code lowercased. */
  json_t *lg = channel_sim_log(sim_port);
  json_t *q = json_object_get(lg, "waybill_last");
  assert_string_equal(json_string_value(json_object_get(q, "logistics_code")),
                      "zhongtong");
  json_t *d = json_array_get(json_object_get(q, "order_infos"), 0);
  assert_string_equal(json_string_value(json_object_get(d, "order_id")),
                      "6001");
  char pack[32];
  snprintf(pack, sizeof pack, "c%lld", (long long)cid);
  assert_string_equal(json_string_value(json_object_get(d, "pack_id")), pack);
  assert_string_equal(
      json_string_value(json_object_get(
          json_object_get(json_object_get(d, "receiver_info"), "address"),
          "city_name")),
      "深圳市");
  json_decref(lg);
  assert_string_equal(first_code, code);
  assert_true(strncmp(first_code, "DY", 2) == 0);
  /* Printed through the queue as the 100 x 180 mm waybill with its
     number and the print data's route code. */
  assert_true(waybill_printed_with(first_code));
  assert_true(waybill_printed_with("^PW800^LL1440"));
  /* Douyin's 三段码 (sort_code) from the service's answer. */
  assert_true(waybill_printed_with("571-DY-01"));
  /* The same close again (the handheld retried): the same answer, and the
     service was not asked again. */
  assert_string_equal(waybill_close_carton(&steps, cid, "wb-close-1"),
                      first_code);
  assert_int_equal(waybill_sim_gets(&steps, obj, NULL, 0), 1);
  char sql[200], state_[32];
  snprintf(sql, sizeof sql,
           "SELECT state || ' ' || waybill_code FROM carton_waybill"
           " WHERE carton_id = %lld",
           (long long)cid);
  char want[96];
  snprintf(want, sizeof want, "issued %s", first_code);
  char got[96];
  assert_true(api_sql_text(&srv, sql, got, sizeof got));
  assert_string_equal(got, want);
  (void)state_;
}

static void
a_refusal_or_an_outage_refuses_the_close_and_changes_nothing(void **state)
{
  (void)state;
  int64_t cid = waybill_carton_of(&steps, 6002);
  char before[64], after[64], path[96], obj[48];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(obj, sizeof obj, "%lld/c%lld", 6002LL, (long long)cid);
  waybill_fingerprint(&steps, before, sizeof before);
  /* The service is down once (isp.service-error). */
  json_decref(channel_sim_post(sim_port, "/__sim/fail_waybills",
                               "{\"count\":1}", false));
  api_step_code(&picker, "POST", path,
                "{\"weight_g\":400,\"idempotency_key\":\"wb-close-2\"}", 503,
                "waybill_unavailable");
  waybill_fingerprint(&steps, after, sizeof after);
  assert_string_equal(before, after);
  /* The service refuses a carrier code the seller did not subscribe. */
  save_account("DBKD", true);
  waybill_fingerprint(&steps, before, sizeof before);
  api_step_code(&picker, "POST", path,
                "{\"weight_g\":400,\"idempotency_key\":\"wb-close-2\"}", 502,
                "waybill_refused");
  waybill_fingerprint(&steps, after, sizeof after);
  assert_string_equal(before, after);
  save_account("ZHONGTONG", true);
  /* Closed again with the same key: now it gets its number. */
  const char *t = waybill_close_carton(&steps, cid, "wb-close-2");
  char code[64];
  assert_int_equal(waybill_sim_gets(&steps, obj, code, sizeof code), 1);
  assert_string_equal(t, code);
  assert_string_not_equal(t, first_code);
}

/* The service's object id of a carton: order id and carton. */
static void
carton_object(long long tid, int64_t cid, char *out, size_t len)
{
  snprintf(out, len, "%lld/c%lld", tid, (long long)cid);
}

static void
a_carrier_without_an_active_account_keeps_the_own_range(void **state)
{
  (void)state;
  waybill_own_range_without_account(&steps, "ZHONGTONG", save_account,
                                    carton_object);
}

static void
cancelling_the_packed_order_cancels_its_waybill_once(void **state)
{
  (void)state;
  json_t *j = api_step(&srv, "GET", "/api/v1/orders?store=DY1&external_id=6001",
                       NULL, 200);
  int64_t order = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
  json_decref(j);
  /* The first three cancel attempts fail (isp.service-error): the worker tries
     again with backoff, and the exceptions desk shows it meanwhile. */
  json_decref(channel_sim_post(sim_port, "/__sim/fail_cancels", "{\"count\":3}",
                               false));
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)order);
  ok("POST", path, NULL, 200);
  for (int i = 0; i < 80 && waybill_exceptions(&steps, "open") == 0; i++)
    usleep(250000);
  assert_int_equal(waybill_exceptions(&steps, "open"), 1);
  json_t *log = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(log);
    log = channel_sim_log(sim_port);
    if (json_array_size(json_object_get(log, "cancels")) > 0)
      break;
    usleep(250000);
  }
  json_t *cancels = json_object_get(log, "cancels");
  assert_int_equal(json_array_size(cancels), 1);
  assert_int_equal(json_integer_value(json_object_get(log, "cancels_failed")),
                   3);
  json_t *c0 = json_array_get(cancels, 0);
  assert_string_equal(json_string_value(json_object_get(c0, "track_no")),
                      first_code);
  assert_string_equal(json_string_value(json_object_get(c0, "logistics_code")),
                      "zhongtong");
  json_decref(log);
  char sql[160], got[32];
  snprintf(sql, sizeof sql,
           "SELECT state FROM carton_waybill WHERE carton_id = %lld",
           (long long)first_carton);
  for (int i = 0; i < 40; i++) {
    assert_true(api_sql_text(&srv, sql, got, sizeof got));
    if (strcmp(got, "cancelled") == 0)
      break;
    usleep(250000);
  }
  assert_string_equal(got, "cancelled");
  assert_int_equal(waybill_exceptions(&steps, "open"), 0);
  assert_int_equal(waybill_exceptions(&steps, "resolved"), 1);
  /* Nothing more is sent later. */
  sleep(2);
  log = channel_sim_log(sim_port);
  assert_int_equal(json_array_size(json_object_get(log, "cancels")), 1);
  json_decref(log);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_account_form_refuses_what_the_service_cannot_take),
      cmocka_unit_test(
          a_close_gets_the_waybill_prints_it_and_a_replay_asks_no_more),
      cmocka_unit_test(
          a_refusal_or_an_outage_refuses_the_close_and_changes_nothing),
      cmocka_unit_test(a_carrier_without_an_active_account_keeps_the_own_range),
      cmocka_unit_test(cancelling_the_packed_order_cancels_its_waybill_once),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
