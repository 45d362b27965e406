#ifndef WMS_WAYBILL_LABEL_H
#define WMS_WAYBILL_LABEL_H
/*
 * The label of a carton whose tracking number is a marketplace e-waybill
 * (电子面单): the platforms' 100 x 180 mm layout as ZPL (or PDF), from the
 * waybill service's print data with Depot's own facts where a field is absent.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct core_arena;

/*
 * Writes the ZPL of the waybill label into @a zpl (@a cap bytes, length to
 * @a len) from @a facts (in: the close's "label" facts, ship_to revealed)
 * and @a print (in, may be NULL: the service's print document, {"data":
 * {waybillCode, routingInfo, recipient, sender}} or its members at the top)
 * and @a sender (in, may be NULL: the account's sender). The recipient
 * prints as the platform gave it (masked). False with @a err on failure.
 */
bool wms_waybill_label_zpl(const json_t *facts, const json_t *print,
                           const json_t *sender, char *zpl, size_t cap,
                           size_t *len, char *err, size_t errlen,
                           struct core_arena *arena);

/*
 * The same label as a 100 x 180 mm PDF page (dev_pdf_waybill_label) into
 * @a pdf (out, heap: free()) of @a len bytes, for office and PDF
 * printers; arguments as wms_waybill_label_zpl.
 */
bool wms_waybill_label_pdf(const json_t *facts, const json_t *print,
                           const json_t *sender, unsigned char **pdf,
                           size_t *len, char *err, size_t errlen,
                           struct core_arena *arena);

#endif
