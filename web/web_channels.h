#ifndef WEB_CHANNELS_H
#define WEB_CHANNELS_H
/*
 * The marketplace worker of `depot serve` (issue 27): one thread that
 * pulls each connected store's orders through its platform adapter
 * (channels/channel.h) and writes shipped parcels back. Any number of
 * servers may run one: a store's pull and a write-back are leased (FOR
 * UPDATE SKIP LOCKED, then a hold of ten minutes and one minute), so two
 * nodes never pull one store at once, and the cursor moves only after a
 * window's orders are all in.
 */
#include "core_ec.h"

/* Starts the worker thread. Returns CORE_EC_OK or CORE_EC_INTERNAL. */
enum core_ec web_channels_start(void);

/* Asks the worker to stop and waits for it (its current call finishes). */
void web_channels_stop(void);

#endif
