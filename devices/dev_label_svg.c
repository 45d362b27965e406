/* Labels as SVG for office printers and screens (the planner's preview). */
#include "dev_label.h"
#include "dev_zxing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* @a text with XML's five special characters escaped, to @a f. */
static void
put_xml(FILE *f, const char *text)
{
  for (const char *c = text; *c != '\0'; c++) {
    switch (*c) {
      case '&':
        fputs("&amp;", f);
        break;
      case '<':
        fputs("&lt;", f);
        break;
      case '>':
        fputs("&gt;", f);
        break;
      case '"':
        fputs("&quot;", f);
        break;
      case '\'':
        fputs("&apos;", f);
        break;
      default:
        /* Control characters are not allowed in XML 1.0 text. */
        if ((unsigned char)*c >= 0x20 || *c == '\t')
          fputc(*c, f);
    }
  }
}

/* The bars of linear symbol @a m, @a module wide, from (@a x, @a y). */
static void
put_bars(FILE *f, const struct dev_zxing_matrix *m, double x, double y,
         double module, double height)
{
  for (int i = 0; i < m->width;) {
    if (!m->dark[i]) {
      i++;
      continue;
    }
    int run = 1;
    while (i + run < m->width && m->dark[i + run])
      run++;
    fprintf(f, "<rect x=\"%.3f\" y=\"%.1f\" width=\"%.3f\" height=\"%.1f\"/>",
            x + i * module, y, run * module, height);
    i += run;
  }
}

/* What the barcode of @a l carries and in which symbology. */
static enum dev_zxing_format
symbol_of(const struct dev_label *l, char *text, size_t len)
{
  snprintf(text, len, "%s", l->code);
  if (l->kind == DEV_LABEL_SSCC) {
    snprintf(text, len, "00%s", l->code);
    return DEV_ZXING_GS1_128;
  }
  if (l->kind == DEV_LABEL_SKU && strlen(l->code) == 13 &&
      strspn(l->code, "0123456789") == 13)
    return DEV_ZXING_EAN13;
  return DEV_ZXING_CODE128;
}

bool
dev_label_svg(const struct dev_label *l, char **out, size_t *len, char *err,
              size_t errlen)
{
  char text[80];
  struct dev_zxing_matrix m = {0};
  if (!dev_label_check(l, err, errlen) ||
      !dev_zxing_encode(symbol_of(l, text, sizeof text), text, 0, &m, err,
                        errlen))
    return false;
  FILE *f = open_memstream(out, len);
  if (f == NULL) {
    dev_zxing_matrix_clear(&m);
    snprintf(err, errlen, "out of memory");
    return false;
  }
  double module = 256.0 / m.width;
  fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4in\" "
        "height=\"2in\" viewBox=\"0 0 288 144\"><rect width=\"288\" "
        "height=\"144\" fill=\"#fff\"/><g fill=\"#000\">",
        f);
  put_bars(f, &m, 16, 16, module > 3 ? 3 : module, 66);
  fputs("</g><text x=\"16\" y=\"104\" font-family=\"sans-serif\" "
        "font-weight=\"bold\" font-size=\"20\">",
        f);
  if (l->kind == DEV_LABEL_SSCC)
    fputs("(00) ", f);
  put_xml(f, l->code);
  fputs("</text>", f);
  if (l->caption != NULL && l->caption[0] != '\0') {
    fputs("<text x=\"16\" y=\"128\" font-family=\"sans-serif\" "
          "font-size=\"13\">",
          f);
    put_xml(f, l->caption);
    fputs("</text>", f);
  }
  fputs("</svg>\n", f);
  dev_zxing_matrix_clear(&m);
  if (fclose(f) != 0) {
    snprintf(err, errlen, "out of memory");
    return false;
  }
  return true;
}
