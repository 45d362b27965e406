/*
 * The demo's buying side: the three suppliers of DEMO.md with their SKUs,
 * and purchase orders in every state, some received (with a tea lot and a
 * putaway task waiting), one with an advance shipping notice.
 */
#include "core_arena.h"
#include "core_log.h"
#include "core_purchase.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const suppliers[] = {
    "{\"code\":\"LLCC\",\"name\":\"醴陵陶瓷厂\",\"contact_name\":\"刘建华\","
    "\"phone\":\"0731-23456789\",\"payment_terms\":\"月结 30 天\","
    "\"lead_time_days\":10,\"skus\":["
    "{\"sku\":\"LL-CUP-01\",\"supplier_code\":\"BC-01\",\"cost\":\"17.50\","
    "\"moq\":24,\"pack_size\":12},"
    "{\"sku\":\"LL-CUP-02\",\"supplier_code\":\"BC-02\",\"cost\":\"17.50\","
    "\"moq\":24,\"pack_size\":12},"
    "{\"sku\":\"LL-CUP-03\",\"supplier_code\":\"BC-03\",\"cost\":\"17.50\","
    "\"moq\":24,\"pack_size\":12},"
    "{\"sku\":\"LL-BOWL-01\",\"supplier_code\":\"W-01\",\"cost\":\"21.00\","
    "\"moq\":24,\"pack_size\":12},"
    "{\"sku\":\"LL-BOWL-02\",\"supplier_code\":\"W-02\",\"cost\":\"21.00\","
    "\"moq\":24,\"pack_size\":12}]}",
    "{\"code\":\"AHTEA\",\"name\":\"安化茶厂\",\"contact_name\":\"谌志强\","
    "\"phone\":\"0737-7654321\",\"payment_terms\":\"款到发货\","
    "\"lead_time_days\":7,\"skus\":["
    "{\"sku\":\"AH-TEA-01\",\"cost\":\"55.00\",\"moq\":6,\"pack_size\":6},"
    "{\"sku\":\"AH-TEA-02\",\"cost\":\"96.00\",\"moq\":6,\"pack_size\":6}]}",
    "{\"code\":\"PACKCO\",\"name\":\"株洲包装材料厂\",\"contact_name\":"
    "\"王敏\","
    "\"phone\":\"0731-22223333\",\"payment_terms\":\"月结 60 天\","
    "\"lead_time_days\":3}",
};

/* A PO of one line taken to @a steps (space-separated actions). */
static enum core_ec
po(struct core_arena *arena, const char *supplier, const char *sku, int qty,
   const char *const *steps, int64_t *id)
{
  char body[300];
  snprintf(body, sizeof body,
           "{\"supplier\":\"%s\",\"warehouse\":\"ZZ1\",\"lines\":[{\"sku\":"
           "\"%s\",\"qty\":%d}]}",
           supplier, sku, qty);
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_outcome out;
  enum core_ec ec = core_purchase_po_create(body, &who, arena, &out);
  json_t *doc = ec == CORE_EC_OK ? json_loads(out.doc, 0, NULL) : NULL;
  *id = json_integer_value(json_object_get(doc, "id"));
  json_decref(doc);
  for (int i = 0; ec == CORE_EC_OK && steps[i] != NULL; i++)
    ec = core_purchase_po_step(*id, steps[i], true, &who, arena, &out);
  return ec;
}

static enum core_ec
receive(struct core_arena *arena, int64_t id, const char *lines)
{
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_receipt_req r = {.lines = lines};
  struct core_outcome out;
  return core_purchase_receive(id, &r, &who, arena, &out);
}

static enum core_ec
orders(struct core_arena *arena)
{
  static const char *const none[] = {NULL};
  static const char *const submitted[] = {"submit", NULL};
  static const char *const approved[] = {"submit", "approve", NULL};
  static const char *const sent[] = {"submit", "approve", "send", NULL};
  static const char *const cancelled[] = {"submit", "cancel", NULL};
  int64_t id;
  enum core_ec ec = po(arena, "LLCC", "LL-CUP-01", 240, none, &id);
  if (ec == CORE_EC_OK)
    ec = po(arena, "LLCC", "LL-BOWL-01", 120, submitted, &id);
  if (ec == CORE_EC_OK)
    ec = po(arena, "LLCC", "LL-CUP-02", 120, approved, &id);
  if (ec == CORE_EC_OK)
    ec = po(arena, "LLCC", "LL-CUP-03", 240, sent, &id);
  if (ec == CORE_EC_OK)
    ec = po(arena, "LLCC", "LL-BOWL-02", 120, sent, &id);
  if (ec == CORE_EC_OK)
    ec = receive(arena, id, "[{\"sku\":\"LL-BOWL-02\",\"qty\":60}]");
  if (ec == CORE_EC_OK)
    ec = po(arena, "AHTEA", "AH-TEA-02", 30, sent, &id);
  if (ec == CORE_EC_OK)
    ec = receive(arena, id,
                 "[{\"sku\":\"AH-TEA-02\",\"qty\":29,\"damaged\":1,\"lot\":"
                 "\"2026A\",\"expiry\":\"2029-06-30\"}]");
  struct core_stock_actor who = {0, "demo-seed", NULL};
  struct core_outcome out;
  if (ec == CORE_EC_OK)
    ec = core_purchase_po_step(id, "close", true, &who, arena, &out);
  if (ec == CORE_EC_OK)
    ec = po(arena, "AHTEA", "AH-TEA-01", 60, sent, &id);
  if (ec == CORE_EC_OK)
    ec = core_purchase_asn_create(
        id, "FH-20261125", NULL,
        "[{\"sscc\":\"069012340000000016\",\"lines\":[{\"sku\":\"AH-TEA-01\","
        "\"qty\":60,\"lot\":\"2026B\",\"expiry\":\"2029-09-30\"}]}]",
        0, arena, &out);
  if (ec == CORE_EC_OK)
    ec = po(arena, "LLCC", "LL-CUP-01", 48, cancelled, &id);
  return ec;
}

enum core_ec
cli_demo_purchasing(struct core_arena *arena)
{
  struct core_outcome out = {0};
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0;
       ec == CORE_EC_OK && i < sizeof suppliers / sizeof *suppliers; i++)
    ec = core_purchase_supplier_put(suppliers[i], arena, &out);
  if (ec == CORE_EC_OK)
    ec = orders(arena);
  if (ec == CORE_EC_OK)
    printf("  suppliers 醴陵陶瓷厂, 安化茶厂, 株洲包装材料厂; purchase orders "
           "from draft to received, an ASN carton, putaway tasks\n");
  else
    CORE_ERROR("demo: purchasing: %s %s %s", core_ec_name(ec),
               out.field != NULL ? out.field : "",
               out.detail != NULL ? out.detail : "");
  return ec;
}
