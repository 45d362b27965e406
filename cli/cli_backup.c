/*
 * depot backup / depot restore: pg_dump -Fc files from the same PostgreSQL
 * bindir the embedded cluster uses, against the embedded cluster or
 * DEPOT_DATABASE_URL alike.
 */
#include "core_log.h"
#include "core_mem.h"
#include "core_migrate.h"
#include "ops_pgctl.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { DEFAULT_KEEP = 14, MAX_BACKUPS = 4096 };

/* The PostgreSQL bindir, heap; NULL (logged) if none is found. */
static char *
bindir(const struct core_config *cfg)
{
  struct ops_pgctl pc;
  char *dir = NULL;
  if (ops_pgctl_init(&pc, cfg) == CORE_EC_OK)
    dir = core_xstrdup(pc.bindir);
  ops_pgctl_clear(&pc);
  return dir;
}

/* Runs @a prog of @a dir with @a argv (argv[0] ignored); true on exit 0. */
static bool
run(const char *dir, const char *prog, char *const argv[])
{
  char *path = core_xasprintf("%s/%s", dir, prog);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    /* Dumps hold password hashes and customers: private whatever the
       caller's umask. */
    umask(077);
    execv(path, argv);
    fprintf(stderr, "depot: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
  }
  int status = -1;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  free(path);
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int
by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Deletes all but the newest @a keep depot-*.dump files of @a dir. */
static void
prune(const char *dir, long keep)
{
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  char *names[MAX_BACKUPS];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < MAX_BACKUPS) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, "depot-", 6) == 0 && len > 11 &&
        strcmp(e->d_name + len - 5, ".dump") == 0)
      names[n++] = core_xstrdup(e->d_name);
  }
  closedir(d);
  /* Timestamped names sort by age. */
  qsort(names, n, sizeof names[0], by_name);
  for (size_t i = 0; i < n; i++) {
    if (i + (size_t)keep < n) {
      char *path = core_xasprintf("%s/%s", dir, names[i]);
      if (unlink(path) == 0)
        printf("backup: pruned %s\n", path);
      free(path);
    }
    free(names[i]);
  }
}

/* Dumps @a conninfo into a new timestamped file of @a dir. */
static bool
dump(const char *bin, const char *conninfo, const char *dir)
{
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  char *file = core_xasprintf("%s/depot-%s.dump", dir, stamp);
  char *partial = core_xasprintf("%s.partial", file);
  bool ok = access(file, F_OK) != 0;
  if (!ok)
    fprintf(stderr, "backup: %s exists already; retry in a second\n", file);
  if (ok) {
    printf("backup: writing %s\n", file);
    /* A stale partial file would keep its mode: pg_dump starts afresh. */
    unlink(partial);
    char *argv[] = {"pg_dump", "--format=custom", "--verbose",      "--file",
                    partial,   "--dbname",        (char *)conninfo, NULL};
    ok = run(bin, "pg_dump", argv);
    /* Renamed only when complete: a *.dump file is always whole. */
    ok = ok && chmod(partial, 0600) == 0 && rename(partial, file) == 0;
    if (!ok) {
      unlink(partial);
      fprintf(stderr, "backup: failed; no backup written\n");
    }
  }
  struct stat st;
  if (ok && stat(file, &st) == 0)
    printf("backup: done, %s (%lld bytes)\n", file, (long long)st.st_size);
  free(partial);
  free(file);
  return ok;
}

int
cli_backup(struct core_config *cfg, const struct cli_args *args)
{
  const char *keep_s = cli_arg(args, "--keep");
  char *end = NULL;
  long keep = keep_s != NULL ? strtol(keep_s, &end, 10) : DEFAULT_KEEP;
  if (keep_s != NULL && (*end != '\0' || keep < 1 || keep > 10000)) {
    fprintf(stderr, "depot backup: --keep needs a number from 1 to 10000\n");
    return 2;
  }
  const char *dir_arg = cli_arg(args, "--dir");
  char *dir = dir_arg != NULL ? core_xstrdup(dir_arg)
                              : core_xasprintf("%s/backups", cfg->data_dir);
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
    fprintf(stderr, "depot backup: cannot create %s: %s\n", dir,
            strerror(errno));
    free(dir);
    return 1;
  }
  char *bin = bindir(cfg);
  char *conninfo = NULL;
  bool started = false;
  bool ok = bin != NULL && cli_db_acquire(cfg, &conninfo, &started);
  if (ok) {
    ok = dump(bin, conninfo, dir);
    cli_db_release(cfg, started);
  }
  if (ok)
    prune(dir, keep);
  free(conninfo);
  free(bin);
  free(dir);
  return ok ? 0 : 1;
}

/*
 * Business data: any row in a table of the public schema other than the
 * migration records and the throttling and session scratch tables. The
 * table names come from the catalogue and are quoted by format(%I).
 */
static const char holds_data_sql[] =
    "SELECT t.relname FROM pg_class t"
    " JOIN pg_namespace n ON n.oid = t.relnamespace"
    " WHERE n.nspname = 'public' AND t.relkind = 'r'"
    " AND t.relname NOT IN ('schema_migrations', 'schema_procs',"
    "   'login_attempt', 'auth_session')"
    " AND (xpath('/row/e/text()', query_to_xml(format("
    "   'SELECT EXISTS (SELECT 1 FROM %I.%I) AS e', n.nspname, t.relname),"
    "   false, true, '')))[1]::text = 'true'"
    " ORDER BY 1 LIMIT 1";

/* 1: holds data (table named in @a table), 0: empty, -1: error (printed). */
static int
holds_data(const char *conninfo, char *table, size_t len)
{
  PGconn *pg = PQconnectdb(conninfo);
  int out = -1;
  if (PQstatus(pg) != CONNECTION_OK) {
    fprintf(stderr, "restore: %s", PQerrorMessage(pg));
    PQfinish(pg);
    return -1;
  }
  PGresult *r = PQexec(pg, holds_data_sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    fprintf(stderr, "restore: %s", PQresultErrorMessage(r));
  } else {
    out = PQntuples(r) > 0;
    if (out == 1)
      snprintf(table, len, "%s", PQgetvalue(r, 0, 0));
  }
  PQclear(r);
  PQfinish(pg);
  return out;
}

/* Restores @a file into @a conninfo after the emptiness check. */
static bool
restore(const struct core_config *cfg, const char *bin, const char *conninfo,
        const char *file, bool force)
{
  char table[128] = "";
  int full = holds_data(conninfo, table, sizeof table);
  if (full < 0)
    return false;
  if (full == 1 && !force) {
    fprintf(stderr,
            "restore: the database holds data (table %s); refusing to "
            "replace it without --force\n",
            table);
    return false;
  }
  printf("restore: restoring %s\n", file);
  char *argv[] = {"pg_restore",
                  "--clean",
                  "--if-exists",
                  "--no-owner",
                  "--exit-on-error",
                  "--single-transaction",
                  "--verbose",
                  "--dbname",
                  (char *)conninfo,
                  (char *)file,
                  NULL};
  if (!run(bin, "pg_restore", argv)) {
    fprintf(stderr, "restore: pg_restore failed; the database is unchanged\n");
    return false;
  }
  /* A backup from an older Depot gets the newer migrations now. */
  unsigned applied = 0;
  if (core_migrate_run(conninfo, &applied) != CORE_EC_OK)
    return false;
  printf("restore: done (%u newer migration files applied)\n", applied);
  return true;
}

int
cli_restore(struct core_config *cfg, const struct cli_args *args)
{
  const char *file = cli_arg(args, "FILE");
  if (access(file, R_OK) != 0) {
    fprintf(stderr, "depot restore: cannot read %s: %s\n", file,
            strerror(errno));
    return 1;
  }
  char *bin = bindir(cfg);
  char *conninfo = NULL;
  bool started = false;
  /* On a new machine this creates and starts the embedded cluster first. */
  bool ok = bin != NULL && cli_db_acquire(cfg, &conninfo, &started);
  if (ok) {
    ok = restore(cfg, bin, conninfo, file, cli_arg(args, "--force") != NULL);
    cli_db_release(cfg, started);
  }
  free(conninfo);
  free(bin);
  return ok ? 0 : 1;
}
