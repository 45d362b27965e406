/*
 * Electronic waybills through Cainiao (电子面单, issue 27 item 4) against
 * the TOP simulator (tests/sim/taobao_sim.mjs, started here; nothing
 * reaches the internet), which checks each cainiao call's signature and
 * parameters as the router does. Covered: the account form's refusals;
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
#include "waybill_steps.h"

#define APP_KEY "23456789"
#define SECRET "tb-sim-secret-0123456789"
#define SESSION "6100a1b2c3d4e5f6session"
#define TEMPLATE "http://cloudprint.cainiao.com/template/standard/101"
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
                                     "--session", SESSION, NULL};
  return channel_sim_start("DEPOT_TAOBAO_SIM", args, &sim_pid, &sim_port);
}

/* A TOP trade of one mug, waiting for the seller to send it. */
static void
sim_trade(long long tid)
{
  char ts[20], body[1400];
  channel_taobao_time(time(NULL), ts);
  snprintf(body, sizeof body,
           "{\"trades\":[{\"tid\":%lld,\"status\":\"WAIT_SELLER_SEND_GOODS\","
           "\"modified\":\"%s\",\"created\":\"%s\",\"payment\":\"1.00\","
           "\"post_fee\":\"0.00\",\"buyer_nick\":\"t**1\",\"receiver_name\":"
           "\"张*\",\"receiver_state\":\"浙江省\",\"receiver_city\":\"杭州市\","
           "\"receiver_district\":\"余杭区\",\"receiver_address\":\"文一西路**"
           "号\",\"receiver_zip\":\"311100\",\"receiver_mobile\":\"*******"
           "1234\",\"oaid\":\"OAID%lld\",\"orders\":{\"order\":[{\"oid\":"
           "%lld1,\"outer_sku_id\":\"MUG\",\"num\":1,\"price\":\"1.00\","
           "\"title\":\"马克杯\"}]}}]}",
           tid, ts, ts, tid, tid);
  json_decref(channel_sim_post(sim_port, "/__sim/trades", body, false));
}

static void
setup_world(void)
{
  char body[200];
  waybill_world(&srv, printer_port);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"TB1\",\"name\":\"天猫旗舰店\",\"channel\":\"taobao\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"ZTO\"}",
     201);
  channel_world_shop1(&srv);
  snprintf(body, sizeof body,
           "{\"app_key\":\"" APP_KEY "\",\"app_secret\":\"" SECRET
           "\",\"access_token\":\"" SESSION "\",\"base_url\":"
           "\"http://127.0.0.1:%u/router/rest\",\"pull_seconds\":3600}",
           sim_port);
  ok("POST", "/api/v1/stores/TB1/channel-auth", body, 200);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  printer_port = waybill_printer_start();
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_waybill", false, NULL))
    return -1;
  setup_world();
  assert_true(api_add_user(&srv, "wpicker", "picker", "W7", "wb picker 4242"));
  picker = srv;
  steps = (struct waybill_steps){&srv, &picker, "TB1", sim_port, sim_trade};
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

/* Saves TB1's account for ZTO with service code @a cp, @a active. */
static void
save_account(const char *cp, bool active)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",\"cp_code\":\"%s\",\"template_url\":"
           "\"" TEMPLATE "\",\"sender\":" SENDER ",\"active\":%s}",
           cp, active ? "true" : "false");
  ok("POST", "/api/v1/stores/TB1/waybill-accounts", body, 200);
}

static void
the_account_form_refuses_what_the_service_cannot_take(void **state)
{
  (void)state;
  waybill_account_form_refusals(
      &steps, "\"cp_code\":\"ZTO\",\"template_url\":\"" TEMPLATE "\"", SENDER,
      "ZTO", save_account);
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
  snprintf(obj, sizeof obj, "depot-carton-%lld", (long long)cid);
  assert_int_equal(waybill_sim_gets(&steps, obj, code, sizeof code), 1);
  /* The number is the service's, not Depot's own ZTO range (DZ…). */
  assert_string_equal(first_code, code);
  assert_true(strncmp(first_code, "ZT", 2) == 0);
  /* Printed through the queue as the 100 x 180 mm waybill with its
     number and the print data's route code. */
  assert_true(waybill_printed_with(first_code));
  assert_true(waybill_printed_with("^PW800^LL1440"));
  assert_true(waybill_printed_with("R-571-01"));
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
  snprintf(obj, sizeof obj, "depot-carton-%lld", (long long)cid);
  waybill_fingerprint(&steps, before, sizeof before);
  /* The service is down once (an isp error). */
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
  save_account("ZTO", true);
  /* Closed again with the same key: now it gets its number. */
  const char *t = waybill_close_carton(&steps, cid, "wb-close-2");
  char code[64];
  assert_int_equal(waybill_sim_gets(&steps, obj, code, sizeof code), 1);
  assert_string_equal(t, code);
  assert_string_not_equal(t, first_code);
}

/* The service's object id of a carton: Depot's carton id. */
static void
carton_object(long long tid, int64_t cid, char *out, size_t len)
{
  (void)tid;
  snprintf(out, len, "depot-carton-%lld", (long long)cid);
}

static void
a_carrier_without_an_active_account_keeps_the_own_range(void **state)
{
  (void)state;
  waybill_own_range_without_account(&steps, "ZTO", save_account, carton_object);
}

static void
cancelling_the_packed_order_cancels_its_waybill_once(void **state)
{
  (void)state;
  json_t *j = api_step(&srv, "GET", "/api/v1/orders?store=TB1&external_id=6001",
                       NULL, 200);
  int64_t order = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
  json_decref(j);
  /* The first three cancel attempts fail (isp): the worker tries again
     with backoff, and the exceptions desk shows it meanwhile. */
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
  assert_string_equal(json_string_value(json_object_get(c0, "waybill_code")),
                      first_code);
  assert_string_equal(json_string_value(json_object_get(c0, "cp_code")), "ZTO");
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
