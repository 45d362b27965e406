/*
 * depot cluster up|down|status and depot db promote (issue 25 item 4): a
 * cluster on one machine. The embedded PostgreSQL is the primary; a
 * streaming replica is made from it with pg_basebackup -R (ops_replica.c);
 * two `depot serve` nodes listen on 127.0.0.1:PORT+1 and PORT+2, their
 * connection string listing both databases with
 * target_session_attrs=read-write; HAProxy (Debian's) balances them
 * round-robin on 127.0.0.1:PORT, health-checking /readyz. Its
 * configuration, the processes' pid files and logs live in
 * <data dir>/cluster. Nothing listens beyond loopback: the databases take
 * unix-socket connections only.
 */
#include "cli.h"

#include "core_log.h"
#include "core_mem.h"
#include "ops_pgctl.h"
#include "ops_replica.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { NODES = 2, DEFAULT_PORT = 8090, READY_S = 120, STOP_S = 40 };

/* The cluster's files, under <data dir>/cluster. */
struct cluster {
  char dir[PATH_MAX];
  char data_dir[PATH_MAX]; /* absolute */
  unsigned port;           /* HAProxy's; node i listens on port + i */
};

static void
file_of(const struct cluster *c, const char *name, char *out, size_t len)
{
  snprintf(out, len, "%s/%s", c->dir, name);
}

/* The pid in @a name's pid file if that process lives, else 0. */
static pid_t
alive(const struct cluster *c, const char *name)
{
  char path[PATH_MAX + 32];
  file_of(c, name, path, sizeof path);
  FILE *f = fopen(path, "r");
  long pid = 0;
  if (f != NULL) {
    if (fscanf(f, "%ld", &pid) != 1)
      pid = 0;
    fclose(f);
  }
  if (pid <= 0 || kill((pid_t)pid, 0) != 0)
    return 0;
  return (pid_t)pid;
}

static bool
write_text(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  bool ok = f != NULL && fputs(text, f) >= 0;
  ok = f != NULL && fclose(f) == 0 && ok;
  if (!ok)
    fprintf(stderr, "depot cluster: cannot write %s: %s\n", path,
            strerror(errno));
  return ok;
}

/* Resolves the cluster's directory and port (the saved one, or --port). */
static bool
cluster_init(const struct core_config *cfg, const struct cli_args *args,
             struct cluster *c)
{
  memset(c, 0, sizeof *c);
  if (cfg->database_url != NULL) {
    fprintf(stderr, "depot cluster: DEPOT_DATABASE_URL is set; the cluster "
                    "runs on the embedded PostgreSQL only\n");
    return false;
  }
  if (mkdir(cfg->data_dir, 0755) != 0 && errno != EEXIST)
    return false;
  if (realpath(cfg->data_dir, c->data_dir) == NULL)
    return false;
  snprintf(c->dir, sizeof c->dir, "%.*s/cluster", PATH_MAX - 16, c->data_dir);
  if (mkdir(c->dir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "depot cluster: cannot create %s: %s\n", c->dir,
            strerror(errno));
    return false;
  }
  char path[PATH_MAX + 32];
  file_of(c, "port", path, sizeof path);
  FILE *f = fopen(path, "r");
  c->port = DEFAULT_PORT;
  if (f != NULL) {
    if (fscanf(f, "%u", &c->port) != 1)
      c->port = DEFAULT_PORT;
    fclose(f);
  }
  const char *p = cli_arg(args, "--port");
  if (p != NULL) {
    char *end;
    long v = strtol(p, &end, 10);
    if (*end != '\0' || v < 1024 || v > 65535 - NODES) {
      fprintf(stderr, "depot cluster: --port %s is not a port in 1024..%d\n", p,
              65535 - NODES);
      return false;
    }
    c->port = (unsigned)v;
  }
  return true;
}

/* The HTTP status of GET http://127.0.0.1:@a port/readyz (0: none), and the
 * node that answered in @a node. */
static long
readyz(unsigned port, char *node, size_t len)
{
  char url[64], body[512] = "";
  snprintf(url, sizeof url, "http://127.0.0.1:%u/readyz", port);
  FILE *mem = fmemopen(body, sizeof body - 1, "w");
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 3L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
  long status = 0;
  if (curl_easy_perform(h) == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(h);
  fclose(mem);
  if (node != NULL) {
    json_t *j = json_loads(body, 0, NULL);
    const char *n = json_string_value(json_object_get(j, "node"));
    snprintf(node, len, "%s", n != NULL ? n : "");
    json_decref(j);
  }
  return status;
}

/* Waits up to READY_S for /readyz on @a port to answer 200. */
static bool
wait_ready(unsigned port, pid_t pid)
{
  for (int i = 0; i < READY_S * 5; i++) {
    if (readyz(port, NULL, 0) == 200)
      return true;
    if (pid > 0 && waitpid(pid, NULL, WNOHANG) == pid)
      return false;
    usleep(200000);
  }
  return false;
}

/* Our environment with the @a n "NAME=value" strings of @a set in place of
 * any of those names (heap array of borrowed strings). */
static char **
node_env(char *const *set, int n)
{
  size_t have = 0;
  while (environ[have] != NULL)
    have++;
  char **env = core_xcalloc(have + (size_t)n + 1, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < have; i++) {
    bool replaced = false;
    for (int j = 0; j < n && !replaced; j++) {
      size_t name = (size_t)(strchr(set[j], '=') - set[j]) + 1;
      replaced = strncmp(environ[i], set[j], name) == 0;
    }
    if (!replaced)
      env[k++] = environ[i];
  }
  for (int j = 0; j < n; j++)
    env[k++] = set[j];
  env[k] = NULL;
  return env;
}

/*
 * Starts `depot serve` node @a i (1-based) in its own session, its output
 * in node-i.log, reaching the databases through @a conninfo and reading
 * what the replica may serve through @a replica.
 */
static bool
start_node(const struct cluster *c, int i, const char *conninfo,
           const char *replica, bool sync)
{
  char pidname[32], logp[PATH_MAX + 32], pidp[PATH_MAX + 32];
  snprintf(pidname, sizeof pidname, "node-%d.pid", i);
  if (alive(c, pidname) != 0)
    return true;
  char logname[32];
  snprintf(logname, sizeof logname, "node-%d.log", i);
  file_of(c, logname, logp, sizeof logp);
  file_of(c, pidname, pidp, sizeof pidp);
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return false;
  self[n] = '\0';
  char *set[] = {core_xasprintf("DEPOT_DATABASE_URL=%s", conninfo),
                 core_xasprintf("DEPOT_LISTEN=127.0.0.1:%u", c->port + i),
                 core_xasprintf("DEPOT_DATA_DIR=%s", c->data_dir),
                 core_xasprintf("DEPOT_REPLICA_URL=%s", replica),
                 core_xasprintf("DEPOT_SYNC_REPLICA=%s", sync ? "on" : "off")};
  char **env = node_env(set, 5);
  int out = open(logp, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  pid_t pid = fork();
  if (pid == 0) {
    /* Only async-signal-safe calls from here to exec. */
    setsid();
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0)
      dup2(null_fd, 0);
    if (out >= 0) {
      dup2(out, 1);
      dup2(out, 2);
    }
    char *argv[] = {self, "serve", NULL};
    execve(self, argv, env);
    _exit(127);
  }
  if (out >= 0)
    close(out);
  free(env);
  for (int k = 0; k < 5; k++)
    free(set[k]);
  char pidtext[32];
  snprintf(pidtext, sizeof pidtext, "%ld\n", (long)pid);
  if (pid < 0 || !write_text(pidp, pidtext))
    return false;
  if (!wait_ready(c->port + (unsigned)i, pid)) {
    fprintf(stderr, "depot cluster: node %d did not become ready; see %s\n", i,
            logp);
    return false;
  }
  return true;
}

/* Debian's haproxy: on PATH, else /usr/sbin (root's PATH only has it). */
static bool
find_haproxy(char *out, size_t len)
{
  const char *path = getenv("PATH");
  char *copy = core_xstrdup(path != NULL ? path : "");
  bool found = false;
  for (char *save = NULL, *d = strtok_r(copy, ":", &save); d != NULL && !found;
       d = strtok_r(NULL, ":", &save)) {
    snprintf(out, len, "%s/haproxy", d);
    found = access(out, X_OK) == 0;
  }
  free(copy);
  if (!found) {
    snprintf(out, len, "/usr/sbin/haproxy");
    found = access(out, X_OK) == 0;
  }
  if (!found)
    fprintf(stderr, "depot cluster: haproxy is not installed; run "
                    "scripts/deps.sh (as root) or apt-get install haproxy\n");
  return found;
}

/*
 * HAProxy's configuration: round-robin over the nodes, a node out after
 * two failed /readyz checks a second apart and back after two good ones. A
 * request is sent again to the other node only when it never reached a
 * node (conn-failure): one a node took and died on may have been applied,
 * and only its client, resending with the same idempotency key, can tell.
 */
static bool
write_haproxy_cfg(const struct cluster *c, const char *path)
{
  /* No paths in the file: the pid file goes on the command line (-p), as
   * a path with spaces (a clone in "/root/my projects") would not parse
   * unquoted here. */
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return false;
  fprintf(f,
          "# Written by `depot cluster up`; rewritten at every start.\n"
          "global\n"
          "  maxconn 4096\n"
          "\n"
          "defaults\n"
          "  mode http\n"
          "  timeout connect 2s\n"
          "  timeout client 2m\n"
          "  timeout server 2m\n"
          "  timeout http-request 10s\n"
          "  timeout tunnel 1h\n"
          "  retries 2\n"
          "  option redispatch\n"
          "  retry-on conn-failure\n"
          "\n"
          "frontend depot\n"
          "  bind 127.0.0.1:%u\n"
          "  option forwardfor\n"
          "  default_backend nodes\n"
          "\n"
          "backend nodes\n"
          "  balance roundrobin\n"
          "  option httpchk GET /readyz\n"
          "  http-check expect status 200\n"
          "  default-server inter 1s fall 2 rise 2\n",
          c->port);
  for (int i = 1; i <= NODES; i++)
    fprintf(f, "  server node-%d 127.0.0.1:%u check\n", i, c->port + i);
  return fclose(f) == 0;
}

static bool
start_haproxy(const struct cluster *c)
{
  if (alive(c, "haproxy.pid") != 0)
    return true;
  char bin[PATH_MAX], cfgp[PATH_MAX + 32], pidp[PATH_MAX + 32];
  if (!find_haproxy(bin, sizeof bin))
    return false;
  file_of(c, "haproxy.cfg", cfgp, sizeof cfgp);
  file_of(c, "haproxy.pid", pidp, sizeof pidp);
  if (!write_haproxy_cfg(c, cfgp)) {
    fprintf(stderr, "depot cluster: cannot write %s\n", cfgp);
    return false;
  }
  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      dup2(null_fd, 0);
      dup2(null_fd, 1);
    }
    char *argv[] = {bin, "-D", "-q", "-f", cfgp, "-p", pidp, NULL};
    execve(bin, argv, environ);
    _exit(127);
  }
  int status = -1;
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
  if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "depot cluster: haproxy did not start (%s)\n", cfgp);
    return false;
  }
  if (!wait_ready(c->port, 0)) {
    fprintf(stderr,
            "depot cluster: no node answers through haproxy on "
            "127.0.0.1:%u\n",
            c->port);
    return false;
  }
  return true;
}

/* Sends SIGTERM to @a name's process and waits up to STOP_S for it to go
 * (then SIGKILL); removes the pid file. */
static void
stop_process(const struct cluster *c, const char *name)
{
  pid_t pid = alive(c, name);
  if (pid != 0) {
    kill(pid, SIGTERM);
    for (int i = 0; i < STOP_S * 10 && kill(pid, 0) == 0; i++) {
      waitpid(pid, NULL, WNOHANG);
      usleep(100000);
    }
    if (kill(pid, 0) == 0) {
      fprintf(stderr, "depot cluster: %s did not stop in %d s: killed\n", name,
              STOP_S);
      kill(pid, SIGKILL);
    }
  }
  char path[PATH_MAX + 32];
  file_of(c, name, path, sizeof path);
  unlink(path);
}

/*
 * A replica that was promoted is a primary of its own: starting the old
 * primary next to it would give the nodes two databases taking writes.
 */
static bool
promoted(const struct ops_pgctl *pc)
{
  char *pgdata = ops_replica_pgdata(pc);
  char *version = core_xasprintf("%s/PG_VERSION", pgdata);
  char *signal = core_xasprintf("%s/standby.signal", pgdata);
  bool was = access(version, F_OK) == 0 && access(signal, F_OK) != 0;
  if (was)
    fprintf(stderr,
            "depot cluster: the replica in %s was promoted; the old primary "
            "must not start next to it (docs/scale.md: after a promotion)\n",
            pgdata);
  free(signal);
  free(version);
  free(pgdata);
  return was;
}

/*
 * Starts the primary, the replica, the nodes, HAProxy, each if not up.
 * With @a sync (DEPOT_SYNC_REPLICA=on) the primary's commits wait for the
 * replica (synchronous_standby_names names it) before the nodes start;
 * without, the setting is reset.
 */
static bool
up(const struct cluster *c, const struct ops_pgctl *pc, bool sync)
{
  bool made = false;
  if (promoted(pc))
    return false;
  if (ops_pgctl_start(pc, NULL) != CORE_EC_OK ||
      ops_replica_start(pc, &made) != CORE_EC_OK ||
      ops_replica_set_sync(pc, sync) != CORE_EC_OK)
    return false;
  char *conninfo = ops_replica_conninfo_both(pc);
  char *replica = ops_replica_conninfo_read(pc);
  /* One node at a time: the first migrates the schema, the next finds it
   * done. */
  bool ok = true;
  for (int i = 1; i <= NODES && ok; i++)
    ok = start_node(c, i, conninfo, replica, sync);
  free(replica);
  free(conninfo);
  return ok && start_haproxy(c);
}

int
cli_cluster_up(struct core_config *cfg, const struct cli_args *args)
{
  struct cluster c;
  if (!cluster_init(cfg, args, &c))
    return 2;
  char path[PATH_MAX + 32], port[16];
  file_of(&c, "port", path, sizeof path);
  snprintf(port, sizeof port, "%u\n", c.port);
  if (!write_text(path, port))
    return 1;
  struct ops_pgctl pc;
  bool ok =
      ops_pgctl_init(&pc, cfg) == CORE_EC_OK && up(&c, &pc, cfg->sync_replica);
  ops_pgctl_clear(&pc);
  if (!ok) {
    fprintf(stderr, "depot cluster: not up; `depot cluster status` shows "
                    "which part, `depot cluster down` stops the rest\n");
    return 1;
  }
  printf("depot cluster: http://127.0.0.1:%u/ (HAProxy over nodes on "
         "127.0.0.1:%u and :%u; primary and %s streaming replica; files in "
         "%s)\n",
         c.port, c.port + 1, c.port + 2,
         cfg->sync_replica ? "synchronous" : "asynchronous", c.dir);
  return 0;
}

int
cli_cluster_down(struct core_config *cfg, const struct cli_args *args)
{
  struct cluster c;
  if (!cluster_init(cfg, args, &c))
    return 2;
  stop_process(&c, "haproxy.pid");
  for (int i = NODES; i >= 1; i--) {
    char name[32];
    snprintf(name, sizeof name, "node-%d.pid", i);
    stop_process(&c, name);
  }
  struct ops_pgctl pc;
  bool ok = ops_pgctl_init(&pc, cfg) == CORE_EC_OK &&
            ops_replica_stop(&pc) == CORE_EC_OK &&
            ops_pgctl_stop(&pc) == CORE_EC_OK;
  ops_pgctl_clear(&pc);
  printf("depot cluster: %s\n", ok ? "stopped" : "not all of it stopped");
  return ok ? 0 : 1;
}

static const char *
state_name(enum ops_pgctl_state st)
{
  switch (st) {
    case OPS_PGCTL_RUNNING:
      return "running";
    case OPS_PGCTL_STOPPED:
      return "stopped";
    case OPS_PGCTL_ABSENT:
      break;
  }
  return "not made";
}

/* Whether the database on socket port @a port of @a pc takes writes:
 * "primary", "replica (replaying)", or "" when it does not answer. */
static const char *
role_of(const struct ops_pgctl *pc, int port)
{
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=%d dbname=depot user=depot "
                            "connect_timeout=3",
                            host, port);
  free(host);
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  const char *role = "";
  if (PQstatus(pg) == CONNECTION_OK) {
    PGresult *r = PQexec(pg, "SELECT pg_is_in_recovery()");
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
      role = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? "replica" : "primary";
    PQclear(r);
  }
  PQfinish(pg);
  return role;
}

/* The primary's synchronous_standby_names and the replica's sync_state:
 * "on (depot_replica: sync)", "off", or "blocked" when commits wait. */
static const char *
sync_of(const struct ops_pgctl *pc)
{
  static char out[160];
  char *host = ops_pgctl_host(pc);
  char *ci = core_xasprintf("host=%s port=5432 dbname=depot user=depot "
                            "connect_timeout=3",
                            host);
  free(host);
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  snprintf(out, sizeof out, "unknown");
  PGresult *r =
      PQexec(pg, "SELECT current_setting('synchronous_standby_names'),"
                 " (SELECT string_agg(application_name || ': ' ||"
                 " sync_state, ', ') FROM pg_stat_replication),"
                 " (SELECT count(*) FROM pg_stat_activity"
                 " WHERE wait_event = 'SyncRep')");
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
    const char *names = PQgetvalue(r, 0, 0);
    const char *standbys = PQgetvalue(r, 0, 1);
    if (names[0] == '\0')
      snprintf(out, sizeof out, "off (standbys: %s)",
               standbys[0] != '\0' ? standbys : "none");
    else
      snprintf(out, sizeof out,
               "on, %s named (standbys: %s; commits "
               "waiting: %s)",
               names, standbys[0] != '\0' ? standbys : "none",
               PQgetvalue(r, 0, 2));
  }
  PQclear(r);
  PQfinish(pg);
  return out;
}

int
cli_cluster_status(struct core_config *cfg, const struct cli_args *args)
{
  struct cluster c;
  if (!cluster_init(cfg, args, &c))
    return 2;
  struct ops_pgctl pc;
  if (ops_pgctl_init(&pc, cfg) != CORE_EC_OK) {
    ops_pgctl_clear(&pc);
    return 1;
  }
  int down = 0;
  enum ops_pgctl_state p = ops_pgctl_state(&pc), r = ops_replica_state(&pc);
  printf("database 5432: %s %s\n", state_name(p),
         p == OPS_PGCTL_RUNNING ? role_of(&pc, 5432) : "");
  printf("database %d: %s %s\n", OPS_REPLICA_PORT, state_name(r),
         r == OPS_PGCTL_RUNNING ? role_of(&pc, OPS_REPLICA_PORT) : "");
  if (p == OPS_PGCTL_RUNNING)
    printf("synchronous replication: %s\n", sync_of(&pc));
  down += p != OPS_PGCTL_RUNNING;
  down += r != OPS_PGCTL_RUNNING;
  for (int i = 1; i <= NODES; i++) {
    char name[32], node[128] = "";
    snprintf(name, sizeof name, "node-%d.pid", i);
    pid_t pid = alive(&c, name);
    long st = pid != 0 ? readyz(c.port + (unsigned)i, node, sizeof node) : 0;
    printf("node %d 127.0.0.1:%u: %s", i, c.port + (unsigned)i,
           pid == 0    ? "stopped"
           : st == 200 ? "ready"
                       : "not ready");
    if (pid != 0)
      printf(" (pid %ld%s%s)", (long)pid, node[0] != '\0' ? ", node " : "",
             node);
    printf("\n");
    down += st != 200;
  }
  pid_t hp = alive(&c, "haproxy.pid");
  long hs = hp != 0 ? readyz(c.port, NULL, 0) : 0;
  printf("haproxy http://127.0.0.1:%u/: %s\n", c.port,
         hp == 0     ? "stopped"
         : hs == 200 ? "ready"
                     : "no node answers");
  down += hs != 200;
  char *ci = ops_replica_conninfo_both(&pc);
  printf("nodes' DEPOT_DATABASE_URL: %s\n", ci);
  free(ci);
  ci = ops_replica_conninfo_read(&pc);
  printf("nodes' DEPOT_REPLICA_URL: %s\n", ci);
  free(ci);
  ops_pgctl_clear(&pc);
  return down == 0 ? 0 : 3;
}

int
cli_db_promote(struct core_config *cfg, const struct cli_args *args)
{
  (void)args;
  if (cfg->database_url != NULL) {
    fprintf(stderr, "depot db: DEPOT_DATABASE_URL is set; depot does not "
                    "manage that server\n");
    return 2;
  }
  struct ops_pgctl pc;
  if (ops_pgctl_init(&pc, cfg) != CORE_EC_OK) {
    ops_pgctl_clear(&pc);
    return 1;
  }
  int rc = 1;
  if (ops_pgctl_state(&pc) == OPS_PGCTL_RUNNING) {
    /* Two primaries would take diverging writes. */
    fprintf(stderr, "depot db promote: the primary still runs; promote only "
                    "once it is lost (or stopped: depot db stop)\n");
  } else if (ops_replica_promote(&pc) == CORE_EC_OK) {
    printf("replica promoted: it takes writes on port %d; the nodes "
           "reconnect to it\n",
           OPS_REPLICA_PORT);
    rc = 0;
  }
  ops_pgctl_clear(&pc);
  return rc;
}
