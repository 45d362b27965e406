#ifndef WEB_ADMIN_ARCHIVE_POST_H
#define WEB_ADMIN_ARCHIVE_POST_H
#include "web_request.h"

/*
 * POST /api/v1/admin/archive (admin, office lane): what `depot archive
 * --before` does, from the History archive screen. Body {"before":
 * "YYYY-MM", "idempotency_key"}: every month wholly before it of every
 * partitioned table is written as CSV to the server's archive directory
 * (DEPOT_ARCHIVE_DIR) and dropped (stock moves kept as opening balances).
 * Answers 200 {"before", "dir", "archived": months, "months": [{table,
 * month, rows, file}], "replayed"}; the same key answers the first answer
 * again (replayed true). Refusals: archive_month_invalid and
 * archive_month_open (field before), archive_in_progress,
 * idempotency_conflict; archive_write_failed leaves the month detached for
 * the next run.
 */
enum MHD_Result web_admin_archive_post(struct web_request *req);

#endif
