#include "web_station_labels_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "dev_label.h"
#include "web_floor.h"
#include "web_print.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_print.h"

#include <stdio.h>
#include <string.h>

enum { MAX_LABELS = 500, LABEL_CAP = 4096 };

static const char *const kinds[] = {"bin", "sku", NULL};

/*
 * The ZPL of every label of @a labels (kind @a kind, @a copies each) in
 * @a arena; NULL with a reply queued when one cannot be printed.
 */
static const char *
zpl_or_reply(struct web_request *req, const json_t *labels,
             enum dev_label_kind kind, int copies, enum MHD_Result *ret)
{
  size_t n = json_array_size(labels), used = 0, i;
  char *buf = core_arena_alloc(req->arena, n * LABEL_CAP + 1);
  const json_t *v;
  json_array_foreach(labels, i, v)
  {
    char prefix[48], err[160];
    snprintf(prefix, sizeof prefix, "labels[%zu]", i);
    const char *code, *caption = NULL;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("code", &code, 64)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("caption", &caption, 100)),
        CORE_JSON_END,
    };
    struct core_json_error jerr;
    if (core_json_parse(v, spec, true, prefix, req->arena, &jerr) !=
        CORE_EC_OK) {
      *ret = web_reply_json_error(req, &jerr);
      return NULL;
    }
    struct dev_label l = {kind, code, caption, copies};
    size_t len;
    if (!dev_label_zpl(&l, buf + used, LABEL_CAP, &len, err, sizeof err)) {
      *ret = web_reply_error(req, CORE_EC_INVALID_VALUE, prefix, "%s", err);
      return NULL;
    }
    used += len;
  }
  buf[used] = '\0';
  return buf;
}

enum MHD_Result
web_station_labels_post(struct web_request *req)
{
  int kind = 0;
  int64_t copies = 1;
  const json_t *labels = NULL;
  const char *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("kind", &kind, kinds)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("labels", &labels)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("copies", &copies, 1, 99)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  size_t n = json_array_size(labels);
  if (n == 0 || n > MAX_LABELS)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "labels",
                           "send 1 to %d labels, not %zu", MAX_LABELS, n);
  enum MHD_Result ret = MHD_NO;
  const char *zpl =
      zpl_or_reply(req, labels, kind == 0 ? DEV_LABEL_BIN : DEV_LABEL_SKU,
                   (int)copies, &ret);
  if (zpl == NULL)
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      wms_print_labels(req->params[0], zpl, key, &who, req->arena, &out);
  if (ec == CORE_EC_OK && !out.replayed)
    web_print_wake();
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
