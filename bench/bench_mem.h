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

/**
 * Opens @a n event streams of station @a station (GET
 * /api/v1/stations/{code}/events as the admin), reads each reply's head,
 * then (all still open) reads the server's RSS, and closes them.
 * @param[out] rss_mib the RSS with the streams open
 * @param[out] opened streams answered 200
 */
bool bench_mem_streams(struct bench_ctx *c, const char *station, unsigned n,
                       double *rss_mib, unsigned *opened);

/* What an export cost the server (bench_mem_export). */
struct bench_export {
  unsigned long long rows; /* lines of the file, header excluded */
  double seconds;          /* first byte asked to last byte read */
  double rss_idle_mib;     /* the server's RSS just before */
  double rss_peak_mib;     /* its highest RSS sampled while sending */
  double mib;              /* size of the file */
};

/**
 * Downloads GET @a path (a CSV export) as the admin, counting its lines
 * and throwing the bytes away, while sampling the server's RSS about
 * every 50 ms.
 * @param[out] x the figures
 * @return false (logged) when the download fails or answers non-200
 */
bool bench_mem_export(struct bench_ctx *c, const char *path,
                      struct bench_export *x);

#endif
