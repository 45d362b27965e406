#include "dev_gs1_json.h"

#include <ctype.h>
#include <string.h>

/* Adds @a key: the value of AI @a pattern (or its date) when present. */
static void
derive(json_t *o, const struct dev_gs1_result *r, const char *key,
       const char *pattern, bool date)
{
  const struct dev_gs1_element *el = dev_gs1_find(r, pattern);
  if (el == NULL)
    return;
  json_object_set_new(o, key, json_string(date ? el->date : el->value));
}

/* Net weight from 310n (kg) or 320n (lb), as a decimal string and unit. */
static void
derive_weight(json_t *o, const struct dev_gs1_result *r)
{
  const struct dev_gs1_element *el = dev_gs1_find(r, "310n");
  const char *unit = "kg";
  if (el == NULL) {
    el = dev_gs1_find(r, "320n");
    unit = "lb";
  }
  if (el != NULL)
    json_object_set_new(
        o, "net_weight",
        json_pack("{s:s, s:s}", "value", el->decimal, "unit", unit));
}

json_t *
dev_gs1_json_result(const struct dev_gs1_result *r)
{
  static const char *const syntaxes[] = {"element", "ean", "hri",
                                         "digital_link"};
  json_t *ais = json_array(), *dates = json_object(), *decs = json_object();
  for (size_t i = 0; i < r->n; i++) {
    const struct dev_gs1_element *el = &r->el[i];
    json_array_append_new(
        ais, json_pack("{s:s, s:s}", "ai", el->ai, "value", el->value));
    if (el->date[0] != '\0')
      json_object_set_new(dates, el->ai, json_string(el->date));
    if (el->decimal[0] != '\0')
      json_object_set_new(decs, el->ai, json_string(el->decimal));
  }
  json_t *o = json_pack("{s:b, s:o, s:s, s:o, s:o, s:o}", "ok", 1, "symbology",
                        r->symbology[0] != '\0' ? json_string(r->symbology)
                                                : json_null(),
                        "syntax", syntaxes[r->syntax], "ais", ais, "dates",
                        dates, "decimals", decs);
  derive(o, r, "gtin", "01", false);
  derive(o, r, "sscc", "00", false);
  derive(o, r, "lot", "10", false);
  derive(o, r, "serial", "21", false);
  derive(o, r, "expiry", "17", true);
  derive(o, r, "best_before", "15", true);
  derive(o, r, "count", "37", false);
  derive_weight(o, r);
  return o;
}

json_t *
dev_gs1_json_error(const struct dev_gs1_error *e)
{
  char code[32];
  snprintf(code, sizeof code, "%s", dev_gs1_ec_name(e->code));
  for (char *p = code; *p != '\0'; p++)
    *p = (char)tolower((unsigned char)*p);
  json_t *err = json_pack("{s:s, s:s, s:I}", "code", code, "message",
                          e->message, "offset", (json_int_t)e->offset);
  if (e->ai[0] != '\0')
    json_object_set_new(err, "ai", json_string(e->ai));
  return json_pack("{s:b, s:o}", "ok", 0, "error", err);
}
