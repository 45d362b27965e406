#ifndef CHANNEL_H
#define CHANNEL_H
/*
 * Platform connectors (issue 27): the one interface every marketplace's
 * adapter implements. An adapter (channel_<platform>.c, the only file that
 * knows its platform's request signing, parameters, paging, response
 * shapes and error codes) turns the platform's orders into Depot's
 * normalized order document (the one web/web_order_input.c makes for
 * Shopify and WooCommerce) and tells the platform about shipped parcels.
 * The worker of `depot serve` (web/web_channels.c) drives adapters; it
 * knows no platform.
 *
 * Built: Taobao/Tmall (TOP), with its e-waybills through Cainiao
 * (channel_taobao_waybill.c), JD (JOS), Pinduoduo and Douyin (抖店), with
 * their own e-waybill services (channel_pdd_waybill.c,
 * channel_douyin_waybill.c, channel_jd_waybill.c), each with its stock
 * push (stock_push). Taobao and JD page through
 * channel_pull_pages; Pinduoduo reads 30-minute slices and Douyin 0-based
 * pages, each with its own loop.
 */
#include "core_ec.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct core_arena;

/* What an adapter needs to call its platform; all borrowed. */
struct channel_creds {
  const char *app_key;
  const char *app_secret;  /* opened from its seal */
  const char *session;     /* the seller's access token */
  const char *base_url;    /* the platform's router (a simulator in tests) */
  const char *sign_method; /* "md5" or "hmac" (TOP; JOS: md5 only) */
  int page_size;           /* orders per list page */
};

/* Why a call failed. */
struct channel_error {
  long http_status;  /* 0: no answer */
  char code[32];     /* the platform's code ("27"), or "" */
  char sub_code[96]; /* its sub code ("invalid-sessionkey"), or "" */
  char msg[256];     /* its message, or the transport's */
  bool auth;         /* the credentials are wrong or expired: re-authorise */
  bool final;        /* the platform refused the content: do not retry */
};

/*
 * Called for each order an adapter pulled, in the order pulled: @a doc
 * (borrowed) is the normalized order document, its "external_id" the
 * platform's order id. Returns false to stop the pull.
 */
typedef bool (*channel_order_cb)(void *cls, const json_t *doc);

/* A fresh access token from a refresh (strings in the caller's arena). */
struct channel_token {
  const char *access_token;
  const char *refresh_token; /* the new one, or NULL: the old one stays */
  long long expires_at;      /* epoch seconds; 0: unknown */
};

/* A shipped parcel of one platform order. */
struct channel_parcel {
  const char *order;          /* the platform's order id */
  const char *carrier;        /* Depot's carrier code, sent as the platform's */
  const char *waybill;        /* the tracking number */
  const char *const *sub_ids; /* the platform's line ids of a split parcel */
  const long long *sub_qty;   /* the units of each of sub_ids (or NULL) */
  size_t n_sub;               /* 0: the whole order */
  /* No other parcel of this order was taken by the platform yet: the
     platforms that ship a whole order with one waybill (Pinduoduo) ship it
     with this one, later ones go as extra waybills. Parcels of one order
     are sent one after another, oldest first. */
  bool first;
  long long id; /* Depot's write-back id: the platform's request id */
};

/* One listing's stock to set on the platform (issue 27 item 5). */
struct channel_stock {
  const char *platform_sku; /* Depot's key of the listing (商家编码) */
  const char *item_id;      /* the platform's item / goods / product id */
  const char *sku_id;       /* the platform's SKU id, or "" */
  long long qty;            /* the sellable quantity to set (full update) */
  bool pushed;              /* out: the platform took it */
};

struct channel_adapter {
  const char *channel; /* store.channel */
  /*
   * Pulls every order modified in [@a from, @a to] (seconds), page by
   * page in the order that misses none when orders change meanwhile,
   * calling @a cb for each. An order may come twice (the caller keeps the
   * first). CORE_EC_OK, or CORE_EC_CHANNEL_UPSTREAM with @a err filled.
   */
  enum core_ec (*pull)(const struct channel_creds *c, time_t from, time_t to,
                       channel_order_cb cb, void *cls, struct core_arena *arena,
                       struct channel_error *err);
  /* Tells the platform parcel @a p shipped (logistics send). */
  enum core_ec (*ship)(const struct channel_creds *c,
                       const struct channel_parcel *p, struct core_arena *arena,
                       struct channel_error *err);
  /*
   * Trades refresh token @a refresh_token for a new access token into
   * @a out (NULL when the platform has no refresh).
   */
  enum core_ec (*refresh)(const struct channel_creds *c,
                          const char *refresh_token, struct core_arena *arena,
                          struct channel_token *out, struct channel_error *err);
  /*
   * Issue 27 item 4 (e-waybills): runs Depot's waybill request @a req
   * ({"op":"get", cp_code, object_id, template_url, sender, service,
   * recipient, order_ids, items, weight_g} or {"op":"cancel", cp_code,
   * waybill_code, service}; service: the account's service-specific
   * fields, {} but for JD)
   * with the platform's waybill service; the answer ({waybill_code,
   * object_id, print_data} or {cancel_result}) into @a out (new
   * reference). NULL: the platform has no waybill service built.
   */
  enum core_ec (*waybill)(const struct channel_creds *c, const json_t *req,
                          struct core_arena *arena, json_t **out,
                          struct channel_error *err);
  /*
   * Issue 27 item 5: sets the sellable stock of @a n listings @a rows (in,
   * out: each row's pushed and error) to their qty, batched within the
   * platform's limit per call. CORE_EC_OK when every row was taken, else
   * CORE_EC_CHANNEL_UPSTREAM with @a err (the first failure) filled.
   */
  enum core_ec (*stock_push)(const struct channel_creds *c,
                             struct channel_stock *rows, size_t n,
                             struct core_arena *arena,
                             struct channel_error *err);
};

/*
 * One page of a platform's order list: page @a page (1-based) of @a size
 * orders; @a probe asks only for a count (the cheapest fields). Fills
 * @a root (the answer, the caller decrefs it whatever the result),
 * @a items (borrowed from it; NULL: none) and @a total (orders in the
 * window).
 */
typedef enum core_ec (*channel_page_fn)(const struct channel_creds *c,
                                        const char *from, const char *to,
                                        int page, int size, bool probe,
                                        struct core_arena *arena, json_t **root,
                                        const json_t **items, long long *total,
                                        struct channel_error *err);

/* The normalized document of one listed order (new reference), or NULL
 * for one Depot does not take. */
typedef json_t *(*channel_doc_fn)(const json_t *item, struct core_arena *arena);

/*
 * The pull every platform's list needs: a one-order probe counts the
 * orders modified in [@a from, @a to] (the platform's time text), then the
 * pages are read last first — the list is newest first, so an order
 * modified meanwhile moves to page 1, still to come, and none is missed —
 * at most 1,000 pages of @a size, each order through @a doc to @a cb.
 */
enum core_ec channel_pull_pages(const struct channel_creds *c, const char *from,
                                const char *to, int size, channel_page_fn page,
                                channel_doc_fn doc, channel_order_cb cb,
                                void *cls, struct core_arena *arena,
                                struct channel_error *err);

/* The adapter of store channel @a channel, or NULL when none is built. */
const struct channel_adapter *channel_find(const char *channel);

/*
 * POSTs form @a form (in, "k=v&..." already encoded) to @a url with a
 * @a timeout_s limit; the answer's status into @a status and its body
 * (at most 4 MiB, NUL-terminated, in @a arena) into @a body. Returns
 * false with @a err's transport message when nothing came back.
 */
bool channel_http_post(const char *url, const char *form, long timeout_s,
                       struct core_arena *arena, long *status,
                       const char **body, struct channel_error *err);

/* As channel_http_post, but a GET of @a url (its query already encoded). */
bool channel_http_get(const char *url, long timeout_s, struct core_arena *arena,
                      long *status, const char **body,
                      struct channel_error *err);

/* @a s form-encoded (RFC 3986 unreserved kept) into @a arena. */
const char *channel_form_escape(const char *s, struct core_arena *arena);

#endif
