#include "core_migrate.h"

#include "core_log.h"
#include "core_sql.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Advisory lock key: "depotmig" read as a big-endian integer. */
#define MIGRATE_LOCK_KEY "7234298697445468519"

static const char *const bootstrap_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version text PRIMARY KEY,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now());"
    "COMMENT ON TABLE schema_migrations IS"
    " 'sql/migrations files applied, with the md5 of the text applied';"
    "CREATE TABLE IF NOT EXISTS schema_procs ("
    " name text PRIMARY KEY,"
    " checksum text NOT NULL,"
    " loaded_at timestamptz NOT NULL DEFAULT now());"
    "COMMENT ON TABLE schema_procs IS"
    " 'sql/procs files loaded, with the md5 of the text loaded'";

static bool
exec_ok(PGconn *pg, const char *sql, const char *what)
{
  PGresult *r = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(r);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!ok)
    CORE_ERROR("%s failed: %s", what, PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

/*
 * Looks up @a name in @a table: 0 not recorded, 1 recorded with the same
 * text, 2 recorded with other text, -1 error.
 */
static int
recorded(PGconn *pg, bool is_proc, const char *name, const char *text)
{
  const char *sql =
      is_proc ? "SELECT checksum = md5($2) FROM schema_procs WHERE name = $1"
              : "SELECT checksum = md5($2) FROM schema_migrations"
                " WHERE version = $1";
  const char *params[] = {name, text};
  PGresult *r = PQexecParams(pg, sql, 2, NULL, params, NULL, NULL, 0);
  int out = -1;
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    CORE_ERROR("could not read the migration record: %s",
               PQresultErrorMessage(r));
  else if (PQntuples(r) == 0)
    out = 0;
  else
    out = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? 1 : 2;
  PQclear(r);
  return out;
}

static bool
record(PGconn *pg, bool is_proc, const char *name, const char *text)
{
  const char *sql =
      is_proc
          ? "INSERT INTO schema_procs (name, checksum) VALUES ($1, md5($2))"
            " ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum,"
            " loaded_at = now()"
          : "INSERT INTO schema_migrations (version, checksum)"
            " VALUES ($1, md5($2))";
  const char *params[] = {name, text};
  PGresult *r = PQexecParams(pg, sql, 2, NULL, params, NULL, NULL, 0);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok)
    CORE_ERROR("could not record %s: %s", name, PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

static double
ms_since(const struct timespec *t0)
{
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
         (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Applies one file in one transaction, with its record. */
static bool
apply(PGconn *pg, bool is_proc, const struct core_sql_file *f)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (!exec_ok(pg, "BEGIN", "BEGIN"))
    return false;
  if (!exec_ok(pg, f->text, f->name) ||
      !record(pg, is_proc, f->name, f->text)) {
    exec_ok(pg, "ROLLBACK", "ROLLBACK");
    return false;
  }
  if (!exec_ok(pg, "COMMIT", f->name))
    return false;
  CORE_INFO("%s %s (%.0f ms)", is_proc ? "loaded" : "applied", f->name,
            ms_since(&t0));
  return true;
}

/* Applies what is new in @a files; false on the first failure. */
static bool
apply_all(PGconn *pg, bool is_proc, const struct core_sql_file *files,
          unsigned *applied)
{
  for (const struct core_sql_file *f = files; f->name != NULL; f++) {
    int state = recorded(pg, is_proc, f->name, f->text);
    if (state < 0)
      return false;
    if (state == 2 && !is_proc) {
      CORE_ERROR("migration %s was changed after it was applied; migrations "
                 "are append-only: add a new one instead",
                 f->name);
      return false;
    }
    if (state == 1)
      continue;
    if (!apply(pg, is_proc, f))
      return false;
    (*applied)++;
  }
  return true;
}

/*
 * Progress lines of long migrations (RAISE INFO, e.g. 0400 converting a
 * table month by month) go to the log as they arrive, without the
 * trailing newline libpq keeps.
 */
static void
notice(void *cls, const char *message)
{
  (void)cls;
  size_t n = strlen(message);
  while (n > 0 && message[n - 1] == '\n')
    n--;
  CORE_INFO("%.*s", (int)n, message);
}

/*
 * Applies what is new in @a migs (may be NULL), then loads what changed in
 * @a procs, under the migration lock.
 */
static enum core_ec
migrate(const char *conninfo, const struct core_sql_file *migs,
        const struct core_sql_file *procs, bool upkeep, unsigned *applied)
{
  PGconn *pg = PQconnectdb(conninfo);
  if (PQstatus(pg) != CONNECTION_OK) {
    CORE_ERROR("could not connect to the database: %s", PQerrorMessage(pg));
    PQfinish(pg);
    return CORE_EC_DB_UNAVAILABLE;
  }
  PQsetNoticeProcessor(pg, notice, NULL);
  unsigned n = 0;
  bool ok = exec_ok(pg, "SET client_min_messages = warning", "SET") &&
            exec_ok(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")",
                    "taking the migration lock") &&
            exec_ok(pg, bootstrap_sql, "creating schema_migrations") &&
            (migs == NULL || apply_all(pg, false, migs, &n)) &&
            apply_all(pg, true, procs, &n) &&
            (!upkeep ||
             exec_ok(pg, "SELECT part_upkeep()", "making partitions ahead"));
  /* Closing the session releases the advisory lock in every case. */
  PQfinish(pg);
  if (!ok)
    return CORE_EC_DB_ERROR;
  *applied = n;
  return CORE_EC_OK;
}

enum core_ec
core_migrate_run(const char *conninfo, unsigned *applied)
{
  /* Every migrate (so every server start) also makes the partitions of
   * the coming months (part_upkeep, issue 25). */
  return migrate(conninfo, core_sql_migrations, core_sql_procs, true, applied);
}

enum core_ec
core_migrate_before(const char *conninfo, const char *before, unsigned *applied)
{
  size_t n = 0;
  while (core_sql_migrations[n].name != NULL)
    n++;
  struct core_sql_file *migs = calloc(n + 1, sizeof *migs);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(core_sql_migrations[i].name, before) < 0)
      migs[k++] = core_sql_migrations[i];
  }
  static const struct core_sql_file none[] = {{NULL, NULL}};
  enum core_ec ec = migrate(conninfo, migs, none, false, applied);
  free(migs);
  return ec;
}

enum core_ec
core_migrate_procs(const char *conninfo, const struct core_sql_file *files,
                   unsigned *applied)
{
  return migrate(conninfo, NULL, files, false, applied);
}
