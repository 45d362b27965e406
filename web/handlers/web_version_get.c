#include "web_version_get.h"

#include "web_reply.h"
#include "web_version.h"

enum MHD_Result
web_version_get(struct web_request *req)
{
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s}", "version",
                        web_version_string, "revision", web_version_git);
}
