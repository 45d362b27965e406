#include "web_readyz_get.h"

#include "core_db.h"
#include "core_log.h"
#include "web_reply.h"

enum MHD_Result
web_readyz_get(struct web_request *req)
{
  if (!core_db_ping())
    return web_reply_error(req, CORE_EC_DB_UNAVAILABLE, NULL,
                           "the database does not answer");
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s, s:s}", "status", "ready",
                        "database", "ok", "node", core_log_node());
}
