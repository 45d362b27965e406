#include "core_db_auth.h"

#include <stdio.h>

/*
 * Its own transaction (core_audit_append runs it alone): the CTE turns
 * off the wait for the WAL flush of that transaction only.
 */
const char core_db_insert_audit_sql[] =
    "WITH async AS (SELECT set_config('synchronous_commit', 'off', true))"
    " INSERT INTO audit_log (at, request_id, principal_kind, principal, role,"
    " method, route, target, status, outcome)"
    " SELECT coalesce($10::timestamptz, now()), $1, $2, $3, $4, $5, $6, $7,"
    " $8::int, $9 FROM async";

/*
 * The row of a change that commits, riding with the COMMIT of the
 * request's first transaction that wrote (core_audit_ride): inside that
 * transaction, so it shares its fate and its WAL flush; in a transaction
 * that wrote nothing it inserts nothing and waits for the next.
 */
const char core_db_insert_audit_ride_sql[] =
    "INSERT INTO audit_log (at, request_id, principal_kind, principal, role,"
    " method, route, target, status, outcome)"
    " SELECT clock_timestamp(), $1, $2, $3, $4, $5, $6, $7, $8::int, $9"
    " WHERE txid_current_if_assigned() IS NOT NULL";

enum core_qs
core_db_insert_audit(struct core_db_conn *c, const struct core_audit_row *row)
{
  char status[12];
  snprintf(status, sizeof status, "%u", row->status);
  const char *params[] = {row->request_id, row->principal_kind,
                          row->principal,  row->role,
                          row->method,     row->route,
                          row->target,     status,
                          row->outcome,    row->at};
  return core_db_query(c, "insert_audit", 10, params, NULL);
}
