#ifndef API_SINK_H
#define API_SINK_H
/*
 * A tiny HTTP endpoint on 127.0.0.1 for tests that expect Depot to call
 * out (store stock sync, order events): it records every request body and
 * answers 200, or 500 to the first @a fail_first requests.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct api_sink {
  int fd;
  unsigned port;
  int fail_first;
  pthread_t thread;
  atomic_int received;
  char last[4096]; /* the latest body */
  char *all;       /* every body so far, one per line (heap, 1 MiB cap) */
  size_t all_len;
  pthread_mutex_t mu;
};

/* Starts @a s (caller-owned) listening on a free port. */
bool api_sink_start(struct api_sink *s, int fail_first);

/*
 * Waits up to @a seconds for a request body (any so far, not only the
 * latest: deliveries may arrive in any order) containing @a want and at
 * least @a min_requests requests; prints what it saw when it gives up.
 */
bool api_sink_saw(struct api_sink *s, const char *want, int min_requests,
                  int seconds);

#endif
