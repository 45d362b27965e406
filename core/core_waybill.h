#ifndef CORE_WAYBILL_H
#define CORE_WAYBILL_H
/*
 * Electronic waybills (电子面单, issue 27 item 4): a marketplace store's
 * e-waybill account per carrier, the record of each carton's waybill
 * around the carton close's call to the platform's waybill service, and
 * the queue of waybills to cancel when a packed parcel is cancelled. The
 * calls themselves go through channels/ (web/web_waybill.c); no
 * transaction here is open while they run.
 */
#include "core_channel.h"
#include "core_ec.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Registers the statements below (at startup). */
void core_waybill_register(void);

/* Store @a store's e-waybill accounts into @a out (unknown_store). */
enum core_ec core_waybill_accounts_get(const char *store,
                                       struct core_arena *arena,
                                       struct core_outcome *out);

/*
 * Saves one account of store @a store from @a doc (in, JSON text {carrier,
 * cp_code, template_url, sender, active}); the accounts' document into
 * @a out. Refusals: unknown_store, waybill_not_supported,
 * waybill_carrier_unknown, invalid_value, waybill_sender_invalid.
 */
enum core_ec core_waybill_account_save(const char *store, const char *doc,
                                       struct core_arena *arena,
                                       struct core_outcome *out);

/*
 * What a close of carton @a carton (weighed @a weight_g, with @a override
 * and @a key as the close gets them; may be NULL) must ask the waybill
 * service, recorded (state requested) in its own transaction. @a out's
 * doc is {"need": false} when the close goes on without one, else
 * {"need": true, "store_id", "state", "waybill_code", "request"}.
 * Refusal: channel_not_authorised.
 */
enum core_ec core_waybill_prepare(int64_t carton, int64_t weight_g,
                                  const char *override, const char *key,
                                  struct core_arena *arena,
                                  struct core_outcome *out);

/* Drops carton @a carton's waybill request that got no number. */
enum core_ec core_waybill_forget(int64_t carton);

/*
 * The platform credentials of store @a store_id into @a c (strings in
 * @a arena); CORE_EC_CHANNEL_NOT_AUTHORISED when it has none.
 */
enum core_ec core_waybill_creds(int64_t store_id, struct core_arena *arena,
                                struct core_channel_creds *c);

/* An issued waybill to cancel with the service, leased to this worker. */
struct core_waybill_cancel {
  int64_t carton;
  int attempts;
  const char *cp_code, *waybill_code;
  const char *service; /* the account's service object (JSON text) */
  struct core_channel_creds creds;
};

/*
 * Leases at most @a max due cancels (moved a minute on meanwhile) into
 * @a out (@a n of them, in @a arena).
 */
enum core_ec core_waybill_cancel_lease(unsigned max, struct core_arena *arena,
                                       struct core_waybill_cancel **out,
                                       unsigned *n);

/*
 * Records the cancel attempt of carton @a carton's waybill: @a ok, or
 * failed with @a error (in) for good when @a final.
 */
enum core_ec core_waybill_cancel_done(int64_t carton, bool ok, bool final,
                                      const char *error);

#endif
