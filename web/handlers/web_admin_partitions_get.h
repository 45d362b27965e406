#ifndef WEB_ADMIN_PARTITIONS_GET_H
#define WEB_ADMIN_PARTITIONS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/admin/partitions (admin): the partitioned history for the
 * History archive screen. {"archive_dir": where POST /api/v1/admin/archive
 * writes, "tables": [per table of part_table: time_column,
 * distribution_key, current_month, months_ahead, default_rows,
 * default_bytes, partitions [{month, partition, rows, rows_exact, bytes}],
 * archived [{month, state, rows, file, detached_at, archived_at}]]}
 * (part_overview, sql/procs/part.sql).
 */
enum MHD_Result web_admin_partitions_get(struct web_request *req);

#endif
