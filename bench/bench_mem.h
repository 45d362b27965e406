#ifndef BENCH_MEM_H
#define BENCH_MEM_H

/* The server's memory: resident set size, idle and under connections. */

#include "bench.h"

/**
 * VmRSS of process @a pid from /proc/<pid>/status, in MiB.
 * @return the size, or -1 if it cannot be read
 */
double bench_mem_rss_mib(pid_t pid);

/**
 * Opens @a n TCP connections to the server, sends one keep-alive
 * GET /healthz on each and reads the reply, then (all still open)
 * reads the server's RSS, and closes them.
 * @param[out] rss_mib the RSS with the connections open
 * @param[out] opened connections that got their reply
 */
bool bench_mem_conns(struct bench_ctx *c, unsigned n, double *rss_mib,
                     unsigned *opened);

#endif
