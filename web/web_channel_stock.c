#include "web_channel_stock.h"

#include "channel.h"
#include "core_arena.h"
#include "core_channel_stock.h"
#include "core_log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Outbox rows per lease: a store's SKUs together make the platform's
 * batches (Taobao: twenty SKUs of an item per call). */
enum { STOCK_BATCH = 20 };

/* Why @a e failed, as one line into @a out. */
static void
describe(const struct channel_error *e, char *out, size_t len)
{
  if (e->code[0] != '\0')
    snprintf(out, len, "%.31s%s%.95s: %.160s", e->code,
             e->sub_code[0] != '\0' ? " " : "", e->sub_code, e->msg);
  else if (e->http_status > 0)
    snprintf(out, len, "HTTP %ld: %.200s", e->http_status, e->msg);
  else
    snprintf(out, len, "%.255s", e->msg);
}

/* Pushes batch @a b's listings into @a rows (@a n of them); @a why (out)
 * says why not all were taken. */
static void
push(const struct core_channel_stock_batch *b, struct channel_stock *rows,
     size_t n, struct core_arena *a, char *why, size_t len)
{
  const struct channel_adapter *ad = channel_find(b->creds.channel);
  struct channel_error e = {0};
  if (ad == NULL || ad->stock_push == NULL) {
    snprintf(why, len, "no stock push for channel %s", b->creds.channel);
  } else if (b->creds.secret == NULL || b->creds.token == NULL) {
    snprintf(why, len, "the credentials do not open");
  } else if (n > 0) {
    struct channel_creds c = {b->creds.app_key,     b->creds.secret,
                              b->creds.token,       b->creds.base_url,
                              b->creds.sign_method, b->creds.page_size};
    if (ad->stock_push(&c, rows, n, a, &e) != CORE_EC_OK)
      describe(&e, why, len);
  }
}

/* Records each outbox row of batch @a b: taken when all its listings were. */
static void
record(const struct core_channel_stock_batch *b,
       const struct channel_stock *rows, const size_t *listing, const char *why)
{
  for (size_t i = 0; i < b->n;) {
    int64_t id = b->rows[i].outbox_id;
    json_t *pushed = json_array();
    bool ok = true;
    for (; i < b->n && b->rows[i].outbox_id == id; i++) {
      if (b->rows[i].platform_sku == NULL)
        continue;
      const struct channel_stock *s = &rows[listing[i]];
      if (s->pushed)
        json_array_append_new(pushed, json_pack("{s:s, s:I}", "platform_sku",
                                                s->platform_sku, "qty",
                                                (json_int_t)s->qty));
      else
        ok = false;
    }
    char *text = json_dumps(pushed, JSON_COMPACT);
    if (!ok)
      CORE_WARN("stock push of store %s (outbox %lld) failed: %s", b->store,
                (long long)id, why);
    if (core_channel_stock_done(id, ok, text, ok ? "" : why) != CORE_EC_OK)
      CORE_WARN("could not record the stock push of outbox row %lld",
                (long long)id);
    free(text);
    json_decref(pushed);
  }
}

unsigned
web_channel_stock_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_channel_stock_batch *b = NULL;
  unsigned nb = 0, handled = 0;
  if (core_channel_stock_lease(STOCK_BATCH, a, &b, &nb) != CORE_EC_OK)
    nb = 0;
  for (unsigned k = 0; k < nb; k++) {
    struct channel_stock *rows =
        core_arena_alloc(a, sizeof *rows * (b[k].n + 1));
    size_t *listing = core_arena_alloc(a, sizeof *listing * (b[k].n + 1));
    size_t n = 0;
    for (size_t i = 0; i < b[k].n; i++) {
      const struct core_channel_stock_row *r = &b[k].rows[i];
      if (r->platform_sku == NULL)
        continue;
      listing[i] = n;
      rows[n++] = (struct channel_stock){
          r->platform_sku, r->item_id != NULL ? r->item_id : "",
          r->sku_id != NULL ? r->sku_id : "", (long long)r->qty, false};
    }
    char why[300] = "";
    push(&b[k], rows, n, a, why, sizeof why);
    record(&b[k], rows, listing, why);
    handled += (unsigned)b[k].n;
  }
  core_arena_free(a);
  return handled;
}
