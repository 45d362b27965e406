#ifndef OPS_PGCTL_H
#define OPS_PGCTL_H
/*
 * The embedded PostgreSQL cluster: created with initdb under
 * <data_dir>/pg on first use, started and stopped with pg_ctl, reachable
 * only through a unix socket in <data_dir>/run (no TCP port). PostgreSQL
 * refuses to run as root, so when Depot runs as root the cluster runs as
 * an unprivileged OS user (DEPOT_PG_USER, default postgres). When that
 * user cannot reach the data directory (a checkout in /root or in any
 * 0700 directory), the cluster, its socket and log live in
 * OPS_PGCTL_STATE_ROOT/<hash of the data dir's path> instead, owned by
 * that user and named in <data_dir>/cluster-home; everything else
 * (backups) stays in the data directory.
 */
#include "core_config.h"
#include "core_ec.h"

#include <stdbool.h>
#include <sys/types.h>

#define OPS_PGCTL_STATE_ROOT "/var/lib/depot"

struct ops_pgctl {
  char *data_dir; /* absolute */
  char *home;     /* holds pg/, run/, log/: data_dir or a state dir */
  bool relocated; /* home is the state dir: data_dir is out of reach */
  bool marked;    /* data_dir/cluster-home names it already */
  char *pgdata;
  char *sockdir;
  char *logfile;
  char *bindir;
  bool drop; /* run the programs as uid/gid below */
  uid_t uid;
  gid_t gid;
};

enum ops_pgctl_state {
  OPS_PGCTL_RUNNING,
  OPS_PGCTL_STOPPED,
  OPS_PGCTL_ABSENT, /* never initialized */
};

/*
 * Resolves paths and the PostgreSQL programs for @a cfg (in) into @a pc
 * (out, caller-owned; release with ops_pgctl_clear). Creates the data
 * directory. Logs the reason and returns CORE_EC_INTERNAL on failure.
 */
enum core_ec ops_pgctl_init(struct ops_pgctl *pc,
                            const struct core_config *cfg);

/* Releases the strings of @a pc (in,out). */
void ops_pgctl_clear(struct ops_pgctl *pc);

/* Current state of the cluster of @a pc (in). */
enum ops_pgctl_state ops_pgctl_state(const struct ops_pgctl *pc);

/*
 * Creates the cluster if absent, starts it if stopped and makes sure the
 * `depot` database exists. Refuses to start it once the replica of
 * `depot cluster` was promoted (two primaries). @a started (out, may be NULL)
 * tells whether this call started the server. Returns CORE_EC_OK or
 * CORE_EC_INTERNAL (logged, with where to look).
 */
enum core_ec ops_pgctl_start(const struct ops_pgctl *pc, bool *started);

/* Stops the cluster (fast shutdown) if running. */
enum core_ec ops_pgctl_stop(const struct ops_pgctl *pc);

/* libpq connection string for the `depot` database; heap, caller frees. */
char *ops_pgctl_conninfo(const struct ops_pgctl *pc);

/*
 * @a pc's socket directory as a libpq connection-string value (malloc'd):
 * single-quoted with quotes and backslashes escaped, so a data directory
 * with spaces ("/root/my shop/data") still connects.
 */
char *ops_pgctl_host(const struct ops_pgctl *pc);

/*
 * Runs @a argv (in; argv[0] a program in the bindir) as the cluster's
 * user, in its own session so a terminal's Ctrl+C does not reach a
 * postmaster, with output appended to @a out_path (in; NULL: inherit).
 * Returns the exit status, or -1 if it could not run.
 */
int ops_pgctl_run(const struct ops_pgctl *pc, char *const argv[],
                  const char *out_path);

/* Makes directory @a path (in) 0700, the cluster's user's; false (logged). */
bool ops_pgctl_mkdir(const struct ops_pgctl *pc, const char *path);

#endif
