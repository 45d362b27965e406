#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H
/*
 * Runtime settings. Each has a DEPOT_* environment variable and a --flag;
 * the flag wins. Defaults suit `make run` on a developer machine.
 */
#include "core_log.h"

#include <stdbool.h>
#include <stddef.h>

struct core_config {
  char *database_url; /* NULL: use the embedded cluster under data_dir */
  char *replica_url;  /* NULL: no read replica (docs/scale.md) */
  char *listen;       /* "host:port", default 127.0.0.1:8080 */
  char *data_dir;     /* default ./var */
  char *pg_bindir;    /* NULL: newest /usr/lib/postgresql/N/bin */
  char *pg_user;      /* OS user for the embedded cluster when root */
  char *key_file;     /* NULL: <data_dir>/depot.key (core_pii.h) */
  char *node_id;      /* NULL: hostname:port once serving */
  char *archive_dir;  /* NULL: <data_dir>/archive (core_part_dir_for) */
  long threads;       /* HTTP worker threads; 0 = one per core */
  long body_limit;    /* largest accepted request body, bytes */
  long statement_timeout_ms;
  long db_pool_size;        /* 0 = threads + 2 */
  long office_threads;      /* office lane (web_office.h); -1: 2 per core */
  long office_nice;         /* its CPU nice, 0-19 */
  long replica_pool_size;   /* 0 = threads + 2 */
  long replica_max_lag_ms;  /* reads leave a replica lagging more */
  long replica_ryw_wait_ms; /* read-your-writes wait, then the primary */
  bool sync_replica;        /* DEPOT_SYNC_REPLICA: commits wait for a standby */
  bool auth_cache;  /* DEPOT_AUTH_CACHE: the node's session cache (default) */
  long http_per_ip; /* open HTTP connections one client address may hold */
  long http_timeout_s; /* a connection silent this long is closed */
  long rate_key;       /* requests a second one API key may make; 0: any */
  long rate_key_burst; /* ... and at once */
  long rate_addr;      /* sign-ins and other public requests a second one
                          client address may make; 0: any */
  long rate_addr_burst;
  enum core_log_level log_level;
};

/*
 * Fills @a cfg (out, caller-owned; release with core_config_clear) with
 * defaults, then the environment. Returns false with a one-line reason in
 * @a err (out) when a variable holds a bad value.
 */
bool core_config_init(struct core_config *cfg, char *err, size_t errlen);

/*
 * Applies one command-line flag @a flag (in, e.g. "--listen", without
 * "=value") with @a value (in). Returns false with a reason in @a err for
 * an unknown flag or a bad value.
 */
bool core_config_set_flag(struct core_config *cfg, const char *flag,
                          const char *value, char *err, size_t errlen);

/* Whether @a flag (in) is one of the settings' flags. */
bool core_config_is_flag(const char *flag);

/* Prints the flags and variables, for --help, to @a out (a FILE *). */
void core_config_print_help(void *out);

/* Releases the strings of @a cfg (in,out). */
void core_config_clear(struct core_config *cfg);

#endif
