#include "core_auth_cache.h"
#include "core_db.h"
#include "core_part.h"
#include "core_log.h"
#include "core_replica.h"
#include "core_sync.h"
#include "core_mem.h"
#include "cli.h"
#include "web_channels.h"
#include "web_events.h"
#include "web_outbox.h"
#include "web_print.h"
#include "web_push.h"
#include "web_server.h"

#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { GRACE_MS = 30000 };

static unsigned
default_threads(void)
{
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  /*
   * Handlers block on PostgreSQL, so a few threads per core keep the
   * cores busy while others wait on the database.
   */
  return (unsigned)(cores > 0 ? cores : 1) * 4;
}

/*
 * The office lane's threads (web_office.h): by default 2 per core, enough
 * to keep the cores busy with intake while commits wait on the disk; its
 * pool has as many connections plus 2 (a handler may take a second).
 */
static unsigned
office_threads(const struct core_config *cfg)
{
  if (cfg->office_threads >= 0)
    return (unsigned)cfg->office_threads;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return (unsigned)(cores > 0 ? cores : 1) * 2;
}

static void
open_office(const struct core_config *cfg)
{
  unsigned n = office_threads(cfg);
  if (n == 0)
    return;
  enum core_ec ec = core_db_open_office(n + 2, (int)cfg->office_nice);
  if (ec != CORE_EC_OK)
    CORE_WARN("office pool: not connected yet (%s); it connects when used",
              core_ec_name(ec));
  else
    CORE_INFO("office lane: %u threads at nice %ld, %u connections", n,
              cfg->office_nice, n + 2);
}

/* Reads all of @a path (at most 1 MiB) into a heap string; NULL (printed). */
static char *
read_pem(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "depot serve: cannot open %s: %m\n", path);
    return NULL;
  }
  enum { MAX_PEM = 1 << 20 };
  char *buf = core_xmalloc(MAX_PEM + 1);
  size_t n = fread(buf, 1, MAX_PEM, f);
  bool bad = ferror(f) || !feof(f) || n == 0;
  fclose(f);
  if (bad) {
    fprintf(stderr, "depot serve: cannot read %s (empty or over 1 MiB)\n",
            path);
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

/*
 * Names this node in log lines and /readyz: DEPOT_NODE_ID, else
 * hostname:port (the port it listens on, known once listening).
 */
static void
name_node(const struct core_config *cfg, unsigned port)
{
  char name[64], host[48] = "localhost";
  if (cfg->node_id != NULL) {
    core_log_set_node(cfg->node_id);
    return;
  }
  if (gethostname(host, sizeof host) != 0)
    snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  snprintf(name, sizeof name, "%s:%u", host, port);
  core_log_set_node(name);
}

/* Serves until SIGINT or SIGTERM, which every other thread has blocked. */
/*
 * The read replica's pool (DEPOT_REPLICA_URL, docs/scale.md). A replica
 * down at start is no reason not to serve: the primary reads until it
 * answers.
 */
static void
open_replica(const struct core_config *cfg, unsigned threads)
{
  if (cfg->replica_url == NULL || cfg->replica_url[0] == '\0')
    return;
  unsigned size = cfg->replica_pool_size > 0 ? (unsigned)cfg->replica_pool_size
                                             : threads + 2;
  core_replica_configure((unsigned)cfg->replica_max_lag_ms,
                         (unsigned)cfg->replica_ryw_wait_ms);
  enum core_ec ec = core_db_open_replica(cfg->replica_url, size,
                                         (unsigned)cfg->statement_timeout_ms);
  if (ec != CORE_EC_OK)
    CORE_WARN("read replica: not answering yet (%s); reads go to the primary "
              "until it does",
              core_ec_name(ec));
  else
    CORE_INFO("read replica: %u connections, reads above %ld ms of lag go to "
              "the primary",
              size, cfg->replica_max_lag_ms);
}

/*
 * DEPOT_SYNC_REPLICA on a primary that names no synchronous standby
 * protects nothing: said once at start (docs/scale.md). /readyz shows the
 * state from then on.
 */
static void
check_sync(const struct core_config *cfg)
{
  if (!cfg->sync_replica)
    return;
  struct core_sync_state st;
  core_sync_measure(&st);
  enum core_sync_mode m = core_sync_mode_of(&st);
  if (m == CORE_SYNC_OFF)
    CORE_WARN("DEPOT_SYNC_REPLICA is on but the primary's "
              "synchronous_standby_names is empty: commits do not wait for "
              "a standby");
  else
    CORE_INFO("synchronous replication: %s (standby %s, %ld acknowledging)",
              core_sync_mode_name(m), st.names, st.sync);
  core_sync_clear(&st);
}

static int
serve_until_signal(const struct core_config *cfg, const char *conninfo,
                   unsigned threads, const char *cert, const char *key)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct web_server_opts opts = {
      cfg->listen,
      threads,
      (size_t)cfg->body_limit,
      cert,
      key,
      (unsigned)cfg->http_per_ip,
      (unsigned)cfg->http_timeout_s,
      {(unsigned)cfg->rate_key, (unsigned)cfg->rate_key_burst,
       (unsigned)cfg->rate_addr, (unsigned)cfg->rate_addr_burst},
      office_threads(cfg),
      (int)cfg->office_nice,
  };
  struct web_server *srv;
  if (web_server_start(&opts, &srv) != CORE_EC_OK)
    return 1;
  name_node(cfg, web_server_port(srv));
  if (web_outbox_start() != CORE_EC_OK || web_events_start() != CORE_EC_OK ||
      web_print_start() != CORE_EC_OK || web_channels_start() != CORE_EC_OK ||
      web_push_start(conninfo) != CORE_EC_OK ||
      (cfg->auth_cache && core_auth_cache_start(conninfo) != CORE_EC_OK)) {
    web_push_stop();
    web_server_stop(srv, 0);
    web_channels_stop();
    web_events_stop();
    web_outbox_stop();
    web_print_stop();
    return 1;
  }
  printf("depot: serving %s://%.*s:%u/ with %u threads (pid %ld)\n",
         cert != NULL ? "https" : "http",
         (int)(strrchr(cfg->listen, ':') - cfg->listen), cfg->listen,
         web_server_port(srv), threads, (long)getpid());
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  CORE_INFO("received signal %d: finishing requests in flight", sig);
  /* No new connections; then event streams end (they would hold the
   * drain for its whole grace period), then the requests in flight. */
  web_server_quiesce(srv);
  web_push_stop();
  web_server_stop(srv, GRACE_MS);
  core_auth_cache_stop();
  web_channels_stop();
  web_events_stop();
  web_outbox_stop();
  web_print_stop();
  return 0;
}

int
cli_serve(struct core_config *cfg, const struct cli_args *args)
{
  const char *cert_file = cli_arg(args, "--tls-cert");
  const char *key_file = cli_arg(args, "--tls-key");
  if ((cert_file == NULL) != (key_file == NULL)) {
    fprintf(stderr, "depot serve: --tls-cert and --tls-key go together\n");
    return 2;
  }
  if (cert_file != NULL &&
      MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
    fprintf(stderr, "depot serve: this libmicrohttpd has no TLS support\n");
    return 1;
  }
  char *cert = cert_file != NULL ? read_pem(cert_file) : NULL;
  char *key = key_file != NULL ? read_pem(key_file) : NULL;
  if (cert_file != NULL && (cert == NULL || key == NULL)) {
    free(cert);
    free(key);
    return 1;
  }
  /* Named from the first log line on (migrations, key sealing): by the
   * port it is told to listen on; once listening, by the port it got. */
  const char *colon = strrchr(cfg->listen, ':');
  name_node(cfg, colon != NULL ? (unsigned)strtoul(colon + 1, NULL, 10) : 0);
  char *conninfo = NULL;
  bool started;
  if (!cli_db_acquire(cfg, &conninfo, &started)) {
    free(cert);
    free(key);
    return 1;
  }
  unsigned threads =
      cfg->threads > 0 ? (unsigned)cfg->threads : default_threads();
  int rc = 1;
  unsigned pool =
      cfg->db_pool_size > 0 ? (unsigned)cfg->db_pool_size : threads + 2;
  if (cli_db_connect(cfg, conninfo, pool, NULL) && cli_key_seal_pending()) {
    open_replica(cfg, threads);
    open_office(cfg);
    check_sync(cfg);
    /* The History archive screen's runs: this database, this directory. */
    char *archive_dir = core_part_dir_for(cfg);
    core_part_serve(archive_dir, conninfo);
    free(archive_dir);
    rc = serve_until_signal(cfg, conninfo, threads, cert, key);
    core_part_serve(NULL, NULL);
  }
  core_db_close();
  free(conninfo);
  if (key != NULL)
    explicit_bzero(key, strlen(key));
  free(cert);
  free(key);
  cli_db_release(cfg, started);
  CORE_INFO("stopped");
  return rc;
}
