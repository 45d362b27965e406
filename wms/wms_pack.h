#ifndef WMS_PACK_H
#define WMS_PACK_H
/*
 * Packing, shipping and tracking. A packer scans the order's tote to open
 * its shipment, opens cartons (each gets an SSCC), verifies every unit by
 * scan and closes each carton on the scale: off the expected weight it is
 * refused (a lead may override with a reason). Closing assigns a tracking
 * number and makes the shipping label, printed at the station with the
 * packing slip after the last carton. Shipping
 * moves the units from the totes to the customer and tells the store.
 */
#include "core_ec.h"
#include "core_stock.h"
#include "core_proc.h"
#include "wms_wave.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_arena;

/*
 * Opens (or returns, replayed) the shipment of the order named by tote
 * or order code @a code in @a wh (NULL: any), at station @a station (may
 * be NULL). Refusals: not_found, unknown_station, order_not_picked.
 */
enum core_ec wms_pack_open(const char *wh, const char *code,
                           const char *station, struct core_arena *arena,
                           struct core_outcome *out);

/* A new carton of type @a type for shipment @a ship. */
enum core_ec wms_carton_open(int64_t ship, const char *type,
                             const char *idempotency_key,
                             struct core_arena *arena,
                             struct core_outcome *out);

/* One item scanned into carton @a carton: wrong_item, extra_item, … */
enum core_ec wms_carton_scan(int64_t carton, const struct wms_scan *s,
                             struct core_arena *arena,
                             struct core_outcome *out);

/*
 * @a s->qty units (default one pack) of the item @a s->code taken back out
 * of open carton @a carton (in), to move them into another carton: the
 * shipment's doc in @a out (strings in @a arena), or wrong_item when the
 * carton does not hold the item, out_of_range when it holds fewer,
 * carton_closed. A carton left empty is removed.
 */
enum core_ec wms_carton_unscan(int64_t carton, const struct wms_scan *s,
                               struct core_arena *arena,
                               struct core_outcome *out);

struct wms_carton_close_req {
  int64_t weight_g;
  const char *override_reason; /* a lead's reason to accept the weight */
  const char *idempotency_key;
  /* The e-waybill the platform's waybill service gave for this carton
     (web/web_waybill.c), or NULL: Depot's own tracking range. */
  const char *waybill_code;
  const json_t *waybill_print;  /* its print data, borrowed */
  const json_t *waybill_sender; /* the account's sender, borrowed */
};

/* Where the label went, for the packer's screen. */
struct wms_print_result {
  bool attempted; /* the station has a printer: a job was queued */
  int64_t job;    /* that print job (see wms_print.h), or 0 */
};

/*
 * Closes carton @a carton. A weight off the tolerance is refused with
 * weight_mismatch and recorded on the exceptions desk. On success the
 * carton's ZPL label is stored and, when the shipment's station has a
 * printer, queued for it in the same transaction (with the packing slip
 * after the last carton) as a print job that the print worker sends
 * (@a printed names the job): the close never waits on a printer.
 */
enum core_ec
wms_carton_close(int64_t carton, const struct wms_carton_close_req *r,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out, struct wms_print_result *printed);

/* The stored ZPL label of carton @a carton (not_found before closing). */
enum core_ec wms_carton_label(int64_t carton, struct core_arena *arena,
                              const char **zpl);

/*
 * The shipping label of closed carton @a carton as a 4 x 6 inch PDF for
 * office printers, into @a pdf (out, heap: free()) of @a len bytes; a
 * marketplace e-waybill carton's as the platform's 100 x 180 mm layout,
 * the same label its ZPL prints.
 * CORE_EC_NOT_FOUND before the carton is closed.
 */
enum core_ec wms_carton_label_pdf(int64_t carton, struct core_arena *arena,
                                  unsigned char **pdf, size_t *len);

/*
 * The packing slip of shipment @a ship as ZPL (@a zpl in @a arena), for a
 * reprint; CORE_EC_NOT_FOUND if there is no such shipment.
 */
enum core_ec wms_shipment_slip(int64_t ship, struct core_arena *arena,
                               const char **zpl);

/* Ships packed shipment @a ship: shipment_not_packed otherwise. */
enum core_ec wms_shipment_ship(int64_t ship, const char *idempotency_key,
                               const struct core_stock_actor *who,
                               struct core_arena *arena,
                               struct core_outcome *out);

/*
 * A scan at the dock: the SSCC or tracking number of any carton ships its
 * shipment, in warehouse @a wh (NULL: any). not_found, shipment_not_packed.
 */
enum core_ec wms_dock_scan(const char *wh, const char *sscc_or_tracking,
                           const char *idempotency_key,
                           const struct core_stock_actor *who,
                           struct core_arena *arena, struct core_outcome *out);

/* Marks shipped shipment @a ship delivered (replayed when it was). */
enum core_ec wms_shipment_delivered(int64_t ship,
                                    const struct core_stock_actor *who,
                                    struct core_arena *arena,
                                    struct core_outcome *out);

/* Shipment @a ship with its cartons and items. */
enum core_ec wms_shipment_get(int64_t ship, struct core_arena *arena,
                              struct core_outcome *out);

/*
 * The dock's list: shipments of warehouse @a wh (NULL: all) in state
 * @a state (NULL: any), of stock owner @a owner's orders (a 3PL client's;
 * 0: any owner's), newest first, with ids below @a before (0: from the
 * newest), at most @a limit, as a JSON array (in @a arena) in @a items:
 * orders, carrier, ETA, cartons with tracking numbers.
 */
enum core_ec wms_shipment_list(const char *wh, const char *state, int64_t owner,
                               int64_t before, int64_t limit,
                               struct core_arena *arena, const char **items);

/*
 * The public facts of the shipment with tracking token @a token (state,
 * carrier, tracking numbers, dates) into @a doc; CORE_EC_NOT_FOUND if none.
 */
enum core_ec wms_track_get(const char *token, struct core_arena *arena,
                           const char **doc);

void wms_pack_register(void);

#endif
