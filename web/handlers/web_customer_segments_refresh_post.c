#include "web_customer_segments_refresh_post.h"

#include "core_crm.h"
#include "web_reply.h"

enum MHD_Result
web_customer_segments_refresh_post(struct web_request *req)
{
  const char *doc;
  /* Set-based and whole: the same run the server makes nightly. */
  enum core_ec ec = core_crm_rfm_refresh(req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
