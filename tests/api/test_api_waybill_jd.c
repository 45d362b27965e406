/*
 * Electronic waybills of a JD store through JD's own waybill service
 * (京东无界电子面单, issue 27 item 4) against the JD simulator
 * (tests/sim/jd_sim.mjs with jd_waybill_sim.mjs, started here; nothing
 * reaches the internet), which checks each call's signature and
 * parameters as the JOS router does. The same story as
 * test_api_waybill_pdd: Covered: the account form's refusals (JD's
 * vendor code, branch or settlement code, provider id, region ids);
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
#include "channel_jd.h"

#define APP_KEY "JDWB0A1B2C3D4E5F"
#define SECRET "jd-wb-sim-secret-0123456789"
#define TOKEN "jd-wb-access-token-7a6b5c4d"
#define TEMPLATE "http://127.0.0.1/jd-sim/standard-template/zto"
/* The sender with JD's region id of 浙江 (optional, sent when given). */
#define SENDER                                                                 \
  "{\"name\":\"杭州仓\",\"mobile\":\"13800000000\",\"province\":"           \
  "\"浙江省\",\"province_id\":\"15\",\"city\":\"杭州市\",\"district\":"  \
  "\"余杭区\",\"detail\":\"仓前街道1号\"}"
/* What the simulated vendor signed for ZTO (jd_waybill_sim.mjs). */
#define SERVICE(branch)                                                        \
  "{\"vendor_code\":\"10088\",\"vendor_name\":\"京东测试店\","            \
  "\"branch_code\":\"" branch "\",\"provider_id\":\"1499\"}"

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
  return channel_sim_start("DEPOT_JD_SIM", args, &sim_pid, &sim_port);
}

static json_t *
sim_post(const char *path, const char *body)
{
  return channel_sim_post(sim_port, path, body, false);
}

/* A JOS order of one mug waiting to be shipped, its buyer's data masked
   as JOS sends it. */
static void
sim_trade(long long id)
{
  char ts[20], body[1400];
  channel_jd_time(time(NULL), ts);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"orderId\":\"%lld\",\"orderState\":"
           "\"WAIT_SELLER_STOCK_OUT\",\"modified\":\"%s\",\"orderPayment\":"
           "\"1.00\",\"freightPrice\":\"0.00\",\"sellerDiscount\":\"0.00\","
           "\"pin\":\"jd_****8\",\"orderRemark\":\"\",\"consigneeInfo\":{"
           "\"fullname\":\"张*\",\"mobile\":\"138****1234\",\"telephone\":"
           "\"\",\"province\":\"北京\",\"city\":\"北京市\",\"county\":"
           "\"大兴区\",\"town\":\"亦庄\",\"fullAddress\":\"北京大兴区亦庄科创**"
           "街**号\"},\"itemInfoList\":[{\"skuId\":\"%lld1\",\"outerSkuId\":"
           "\"MUG\",\"skuName\":\"马克杯\",\"jdPrice\":\"1.00\",\"itemTotal\":"
           "\"1\"}]}]}",
           id, ts, id);
  json_decref(sim_post("/__sim/orders", body));
}

static void
setup_world(void)
{
  char body[400];
  waybill_world(&srv, printer_port);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"JD1\",\"name\":\"京东店\",\"channel\":\"jd\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"ZTO\"}",
     201);
  channel_world_shop1(&srv);
  snprintf(body, sizeof body,
           "{\"app_key\":\"" APP_KEY "\",\"app_secret\":\"" SECRET
           "\",\"access_token\":\"" TOKEN "\",\"refresh_token\":\"rf-" TOKEN
           "\",\"token_expires_at\":\"2099-01-01T00:00:00Z\",\"base_url\":"
           "\"http://127.0.0.1:%u/routerjson\",\"pull_seconds\":3600}",
           sim_port);
  ok("POST", "/api/v1/stores/JD1/channel-auth", body, 200);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  printer_port = waybill_printer_start();
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_waybill_jd", false, NULL))
    return -1;
  setup_world();
  assert_true(api_add_user(&srv, "wpicker", "picker", "W7", "wb picker 4242"));
  picker = srv;
  steps = (struct waybill_steps){&srv, &picker, "JD1", sim_port, sim_trade};
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

/* Saves JD1's account for ZTO with JD's service fields @a service,
   @a active. */
static void
save_account(const char *service, bool active)
{
  char body[900];
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",\"cp_code\":\"ZTO\",\"template_url\":"
           "\"" TEMPLATE "\",\"sender\":" SENDER ",\"service\":%s,"
           "\"active\":%s}",
           service, active ? "true" : "false");
  ok("POST", "/api/v1/stores/JD1/waybill-accounts", body, 200);
}

static void
the_account_form_refuses_what_the_service_cannot_take(void **state)
{
  (void)state;
  json_t *j =
      api_step(&srv, "GET", "/api/v1/stores/JD1/waybill-accounts", NULL, 200);
  assert_true(json_is_true(json_object_get(j, "supported")));
  assert_true(json_is_true(json_object_get(j, "authorised")));
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  const char *good = "\"cp_code\":\"ZTO\",\"template_url\":\"" TEMPLATE "\"";
  char body[900];
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":%s,\"service\":%s}", good,
           SENDER, SERVICE("ZTO-HZ-001"));
  api_step_code(&srv, "POST", "/api/v1/stores/SHOP1/waybill-accounts", body,
                422, "waybill_not_supported");
  /* JD's service needs the seller's vendor code and a branch or
     settlement code; the provider id and region ids are digits. */
  snprintf(body, sizeof body, "{\"carrier\":\"ZTO\",%s,\"sender\":%s}", good,
           SENDER);
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/waybill-accounts", body, 422,
                "missing_field");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":%s,\"service\":{\"branch_code\":"
           "\"ZTO-HZ-001\"}}",
           good, SENDER);
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/waybill-accounts", body, 422,
                "invalid_value");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":%s,\"service\":{\"vendor_code\":"
           "\"10088\"}}",
           good, SENDER);
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/waybill-accounts", body, 422,
                "invalid_value");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":%s,\"service\":{\"vendor_code\":"
           "\"10088\",\"branch_code\":\"B1\",\"provider_id\":\"ZTO\"}}",
           good, SENDER);
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/waybill-accounts", body, 422,
                "invalid_value");
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",%s,\"sender\":{\"name\":\"x\",\"mobile\":"
           "\"13800000000\",\"province\":\"浙江省\",\"province_id\":\"浙江\","
           "\"city\":\"杭州市\",\"detail\":\"1号\"},\"service\":%s}",
           good, SERVICE("ZTO-HZ-001"));
  api_step_code(&srv, "POST", "/api/v1/stores/JD1/waybill-accounts", body, 422,
                "waybill_sender_invalid");
  j = api_step(&srv, "GET", "/api/v1/stores/JD1/waybill-accounts", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  save_account(SERVICE("ZTO-HZ-001"), true);
  j = api_step(&srv, "GET", "/api/v1/stores/JD1/waybill-accounts", NULL, 200);
  json_t *a = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(a, "cp_code")), "ZTO");
  json_t *sv = json_object_get(a, "service");
  assert_string_equal(json_string_value(json_object_get(sv, "vendor_code")),
                      "10088");
  assert_string_equal(json_string_value(json_object_get(sv, "branch_code")),
                      "ZTO-HZ-001");
  assert_string_equal(json_string_value(json_object_get(sv, "provider_id")),
                      "1499");
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(a, "sender"), "province_id")),
                      "15");
  json_decref(j);
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
  /* The number is the service's, not Depot's own ZTO range (DZ…), and
     the service was asked for the JD order with the account's fields. */
  json_t *lg = sim_post("/__sim/log", "{}");
  json_t *q = json_object_get(lg, "waybill_last");
  assert_string_equal(json_string_value(json_object_get(q, "providerCode")),
                      "ZTO");
  assert_int_equal(json_integer_value(json_object_get(q, "providerId")), 1499);
  assert_string_equal(json_string_value(json_object_get(q, "branchCode")),
                      "ZTO-HZ-001");
  assert_string_equal(json_string_value(json_object_get(q, "salePlatform")),
                      "0010001");
  assert_string_equal(json_string_value(json_object_get(q, "platformOrderNo")),
                      "6001");
  assert_string_equal(json_string_value(json_object_get(q, "vendorOrderCode")),
                      obj);
  assert_true(json_real_value(json_object_get(q, "weight")) > 0.399 &&
              json_real_value(json_object_get(q, "weight")) < 0.401);
  json_t *from = json_object_get(q, "fromAddress");
  assert_int_equal(json_integer_value(json_object_get(from, "provinceId")), 15);
  assert_string_equal(json_string_value(json_object_get(from, "countryName")),
                      "余杭区");
  json_t *to = json_object_get(q, "toAddress");
  assert_string_equal(json_string_value(json_object_get(to, "provinceName")),
                      "北京");
  assert_string_equal(json_string_value(json_object_get(to, "countryName")),
                      "大兴区亦庄");
  assert_null(json_object_get(to, "provinceId"));
  assert_int_equal(json_integer_value(json_object_get(lg, "bigshots")), 1);
  json_decref(lg);
  assert_string_equal(first_code, code);
  assert_true(strncmp(first_code, "755", 3) == 0);
  /* Printed through the queue as the 100 x 180 mm waybill with its
     number and the bigshot's route code (二段码-三段码). */
  assert_true(waybill_printed_with(first_code));
  assert_true(waybill_printed_with("021-12"));
  assert_true(waybill_printed_with("^PW800^LL1440"));
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
  /* The service is down once (HTTP 503). */
  json_decref(sim_post("/__sim/fail_waybills", "{\"count\":1}"));
  api_step_code(&picker, "POST", path,
                "{\"weight_g\":400,\"idempotency_key\":\"wb-close-2\"}", 503,
                "waybill_unavailable");
  waybill_fingerprint(&steps, after, sizeof after);
  assert_string_equal(before, after);
  /* The service refuses a branch the seller has not signed (statusCode 1). */
  save_account(SERVICE("ZTO-XX-999"), true);
  waybill_fingerprint(&steps, before, sizeof before);
  api_step_code(&picker, "POST", path,
                "{\"weight_g\":400,\"idempotency_key\":\"wb-close-2\"}", 502,
                "waybill_refused");
  waybill_fingerprint(&steps, after, sizeof after);
  assert_string_equal(before, after);
  save_account(SERVICE("ZTO-HZ-001"), true);
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
  waybill_own_range_without_account(&steps, SERVICE("ZTO-HZ-001"), save_account,
                                    carton_object);
}

static void
cancelling_the_packed_order_cancels_its_waybill_once(void **state)
{
  (void)state;
  json_t *j = api_step(&srv, "GET", "/api/v1/orders?store=JD1&external_id=6001",
                       NULL, 200);
  int64_t order = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
  json_decref(j);
  /* The first three cancel attempts fail (HTTP 503): the worker tries again
     with backoff, and the exceptions desk shows it meanwhile. */
  json_decref(sim_post("/__sim/fail_cancels", "{\"count\":3}"));
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)order);
  ok("POST", path, NULL, 200);
  for (int i = 0; i < 80 && waybill_exceptions(&steps, "open") == 0; i++)
    usleep(250000);
  assert_int_equal(waybill_exceptions(&steps, "open"), 1);
  json_t *log = NULL;
  for (int i = 0; i < 80; i++) {
    json_decref(log);
    log = sim_post("/__sim/log", "{}");
    if (json_array_size(json_object_get(log, "cancels")) > 0)
      break;
    usleep(250000);
  }
  json_t *cancels = json_object_get(log, "cancels");
  assert_int_equal(json_array_size(cancels), 1);
  assert_int_equal(json_integer_value(json_object_get(log, "cancels_failed")),
                   3);
  json_t *c0 = json_array_get(cancels, 0);
  assert_string_equal(json_string_value(json_object_get(c0, "waybillCode")),
                      first_code);
  assert_string_equal(json_string_value(json_object_get(c0, "providerCode")),
                      "ZTO");
  assert_int_equal(json_integer_value(json_object_get(c0, "providerId")), 1499);
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
  log = sim_post("/__sim/log", "{}");
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
