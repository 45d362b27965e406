#include "bench_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
bench_stats_add(struct bench_stats *s, double ms)
{
  if (s->n == s->cap) {
    size_t cap = s->cap == 0 ? 4096 : s->cap * 2;
    double *grown = realloc(s->ms, cap * sizeof *grown);
    if (grown == NULL)
      abort();
    s->ms = grown;
    s->cap = cap;
  }
  s->ms[s->n++] = ms;
}

static int
cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double
bench_stats_pct(struct bench_stats *s, double p)
{
  if (s->n == 0)
    return 0;
  qsort(s->ms, s->n, sizeof *s->ms, cmp);
  size_t rank = (size_t)ceil(p / 100.0 * (double)s->n);
  if (rank < 1)
    rank = 1;
  if (rank > s->n)
    rank = s->n;
  return s->ms[rank - 1];
}

void
bench_stats_clear(struct bench_stats *s)
{
  free(s->ms);
  memset(s, 0, sizeof *s);
}
