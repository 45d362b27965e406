#ifndef WEB_BILLING_H
#define WEB_BILLING_H
/*
 * Shared by the billing handlers (web/handlers/web_owner_billing_*,
 * web_owner_statement*, web_order_services_*): the run of a billing write
 * with its reply, and a statement laid out as a table for its PDF, CSV and
 * XLSX downloads in the language asked (?lang=zh-CN, the default, or en).
 */
#include "core_billing.h"
#include "web_request.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Runs billing write @a op (core_billing_run) on @a key and @a id with
 * request @a doc (taken: freed here) as the caller; replies with
 * @a created for a first result, 200 for a replay, or the refusal.
 */
enum MHD_Result web_billing_run(struct web_request *req,
                                enum core_billing_op op, const char *key,
                                int64_t id, json_t *doc, unsigned created);

/* A statement as a table: strings in the request's arena. */
struct web_billing_table {
  bool en;             /* the language: English, else zh-CN */
  const char *title;   /* "对账单 BS-HUAXIN-202611" */
  const char *file;    /* download name without extension */
  const char *meta[4]; /* owner, month, currency, total lines */
  size_t nmeta;
  const char *head[6];  /* column titles */
  const char **cells;   /* nrows x 6, row-major; the last row: total */
  const char **numbers; /* per cell: non-NULL when it is a number */
  size_t nrows;
};

/*
 * Reads statement {id} of owner {code} (the path's) and lays it out in
 * @a t (out). On failure (bad id, no such statement, bad ?lang) queues
 * the reply, sets @a ret and returns false.
 */
bool web_billing_table_or_reply(struct web_request *req,
                                struct web_billing_table *t,
                                enum MHD_Result *ret);

/* Replies @a len bytes @a data (taken, malloc'd) as a download named
 * @a t's file plus @a ext, of type @a mime. */
enum MHD_Result web_billing_download(struct web_request *req,
                                     const struct web_billing_table *t,
                                     const char *ext, const char *mime,
                                     void *data, size_t len);

#endif
