#include "wms_waybill_label.h"

#include "core_arena.h"
#include "dev_label.h"
#include "dev_pdf.h"

#include <stdio.h>
#include <string.h>

/* String member @a k of @a o, or NULL when absent or empty. */
static const char *
str(const json_t *o, const char *k)
{
  const char *v = json_string_value(json_object_get(o, k));
  return v != NULL && v[0] != '\0' ? v : NULL;
}

/* @a a or, when NULL, @a b. */
static const char *
either(const char *a, const char *b)
{
  return a != NULL ? a : b;
}

/* A Cainiao address {province, city, district, town, detail} on one line. */
static const char *
address_line(const json_t *a, struct core_arena *arena)
{
  static const char *const parts[] = {"province", "city", "district", "town",
                                      "detail"};
  const char *s = "";
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    const char *v = str(a, parts[i]);
    if (v != NULL)
      s = core_arena_printf(arena, "%s%s", s, v);
  }
  return s[0] != '\0' ? s : NULL;
}

/* A person of the print data (or the account's sender): name, phone. */
static void
person(const json_t *p, const char **name, const char **phone)
{
  *name = str(p, "name");
  *phone = either(str(p, "mobile"), str(p, "phone"));
}

/*
 * The label's fields from @a facts, @a print and @a sender (as
 * wms_waybill_label_zpl takes them) into @a l, strings borrowed from them
 * or in @a arena. False with @a err when the print data names another
 * waybill than Depot stored.
 */
static bool
fill(const json_t *facts, const json_t *print, const json_t *sender,
     struct dev_waybill_label *out, char *err, size_t errlen,
     struct core_arena *arena)
{
  const json_t *d = json_object_get(print, "data");
  if (!json_is_object(d))
    d = print;
  const json_t *ri = json_object_get(d, "routingInfo");
  const json_t *cons = json_object_get(ri, "consolidation");
  const json_t *to = json_object_get(facts, "ship_to");
  const json_t *rcp = json_object_get(d, "recipient");
  const json_t *snd = json_object_get(d, "sender");
  struct dev_waybill_label l = {
      .carrier = either(str(facts, "carrier_name"), str(d, "cpCode")),
      .waybill_no =
          either(str(d, "waybillCode"),
                 either(str(d, "track_no"), str(facts, "tracking_no"))),
      /* Cainiao's routingInfo, or Douyin's ebill_info (大头笔
         short_address_name, 集包地 package_center_name, 三段码 sort_code). */
      .routing =
          either(str(json_object_get(ri, "sortation"), "name"),
                 either(str(ri, "bigShotName"), str(d, "short_address_name"))),
      .consolidation = either(str(cons, "name"), str(d, "package_center_name")),
      .route_code = either(str(ri, "routeCode"), str(d, "sort_code")),
      .order = str(facts, "order"),
      .carton = (int)json_integer_value(json_object_get(facts, "carton")),
      .cartons = (int)json_integer_value(json_object_get(facts, "cartons")),
      .weight_g = (int)json_integer_value(json_object_get(facts, "weight_g")),
  };
  /* The number Depot stored is the one printed: the print data must
     agree, or the label would route another parcel. */
  if (str(d, "waybillCode") != NULL && str(facts, "tracking_no") != NULL &&
      strcmp(str(d, "waybillCode"), str(facts, "tracking_no")) != 0) {
    snprintf(err, errlen, "the print data is of waybill %s, not %s",
             str(d, "waybillCode"), str(facts, "tracking_no"));
    return false;
  }
  if (json_is_object(rcp)) {
    person(rcp, &l.to_name, &l.to_phone);
    l.to_address = address_line(json_object_get(rcp, "address"), arena);
  }
  if (l.to_name == NULL)
    l.to_name = str(to, "name");
  if (l.to_phone == NULL)
    l.to_phone = str(to, "phone");
  if (l.to_address == NULL)
    l.to_address = core_arena_printf(
        arena, "%s%s%s%s", either(str(to, "region"), ""),
        either(str(to, "city"), ""), either(str(to, "line1"), ""),
        either(str(to, "line2"), ""));
  if (!json_is_object(snd))
    snd = sender;
  person(snd, &l.from_name, &l.from_phone);
  l.from_address = address_line(json_object_get(snd, "address"), arena);
  if (l.from_address == NULL)
    l.from_address = address_line(snd, arena);
  *out = l;
  return true;
}

bool
wms_waybill_label_zpl(const json_t *facts, const json_t *print,
                      const json_t *sender, char *zpl, size_t cap, size_t *len,
                      char *err, size_t errlen, struct core_arena *arena)
{
  struct dev_waybill_label l;
  return fill(facts, print, sender, &l, err, errlen, arena) &&
         dev_label_waybill_zpl(&l, zpl, cap, len, err, errlen);
}

bool
wms_waybill_label_pdf(const json_t *facts, const json_t *print,
                      const json_t *sender, unsigned char **pdf, size_t *len,
                      char *err, size_t errlen, struct core_arena *arena)
{
  struct dev_waybill_label l;
  return fill(facts, print, sender, &l, err, errlen, arena) &&
         dev_pdf_waybill_label(&l, pdf, len, err, errlen);
}
