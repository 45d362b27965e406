#ifndef DEV_DATAMATRIX_H
#define DEV_DATAMATRIX_H
/*
 * A minimal Data Matrix ECC 200 writer for GS1 DataMatrix, which ZXing 1.4
 * cannot write (its encoder has no FNC1): ASCII encodation only, FNC1 in
 * first position, square symbols 10x10 to 48x48 (one Reed-Solomon block),
 * following ISO/IEC 16022 (codewords, 253-state padding, Reed-Solomon over
 * GF(256)/0x12D, Annex F module placement).
 */
#include "dev_zxing.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Encodes the GS1 element string @a data (in, NUL-terminated; GS = FNC1
 * separator; bytes 0x01..0xFF) with a quiet zone of @a margin modules
 * into @a out (out; release with dev_zxing_matrix_clear). Returns false
 * with the reason in @a err (out, @a errlen bytes), e.g. when too long.
 */
bool dev_datamatrix_encode_gs1(const char *data, int margin,
                               struct dev_zxing_matrix *out, char *err,
                               size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
