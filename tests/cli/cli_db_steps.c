#include "cli_db_steps.h"

#include "api_harness.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int
cli_depot(const char *env1, const char *const *args, char *out, size_t len)
{
  const char *env[] = {env1, "DEPOT_LOG_LEVEL=warn", NULL};
  int rc = api_run_depot(args, env, out, len);
  if (rc != 0)
    fprintf(stderr, "depot %s: rc %d: %s\n", args[0], rc, out);
  return rc;
}

char *
cli_sql_value(const char *url, const char *sql)
{
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(r);
  char *v;
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
    v = strdup(st == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
                       !PQgetisnull(r, 0, 0)
                   ? PQgetvalue(r, 0, 0)
                   : "");
  } else {
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    fprintf(stderr, "%s: %s\n", sql, PQresultErrorMessage(r));
    char buf[40];
    snprintf(buf, sizeof buf, "error %s", code != NULL ? code : "?");
    v = strdup(buf);
  }
  PQclear(r);
  PQfinish(pg);
  assert_non_null(v);
  return v;
}

char *
cli_sql_ok(const char *url, const char *sql)
{
  char *v = cli_sql_value(url, sql);
  assert_false(strncmp(v, "error ", 6) == 0);
  return v;
}

void
cli_sql_is(const char *url, const char *sql, const char *want)
{
  char *v = cli_sql_value(url, sql);
  if (strcmp(v, want) != 0)
    fprintf(stderr, "%s\n  got  %s\n  want %s\n", sql, v, want);
  assert_string_equal(v, want);
  free(v);
}
