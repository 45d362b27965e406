#include "bench_cpu.h"

#include "bench_setup.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fields of /proc/<pid>/stat the bench reads (proc(5)). */
struct stat_line {
  long ppid;
  unsigned long utime, stime; /* clock ticks */
  long cutime, cstime;        /* of waited-for children */
};

/* Parses /proc/<pid>/stat; false when the process is gone. */
static bool
read_stat(pid_t pid, struct stat_line *s)
{
  char path[64], line[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return false;
  bool got = fgets(line, sizeof line, f) != NULL;
  fclose(f);
  /* The command name (field 2) is in parentheses and may hold spaces or
   * parentheses itself: the fields go on after the last ')'. */
  const char *p = got ? strrchr(line, ')') : NULL;
  if (p == NULL)
    return false;
  char state;
  /* 3 state, 4 ppid, 5-8 pgrp session tty tpgid, 9 flags, 10-13 fault
   * counts, 14 utime, 15 stime, 16 cutime, 17 cstime. */
  return sscanf(p + 1,
                " %c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld",
                &state, &s->ppid, &s->utime, &s->stime, &s->cutime,
                &s->cstime) == 6;
}

static double
ticks(double n)
{
  static long hz;
  if (hz <= 0)
    hz = sysconf(_SC_CLK_TCK);
  return n / (double)(hz > 0 ? hz : 100);
}

double
bench_cpu_proc(pid_t pid, bool children)
{
  struct stat_line s;
  if (!read_stat(pid, &s))
    return -1;
  double t = (double)s.utime + (double)s.stime;
  if (children)
    t += (double)s.cutime + (double)s.cstime;
  return ticks(t);
}

pid_t
bench_cpu_postmaster(struct bench_ctx *c)
{
  int64_t backend = bench_setup_sql_int(c, "SELECT pg_backend_pid()", 0, NULL);
  struct stat_line s;
  if (backend <= 0 || !read_stat((pid_t)backend, &s) || s.ppid <= 1) {
    bench_fail("cannot find the postmaster (backend %lld)", (long long)backend);
    return -1;
  }
  return (pid_t)s.ppid;
}

/* utime + stime of the live children of @a parent, in ticks. */
static double
children_ticks(pid_t parent)
{
  DIR *d = opendir("/proc");
  if (d == NULL)
    return 0;
  double sum = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!isdigit((unsigned char)e->d_name[0]))
      continue;
    struct stat_line s;
    /* One that exited since readdir is in the parent's cutime now. */
    if (read_stat((pid_t)strtol(e->d_name, NULL, 10), &s) &&
        s.ppid == (long)parent)
      sum += (double)s.utime + (double)s.stime;
  }
  closedir(d);
  return sum;
}

/* The client backends of the database but this bench's two connections,
 * with their CPU seconds so far. */
static bool
read_backends(struct bench_ctx *c, struct bench_cpu *out)
{
  char mine[2][16];
  snprintf(mine[0], sizeof mine[0], "%d", PQbackendPID(c->pg));
  snprintf(mine[1], sizeof mine[1], "%d", PQbackendPID(c->pg2));
  const char *p[] = {mine[0], mine[1]};
  PGresult *r = PQexecParams(
      c->pg,
      "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
      " AND datname = current_database() AND pid <> $1::int"
      " AND pid <> $2::int",
      2, NULL, p, NULL, NULL, 0);
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  out->nbackends = 0;
  for (int i = 0; ok && i < PQntuples(r); i++) {
    pid_t pid = (pid_t)strtol(PQgetvalue(r, i, 0), NULL, 10);
    double t = bench_cpu_proc(pid, false);
    if (t < 0 || out->nbackends == BENCH_CPU_BACKENDS)
      continue; /* gone since, or more than the server's pool holds */
    out->backend[out->nbackends] = pid;
    out->backend_s[out->nbackends++] = t;
  }
  if (!ok)
    bench_fail("cannot list the backends: %s", PQerrorMessage(c->pg));
  PQclear(r);
  return ok;
}

double
bench_cpu_backends(const struct bench_cpu *a, const struct bench_cpu *b,
                   unsigned *lost)
{
  double sum = 0;
  for (unsigned i = 0; i < b->nbackends; i++) {
    double was = 0;
    for (unsigned j = 0; j < a->nbackends; j++) {
      if (a->backend[j] == b->backend[i])
        was = a->backend_s[j];
    }
    sum += b->backend_s[i] - was;
  }
  *lost = 0;
  for (unsigned j = 0; j < a->nbackends; j++) {
    bool kept = false;
    for (unsigned i = 0; i < b->nbackends; i++)
      kept = kept || b->backend[i] == a->backend[j];
    *lost += kept ? 0 : 1;
  }
  return sum;
}

bool
bench_cpu_read(struct bench_ctx *c, pid_t postmaster, struct bench_cpu *out)
{
  if (!read_backends(c, out))
    return false;
  out->server = bench_cpu_proc(c->server_pid, false);
  double pm = bench_cpu_proc(postmaster, true);
  if (out->server < 0 || pm < 0)
    return bench_fail("cannot read /proc/<pid>/stat of the server (%d) or "
                      "the postmaster (%d)",
                      (int)c->server_pid, (int)postmaster);
  out->db = pm + ticks(children_ticks(postmaster));
  return true;
}
