#include "web_track_get.h"

#include "web_reply.h"
#include "wms_pack.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE_CAP = 8192 };

/* Labels of the page; the catalogs of the web UI do not reach here. */
struct words {
  const char *lang, *title, *status, *carrier, *tracking, *eta, *parcel, *more,
      *states[5];
};

static const struct words en = {
    "en",
    "Shipment tracking",
    "Status",
    "Carrier",
    "Tracking number",
    "Estimated delivery",
    "Parcel",
    "More parcels of this order are on their way to the carrier",
    {"packing", "packed", "shipped", "delivered", "cancelled"}};
static const struct words zh = {
    "zh-CN",
    "物流跟踪",
    "状态",
    "承运商",
    "运单号",
    "预计送达",
    "包裹",
    "本订单还有包裹正在备货",
    {"打包中", "已打包", "已发货", "已签收", "已取消"}};

static const char *const state_names[] = {"packing", "packed", "shipped",
                                          "delivered", "cancelled"};

/* Appends @a s to @a out with HTML's five special characters escaped. */
static void
put_escaped(char *out, size_t cap, const char *s)
{
  size_t n = strlen(out);
  for (; s != NULL && *s != '\0' && n + 7 < cap; s++) {
    const char *e = NULL;
    switch (*s) {
      case '<':
        e = "&lt;";
        break;
      case '>':
        e = "&gt;";
        break;
      case '&':
        e = "&amp;";
        break;
      case '"':
        e = "&quot;";
        break;
      case '\'':
        e = "&#39;";
        break;
    }
    if (e != NULL) {
      memcpy(out + n, e, strlen(e));
      n += strlen(e);
    } else {
      out[n++] = *s;
    }
  }
  out[n] = '\0';
}

static void
put_row(char *page, const char *label, const char *value)
{
  strncat(page, "<dt>", PAGE_CAP - strlen(page) - 1);
  put_escaped(page, PAGE_CAP, label);
  strncat(page, "</dt><dd>", PAGE_CAP - strlen(page) - 1);
  put_escaped(page, PAGE_CAP, value != NULL ? value : "-");
  strncat(page, "</dd>", PAGE_CAP - strlen(page) - 1);
}

static const char *
state_word(const struct words *w, const char *state)
{
  for (int i = 0; i < 5; i++)
    if (state != NULL && strcmp(state, state_names[i]) == 0)
      return w->states[i];
  return state;
}

/* One parcel's rows: status, carrier, tracking numbers, estimate. */
static void
put_parcel(char *page, const struct words *w, const json_t *p)
{
  strncat(page, "<dl>", PAGE_CAP - strlen(page) - 1);
  put_row(page, w->status,
          state_word(w, json_string_value(json_object_get(p, "state"))));
  put_row(page, w->carrier, json_string_value(json_object_get(p, "carrier")));
  size_t i;
  const json_t *t;
  json_array_foreach(json_object_get(p, "tracking_numbers"), i, t)
      put_row(page, w->tracking, json_string_value(t));
  put_row(page, w->eta, json_string_value(json_object_get(p, "eta")));
  strncat(page, "</dl>", PAGE_CAP - strlen(page) - 1);
}

/*
 * The page for @a facts (the tracking document): every parcel of the
 * order (a split order ships one per warehouse), numbered when there are
 * several, and a note while more are to come.
 */
static char *
render(const struct words *w, const json_t *facts)
{
  char *page = calloc(1, PAGE_CAP);
  if (page == NULL)
    return NULL;
  snprintf(page, PAGE_CAP,
           "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width\">"
           "<meta name=\"robots\" content=\"noindex\"><title>",
           w->lang);
  put_escaped(page, PAGE_CAP, w->title);
  strncat(page, "</title></head><body><h1>", PAGE_CAP - strlen(page) - 1);
  put_escaped(page, PAGE_CAP, w->title);
  strncat(page, "</h1>", PAGE_CAP - strlen(page) - 1);
  const json_t *parcels = json_object_get(facts, "parcels");
  size_t n = json_array_size(parcels);
  if (n <= 1)
    put_parcel(page, w, facts);
  for (size_t i = 0; n > 1 && i < n; i++) {
    char h[64];
    snprintf(h, sizeof h, "%s %zu / %zu", w->parcel, i + 1, n);
    strncat(page, "<h2>", PAGE_CAP - strlen(page) - 1);
    put_escaped(page, PAGE_CAP, h);
    strncat(page, "</h2>", PAGE_CAP - strlen(page) - 1);
    put_parcel(page, w, json_array_get(parcels, i));
  }
  if (json_is_true(json_object_get(facts, "more_to_come"))) {
    strncat(page, "<p>", PAGE_CAP - strlen(page) - 1);
    put_escaped(page, PAGE_CAP, w->more);
    strncat(page, "</p>", PAGE_CAP - strlen(page) - 1);
  }
  strncat(page, "</body></html>\n", PAGE_CAP - strlen(page) - 1);
  return page;
}

static bool
wants(struct web_request *req, const char *header, const char *what)
{
  const char *v =
      MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, header);
  return v != NULL && strstr(v, what) != NULL;
}

enum MHD_Result
web_track_get(struct web_request *req)
{
  const char *token = req->params[0];
  size_t n = strlen(token);
  if (n != 64 || strspn(token, "0123456789abcdef") != n)
    return web_reply_error(req, CORE_EC_NOT_FOUND, NULL, NULL);
  const char *doc;
  enum core_ec ec = wms_track_get(token, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  if (wants(req, MHD_HTTP_HEADER_ACCEPT, "application/json"))
    return web_reply_text_json(req, MHD_HTTP_OK, doc);
  json_t *facts = json_loads(doc, 0, NULL);
  char *page = render(
      wants(req, MHD_HTTP_HEADER_ACCEPT_LANGUAGE, "zh") ? &zh : &en, facts);
  json_decref(facts);
  if (page == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_reply_bytes(req, page, strlen(page), "text/html; charset=utf-8",
                         "no-store");
}
