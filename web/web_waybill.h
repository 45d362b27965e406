#ifndef WEB_WAYBILL_H
#define WEB_WAYBILL_H
/*
 * Electronic waybills (电子面单, issue 27 item 4) around the carton close
 * and the parcel cancel: the only place that calls a platform's waybill
 * service (through channels/), never inside a database transaction.
 *
 * At close, for a carrier with an e-waybill account on the order's store:
 *  1. core_waybill_prepare records the request (object_id
 *     "depot-carton-<id>") and commits;
 *  2. the service is asked (no transaction open);
 *  3. the number is stored with the close, in the close's transaction.
 * A service that refuses or does not answer refuses the close with
 * waybill_refused / waybill_unavailable and the request record is
 * dropped: the carton stays open and no row changed, and the packer
 * closes it again. Why refuse rather than close and wait: a parcel must
 * not leave the station without the carrier's label, and a closed carton
 * waiting for a number would need a second trip to the station to print
 * it; the object_id makes the retry safe (the service answers the same
 * number), so nothing is lost by asking again. A retried close with the
 * same idempotency key replays without asking; after a crash between 2
 * and 3 the retry asks again with the same object_id.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "wms_pack.h"

#include <stdint.h>

struct core_arena;

/*
 * Before closing carton @a carton with @a r (in,out): when its carrier
 * has an e-waybill account on the order's store, asks the service and sets
 * @a r's waybill_code, waybill_print and waybill_sender (held by
 * @a arena). CORE_EC_OK (also when no waybill is needed: @a r unchanged),
 * or the refusal with @a out filled: channel_not_authorised,
 * waybill_refused, waybill_unavailable.
 */
enum core_ec web_waybill_obtain(int64_t carton, struct wms_carton_close_req *r,
                                struct core_arena *arena,
                                struct core_outcome *out);

/*
 * Sends one batch of due waybill cancels (parcels cancelled after
 * packing) to their services; returns how many it handled. Called by the
 * marketplace worker (web_channels.c).
 */
unsigned web_waybill_cancel_once(void);

#endif
