#ifndef BENCH_CLUSTER_H
#define BENCH_CLUSTER_H

/*
 * `make bench CLUSTER=1` (issue 25 item 6): scan throughput through
 * HAProxy with one node and with two, and stock lookup and report
 * throughput read from the primary and from the streaming replica, on a
 * cluster bench/run_cluster.sh made with `depot cluster up`. The figures
 * go to latest.json's "cluster" object; docs/performance.md explains them.
 */

#include "bench.h"

/* The cluster under test, beside c->target (HAProxy). */
struct bench_cluster {
  const char *dir;         /* <data dir>/cluster: the nodes' pid files */
  unsigned haproxy_port;   /* node i listens on haproxy_port + i */
  unsigned direct_port;    /* a `depot serve` on the primary, no replica */
  const char *replica_url; /* libpq conninfo of the replica */
};

/**
 * Sets up the business (catalog, 64 pickers), then measures: c64 closed
 * loop scans through HAProxy with node 2 stopped, then again once `depot
 * cluster up` has started it again; a closed loop of 16 clients reading
 * stock lookups and the inventory report from node 1 (its replica-safe
 * reads go to the replica) and from the direct server (primary only).
 * Fills c->out's "cluster" object.
 * @return false (logged) when a phase failed
 */
bool bench_cluster_run(struct bench_ctx *c, const struct bench_cluster *k,
                       char (*tokens)[BENCH_TOKEN_MAX]);

/**
 * Writes c->out's "cluster" into the JSON at @a path, keeping the figures
 * a full run left there (a new file when there is none).
 * @return false (logged) if the file cannot be written
 */
bool bench_cluster_write(struct bench_ctx *c, const char *path);

#endif
