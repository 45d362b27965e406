#ifndef WEB_STOCK_REPLY_H
#define WEB_STOCK_REPLY_H
/* Error replies for refused stock requests, naming field and figures. */
#include "core_stock.h"
#include "web_request.h"

/* Queues the error for @a ec with the field and detail of @a why (in). */
enum MHD_Result web_stock_reply_refusal(struct web_request *req,
                                        enum core_ec ec,
                                        const struct core_stock_refusal *why);

/* The actor of @a req for the ledger (user and request id). */
struct core_stock_actor web_stock_actor(const struct web_request *req);

#endif
