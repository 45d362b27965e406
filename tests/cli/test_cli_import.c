/*
 * depot import orders: every valid order of a CSV export lands, each bad
 * row is reported by line number, none half; GBK files from Chinese shop
 * back ends read through their profile; a rerun adds nothing.
 */
#include "api_harness.h"

#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

/*
 * @a name inside this build's test directory: builds (normal, ASan) and
 * worktrees that run at the same time must not share a file.
 */
static const char *
tmp_path(const char *name)
{
  static char path[2][600];
  static int next;
  char *p = path[next++ % 2];
  const char *dir = getenv("DEPOT_TEST_TMP");
  snprintf(p, sizeof path[0], "%s/depot-test-%s", dir != NULL ? dir : "/tmp",
           name);
  return p;
}

static struct api_server srv;

/* The scenario's server, in every step. */
#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int
setup(void **state)
{
  if (!api_server_start(&srv, "cli_import", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"P-1\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"CUP\",\"name\":\"杯\"}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"CUP\",\"qty_delta\":"
     "5000}",
     201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"TB\",\"name\":\"天猫旗舰店\",\"channel\":\"csv\","
     "\"warehouse\":\"W1\"}",
     201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static int
import(const char *file, const char *profile, char *out, size_t len)
{
  static char env_url[600];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_url, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"import", "orders",    file,    "--store",
                        "TB",     "--profile", profile, NULL};
  return api_run_depot(args, env, out, len);
}

static void
valid_orders_land_and_bad_rows_are_reported(void **state)
{
  const char *path = tmp_path("import.csv");
  FILE *f = fopen(path, "w");
  fprintf(f, "external_id,sku,qty,unit_price,ship_name,line1,city,"
             "country_code\r\n");
  /* 300 orders of two lines; three bad rows spoil three orders. */
  for (int i = 0; i < 300; i++) {
    for (int k = 0; k < 2; k++) {
      const char *qty = i == 7 && k == 1 ? "0" : "1";
      const char *price = i == 150 && k == 0 ? "abc" : "12.50";
      const char *sku = i == 299 && k == 1 ? "" : "CUP";
      fprintf(
          f,
          "O%03d,%s,%s,%s,\"王五, 先生\",\"建设路 \"\"8\"\" 号\",株洲,CN\r\n",
          i, sku, qty, price);
    }
  }
  fclose(f);
  char out[16384];
  assert_int_equal(import(path, "depot", out, sizeof out), 1);
  assert_non_null(strstr(out, "imported 297 orders (297 new)"));
  assert_non_null(strstr(out, "\"line\":17,\"order\":\"O007\""));
  assert_non_null(strstr(out, "\"line\":302,\"order\":\"O150\""));
  assert_non_null(strstr(out, "\"line\":601,\"order\":\"O299\""));
  /* None of a refused order's lines landed. */
  json_t *l =
      api_expect(&srv, "GET", "/api/v1/orders?external_id=O007", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  l = api_expect(&srv, "GET", "/api/v1/orders?external_id=O008", NULL, 200);
  json_t *o = json_array_get(json_object_get(l, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(o, "ship_to"), "line1")),
                      "建设路 \"8\" 号");
  json_decref(l);
  assert_int_equal(import(path, "depot", out, sizeof out), 1);
  if (strstr(out, "imported 297 orders (0 new)") == NULL)
    fprintf(stderr, "second import said:\n%s\n", out);
  assert_non_null(strstr(out, "imported 297 orders (0 new)"));
  remove(path);
}

/* Writes @a utf8 to @a path as GBK. */
static void
write_gbk(const char *path, const char *utf8)
{
  iconv_t cd = iconv_open("GBK", "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t in_left = strlen(utf8), out_left = in_left * 2;
  char *out = malloc(out_left), *o = out, *in = (char *)utf8;
  assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
  iconv_close(cd);
  FILE *f = fopen(path, "wb");
  fwrite(out, 1, (size_t)(o - out), f);
  fclose(f);
  free(out);
}

static void
gbk_taobao_export_reads_through_its_profile(void **state)
{
  const char *path = tmp_path("taobao.csv");
  write_gbk(path, "订单编号,买家会员名,收货人姓名,收货地址,联系手机,宝贝标题,"
                  "商家编码,购买数量,商品价格,买家留言\n"
                  "TB-900,tb_buyer,赵六,湖南省 株洲市 天元区 黄河南路 9 号,"
                  "13800000000,醴陵釉下五彩杯,CUP,2,68.00,轻拿轻放\n");
  char out[8192];
  assert_int_equal(import(path, "taobao", out, sizeof out), 0);
  assert_non_null(strstr(out, "imported 1 orders (1 new)"));
  json_t *l =
      api_expect(&srv, "GET", "/api/v1/orders?external_id=TB-900", NULL, 200);
  json_t *o = json_array_get(json_object_get(l, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      "allocated");
  assert_string_equal(json_string_value(json_object_get(o, "notes")),
                      "轻拿轻放");
  json_decref(l);
  assert_int_equal(import(path, "nope", out, sizeof out), 1);
  remove(path);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(valid_orders_land_and_bad_rows_are_reported),
      cmocka_unit_test(gbk_taobao_export_reads_through_its_profile),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
