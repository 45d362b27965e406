/*
 * Electronic waybills of a Pinduoduo store through Pinduoduo's own
 * waybill service (拼多多电子面单, issue 27 item 4) against the Pinduoduo
 * simulator (tests/sim/pdd_sim.mjs with pdd_waybill_sim.mjs, started
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

#define APP_KEY "pdd0a1b2c3d4e5f60718293a4b5c6d7e8"
#define SECRET "pdd-sim-secret-0123456789abcdef"
#define TOKEN "7a6b5c4d-pdd-access-token"
#define TEMPLATE "http://127.0.0.1/pdd-sim/standard-template/zto"
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
  static const char *const args[] = {"--client-id", APP_KEY, "--secret", SECRET,
                                     "--token",     TOKEN,   NULL};
  return channel_sim_start("DEPOT_PDD_SIM", args, &sim_pid, &sim_port);
}

static json_t *
sim_post(const char *path, const char *body)
{
  return channel_sim_post(sim_port, path, body, false);
}

/* A Pinduoduo order of one mug waiting to be shipped (order_status 1,
   no after-sales), its buyer's data masked as Pinduoduo sends it. */
static void
sim_trade(long long id)
{
  char ts[20], body[1600];
  time_t t = time(NULL) + 8 * 3600;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(body, sizeof body,
           "{\"orders\":[{\"order_sn\":\"%lld\",\"order_status\":1,"
           "\"refund_status\":1,\"confirm_status\":1,\"is_lucky_flag\":1,"
           "\"updated_at\":\"%s\",\"goods_amount\":\"1.00\","
           "\"discount_amount\":\"0.00\",\"seller_discount\":\"0.00\","
           "\"platform_discount\":\"0.00\",\"postage\":\"0.00\","
           "\"pay_amount\":\"1.00\",\"buyer_memo\":\"\",\"remark\":\"\","
           "\"receiver_name\":\"~AgAAAAEnc~\",\"receiver_name_mask\":\"张*\","
           "\"receiver_phone\":\"$AgAAAAEnc$\",\"receiver_phone_mask\":"
           "\"138****1234\",\"receiver_address\":\"~AgAAAAEaddr~\","
           "\"receiver_address_mask\":\"上海市长宁区**路**号\",\"province\":"
           "\"上海市\",\"city\":\"上海市\",\"town\":\"长宁区\",\"item_list\":"
           "[{\"goods_id\":\"%lld0\",\"sku_id\":\"%lld1\",\"outer_id\":\"MUG\","
           "\"outer_goods_id\":\"\",\"goods_name\":\"马克杯\",\"goods_spec\":"
           "\"白色\",\"goods_price\":\"1.00\",\"goods_count\":1}]}]}",
           id, ts, id, id);
  json_decref(sim_post("/__sim/orders", body));
}

static void
setup_world(void)
{
  char body[400];
  waybill_world(&srv, printer_port);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"PDD1\",\"name\":\"拼多多店\",\"channel\":\"pinduoduo\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\",\"carrier\":\"ZTO\"}",
     201);
  channel_world_shop1(&srv);
  snprintf(body, sizeof body,
           "{\"app_key\":\"" APP_KEY "\",\"app_secret\":\"" SECRET
           "\",\"access_token\":\"" TOKEN "\",\"refresh_token\":\"rf-" TOKEN
           "\",\"token_expires_at\":\"2099-01-01T00:00:00Z\",\"base_url\":"
           "\"http://127.0.0.1:%u/api/router\",\"pull_seconds\":3600}",
           sim_port);
  ok("POST", "/api/v1/stores/PDD1/channel-auth", body, 200);
}

static int
setup(void **state)
{
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  printer_port = waybill_printer_start();
  if (!sim_start())
    return -1;
  if (!api_server_start(&srv, "api_waybill_pdd", false, NULL))
    return -1;
  setup_world();
  assert_true(api_add_user(&srv, "wpicker", "picker", "W7", "wb picker 4242"));
  picker = srv;
  steps = (struct waybill_steps){&srv, &picker, "PDD1", sim_port, sim_trade};
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

/* Saves PDD1's account for ZTO with service code @a cp, @a active. */
static void
save_account(const char *cp, bool active)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"carrier\":\"ZTO\",\"cp_code\":\"%s\",\"template_url\":"
           "\"" TEMPLATE "\",\"sender\":" SENDER ",\"active\":%s}",
           cp, active ? "true" : "false");
  ok("POST", "/api/v1/stores/PDD1/waybill-accounts", body, 200);
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
  /* The number is the service's, not Depot's own ZTO range (DZ…), and
     the service was asked for the order as a Pinduoduo one. */
  json_t *lg = sim_post("/__sim/log", "{}");
  json_t *q = json_object_get(lg, "waybill_last");
  assert_string_equal(json_string_value(json_object_get(q, "wp_code")), "ZTO");
  json_t *d = json_array_get(json_object_get(q, "trade_order_info_dtos"), 0);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(d, "order_info"),
                                        "order_channels_type")),
      "PDD");
  assert_string_equal(
      json_string_value(json_array_get(
          json_object_get(json_object_get(d, "order_info"), "trade_order_list"),
          0)),
      "6001");
  assert_string_equal(
      json_string_value(json_object_get(
          json_object_get(json_object_get(d, "recipient"), "address"),
          "district")),
      "长宁区");
  json_decref(lg);
  assert_string_equal(first_code, code);
  assert_true(strncmp(first_code, "ZT", 2) == 0);
  /* Printed through the queue as the 100 x 180 mm waybill with its
     number and the print data's route code. */
  assert_true(waybill_printed_with(first_code));
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

/* Whether @a len bytes at @a hay hold @a needle. */
static bool
holds(const char *hay, size_t len, const char *needle)
{
  return memmem(hay, len, needle, strlen(needle)) != NULL;
}

static void
the_waybill_label_downloads_as_a_100x180_mm_pdf(void **state)
{
  (void)state;
  /* The e-waybill carton's label.pdf is the platform's 100 x 180 mm page
     of the same label: its waybill number (twice: the top and the
     courier's stub) and the account's sender from the print data kept at
     close, not Depot's own 4 x 6 inch label. */
  char path[80];
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/label.pdf",
           (long long)first_carton);
  struct api_reply r;
  assert_true(api_call(&picker, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "application/pdf"));
  assert_true(r.body_len > 5);
  assert_memory_equal(r.body, "%PDF-", 5);
  char shown[80];
  snprintf(shown, sizeof shown, "(%s) Tj", first_code);
  const char *at = memmem(r.body, r.body_len, shown, strlen(shown));
  assert_non_null(at);
  assert_non_null(memmem(at + 1, r.body_len - (size_t)(at + 1 - r.body), shown,
                         strlen(shown)));
  assert_true(holds(r.body, r.body_len, "(13800000000) Tj"));
  assert_true(holds(r.body, r.body_len, "/MediaBox"));
  assert_false(holds(r.body, r.body_len, "(FROM) Tj"));
  api_reply_clear(&r);
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
  json_t *j = api_step(&srv, "GET",
                       "/api/v1/orders?store=PDD1&external_id=6001", NULL, 200);
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
  assert_string_equal(json_string_value(json_object_get(c0, "waybill_code")),
                      first_code);
  assert_string_equal(json_string_value(json_object_get(c0, "wp_code")), "ZTO");
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
      cmocka_unit_test(the_waybill_label_downloads_as_a_100x180_mm_pdf),
      cmocka_unit_test(
          a_refusal_or_an_outage_refuses_the_close_and_changes_nothing),
      cmocka_unit_test(a_carrier_without_an_active_account_keeps_the_own_range),
      cmocka_unit_test(cancelling_the_packed_order_cancels_its_waybill_once),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
