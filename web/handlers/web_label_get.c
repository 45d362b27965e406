#include "web_label_get.h"

#include "core_arena.h"
#include "dev_label.h"
#include "dev_pdf.h"
#include "web_query.h"
#include "web_reply.h"

#include <stdlib.h>
#include <string.h>

enum { LABEL_CAP = 4096 };

enum MHD_Result
web_label_get(struct web_request *req)
{
  char *name = core_arena_strdup(req->arena, req->params[0]);
  char *dot = strrchr(name, '.');
  enum dev_label_kind kind;
  bool pdf = dot != NULL && strcmp(dot, ".pdf") == 0;
  bool svg = dot != NULL && strcmp(dot, ".svg") == 0;
  if (dot == NULL || (!pdf && !svg && strcmp(dot, ".zpl") != 0))
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL,
                           "ask for bin, sku or sscc, .zpl, .svg or .pdf");
  *dot = '\0';
  if (!dev_label_kind_parse(name, &kind))
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL, "no label kind %.40s",
                           name);
  const char *code = web_query_text(req, "code");
  if (code == NULL)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "code",
                           "code is required");
  int64_t copies = 1;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "copies", 1, 999, &copies, &ret))
    return ret;
  struct dev_label l = {kind, code, web_query_text(req, "caption"),
                        (int)copies};
  char err[256];
  size_t len;
  if (svg) {
    char *doc;
    if (!dev_label_svg(&l, &doc, &len, err, sizeof err))
      return web_reply_error(req, CORE_EC_INVALID_VALUE, "code", "%s", err);
    return web_reply_bytes(req, doc, len, "image/svg+xml", "no-store");
  }
  if (pdf) {
    unsigned char *doc;
    if (!dev_pdf_label(&l, &doc, &len, err, sizeof err))
      return web_reply_error(req, CORE_EC_INVALID_VALUE, "code", "%s", err);
    return web_reply_bytes(req, doc, len, "application/pdf", "no-store");
  }
  char *zpl = malloc(LABEL_CAP);
  if (zpl == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, "out of memory");
  if (!dev_label_zpl(&l, zpl, LABEL_CAP, &len, err, sizeof err)) {
    free(zpl);
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "code", "%s", err);
  }
  return web_reply_bytes(req, zpl, len, "application/x-zpl; charset=utf-8",
                         "no-store");
}
