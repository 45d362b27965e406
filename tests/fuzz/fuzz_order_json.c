/*
 * libFuzzer target for the order bodies Depot reads most: POST
 * /api/v1/orders and the Shopify and WooCommerce order webhooks. The first
 * byte picks the reader, the rest is the body as the HTTP layer hands it
 * over (JSON text). Besides "no crash, no sanitizer report", every body a
 * reader accepts must give a document intake can take: an external id and
 * 1..WEB_ORDER_MAX_LINES lines, each with a positive quantity; a refusal
 * must name its field.
 */
#include "core_arena.h"
#include "web_order_input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void
check_doc(const json_t *doc)
{
  const json_t *lines = json_object_get(doc, "lines");
  if (json_string_value(json_object_get(doc, "external_id")) == NULL ||
      !json_is_array(lines) || json_array_size(lines) == 0 ||
      json_array_size(lines) > WEB_ORDER_MAX_LINES)
    abort();
  size_t i;
  const json_t *l;
  json_array_foreach(lines, i, l)
  {
    if (json_integer_value(json_object_get(l, "qty")) <= 0)
      abort();
  }
  char *text = json_dumps(doc, JSON_COMPACT);
  if (text == NULL)
    abort();
  free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  json_t *body = json_loadb((const char *)data + 1, size - 1,
                            JSON_REJECT_DUPLICATES, NULL);
  if (!json_is_object(body)) {
    json_decref(body);
    return 0;
  }
  struct core_arena *arena = core_arena_new();
  struct core_json_error err = {0};
  json_t *doc = NULL;
  const char *store = NULL;
  enum core_ec ec;
  switch (data[0] % 3) {
    case 0:
      ec = web_order_input_api(body, arena, &store, &doc, &err);
      break;
    case 1:
      ec = web_order_input_shopify(body, &doc, &err);
      break;
    default:
      ec = web_order_input_woocommerce(body, &doc, &err);
      break;
  }
  if (ec == CORE_EC_OK)
    check_doc(doc);
  else if (doc != NULL)
    abort(); /* a refusal hands back nothing */
  json_decref(doc);
  json_decref(body);
  core_arena_free(arena);
  return 0;
}
