#include "web_push.h"

#include "core_listen.h"
#include "core_log.h"
#include "wms_station.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
  MAX_SUBS = 2000,
  MAX_PENDING = 64 * 1024, /* bytes a slow client may have queued */
  HEARTBEAT_S = 15,
  MAX_RESUME = 64,
};

/* One open event stream. Guarded by mu, except conn (constant). */
struct sub {
  struct sub *next;
  char station[33];
  struct MHD_Connection *conn;
  char *buf;
  size_t len, off, cap;
  bool suspended, done;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct sub *subs;
static unsigned nsubs;
static atomic_bool stopping;
static bool running;
static pthread_t listener;
static char *conninfo;

/* Appends @a n bytes to @a s's queue; a client too slow is dropped. */
static void
append_locked(struct sub *s, const char *data, size_t n)
{
  if (s->len + n > MAX_PENDING) {
    s->done = true;
    return;
  }
  if (s->len + n > s->cap) {
    size_t cap = s->cap == 0 ? 1024 : s->cap;
    while (cap < s->len + n)
      cap *= 2;
    char *grown = realloc(s->buf, cap);
    if (grown == NULL) {
      s->done = true;
      return;
    }
    s->buf = grown;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, data, n);
  s->len += n;
}

/*
 * Queues @a data for the streams of @a station (NULL: all) and resumes the
 * suspended ones, outside the lock so that MHD's locks never nest in ours.
 */
static void
publish(const char *station, const char *data)
{
  struct MHD_Connection *wake[MAX_RESUME];
  size_t n = 0, len = strlen(data);
  bool more = true;
  while (more) {
    more = false;
    n = 0;
    pthread_mutex_lock(&mu);
    for (struct sub *s = subs; s != NULL; s = s->next) {
      if (station != NULL && strcmp(s->station, station) != 0)
        continue;
      if (data[0] != '\0' && !s->done)
        append_locked(s, data, len);
      if (s->suspended && n < MAX_RESUME) {
        s->suspended = false;
        wake[n++] = s->conn;
      } else if (s->suspended) {
        more = true;
      }
    }
    pthread_mutex_unlock(&mu);
    data = ""; /* a second round only wakes the rest */
    len = 0;
    for (size_t i = 0; i < n; i++)
      MHD_resume_connection(wake[i]);
  }
}

/* A notification: {"station":…,…} becomes one "scan" event. */
static void
dispatch(const char *payload)
{
  json_t *j = json_loads(payload, 0, NULL);
  const char *station = json_string_value(json_object_get(j, "station"));
  if (station != NULL) {
    size_t n = strlen(payload) + 32;
    char *event = malloc(n);
    if (event != NULL) {
      snprintf(event, n, "event: scan\ndata: %s\n\n", payload);
      publish(station, event);
      free(event);
    }
  }
  json_decref(j);
}

/* A notification's payload, as core_listen_wait hands it. */
static void
on_notify(const char *payload, void *cls)
{
  (void)cls;
  dispatch(payload);
}

static void *
run(void *cls)
{
  (void)cls;
  unsigned idle = 0;
  while (!atomic_load(&stopping)) {
    PGconn *pg = core_listen_open(conninfo, "LISTEN " WMS_STATION_CHANNEL,
                                  "station push");
    bool ok = pg != NULL;
    while (ok && !atomic_load(&stopping)) {
      ok = core_listen_wait(pg, 1000, on_notify, NULL);
      if (++idle >= HEARTBEAT_S) {
        idle = 0;
        publish(NULL, ": keep-alive\n\n");
      }
    }
    PQfinish(pg);
    for (int i = 0; i < 10 && !atomic_load(&stopping); i++)
      usleep(100000);
  }
  return NULL;
}

enum core_ec
web_push_start(const char *info)
{
  conninfo = strdup(info);
  atomic_store(&stopping, false);
  if (conninfo == NULL || pthread_create(&listener, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the station push listener");
    free(conninfo);
    conninfo = NULL;
    return CORE_EC_INTERNAL;
  }
  running = true;
  return CORE_EC_OK;
}

void
web_push_stop(void)
{
  if (!running)
    return;
  atomic_store(&stopping, true);
  pthread_join(listener, NULL);
  pthread_mutex_lock(&mu);
  for (struct sub *s = subs; s != NULL; s = s->next)
    s->done = true;
  pthread_mutex_unlock(&mu);
  publish(NULL, "");
  running = false;
  free(conninfo);
  conninfo = NULL;
}

/* MHD asks for the next bytes; with none, the connection is parked. */
static ssize_t
reader(void *cls, uint64_t pos, char *buf, size_t max)
{
  struct sub *s = cls;
  (void)pos;
  pthread_mutex_lock(&mu);
  ssize_t n = 0;
  if (s->len > s->off) {
    size_t k = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->buf + s->off, k);
    s->off += k;
    if (s->off == s->len)
      s->off = s->len = 0;
    n = (ssize_t)k;
  } else if (s->done || atomic_load(&stopping)) {
    n = MHD_CONTENT_READER_END_OF_STREAM;
  } else {
    s->suspended = true;
    MHD_suspend_connection(s->conn);
  }
  pthread_mutex_unlock(&mu);
  return n;
}

static void
release(void *cls)
{
  struct sub *s = cls;
  pthread_mutex_lock(&mu);
  for (struct sub **p = &subs; *p != NULL; p = &(*p)->next) {
    if (*p == s) {
      *p = s->next;
      nsubs--;
      break;
    }
  }
  pthread_mutex_unlock(&mu);
  free(s->buf);
  free(s);
}

struct MHD_Response *
web_push_stream(struct MHD_Connection *conn, const char *station)
{
  pthread_mutex_lock(&mu);
  bool full = nsubs >= MAX_SUBS;
  pthread_mutex_unlock(&mu);
  struct sub *s = full ? NULL : calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  snprintf(s->station, sizeof s->station, "%s", station);
  s->conn = conn;
  char hello[96];
  snprintf(hello, sizeof hello,
           "retry: 2000\nevent: hello\ndata: {\"station\":\"%s\"}\n\n",
           s->station);
  append_locked(s, hello, strlen(hello));
  struct MHD_Response *resp = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 4096, reader, s, release);
  if (resp == NULL) {
    free(s->buf);
    free(s);
    return NULL;
  }
  pthread_mutex_lock(&mu);
  s->next = subs;
  subs = s;
  nsubs++;
  pthread_mutex_unlock(&mu);
  return resp;
}
