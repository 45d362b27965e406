#include "web_barcodes_decode_post.h"

#include "dev_decode.h"
#include "dev_image.h"
#include "dev_zxing.h"
#include "web_barcode.h"
#include "web_reply.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_barcodes_decode_post(struct web_request *req)
{
  if (req->body_len == 0)
    return web_reply_error(req, CORE_EC_BODY_REQUIRED, NULL,
                           "send the photo (PNG or JPEG) as the body");
  unsigned char *gray;
  int w, h;
  char err[300];
  if (!dev_image_read_mem(req->body, req->body_len, &gray, &w, &h, err,
                          sizeof err))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, NULL, "%s", err);
  struct dev_zxing_result *res = calloc(DEV_ZXING_MAX_RESULTS, sizeof *res);
  size_t n = 0;
  bool ok = dev_decode_image(gray, w, h, res, &n, err, sizeof err);
  free(gray);
  if (!ok) {
    free(res);
    return web_reply_error(req, CORE_EC_INVALID_VALUE, NULL,
                           "could not decode: %s", err);
  }
  json_t *results = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(results, web_barcode_result_json(&res[i]));
    dev_zxing_result_clear(&res[i]);
  }
  free(res);
  return web_reply_pack(req, MHD_HTTP_OK, "{s:o}", "results", results);
}
