#include "web_admin_partitions_get.h"

#include "core_part.h"
#include "web_reply.h"

#include <jansson.h>

enum MHD_Result
web_admin_partitions_get(struct web_request *req)
{
  const char *doc = NULL;
  enum core_ec ec = core_part_overview(req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *tables = json_loads(doc, 0, NULL);
  if (tables == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  /* The directory is the server's setting: the screen's confirmation
   * names it before anything is written there. */
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s?, s:o}", "archive_dir",
                        core_part_dir(), "tables", tables);
}
