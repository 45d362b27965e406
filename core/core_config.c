#include "core_config.h"

#include "core_mem.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STRING, K_LONG, K_LEVEL, K_BOOL };

struct option {
  const char *flag;
  const char *env;
  enum kind kind;
  size_t offset;
  long min, max; /* K_LONG bounds */
  const char *help;
};

static const struct option options[] = {
    {"--database-url", "DEPOT_DATABASE_URL", K_STRING,
     offsetof(struct core_config, database_url), 0, 0,
     "PostgreSQL URL; unset: embedded cluster under the data dir"},
    {"--replica-url", "DEPOT_REPLICA_URL", K_STRING,
     offsetof(struct core_config, replica_url), 0, 0,
     "PostgreSQL URL of a streaming read replica; unset: none (reports,"
     " lists, stock lookups and exports read the primary)"},
    {"--replica-pool-size", "DEPOT_REPLICA_POOL_SIZE", K_LONG,
     offsetof(struct core_config, replica_pool_size), 0, 1000,
     "connections to the read replica (default: threads + 2)"},
    {"--replica-max-lag-ms", "DEPOT_REPLICA_MAX_LAG_MS", K_LONG,
     offsetof(struct core_config, replica_max_lag_ms), 0, 3600000,
     "reads go to the primary while the replica's replay lags more than"
     " this (default 1000)"},
    {"--replica-ryw-wait-ms", "DEPOT_REPLICA_RYW_WAIT_MS", K_LONG,
     offsetof(struct core_config, replica_ryw_wait_ms), 0, 10000,
     "after a session's change, how long its next read waits for the"
     " replica to replay it before reading the primary (default 200)"},
    {"--sync-replica", "DEPOT_SYNC_REPLICA", K_BOOL,
     offsetof(struct core_config, sync_replica), 0, 0,
     "on: writes commit only once a synchronous standby has them (the"
     " primary's synchronous_standby_names names it; `depot cluster up`"
     " sets it); off (default): asynchronous replication"},
    {"--auth-cache", "DEPOT_AUTH_CACHE", K_BOOL,
     offsetof(struct core_config, auth_cache), 0, 0,
     "on (default): each node keeps the sessions and API keys it checked in"
     " memory, kept true by LISTEN/NOTIFY (README.md, Security); off: every"
     " request reads its session from the database"},
    {"--listen", "DEPOT_LISTEN", K_STRING, offsetof(struct core_config, listen),
     0, 0, "address:port to serve HTTP on (default 127.0.0.1:8080)"},
    {"--data-dir", "DEPOT_DATA_DIR", K_STRING,
     offsetof(struct core_config, data_dir), 0, 0,
     "where the embedded cluster and logs live (default ./var)"},
    {"--key-file", "DEPOT_KEY_FILE", K_STRING,
     offsetof(struct core_config, key_file), 0, 0,
     "key file of personal data and backups, made at first start with"
     " mode 0600 (default <data dir>/depot.key); back it up on its own"},
    {"--archive-dir", "DEPOT_ARCHIVE_DIR", K_STRING,
     offsetof(struct core_config, archive_dir), 0, 0,
     "where archived months of the partitioned history are written as CSV,"
     " by `depot archive` and the History archive screen (default <data"
     " dir>/archive)"},
    {"--node-id", "DEPOT_NODE_ID", K_STRING,
     offsetof(struct core_config, node_id), 0, 0,
     "this server's name in its log lines and /readyz, for several nodes"
     " on one database (default hostname:port)"},
    {"--pg-bindir", "DEPOT_PG_BINDIR", K_STRING,
     offsetof(struct core_config, pg_bindir), 0, 0,
     "PostgreSQL programs (default newest /usr/lib/postgresql/N/bin)"},
    {"--pg-user", "DEPOT_PG_USER", K_STRING,
     offsetof(struct core_config, pg_user), 0, 0,
     "OS user that runs the embedded cluster when started as root"
     " (default postgres)"},
    {"--threads", "DEPOT_THREADS", K_LONG,
     offsetof(struct core_config, threads), 0, 256,
     "HTTP worker threads (default: 4 per core)"},
    {"--body-limit", "DEPOT_BODY_LIMIT", K_LONG,
     offsetof(struct core_config, body_limit), 1024, 1L << 30,
     "largest request body in bytes (default 1048576)"},
    {"--statement-timeout-ms", "DEPOT_STATEMENT_TIMEOUT_MS", K_LONG,
     offsetof(struct core_config, statement_timeout_ms), 100, 3600000,
     "limit for any one SQL statement (default 10000)"},
    {"--office-threads", "DEPOT_OFFICE_THREADS", K_LONG,
     offsetof(struct core_config, office_threads), 0, 64,
     "threads for heavy back-office requests: intake, waves, reports"
     " (default: 2 per core; 0: they run on the HTTP threads)"},
    {"--office-nice", "DEPOT_OFFICE_NICE", K_LONG,
     offsetof(struct core_config, office_nice), 0, 19,
     "CPU nice of those threads and their database backends (default 10;"
     " 0: same priority as the floor)"},
    {"--db-pool-size", "DEPOT_DB_POOL_SIZE", K_LONG,
     offsetof(struct core_config, db_pool_size), 0, 1000,
     "database connections (default: threads + 2)"},
    {"--http-per-ip", "DEPOT_HTTP_PER_IP", K_LONG,
     offsetof(struct core_config, http_per_ip), 1, 1000000,
     "open HTTP connections one client address may hold (default 1000)"},
    {"--http-timeout", "DEPOT_HTTP_TIMEOUT", K_LONG,
     offsetof(struct core_config, http_timeout_s), 1, 3600,
     "seconds a silent HTTP connection (slow headers or body, idle"
     " keep-alive) stays open (default 30)"},
    {"--rate-key", "DEPOT_RATE_KEY", K_LONG,
     offsetof(struct core_config, rate_key), 0, 1000000,
     "requests a second one API key may make on average (default 50;"
     " 0: no limit); more get 429 with Retry-After"},
    {"--rate-key-burst", "DEPOT_RATE_KEY_BURST", K_LONG,
     offsetof(struct core_config, rate_key_burst), 1, 1000000,
     "requests one API key may make at once (default 200)"},
    {"--rate-addr", "DEPOT_RATE_ADDR", K_LONG,
     offsetof(struct core_config, rate_addr), 0, 1000000,
     "sign-ins and other public API requests a second one client address"
     " may make (default 10; 0: no limit); signed-in users, channel"
     " webhooks, health checks and UI files are not counted"},
    {"--rate-addr-burst", "DEPOT_RATE_ADDR_BURST", K_LONG,
     offsetof(struct core_config, rate_addr_burst), 1, 1000000,
     "public requests one client address may make at once (default 100)"},
    {"--log-level", "DEPOT_LOG_LEVEL", K_LEVEL,
     offsetof(struct core_config, log_level), 0, 0,
     "debug, info, warn or error (default info)"},
};

enum { NOPTIONS = sizeof options / sizeof options[0] };

static bool
apply(struct core_config *cfg, const struct option *o, const char *value,
      const char *origin, char *err, size_t errlen)
{
  char *base = (char *)cfg;
  switch (o->kind) {
    case K_STRING: {
      char **dst = (char **)(base + o->offset);
      if (value[0] == '\0') {
        snprintf(err, errlen, "%s must not be empty", origin);
        return false;
      }
      free(*dst);
      *dst = core_xstrdup(value);
      return true;
    }
    case K_LONG: {
      char *end;
      errno = 0;
      long v = strtol(value, &end, 10);
      if (errno != 0 || end == value || *end != '\0' || v < o->min ||
          v > o->max) {
        snprintf(err, errlen, "%s: \"%s\" is not an integer in %ld..%ld",
                 origin, value, o->min, o->max);
        return false;
      }
      *(long *)(base + o->offset) = v;
      return true;
    }
    case K_BOOL: {
      bool *dst = (bool *)(base + o->offset);
      if (strcmp(value, "on") == 0 || strcmp(value, "true") == 0 ||
          strcmp(value, "1") == 0) {
        *dst = true;
      } else if (strcmp(value, "off") == 0 || strcmp(value, "false") == 0 ||
                 strcmp(value, "0") == 0) {
        *dst = false;
      } else {
        snprintf(err, errlen, "%s: \"%s\" is not on or off", origin, value);
        return false;
      }
      return true;
    }
    case K_LEVEL:
      if (!core_log_parse_level(value,
                                (enum core_log_level *)(base + o->offset))) {
        snprintf(err, errlen,
                 "%s: \"%s\" is not one of debug, info, warn, error", origin,
                 value);
        return false;
      }
      return true;
  }
  return false;
}

bool
core_config_init(struct core_config *cfg, char *err, size_t errlen)
{
  memset(cfg, 0, sizeof *cfg);
  cfg->listen = core_xstrdup("127.0.0.1:8080");
  cfg->data_dir = core_xstrdup("./var");
  cfg->pg_user = core_xstrdup("postgres");
  cfg->body_limit = 1024 * 1024;
  cfg->statement_timeout_ms = 10000;
  cfg->replica_max_lag_ms = 1000;
  cfg->replica_ryw_wait_ms = 200;
  cfg->http_per_ip = 1000;
  cfg->http_timeout_s = 30;
  cfg->rate_key = 50;
  cfg->rate_key_burst = 200;
  cfg->rate_addr = 10;
  cfg->rate_addr_burst = 100;
  cfg->office_threads = -1; /* 2 per core, decided when serving */
  cfg->office_nice = 10;
  cfg->log_level = CORE_LOG_INFO;
  cfg->auth_cache = true;
  for (size_t i = 0; i < NOPTIONS; i++) {
    const char *v = getenv(options[i].env);
    if (v != NULL && !apply(cfg, &options[i], v, options[i].env, err, errlen))
      return false;
  }
  return true;
}

bool
core_config_is_flag(const char *flag)
{
  for (size_t i = 0; i < NOPTIONS; i++) {
    if (strcmp(options[i].flag, flag) == 0)
      return true;
  }
  return false;
}

bool
core_config_set_flag(struct core_config *cfg, const char *flag,
                     const char *value, char *err, size_t errlen)
{
  for (size_t i = 0; i < NOPTIONS; i++) {
    if (strcmp(options[i].flag, flag) == 0)
      return apply(cfg, &options[i], value, flag, err, errlen);
  }
  snprintf(err, errlen, "unknown option %s", flag);
  return false;
}

void
core_config_print_help(void *out)
{
  for (size_t i = 0; i < NOPTIONS; i++)
    fprintf(out, "  %-26s %-28s %s\n", options[i].flag, options[i].env,
            options[i].help);
}

void
core_config_clear(struct core_config *cfg)
{
  free(cfg->database_url);
  free(cfg->replica_url);
  free(cfg->listen);
  free(cfg->data_dir);
  free(cfg->pg_bindir);
  free(cfg->pg_user);
  free(cfg->key_file);
  free(cfg->node_id);
  free(cfg->archive_dir);
  memset(cfg, 0, sizeof *cfg);
}
