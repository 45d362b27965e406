#include "web_outbox.h"

#include "core_arena.h"
#include "core_audit.h"
#include "core_billing.h"
#include "core_crm.h"
#include "core_log.h"
#include "core_outbox.h"
#include "core_part.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * One message per lease: the lease (15 s, core/core_outbox.c) covers one
 * POST of at most TIMEOUT_S. A batch leased at once would wait leased
 * while earlier messages are posted, and past the lease another node would
 * take and deliver it as well (several nodes on one database).
 */
enum { BATCH = 1, IDLE_MS = 500, TIMEOUT_S = 10 };

static pthread_t worker;
static atomic_bool stopping;
static bool running;

static size_t
discard(char *ptr, size_t size, size_t n, void *cls)
{
  return size * n;
}

/* POSTs one message; true on a 2xx answer, else @a err says why. */
static bool
deliver(const struct core_outbox_msg *m, char *err, size_t len)
{
  char *text;
  if (m->payload != NULL) {
    text = strdup(m->payload);
  } else {
    json_t *body = json_pack("{s:s, s:s, s:I}", "store", m->store, "sku",
                             m->sku, "available", (json_int_t)m->available);
    text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
  }
  CURL *c = curl_easy_init();
  struct curl_slist *h =
      curl_slist_append(NULL, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, m->url);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  if (rc == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK)
    snprintf(err, len, "%s", curl_easy_strerror(rc));
  else if (status < 200 || status > 299)
    snprintf(err, len, "HTTP %ld", status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  free(text);
  return rc == CURLE_OK && status >= 200 && status <= 299;
}

/* Delivers one batch; returns how many messages it handled. */
static unsigned
round_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_outbox_msg *msgs;
  unsigned n = 0;
  if (core_outbox_lease(BATCH, a, &msgs, &n) != CORE_EC_OK)
    n = 0;
  for (unsigned i = 0; i < n && !atomic_load(&stopping); i++) {
    char err[200] = "";
    bool ok = deliver(&msgs[i], err, sizeof err);
    if (!ok)
      CORE_WARN("outbox message %lld (%s) to store %s failed (attempt %d): "
                "%s",
                (long long)msgs[i].id,
                msgs[i].payload != NULL ? "event" : msgs[i].sku, msgs[i].store,
                msgs[i].attempts, err);
    if (core_outbox_done(&msgs[i], ok, err) != CORE_EC_OK)
      CORE_WARN("could not record the delivery of outbox message %lld",
                (long long)msgs[i].id);
  }
  core_arena_free(a);
  return n;
}

/*
 * The nightly jobs (issue 20: RFM segments; issue 23: billing snapshots;
 * issue 25: partitions ahead),
 * looked at every ten minutes; the database decides whether today's run is due
 * (crm_rfm_nightly).
 */
static void
nightly(time_t *next)
{
  time_t now = time(NULL);
  if (now < *next)
    return;
  *next = now + 600;
  bool ran = false;
  if (core_crm_rfm_nightly(&ran) != CORE_EC_OK)
    CORE_WARN("could not run the nightly customer segments");
  else if (ran)
    CORE_INFO("customer segments recomputed");
  /* 3PL billing: yesterday's end-of-day stock per SKU and bin (one node
   * writes it; the others find the day done). */
  int64_t days = 0;
  if (core_billing_nightly(&days) != CORE_EC_OK)
    CORE_WARN("could not take the nightly stock snapshot for billing");
  else if (days > 0)
    CORE_INFO("billing stock snapshot: %lld day(s)", (long long)days);
  /* Partitioned history (issue 25): three months of partitions ahead; one
   * node makes them, the others skip on the advisory lock. */
  int64_t made = 0;
  if (core_part_upkeep(&made) != CORE_EC_OK)
    CORE_WARN("could not make the coming months' partitions");
  else if (made > 0)
    CORE_INFO("partitions: %lld made", (long long)made);
}

static void *
run(void *cls)
{
  time_t next = 0;
  while (!atomic_load(&stopping)) {
    /* Audit rows spooled in an outage go in once the database is back. */
    core_audit_flush();
    nightly(&next);
    if (round_once() == 0) {
      for (int i = 0; i < IDLE_MS / 50 && !atomic_load(&stopping); i++)
        usleep(50000);
    }
  }
  return NULL;
}

enum core_ec
web_outbox_start(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  atomic_store(&stopping, false);
  if (pthread_create(&worker, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the outbox worker");
    return CORE_EC_INTERNAL;
  }
  running = true;
  return CORE_EC_OK;
}

void
web_outbox_stop(void)
{
  if (!running)
    return;
  atomic_store(&stopping, true);
  pthread_join(worker, NULL);
  running = false;
  curl_global_cleanup();
}
