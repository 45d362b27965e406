#ifndef WMS_LABELS_H
#define WMS_LABELS_H
/*
 * Bin labels for the planner's "print labels": the bins of a warehouse
 * (or one zone) in walking order, each with its caption (warehouse and
 * zone), as ZPL for a Zebra printer or as A4 PDF sheets.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stddef.h>

struct core_arena;

enum { WMS_LABELS_MAX = 5000 };

/*
 * Writes the labels of the bins of @a wh, zone @a zone (NULL: all), only
 * those of the comma list @a bins (NULL: all), at most @a max, into
 * @a out (heap, free()) of @a len bytes: ZPL when @a pdf is false, else
 * PDF. NOT_FOUND when no bin matches.
 */
enum core_ec wms_labels_bins(const char *wh, const char *zone, const char *bins,
                             size_t max, bool pdf, struct core_arena *arena,
                             unsigned char **out, size_t *len);

void wms_labels_register(void);

#endif
