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

#include <stdbool.h>

/* What one report's route accepts. */
struct web_report_spec {
  const char *report;        /* core_report name */
  bool range;                /* from, to: dates (YYYY-MM-DD) */
  bool at;                   /* at: a date */
  const char *const *groups; /* values of group, NULL-ended; NULL: none */
  const char *const *bys;    /* values of by, NULL-ended; NULL: none */
  const char *const *texts;  /* filters passed as they are (sku, ...) */
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

#endif
