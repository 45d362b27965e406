/*
 * The demo's inventory: the catalog of a Zhuzhou seller of Liling
 * underglaze porcelain and Hunan specialties, the zones and bins of the
 * central warehouse ZZ1, and opening stock in ZZ1 and the lite shop
 * warehouse LL1. Deterministic, so every demo shows the same figures.
 */
#include "core_arena.h"
#include "core_catalog.h"
#include "core_log.h"
#include "core_stock.h"
#include "dev_checkdigit.h"
#include "cli.h"
#include "wms_binpattern.h"
#include "wms_layout.h"
#include "wms_count.h"
#include "wms_exception.h"
#include "wms_location.h"
#include "wms_putaway.h"
#include "wms_replenish.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A product line: one family of SKUs sharing category and traits. */
struct family {
  const char *prefix, *name, *category, *unit;
  const char *variants[8];
  const char *weight_kg, *cost, *price;
  const char *dims[3];
  int carton; /* 0: no carton barcode; else units per carton */
  bool expiry;
};

static const struct family families[] = {
    {"LL-CUP",
     "醴陵釉下五彩 茶杯",
     "porcelain",
     "只",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.180",
     "18.00",
     "68.00",
     {"9", "9", "7"},
     12,
     false},
    {"LL-BOWL",
     "醴陵釉下五彩 饭碗",
     "porcelain",
     "只",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.320",
     "22.00",
     "88.00",
     {"13", "13", "7"},
     12,
     false},
    {"LL-PLATE",
     "醴陵釉下五彩 8寸盘",
     "porcelain",
     "只",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.560",
     "35.00",
     "128.00",
     {"21", "21", "4"},
     6,
     false},
    {"LL-TEASET",
     "醴陵釉下五彩 功夫茶具套装",
     "porcelain",
     "套",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "1.850",
     "168.00",
     "598.00",
     {"38", "28", "14"},
     0,
     false},
    {"LL-VASE",
     "醴陵釉下五彩 花瓶",
     "porcelain",
     "只",
     {"牡丹 30cm", "梅花 30cm", "山水 45cm", "百鸟 45cm", "荷花 60cm",
      "菊花 60cm", "兰草 30cm", "翠竹 45cm"},
     "2.400",
     "260.00",
     "880.00",
     {"20", "20", "46"},
     0,
     false},
    {"LL-SPOON",
     "醴陵釉下五彩 汤匙",
     "porcelain",
     "只",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.060",
     "6.00",
     "22.00",
     {"14", "4", "3"},
     12,
     false},
    {"LL-DISH",
     "醴陵釉下五彩 味碟",
     "porcelain",
     "只",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.110",
     "8.00",
     "29.00",
     {"10", "10", "2"},
     12,
     false},
    {"LL-POT",
     "醴陵釉下五彩 茶壶",
     "porcelain",
     "把",
     {"牡丹", "梅花", "兰草", "翠竹", "荷花", "菊花", "山水", "百鸟"},
     "0.650",
     "78.00",
     "268.00",
     {"18", "13", "12"},
     6,
     false},
    {"AH-TEA",
     "安化黑茶",
     "tea",
     "件",
     {"茯砖 1kg", "千两茶 2kg", "天尖 500g", "黑砖 2kg", "花砖 1kg",
      "金花茯茶 800g", "湘尖 250g", "手筑茯砖 1kg"},
     "1.050",
     "58.00",
     "168.00",
     {"24", "16", "6"},
     6,
     true},
    {"YL-PEACH",
     "炎陵黄桃干",
     "snack",
     "袋",
     {"250g", "500g", "1kg 家庭装", "礼盒 6袋", "低糖 250g", "原味 500g",
      "蜜饯 250g", "冻干 100g"},
     "0.520",
     "12.00",
     "39.90",
     {"22", "16", "4"},
     12,
     true},
    {"YX-TOFU",
     "攸县香干",
     "snack",
     "袋",
     {"原味 200g", "麻辣 200g", "五香 200g", "酱汁 200g", "原味 500g",
      "麻辣 500g", "礼盒 1kg", "小包 50g×10"},
     "0.230",
     "6.50",
     "19.90",
     {"18", "12", "3"},
     12,
     true},
};

enum { NFAMILIES = sizeof families / sizeof families[0] };

/* Porcelain and tea also come as a gift-boxed edition: another SKU. */
static const char *const editions[] = {"", "礼盒装"};

/* GTIN-13 690 1234 NNNNN C: China's GS1 prefix, a demo company number. */
static void
gtin13(int item, char out[14])
{
  snprintf(out, 14, "6901234%05d", item);
  out[12] = dev_checkdigit_compute(out, 12);
  out[13] = '\0';
}

/* The carton GTIN-14: indicator 1 before the unit GTIN's first 12 digits. */
static void
gtin14_carton(const char *unit, char out[15])
{
  snprintf(out, 15, "1%.12s", unit);
  out[13] = dev_checkdigit_compute(out, 13);
  out[14] = '\0';
}

/* A small deterministic generator: the demo is the same every time. */
static unsigned
next_rand(unsigned *state)
{
  *state = *state * 1103515245u + 12345u;
  return (*state >> 16) & 0x7fff;
}

static enum core_ec
make_zones(struct core_arena *arena)
{
  static const struct {
    const char *code, *type, *name;
  } zones[] = {
      {"RCV", "receiving", "收货区"}, {"RES", "reserve", "存储区"},
      {"PICK", "pick", "拣货区"},     {"PACK", "packing", "打包区"},
      {"SHIP", "shipping", "发货区"}, {"RET", "returns", "退货区"},
      {"QA", "quarantine", "待检区"},
  };
  for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
    int type = 0;
    while (strcmp(wms_location_zone_types[type], zones[i].type) != 0)
      type++;
    const char *doc;
    /* Docks and staging hold several 3PL clients' goods at once. */
    bool mixed = strcmp(zones[i].type, "receiving") == 0 ||
                 strcmp(zones[i].type, "packing") == 0 ||
                 strcmp(zones[i].type, "shipping") == 0 ||
                 strcmp(zones[i].type, "returns") == 0;
    enum core_ec ec = wms_location_zone_create(
        "ZZ1", zones[i].code, type, zones[i].name, mixed, arena, &doc);
    if (ec != CORE_EC_OK)
      return ec;
  }
  return CORE_EC_OK;
}

/* Pick face A–F, reserve racks R–S, and the single-purpose bins. */
static enum core_ec
make_bins(struct core_arena *arena)
{
  struct wms_bin_pattern pick = {.zone = "PICK",
                                 .aisles = "A-F",
                                 .racks = "1-10",
                                 .levels = "1-3",
                                 .positions = "1",
                                 .pattern = "{aisle}-{rack:02}-{level}",
                                 .mixed_skus = true};
  struct wms_bin_pattern reserve = {.zone = "RES",
                                    .aisles = "R-S",
                                    .racks = "1-10",
                                    .levels = "1-4",
                                    .positions = "1",
                                    .pattern = "{aisle}{rack:02}-{level}",
                                    .mixed_skus = true};
  const char *doc;
  struct wms_pattern_error perr;
  enum core_ec ec = wms_location_bin_generate("ZZ1", &pick, arena, &doc, &perr);
  if (ec == CORE_EC_OK)
    ec = wms_location_bin_generate("ZZ1", &reserve, arena, &doc, &perr);
  static const struct {
    const char *code, *zone;
  } singles[] = {{"RCV-01", "RCV"},   {"RCV-02", "RCV"},   {"PACK-01", "PACK"},
                 {"PACK-02", "PACK"}, {"SHIP-01", "SHIP"}, {"RET-01", "RET"},
                 {"QA-01", "QA"}};
  for (size_t i = 0; ec == CORE_EC_OK && i < sizeof singles / sizeof singles[0];
       i++) {
    struct wms_bin b = {
        singles[i].code, singles[i].zone, -1, 0, true, false, false};
    ec = wms_location_bin_create("ZZ1", &b, arena, &doc);
  }
  return ec;
}

/* The pick face's floor plan (issue 24): six aisles 3 m apart, ten
 * 1.2 m bays deep, cross-aisles front and back, packing in front between
 * E and F; pick lists walk the optimal route. Stock fills the bins from
 * aisle A, so the free bins are by packing and slotting has moves to
 * propose for the demo wave's SKUs. The same layout as the bench's
 * pick-path tier (wms/wms_route_sim.c). */
static enum core_ec
make_layout(struct core_arena *arena)
{
  struct wms_zone_layout pick = {.zone = "PICK",
                                 .aisle_spacing_m = "3.00",
                                 .aisle_length_m = "12.00",
                                 .bay_width_m = "1.20",
                                 .depot_x_m = "13.50",
                                 .depot_offset_m = "2.00",
                                 .cross_back = true,
                                 .cross_middle = false,
                                 .golden_level_min = 1,
                                 .golden_level_max = 2};
  struct core_outcome out;
  return wms_layout_put("ZZ1", "optimal", &pick, 1, arena, &out);
}

/* A date @a days from today as YYYY-MM-DD, and a lot code for it. */
static void
date_in(int days, char out[11], char lot[8])
{
  time_t t = time(NULL) + (time_t)days * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
  /* Lots are named by production month, a year before expiry. */
  snprintf(lot, 8, "L%02u%02u", (unsigned)(tm.tm_year - 1) % 100u,
           (unsigned)(tm.tm_mon + 1) % 100u);
}

static enum core_ec
adjust(const char *wh, const char *bin, const char *sku, int64_t qty,
       const char *lot, const char *expiry, struct core_arena *arena)
{
  struct core_stock_adjust_req a = {wh,  bin,        sku,  lot, expiry,
                                    qty, "期初库存", NULL, NULL};
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_stock_refusal why;
  const char *doc;
  bool replayed;
  enum core_ec ec = core_stock_adjust(&a, &who, arena, &doc, &replayed, &why);
  if (ec != CORE_EC_OK)
    CORE_ERROR("demo: stock of %s in %s: %s (%s)", sku, bin ? bin : wh,
               core_ec_name(ec), why.detail);
  return ec;
}

/* Opening stock of one SKU: pick face, reserve cartons, lots by expiry. */
static enum core_ec
stock_sku(const struct family *f, const char *sku, unsigned k,
          const char **pick, unsigned npick, const char **res, unsigned nres,
          unsigned *rnd, struct core_arena *arena)
{
  char exp_a[11], exp_b[11], lot_a[8], lot_b[8];
  date_in(150 + (int)(k % 60), exp_a, lot_a);
  date_in(330 + (int)(k % 30), exp_b, lot_b);
  int64_t face = 6 + next_rand(rnd) % 35;
  enum core_ec ec =
      adjust("ZZ1", pick[k % npick], sku, face, f->expiry ? lot_a : NULL,
             f->expiry ? exp_a : NULL, arena);
  if (ec == CORE_EC_OK && f->carton > 0 && k % 3 != 2)
    ec = adjust("ZZ1", res[k % nres], sku,
                (int64_t)f->carton * (1 + next_rand(rnd) % 8),
                f->expiry ? lot_b : NULL, f->expiry ? exp_b : NULL, arena);
  if (ec == CORE_EC_OK && strcmp(f->category, "porcelain") == 0 && k % 4 == 0)
    ec = adjust("LL1", NULL, sku, 2 + next_rand(rnd) % 10, NULL, NULL, arena);
  return ec;
}

static enum core_ec
make_sku(const struct family *f, unsigned v, unsigned e, unsigned item,
         struct core_arena *arena, const char **code)
{
  char sku[64], name[200], unit_gtin[14], carton_gtin[15];
  snprintf(sku, sizeof sku, "%s-%02u%s", f->prefix, v + 1, e ? "-G" : "");
  snprintf(name, sizeof name, "%s %s%s%s", f->name, f->variants[v],
           e ? " " : "", editions[e]);
  gtin13((int)item, unit_gtin);
  struct core_barcode codes[2] = {{unit_gtin, NULL, 1}, {NULL, NULL, 0}};
  char g14[15];
  dev_checkdigit_is_gtin(unit_gtin, g14);
  codes[0].gtin14 = core_arena_strdup(arena, g14);
  unsigned n = 1;
  if (f->carton > 0 && e == 0) {
    gtin14_carton(unit_gtin, carton_gtin);
    codes[1] = (struct core_barcode){carton_gtin, carton_gtin, f->carton};
    n = 2;
  }
  struct core_product p = {.sku = sku,
                           .name = name,
                           .category = f->category,
                           .unit = f->unit,
                           .weight_kg = f->weight_kg,
                           .dims_cm = {f->dims[0], f->dims[1], f->dims[2]},
                           .cost = f->cost,
                           .list_price = f->price,
                           .active = true,
                           .lot_tracked = f->expiry,
                           .expiry_tracked = f->expiry,
                           .barcodes = codes,
                           .nbarcodes = n};
  const char *doc;
  unsigned bad;
  enum core_ec ec = core_catalog_create(&p, arena, &doc, &bad);
  if (ec != CORE_EC_OK)
    CORE_ERROR("demo: product %s: %s", sku, core_ec_name(ec));
  *code = core_arena_strdup(arena, sku);
  return ec;
}

/* Snacks come in one edition only: their variants include gift boxes. */
static unsigned
editions_of(const struct family *f)
{
  return strcmp(f->category, "snack") == 0 ? 1 : 2;
}

/* Putaway rules by category: tea and snacks to reserve, porcelain to pick. */
static enum core_ec
make_rules(struct core_arena *arena)
{
  static const struct {
    const char *category, *zone;
  } rules[] = {{"tea", "RES"}, {"snack", "RES"}, {"porcelain", "PICK"}};
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; ec == CORE_EC_OK && i < sizeof rules / sizeof rules[0];
       i++) {
    struct wms_putaway_rule r = {NULL, rules[i].category, rules[i].zone, NULL,
                                 100};
    const char *doc;
    ec = wms_putaway_rule_create("ZZ1", &r, arena, &doc);
  }
  return ec;
}

/*
 * Work waiting on the floor: min/max rules on the first pick faces (those
 * already below their minimum get replenishment tasks at once) and an
 * open cycle count with one variance for the lead to approve, and a damaged
 * unit reported on the exceptions desk.
 */
static enum core_ec
make_floor_work(const char **skus, const char **pick, struct core_arena *arena)
{
  enum core_ec ec = CORE_EC_OK;
  for (unsigned k = 0; ec == CORE_EC_OK && k < 12; k++) {
    const char *doc;
    ec = wms_replenish_rule_set("ZZ1", skus[k], pick[k], 20, 60, arena, &doc);
  }
  const char *bins[] = {pick[20], pick[21], pick[22], pick[23]};
  const char *doc;
  unsigned bad;
  if (ec == CORE_EC_OK)
    ec = wms_count_create("ZZ1", bins, 4, NULL, 2, "月度循环盘点 A 区", arena,
                          &doc, &bad);
  int64_t count_id = 0;
  if (ec == CORE_EC_OK) {
    json_t *j = json_loads(doc, 0, NULL);
    count_id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
  }
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_stock_refusal why;
  /* The counter finds only 2 where the system holds 6 or more. */
  struct wms_count_entry e = {pick[20], skus[20], NULL, 2, NULL};
  if (ec == CORE_EC_OK)
    ec = wms_count_enter(count_id, &e, &who, arena, &doc, &why);
  struct wms_damage_req d = {"ZZ1", pick[20], skus[20], NULL, "外箱压坏", 1};
  struct core_outcome out;
  if (ec == CORE_EC_OK)
    ec = wms_exception_report(&d, &who, arena, &out);
  return ec;
}

enum core_ec
cli_demo_inventory(struct core_arena *arena)
{
  enum core_ec ec = make_zones(arena);
  if (ec == CORE_EC_OK)
    ec = make_bins(arena);
  if (ec == CORE_EC_OK)
    ec = make_layout(arena);
  struct wms_bin_pattern pick = {.aisles = "A-F",
                                 .racks = "1-10",
                                 .levels = "1-3",
                                 .positions = "1",
                                 .pattern = "{aisle}-{rack:02}-{level}"};
  struct wms_bin_pattern res = {.aisles = "R-S",
                                .racks = "1-10",
                                .levels = "1-4",
                                .positions = "1",
                                .pattern = "{aisle}{rack:02}-{level}"};
  const char **pick_codes, **res_codes;
  unsigned npick = 0, nres = 0;
  struct wms_pattern_error perr;
  if (ec == CORE_EC_OK)
    ec = wms_binpattern_expand(&pick, arena, &pick_codes, &npick, &perr);
  if (ec == CORE_EC_OK)
    ec = wms_binpattern_expand(&res, arena, &res_codes, &nres, &perr);
  unsigned rnd = 20261127u, k = 0;
  const char **skus = core_arena_alloc(arena, sizeof *skus * 256);
  for (unsigned fi = 0; ec == CORE_EC_OK && fi < NFAMILIES; fi++) {
    const struct family *f = &families[fi];
    for (unsigned v = 0; ec == CORE_EC_OK && v < 8; v++) {
      for (unsigned e = 0; ec == CORE_EC_OK && e < editions_of(f); e++) {
        const char *sku;
        ec = make_sku(f, v, e, 100 + k, arena, &sku);
        skus[k] = sku;
        if (ec == CORE_EC_OK)
          ec = stock_sku(f, sku, k, pick_codes, npick, res_codes, nres, &rnd,
                         arena);
        k++;
      }
    }
  }
  if (ec == CORE_EC_OK)
    ec = make_rules(arena);
  if (ec == CORE_EC_OK)
    ec = make_floor_work(skus, pick_codes, arena);
  if (ec == CORE_EC_OK)
    printf(
        "  %u SKUs with GTIN-13 barcodes, %u pick and %u reserve bins in "
        "ZZ1, opening stock in ZZ1 and LL1\n"
        "  putaway rules, replenishment rules with open tasks, and a cycle "
        "count waiting for approval, a damaged unit on the exceptions desk\n",
        k, npick, nres);
  return ec;
}
