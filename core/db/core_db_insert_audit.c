#include "core_db_auth.h"

#include <stdio.h>

const char core_db_insert_audit_sql[] =
    "INSERT INTO audit_log (request_id, principal_kind, principal, role,"
    " method, route, target, status, outcome)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::int, $9)";

enum core_qs
core_db_insert_audit(struct core_db_conn *c, const struct core_audit_row *row)
{
  char status[12];
  snprintf(status, sizeof status, "%u", row->status);
  const char *params[] = {
      row->request_id, row->principal_kind, row->principal, row->role,
      row->method,     row->route,          row->target,    status,
      row->outcome};
  return core_db_query(c, "insert_audit", 9, params, NULL);
}
