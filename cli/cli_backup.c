/*
 * depot backup / depot restore: pg_dump -Fc files from the same PostgreSQL
 * bindir the embedded cluster uses, against the embedded cluster or
 * DEPOT_DATABASE_URL alike. pg_dump writes into a pipe and the file holds
 * only its encryption (core_pii_stream.h, the key file's backup key), so
 * no plain dump ever touches the disk; restore checks the whole file
 * against the key file before it changes anything.
 */
#include "core_log.h"
#include "core_mem.h"
#include "core_migrate.h"
#include "core_pii.h"
#include "core_pii_stream.h"
#include "ops_pgctl.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
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

/*
 * Starts @a prog of @a dir with @a argv, its stdin @a in_fd and its stdout
 * @a out_fd where they are not -1; the child also closes @a parent_end
 * (the parent's end of the pipe, so that its reader sees EOF). @a in_fd and
 * @a out_fd are consumed: closed here. Returns the pid, -1.
 */
static pid_t
spawn_fds(const char *dir, const char *prog, char *const argv[], int in_fd,
          int out_fd, int parent_end)
{
  char *path = core_xasprintf("%s/%s", dir, prog);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    umask(077);
    if (in_fd >= 0)
      dup2(in_fd, 0);
    if (out_fd >= 0)
      dup2(out_fd, 1);
    int fds[] = {in_fd, out_fd, parent_end};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
      if (fds[i] > 2)
        close(fds[i]);
    execv(path, argv);
    fprintf(stderr, "depot: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
  }
  free(path);
  if (in_fd >= 0)
    close(in_fd);
  if (out_fd >= 0)
    close(out_fd);
  return pid;
}

/*
 * Starts @a prog of @a dir with @a argv; its stdout (@a to_child false) or
 * stdin (true) is the pipe end returned in @a fd. Returns the pid, -1.
 */
static pid_t
spawn_piped(const char *dir, const char *prog, char *const argv[],
            bool to_child, int *fd)
{
  int p[2];
  if (pipe(p) != 0)
    return -1;
  *fd = to_child ? p[1] : p[0];
  pid_t pid = to_child ? spawn_fds(dir, prog, argv, p[0], -1, p[1])
                       : spawn_fds(dir, prog, argv, -1, p[1], p[0]);
  if (pid < 0)
    close(*fd);
  return pid;
}

/* Waits for @a pid; true on exit 0. */
static bool
reap(pid_t pid)
{
  int status = -1;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* pg_dump of @a conninfo, encrypted into @a path (created 0600). */
static bool
dump_encrypted(const char *bin, const char *conninfo, const char *path)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (out == NULL) {
    fprintf(stderr, "backup: cannot create %s: %s\n", path, strerror(errno));
    if (fd >= 0)
      close(fd);
    return false;
  }
  char *argv[] = {"pg_dump",  "--format=custom", "--verbose",
                  "--dbname", (char *)conninfo,  NULL};
  int in = -1;
  pid_t pid = spawn_piped(bin, "pg_dump", argv, false, &in);
  enum core_ec ec =
      pid > 0 ? core_pii_stream_encrypt(in, out) : CORE_EC_INTERNAL;
  if (in >= 0)
    close(in);
  bool ok = reap(pid) && ec == CORE_EC_OK;
  ok = fflush(out) == 0 && fsync(fileno(out)) == 0 && ok;
  ok = fclose(out) == 0 && ok;
  if (ec != CORE_EC_OK)
    fprintf(stderr, "backup: could not encrypt the dump (%s)\n",
            core_ec_name(ec));
  return ok;
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
    ok = dump_encrypted(bin, conninfo, partial);
    /* Renamed only when complete: a *.dump file is always whole. */
    ok = ok && chmod(partial, 0600) == 0 && rename(partial, file) == 0;
    if (!ok) {
      unlink(partial);
      fprintf(stderr, "backup: failed; no backup written\n");
    }
  }
  struct stat st;
  if (ok && stat(file, &st) == 0)
    printf("backup: done, %s (%lld bytes, encrypted with key version %u of "
           "the key file: keep a copy of the key file apart)\n",
           file, (long long)st.st_size, core_pii_version());
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
  bool ok = bin != NULL && cli_key_open(cfg, true) &&
            cli_db_acquire(cfg, &conninfo, &started);
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

/* pg_restore @a argv fed the decryption of @a file; true on success. */
static bool
restore_piped(const char *bin, char *const argv[], const char *file)
{
  FILE *in = fopen(file, "rb");
  int fd = -1;
  pid_t pid = in != NULL ? spawn_piped(bin, "pg_restore", argv, true, &fd) : -1;
  unsigned v = 0;
  enum core_ec ec =
      pid > 0 ? core_pii_stream_decrypt(in, fd, &v) : CORE_EC_INTERNAL;
  if (fd >= 0)
    close(fd);
  bool ok = reap(pid) && ec == CORE_EC_OK;
  if (in != NULL)
    fclose(in);
  return ok;
}

/*
 * Starts @a prog of @a dir with @a argv: its stdin is the pipe end
 * returned in @a in_fd, its stdout @a out_fd (consumed: closed here).
 * Returns the pid, -1.
 */
static pid_t
spawn_between(const char *dir, const char *prog, char *const argv[], int out_fd,
              int *in_fd)
{
  int p[2];
  if (pipe(p) != 0) {
    close(out_fd);
    return -1;
  }
  *in_fd = p[1];
  pid_t pid = spawn_fds(dir, prog, argv, p[0], out_fd, p[1]);
  if (pid < 0)
    close(*in_fd);
  return pid;
}

/* The backup's decryption fed to pg_restore, on a thread of its own. */
struct feed {
  FILE *in;
  int fd; /* pg_restore's stdin; closed when done */
  enum core_ec ec;
};

static void *
feed_run(void *arg)
{
  struct feed *f = arg;
  unsigned v = 0;
  f->ec = core_pii_stream_decrypt(f->in, f->fd, &v);
  close(f->fd);
  return NULL;
}

/* Copies all of @a from to @a to; true when @a from ended and all went. */
static bool
relay(int from, int to)
{
  char buf[65536];
  for (;;) {
    ssize_t n = read(from, buf, sizeof buf);
    if (n == 0)
      return true;
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return false;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(to, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return false;
      off += w;
    }
  }
}

/*
 * Replaces the database @a conninfo with the backup @a file in one
 * transaction: psql runs BEGIN, DROP SCHEMA public CASCADE, CREATE SCHEMA
 * public, then pg_restore's script of the backup, relayed here, and the
 * COMMIT only once pg_restore and the decryption both succeeded (else
 * psql reaches the end of its input inside the transaction, which then
 * rolls back: the database is unchanged). pg_restore --clean cannot do
 * it once a table is partitioned (migration 0400): it drops each
 * partition's primary key before its table, which PostgreSQL refuses for
 * a constraint the partition inherits.
 */
static bool
replace_piped(const char *bin, const char *conninfo, const char *file)
{
  char *psql_argv[] = {"psql",
                       "-X",
                       "-q",
                       "-v",
                       "ON_ERROR_STOP=1",
                       "--output=/dev/null",
                       "--dbname",
                       (char *)conninfo,
                       "-c",
                       "BEGIN",
                       "-c",
                       "DROP SCHEMA public CASCADE",
                       "-c",
                       "CREATE SCHEMA public",
                       "-f",
                       "-",
                       NULL};
  char *restore_argv[] = {"pg_restore", "--no-owner", "--file", "-", NULL};
  struct feed f = {.in = fopen(file, "rb"), .fd = -1, .ec = CORE_EC_INTERNAL};
  int to_psql = -1, from_restore = -1;
  pid_t psql =
      f.in != NULL ? spawn_piped(bin, "psql", psql_argv, true, &to_psql) : -1;
  int p[2] = {-1, -1};
  pid_t rest = -1;
  if (psql > 0 && pipe(p) == 0) {
    rest = spawn_between(bin, "pg_restore", restore_argv, p[1], &f.fd);
    from_restore = p[0];
  }
  pthread_t t;
  bool fed = rest > 0 && pthread_create(&t, NULL, feed_run, &f) == 0;
  if (!fed && f.fd >= 0)
    close(f.fd);
  /* A psql that stopped on an error closes its input: EPIPE, not death. */
  signal(SIGPIPE, SIG_IGN);
  bool relayed = fed && relay(from_restore, to_psql);
  /* Closed before the join: a pg_restore blocked on a relay that gave up
   * ends, and so does the feed writing to it. */
  if (from_restore >= 0)
    close(from_restore);
  if (fed)
    pthread_join(t, NULL);
  bool ok = reap(rest) && relayed && f.ec == CORE_EC_OK;
  if (ok) {
    static const char commit[] = "COMMIT;\n";
    ok = write(to_psql, commit, sizeof commit - 1) ==
         (ssize_t)(sizeof commit - 1);
  }
  if (to_psql >= 0)
    close(to_psql);
  ok = reap(psql) && ok;
  if (f.in != NULL)
    fclose(f.in);
  return ok;
}

/*
 * Whether @a file is an encrypted backup that opens, whole, with the key
 * file; says plainly what is wrong otherwise. Nothing is restored yet.
 */
static bool
backup_opens(const struct core_config *cfg, const char *file)
{
  FILE *in = fopen(file, "rb");
  char magic[8] = "";
  bool encrypted = in != NULL && fread(magic, 1, 8, in) == 8 &&
                   memcmp(magic, CORE_PII_STREAM_MAGIC, 8) == 0;
  if (!encrypted) {
    fprintf(stderr,
            "restore: %s is not an encrypted Depot backup (depot "
            "backup writes them); nothing restored\n",
            file);
    if (in != NULL)
      fclose(in);
    return false;
  }
  char *key = core_pii_default_path(cfg->key_file, cfg->data_dir);
  bool ok = cli_key_open(cfg, false);
  unsigned v = 0;
  enum core_ec ec = CORE_EC_PII_NO_KEY;
  if (ok) {
    rewind(in);
    ec = core_pii_stream_decrypt(in, -1, &v);
  }
  fclose(in);
  if (ok && ec == CORE_EC_PII_NO_KEY)
    fprintf(stderr,
            "restore: the backup was encrypted with key version %u, "
            "which the key file %s does not hold: use the key file of "
            "the installation that wrote it; nothing restored\n",
            v, key);
  else if (ok && ec != CORE_EC_OK)
    fprintf(stderr,
            "restore: the backup does not open with the key file %s "
            "(wrong key file, or the backup is damaged or cut short); "
            "nothing restored\n",
            key);
  else if (!ok)
    fprintf(stderr,
            "restore: the backup is encrypted and needs the key file "
            "(%s); nothing restored\n",
            key);
  free(key);
  return ok && ec == CORE_EC_OK;
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
  char *argv[] = {"pg_restore", "--clean",         "--if-exists",
                  "--no-owner", "--exit-on-error", "--single-transaction",
                  "--verbose",  "--dbname",        (char *)conninfo,
                  NULL};
  if (full == 1 ? !replace_piped(bin, conninfo, file)
                : !restore_piped(bin, argv, file)) {
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
  /* The key is checked first: without it nothing is started or changed. */
  if (!backup_opens(cfg, file))
    return 1;
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
