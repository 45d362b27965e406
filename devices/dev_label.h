#ifndef DEV_LABEL_H
#define DEV_LABEL_H
/*
 * Warehouse labels as ZPL II for Zebra printers, and raw-TCP printing
 * (port 9100, the printers' "JetDirect" socket). Pure text building: no
 * database, no HTTP. Layouts are 4 x 2 inch (812 x 406 dots at 203 dpi),
 * the common size for bin and SKU labels; carton labels use the same size.
 */
#include <stdbool.h>
#include <stddef.h>

enum dev_label_kind {
  DEV_LABEL_BIN,  /* Code 128 of the bin code, code in large text */
  DEV_LABEL_SKU,  /* EAN-13 for a GTIN-13, otherwise Code 128 */
  DEV_LABEL_SSCC, /* GS1-128 of AI (00) with the 18-digit SSCC */
};

enum { DEV_LABEL_MAX_CODE = 64, DEV_LABEL_MAX_CAPTION = 120 };

struct dev_label {
  enum dev_label_kind kind;
  const char *code;    /* what the barcode carries; borrowed */
  const char *caption; /* one line of UTF-8 under it, or NULL; borrowed */
  int copies;          /* 1..999 */
};

/* Parses "bin" | "sku" | "sscc"; false for anything else. */
bool dev_label_kind_parse(const char *name, enum dev_label_kind *out);

/*
 * Whether @a label can be printed: a printable code of the right shape for
 * its kind, a caption within bounds, 1..999 copies; else a message in
 * @a err. dev_label_zpl and dev_pdf_label check this themselves.
 */
bool dev_label_check(const struct dev_label *label, char *err, size_t errlen);

/*
 * Writes the ZPL of @a label into @a out (cap bytes, NUL-terminated) and
 * its length into @a len. Returns false with a message in @a err when the
 * code does not fit the kind (empty, too long, control bytes, an SSCC that
 * is not 18 digits with a good check digit) or @a out is too small.
 * Field data is hex-escaped (^FH), so no input can inject ZPL commands.
 */
bool dev_label_zpl(const struct dev_label *label, char *out, size_t cap,
                   size_t *len, char *err, size_t errlen);

/* A shipping label: 4 x 6 inch (812 x 1218 dots), every string borrowed. */
struct dev_ship_label {
  const char *carrier;     /* carrier name, printed large */
  const char *tracking_no; /* Code 128, printed large; required */
  const char *sscc;        /* 18 digits: GS1-128 of (00); required */
  const char *order;       /* the store's order number */
  const char *from[4];     /* sender lines, NULL-padded */
  const char *to[6];       /* recipient lines, NULL-padded */
  int carton, cartons;     /* "1/2" */
  int weight_g;
};

/*
 * Writes the ZPL of shipping label @a l into @a out (cap bytes), like
 * dev_label_zpl. Refuses a missing or non-printable tracking number and
 * an SSCC without a valid check digit.
 */
bool dev_label_ship_zpl(const struct dev_ship_label *l, char *out, size_t cap,
                        size_t *len, char *err, size_t errlen);

/*
 * A marketplace electronic waybill (电子面单) in the platforms' standard
 * 100 x 180 mm layout (800 x 1440 dots), from the waybill service's print
 * data; every string borrowed, NULL or "" leaves its field out.
 */
struct dev_waybill_label {
  const char *carrier;       /* the carrier's name */
  const char *waybill_no;    /* Code 128, twice; required */
  const char *routing;       /* the sort code (大头笔), printed largest */
  const char *consolidation; /* the bagging centre (集包地) */
  const char *route_code;    /* the service's route code */
  const char *to_name, *to_phone, *to_address; /* masked as given */
  const char *from_name, *from_phone, *from_address;
  const char *order; /* the platform order number(s) */
  int carton, cartons;
  int weight_g;
};

/*
 * Writes the ZPL of waybill @a l into @a out (cap bytes), like
 * dev_label_zpl. Refuses a missing or non-printable waybill number.
 */
bool dev_label_waybill_zpl(const struct dev_waybill_label *l, char *out,
                           size_t cap, size_t *len, char *err, size_t errlen);

/* One line of a packing slip; strings borrowed. */
struct dev_slip_line {
  const char *sku, *name;
  long qty;
};

/* A packing slip: what the parcel holds, for the customer and the packer. */
struct dev_slip {
  const char *title;   /* e.g. the store's name */
  const char *order;   /* the store's order number */
  const char *ship_to; /* recipient name */
  const char *date;    /* YYYY-MM-DD */
  const struct dev_slip_line *lines;
  size_t nlines;
  int cartons;
};

/*
 * Writes the ZPL of packing slip @a s into @a out (cap bytes): 4 x 6 inch
 * pages of up to DEV_SLIP_LINES_PER_PAGE lines each, "page n/m" at the foot.
 * Returns false with a message in @a err when @a out is too small.
 */
bool dev_label_slip_zpl(const struct dev_slip *s, char *out, size_t cap,
                        size_t *len, char *err, size_t errlen);

enum { DEV_SLIP_LINES_PER_PAGE = 18 };

/*
 * @a label as a 4 x 2 inch SVG (the same symbology as its ZPL, vector
 * bars, text XML-escaped) into @a out (heap text, free()) of @a len bytes.
 */
bool dev_label_svg(const struct dev_label *label, char **out, size_t *len,
                   char *err, size_t errlen);

/*
 * Sends @a len bytes at @a data to the printer at @a target ("host" or
 * "host:port", port 9100 by default), giving up after @a timeout_ms for
 * the connection and for each write. Returns false with a message in
 * @a err on any failure; a partial send is reported as a failure.
 */
bool dev_label_send(const char *target, const char *data, size_t len,
                    int timeout_ms, char *err, size_t errlen);

#endif
