#include "web_receiving_sscc_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "core_purchase.h"
#include "dev_checkdigit.h"
#include "dev_gs1.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

/* The SSCC in a scan: GS1 AI (00), or the 18 digits as they are. */
static const char *
sscc_of(struct web_request *req, const char *code)
{
  if (!web_floor_looks_gs1(code) || strlen(code) == 18)
    return code;
  struct dev_gs1_result *g = calloc(1, sizeof *g);
  const char *sscc = code;
  if (g != NULL &&
      dev_gs1_parse(code, strlen(code), NULL, g, NULL) == DEV_GS1_OK &&
      dev_gs1_find(g, "00") != NULL)
    sscc = core_arena_strdup(req->arena, dev_gs1_find(g, "00")->value);
  free(g);
  return sscc;
}

enum MHD_Result
web_receiving_sscc_post(struct web_request *req)
{
  const char *code;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &code, 100)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  const char *sscc = sscc_of(req, code);
  if (dev_checkdigit_check(sscc, DEV_CHECKDIGIT_SSCC18, NULL) !=
      DEV_CHECKDIGIT_VALID)
    return web_reply_error(req, CORE_EC_INVALID_SSCC, "code",
                           "%s is not an SSCC with a valid check digit", sscc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_receive_sscc(sscc, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
