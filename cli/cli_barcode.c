/*
 * depot barcode encode|decode: ZXing behind devices/dev_zxing.h.
 * encode writes a PNG or SVG file; decode prints every barcode found in a
 * PNG or JPEG image, with the GS1 reading of GS1 symbols.
 */
#include "dev_gs1.h"
#include "dev_decode.h"
#include "dev_image.h"
#include "dev_zxing.h"
#include "web_barcode.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long
number_arg(const struct cli_args *args, const char *name, long def, long lo,
           long hi)
{
  const char *v = cli_arg(args, name);
  if (v == NULL)
    return def;
  char *end;
  long n = strtol(v, &end, 10);
  return *end == '\0' && n >= lo && n <= hi ? n : lo - 1;
}

int
cli_barcode_encode(struct core_config *cfg, const struct cli_args *args)
{
  const char *fname = cli_arg(args, "--format");
  const char *text = cli_arg(args, "--text");
  const char *out = cli_arg(args, "--out");
  enum dev_zxing_format f;
  long scale = number_arg(args, "--scale", 4, 1, 50);
  long height = number_arg(args, "--height", 50, 1, 1000);
  long margin = number_arg(args, "--margin", -1, 0, 100);
  if (fname == NULL || !dev_zxing_format_parse(fname, &f) || text == NULL ||
      out == NULL || scale < 1 || height < 1 || margin < -1) {
    fprintf(stderr, "depot barcode encode: needs --format code128|ean13|qr|"
                    "datamatrix|gs1-128|gs1-datamatrix, --text and --out "
                    "FILE.png|FILE.svg (--scale 1..50, --height 1..1000, "
                    "--margin 0..100)\n");
    return 2;
  }
  char data[DEV_ZXING_MAX_TEXT + 1], err[256];
  if (f == DEV_ZXING_GS1_128 || f == DEV_ZXING_GS1_DATAMATRIX) {
    if (!web_barcode_gs1_text(text, data, sizeof data, err, sizeof err))
      return cli_fail_json("invalid_gs1", err);
    text = data;
  }
  bool linear =
      f == DEV_ZXING_CODE128 || f == DEV_ZXING_EAN13 || f == DEV_ZXING_GS1_128;
  struct dev_zxing_matrix m;
  if (!dev_zxing_encode(f, text,
                        margin >= 0 ? (int)margin
                        : linear    ? 10
                                    : 2,
                        &m, err, sizeof err))
    return cli_fail_json("encode_failed", err);
  size_t olen = strlen(out);
  bool svg = olen > 4 && strcmp(out + olen - 4, ".svg") == 0;
  bool ok = svg ? dev_image_write_svg(out, &m, (int)scale, (int)height, err,
                                      sizeof err)
                : dev_image_write_png(out, &m, (int)scale, (int)height, err,
                                      sizeof err);
  json_t *o = json_pack("{s:b, s:s, s:s, s:i, s:i}", "ok", 1, "format",
                        dev_zxing_format_name(f), "file", out, "modules_wide",
                        m.width, "modules_high", m.height);
  dev_zxing_matrix_clear(&m);
  if (!ok) {
    json_decref(o);
    return cli_fail_json("write_failed", err);
  }
  return cli_print_json(o, 0);
}

int
cli_barcode_decode(struct core_config *cfg, const struct cli_args *args)
{
  const char *path = cli_arg(args, "FILE");
  if (path == NULL) {
    fprintf(stderr, "depot barcode decode: FILE (PNG or JPEG) is required\n");
    return 2;
  }
  unsigned char *gray;
  int w, h;
  char err[512];
  if (!dev_image_read(path, &gray, &w, &h, err, sizeof err))
    return cli_fail_json(strstr(err, "too large") != NULL ? "image_too_large"
                                                          : "bad_image",
                         err);
  struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
  size_t n;
  bool ok = dev_decode_image(gray, w, h, res, &n, err, sizeof err);
  free(gray);
  if (!ok)
    return cli_fail_json("decode_failed", err);
  json_t *results = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(results, web_barcode_result_json(&res[i]));
    dev_zxing_result_clear(&res[i]);
  }
  return cli_print_json(json_pack("{s:b, s:o}", "ok", 1, "results", results),
                        0);
}
