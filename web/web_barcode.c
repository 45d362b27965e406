#include "web_barcode.h"

#include "dev_gs1.h"
#include "dev_gs1_json.h"
#include "web_scan.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether AIM id @a si announces GS1 data the parser can read. */
static bool
gs1_symbology(const char *si)
{
  static const char *const ids[] = {"]C1", "]d2", "]Q3", "]e0",
                                    "]J1", "]E0", "]E4"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    if (strcmp(si, ids[i]) == 0)
      return true;
  }
  return false;
}

json_t *
web_barcode_result_json(const struct dev_zxing_result *r)
{
  json_t *o = json_pack("{s:s, s:s%, s:s}", "format", r->format, "text",
                        r->text, r->len, "symbology", r->symbology);
  if (o == NULL) /* not UTF-8: ZXing guessed a character set badly */
    return json_pack("{s:s, s:n, s:s}", "format", r->format, "text",
                     "symbology", r->symbology);
  if (gs1_symbology(r->symbology) && r->len + 3 <= DEV_GS1_MAX_INPUT) {
    struct dev_gs1_error e;
    char in[DEV_GS1_MAX_INPUT];
    memcpy(in, r->symbology, 3);
    memcpy(in + 3, r->text, r->len);
    struct dev_gs1_result *res = web_scan_gs1_new(in, r->len + 3, &e);
    json_object_set_new(o, "gs1",
                        res != NULL ? dev_gs1_json_result(res)
                                    : dev_gs1_json_error(&e));
    web_scan_gs1_free(res);
  }
  return o;
}

bool
web_barcode_gs1_text(const char *text, char *out, size_t cap, char *err,
                     size_t errlen)
{
  struct dev_gs1_error e;
  struct dev_gs1_result *res = web_scan_gs1_new(text, strlen(text), &e);
  bool ok = res != NULL;
  if (!ok)
    snprintf(err, errlen, "not valid GS1 data: %s", e.message);
  else if (dev_gs1_to_element_string(res, out, cap) == 0) {
    snprintf(err, errlen, "GS1 data too long");
    ok = false;
  }
  web_scan_gs1_free(res);
  return ok;
}
