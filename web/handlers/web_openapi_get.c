#include "web_openapi_get.h"

#include "web_openapi_doc.h"
#include "web_ui.h"

enum MHD_Result
web_openapi_get(struct web_request *req)
{
  /* The UI's file reply: the document is a static file of the build. */
  return web_ui_reply(req, &web_openapi_doc);
}
