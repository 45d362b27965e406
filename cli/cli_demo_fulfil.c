/*
 * The demo's shipping side: three carriers with real-looking tracking
 * ranges and rates, carton types, totes and a packing station in ZZ1, the
 * national holidays delivery estimates skip, and a wave waiting for the
 * pickers; the Tmall open-platform store's Cainiao e-waybill account and
 * the JD, Pinduoduo and Douyin stores' e-waybill accounts.
 */
#include "core_arena.h"
#include "core_log.h"
#include "core_waybill.h"
#include "cli.h"
#include "wms_shipping.h"
#include "wms_wave.h"

#include <stdio.h>

static const char *const carriers[] = {
    "{\"code\":\"ZTO\",\"name\":\"中通快递\",\"transit_days\":3,"
    "\"tracking\":{\"prefix\":\"73\",\"digits\":10,\"first\":1000000,"
    "\"last\":9999999999},\"rates\":["
    "{\"zone\":\"local\",\"max_weight_g\":3000,\"price\":\"5.00\"},"
    "{\"zone\":\"domestic\",\"max_weight_g\":1000,\"price\":\"8.00\"},"
    "{\"zone\":\"domestic\",\"max_weight_g\":5000,\"price\":\"12.00\"},"
    "{\"zone\":\"domestic\",\"max_weight_g\":30000,\"price\":\"25.00\"}]}",
    "{\"code\":\"SF\",\"name\":\"顺丰速运\",\"transit_days\":1,"
    "\"tracking\":{\"prefix\":\"SF\",\"digits\":12,\"check_digit\":\"mod10\","
    "\"first\":1,\"last\":99999999999},\"rates\":["
    "{\"zone\":\"local\",\"max_weight_g\":1000,\"price\":\"12.00\"},"
    "{\"zone\":\"domestic\",\"max_weight_g\":1000,\"price\":\"18.00\"},"
    "{\"zone\":\"domestic\",\"max_weight_g\":30000,\"price\":\"38.00\"}]}",
    "{\"code\":\"EMS\",\"name\":\"EMS 国际\",\"transit_days\":7,"
    "\"tracking\":{\"prefix\":\"EA\",\"suffix\":\"CN\",\"digits\":8,"
    "\"check_digit\":\"s10\",\"first\":1,\"last\":99999999},\"rates\":["
    "{\"zone\":\"international\",\"max_weight_g\":2000,\"price\":\"120.00\"},"
    "{\"zone\":\"international\",\"max_weight_g\":30000,\"price\":\"360.00\"}"
    "]}",
};

static const char *const holidays =
    "[{\"day\":\"2026-10-01\",\"name\":\"国庆节\"},"
    "{\"day\":\"2026-10-02\",\"name\":\"国庆节\"},"
    "{\"day\":\"2026-10-05\",\"name\":\"国庆节\"},"
    "{\"day\":\"2027-01-01\",\"name\":\"元旦\"},"
    "{\"day\":\"2027-02-08\",\"name\":\"春节\"},"
    "{\"day\":\"2027-02-09\",\"name\":\"春节\"},"
    "{\"day\":\"2027-02-10\",\"name\":\"春节\"},"
    "{\"day\":\"2027-02-11\",\"name\":\"春节\"},"
    "{\"day\":\"2027-02-12\",\"name\":\"春节\"}]";

static enum core_ec
config(struct core_arena *arena)
{
  struct core_outcome out;
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; ec == CORE_EC_OK && i < sizeof carriers / sizeof *carriers;
       i++)
    ec = wms_carrier_put(carriers[i], arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_holidays_put(holidays, arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_carton_type_put("S", "小号纸箱 20×15×10", 80, 3000, true, "0.80",
                             arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_carton_type_put("M", "中号纸箱 30×25×20", 150, 10000, true, "1.50",
                             arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_carton_type_put("L", "大号纸箱 45×35×30", 320, 25000, true, "2.60",
                             arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_totes_create("ZZ1", "T", 1, 60, 3, arena, &out);
  if (ec == CORE_EC_OK)
    ec = wms_station_put("PACK-1", "ZZ1", NULL, arena, &out);
  /* The Tmall open-platform store's ZTO parcels take Cainiao e-waybills
     (电子面单) from the sender address the seller subscribed. */
  if (ec == CORE_EC_OK)
    ec = core_waybill_account_save(
        "TMALL-TOP",
        "{\"carrier\":\"ZTO\",\"cp_code\":\"ZTO\",\"template_url\":"
        "\"http://cloudprint.cainiao.com/template/standard/101\",\"sender\":"
        "{\"name\":\"株洲仓发货组\",\"mobile\":\"13973300000\","
        "\"province\":\"湖南省\",\"city\":\"株洲市\",\"district\":"
        "\"天元区\",\"detail\":\"黄河南路 1 号\"},\"active\":true}",
        arena, &out);
  /* The JD store's ZTO parcels take JD's e-waybills (京东无界电子面单):
     the vendor code and ZTO branch the seller signed with JD. */
  if (ec == CORE_EC_OK)
    ec = core_waybill_account_save(
        "JD-POP",
        "{\"carrier\":\"ZTO\",\"cp_code\":\"ZTO\",\"template_url\":"
        "\"https://jd-demo.invalid/template/standard/zto\",\"sender\":"
        "{\"name\":\"株洲仓发货组\",\"mobile\":\"13973300000\","
        "\"province\":\"湖南省\",\"city\":\"株洲市\",\"district\":"
        "\"天元区\",\"detail\":\"黄河南路 1 号\"},\"service\":{"
        "\"vendor_code\":\"10086001\",\"vendor_name\":\"京东POP旗舰店\","
        "\"branch_code\":\"ZTO-ZZ-0731\"},\"active\":true}",
        arena, &out);
  /* The Pinduoduo and Douyin shops' ZTO parcels take their platforms'
     e-waybills (拼多多电子面单, 抖店电子面单). The demo cannot reach either
     service: the template URLs say so (.invalid), as JD's does. */
  if (ec == CORE_EC_OK)
    ec = core_waybill_account_save(
        "PDD-SHOP",
        "{\"carrier\":\"ZTO\",\"cp_code\":\"ZTO\",\"template_url\":"
        "\"https://pdd-demo.invalid/template/standard/zto\",\"sender\":"
        "{\"name\":\"株洲仓发货组\",\"mobile\":\"13973300000\","
        "\"province\":\"湖南省\",\"city\":\"株洲市\",\"district\":"
        "\"天元区\",\"detail\":\"黄河南路 1 号\"},\"active\":true}",
        arena, &out);
  if (ec == CORE_EC_OK)
    ec = core_waybill_account_save(
        "DY-SHOP",
        "{\"carrier\":\"ZTO\",\"cp_code\":\"ZHONGTONG\",\"template_url\":"
        "\"https://douyin-demo.invalid/template/standard/zhongtong\","
        "\"sender\":{\"name\":\"株洲仓发货组\",\"mobile\":"
        "\"13973300000\",\"province\":\"湖南省\",\"city\":\"株洲市\","
        "\"district\":\"天元区\",\"detail\":\"黄河南路 1 号\"},"
        "\"active\":true}",
        arena, &out);
  return ec;
}

enum core_ec
cli_demo_fulfil(struct core_arena *arena)
{
  enum core_ec ec = config(arena);
  struct wms_wave_req wave = {
      .warehouse = "ZZ1", .batch_size = 6, .max_orders = 12};
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_outcome out;
  if (ec == CORE_EC_OK)
    ec = wms_wave_create(&wave, &who, arena, &out);
  if (ec == CORE_EC_NO_MATCHING_ORDERS)
    ec = CORE_EC_OK;
  if (ec == CORE_EC_OK)
    printf("  carriers 中通/顺丰/EMS, cartons S/M/L, totes T001-T060, "
           "station PACK-1, a wave of 12 orders ready to pick, a ZTO e-waybill "
           "account (菜鸟电子面单) on TMALL-TOP, ZTO ones on JD-POP "
           "(京东无界电子面单), PDD-SHOP (拼多多电子面单) and DY-SHOP "
           "(抖店电子面单)\n");
  else
    CORE_ERROR("demo: fulfilment: %s", core_ec_name(ec));
  return ec;
}
