#ifndef DEV_ZXING_H
#define DEV_ZXING_H
/*
 * The only C++ in the tree: a C shim over ZXing-C++ 1.4 (Debian 12's
 * libzxing-dev) to encode barcodes to a module matrix and to decode every
 * barcode in a grayscale image. No C++ type crosses this header.
 */
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum dev_zxing_format {
  DEV_ZXING_CODE128,
  DEV_ZXING_EAN13,
  DEV_ZXING_QR,
  DEV_ZXING_DATAMATRIX,
  DEV_ZXING_GS1_128,        /* Code 128 with FNC1 first; GS = FNC1 */
  DEV_ZXING_GS1_DATAMATRIX, /* our writer (dev_datamatrix.h): ZXing 1.4's
                               has no FNC1 */
};

enum {
  DEV_ZXING_MAX_TEXT = 2048,     /* longest text to encode */
  DEV_ZXING_MAX_RESULTS = 16,    /* most barcodes reported per image */
  DEV_ZXING_MAX_SIDE = 10000,    /* widest/tallest image decoded */
  DEV_ZXING_MAX_PIXELS = 4 << 22 /* largest image decoded (16 Mpx) */
};

/* Modules of an encoded symbol, quiet zone included. */
struct dev_zxing_matrix {
  int width, height;   /* a linear code has height 1 */
  unsigned char *dark; /* width*height, row-major, 1 = dark; heap */
};

/* One decoded barcode. */
struct dev_zxing_result {
  char format[24];   /* ZXing's name: "Code128", "DataMatrix", … */
  char symbology[8]; /* AIM id such as "]C1" */
  char *text;        /* UTF-8 (GS kept as 0x1D); heap, NUL-terminated */
  size_t len;
};

/*
 * Parses a format name (code128, ean13, qr, datamatrix, gs1-128,
 * gs1-datamatrix) into @a out. Returns false for another name.
 */
bool dev_zxing_format_parse(const char *name, enum dev_zxing_format *out);

/* The name dev_zxing_format_parse accepts for @a f (static). */
const char *dev_zxing_format_name(enum dev_zxing_format f);

/*
 * Encodes @a text (in, UTF-8, NUL-terminated; for GS1-128 the element
 * string, GS marking FNC1) as @a f with a quiet zone of @a margin modules.
 * Fills @a out (out; release with dev_zxing_matrix_clear). Returns false
 * with the reason in @a err (out, @a errlen bytes).
 */
bool dev_zxing_encode(enum dev_zxing_format f, const char *text, int margin,
                      struct dev_zxing_matrix *out, char *err, size_t errlen);

/* Frees the modules of @a m (in,out) and zeroes it. */
void dev_zxing_matrix_clear(struct dev_zxing_matrix *m);

/*
 * Finds every barcode in the 8-bit grayscale image @a gray (in,
 * @a width x @a height, row-major). Fills up to DEV_ZXING_MAX_RESULTS of
 * @a out (out; release each with dev_zxing_result_clear) and sets @a n.
 * Returns false (reason in @a err) for a bad image or a ZXing failure.
 */
bool dev_zxing_decode(const unsigned char *gray, int width, int height,
                      struct dev_zxing_result *out, size_t *n, char *err,
                      size_t errlen);

/*
 * As dev_zxing_decode, stopping at the first symbol. Debian's ZXing 1.4 is
 * built with assertions, and its merging of duplicate linear results in
 * multi-symbol mode can abort the process (Result::operator== asserts
 * lineCount() == 1); single-symbol mode never merges. Callers outside
 * tests use dev_decode_image, which isolates both.
 */
bool dev_zxing_decode_one(const unsigned char *gray, int width, int height,
                          struct dev_zxing_result *out, size_t *n, char *err,
                          size_t errlen);

/* Frees the text of @a r (in,out). */
void dev_zxing_result_clear(struct dev_zxing_result *r);

#ifdef __cplusplus
}
#endif

#endif
