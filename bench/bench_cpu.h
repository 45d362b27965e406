#ifndef BENCH_CPU_H
#define BENCH_CPU_H

/*
 * CPU seconds from /proc: what the server and the database spent on a
 * phase, so a figure can be put per order or per request and compared
 * with other systems doing the same work.
 */

#include "bench.h"

/* CPU seconds used so far, read at one moment. */
struct bench_cpu {
  double server; /* the depot serve process: utime + stime, every thread */
  double db;     /* the postmaster's own, its live children's, and its
                    cutime + cstime (children that exited, backends of
                    closed connections) */
};

/**
 * The postmaster's pid: the parent of this bench's own backend
 * (pg_backend_pid() on c->pg).
 * @return the pid, or -1 (logged)
 */
pid_t bench_cpu_postmaster(struct bench_ctx *c);

/**
 * Reads the server's (c->server_pid) and the database's CPU seconds.
 * @param postmaster from bench_cpu_postmaster
 * @param[out] out the figures
 * @return false (logged) when a /proc file of the server or the
 *         postmaster cannot be read
 */
bool bench_cpu_read(struct bench_ctx *c, pid_t postmaster,
                    struct bench_cpu *out);

/**
 * utime + stime (with @a children also cutime + cstime) of @a pid in
 * seconds; -1 when /proc/<pid>/stat cannot be read.
 */
double bench_cpu_proc(pid_t pid, bool children);

#endif
