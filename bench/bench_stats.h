#ifndef BENCH_STATS_H
#define BENCH_STATS_H

/* Latency samples and their percentiles. */

#include <stddef.h>

struct bench_stats {
  double *ms; /* samples, owned */
  size_t n, cap;
  unsigned errors; /* replies that were not the expected status */
};

/** Adds one sample of @a ms milliseconds to @a s (in,out). */
void bench_stats_add(struct bench_stats *s, double ms);

/**
 * The @a p-th percentile (0..100) of @a s's samples, nearest rank;
 * 0 when there are none. Sorts the samples in place.
 */
double bench_stats_pct(struct bench_stats *s, double p);

/** Frees the samples and zeroes @a s. */
void bench_stats_clear(struct bench_stats *s);

#endif
