#include "dev_image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static bool
size_ok(long w, long h)
{
  return w > 0 && h > 0 && w <= DEV_ZXING_MAX_SIDE && h <= DEV_ZXING_MAX_SIDE &&
         w * h <= DEV_ZXING_MAX_PIXELS;
}

/* Reads a PNG from @a path, or from @a mem (@a len bytes) when path is NULL. */
static bool
read_png(const char *path, const void *mem, size_t len, unsigned char **gray,
         int *w, int *h, char *err, size_t errlen)
{
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  int begun = path != NULL ? png_image_begin_read_from_file(&img, path)
                           : png_image_begin_read_from_memory(&img, mem, len);
  if (path == NULL)
    path = "upload";
  if (!begun) {
    snprintf(err, errlen, "could not read PNG \"%s\": %s", path, img.message);
    return false;
  }
  if (!size_ok(img.width, img.height)) {
    snprintf(err, errlen,
             "image of %ux%u pixels is too large (at most %d "
             "per side, %d in all)",
             img.width, img.height, DEV_ZXING_MAX_SIDE, DEV_ZXING_MAX_PIXELS);
    png_image_free(&img);
    return false;
  }
  img.format = PNG_FORMAT_GRAY;
  unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
  if (px == NULL)
    abort();
  if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
    snprintf(err, errlen, "could not decode PNG \"%s\": %s", path, img.message);
    free(px);
    return false;
  }
  *gray = px;
  *w = (int)img.width;
  *h = (int)img.height;
  return true;
}

/* libjpeg reports fatal errors through this: jump back, never exit(). */
struct jpeg_fail {
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
};

static void
jpeg_fail_exit(j_common_ptr cinfo)
{
  longjmp(((struct jpeg_fail *)cinfo->err)->jump, 1);
}

/* Warnings (e.g. a truncated file) must not go to stderr of a server. */
static void
jpeg_quiet(j_common_ptr cinfo)
{
}

static bool
read_jpeg(FILE *f, const char *path, unsigned char **gray, int *w, int *h,
          char *err, size_t errlen)
{
  struct jpeg_decompress_struct cinfo;
  struct jpeg_fail jerr;
  unsigned char *volatile px = NULL;
  cinfo.err = jpeg_std_error(&jerr.mgr);
  jerr.mgr.error_exit = jpeg_fail_exit;
  jerr.mgr.output_message = jpeg_quiet;
  if (setjmp(jerr.jump) != 0) {
    char msg[JMSG_LENGTH_MAX];
    jerr.mgr.format_message((j_common_ptr)&cinfo, msg);
    snprintf(err, errlen, "could not decode JPEG \"%s\": %s", path, msg);
    jpeg_destroy_decompress(&cinfo);
    free(px);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, f);
  jpeg_read_header(&cinfo, TRUE);
  if (!size_ok(cinfo.image_width, cinfo.image_height)) {
    snprintf(err, errlen,
             "image of %ux%u pixels is too large (at most %d "
             "per side, %d in all)",
             cinfo.image_width, cinfo.image_height, DEV_ZXING_MAX_SIDE,
             DEV_ZXING_MAX_PIXELS);
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&cinfo);
  size_t stride = cinfo.output_width;
  px = malloc(stride * cinfo.output_height);
  if (px == NULL)
    abort();
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = px + stride * cinfo.output_scanline;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  *w = (int)cinfo.output_width;
  *h = (int)cinfo.output_height;
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  *gray = px;
  return true;
}

bool
dev_image_read(const char *path, unsigned char **gray, int *width, int *height,
               char *err, size_t errlen)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(err, errlen, "could not open \"%s\": %s", path, strerror(errno));
    return false;
  }
  unsigned char magic[8] = {0};
  size_t n = fread(magic, 1, sizeof magic, f);
  bool ok;
  if (n == 8 && png_sig_cmp(magic, 0, 8) == 0) {
    fclose(f);
    return read_png(path, NULL, 0, gray, width, height, err, errlen);
  }
  if (n >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff) {
    rewind(f);
    ok = read_jpeg(f, path, gray, width, height, err, errlen);
  } else {
    snprintf(err, errlen, "\"%s\" is neither PNG nor JPEG", path);
    ok = false;
  }
  fclose(f);
  return ok;
}

bool
dev_image_render(const struct dev_zxing_matrix *m, int scale, int bar_height,
                 unsigned char **gray, int *width, int *height)
{
  int rows = m->height == 1 ? bar_height : m->height;
  long w = (long)m->width * scale, h = (long)rows * scale;
  if (scale < 1 || rows < 1 || !size_ok(w, h))
    return false;
  unsigned char *px = malloc((size_t)(w * h));
  if (px == NULL)
    abort();
  for (long y = 0; y < h; y++) {
    long my = m->height == 1 ? 0 : y / scale;
    for (long x = 0; x < w; x++)
      px[y * w + x] = m->dark[my * m->width + x / scale] ? 0 : 255;
  }
  *gray = px;
  *width = (int)w;
  *height = (int)h;
  return true;
}

bool
dev_image_write_png(const char *path, const struct dev_zxing_matrix *m,
                    int scale, int bar_height, char *err, size_t errlen)
{
  unsigned char *px;
  int w, h;
  if (!dev_image_render(m, scale, bar_height, &px, &w, &h)) {
    snprintf(err, errlen, "the image would be too large");
    return false;
  }
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = (png_uint_32)w;
  img.height = (png_uint_32)h;
  img.format = PNG_FORMAT_GRAY;
  bool ok = png_image_write_to_file(&img, path, 0, px, 0, NULL) != 0;
  if (!ok)
    snprintf(err, errlen, "could not write PNG \"%s\": %s", path, img.message);
  free(px);
  return ok;
}

/* The SVG of @a m into @a f. */
static void
svg_to(FILE *f, const struct dev_zxing_matrix *m, int scale, int bar_height)
{
  int rows = m->height == 1 ? bar_height : m->height;
  fprintf(f,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
          "height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
          "\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
          m->width * scale, rows * scale, m->width, rows);
  for (int y = 0; y < m->height; y++) {
    const unsigned char *row = m->dark + (size_t)y * m->width;
    for (int x = 0; x < m->width;) {
      int run = 0;
      while (x + run < m->width && row[x + run])
        run++;
      if (run > 0)
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", x,
                y, run, m->height == 1 ? rows : 1);
      x += run > 0 ? run : 1;
    }
  }
  fprintf(f, "</svg>\n");
}

bool
dev_image_write_svg(const char *path, const struct dev_zxing_matrix *m,
                    int scale, int bar_height, char *err, size_t errlen)
{
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    snprintf(err, errlen, "could not write \"%s\": %s", path, strerror(errno));
    return false;
  }
  svg_to(f, m, scale, bar_height);
  bool ok = ferror(f) == 0;
  if (fclose(f) != 0 || !ok) {
    snprintf(err, errlen, "could not write \"%s\"", path);
    return false;
  }
  return true;
}

bool
dev_image_svg_mem(const struct dev_zxing_matrix *m, int scale, int bar_height,
                  char **out, size_t *len)
{
  FILE *f = open_memstream(out, len);
  if (f == NULL)
    return false;
  svg_to(f, m, scale, bar_height);
  return fclose(f) == 0;
}

bool
dev_image_png_mem(const struct dev_zxing_matrix *m, int scale, int bar_height,
                  unsigned char **out, size_t *len, char *err, size_t errlen)
{
  unsigned char *px;
  int w, h;
  if (!dev_image_render(m, scale, bar_height, &px, &w, &h)) {
    snprintf(err, errlen, "the image would be too large");
    return false;
  }
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = (png_uint_32)w;
  img.height = (png_uint_32)h;
  img.format = PNG_FORMAT_GRAY;
  /* First pass sizes the buffer, the second fills it. */
  png_alloc_size_t size = 0;
  bool ok = png_image_write_to_memory(&img, NULL, &size, 0, px, 0, NULL) != 0;
  unsigned char *buf = ok ? malloc(size) : NULL;
  ok = ok && buf != NULL &&
       png_image_write_to_memory(&img, buf, &size, 0, px, 0, NULL) != 0;
  free(px);
  if (!ok) {
    snprintf(err, errlen, "could not encode PNG: %s", img.message);
    free(buf);
    return false;
  }
  *out = buf;
  *len = size;
  return true;
}

bool
dev_image_read_mem(const void *data, size_t len, unsigned char **gray,
                   int *width, int *height, char *err, size_t errlen)
{
  const unsigned char *b = data;
  if (len >= 8 && png_sig_cmp((png_const_bytep)b, 0, 8) == 0)
    return read_png(NULL, data, len, gray, width, height, err, errlen);
  if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) {
    FILE *f = fmemopen((void *)data, len, "rb");
    if (f == NULL) {
      snprintf(err, errlen, "out of memory");
      return false;
    }
    bool ok = read_jpeg(f, "upload", gray, width, height, err, errlen);
    fclose(f);
    return ok;
  }
  snprintf(err, errlen, "the upload is neither PNG nor JPEG");
  return false;
}
