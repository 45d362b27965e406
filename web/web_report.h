#ifndef WEB_REPORT_H
#define WEB_REPORT_H
/*
 * The common part of every GET /api/v1/reports/... route: reads and
 * checks the filters the route accepts into one JSON object for the
 * report's SQL function (core_report.h), limits a warehouse-limited
 * caller to their warehouses, and answers the JSON document or, with
 * format=csv|xlsx, the whole report as a file written in constant memory
 * (web_report_file.h) and then sent.
 */
#include "web_request.h"

#include <jansson.h>
#include <stdbool.h>

/* What one report's route accepts. */
struct web_report_spec {
  const char *report;        /* core_report name */
  bool range;                /* from, to: dates (YYYY-MM-DD) */
  bool at;                   /* at: a date */
  const char *const *groups; /* values of group, NULL-ended; NULL: none */
  const char *const *bys;    /* values of by, NULL-ended; NULL: none */
  const char *const *texts;  /* filters passed as they are (sku, ...) */
  bool buckets;              /* buckets: up to 4 rising day counts */
  bool days;                 /* days: a day count, 1-3650 */
  bool monthly;              /* no group means month (else day): a range
                                of over a year needs no group=month */
  bool supplier;             /* a supplier key sees its supplier only */
  const char *param;         /* filter the first path parameter goes into */
};

/*
 * Answers report @a spec's request @a req: 400 bad_query_param naming the
 * field for a bad filter, else 200 with the document or the file.
 */
enum MHD_Result web_report_reply(struct web_request *req,
                                 const struct web_report_spec *spec);

/*
 * Whether @a s is a calendar date written YYYY-MM-DD (year 1900-9999).
 */
bool web_report_date_ok(const char *s);

/* The value of filter @a name in the caller's input, or NULL. */
typedef const char *(*web_report_get_fn)(void *cls, const char *name);

/*
 * Reads and checks the filters of @a spec (in) through @a get into @a f
 * (in,out, a JSON object): dates, choices, the period, the plain filters
 * and warehouse (not checked against any caller: the HTTP side adds the
 * scope). On a bad one returns false with @a field (out, static) and the
 * reason in @a msg (@a len bytes).
 */
bool web_report_filters(const struct web_report_spec *spec,
                        web_report_get_fn get, void *cls, json_t *f,
                        const char **field, char *msg, size_t len);

/* The spec of report @a name (a core_report name), or NULL. */
const struct web_report_spec *web_report_spec_find(const char *name);

/*
 * The core_report name that answers the route (or `depot report`) of
 * report @a name with the caller's @a by and @a at (each NULL when not
 * given): some groupings are reports of their own with other columns
 * (inventory by bin or owner, sales by customer segment), and inventory by
 * bin today reads bin by bin in report order (rpt_inventory_bins_now).
 */
const char *web_report_variant(const char *name, const char *by,
                               const char *at);

#endif
