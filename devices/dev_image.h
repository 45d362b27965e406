#ifndef DEV_IMAGE_H
#define DEV_IMAGE_H
/*
 * Images for barcodes: reading PNG (libpng) and JPEG (libjpeg-turbo) into
 * 8-bit grayscale, refusing anything over DEV_ZXING_MAX_SIDE or
 * DEV_ZXING_MAX_PIXELS before the pixels are allocated; rendering an
 * encoded symbol to pixels, PNG or SVG.
 */
#include "dev_zxing.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads the PNG or JPEG file @a path (in; the kind is sniffed from its
 * first bytes) as grayscale into @a gray (out, heap, caller frees),
 * @a width and @a height (out). Returns false with the reason in @a err.
 */
bool dev_image_read(const char *path, unsigned char **gray, int *width,
                    int *height, char *err, size_t errlen);

/*
 * Renders @a m (in) with @a scale pixels per module; a linear symbol
 * (height 1) becomes @a bar_height modules tall. @a gray (out, heap,
 * caller frees), @a width, @a height (out). Returns false if too large.
 */
bool dev_image_render(const struct dev_zxing_matrix *m, int scale,
                      int bar_height, unsigned char **gray, int *width,
                      int *height);

/* Writes @a m (in) as a PNG file @a path; false with the reason in @a err. */
bool dev_image_write_png(const char *path, const struct dev_zxing_matrix *m,
                         int scale, int bar_height, char *err, size_t errlen);

/*
 * Writes @a m (in) as an SVG file @a path, one rectangle per run of dark
 * modules; false with the reason in @a err.
 */
bool dev_image_write_svg(const char *path, const struct dev_zxing_matrix *m,
                         int scale, int bar_height, char *err, size_t errlen);

/* As dev_image_read, from the @a len bytes at @a data (in). */
bool dev_image_read_mem(const void *data, size_t len, unsigned char **gray,
                        int *width, int *height, char *err, size_t errlen);

/* The PNG of @a m into @a out (out, heap, caller frees) and @a len. */
bool dev_image_png_mem(const struct dev_zxing_matrix *m, int scale,
                       int bar_height, unsigned char **out, size_t *len,
                       char *err, size_t errlen);

/* The SVG of @a m into @a out (out, heap text, caller frees) and @a len. */
bool dev_image_svg_mem(const struct dev_zxing_matrix *m, int scale,
                       int bar_height, char **out, size_t *len);

#endif
