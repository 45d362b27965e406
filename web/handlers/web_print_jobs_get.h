#ifndef WEB_PRINT_JOBS_GET_H
#define WEB_PRINT_JOBS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/print-jobs?station=&warehouse=&state=&limit=&cursor=: the
 * print queue newest first, each job with its state (queued, printed,
 * failed), attempts and last error. A caller limited to some warehouses
 * sees only their jobs.
 */
enum MHD_Result web_print_jobs_get(struct web_request *req);

#endif
