#ifndef DEV_GS1_DL_H
#define DEV_GS1_DL_H
/*
 * GS1 Digital Link URIs (GS1 Digital Link standard 1.2): an optional
 * path stem, a primary key AI and its value, key qualifiers in their
 * defined order, then data attributes as query parameters (numeric keys
 * only; other parameters such as linkType are ignored). Percent-encoding
 * is decoded; a GTIN of 8, 12 or 13 digits is padded to 14.
 */
#include "dev_gs1.h"

/*
 * Splits the URI at @a in + @a start (in; @a len bytes in all) into
 * @a out's elements (out: ai, value, offset and spec set, values not yet
 * checked). Returns DEV_GS1_DL_INVALID for a malformed URI, UNKNOWN_AI,
 * BAD_LENGTH or EMPTY_VALUE for bad pairs; fills @a err (may be NULL).
 */
enum dev_gs1_ec dev_gs1_dl_split(const char *in, size_t len, size_t start,
                                 struct dev_gs1_result *out,
                                 struct dev_gs1_error *err);

#endif
