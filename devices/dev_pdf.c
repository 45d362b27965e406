#include "dev_pdf.h"

#include <hpdf.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dev_pdf {
  HPDF_Doc doc;
  HPDF_Page page;
  HPDF_Font regular, bold;     /* SimSun, SimHei: CJK runs */
  HPDF_Font latin, latin_bold; /* Helvetica: ASCII runs */
  double w, h;
  HPDF_STATUS error; /* first libharu error, 0 if none */
  iconv_t to_gbk;
};

/* libharu reports errors here; the first one is kept and checked. */
static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
  struct dev_pdf *p = user;
  (void)detail;
  if (p->error == 0)
    p->error = error;
}

static bool
new_page(struct dev_pdf *p)
{
  p->page = HPDF_AddPage(p->doc);
  if (p->page == NULL)
    return false;
  HPDF_Page_SetWidth(p->page, (HPDF_REAL)p->w);
  HPDF_Page_SetHeight(p->page, (HPDF_REAL)p->h);
  return p->error == 0;
}

struct dev_pdf *
dev_pdf_new(double w, double h, char *err, size_t errlen)
{
  struct dev_pdf *p = calloc(1, sizeof *p);
  if (p == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  p->w = w;
  p->h = h;
  p->to_gbk = iconv_open("GBK", "UTF-8");
  p->doc = HPDF_New(on_error, p);
  if (p->doc != NULL && p->to_gbk != (iconv_t)-1) {
    HPDF_UseCNSFonts(p->doc);
    HPDF_UseCNSEncodings(p->doc);
    p->regular = HPDF_GetFont(p->doc, "SimSun", "GBK-EUC-H");
    p->bold = HPDF_GetFont(p->doc, "SimHei", "GBK-EUC-H");
    p->latin = HPDF_GetFont(p->doc, "Helvetica", NULL);
    p->latin_bold = HPDF_GetFont(p->doc, "Helvetica-Bold", NULL);
  }
  if (p->doc == NULL || p->to_gbk == (iconv_t)-1 || p->regular == NULL ||
      p->bold == NULL || p->latin == NULL || p->latin_bold == NULL ||
      !new_page(p)) {
    snprintf(err, errlen, "PDF set-up failed (libharu error 0x%04X)",
             (unsigned)p->error);
    dev_pdf_free(p);
    return NULL;
  }
  return p;
}

bool
dev_pdf_page(struct dev_pdf *p)
{
  return new_page(p);
}

/*
 * @a text in GBK, in @a out (cap bytes); unconvertible characters become
 * '?' so one rare character never loses a whole line.
 */
static void
to_gbk(struct dev_pdf *p, const char *text, char *out, size_t cap)
{
  char *in = (char *)text, *o = out;
  size_t inleft = strlen(text), outleft = cap - 1;
  iconv(p->to_gbk, NULL, NULL, NULL, NULL);
  while (inleft > 0 && outleft > 0) {
    if (iconv(p->to_gbk, &in, &inleft, &o, &outleft) != (size_t)-1)
      break;
    /* Skip one UTF-8 character that GBK lacks. */
    *o++ = '?';
    outleft--;
    in++;
    inleft--;
    while (inleft > 0 && ((unsigned char)*in & 0xC0) == 0x80) {
      in++;
      inleft--;
    }
  }
  *o = '\0';
}

/*
 * Writes one run of @a n bytes at @a x in @a font (GBK-converted when
 * @a cjk) and returns the x after it.
 */
static double
run(struct dev_pdf *p, double x, double y, double size, HPDF_Font font,
    bool cjk, const char *text, size_t n)
{
  char utf8[1024], out[1024];
  if (n >= sizeof utf8)
    n = sizeof utf8 - 1;
  memcpy(utf8, text, n);
  utf8[n] = '\0';
  if (cjk)
    to_gbk(p, utf8, out, sizeof out);
  else
    memcpy(out, utf8, n + 1);
  HPDF_Page_SetFontAndSize(p->page, font, (HPDF_REAL)size);
  HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, out);
  return x + HPDF_Page_TextWidth(p->page, out);
}

/*
 * ASCII goes out in Helvetica, everything else in the CJK font: GBK-EUC-H
 * would set Latin letters full-width.
 */
bool
dev_pdf_text(struct dev_pdf *p, double x, double y, double size, bool bold,
             const char *text)
{
  const char *t = text != NULL ? text : "";
  HPDF_Page_BeginText(p->page);
  while (*t != '\0') {
    bool ascii = (unsigned char)*t < 0x80;
    size_t n = 0;
    while (t[n] != '\0' && ((unsigned char)t[n] < 0x80) == ascii)
      n++;
    HPDF_Font f = ascii ? (bold ? p->latin_bold : p->latin)
                        : (bold ? p->bold : p->regular);
    x = run(p, x, y, size, f, !ascii, t, n);
    t += n;
  }
  HPDF_Page_EndText(p->page);
  return p->error == 0;
}

bool
dev_pdf_line(struct dev_pdf *p, double x1, double y1, double x2, double y2,
             double w)
{
  HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)w);
  HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y1);
  HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)y2);
  HPDF_Page_Stroke(p->page);
  return p->error == 0;
}

bool
dev_pdf_barcode(struct dev_pdf *p, const struct dev_zxing_matrix *m, double x,
                double y, double module, double height)
{
  /* One rectangle per run of dark modules in the (first) row. */
  for (int i = 0; i < m->width;) {
    if (!m->dark[i]) {
      i++;
      continue;
    }
    int run = 1;
    while (i + run < m->width && m->dark[i + run])
      run++;
    HPDF_Page_Rectangle(p->page, (HPDF_REAL)(x + i * module), (HPDF_REAL)y,
                        (HPDF_REAL)(run * module), (HPDF_REAL)height);
    i += run;
  }
  HPDF_Page_Fill(p->page);
  return p->error == 0;
}

bool
dev_pdf_save(struct dev_pdf *p, unsigned char **out, size_t *len, char *err,
             size_t errlen)
{
  if (p->error == 0)
    HPDF_SaveToStream(p->doc);
  HPDF_UINT32 size = p->error == 0 ? HPDF_GetStreamSize(p->doc) : 0;
  unsigned char *buf = size > 0 ? malloc(size) : NULL;
  HPDF_UINT32 got = size;
  if (buf != NULL)
    HPDF_ReadFromStream(p->doc, buf, &got);
  if (buf == NULL || p->error != 0 || got != size) {
    snprintf(err, errlen, "PDF not written (libharu error 0x%04X)",
             (unsigned)p->error);
    free(buf);
    return false;
  }
  *out = buf;
  *len = size;
  return true;
}

void
dev_pdf_free(struct dev_pdf *p)
{
  if (p == NULL)
    return;
  if (p->doc != NULL)
    HPDF_Free(p->doc);
  if (p->to_gbk != (iconv_t)-1 && p->to_gbk != NULL)
    iconv_close(p->to_gbk);
  free(p);
}
