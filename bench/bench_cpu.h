#ifndef BENCH_CPU_H
#define BENCH_CPU_H

/*
 * CPU seconds from /proc: what the server and the database spent on a
 * phase, so a figure can be put per order or per request and compared
 * with other systems doing the same work.
 */

#include "bench.h"

enum { BENCH_CPU_BACKENDS = 256 };

/* CPU seconds used so far, read at one moment. */
struct bench_cpu {
  double server;      /* the depot serve process: utime + stime, every thread */
  double db;          /* the whole cluster: the postmaster's own, its live
                         children's (autovacuum, checkpointer, WAL writer, every
                         backend, this bench's own connections too) and its
                         cutime + cstime (children that exited) */
  unsigned nbackends; /* the client backends of other connections than
                         this bench's (the server's pool), and their */
  pid_t backend[BENCH_CPU_BACKENDS];
  double backend_s[BENCH_CPU_BACKENDS]; /* utime + stime */
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
 * CPU seconds the server's backends (struct bench_cpu.backend) spent from
 * @a a to @a b: a backend's time at @a b less its time at @a a (0 when
 * it connected in between).
 * @param[out] lost backends of @a a gone at @a b (their time is not
 *             counted; the cluster's figure has it)
 * @return the seconds
 */
double bench_cpu_backends(const struct bench_cpu *a, const struct bench_cpu *b,
                          unsigned *lost);

/**
 * utime + stime (with @a children also cutime + cstime) of @a pid in
 * seconds; -1 when /proc/<pid>/stat cannot be read.
 */
double bench_cpu_proc(pid_t pid, bool children);

#endif
