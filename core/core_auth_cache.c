#include "core_auth_cache.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_listen.h"
#include "core_log.h"
#include "core_mem.h"
#include "db/core_db_auth.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
  SHARDS = 16,
  WAYS = 4,
  BUCKETS = CORE_AUTH_CACHE_SLOTS / SHARDS / WAYS,
  KEY_LEN = crypto_hash_sha256_BYTES,
  MAX_TOUCH = 512, /* sessions per batched touch statement */
};

#define CHANNEL "depot_auth"

/* One cached caller. Strings live in @a strings (one block, owned). */
struct entry {
  bool used;
  unsigned char key[KEY_LEN];
  struct core_principal p; /* its strings point into strings */
  char *strings;
  double skew;       /* database clock minus ours when read */
  double expires_at; /* database clock; 0: never */
  double seen_at;    /* last use, database clock */
  double touched_at; /* last_seen_at the database holds */
  double loaded_at;  /* our clock */
};

struct shard {
  pthread_mutex_t mu;
  struct entry slot[BUCKETS][WAYS];
};

static struct shard shards[SHARDS];
static atomic_uint_fast64_t generation = 1;
static atomic_bool live;
static atomic_bool stopping;
static atomic_uint_fast64_t n_hits, n_misses, n_clears, n_touches;
static atomic_bool running;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_t listener, flusher;
static char *conninfo;

static double
now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
entry_clear(struct entry *e)
{
  free(e->strings);
  memset(e, 0, sizeof *e);
}

/* The shard and bucket of @a key: its digest is uniform already. */
static struct entry *
bucket_of(const unsigned char key[KEY_LEN], struct shard **sh)
{
  uint32_t h;
  memcpy(&h, key, sizeof h);
  *sh = &shards[h % SHARDS];
  return (*sh)->slot[(h / SHARDS) % BUCKETS];
}

static void
init_shards(void)
{
  for (unsigned s = 0; s < SHARDS; s++)
    pthread_mutex_init(&shards[s].mu, NULL);
}

/* Drops every entry @a drop accepts (all when NULL); none before start. */
static void
drop_where(bool (*drop)(const struct entry *, int64_t), int64_t arg)
{
  if (!atomic_load(&running))
    return;
  for (unsigned s = 0; s < SHARDS; s++) {
    pthread_mutex_lock(&shards[s].mu);
    for (unsigned b = 0; b < BUCKETS; b++) {
      for (unsigned w = 0; w < WAYS; w++) {
        struct entry *e = &shards[s].slot[b][w];
        if (e->used && (drop == NULL || drop(e, arg)))
          entry_clear(e);
      }
    }
    pthread_mutex_unlock(&shards[s].mu);
  }
}

static bool
is_session(const struct entry *e, int64_t id)
{
  return e->p.kind == CORE_PRINCIPAL_USER && e->p.session_id == id;
}

static bool
is_user(const struct entry *e, int64_t id)
{
  return e->p.kind == CORE_PRINCIPAL_USER && e->p.id == id;
}

static bool
is_key(const struct entry *e, int64_t id)
{
  return e->p.kind == CORE_PRINCIPAL_KEY && e->p.id == id;
}

/*
 * The generation moves before anything is dropped, so a read that began
 * before a change cannot put its answer back afterwards.
 */
static void
invalidate(bool (*drop)(const struct entry *, int64_t), int64_t arg)
{
  atomic_fetch_add(&generation, 1);
  if (drop == NULL)
    atomic_fetch_add(&n_clears, 1);
  drop_where(drop, arg);
}

void
core_auth_cache_forget_session(int64_t session_id)
{
  invalidate(is_session, session_id);
}

void
core_auth_cache_clear(void)
{
  invalidate(NULL, 0);
}

uint64_t
core_auth_cache_epoch(void)
{
  return atomic_load(&live) ? atomic_load(&generation) : 0;
}

/* Copies @a s into the arena, keeping NULL. */
static const char *
dup_or_null(struct core_arena *arena, const char *s)
{
  return s == NULL ? NULL : core_arena_strdup(arena, s);
}

/* Whether @a e is still good at @a now (our clock); records the use. */
static bool
still_good(struct entry *e, double now)
{
  double db_now = now + e->skew;
  if (now - e->loaded_at > CORE_AUTH_CACHE_MAX_AGE_S)
    return false;
  if (e->p.kind == CORE_PRINCIPAL_USER &&
      (db_now >= e->expires_at || db_now - e->seen_at >= CORE_AUTH_IDLE_S))
    return false;
  if (db_now > e->seen_at)
    e->seen_at = db_now;
  return true;
}

bool
core_auth_cache_get(const char *token, struct core_arena *arena,
                    struct core_principal *out)
{
  if (!atomic_load(&live))
    return false;
  unsigned char key[KEY_LEN];
  crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
  struct shard *sh;
  struct entry *b = bucket_of(key, &sh);
  bool hit = false;
  double now = now_s();
  pthread_mutex_lock(&sh->mu);
  for (unsigned w = 0; w < WAYS && !hit; w++) {
    struct entry *e = &b[w];
    if (!e->used || sodium_memcmp(e->key, key, KEY_LEN) != 0)
      continue;
    if (!still_good(e, now)) {
      entry_clear(e);
      break;
    }
    hit = true;
    *out = e->p;
    out->name = dup_or_null(arena, e->p.name);
    out->warehouses = dup_or_null(arena, e->p.warehouses);
    out->scopes = dup_or_null(arena, e->p.scopes);
    out->owner = dup_or_null(arena, e->p.owner);
    out->csrf_token = dup_or_null(arena, e->p.csrf_token);
    out->write_lsn = "";
  }
  pthread_mutex_unlock(&sh->mu);
  atomic_fetch_add(hit ? &n_hits : &n_misses, 1);
  return hit;
}

/* Copies @a p's strings into one block owned by @a e. */
static void
entry_fill(struct entry *e, const struct core_principal *p)
{
  const char *in[5] = {p->name, p->warehouses, p->scopes, p->owner,
                       p->csrf_token};
  size_t len = 0;
  for (unsigned i = 0; i < 5; i++)
    len += (in[i] != NULL ? strlen(in[i]) : 0) + 1;
  char *block = core_xmalloc(len), *at = block;
  const char *copy[5];
  for (unsigned i = 0; i < 5; i++) {
    size_t n = in[i] != NULL ? strlen(in[i]) : 0;
    memcpy(at, in[i] != NULL ? in[i] : "", n + 1);
    copy[i] = at;
    at += n + 1;
  }
  e->p = *p;
  e->strings = block;
  e->p.name = copy[0];
  e->p.warehouses = copy[1];
  e->p.scopes = copy[2];
  e->p.owner = copy[3];
  e->p.csrf_token = copy[4];
  e->p.write_lsn = "";
}

void
core_auth_cache_put(uint64_t epoch, const char *token,
                    const struct core_principal *p,
                    const struct core_auth_times *t)
{
  if (epoch == 0)
    return;
  unsigned char key[KEY_LEN];
  crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
  struct shard *sh;
  struct entry *b = bucket_of(key, &sh);
  double now = now_s();
  pthread_mutex_lock(&sh->mu);
  if (atomic_load(&live) && atomic_load(&generation) == epoch) {
    struct entry *e = &b[0];
    for (unsigned w = 0; w < WAYS; w++) {
      if (!b[w].used || sodium_memcmp(b[w].key, key, KEY_LEN) == 0) {
        e = &b[w];
        break;
      }
      if (b[w].seen_at - b[w].skew < e->seen_at - e->skew)
        e = &b[w]; /* the least recently used goes */
    }
    entry_clear(e);
    e->used = true;
    memcpy(e->key, key, KEY_LEN);
    entry_fill(e, p);
    e->skew = t->db_now - now;
    e->expires_at = t->expires_at;
    e->seen_at = t->db_now;
    e->touched_at = t->seen_at;
    e->loaded_at = now;
  }
  pthread_mutex_unlock(&sh->mu);
}

void
core_auth_cache_stats(struct core_auth_cache_stats *out)
{
  out->hits = atomic_load(&n_hits);
  out->misses = atomic_load(&n_misses);
  out->clears = atomic_load(&n_clears);
  out->touches = atomic_load(&n_touches);
  out->listening = atomic_load(&live);
}

struct touch {
  unsigned n;
  int64_t id[MAX_TOUCH];
  double at[MAX_TOUCH];
};

static enum core_qs
touch_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const struct touch *t = cls;
  (void)ec;
  return core_db_touch_sessions(c, t->n, t->id, t->at);
}

/*
 * Writes the last use of every session used since its last write and at
 * least CORE_AUTH_CACHE_TOUCH_S after it, in batches of MAX_TOUCH. A batch
 * that fails is not retried: the idle clock lags, the next use marks it.
 */
static void
flush_touches(void)
{
  static struct touch t;
  for (unsigned s = 0; s < SHARDS; s++) {
    t.n = 0;
    pthread_mutex_lock(&shards[s].mu);
    for (unsigned b = 0; b < BUCKETS; b++) {
      for (unsigned w = 0; w < WAYS && t.n < MAX_TOUCH; w++) {
        struct entry *e = &shards[s].slot[b][w];
        if (!e->used || e->p.kind != CORE_PRINCIPAL_USER ||
            e->seen_at - e->touched_at < CORE_AUTH_CACHE_TOUCH_S)
          continue;
        t.id[t.n] = e->p.session_id;
        t.at[t.n++] = e->seen_at;
        e->touched_at = e->seen_at;
      }
    }
    pthread_mutex_unlock(&shards[s].mu);
    if (t.n == 0)
      continue;
    enum core_ec ec = core_db_run_one("auth_touch", touch_tx, &t);
    if (ec != CORE_EC_OK)
      CORE_WARN("session cache: could not write %u last uses: %s", t.n,
                core_ec_name(ec));
    else
      atomic_fetch_add(&n_touches, t.n);
  }
}

/* One notification: s<id>, u<id>, k<id>; anything else empties all. */
static void
dispatch(const char *payload)
{
  char *end = NULL;
  long long id = payload[0] != '\0' ? strtoll(payload + 1, &end, 10) : 0;
  bool whole = end != NULL && end != payload + 1 && *end == '\0';
  if (whole && payload[0] == 's')
    invalidate(is_session, id);
  else if (whole && payload[0] == 'u')
    invalidate(is_user, id);
  else if (whole && payload[0] == 'k')
    invalidate(is_key, id);
  else
    invalidate(NULL, 0);
}

/* A notification's payload, as core_listen_wait hands it. */
static void
on_notify(const char *payload, void *cls)
{
  (void)cls;
  dispatch(payload);
}

/* Connects and LISTENs; the cache is emptied, then used. */
static PGconn *
listen_begin(void)
{
  PGconn *pg = core_listen_open(conninfo,
                                "SET application_name = 'depot auth cache';"
                                " LISTEN " CHANNEL,
                                "session cache");
  if (pg == NULL)
    return NULL;
  invalidate(NULL, 0); /* anything may have changed while not listening */
  atomic_store(&live, true);
  CORE_INFO("session cache: listening on " CHANNEL);
  return pg;
}

/*
 * The batched touch has a thread of its own, so that a slow database
 * never holds up the notifications the listener has to act on.
 */
static void *
flush_run(void *cls)
{
  (void)cls;
  unsigned ticks = 0;
  while (!atomic_load(&stopping)) {
    usleep(100000);
    if (++ticks >= CORE_AUTH_CACHE_FLUSH_S * 10) {
      ticks = 0;
      flush_touches();
    }
  }
  return NULL;
}

static void *
run(void *cls)
{
  (void)cls;
  while (!atomic_load(&stopping)) {
    PGconn *pg = listen_begin();
    while (pg != NULL && !atomic_load(&stopping)) {
      if (!core_listen_wait(pg, 1000, on_notify, NULL)) {
        /* Fail closed: nothing cached is used until LISTEN is back. */
        atomic_store(&live, false);
        invalidate(NULL, 0);
        CORE_WARN("session cache: lost the " CHANNEL " connection: %s",
                  PQerrorMessage(pg));
        break;
      }
    }
    PQfinish(pg);
    for (int i = 0; i < 5 && !atomic_load(&stopping); i++)
      usleep(100000);
  }
  return NULL;
}

enum core_ec
core_auth_cache_start(const char *info)
{
  pthread_once(&once, init_shards);
  if (sodium_init() < 0) {
    CORE_ERROR("session cache: libsodium does not start");
    return CORE_EC_INTERNAL;
  }
  conninfo = core_xstrdup(info);
  atomic_store(&stopping, false);
  atomic_store(&running, true);
  if (pthread_create(&listener, NULL, run, NULL) != 0) {
    CORE_ERROR("could not start the session cache listener");
    atomic_store(&running, false);
    free(conninfo);
    conninfo = NULL;
    return CORE_EC_INTERNAL;
  }
  if (pthread_create(&flusher, NULL, flush_run, NULL) != 0) {
    CORE_ERROR("could not start the session cache's touch writer");
    atomic_store(&stopping, true);
    pthread_join(listener, NULL);
    atomic_store(&live, false);
    invalidate(NULL, 0);
    atomic_store(&running, false);
    free(conninfo);
    conninfo = NULL;
    return CORE_EC_INTERNAL;
  }
  return CORE_EC_OK;
}

void
core_auth_cache_stop(void)
{
  if (!atomic_load(&running))
    return;
  atomic_store(&stopping, true);
  pthread_join(listener, NULL);
  pthread_join(flusher, NULL);
  flush_touches();
  atomic_store(&live, false);
  invalidate(NULL, 0);
  atomic_store(&running, false);
  free(conninfo);
  conninfo = NULL;
}
