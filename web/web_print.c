#include "web_print.h"

#include "core_arena.h"
#include "core_log.h"
#include "dev_label.h"
#include "wms_print.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* One job per lease, so that the lease covers one send and no job waits
 * leased behind another's (another node would take it past the lease). */
enum { BATCH = 1 };

/* The worker's settings, read once at start. */
static struct {
  int timeout_ms, retry_ms, attempts, poll_ms;
} cfg;

static pthread_t worker;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, woken, running;

/* Integer @a name from the environment in [lo, hi], else @a dflt. */
static int
env_int(const char *name, int dflt, int lo, int hi)
{
  const char *v = getenv(name);
  if (v == NULL || v[0] == '\0')
    return dflt;
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno != 0 || *end != '\0' || n < lo || n > hi) {
    CORE_WARN("%s=%s is not a number in %d..%d: using %d", name, v, lo, hi,
              dflt);
    return dflt;
  }
  return (int)n;
}

/* Sends one batch of due jobs; returns how many it handled. */
static unsigned
round_once(void)
{
  struct core_arena *a = core_arena_new();
  struct wms_print_job *jobs;
  unsigned n = 0;
  /* The lease outlives one send (connect plus writes, each bounded by the
   * timeout); a node that dies mid-send leaves the job to another node
   * when it ends (14 s with the default timeout). */
  int lease_ms = 3 * cfg.timeout_ms + 5000;
  if (wms_print_lease(BATCH, lease_ms, a, &jobs, &n) != CORE_EC_OK)
    n = 0;
  for (unsigned i = 0; i < n; i++) {
    char err[160] = "";
    bool ok = dev_label_send(jobs[i].printer, jobs[i].payload, jobs[i].len,
                             cfg.timeout_ms, err, sizeof err);
    if (!ok)
      CORE_WARN("print job %lld to %s failed (attempt %d of %d): %s",
                (long long)jobs[i].id, jobs[i].printer, jobs[i].attempts,
                cfg.attempts, err);
    if (wms_print_done(&jobs[i], ok, err, cfg.attempts, cfg.retry_ms) !=
        CORE_EC_OK)
      CORE_WARN("could not record the outcome of print job %lld",
                (long long)jobs[i].id);
  }
  core_arena_free(a);
  return n;
}

/* Waits up to the poll interval, or until woken or stopping. */
static bool
idle(void)
{
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  long ns = until.tv_nsec + (long)(cfg.poll_ms % 1000) * 1000000L;
  until.tv_sec += cfg.poll_ms / 1000 + ns / 1000000000L;
  until.tv_nsec = ns % 1000000000L;
  pthread_mutex_lock(&lock);
  while (!stopping && !woken &&
         pthread_cond_timedwait(&wake, &lock, &until) == 0)
    ;
  woken = false;
  bool stop = stopping;
  pthread_mutex_unlock(&lock);
  return !stop;
}

static void *
run(void *cls)
{
  (void)cls;
  for (;;) {
    pthread_mutex_lock(&lock);
    bool stop = stopping;
    pthread_mutex_unlock(&lock);
    if (stop)
      break;
    /* A full batch means more may be due: look again at once. */
    if (round_once() < BATCH && !idle())
      break;
  }
  return NULL;
}

enum core_ec
web_print_start(void)
{
  cfg.timeout_ms = env_int("DEPOT_PRINT_TIMEOUT_MS", 3000, 50, 60000);
  cfg.retry_ms = env_int("DEPOT_PRINT_RETRY_MS", 2000, 10, 3600000);
  cfg.attempts = env_int("DEPOT_PRINT_ATTEMPTS", 5, 1, 100);
  cfg.poll_ms = env_int("DEPOT_PRINT_POLL_MS", 500, 10, 60000);
  stopping = false;
  woken = false;
  if (pthread_create(&worker, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the print worker");
    return CORE_EC_INTERNAL;
  }
  running = true;
  return CORE_EC_OK;
}

void
web_print_wake(void)
{
  pthread_mutex_lock(&lock);
  woken = true;
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
}

void
web_print_stop(void)
{
  if (!running)
    return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  pthread_join(worker, NULL);
  running = false;
}
