/*
 * The demo's sales side: the five stores of DEMO.md and a morning's worth
 * of orders in the pool, in the states the back office meets every day:
 * allocated, backordered, on hold with real reasons, cancelled.
 */
#include "core_arena.h"
#include "core_channel.h"
#include "core_log.h"
#include "core_order.h"
#include "core_store.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_store {
  const char *code, *name, *channel, *currency;
};

static const struct demo_store stores[] = {
    {"TMALL", "天猫旗舰店", "csv", "CNY"},
    {"JD", "京东自营店", "csv", "CNY"},
    {"PDD", "拼多多店", "csv", "CNY"},
    {"DOUYIN", "抖音小店", "api", "CNY"},
    {"SHOPIFY", "Liling Porcelain (Shopify)", "shopify", "USD"},
};

static const char *const buyers[][3] = {
    {"张伟", "湖南省 长沙市 岳麓区 麓山南路 2 号", "长沙市"},
    {"王芳", "广东省 深圳市 南山区 科技园 8 栋", "深圳市"},
    {"李军", "北京市 朝阳区 建国路 88 号", "北京市"},
    {"刘洋", "上海市 浦东新区 世纪大道 100 号", "上海市"},
    {"陈静", "湖南省 株洲市 天元区 泰山路 6 号", "株洲市"},
    {"杨帆", "浙江省 杭州市 西湖区 文三路 20 号", "杭州市"},
};

static int
channel_index(const char *name)
{
  int i = 0;
  while (strcmp(core_store_channels[i], name) != 0)
    i++;
  return i;
}

static enum core_ec
make_stores(struct core_arena *arena)
{
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; ec == CORE_EC_OK && i < sizeof stores / sizeof stores[0];
       i++) {
    char secret[40];
    snprintf(secret, sizeof secret, "demo-%s-%08x", stores[i].code,
             (unsigned)rand());
    struct core_store s = {stores[i].code,
                           stores[i].name,
                           channel_index(stores[i].channel),
                           "ZZ1",
                           secret,
                           stores[i].currency,
                           "5",
                           "ZTO",
                           48,
                           NULL};
    const char *doc;
    ec = core_store_create(&s, arena, &doc);
  }
  return ec;
}

/*
 * A Tmall store connected through the TOP open platform (issue 27): its
 * app key and secret are saved, but no seller has authorised it (no
 * access token), so its connection page shows "not authorised" and the
 * worker never calls out: the demo cannot reach the platform. It waits
 * inactive until the seller authorises it, so the demo's history, reports
 * and figures (which take active stores) stay those of the five stores.
 */
static enum core_ec
make_marketplace_store(struct core_arena *arena)
{
  char secret[40];
  snprintf(secret, sizeof secret, "demo-top-%08x", (unsigned)rand());
  struct core_store s = {"TMALL-TOP",
                         "天猫旗舰店（开放平台）",
                         channel_index("taobao"),
                         "ZZ1",
                         NULL,
                         "CNY",
                         "5",
                         "ZTO",
                         48,
                         NULL};
  const char *doc;
  enum core_ec ec = core_store_create(&s, arena, &doc);
  if (ec != CORE_EC_OK)
    return ec;
  struct core_outcome out;
  ec = core_channel_auth_save(
      "TMALL-TOP",
      "{\"app_key\":\"12345678\",\"base_url\":"
      "\"https://eco.taobao.com/router/rest\",\"sign_method\":\"md5\"}",
      secret, NULL, NULL, arena, &out);
  if (ec != CORE_EC_OK)
    return ec;
  struct core_store_patch off = {.active = 0,
                                 .sync_percent = -1,
                                 .sync_buffer = -1,
                                 .allow_merge = -1,
                                 .ship_within_hours = -1};
  return core_store_patch("TMALL-TOP", &off, arena, &doc);
}

/*
 * A JD store connected through the JOS open platform (issue 27), as the
 * Tmall one: app key and secret saved, no seller authorisation (no access
 * token), so its connection page shows "not authorised" and the worker
 * never calls out. Inactive until authorised, like the Tmall store.
 */
static enum core_ec
make_jd_store(struct core_arena *arena)
{
  /* A fixed placeholder (no rand(): the demo's later draws stay as they
     were); the demo cannot reach JOS whatever the secret. */
  static const char secret[] = "demo-jos-secret-placeholder";
  struct core_store s = {"JD-POP",
                         "京东POP旗舰店（宙斯开放平台）",
                         channel_index("jd"),
                         "ZZ1",
                         NULL,
                         "CNY",
                         "5",
                         "ZTO",
                         48,
                         NULL};
  const char *doc;
  enum core_ec ec = core_store_create(&s, arena, &doc);
  if (ec != CORE_EC_OK)
    return ec;
  struct core_outcome out;
  ec = core_channel_auth_save(
      "JD-POP",
      "{\"app_key\":\"8A1B2C3D4E5F60718293A4B5C6D7E8F9\",\"base_url\":"
      "\"https://api.jd.com/routerjson\",\"sign_method\":\"md5\"}",
      secret, NULL, NULL, arena, &out);
  if (ec != CORE_EC_OK)
    return ec;
  struct core_store_patch off = {.active = 0,
                                 .sync_percent = -1,
                                 .sync_buffer = -1,
                                 .allow_merge = -1,
                                 .ship_within_hours = -1};
  return core_store_patch("JD-POP", &off, arena, &doc);
}

/*
 * One order of @a qty units of @a sku (NULL city: an address to fix); every
 * fourth from the second has a shop coupon of 5.00 on the whole order
 * (满减), every fourth from the third 2.00 off its line (单品优惠).
 */
static enum core_ec
order(const char *store, int n, const char *sku, int qty, const char *price,
      int buyer, bool complete, struct core_arena *arena, int64_t *id)
{
  const char *const *b = buyers[buyer % 6];
  char ext[32];
  snprintf(ext, sizeof ext, "%s-%06d", store, 100000 + n);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s}, s:[{s:s, s:i,"
      " s:s}], s:s, s:s}",
      "external_id", ext, "currency",
      strcmp(store, "SHOPIFY") == 0 ? "USD" : "CNY", "customer", "name", b[0],
      "phone",
      "138000000"
      "00",
      "ship_to", "name", b[0], "line1", complete ? b[1] : "", "city", b[2],
      "country_code", "CN", "postcode", "412000", "lines", "sku", sku, "qty",
      qty, "unit_price", price, "shipping_amount", "0", "channel", "demo");
  if (n % 4 == 1)
    json_object_set_new(doc, "discount", json_string("5.00"));
  if (n % 4 == 2)
    json_object_set_new(json_array_get(json_object_get(doc, "lines"), 0),
                        "discount", json_string("2.00"));
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = {0, "demo-seed", NULL};
  const char *out;
  bool replayed;
  enum core_ec ec =
      core_order_intake(store, text, &who, arena, &out, &replayed);
  free(text);
  if (ec == CORE_EC_OK) {
    json_t *j = json_loads(out, 0, NULL);
    *id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
  } else {
    CORE_ERROR("demo: order %s: %s", ext, core_ec_name(ec));
  }
  return ec;
}

enum core_ec
cli_demo_orders(struct core_arena *arena)
{
  enum core_ec ec = make_stores(arena);
  if (ec == CORE_EC_OK)
    ec = make_marketplace_store(arena);
  if (ec == CORE_EC_OK)
    ec = make_jd_store(arena);
  static const char *const skus[] = {"LL-CUP-01",    "LL-BOWL-02",
                                     "AH-TEA-01",    "YL-PEACH-02",
                                     "LL-TEASET-03", "YX-TOFU-01"};
  static const char *const prices[] = {"68.00", "88.00",  "168.00",
                                       "39.90", "598.00", "19.90"};
  int64_t id = 0;
  int made = 0;
  for (int n = 0; ec == CORE_EC_OK && n < 48; n++) {
    const char *store = stores[n % 5].code;
    int k = n % 6;
    /* Every 7th order has an incomplete address; every 11th a big qty. */
    ec = order(store, n, skus[k], n % 11 == 10 ? 400 : 1 + n % 3,
               strcmp(store, "SHOPIFY") == 0 ? "12.00" : prices[k], n,
               n % 7 != 3, arena, &id);
    made += ec == CORE_EC_OK;
    struct core_stock_actor who = {0, "demo-seed", NULL};
    const char *doc;
    if (ec == CORE_EC_OK && n % 13 == 12)
      ec = core_order_cancel(id, &who, arena, &doc);
  }
  /* A line for a SKU the catalog does not know yet. */
  if (ec == CORE_EC_OK)
    ec = order("DOUYIN", 900, "LL-MUG-NEW", 2, "45.00", 1, true, arena, &id);
  if (ec == CORE_EC_OK)
    printf("  5 stores (天猫, 京东, 拼多多, 抖音, Shopify) and %d orders: "
           "allocated, backordered, on hold, cancelled\n",
           made + 1);
  return ec;
}
