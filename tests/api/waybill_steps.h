#ifndef WAYBILL_STEPS_H
#define WAYBILL_STEPS_H
/*
 * Steps shared by the e-waybill API tests (test_api_waybill for Cainiao,
 * test_api_waybill_pdd, _jd and _douyin for the platforms' own waybill
 * services): the station's printer and the way from a platform order to a
 * closed carton (the platform simulator itself is started and fed through
 * channel_steps.h). Each test keeps its own world (store, account,
 * simulator shapes); these only move it along. Warehouse W7, product MUG
 * (barcode MUG-BC), totes T001…, carton type BOX.
 */
#include "api_harness.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct waybill_steps {
  struct api_server *srv;    /* the admin's session */
  struct api_server *picker; /* the picker's session */
  const char *store;         /* the store's code */
  unsigned sim_port;         /* the simulator's port */
  /* Puts platform order @a id (one MUG, to ship) into the simulator. */
  void (*trade)(long long id);
};

/* Creates warehouse W7 (MUG, 100 in P-01; totes T001…T030), carrier ZTO
   (own range DZ…), carton type BOX and station PACK1 printing to
   127.0.0.1:@a printer_port, as the admin @a srv. */
void waybill_world(struct api_server *srv, unsigned printer_port);

/* Listens for the station's printer on 127.0.0.1; its port. */
unsigned waybill_printer_start(void);

/* Whether the printer got a job holding @a text, waiting up to 10 s. */
bool waybill_printed_with(const char *text);

/* Takes platform order @a tid in, picks it and opens its one carton at
   PACK1 with the mug in it; the carton's id. */
int64_t waybill_carton_of(const struct waybill_steps *w, long long tid);

/* Closes carton @a cid with key @a key; its tracking number (static). */
const char *waybill_close_carton(const struct waybill_steps *w, int64_t cid,
                                 const char *key);

/* The simulator's count of gets of object id @a obj from its log member
   waybill_gets, and its number (waybills) into @a code if not NULL. */
long long waybill_sim_gets(const struct waybill_steps *w, const char *obj,
                           char *code, size_t len);

/* What a refused close must leave alone: a digest of the rows it would
   touch. */
void waybill_fingerprint(const struct waybill_steps *w, char *out, size_t len);

/*
 * The account form's refusals, each changing nothing: a store without the
 * service, an unknown store, an unknown carrier, a bad sender, a bad
 * template URL and a missing service code; then @a save (the test's own
 * account saver) with service code @a cp, whose account must read back
 * with @a cp and the sender's city 杭州市. @a good holds the cp_code and
 * template_url members of a good account, @a sender a good sender object.
 */
void waybill_account_form_refusals(const struct waybill_steps *w,
                                   const char *good, const char *sender,
                                   const char *cp,
                                   void (*save)(const char *cp, bool active));

/*
 * With the account of service code @a cp switched off (through @a save,
 * the test's own account saver), order 6003's carton closes on the
 * carrier's own range (DZ…) and the service is not asked for its object
 * (named by @a object from the order and carton); with it switched on
 * again, the close procedure refuses order 6004's carton without its
 * waybill (waybill_missing) and changes nothing.
 */
void waybill_own_range_without_account(
    const struct waybill_steps *w, const char *cp,
    void (*save)(const char *cp, bool active),
    void (*object)(long long tid, int64_t cid, char *out, size_t len));

/* How many waybill_cancel exceptions of W7 are in state @a st. */
size_t waybill_exceptions(const struct waybill_steps *w, const char *st);

#endif
