#include "web_devices_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_station.h"

#include <stdlib.h>

static const char *const kinds[] = {"serial", "hid", "stdin", "network", NULL};

enum MHD_Result
web_devices_post(struct web_request *req)
{
  const char *id, *port = NULL, *station = NULL;
  int kind;
  const json_t *settings = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("id", &id, 64)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("kind", &kind, kinds)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("port", &port, 260)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("settings", &settings)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("station", &station, 32)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_deep_copy(req->json);
  if (station != NULL)
    json_object_set_new(doc, "station", json_string(station));
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_outcome out;
  enum core_ec ec = wms_device_put(text, req->arena, &out);
  free(text);
  if (ec == CORE_EC_DB_ERROR)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "id",
                           "a device id is letters, digits and . _ : -");
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
