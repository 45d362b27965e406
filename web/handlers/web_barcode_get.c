#include "web_barcode_get.h"

#include "core_arena.h"
#include "dev_image.h"
#include "dev_zxing.h"
#include "web_barcode.h"
#include "web_query.h"
#include "web_reply.h"

#include <stdlib.h>
#include <string.h>

/* An image is a pure function of its URL. */
#define CACHE "public, max-age=86400"

enum MHD_Result
web_barcode_get(struct web_request *req)
{
  char *name = core_arena_strdup(req->arena, req->params[0]);
  char *dot = strrchr(name, '.');
  bool svg = dot != NULL && strcmp(dot, ".svg") == 0;
  enum dev_zxing_format f;
  if (dot == NULL || (!svg && strcmp(dot, ".png") != 0))
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL,
                           "ask for FORMAT.svg or FORMAT.png");
  *dot = '\0';
  if (!dev_zxing_format_parse(name, &f))
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL,
                           "no barcode format %.40s", name);
  const char *text = web_query_text(req, "text");
  if (text == NULL || strlen(text) > 1000)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "text",
                           "text is required (at most 1000 bytes)");
  int64_t scale = 4;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "scale", 1, 20, &scale, &ret))
    return ret;
  char data[DEV_ZXING_MAX_TEXT + 1], err[300];
  if ((f == DEV_ZXING_GS1_128 || f == DEV_ZXING_GS1_DATAMATRIX) &&
      !web_barcode_gs1_text(text, data, sizeof data, err, sizeof err))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "text", "%s", err);
  if (f == DEV_ZXING_GS1_128 || f == DEV_ZXING_GS1_DATAMATRIX)
    text = data;
  bool linear =
      f == DEV_ZXING_CODE128 || f == DEV_ZXING_EAN13 || f == DEV_ZXING_GS1_128;
  struct dev_zxing_matrix m;
  if (!dev_zxing_encode(f, text, linear ? 10 : 2, &m, err, sizeof err))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "text", "%s", err);
  bool ok;
  if (svg) {
    char *out = NULL;
    size_t len = 0;
    ok = dev_image_svg_mem(&m, 1, 40, &out, &len);
    dev_zxing_matrix_clear(&m);
    if (ok)
      return web_reply_bytes(req, out, len, "image/svg+xml", CACHE);
    free(out);
  } else {
    unsigned char *out = NULL;
    size_t len = 0;
    ok = dev_image_png_mem(&m, (int)scale, 40, &out, &len, err, sizeof err);
    dev_zxing_matrix_clear(&m);
    if (ok)
      return web_reply_bytes(req, out, len, "image/png", CACHE);
  }
  return web_reply_error(req, CORE_EC_INTERNAL, NULL, "could not draw: %s",
                         err);
}
