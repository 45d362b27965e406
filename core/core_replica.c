#include "core_replica.h"

#include "core_db.h"
#include "core_log.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { RYW_POLL_US = 5000 };

/*
 * The replica's replayed position and its lag. The lag is how old the last
 * replayed commit is while WAL it received waits to be replayed, and 0
 * when it has replayed all it received (an idle primary is no lag). A
 * replica promoted to primary replays nothing: its own position, no lag.
 */
static const char probe_sql[] =
    "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
    " ELSE pg_current_wal_lsn() END::text,"
    " CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn()"
    " IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0"
    " ELSE coalesce((extract(epoch FROM clock_timestamp()"
    " - pg_last_xact_replay_timestamp()) * 1000)::bigint, 0) END";

static struct {
  pthread_mutex_t mu;
  unsigned max_lag_ms;
  unsigned ryw_wait_ms;
  struct core_replica_state st;
  long long at_ms; /* monotonic time of the measurement; 0: none yet */
  bool refreshing; /* a thread is measuring: the others use the last */
  enum core_replica_route logged; /* the last state logged */
} rep = {.mu = PTHREAD_MUTEX_INITIALIZER,
         .max_lag_ms = 1000,
         .ryw_wait_ms = 200,
         .logged = CORE_REPLICA_USE};

static long long
now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
core_replica_configure(unsigned max_lag_ms, unsigned ryw_wait_ms)
{
  rep.max_lag_ms = max_lag_ms;
  rep.ryw_wait_ms = ryw_wait_ms;
}

bool
core_replica_lsn_parse(const char *text, uint64_t *out)
{
  unsigned hi, lo;
  int used = 0;
  if (text == NULL || sscanf(text, "%X/%X%n", &hi, &lo, &used) != 2 ||
      text[used] != '\0')
    return false;
  *out = (uint64_t)hi << 32 | lo;
  return true;
}

void
core_replica_lsn_format(uint64_t lsn, char *buf, size_t len)
{
  snprintf(buf, len, "%" PRIX32 "/%" PRIX32, (uint32_t)(lsn >> 32),
           (uint32_t)lsn);
}

/* One measurement on the replica into @a st (out). */
static void
probe(struct core_replica_state *st)
{
  long long t0 = now_us();
  struct core_db_conn *c;
  st->configured = true;
  st->up = false;
  if (core_db_replica_acquire(&c) == CORE_EC_OK) {
    PGresult *r = PQexec(core_db_pg(c), probe_sql);
    uint64_t lsn;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
        core_replica_lsn_parse(PQgetvalue(r, 0, 0), &lsn)) {
      st->up = true;
      st->replay_lsn = lsn;
      st->lag_ms = atoll(PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    core_db_release(c);
  }
  st->probe_us = now_us() - t0;
}

/* The route the state @a st allows, the session aside. */
static enum core_replica_route
route_of(const struct core_replica_state *st)
{
  if (!st->configured)
    return CORE_REPLICA_NONE;
  if (!st->up)
    return CORE_REPLICA_DOWN;
  return st->lag_ms > (long long)rep.max_lag_ms ? CORE_REPLICA_LAGGING
                                                : CORE_REPLICA_USE;
}

/* Stores measurement @a st; logs when the replica's usability changed. */
static void
store(const struct core_replica_state *st)
{
  enum core_replica_route now = route_of(st);
  pthread_mutex_lock(&rep.mu);
  rep.st = *st;
  rep.at_ms = now_us() / 1000;
  enum core_replica_route was = rep.logged;
  rep.logged = now;
  pthread_mutex_unlock(&rep.mu);
  if (now == was)
    return;
  if (now == CORE_REPLICA_USE)
    CORE_INFO("read replica: serving reads again (lag %lld ms)", st->lag_ms);
  else if (now == CORE_REPLICA_LAGGING)
    CORE_WARN("read replica: replay lag %lld ms is above %u ms, reads go to "
              "the primary",
              st->lag_ms, rep.max_lag_ms);
  else
    CORE_WARN("read replica: %s, reads go to the primary",
              core_replica_route_name(now));
}

/* Measures anew now (@a force) or when the last measurement is stale. */
static void
current(bool force, struct core_replica_state *out)
{
  if (!core_db_has_replica()) {
    *out = (struct core_replica_state){.configured = false};
    return;
  }
  long long now = now_us() / 1000;
  pthread_mutex_lock(&rep.mu);
  bool stale = rep.at_ms == 0 || now - rep.at_ms >= CORE_REPLICA_CACHE_MS;
  /* One thread measures; the others go on with the last measurement
   * (unless there is none yet, or the caller must know now). */
  bool mine = force || rep.at_ms == 0 || (stale && !rep.refreshing);
  if (mine && !force)
    rep.refreshing = true;
  *out = rep.st;
  out->age_ms = rep.at_ms != 0 ? now - rep.at_ms : 0;
  pthread_mutex_unlock(&rep.mu);
  if (!mine)
    return;
  struct core_replica_state st = {0};
  probe(&st);
  store(&st);
  if (!force) {
    pthread_mutex_lock(&rep.mu);
    rep.refreshing = false;
    pthread_mutex_unlock(&rep.mu);
  }
  *out = st;
}

void
core_replica_state(struct core_replica_state *out)
{
  current(false, out);
}

enum core_replica_route
core_replica_choose(const char *session_lsn)
{
  struct core_replica_state st;
  current(false, &st);
  enum core_replica_route r = route_of(&st);
  uint64_t want;
  if (r != CORE_REPLICA_USE || session_lsn == NULL || session_lsn[0] == '\0' ||
      !core_replica_lsn_parse(session_lsn, &want))
    return r;
  /* Read-your-writes: the replica must have replayed the session's last
   * change; it asks the replica again until then, for a bounded time. */
  long long until = now_us() + (long long)rep.ryw_wait_ms * 1000;
  while (st.replay_lsn < want) {
    if (now_us() >= until)
      return CORE_REPLICA_BEHIND;
    if (st.age_ms == 0)
      usleep(RYW_POLL_US);
    current(true, &st);
    st.age_ms = 0;
    r = route_of(&st);
    if (r != CORE_REPLICA_USE)
      return r;
  }
  return CORE_REPLICA_USE;
}

const char *
core_replica_route_name(enum core_replica_route r)
{
  switch (r) {
    case CORE_REPLICA_USE:
      return "replica";
    case CORE_REPLICA_NONE:
      return "none";
    case CORE_REPLICA_DOWN:
      return "down";
    case CORE_REPLICA_LAGGING:
      return "lagging";
    case CORE_REPLICA_BEHIND:
      return "behind the session";
  }
  return "?";
}
