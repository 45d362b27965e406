#include "web_events.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_webhook.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One delivery per lease: the 15 s lease (core/core_webhook.c) covers one
 * POST of at most TIMEOUT_S, never a wait behind a batch's other POSTs, so
 * a second node never takes a delivery this one is still making. */
enum { BATCH = 1, IDLE_MS = 250, TIMEOUT_S = 10, EXCERPT = 200 };

static pthread_t worker;
static atomic_bool stopping;
static bool running;

void
web_events_sign(const char *secret, time_t t, const char *body, size_t len,
                char out[WEB_EVENTS_SIG_LEN])
{
  char ts[24];
  int tl = snprintf(ts, sizeof ts, "%lld", (long long)t);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
                              strlen(secret));
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (size_t)tl);
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  snprintf(out, WEB_EVENTS_SIG_LEN, "t=%s,v1=%s", ts, hex);
  sodium_memzero(&st, sizeof st);
}

/* Keeps the first EXCERPT bytes of the answer, drops the rest. */
struct excerpt {
  char text[EXCERPT + 1];
  size_t len;
};

static size_t
keep(char *ptr, size_t size, size_t n, void *cls)
{
  struct excerpt *e = cls;
  size_t got = size * n;
  size_t take = got < EXCERPT - e->len ? got : EXCERPT - e->len;
  memcpy(e->text + e->len, ptr, take);
  e->len += take;
  e->text[e->len] = '\0';
  return got;
}

/* POSTs @a m signed; true on a 2xx answer. @a status and @a e say what
   came back (status 0 and the error text when nothing did). */
static bool
deliver(const struct core_webhook_msg *m, long *status, struct excerpt *e)
{
  char sig[WEB_EVENTS_SIG_LEN], h1[32 + WEB_EVENTS_SIG_LEN], h2[64], h3[64],
      h4[96];
  web_events_sign(m->secret, time(NULL), m->body, strlen(m->body), sig);
  snprintf(h1, sizeof h1, "Depot-Signature: %s", sig);
  snprintf(h2, sizeof h2, "Depot-Event-Id: %lld", (long long)m->event);
  snprintf(h3, sizeof h3, "Depot-Delivery-Attempt: %d", m->attempts);
  /* Which node sent it (DEPOT_NODE_ID), for a receiver reading its log
   * next to the nodes' logs. */
  snprintf(h4, sizeof h4, "Depot-Node: %s", core_log_node());
  struct curl_slist *h =
      curl_slist_append(NULL, "Content-Type: application/json");
  h = curl_slist_append(h, h1);
  h = curl_slist_append(h, h2);
  h = curl_slist_append(h, h3);
  h = curl_slist_append(h, h4);
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, m->url);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, m->body);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, e);
  CURLcode rc = curl_easy_perform(c);
  *status = 0;
  if (rc == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  else
    snprintf(e->text, sizeof e->text, "%s", curl_easy_strerror(rc));
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return rc == CURLE_OK && *status >= 200 && *status <= 299;
}

/* Delivers one batch; returns how many deliveries it handled. */
static unsigned
round_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_webhook_msg *msgs = NULL;
  unsigned n = 0;
  if (core_webhook_lease(BATCH, a, &msgs, &n) != CORE_EC_OK)
    n = 0;
  for (unsigned i = 0; i < n && !atomic_load(&stopping); i++) {
    struct excerpt e = {.len = 0};
    long status = 0;
    bool ok = false;
    e.text[0] = '\0';
    if (msgs[i].secret == NULL)
      snprintf(e.text, sizeof e.text, "the secret does not open");
    else
      ok = deliver(&msgs[i], &status, &e);
    if (!ok)
      CORE_WARN("webhook delivery %lld (event %lld) failed (attempt %d): "
                "%ld %s",
                (long long)msgs[i].id, (long long)msgs[i].event,
                msgs[i].attempts, status, e.text);
    if (core_webhook_done(&msgs[i], ok, status, e.text) != CORE_EC_OK)
      CORE_WARN("could not record webhook delivery %lld",
                (long long)msgs[i].id);
  }
  core_arena_free(a);
  return n;
}

static void *
run(void *cls)
{
  while (!atomic_load(&stopping)) {
    if (round_once() == 0) {
      for (int i = 0; i < IDLE_MS / 50 && !atomic_load(&stopping); i++)
        usleep(50000);
    }
  }
  return NULL;
}

enum core_ec
web_events_start(void)
{
  atomic_store(&stopping, false);
  if (pthread_create(&worker, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the event webhook worker");
    return CORE_EC_INTERNAL;
  }
  running = true;
  return CORE_EC_OK;
}

void
web_events_stop(void)
{
  if (!running)
    return;
  atomic_store(&stopping, true);
  pthread_join(worker, NULL);
  running = false;
}
