/*
 * PDF documents: a Chinese table over several pages and a shipping label
 * with barcodes, read back with poppler's pdftotext (the text must come
 * out as written, not as mojibake), and the label's barcodes rendered by
 * pdftoppm and decoded back by ZXing.
 */
#include "dev_decode.h"
#include "dev_image.h"
#include "dev_pdf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Writes @a pdf to a temporary file and returns pdftotext's output. */
static char *
text_of(const unsigned char *pdf, size_t len)
{
  char path[] = "/tmp/depot-pdf-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, pdf, len), (ssize_t)len);
  close(fd);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  static char out[65536];
  size_t n = fread(out, 1, sizeof out - 1, f);
  out[n] = '\0';
  assert_int_equal(pclose(f), 0);
  unlink(path);
  return out;
}

static int
count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* Renders page 1 of @a pdf at @a dpi and decodes its barcodes. */
static size_t
decode_page(const unsigned char *pdf, size_t len, int dpi,
            struct dev_zxing_result *r)
{
  char dir[] = "/tmp/depot-pdf-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[96], cmd[256], png[112];
  snprintf(path, sizeof path, "%s/l.pdf", dir);
  FILE *f = fopen(path, "wb");
  assert_int_equal(fwrite(pdf, 1, len, f), len);
  fclose(f);
  snprintf(cmd, sizeof cmd, "pdftoppm -r %d -png -singlefile %s %s/l", dpi,
           path, dir);
  assert_int_equal(system(cmd), 0);
  snprintf(png, sizeof png, "%s/l.png", dir);
  unsigned char *gray;
  int w, h;
  char err[160];
  assert_true(dev_image_read(png, &gray, &w, &h, err, sizeof err));
  size_t n = 0;
  assert_true(dev_decode_image(gray, w, h, r, &n, err, sizeof err));
  free(gray);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
  return n;
}

static void
chinese_table_reads_back_over_two_pages(void **state)
{
  (void)state;
  static const char *const head[] = {"行", "SKU", "品名", "数量"};
  static const double widths[] = {40, 120, 260, 80};
  static const char *cells[40 * 4];
  char qty[40][8];
  for (int r = 0; r < 40; r++) {
    snprintf(qty[r], sizeof qty[r], "%d", r + 1);
    cells[r * 4] = qty[r];
    cells[r * 4 + 1] = "LL-CUP-01";
    cells[r * 4 + 2] = r == 39 ? "醴陵釉下五彩 茶杯 最后一行" : "安化黑茶";
    cells[r * 4 + 3] = "12";
  }
  static const char *const meta[] = {"供应商: 醴陵陶瓷厂", "仓库: ZZ1"};
  struct dev_pdf_table t = {"采购订单 PO20261127-00001",
                            meta,
                            2,
                            head,
                            widths,
                            4,
                            cells,
                            40,
                            "Depot",
                            NULL};
  unsigned char *pdf;
  size_t len;
  char err[160];
  assert_true(dev_pdf_table_doc(&t, &pdf, &len, err, sizeof err));
  assert_memory_equal(pdf, "%PDF-", 5);
  const char *text = text_of(pdf, len);
  free(pdf);
  assert_non_null(strstr(text, "采购订单 PO20261127-00001"));
  assert_non_null(strstr(text, "醴陵陶瓷厂"));
  assert_non_null(strstr(text, "最后一行"));
  assert_non_null(strstr(text, "2/2"));
  assert_int_equal(count(text, "供应商"), 2);
}

static void
shipping_label_carries_tracking_number_and_sscc(void **state)
{
  (void)state;
  struct dev_ship_label l = {
      .carrier = "顺丰速运",
      .tracking_no = "SF0000000012",
      .sscc = "106141410000000019",
      .order = "TM-100001",
      .from = {"株洲中心仓", "天元区 1 号", NULL, NULL},
      .to = {"王五", "黄河南路 8 号", NULL, "412007 株洲市 CN", NULL, NULL},
      .carton = 1,
      .cartons = 2,
      .weight_g = 1250,
  };
  unsigned char *pdf;
  size_t len;
  char err[160];
  assert_true(dev_pdf_ship_label(&l, &pdf, &len, err, sizeof err));
  const char *text = text_of(pdf, len);
  struct dev_zxing_result r[DEV_ZXING_MAX_RESULTS];
  size_t n = decode_page(pdf, len, 100, r);
  bool tracking = false, sscc = false;
  for (size_t i = 0; i < n; i++) {
    tracking |= strcmp(r[i].text, "SF0000000012") == 0;
    sscc |= strcmp(r[i].text, "00106141410000000019") == 0 &&
            strcmp(r[i].symbology, "]C1") == 0;
    dev_zxing_result_clear(&r[i]);
  }
  assert_true(tracking);
  assert_true(sscc);
  /* At 200 dpi Debian's ZXing 1.4 aborts in its multi-symbol pass (an
   * assertion in Result::operator==); the isolated decoder survives it and
   * falls back to one symbol. */
  n = decode_page(pdf, len, 200, r);
  assert_true(n >= 1);
  for (size_t i = 0; i < n; i++)
    dev_zxing_result_clear(&r[i]);
  free(pdf);
  assert_non_null(strstr(text, "SF0000000012"));
  assert_non_null(strstr(text, "00106141410000000019"));
  assert_non_null(strstr(text, "王五"));
  assert_non_null(strstr(text, "顺丰速运"));
  assert_non_null(strstr(text, "1/2"));
  l.tracking_no = "";
  assert_false(dev_pdf_ship_label(&l, &pdf, &len, err, sizeof err));
}

/* The width and height in points of @a pdf's first page, by pdfinfo. */
static void
page_size(const unsigned char *pdf, size_t len, double *w, double *h)
{
  char path[] = "/tmp/depot-pdf-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, pdf, len), (ssize_t)len);
  close(fd);
  char cmd[128], line[256];
  snprintf(cmd, sizeof cmd, "pdfinfo %s", path);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  *w = *h = 0;
  while (fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, "Page size:", 10) == 0)
      assert_int_equal(sscanf(line + 10, "%lf x %lf", w, h), 2);
  assert_int_equal(pclose(f), 0);
  unlink(path);
}

static void
waybill_label_is_the_100_by_180_mm_page_of_the_zpl_layout(void **state)
{
  (void)state;
  struct dev_waybill_label l = {
      .carrier = "中通快递",
      .waybill_no = "ZT77000000001",
      .routing = "521-A3",
      .consolidation = "杭州中转部",
      .route_code = "R-0571",
      .to_name = "张*",
      .to_phone = "138****1234",
      .to_address = "上海市长宁区**路**号",
      .from_name = "杭州仓",
      .from_phone = "13800000000",
      .from_address = "浙江省杭州市余杭区仓前街道1号",
      .order = "6001",
      .carton = 2,
      .cartons = 3,
      .weight_g = 1250,
  };
  unsigned char *pdf;
  size_t len;
  char err[160];
  assert_true(dev_pdf_waybill_label(&l, &pdf, &len, err, sizeof err));
  double w, h;
  page_size(pdf, len, &w, &h);
  assert_true(w > 283 && w < 284);
  assert_true(h > 510 && h < 511);
  const char *text = text_of(pdf, len);
  assert_int_equal(count(text, "ZT77000000001"), 2);
  assert_non_null(strstr(text, "521-A3"));
  assert_non_null(strstr(text, "杭州中转部"));
  assert_non_null(strstr(text, "张*"));
  assert_non_null(strstr(text, "收"));
  assert_non_null(strstr(text, "寄"));
  assert_non_null(strstr(text, "13800000000"));
  assert_non_null(strstr(text, "2/3"));
  struct dev_zxing_result r[DEV_ZXING_MAX_RESULTS];
  size_t n = decode_page(pdf, len, 100, r);
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    found |= strcmp(r[i].text, "ZT77000000001") == 0;
    dev_zxing_result_clear(&r[i]);
  }
  assert_true(found);
  free(pdf);
  l.waybill_no = "ZT\n1";
  assert_false(dev_pdf_waybill_label(&l, &pdf, &len, err, sizeof err));
  l.waybill_no = NULL;
  assert_false(dev_pdf_waybill_label(&l, &pdf, &len, err, sizeof err));
}

static void
label_sheet_holds_twenty_four_bins_a_page(void **state)
{
  (void)state;
  const char *codes[30], *captions[30];
  char buf[30][16];
  for (int i = 0; i < 30; i++) {
    snprintf(buf[i], sizeof buf[i], "A-%02d-01", i + 1);
    codes[i] = buf[i];
    captions[i] = "ZZ1 拣货区";
  }
  unsigned char *pdf;
  size_t len;
  char err[160];
  assert_true(
      dev_pdf_label_sheet(codes, captions, 30, &pdf, &len, err, sizeof err));
  const char *text = text_of(pdf, len);
  free(pdf);
  assert_non_null(strstr(text, "A-01-01"));
  assert_non_null(strstr(text, "A-30-01"));
  assert_int_equal(count(text, "拣货区"), 30);
  assert_int_equal(count(text, "\f"), 2);
}

/* Office-printer labels decode back to what they carry. */
static void
single_labels_round_trip_through_zxing(void **state)
{
  (void)state;
  struct {
    struct dev_label l;
    const char *want, *aim;
  } cases[] = {
      {{DEV_LABEL_SKU, "6901234567892", "安化黑茶 茯砖 1kg", 1},
       "6901234567892",
       "]E0"},
      {{DEV_LABEL_SSCC, "106141410000000019", NULL, 2},
       "00106141410000000019",
       "]C1"},
      {{DEV_LABEL_BIN, "A-03-02-1", "ZZ1", 1}, "A-03-02-1", "]C0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned char *pdf;
    size_t len;
    char err[160];
    assert_true(dev_pdf_label(&cases[i].l, &pdf, &len, err, sizeof err));
    struct dev_zxing_result r[DEV_ZXING_MAX_RESULTS];
    size_t n = decode_page(pdf, len, 150, r);
    free(pdf);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].text, cases[i].want);
    assert_string_equal(r[0].symbology, cases[i].aim);
    dev_zxing_result_clear(&r[0]);
  }
  struct dev_label bad = {DEV_LABEL_SSCC, "106141410000000018", NULL, 1};
  unsigned char *pdf;
  size_t len;
  char err[160];
  assert_false(dev_pdf_label(&bad, &pdf, &len, err, sizeof err));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(chinese_table_reads_back_over_two_pages),
      cmocka_unit_test(shipping_label_carries_tracking_number_and_sscc),
      cmocka_unit_test(
          waybill_label_is_the_100_by_180_mm_page_of_the_zpl_layout),
      cmocka_unit_test(label_sheet_holds_twenty_four_bins_a_page),
      cmocka_unit_test(single_labels_round_trip_through_zxing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
