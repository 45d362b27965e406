#include "ops_pgctl.h"

#include "core_log.h"
#include "core_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A unix socket path must fit sun_path (108 bytes with the NUL). */
enum { MAX_SOCKDIR = 108 - sizeof "/.s.PGSQL.5432" };

/* Newest /usr/lib/postgresql/N/bin that has initdb; heap or NULL. */
static char *
find_bindir(void)
{
  glob_t g;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) != 0)
    return NULL;
  const char *best = NULL;
  long best_ver = -1;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    long ver = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), NULL, 10);
    if (ver > best_ver) {
      best_ver = ver;
      best = g.gl_pathv[i];
    }
  }
  char *dir = NULL;
  if (best != NULL) {
    dir = core_xstrdup(best);
    *strrchr(dir, '/') = '\0';
  }
  globfree(&g);
  return dir;
}

static bool
make_dir(const char *path, mode_t mode, const struct ops_pgctl *pc)
{
  if (mkdir(path, mode) != 0 && errno != EEXIST) {
    CORE_ERROR("could not create %s: %s", path, strerror(errno));
    return false;
  }
  if (pc != NULL && pc->drop && chown(path, pc->uid, pc->gid) != 0) {
    CORE_ERROR("could not hand %s to the database user: %s", path,
               strerror(errno));
    return false;
  }
  return true;
}

static enum core_ec
resolve_user(struct ops_pgctl *pc, const struct core_config *cfg)
{
  if (geteuid() != 0)
    return CORE_EC_OK;
  struct passwd *pw = getpwnam(cfg->pg_user);
  if (pw == NULL || pw->pw_uid == 0) {
    CORE_ERROR("cannot run the embedded database as root and user \"%s\" "
               "does not exist; install postgresql or set DEPOT_PG_USER",
               cfg->pg_user);
    return CORE_EC_INTERNAL;
  }
  pc->drop = true;
  pc->uid = pw->pw_uid;
  pc->gid = pw->pw_gid;
  return CORE_EC_OK;
}

/* Short paths inside the data dir; a hashed /tmp path if it is too deep. */
static void
choose_sockdir(struct ops_pgctl *pc)
{
  char *inside = core_xasprintf("%s/run", pc->home);
  if (strlen(inside) <= MAX_SOCKDIR) {
    pc->sockdir = inside;
    return;
  }
  free(inside);
  unsigned long h = 5381;
  for (const char *p = pc->home; *p != '\0'; p++)
    h = h * 33 + (unsigned char)*p;
  pc->sockdir = core_xasprintf("/tmp/depot-%08lx", h & 0xffffffffUL);
}

/* Whether the cluster's user may search (reach into) @a path. */
static bool
user_reaches(const struct ops_pgctl *pc, const char *path)
{
  if (!pc->drop)
    return true;
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) != 0 || setgid(pc->gid) != 0 || setuid(pc->uid) != 0)
      _exit(2);
    _exit(access(path, X_OK) == 0 ? 0 : 1);
  }
  int status = -1;
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The marker in a data dir naming its relocated cluster's home. */
static char *
marker_path(const char *abs)
{
  return core_xasprintf("%s/cluster-home", abs);
}

/* The home recorded in @a abs's marker (heap), or NULL if none or bad. */
static char *
read_marker(const char *abs)
{
  char *path = marker_path(abs);
  FILE *f = fopen(path, "r");
  free(path);
  if (f == NULL)
    return NULL;
  char line[PATH_MAX];
  char *home = NULL;
  if (fgets(line, sizeof line, f) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    size_t root = strlen(OPS_PGCTL_STATE_ROOT);
    if (strncmp(line, OPS_PGCTL_STATE_ROOT "/", root + 1) == 0 &&
        strstr(line, "..") == NULL)
      home = core_xstrdup(line);
  }
  fclose(f);
  return home;
}

/*
 * Where the cluster lives for data dir @a abs: <abs>/pg, unless the
 * cluster's user cannot reach @a abs (a clone in /root, a 0700 temp dir):
 * then a directory of its own under OPS_PGCTL_STATE_ROOT named by a hash
 * of @a abs, recorded in the data dir's marker. The cluster belongs to
 * the data dir: a data dir wiped (marker gone) gets a fresh cluster, as
 * <abs>/pg would be gone with it. Heap; sets pc->relocated and
 * pc->marked.
 */
static char *
cluster_home(struct ops_pgctl *pc, const char *abs)
{
  char *home = read_marker(abs);
  if (home != NULL) {
    pc->relocated = pc->marked = true;
    return home;
  }
  if (user_reaches(pc, abs))
    return core_xstrdup(abs);
  uint64_t h = 14695981039346656037ULL; /* FNV-1a, 64 bits */
  for (const char *p = abs; *p != '\0'; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  pc->relocated = true;
  return core_xasprintf("%s/%016llx", OPS_PGCTL_STATE_ROOT,
                        (unsigned long long)h);
}

enum core_ec
ops_pgctl_init(struct ops_pgctl *pc, const struct core_config *cfg)
{
  memset(pc, 0, sizeof *pc);
  if (resolve_user(pc, cfg) != CORE_EC_OK)
    return CORE_EC_INTERNAL;
  pc->bindir =
      cfg->pg_bindir != NULL ? core_xstrdup(cfg->pg_bindir) : find_bindir();
  if (pc->bindir == NULL) {
    CORE_ERROR("cannot find PostgreSQL's initdb under /usr/lib/postgresql; "
               "run scripts/deps.sh or set DEPOT_PG_BINDIR");
    return CORE_EC_INTERNAL;
  }
  if (!make_dir(cfg->data_dir, 0755, NULL))
    return CORE_EC_INTERNAL;
  char abs[PATH_MAX];
  if (realpath(cfg->data_dir, abs) == NULL) {
    CORE_ERROR("could not resolve %s: %s", cfg->data_dir, strerror(errno));
    return CORE_EC_INTERNAL;
  }
  if (strchr(abs, '\'') != NULL || strchr(abs, '"') != NULL) {
    CORE_ERROR("cannot use data dir %s: its path has a quote character", abs);
    return CORE_EC_INTERNAL;
  }
  pc->data_dir = core_xstrdup(abs);
  pc->home = cluster_home(pc, abs);
  pc->pgdata = core_xasprintf("%s/pg", pc->home);
  pc->logfile = core_xasprintf("%s/log/postgres.log", pc->home);
  choose_sockdir(pc);
  return CORE_EC_OK;
}

void
ops_pgctl_clear(struct ops_pgctl *pc)
{
  free(pc->data_dir);
  free(pc->home);
  free(pc->pgdata);
  free(pc->sockdir);
  free(pc->logfile);
  free(pc->bindir);
  memset(pc, 0, sizeof *pc);
}

/* Environment for the child: ours plus a locale that always exists. */
static char **
child_env(void)
{
  size_t n = 0;
  while (environ[n] != NULL)
    n++;
  char **env = core_xcalloc(n + 2, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (strncmp(environ[i], "LC_ALL=", 7) != 0)
      env[k++] = environ[i];
  }
  env[k++] = "LC_ALL=C.UTF-8";
  env[k] = NULL;
  return env;
}

/* ops_pgctl_run, by its short name. */
static int
run(const struct ops_pgctl *pc, char *const argv[], const char *out_path)
{
  return ops_pgctl_run(pc, argv, out_path);
}

bool
ops_pgctl_mkdir(const struct ops_pgctl *pc, const char *path)
{
  return make_dir(path, 0700, pc);
}

int
ops_pgctl_run(const struct ops_pgctl *pc, char *const argv[],
              const char *out_path)
{
  char *prog = core_xasprintf("%s/%s", pc->bindir, argv[0]);
  char **env = child_env();
  int out_fd = -1;
  if (out_path != NULL) {
    out_fd = open(out_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  }
  pid_t pid = fork();
  if (pid == 0) {
    /* Only async-signal-safe calls from here to exec. */
    setsid();
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0)
      dup2(null_fd, 0);
    if (out_fd >= 0) {
      dup2(out_fd, 1);
      dup2(out_fd, 2);
    }
    if (pc->drop && (setgroups(0, NULL) != 0 || setgid(pc->gid) != 0 ||
                     setuid(pc->uid) != 0))
      _exit(126);
    if (chdir("/") != 0)
      _exit(126);
    execve(prog, argv, env);
    _exit(127);
  }
  int status = -1;
  if (pid > 0) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
    status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  } else {
    CORE_ERROR("could not start %s: %s", prog, strerror(errno));
  }
  if (out_fd >= 0)
    close(out_fd);
  free(env);
  free(prog);
  return status;
}

enum ops_pgctl_state
ops_pgctl_state(const struct ops_pgctl *pc)
{
  char *version = core_xasprintf("%s/PG_VERSION", pc->pgdata);
  bool exists = access(version, F_OK) == 0;
  free(version);
  if (!exists)
    return OPS_PGCTL_ABSENT;
  char *argv[] = {"pg_ctl", "status", "-D", pc->pgdata, NULL};
  int rc = run(pc, argv, "/dev/null");
  return rc == 0 ? OPS_PGCTL_RUNNING : OPS_PGCTL_STOPPED;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st;
  (void)ftw;
  return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/*
 * A relocated cluster's home for a data dir without a marker: whatever
 * is left there belonged to a data dir of the same path that was wiped,
 * so it is stopped and removed; then the home is made and the marker
 * written.
 */
static bool
claim_home(const struct ops_pgctl *pc)
{
  struct stat st;
  if (lstat(pc->home, &st) == 0) {
    CORE_WARN("removing %s, the cluster of an earlier %s", pc->home,
              pc->data_dir);
    if (ops_pgctl_state(pc) == OPS_PGCTL_RUNNING)
      ops_pgctl_stop(pc);
    if (nftw(pc->home, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0) {
      CORE_ERROR("could not remove %s: %s", pc->home, strerror(errno));
      return false;
    }
  }
  if (!make_dir(OPS_PGCTL_STATE_ROOT, 0755, NULL) ||
      !make_dir(pc->home, 0700, pc))
    return false;
  char *path = marker_path(pc->data_dir);
  FILE *f = fopen(path, "w");
  bool ok = f != NULL && fprintf(f, "%s\n", pc->home) > 0;
  ok = f != NULL && fclose(f) == 0 && ok;
  if (!ok)
    CORE_ERROR("could not write %s: %s", path, strerror(errno));
  free(path);
  return ok;
}

/*
 * Directories the cluster's user must own: data, socket and log, and for
 * a relocated cluster its home under the state root (root's, 0755).
 */
static bool
prepare_dirs(const struct ops_pgctl *pc)
{
  if (pc->relocated && !pc->marked && !claim_home(pc))
    return false;
  char *logdir = core_xstrdup(pc->logfile);
  *strrchr(logdir, '/') = '\0';
  bool ok = make_dir(pc->pgdata, 0700, pc) && make_dir(pc->sockdir, 0700, pc) &&
            make_dir(logdir, 0755, pc);
  free(logdir);
  if (ok) {
    int fd = open(pc->logfile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    ok = fd >= 0 && (!pc->drop || fchown(fd, pc->uid, pc->gid) == 0);
    if (fd >= 0)
      close(fd);
    if (!ok)
      CORE_ERROR("could not prepare %s: %s", pc->logfile, strerror(errno));
  }
  return ok;
}

/* The cluster's user must be able to reach the data dir through its parents. */
static bool
reachable(const struct ops_pgctl *pc)
{
  if (!pc->drop)
    return true;
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) != 0 || setgid(pc->gid) != 0 || setuid(pc->uid) != 0)
      _exit(2);
    _exit(access(pc->pgdata, R_OK | W_OK | X_OK) == 0 ? 0 : 1);
  }
  int status = -1;
  if (pid > 0)
    waitpid(pid, &status, 0);
  if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return true;
  CORE_ERROR("the database user cannot reach %s: let it through the parent "
             "directories (chmod o+x) or set DEPOT_DATA_DIR elsewhere",
             pc->pgdata);
  return false;
}

static enum core_ec
initdb(const struct ops_pgctl *pc)
{
  CORE_INFO("creating the embedded database cluster in %s", pc->pgdata);
  char *argv[] = {"initdb",
                  "-D",
                  pc->pgdata,
                  "-U",
                  "depot",
                  "-A",
                  "trust",
                  "-E",
                  "UTF8",
                  "--locale=C.UTF-8",
                  "--no-instructions",
                  NULL};
  if (run(pc, argv, pc->logfile) != 0) {
    CORE_ERROR("initdb failed; see %s", pc->logfile);
    return CORE_EC_INTERNAL;
  }
  /*
   * No TCP at all: the socket directory's permissions are the access rule.
   * Statistics are looked at every 10 s, not every minute: a new warehouse
   * (or an import) grows its order tables from nothing in seconds, and a
   * plan cached while a table was tiny scans it whole until the next
   * ANALYZE replaces the plan.
   */
  char *conf = core_xasprintf("%s/postgresql.conf", pc->pgdata);
  FILE *f = fopen(conf, "a");
  bool ok = f != NULL;
  if (ok) {
    fputs("\n# Depot embedded cluster\nlisten_addresses = ''\n"
          "unix_socket_permissions = 0700\n"
          "logging_collector = off\n"
          "autovacuum_naptime = 10s\n",
          f);
    ok = fclose(f) == 0;
  }
  if (!ok)
    CORE_ERROR("could not write %s: %s", conf, strerror(errno));
  free(conf);
  return ok ? CORE_EC_OK : CORE_EC_INTERNAL;
}

char *
ops_pgctl_host(const struct ops_pgctl *pc)
{
  size_t n = strlen(pc->sockdir);
  char *q = malloc(2 * n + 3), *o = q;
  if (q == NULL)
    abort(); /* as core_xasprintf does */
  *o++ = '\'';
  for (const char *s = pc->sockdir; *s != '\0'; s++) {
    if (*s == '\'' || *s == '\\')
      *o++ = '\\';
    *o++ = *s;
  }
  *o++ = '\'';
  *o = '\0';
  return q;
}

static enum core_ec
ensure_database(const struct ops_pgctl *pc)
{
  char *host = ops_pgctl_host(pc);
  char *ci =
      core_xasprintf("host=%s port=5432 dbname=postgres user=depot", host);
  free(host);
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  enum core_ec ec = CORE_EC_INTERNAL;
  if (PQstatus(pg) != CONNECTION_OK) {
    CORE_ERROR("could not connect to the embedded cluster: %s",
               PQerrorMessage(pg));
  } else {
    PGresult *r = PQexec(pg, "CREATE DATABASE depot");
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* 42P04: it exists already, the usual case. */
    if (PQresultStatus(r) == PGRES_COMMAND_OK ||
        (st != NULL && strcmp(st, "42P04") == 0))
      ec = CORE_EC_OK;
    else
      CORE_ERROR("could not create database depot: %s",
                 PQresultErrorMessage(r));
    PQclear(r);
  }
  PQfinish(pg);
  return ec;
}

static enum core_ec
start_server(const struct ops_pgctl *pc)
{
  char *opts = core_xasprintf("-p 5432 -k '%s'", pc->sockdir);
  char *argv[] = {"pg_ctl", "start", "-D", pc->pgdata, "-l", pc->logfile, "-w",
                  "-t",     "60",    "-s", "-o",       opts, NULL};
  int rc = run(pc, argv, pc->logfile);
  free(opts);
  /* Another process may have started it at the same moment: fine too. */
  if (rc != 0 && ops_pgctl_state(pc) != OPS_PGCTL_RUNNING) {
    CORE_ERROR("could not start the embedded database; see %s", pc->logfile);
    return CORE_EC_INTERNAL;
  }
  return CORE_EC_OK;
}

/*
 * Whether the streaming replica of `depot cluster` (ops_replica.c) was
 * promoted: it then takes writes, and this cluster, started again, would
 * be a second primary with older data.
 */
static bool
replica_promoted(const struct ops_pgctl *pc)
{
  char *version = core_xasprintf("%s/pg-replica/PG_VERSION", pc->home);
  char *signal = core_xasprintf("%s/pg-replica/standby.signal", pc->home);
  bool was = access(version, F_OK) == 0 && access(signal, F_OK) != 0;
  free(signal);
  free(version);
  return was;
}

enum core_ec
ops_pgctl_start(const struct ops_pgctl *pc, bool *started)
{
  if (started != NULL)
    *started = false;
  if (pc->relocated)
    CORE_INFO("the database user cannot reach %s: the embedded cluster "
              "lives in %s",
              pc->data_dir, pc->home);
  if (!prepare_dirs(pc) || !reachable(pc))
    return CORE_EC_INTERNAL;
  enum ops_pgctl_state st = ops_pgctl_state(pc);
  if (st != OPS_PGCTL_RUNNING && replica_promoted(pc)) {
    CORE_ERROR("the replica in %s/pg-replica was promoted and takes the "
               "writes: this cluster must not start next to it (set "
               "DEPOT_DATABASE_URL to reach it; docs/scale.md)",
               pc->home);
    return CORE_EC_INTERNAL;
  }
  if (st == OPS_PGCTL_ABSENT && initdb(pc) != CORE_EC_OK)
    return CORE_EC_INTERNAL;
  if (st != OPS_PGCTL_RUNNING) {
    if (start_server(pc) != CORE_EC_OK)
      return CORE_EC_INTERNAL;
    if (started != NULL)
      *started = true;
  }
  return ensure_database(pc);
}

enum core_ec
ops_pgctl_stop(const struct ops_pgctl *pc)
{
  if (ops_pgctl_state(pc) != OPS_PGCTL_RUNNING)
    return CORE_EC_OK;
  char *argv[] = {"pg_ctl", "stop", "-D", pc->pgdata, "-m",
                  "fast",   "-w",   "-s", NULL};
  if (run(pc, argv, pc->logfile) != 0) {
    CORE_ERROR("could not stop the embedded database; see %s", pc->logfile);
    return CORE_EC_INTERNAL;
  }
  return CORE_EC_OK;
}

char *
ops_pgctl_conninfo(const struct ops_pgctl *pc)
{
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=5432 dbname=depot user=depot "
                            "connect_timeout=3 application_name=depot",
                            host);
  free(host);
  return ci;
}
