#include "ops_replica.h"

#include "core_log.h"
#include "core_mem.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *
ops_replica_pgdata(const struct ops_pgctl *pc)
{
  return core_xasprintf("%s/pg-replica", pc->home);
}

/* The replica's server log, next to the primary's, made the cluster
 * user's (pg_ctl -l writes it as that user). */
static char *
replica_log(const struct ops_pgctl *pc)
{
  char *path = core_xasprintf("%s/log/replica.log", pc->home);
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd >= 0) {
    if (pc->drop && fchown(fd, pc->uid, pc->gid) != 0)
      CORE_WARN("could not hand %s to the database user", path);
    close(fd);
  }
  return path;
}

enum ops_pgctl_state
ops_replica_state(const struct ops_pgctl *pc)
{
  char *pgdata = ops_replica_pgdata(pc);
  char *version = core_xasprintf("%s/PG_VERSION", pgdata);
  enum ops_pgctl_state st = OPS_PGCTL_ABSENT;
  if (access(version, F_OK) == 0) {
    char *argv[] = {"pg_ctl", "status", "-D", pgdata, NULL};
    st = ops_pgctl_run(pc, argv, "/dev/null") == 0 ? OPS_PGCTL_RUNNING
                                                   : OPS_PGCTL_STOPPED;
  }
  free(version);
  free(pgdata);
  return st;
}

/*
 * Drops the replication slot a replica made earlier left on the primary
 * (the replica's directory was removed): pg_basebackup makes it anew, and
 * a slot nobody reads would keep WAL for ever.
 */
static bool
drop_stale_slot(const struct ops_pgctl *pc)
{
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=5432 dbname=postgres user=depot "
                            "connect_timeout=5",
                            host);
  free(host);
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  bool ok = PQstatus(pg) == CONNECTION_OK;
  if (ok) {
    const char *p[] = {OPS_REPLICA_SLOT};
    PGresult *r =
        PQexecParams(pg,
                     "SELECT pg_drop_replication_slot(slot_name)"
                     " FROM pg_replication_slots WHERE slot_name = $1",
                     1, NULL, p, NULL, NULL, 0);
    ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
  }
  if (!ok)
    CORE_ERROR("could not look at the primary's replication slots: %s",
               PQerrorMessage(pg));
  PQfinish(pg);
  return ok;
}

/* pg_basebackup -R of the running primary into the replica's directory. */
static enum core_ec
make_replica(const struct ops_pgctl *pc, const char *pgdata, const char *log)
{
  CORE_INFO("making the streaming replica in %s (pg_basebackup)", pgdata);
  if (!drop_stale_slot(pc) || !ops_pgctl_mkdir(pc, pgdata))
    return CORE_EC_INTERNAL;
  char *argv[] = {"pg_basebackup",
                  "-h",
                  pc->sockdir,
                  "-p",
                  "5432",
                  "-U",
                  "depot",
                  "-D",
                  (char *)pgdata,
                  "-R",
                  "-X",
                  "stream",
                  "-C",
                  "-S",
                  OPS_REPLICA_SLOT,
                  "-c",
                  "fast",
                  "-w",
                  NULL};
  if (ops_pgctl_run(pc, argv, log) != 0) {
    CORE_ERROR("pg_basebackup failed; see %s", log);
    return CORE_EC_INTERNAL;
  }
  return CORE_EC_OK;
}

enum core_ec
ops_replica_start(const struct ops_pgctl *pc, bool *made)
{
  if (made != NULL)
    *made = false;
  char *pgdata = ops_replica_pgdata(pc);
  char *log = replica_log(pc);
  enum core_ec ec = CORE_EC_OK;
  enum ops_pgctl_state st = ops_replica_state(pc);
  if (st == OPS_PGCTL_ABSENT) {
    ec = make_replica(pc, pgdata, log);
    if (ec == CORE_EC_OK && made != NULL)
      *made = true;
  }
  if (ec == CORE_EC_OK && st != OPS_PGCTL_RUNNING) {
    /* Its name as a standby (the walreceiver's application_name, which
     * the primary's synchronous_standby_names names), and never a
     * synchronous primary itself: pg_basebackup may have copied the
     * primary's setting, which would hold every commit after a promotion
     * (the command line outranks postgresql.auto.conf). */
    char *opts =
        core_xasprintf("-p %d -k '%s' -c cluster_name=%s"
                       " -c synchronous_standby_names=''",
                       OPS_REPLICA_PORT, pc->sockdir, OPS_REPLICA_NAME);
    char *argv[] = {"pg_ctl", "start", "-D", pgdata, "-l", log, "-w",
                    "-t",     "60",    "-s", "-o",   opts, NULL};
    if (ops_pgctl_run(pc, argv, log) != 0) {
      CORE_ERROR("could not start the replica; see %s", log);
      ec = CORE_EC_INTERNAL;
    }
    free(opts);
  }
  free(log);
  free(pgdata);
  return ec;
}

enum core_ec
ops_replica_stop(const struct ops_pgctl *pc)
{
  if (ops_replica_state(pc) != OPS_PGCTL_RUNNING)
    return CORE_EC_OK;
  char *pgdata = ops_replica_pgdata(pc);
  char *log = replica_log(pc);
  char *argv[] = {"pg_ctl", "stop", "-D", pgdata, "-m",
                  "fast",   "-w",   "-s", NULL};
  enum core_ec ec = CORE_EC_OK;
  if (ops_pgctl_run(pc, argv, log) != 0) {
    CORE_ERROR("could not stop the replica; see %s", log);
    ec = CORE_EC_INTERNAL;
  }
  free(log);
  free(pgdata);
  return ec;
}

enum core_ec
ops_replica_promote(const struct ops_pgctl *pc)
{
  if (ops_replica_state(pc) != OPS_PGCTL_RUNNING) {
    CORE_ERROR("the replica does not run: nothing to promote");
    return CORE_EC_INTERNAL;
  }
  char *pgdata = ops_replica_pgdata(pc);
  char *log = replica_log(pc);
  char *argv[] = {"pg_ctl", "promote", "-D", pgdata, "-w", "-t", "60", NULL};
  enum core_ec ec = CORE_EC_OK;
  if (ops_pgctl_run(pc, argv, log) != 0) {
    CORE_ERROR("could not promote the replica; see %s", log);
    ec = CORE_EC_INTERNAL;
  }
  free(log);
  free(pgdata);
  return ec;
}

char *
ops_replica_conninfo_both(const struct ops_pgctl *pc)
{
  /* One quoted value holding both hosts (libpq splits it at the comma). */
  char *host = ops_pgctl_host(pc);
  size_t n = strlen(host);
  char *both = core_xasprintf("%.*s,%s", (int)(n - 1), host, host + 1);
  free(host);
  char *ci = core_xasprintf("host=%s port=5432,%d dbname=depot user=depot "
                            "target_session_attrs=read-write connect_timeout=3 "
                            "application_name=depot",
                            both, OPS_REPLICA_PORT);
  free(both);
  return ci;
}

char *
ops_replica_conninfo_read(const struct ops_pgctl *pc)
{
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=%d dbname=depot user=depot "
                            "connect_timeout=2 application_name=depot-read",
                            host, OPS_REPLICA_PORT);
  free(host);
  return ci;
}

/* A connection to the primary's postgres database, or NULL (logged). */
static PGconn *
primary_conn(const struct ops_pgctl *pc)
{
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=5432 dbname=postgres user=depot "
                            "connect_timeout=5",
                            host);
  free(host);
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  if (PQstatus(pg) != CONNECTION_OK) {
    CORE_ERROR("could not reach the primary: %s", PQerrorMessage(pg));
    PQfinish(pg);
    return NULL;
  }
  return pg;
}

static bool
exec_ok(PGconn *pg, const char *sql)
{
  PGresult *r = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(r);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!ok)
    CORE_ERROR("%s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

/* Whether the replica acknowledges synchronously (pg_stat_replication). */
static bool
replica_is_sync(PGconn *pg)
{
  const char *p[] = {OPS_REPLICA_NAME};
  PGresult *r = PQexecParams(pg,
                             "SELECT 1 FROM pg_stat_replication"
                             " WHERE application_name = $1"
                             " AND sync_state = 'sync'",
                             1, NULL, p, NULL, NULL, 0);
  bool yes = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
  PQclear(r);
  return yes;
}

enum core_ec
ops_replica_set_sync(const struct ops_pgctl *pc, bool on)
{
  PGconn *pg = primary_conn(pc);
  if (pg == NULL)
    return CORE_EC_INTERNAL;
  /* ALTER SYSTEM takes no parameters; both texts are constants. */
  bool ok = exec_ok(pg, on ? "ALTER SYSTEM SET synchronous_standby_names"
                             " = '" OPS_REPLICA_NAME "'"
                           : "ALTER SYSTEM RESET synchronous_standby_names") &&
            exec_ok(pg, "SELECT pg_reload_conf()");
  /* Until the reload is seen and the replica acknowledges, commits would
   * wait: give it up to 30 s before the nodes start. */
  bool sync = !on;
  for (int i = 0; ok && on && i < 300 && !sync; i++) {
    sync = replica_is_sync(pg);
    if (!sync)
      usleep(100000);
  }
  PQfinish(pg);
  if (ok && !sync)
    CORE_ERROR("the replica does not acknowledge synchronously after 30 s; "
               "commits wait until it does (see %s/log/replica.log)",
               pc->home);
  return ok && sync ? CORE_EC_OK : CORE_EC_INTERNAL;
}
