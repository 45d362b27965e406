#include "web_receiving_sscc_post.h"

#include "core_purchase.h"
#include "dev_checkdigit.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scan.h"
#include "web_stock_reply.h"

#include <string.h>

/* The SSCC in a scan: GS1 AI (00), or the 18 digits as they are. */
static const char *
sscc_of(const struct web_scan *s)
{
  if (strlen(s->code) == 18 || s->sscc == NULL)
    return s->code;
  return s->sscc;
}

enum MHD_Result
web_receiving_sscc_post(struct web_request *req)
{
  struct web_scan code;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(WEB_SCAN_FIELD("code", &code, 100)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *sscc = sscc_of(&code);
  if (dev_checkdigit_check(sscc, DEV_CHECKDIGIT_SSCC18, NULL) !=
      DEV_CHECKDIGIT_VALID)
    return web_reply_error(req, CORE_EC_INVALID_SSCC, "code",
                           "%s is not an SSCC with a valid check digit", sscc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_receive_sscc(sscc, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
