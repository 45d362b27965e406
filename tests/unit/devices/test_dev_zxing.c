/*
 * The ZXing shim, our GS1 DataMatrix writer and image I/O: every format
 * (GS1 DataMatrix in each of its sizes) survives encode ->
 * pixels -> decode, through PNG and JPEG files too; several symbols in
 * one image are all reported; oversized and malformed images are refused
 * before any pixel is decoded.
 */
#include "dev_image.h"
#include "dev_zxing.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include <cmocka.h>

static char tmpdir[64];

static void
path_of(char *out, size_t cap, const char *name)
{
  snprintf(out, cap, "%s/%s", tmpdir, name);
}

/* Encodes, renders at 3 px per module, decodes; returns the result count. */
static size_t
round_trip(enum dev_zxing_format f, const char *text,
           struct dev_zxing_result *res)
{
  struct dev_zxing_matrix m;
  char err[256];
  assert_true(dev_zxing_encode(f, text, f == DEV_ZXING_QR ? 4 : 10, &m, err,
                               sizeof err));
  unsigned char *px;
  int w, h;
  assert_true(dev_image_render(&m, 3, 40, &px, &w, &h));
  dev_zxing_matrix_clear(&m);
  size_t n;
  assert_true(dev_zxing_decode(px, w, h, res, &n, err, sizeof err));
  free(px);
  return n;
}

static void
every_writable_format_round_trips(void **state)
{
  static const struct {
    enum dev_zxing_format f;
    const char *text, *want, *format, *symbology;
  } cases[] = {
      {DEV_ZXING_CODE128, "DEPOT-123", "DEPOT-123", "Code128", "]C0"},
      {DEV_ZXING_EAN13, "7031234567017", "7031234567017", "EAN-13", "]E0"},
      {DEV_ZXING_QR, "https://id.gs1.org/01/07031234567017/10/L%201",
       "https://id.gs1.org/01/07031234567017/10/L%201", "QRCode", "]Q1"},
      /* Chinese in a QR code: UTF-8 bytes behind an ECI, read back as
         the same text. */
      {DEV_ZXING_QR,
       "\xe9\x86\xb4\xe9\x99\xb5\xe9\x87\x89\xe4\xb8\x8b\xe4\xba\x94"
       "\xe5\xbd\xa9",
       "\xe9\x86\xb4\xe9\x99\xb5\xe9\x87\x89\xe4\xb8\x8b\xe4\xba\x94\xe5\xbd"
       "\xa9",
       "QRCode", "]Q1"},
      {DEV_ZXING_QR, "BIN A-01 \xc3\xb1 \xe4\xbb\x93",
       "BIN A-01 \xc3\xb1 \xe4\xbb\x93", "QRCode", "]Q1"},
      {DEV_ZXING_DATAMATRIX, "A-03-02-1 \xc3\xb6", "A-03-02-1 \xc3\xb6",
       "DataMatrix", "]d1"},
      {DEV_ZXING_GS1_128,
       "0107031234567017"
       "10L1\x1d"
       "17271031",
       "0107031234567017"
       "10L1\x1d"
       "17271031",
       "Code128", "]C1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
    size_t n = round_trip(cases[i].f, cases[i].text, res);
    assert_int_equal(n, 1);
    assert_string_equal(res[0].text, cases[i].want);
    assert_string_equal(res[0].format, cases[i].format);
    assert_string_equal(res[0].symbology, cases[i].symbology);
    dev_zxing_result_clear(&res[0]);
  }
}

/* Our ECC 200 writer, read back by ZXing, in every symbol size it has. */
static void
gs1_datamatrix_round_trips_in_every_size(void **state)
{
  char text[400], err[256];
  int sizes_seen = 0, last_side = 0;
  for (int k = 1; k <= 172; k++) {
    int n = snprintf(text, sizeof text, "10");
    for (int i = 0; i < k; i++)
      text[n++] = (char)(i % 7 == 6 ? 0x1d : 'A' + i % 26);
    text[n] = '\0';
    if (text[n - 1] == 0x1d)
      continue;
    struct dev_zxing_matrix m;
    assert_true(dev_zxing_encode(DEV_ZXING_GS1_DATAMATRIX, text, 2, &m, err,
                                 sizeof err));
    if (m.width != last_side) {
      last_side = m.width;
      sizes_seen++;
    }
    unsigned char *px;
    int w, h;
    assert_true(dev_image_render(&m, 3, 1, &px, &w, &h));
    dev_zxing_matrix_clear(&m);
    struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
    size_t found;
    assert_true(dev_zxing_decode(px, w, h, res, &found, err, sizeof err));
    free(px);
    if (found != 1 || strcmp(res[0].text, text) != 0 ||
        strcmp(res[0].symbology, "]d2") != 0)
      fail_msg("k=%d: found %zu", k, found);
    dev_zxing_result_clear(&res[0]);
  }
  assert_int_equal(sizes_seen, 14);
  memset(text, '7', 360);
  text[360] = '\0';
  struct dev_zxing_matrix m;
  assert_false(
      dev_zxing_encode(DEV_ZXING_GS1_DATAMATRIX, text, 2, &m, err, sizeof err));
  assert_non_null(strstr(err, "too long"));
  assert_false(dev_zxing_encode(DEV_ZXING_EAN13, "70312345670AB", 10, &m, err,
                                sizeof err));
  assert_false(dev_zxing_encode(DEV_ZXING_QR, "", 2, &m, err, sizeof err));
}

static void
png_and_svg_files_are_written_and_png_read_back(void **state)
{
  struct dev_zxing_matrix m;
  char err[256], png[128], svg[128];
  path_of(png, sizeof png, "qr.png");
  path_of(svg, sizeof svg, "qr.svg");
  assert_true(
      dev_zxing_encode(DEV_ZXING_QR, "BIN-A-01", 4, &m, err, sizeof err));
  assert_true(dev_image_write_png(png, &m, 4, 1, err, sizeof err));
  assert_true(dev_image_write_svg(svg, &m, 4, 1, err, sizeof err));
  dev_zxing_matrix_clear(&m);
  unsigned char *px;
  int w, h;
  assert_true(dev_image_read(png, &px, &w, &h, err, sizeof err));
  struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
  size_t n;
  assert_true(dev_zxing_decode(px, w, h, res, &n, err, sizeof err));
  free(px);
  assert_int_equal(n, 1);
  assert_string_equal(res[0].text, "BIN-A-01");
  dev_zxing_result_clear(&res[0]);
  FILE *f = fopen(svg, "r");
  char head[64] = {0};
  assert_non_null(fgets(head, sizeof head, f));
  fclose(f);
  assert_non_null(strstr(head, "<svg"));
}

/* Writes @a px as a grayscale JPEG at quality 90. */
static void
write_jpeg(const char *path, const unsigned char *px, int w, int h)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr e;
  c.err = jpeg_std_error(&e);
  jpeg_create_compress(&c);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  jpeg_stdio_dest(&c, f);
  c.image_width = (JDIMENSION)w;
  c.image_height = (JDIMENSION)h;
  c.input_components = 1;
  c.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 90, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = (JSAMPROW)px + (size_t)c.next_scanline * (size_t)w;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  fclose(f);
}

static void
two_symbols_in_one_jpeg_are_both_found(void **state)
{
  struct dev_zxing_matrix a, b;
  char err[256], jpg[128];
  assert_true(dev_zxing_encode(DEV_ZXING_QR, "LEFT", 4, &a, err, sizeof err));
  assert_true(
      dev_zxing_encode(DEV_ZXING_DATAMATRIX, "RIGHT", 4, &b, err, sizeof err));
  unsigned char *pa, *pb;
  int wa, ha, wb, hb;
  assert_true(dev_image_render(&a, 4, 1, &pa, &wa, &ha));
  assert_true(dev_image_render(&b, 4, 1, &pb, &wb, &hb));
  int w = wa + wb + 40, h = ha > hb ? ha : hb;
  unsigned char *px = malloc((size_t)w * (size_t)h);
  memset(px, 255, (size_t)w * (size_t)h);
  for (int y = 0; y < ha; y++)
    memcpy(px + (size_t)y * w, pa + (size_t)y * wa, (size_t)wa);
  for (int y = 0; y < hb; y++)
    memcpy(px + (size_t)y * w + wa + 40, pb + (size_t)y * wb, (size_t)wb);
  path_of(jpg, sizeof jpg, "two.jpg");
  write_jpeg(jpg, px, w, h);
  free(px);
  free(pa);
  free(pb);
  dev_zxing_matrix_clear(&a);
  dev_zxing_matrix_clear(&b);
  unsigned char *gray;
  assert_true(dev_image_read(jpg, &gray, &w, &h, err, sizeof err));
  struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
  size_t n;
  assert_true(dev_zxing_decode(gray, w, h, res, &n, err, sizeof err));
  free(gray);
  assert_int_equal(n, 2);
  bool left = false, right = false;
  for (size_t i = 0; i < n; i++) {
    left = left || strcmp(res[i].text, "LEFT") == 0;
    right = right || strcmp(res[i].text, "RIGHT") == 0;
    dev_zxing_result_clear(&res[i]);
  }
  assert_true(left && right);
}

static void
oversized_and_malformed_images_are_refused(void **state)
{
  char err[256], path[128];
  unsigned char *gray = NULL;
  int w, h;
  static unsigned char row[20000];
  memset(row, 255, sizeof row);
  path_of(path, sizeof path, "wide.png");
  png_image img = {.version = PNG_IMAGE_VERSION,
                   .width = 20000,
                   .height = 1,
                   .format = PNG_FORMAT_GRAY};
  assert_true(png_image_write_to_file(&img, path, 0, row, 0, NULL));
  assert_false(dev_image_read(path, &gray, &w, &h, err, sizeof err));
  assert_non_null(strstr(err, "too large"));
  assert_null(gray);
  path_of(path, sizeof path, "tall.jpg");
  write_jpeg(path, row, 1, 20000);
  assert_false(dev_image_read(path, &gray, &w, &h, err, sizeof err));
  assert_non_null(strstr(err, "too large"));
  path_of(path, sizeof path, "junk.png");
  FILE *f = fopen(path, "wb");
  fwrite("\x89PNG\r\n\x1a\nrubbish", 1, 15, f);
  fclose(f);
  assert_false(dev_image_read(path, &gray, &w, &h, err, sizeof err));
  path_of(path, sizeof path, "text.txt");
  f = fopen(path, "wb");
  fwrite("hello", 1, 5, f);
  fclose(f);
  assert_false(dev_image_read(path, &gray, &w, &h, err, sizeof err));
  assert_non_null(strstr(err, "neither"));
  path_of(path, sizeof path, "cut.jpg");
  f = fopen(path, "wb");
  fwrite("\xff\xd8\xff\xe0\x00\x10JFIF", 1, 10, f);
  fclose(f);
  assert_false(dev_image_read(path, &gray, &w, &h, err, sizeof err));
  struct dev_zxing_result res[DEV_ZXING_MAX_RESULTS];
  size_t n;
  assert_false(dev_zxing_decode(row, 20000, 1, res, &n, err, sizeof err));
}

int
main(void)
{
  snprintf(tmpdir, sizeof tmpdir, "/tmp/depot-zxing-XXXXXX");
  assert_non_null(mkdtemp(tmpdir));
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_writable_format_round_trips),
      cmocka_unit_test(gs1_datamatrix_round_trips_in_every_size),
      cmocka_unit_test(png_and_svg_files_are_written_and_png_read_back),
      cmocka_unit_test(two_symbols_in_one_jpeg_are_both_found),
      cmocka_unit_test(oversized_and_malformed_images_are_refused),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0)
    rc = 1;
  return rc;
}
