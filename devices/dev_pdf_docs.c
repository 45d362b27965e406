/* Document layouts on top of dev_pdf: shipping labels and tables. */
#include "dev_pdf.h"

#include <stdio.h>
#include <string.h>

enum { ROWS_PER_PAGE = 32 };

/* Lines from top @a y down, @a step apart; NULL and empty lines skipped. */
static double
lines(struct dev_pdf *p, const char *const *l, size_t n, double y, double size,
      double step)
{
  for (size_t i = 0; i < n; i++) {
    if (l[i] == NULL || l[i][0] == '\0')
      continue;
    dev_pdf_text(p, 18, y, size, false, l[i]);
    y -= step;
  }
  return y;
}

/* A barcode of @a text as @a f at (@a x, @a y), scaled to @a max_w. */
static bool
barcode(struct dev_pdf *p, enum dev_zxing_format f, const char *text, double x,
        double y, double max_w, double h, char *err, size_t errlen)
{
  struct dev_zxing_matrix m = {0};
  if (!dev_zxing_encode(f, text, 0, &m, err, errlen))
    return false;
  double module = max_w / m.width;
  bool ok = dev_pdf_barcode(p, &m, x, y, module > 2 ? 2 : module, h);
  dev_zxing_matrix_clear(&m);
  return ok;
}

bool
dev_pdf_ship_label(const struct dev_ship_label *l, unsigned char **out,
                   size_t *len, char *err, size_t errlen)
{
  struct dev_pdf *p = dev_pdf_new(DEV_PDF_4X6_W, DEV_PDF_4X6_H, err, errlen);
  if (p == NULL)
    return false;
  dev_pdf_text(p, 18, 412, 8, true, "FROM");
  lines(p, l->from, sizeof l->from / sizeof l->from[0], 400, 8, 10);
  dev_pdf_line(p, 10, 362, 278, 362, 1);
  dev_pdf_text(p, 18, 348, 8, true, "TO");
  lines(p, l->to, sizeof l->to / sizeof l->to[0], 332, 13, 16);
  dev_pdf_line(p, 10, 228, 278, 228, 1);
  dev_pdf_text(p, 18, 208, 16, true, l->carrier != NULL ? l->carrier : "");
  char sscc[24], foot[160];
  snprintf(sscc, sizeof sscc, "00%s", l->sscc != NULL ? l->sscc : "");
  bool ok = barcode(p, DEV_ZXING_CODE128, l->tracking_no, 18, 140, 252, 55, err,
                    errlen) &&
            barcode(p, DEV_ZXING_GS1_128, sscc, 18, 62, 252, 40, err, errlen);
  dev_pdf_text(p, 18, 126, 11, false, l->tracking_no);
  dev_pdf_text(p, 18, 50, 8, false, sscc);
  snprintf(foot, sizeof foot, "%s   %d/%d   %d.%03d kg",
           l->order != NULL ? l->order : "", l->carton, l->cartons,
           l->weight_g / 1000, l->weight_g % 1000);
  dev_pdf_text(p, 18, 22, 10, true, foot);
  ok = ok && dev_pdf_save(p, out, len, err, errlen);
  dev_pdf_free(p);
  return ok;
}

/* Millimetres from the top of the 100 x 180 mm waybill page as the y of a
   text @a size points high (its baseline). */
static double
from_top(double mm, double size)
{
  return DEV_PDF_WAYBILL_H - mm * 72.0 / 25.4 - size;
}

/*
 * @a text (UTF-8, may be NULL) at @a x from @a mm down, wrapped every
 * @a per characters onto at most @a max lines @a step mm apart.
 */
static void
wrapped(struct dev_pdf *p, double x, double mm, double size, bool bold,
        size_t per, int max, double step, const char *text)
{
  const char *s = text != NULL ? text : "";
  for (int line = 0; *s != '\0' && line < max; line++) {
    char buf[256];
    size_t n = 0, chars = 0;
    while (s[n] != '\0' && chars < per && n < sizeof buf - 5) {
      size_t k = 1;
      while ((s[n + k] & 0xC0) == 0x80)
        k++;
      n += k;
      chars++;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    dev_pdf_text(p, x, from_top(mm + line * step, size), size, bold, buf);
    s += n;
  }
}

bool
dev_pdf_waybill_label(const struct dev_waybill_label *l, unsigned char **out,
                      size_t *len, char *err, size_t errlen)
{
  size_t n = l->waybill_no != NULL ? strlen(l->waybill_no) : 0;
  bool printable = n > 0 && n <= DEV_LABEL_MAX_CODE;
  for (size_t i = 0; printable && i < n; i++)
    printable = (unsigned char)l->waybill_no[i] >= 0x20 &&
                (unsigned char)l->waybill_no[i] < 0x7f;
  if (!printable) {
    snprintf(err, errlen, "the waybill needs a printable waybill number");
    return false;
  }
  struct dev_pdf *p =
      dev_pdf_new(DEV_PDF_WAYBILL_W, DEV_PDF_WAYBILL_H, err, errlen);
  if (p == NULL)
    return false;
  const double w = DEV_PDF_WAYBILL_W, mm = 72.0 / 25.4;
  /* As the ZPL (8 dots/mm): carrier and route code; the sort code (大头笔)
     largest and the bagging centre (集包地); the number as Code 128; the
     recipient (收); the sender (寄); the number again for the courier's
     stub; the parcel. */
  wrapped(p, 10, 3, 15, true, 16, 1, 0, l->carrier);
  wrapped(p, 170, 3.5, 11, true, 16, 1, 0, l->route_code);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 10 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 10 * mm, 1);
  wrapped(p, 10, 12.5, 30, true, 8, 1, 0, l->routing);
  wrapped(p, 10, 25.5, 14, false, 18, 1, 0, l->consolidation);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 32.5 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 32.5 * mm, 1);
  bool ok = barcode(p, DEV_ZXING_CODE128, l->waybill_no, 20,
                    DEV_PDF_WAYBILL_H - 52 * mm, w - 40, 16 * mm, err, errlen);
  dev_pdf_text(p, 60, from_top(53.5, 12), 12, true, l->waybill_no);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 60 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 60 * mm, 1);
  dev_pdf_text(p, 10, from_top(62.5, 15), 15, true, "\xE6\x94\xB6");
  wrapped(p, 35, 62.5, 13, true, 20, 1, 0, l->to_name);
  wrapped(p, 35, 68.5, 12, false, 24, 1, 0, l->to_phone);
  wrapped(p, 35, 75, 11, false, 20, 3, 5, l->to_address);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 92.5 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 92.5 * mm, 1);
  dev_pdf_text(p, 10, from_top(95, 12), 12, true, "\xE5\xAF\x84");
  wrapped(p, 35, 95, 10, false, 24, 1, 0, l->from_name);
  wrapped(p, 35, 100, 10, false, 24, 1, 0, l->from_phone);
  wrapped(p, 35, 105, 9, false, 26, 2, 4.5, l->from_address);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 115 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 115 * mm, 1);
  ok =
      ok && barcode(p, DEV_ZXING_CODE128, l->waybill_no, 20,
                    DEV_PDF_WAYBILL_H - 130 * mm, w - 40, 11 * mm, err, errlen);
  dev_pdf_text(p, 60, from_top(131, 10), 10, false, l->waybill_no);
  dev_pdf_line(p, 3, DEV_PDF_WAYBILL_H - 137.5 * mm, w - 3,
               DEV_PDF_WAYBILL_H - 137.5 * mm, 1);
  wrapped(p, 10, 140, 10, false, 40, 2, 4.5, l->order);
  char foot[64];
  snprintf(foot, sizeof foot, "%d/%d   %d.%03d kg", l->carton, l->cartons,
           l->weight_g / 1000, l->weight_g % 1000);
  dev_pdf_text(p, 10, from_top(150, 10), 10, true, foot);
  ok = ok && dev_pdf_save(p, out, len, err, errlen);
  dev_pdf_free(p);
  return ok;
}

/* The head of every page: title, meta lines, column titles. Returns y. */
static double
page_head(struct dev_pdf *p, const struct dev_pdf_table *t)
{
  double y = DEV_PDF_A4_H - 56;
  dev_pdf_text(p, 40, y, 16, true, t->title);
  y -= 24;
  for (size_t i = 0; i < t->nmeta; i++, y -= 14)
    dev_pdf_text(p, 40, y, 10, false, t->meta[i]);
  y -= 8;
  double x = 40;
  for (size_t c = 0; c < t->ncols; x += t->widths[c], c++)
    dev_pdf_text(p, x, y, 9, true, t->head[c]);
  dev_pdf_line(p, 40, y - 5, DEV_PDF_A4_W - 40, y - 5, 0.8);
  return y - 18;
}

static void
page_foot(struct dev_pdf *p, const struct dev_pdf_table *t, size_t page,
          size_t pages)
{
  char foot[200];
  snprintf(foot, sizeof foot, "%s   %zu/%zu",
           t->footer != NULL ? t->footer : "", page, pages);
  dev_pdf_text(p, 40, 30, 8, false, foot);
}

bool
dev_pdf_table_doc(const struct dev_pdf_table *t, unsigned char **out,
                  size_t *len, char *err, size_t errlen)
{
  struct dev_pdf *p = dev_pdf_new(DEV_PDF_A4_W, DEV_PDF_A4_H, err, errlen);
  if (p == NULL)
    return false;
  size_t pages =
      t->nrows == 0 ? 1 : (t->nrows + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE;
  bool ok = true;
  for (size_t pg = 0; ok && pg < pages; pg++) {
    if (pg > 0)
      ok = dev_pdf_page(p);
    double y = page_head(p, t);
    if (t->barcode != NULL) {
      ok = ok && barcode(p, DEV_ZXING_CODE128, t->barcode, DEV_PDF_A4_W - 200,
                         DEV_PDF_A4_H - 80, 160, 44, err, errlen);
      dev_pdf_text(p, DEV_PDF_A4_W - 200, DEV_PDF_A4_H - 94, 11, true,
                   t->barcode);
    }
    for (size_t r = pg * ROWS_PER_PAGE;
         r < t->nrows && r < (pg + 1) * ROWS_PER_PAGE; r++, y -= 16) {
      double x = 40;
      for (size_t c = 0; c < t->ncols; x += t->widths[c], c++) {
        const char *cell = t->cells[r * t->ncols + c];
        dev_pdf_text(p, x, y, 9, false, cell != NULL ? cell : "");
      }
    }
    page_foot(p, t, pg + 1, pages);
  }
  ok = ok && dev_pdf_save(p, out, len, err, errlen);
  dev_pdf_free(p);
  return ok;
}

enum { SHEET_COLS = 3, SHEET_ROWS = 8 };

/* One label of a sheet in cell (@a col, @a row) of the current page. */
static bool
sheet_label(struct dev_pdf *p, const char *code, const char *caption, int col,
            int row, char *err, size_t errlen)
{
  const double w = (DEV_PDF_A4_W - 40) / SHEET_COLS;
  const double h = (DEV_PDF_A4_H - 60) / SHEET_ROWS;
  double x = 20 + col * w + 12, top = DEV_PDF_A4_H - 30 - row * h;
  if (!barcode(p, DEV_ZXING_CODE128, code, x, top - 52, w - 24, 40, err,
               errlen))
    return false;
  dev_pdf_text(p, x, top - 72, 14, true, code);
  if (caption != NULL)
    dev_pdf_text(p, x, top - 86, 8, false, caption);
  return true;
}

bool
dev_pdf_label_sheet(const char *const *codes, const char *const *captions,
                    size_t n, unsigned char **out, size_t *len, char *err,
                    size_t errlen)
{
  struct dev_pdf *p = dev_pdf_new(DEV_PDF_A4_W, DEV_PDF_A4_H, err, errlen);
  if (p == NULL)
    return false;
  bool ok = true;
  for (size_t i = 0; ok && i < n; i++) {
    size_t slot = i % (SHEET_COLS * SHEET_ROWS);
    if (i > 0 && slot == 0)
      ok = dev_pdf_page(p);
    ok = ok && sheet_label(p, codes[i], captions != NULL ? captions[i] : NULL,
                           (int)(slot % SHEET_COLS), (int)(slot / SHEET_COLS),
                           err, errlen);
  }
  ok = ok && dev_pdf_save(p, out, len, err, errlen);
  dev_pdf_free(p);
  return ok;
}

/* One 4 x 2 inch page of @a l: its symbology, code and caption. */
static bool
small_label(struct dev_pdf *p, const struct dev_label *l, char *err,
            size_t errlen)
{
  char text[80];
  enum dev_zxing_format f = DEV_ZXING_CODE128;
  snprintf(text, sizeof text, "%s", l->code);
  if (l->kind == DEV_LABEL_SKU && strlen(l->code) == 13 &&
      strspn(l->code, "0123456789") == 13)
    f = DEV_ZXING_EAN13;
  if (l->kind == DEV_LABEL_SSCC) {
    f = DEV_ZXING_GS1_128;
    snprintf(text, sizeof text, "00%s", l->code);
  }
  if (!barcode(p, f, text, 16, 62, 256, 62, err, errlen))
    return false;
  if (l->kind == DEV_LABEL_SSCC)
    snprintf(text, sizeof text, "(00) %s", l->code);
  dev_pdf_text(p, 16, 38, l->kind == DEV_LABEL_BIN ? 20 : 12, true, text);
  if (l->caption != NULL && l->caption[0] != '\0')
    dev_pdf_text(p, 16, 16, 11, false, l->caption);
  return true;
}

bool
dev_pdf_label(const struct dev_label *label, unsigned char **out, size_t *len,
              char *err, size_t errlen)
{
  if (!dev_label_check(label, err, errlen))
    return false;
  struct dev_pdf *p = dev_pdf_new(288, 144, err, errlen);
  if (p == NULL)
    return false;
  bool ok = true;
  for (int i = 0; ok && i < label->copies; i++)
    ok = (i == 0 || dev_pdf_page(p)) && small_label(p, label, err, errlen);
  ok = ok && dev_pdf_save(p, out, len, err, errlen);
  dev_pdf_free(p);
  return ok;
}
