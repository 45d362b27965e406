#ifndef DEV_DECODE_H
#define DEV_DECODE_H
/*
 * Decoding untrusted images (camera photos) without trusting the decoder:
 * ZXing runs in a child process with a time limit, so an assertion inside
 * the library (see dev_zxing_decode_one) or a pathological image costs one
 * request, never the server. When the multi-symbol pass dies, a
 * single-symbol pass runs, again in a child.
 */
#include "dev_zxing.h"

#include <stdbool.h>
#include <stddef.h>

enum { DEV_DECODE_TIMEOUT_MS = 10000 };

/*
 * Decodes every barcode in grayscale image @a gray (@a width x @a height)
 * into @a out (up to DEV_ZXING_MAX_RESULTS; release each with
 * dev_zxing_result_clear) and @a n. Returns false with the reason in
 * @a err for a bad image, a decoder that died twice or ran out of time.
 */
bool dev_decode_image(const unsigned char *gray, int width, int height,
                      struct dev_zxing_result *out, size_t *n, char *err,
                      size_t errlen);

#endif
