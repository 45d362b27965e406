#include "bench_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One simulated client: its easy handle (and so its connection) and the
 * reply being read. */
struct slot {
  CURL *easy;
  struct curl_slist *headers;
  char *buf;
  size_t len, cap;
  double started;
  bool live;
  bool waiting;              /* holds a request not yet due */
  struct bench_call pending; /* that request */
  void *cls;
};

double
bench_http_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends a body chunk; a reply that cannot grow fails the transfer. */
static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *cls)
{
  struct slot *s = cls;
  size_t add = size * nmemb;
  if (s->len + add + 1 > s->cap) {
    size_t cap = (s->len + add + 1) * 2;
    char *grown = realloc(s->buf, cap);
    if (grown == NULL)
      return 0;
    s->buf = grown;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, ptr, add);
  s->len += add;
  s->buf[s->len] = '\0';
  return add;
}

/* Sets @a s's handle up for @a c; the handle keeps its connection. */
static void
prepare(struct slot *s, unsigned port, const struct bench_call *c)
{
  char url[BENCH_PATH_MAX + 64], auth[BENCH_TOKEN_MAX + 32];
  snprintf(url, sizeof url, "http://127.0.0.1:%u%s", port, c->path);
  curl_slist_free_all(s->headers);
  s->headers = curl_slist_append(NULL, "Expect:");
  if (c->body[0] != '\0')
    s->headers =
        curl_slist_append(s->headers, "Content-Type: application/json");
  if (c->token != NULL) {
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
    s->headers = curl_slist_append(s->headers, auth);
  }
  curl_easy_setopt(s->easy, CURLOPT_URL, url);
  curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
  curl_easy_setopt(s->easy, CURLOPT_CUSTOMREQUEST, c->method);
  if (c->body[0] != '\0') {
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE, -1L);
    curl_easy_setopt(s->easy, CURLOPT_COPYPOSTFIELDS, c->body);
  } else if (strcmp(c->method, "GET") == 0) {
    curl_easy_setopt(s->easy, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE, 0L);
    curl_easy_setopt(s->easy, CURLOPT_COPYPOSTFIELDS, "");
  }
  s->len = 0;
  if (s->buf != NULL)
    s->buf[0] = '\0';
}

static CURL *
new_easy(struct slot *s)
{
  CURL *e = curl_easy_init();
  if (e == NULL)
    return NULL;
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(e, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
  curl_easy_setopt(e, CURLOPT_PRIVATE, s);
  return e;
}

/* The engine's state for one run. */
struct run {
  const struct bench_target *t;
  const struct bench_client_ops *ops;
  CURLM *multi;
  struct slot *slots;
  unsigned n, live, waiting;
  double t0, warm_end, end, last;
};

/* Sends @a c on slot @a s; its latency counts from @a since. */
static void
send_call(struct run *r, struct slot *s, const struct bench_call *c,
          double since)
{
  prepare(s, r->t->port, c);
  s->started = since;
  if (curl_multi_add_handle(r->multi, s->easy) == CURLM_OK) {
    s->live = true;
    r->live++;
  }
}

/* Asks slot @a s's client for its next request and starts it, or keeps
 * it until it is due. */
static void
start_next(struct run *r, struct slot *s)
{
  struct bench_call c = {0};
  double now = bench_http_now();
  if (r->end > 0 && now >= r->end)
    return;
  if (!r->ops->next(s->cls, &c))
    return;
  if (c.not_before > now) {
    s->pending = c;
    s->waiting = true;
    r->waiting++;
    return;
  }
  send_call(r, s, &c, c.not_before > 0 ? c.not_before : now);
}

/* Sends the held requests that are due (and drops them at the end of the
 * window); returns the milliseconds until the next one is due, at most
 * @a cap_ms. */
static long
release_due(struct run *r, long cap_ms)
{
  double now = bench_http_now(), next = now + cap_ms / 1000.0;
  for (unsigned i = 0; r->waiting > 0 && i < r->n; i++) {
    struct slot *s = &r->slots[i];
    if (!s->waiting)
      continue;
    if (r->end > 0 && s->pending.not_before >= r->end) {
      s->waiting = false;
      r->waiting--;
    } else if (s->pending.not_before <= now) {
      s->waiting = false;
      r->waiting--;
      send_call(r, s, &s->pending, s->pending.not_before);
    } else if (s->pending.not_before < next) {
      next = s->pending.not_before;
    }
  }
  long ms = (long)((next - now) * 1000.0);
  return ms < 0 ? 0 : ms;
}

/* Hands a finished transfer to its client, then starts its next one. */
static void
finish(struct run *r, CURLMsg *m)
{
  struct slot *s = NULL;
  curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
  double now = bench_http_now();
  long status = 0;
  if (m->data.result == CURLE_OK)
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_multi_remove_handle(r->multi, s->easy);
  s->live = false;
  r->live--;
  r->last = now;
  json_t *j = s->len > 0 ? json_loadb(s->buf, s->len, 0, NULL) : NULL;
  bool counted = s->started >= r->warm_end && (r->end <= 0 || now <= r->end);
  r->ops->done(s->cls, status, j, (now - s->started) * 1000.0, counted);
  json_decref(j);
  start_next(r, s);
}

static void
loop(struct run *r)
{
  while (r->live > 0 || r->waiting > 0) {
    int running = 0;
    curl_multi_perform(r->multi, &running);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(r->multi, &left)) != NULL) {
      if (m->msg == CURLMSG_DONE)
        finish(r, m);
    }
    long wait_ms = release_due(r, 50);
    /* curl_multi_poll sleeps its timeout even with no transfer. */
    if (r->live > 0 || r->waiting > 0)
      curl_multi_poll(r->multi, NULL, 0, (int)wait_ms, NULL);
  }
}

static void
free_slots(struct run *r)
{
  for (unsigned i = 0; i < r->n; i++) {
    if (r->slots[i].easy != NULL)
      curl_easy_cleanup(r->slots[i].easy);
    curl_slist_free_all(r->slots[i].headers);
    free(r->slots[i].buf);
  }
  free(r->slots);
}

bool
bench_http_run(const struct bench_target *t, unsigned n, void **cls,
               const struct bench_client_ops *ops, const struct bench_window *w,
               double *elapsed_s)
{
  struct run r = {.t = t, .ops = ops, .n = n};
  r.multi = curl_multi_init();
  r.slots = calloc(n, sizeof *r.slots);
  bool ok = r.multi != NULL && r.slots != NULL;
  for (unsigned i = 0; ok && i < n; i++) {
    r.slots[i].cls = cls[i];
    r.slots[i].easy = new_easy(&r.slots[i]);
    ok = r.slots[i].easy != NULL;
  }
  if (ok) {
    curl_multi_setopt(r.multi, CURLMOPT_MAXCONNECTS, (long)n + 8);
    r.t0 = bench_http_now();
    r.warm_end = r.t0 + w->warm_s;
    r.end = w->measure_s > 0 ? r.warm_end + w->measure_s : 0;
    r.last = r.t0;
    for (unsigned i = 0; i < n; i++)
      start_next(&r, &r.slots[i]);
    loop(&r);
    *elapsed_s = r.last - r.t0;
  }
  if (r.slots != NULL)
    free_slots(&r);
  if (r.multi != NULL)
    curl_multi_cleanup(r.multi);
  return ok;
}

static struct slot sync_slot;

long
bench_http_call(const struct bench_target *t, const char *token,
                const char *method, const char *path, const char *body,
                json_t **json, double *ms)
{
  if (sync_slot.easy == NULL)
    sync_slot.easy = new_easy(&sync_slot);
  if (sync_slot.easy == NULL)
    return 0;
  struct bench_call c = {.method = method, .token = token};
  snprintf(c.path, sizeof c.path, "%s", path);
  snprintf(c.body, sizeof c.body, "%s", body != NULL ? body : "");
  prepare(&sync_slot, t->port, &c);
  double t0 = bench_http_now();
  CURLcode rc = curl_easy_perform(sync_slot.easy);
  if (ms != NULL)
    *ms = (bench_http_now() - t0) * 1000.0;
  long status = 0;
  if (rc == CURLE_OK)
    curl_easy_getinfo(sync_slot.easy, CURLINFO_RESPONSE_CODE, &status);
  else
    fprintf(stderr, "bench: %s %s: %s\n", method, path, curl_easy_strerror(rc));
  if (json != NULL)
    *json = sync_slot.len > 0
                ? json_loadb(sync_slot.buf, sync_slot.len, 0, NULL)
                : NULL;
  return status;
}

void
bench_http_close(void)
{
  if (sync_slot.easy != NULL)
    curl_easy_cleanup(sync_slot.easy);
  curl_slist_free_all(sync_slot.headers);
  free(sync_slot.buf);
  memset(&sync_slot, 0, sizeof sync_slot);
}
