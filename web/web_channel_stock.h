#ifndef WEB_CHANNEL_STOCK_H
#define WEB_CHANNEL_STOCK_H
/*
 * Stock push to marketplace listings (issue 27 item 5), one step of the
 * marketplace worker (web/web_channels.c): leases due 'channel_stock'
 * outbox rows (core_channel_stock_lease), pushes each store's listings
 * through its connector's stock_push in one batched call (the adapter
 * splits it within the platform's limits) with no transaction open, and
 * records each row's answer (core_channel_stock_done).
 */

/* Pushes one lease of due rows; returns how many outbox rows it handled. */
unsigned web_channel_stock_once(void);

#endif
