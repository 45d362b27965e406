#ifndef DEV_PDF_H
#define DEV_PDF_H
/*
 * PDF documents for office printers, through libharu: text in Chinese and
 * English (the standard CJK font SimSun, GBK-encoded, not embedded, so a
 * page stays a few kilobytes; every PDF reader in China has it or a
 * substitute), lines, and barcodes drawn as vector bars from a ZXing
 * module matrix. Pure building: no database, no HTTP.
 */
#include "dev_label.h"
#include "dev_zxing.h"

#include <stdbool.h>
#include <stddef.h>

struct dev_pdf;

/* Page sizes in points (1/72 inch). */
#define DEV_PDF_A4_W 595.28
#define DEV_PDF_A4_H 841.89
#define DEV_PDF_4X6_W 288.0
#define DEV_PDF_4X6_H 432.0

/*
 * A new document with one page of @a w x @a h points. Returns NULL with a
 * message in @a err when libharu cannot start. Free with dev_pdf_free.
 */
struct dev_pdf *dev_pdf_new(double w, double h, char *err, size_t errlen);

/* Adds a page like the first and makes it current. */
bool dev_pdf_page(struct dev_pdf *p);

/*
 * Writes UTF-8 @a text at (@a x, @a y) from the bottom left, @a size
 * points high, in bold when @a bold. Characters outside GBK print as '?'.
 */
bool dev_pdf_text(struct dev_pdf *p, double x, double y, double size, bool bold,
                  const char *text);

/* A line from (@a x1, @a y1) to (@a x2, @a y2), @a w points wide. */
bool dev_pdf_line(struct dev_pdf *p, double x1, double y1, double x2, double y2,
                  double w);

/*
 * Draws linear barcode @a m (in) with its bottom left at (@a x, @a y):
 * each module @a module points wide, bars @a height points high.
 */
bool dev_pdf_barcode(struct dev_pdf *p, const struct dev_zxing_matrix *m,
                     double x, double y, double module, double height);

/*
 * Finishes the document into @a out (out, heap: free()) of @a len bytes.
 * Returns false with a message in @a err.
 */
bool dev_pdf_save(struct dev_pdf *p, unsigned char **out, size_t *len,
                  char *err, size_t errlen);

/* Frees @a p (may be NULL). */
void dev_pdf_free(struct dev_pdf *p);

/*
 * The shipping label @a l (as dev_label_ship_zpl prints it) as a 4 x 6
 * inch PDF page for office printers, into @a out (heap) of @a len bytes.
 */
bool dev_pdf_ship_label(const struct dev_ship_label *l, unsigned char **out,
                        size_t *len, char *err, size_t errlen);

/* The platforms' e-waybill page: 100 x 180 mm in points. */
#define DEV_PDF_WAYBILL_W 283.46
#define DEV_PDF_WAYBILL_H 510.24

/*
 * The marketplace e-waybill @a l (in, as dev_label_waybill_zpl prints it
 * for a Zebra) as one 100 x 180 mm PDF page in the same layout, for
 * office and PDF printers, into @a out (heap: free()) of @a len bytes.
 * Refuses a missing or non-printable waybill number (message in @a err).
 */
bool dev_pdf_waybill_label(const struct dev_waybill_label *l,
                           unsigned char **out, size_t *len, char *err,
                           size_t errlen);

/* A document of a title, key: value lines and a table, on A4 pages. */
struct dev_pdf_table {
  const char *title;
  const char *const *meta; /* "key: value" lines, nmeta of them */
  size_t nmeta;
  const char *const *head; /* ncols column titles */
  const double *widths;    /* ncols widths in points */
  size_t ncols;
  const char *const *cells; /* nrows * ncols, row-major, NULL: empty */
  size_t nrows;
  const char *footer;  /* printed on every page with "n/m", may be NULL */
  const char *barcode; /* Code 128 at the top right of every page, or NULL */
};

/* Renders @a t as PDF into @a out (heap) of @a len bytes. */
bool dev_pdf_table_doc(const struct dev_pdf_table *t, unsigned char **out,
                       size_t *len, char *err, size_t errlen);

/*
 * @a label (bin, SKU or SSCC, as dev_label_zpl prints it) as 4 x 2 inch
 * PDF pages, one per copy, into @a out (heap) of @a len bytes.
 */
bool dev_pdf_label(const struct dev_label *label, unsigned char **out,
                   size_t *len, char *err, size_t errlen);

/*
 * A4 sheets of bin labels, 3 x 8 to a page: each a Code 128 of @a codes[i]
 * with the code in large type and @a captions[i] (may be NULL) under it.
 */
bool dev_pdf_label_sheet(const char *const *codes, const char *const *captions,
                         size_t n, unsigned char **out, size_t *len, char *err,
                         size_t errlen);

#endif
