#include "web_office.h"

#include "core_db.h"
#include "core_log.h"
#include "core_mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

enum {
  MAX_THREADS = 64,
  /* Waiting jobs are whole requests (bodies up to the body limit): past
   * this many, new ones run on the HTTP thread as before. */
  MAX_WAITING = 4096,
};

struct job {
  web_office_fn fn;
  void *arg;
  struct job *next;
};

struct web_office {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct job *head, *tail;
  unsigned waiting;
  bool stopping;
  int nice;
  bool office_pool;
  unsigned nthreads;
  pthread_t threads[MAX_THREADS];
};

/* Lowers this thread's priority (Linux: nice is per thread). */
static void
lower_priority(int nice)
{
  if (nice <= 0)
    return;
  if (setpriority(PRIO_PROCESS, (id_t)gettid(), nice) != 0)
    CORE_WARN("office thread: could not set nice %d: %s", nice,
              strerror(errno));
}

static struct job *
take(struct web_office *o)
{
  pthread_mutex_lock(&o->mu);
  while (o->head == NULL && !o->stopping)
    pthread_cond_wait(&o->cv, &o->mu);
  struct job *j = o->head;
  if (j != NULL) {
    o->head = j->next;
    if (o->head == NULL)
      o->tail = NULL;
    o->waiting--;
  }
  pthread_mutex_unlock(&o->mu);
  return j;
}

static void *
worker(void *arg)
{
  struct web_office *o = arg;
  lower_priority(o->nice);
  core_db_office_thread(o->office_pool);
  struct job *j;
  /* Stopping still drains the queue: every suspended request resumes. */
  while ((j = take(o)) != NULL) {
    j->fn(j->arg);
    free(j);
  }
  return NULL;
}

enum core_ec
web_office_start(unsigned threads, int nice, bool office_pool,
                 struct web_office **out)
{
  struct web_office *o = core_xcalloc(1, sizeof *o);
  pthread_mutex_init(&o->mu, NULL);
  pthread_cond_init(&o->cv, NULL);
  o->nice = nice;
  o->office_pool = office_pool;
  if (threads == 0)
    threads = 1;
  if (threads > MAX_THREADS)
    threads = MAX_THREADS;
  for (unsigned i = 0; i < threads; i++) {
    if (pthread_create(&o->threads[o->nthreads], NULL, worker, o) != 0) {
      CORE_WARN("office lane: thread %u did not start", i + 1);
      break;
    }
    o->nthreads++;
  }
  if (o->nthreads == 0) {
    CORE_ERROR("office lane: no thread started");
    pthread_cond_destroy(&o->cv);
    pthread_mutex_destroy(&o->mu);
    free(o);
    return CORE_EC_INTERNAL;
  }
  *out = o;
  return CORE_EC_OK;
}

bool
web_office_submit(struct web_office *o, web_office_fn fn, void *arg)
{
  struct job *j = core_xmalloc(sizeof *j);
  *j = (struct job){fn, arg, NULL};
  pthread_mutex_lock(&o->mu);
  bool ok = !o->stopping && o->waiting < MAX_WAITING;
  if (ok) {
    if (o->tail != NULL)
      o->tail->next = j;
    else
      o->head = j;
    o->tail = j;
    o->waiting++;
    pthread_cond_signal(&o->cv);
  }
  pthread_mutex_unlock(&o->mu);
  if (!ok)
    free(j);
  return ok;
}

void
web_office_stop(struct web_office *o)
{
  if (o == NULL)
    return;
  pthread_mutex_lock(&o->mu);
  bool was = o->stopping;
  o->stopping = true;
  pthread_cond_broadcast(&o->cv);
  pthread_mutex_unlock(&o->mu);
  if (was)
    return;
  for (unsigned i = 0; i < o->nthreads; i++)
    pthread_join(o->threads[i], NULL);
}

void
web_office_free(struct web_office *o)
{
  if (o == NULL)
    return;
  web_office_stop(o);
  pthread_cond_destroy(&o->cv);
  pthread_mutex_destroy(&o->mu);
  free(o);
}
