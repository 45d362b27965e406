#include "web_channels.h"
#include "web_channel_stock.h"
#include "web_waybill.h"

#include "channel.h"
#include "core_arena.h"
#include "core_channel.h"
#include "core_log.h"
#include "core_order.h"
#include "core_stock.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One write-back per lease (core/core_channel.c): the lease covers one
 * call to the marketplace, never a wait behind a batch's other calls, so a
 * second node never sends one this node is still sending. */
enum { WRITEBACK_BATCH = 1, IDLE_MS = 500, RENEW_S = 30 };

static pthread_t worker;
static atomic_bool stopping;
static bool running;

/* One pull in progress: what it saw and took in. */
struct pull {
  struct core_channel_job *job; /* its lease renewed as the pull goes on */
  time_t renewed;               /* when the lease was last renewed */
  json_t *seen;                 /* external ids seen in this pull (a set) */
  int pulled;                   /* orders new or changed (not a replay) */
  bool failed;     /* an intake failed for a reason a retry may cure */
  char error[300]; /* the last order refused, or the failure */
};

/*
 * Renews the pull's lease every RENEW_S (it lasts two minutes): false, the
 * pull to stop, once the lease is another node's (this node stalled past
 * it), so two nodes never pull one store at once.
 */
static bool
still_leased(struct pull *p)
{
  time_t now = time(NULL);
  if (now - p->renewed < RENEW_S)
    return true;
  bool held = false;
  if (core_channel_pull_renew(p->job, &held) != CORE_EC_OK || !held) {
    snprintf(p->error, sizeof p->error, "the pull's lease was lost");
    CORE_WARN("store %s: %s", p->job->store, p->error);
    p->failed = true;
    return false;
  }
  p->renewed = now;
  return true;
}

/* Takes one pulled order in; the same id twice in a pull is skipped. */
static bool
take(void *cls, const json_t *doc)
{
  struct pull *p = cls;
  if (!still_leased(p))
    return false;
  const char *id = json_string_value(json_object_get(doc, "external_id"));
  if (id == NULL || json_object_get(p->seen, id) != NULL)
    return true;
  json_object_set_new(p->seen, id, json_true());
  char *text = json_dumps(doc, JSON_COMPACT);
  if (text == NULL)
    return true;
  struct core_arena *a = core_arena_new();
  struct core_stock_actor who = {0, "channel-pull", NULL};
  const char *out = NULL;
  bool replayed = false;
  enum core_ec ec =
      core_order_intake(p->job->store, text, &who, a, &out, &replayed);
  free(text);
  core_arena_free(a);
  if (ec == CORE_EC_OK) {
    p->pulled += !replayed;
    return !atomic_load(&stopping);
  }
  /* An order that changed at the platform after Depot took it in is
     refused as a Shopify redelivery is (conflicting_redelivery): named in
     the connection's last error, the pull goes on. Anything else stops
     the pull before the cursor moves, so the window is pulled again. */
  snprintf(p->error, sizeof p->error, "order %.40s: %s", id, core_ec_name(ec));
  CORE_WARN("store %s: pulled order %s not taken in: %s", p->job->store, id,
            core_ec_name(ec));
  if (ec == CORE_EC_CONFLICTING_REDELIVERY)
    return true;
  p->failed = true;
  return false;
}

/* "27 invalid-sessionkey: Invalid session", or the transport's message. */
static void
describe(const struct channel_error *e, char *out, size_t len)
{
  if (e->code[0] != '\0')
    snprintf(out, len, "%.31s%s%.95s: %.160s", e->code,
             e->sub_code[0] != '\0' ? " " : "", e->sub_code, e->msg);
  else if (e->http_status > 0)
    snprintf(out, len, "HTTP %ld: %.200s", e->http_status, e->msg);
  else
    snprintf(out, len, "%.255s", e->msg);
}

static struct channel_creds
creds_of(const struct core_channel_creds *c)
{
  return (struct channel_creds){c->app_key,  c->secret,      c->token,
                                c->base_url, c->sign_method, c->page_size};
}

/*
 * Renews @a job's access token through @a ad when it expires within ten
 * minutes and a refresh token is stored; false with @a why on failure.
 */
static bool
fresh_token(const struct channel_adapter *ad, struct core_channel_job *job,
            struct core_arena *a, char *why, size_t len)
{
  struct core_channel_creds *k = &job->creds;
  if (k->expires_at == 0 || k->expires_at > (int64_t)time(NULL) + 600)
    return true;
  if (k->refresh == NULL || ad->refresh == NULL) {
    snprintf(why, len, "the access token expired");
    return false;
  }
  struct channel_creds c = creds_of(k);
  struct channel_token tok = {0};
  struct channel_error e = {0};
  if (ad->refresh(&c, k->refresh, a, &tok, &e) != CORE_EC_OK) {
    char d[280];
    describe(&e, d, sizeof d);
    snprintf(why, len, "could not refresh the access token: %.200s", d);
    return false;
  }
  if (core_channel_token_save(job->store_id, tok.access_token,
                              tok.refresh_token,
                              tok.expires_at) != CORE_EC_OK) {
    snprintf(why, len, "could not store the refreshed access token");
    return false;
  }
  k->token = tok.access_token;
  k->expires_at = tok.expires_at;
  CORE_INFO("store %s: access token refreshed", job->store);
  return true;
}

/* Pulls one due store; false when none was due. */
static bool
pull_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_channel_job job;
  bool got = false;
  if (core_channel_lease(a, &job, &got) != CORE_EC_OK || !got) {
    core_arena_free(a);
    return false;
  }
  const struct channel_adapter *ad = channel_find(job.creds.channel);
  struct pull p = {.job = &job, .renewed = time(NULL), .seen = json_object()};
  struct channel_error e = {0};
  bool ok = false;
  if (ad == NULL || ad->pull == NULL)
    snprintf(p.error, sizeof p.error, "no connector for channel %s",
             job.creds.channel);
  else if (job.creds.secret == NULL || job.creds.token == NULL)
    snprintf(p.error, sizeof p.error, "the credentials do not open");
  else if (!fresh_token(ad, &job, a, p.error, sizeof p.error))
    CORE_WARN("store %s: %s", job.store, p.error);
  else if (job.to < job.from) {
    job.to = job.from - 1; /* caught up: the cursor stays */
    ok = true;
  } else {
    struct channel_creds c = creds_of(&job.creds);
    enum core_ec ec =
        ad->pull(&c, (time_t)job.from, (time_t)job.to, take, &p, a, &e);
    if (ec != CORE_EC_OK) {
      describe(&e, p.error, sizeof p.error);
      CORE_WARN("store %s: pull failed: %s", job.store, p.error);
    }
    ok = ec == CORE_EC_OK && !p.failed && !atomic_load(&stopping);
  }
  if (core_channel_pull_done(&job, ok, p.pulled, p.error) != CORE_EC_OK)
    CORE_WARN("could not record the pull of store %s", job.store);
  json_decref(p.seen);
  core_arena_free(a);
  return true;
}

/* Sends one batch of due write-backs; returns how many it handled. */
static unsigned
writeback_once(void)
{
  struct core_arena *a = core_arena_new();
  struct core_channel_writeback *w = NULL;
  unsigned n = 0;
  if (core_channel_writeback_lease(WRITEBACK_BATCH, a, &w, &n) != CORE_EC_OK)
    n = 0;
  for (unsigned i = 0; i < n && !atomic_load(&stopping); i++) {
    const struct channel_adapter *ad = channel_find(w[i].creds.channel);
    struct channel_error e = {0};
    char why[300] = "";
    bool ok = false;
    if (ad == NULL || ad->ship == NULL) {
      snprintf(why, sizeof why, "no connector for channel %s",
               w[i].creds.channel);
    } else if (w[i].creds.secret == NULL || w[i].creds.token == NULL) {
      snprintf(why, sizeof why, "the credentials do not open");
    } else {
      struct channel_creds c = creds_of(&w[i].creds);
      struct channel_parcel parcel = {
          .order = w[i].order,
          .carrier = w[i].carrier,
          .waybill = w[i].waybill,
          .sub_ids = w[i].sub_ids,
          .sub_qty = w[i].sub_qty,
          .n_sub = w[i].n_sub,
          .first = w[i].first,
          .id = (long long)w[i].id,
      };
      ok = ad->ship(&c, &parcel, a, &e) == CORE_EC_OK;
      if (!ok)
        describe(&e, why, sizeof why);
    }
    if (!ok)
      CORE_WARN("write-back %lld of order %s failed (attempt %d): %s",
                (long long)w[i].id, w[i].order, w[i].attempts, why);
    if (core_channel_writeback_done(w[i].id, ok, e.final, why) != CORE_EC_OK)
      CORE_WARN("could not record write-back %lld", (long long)w[i].id);
  }
  core_arena_free(a);
  return n;
}

static void *
run(void *cls)
{
  (void)cls;
  while (!atomic_load(&stopping)) {
    bool busy = writeback_once() > 0;
    busy = web_waybill_cancel_once() > 0 || busy;
    busy = web_channel_stock_once() > 0 || busy;
    busy = pull_once() || busy;
    if (!busy) {
      for (int i = 0; i < IDLE_MS / 50 && !atomic_load(&stopping); i++)
        usleep(50000);
    }
  }
  return NULL;
}

enum core_ec
web_channels_start(void)
{
  atomic_store(&stopping, false);
  if (pthread_create(&worker, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the marketplace worker");
    return CORE_EC_INTERNAL;
  }
  running = true;
  return CORE_EC_OK;
}

void
web_channels_stop(void)
{
  if (!running)
    return;
  atomic_store(&stopping, true);
  pthread_join(worker, NULL);
  running = false;
}
