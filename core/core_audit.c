#include "core_audit.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_mem.h"
#include "db/core_db_auth.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/*
 * A change that commits carries its row in its own transaction
 * (core_audit_ride). The rows appended here, of requests that committed
 * nothing, commit without waiting for their WAL flush (the statement sets
 * synchronous_commit off for its own transaction): they record refusals,
 * and a crash of the database machine can lose the last few hundred
 * milliseconds of them, never a change or its row.
 */
static enum core_qs
append_one(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return core_db_insert_audit(c, cls);
}

/*
 * The spool: rows the database could not take (it was down), kept in
 * order until it is back. Each is also logged as one JSON line, so that
 * a process that dies before then leaves a replayable record.
 */
enum { SPOOL_MAX = 20000 };

struct spooled {
  struct core_audit_row row; /* strings point into block */
  char *block;
};

static pthread_mutex_t spool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct spooled spool[SPOOL_MAX];
static size_t spool_head, spool_n;

/* Copies @a s into @a *at, advancing it. */
static const char *
put(char **at, const char *s)
{
  char *d = *at;
  size_t n = strlen(s != NULL ? s : "") + 1;
  memcpy(d, s != NULL ? s : "", n);
  *at += n;
  return d;
}

/* Now, as PostgreSQL reads it back: UTC with microseconds. */
static void
now_text(char out[40])
{
  struct timeval tv;
  gettimeofday(&tv, NULL);
  struct tm tm;
  gmtime_r(&tv.tv_sec, &tm);
  size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, 40 - n, ".%06ldZ", (long)tv.tv_usec);
}

/* Logs @a r as one JSON line: the record if the process dies first. */
static void
log_spooled(const struct core_audit_row *r)
{
  json_t *j =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "at",
                r->at, "request_id", r->request_id, "principal_kind",
                r->principal_kind, "principal", r->principal, "role", r->role,
                "method", r->method, "route", r->route, "target", r->target,
                "status", (int)r->status, "outcome", r->outcome);
  char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
  CORE_WARN("audit row spooled until the database is back: %s",
            text != NULL ? text : "(unprintable)");
  free(text);
  json_decref(j);
}

/* Keeps a copy of @a row; the oldest goes when the spool is full. */
static void
spool_row(const struct core_audit_row *row)
{
  char at[40];
  now_text(at);
  const char *f[] = {row->at != NULL ? row->at : at,
                     row->request_id,
                     row->principal_kind,
                     row->principal,
                     row->role,
                     row->method,
                     row->route,
                     row->target,
                     row->outcome};
  size_t len = 0;
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    len += strlen(f[i] != NULL ? f[i] : "") + 1;
  struct spooled sp = {.block = core_xmalloc(len)};
  char *cur = sp.block;
  sp.row = (struct core_audit_row){
      .at = put(&cur, f[0]),
      .request_id = put(&cur, f[1]),
      .principal_kind = put(&cur, f[2]),
      .principal = put(&cur, f[3]),
      .role = put(&cur, f[4]),
      .method = put(&cur, f[5]),
      .route = put(&cur, f[6]),
      .target = put(&cur, f[7]),
      .status = row->status,
      .outcome = put(&cur, f[8]),
  };
  log_spooled(&sp.row);
  pthread_mutex_lock(&spool_lock);
  if (spool_n == SPOOL_MAX) {
    free(spool[spool_head].block);
    spool_head = (spool_head + 1) % SPOOL_MAX;
    spool_n--;
    CORE_ERROR("audit spool full: the oldest row is only in the log");
  }
  spool[(spool_head + spool_n) % SPOOL_MAX] = sp;
  spool_n++;
  pthread_mutex_unlock(&spool_lock);
}

/* Writes the spooled rows; the caller holds spool_lock. */
static size_t
flush_locked(void)
{
  size_t done = 0;
  while (spool_n > 0) {
    struct spooled *sp = &spool[spool_head];
    if (core_db_run_one("audit_append", append_one, &sp->row) != CORE_EC_OK)
      break;
    free(sp->block);
    spool_head = (spool_head + 1) % SPOOL_MAX;
    spool_n--;
    done++;
  }
  if (done > 0)
    CORE_INFO("wrote %zu spooled audit rows", done);
  return done;
}

size_t
core_audit_flush(void)
{
  if (pthread_mutex_trylock(&spool_lock) != 0)
    return 0; /* a request is at it */
  size_t done = flush_locked();
  pthread_mutex_unlock(&spool_lock);
  return done;
}

/*
 * For requests: waits for a flush under way instead of passing it by, so
 * the request's own row cannot commit before the spooled rows commit (a
 * client reading the log after its reply would miss them otherwise).
 */
static void
flush_before_own_row(void)
{
  pthread_mutex_lock(&spool_lock);
  if (spool_n > 0)
    flush_locked();
  pthread_mutex_unlock(&spool_lock);
}

enum core_ec
core_audit_append(const struct core_audit_row *row)
{
  /* Older rows first, so the log keeps its order where it can. */
  flush_before_own_row();
  enum core_ec ec = core_db_run_one("audit_append", append_one, (void *)row);
  if (ec == CORE_EC_DB_UNAVAILABLE || ec == CORE_EC_DB_BUSY ||
      ec == CORE_EC_SHUTTING_DOWN) {
    spool_row(row);
    return CORE_EC_OK;
  }
  return ec;
}

void
core_audit_ride(const struct core_audit_row *row, struct core_audit_ride *ride,
                struct core_db_riders *riders)
{
  /* Rows spooled in an outage go in first, so the log keeps its order. */
  flush_before_own_row();
  *ride = (struct core_audit_ride){{row->request_id, row->principal_kind,
                                    row->principal, row->role, row->method,
                                    row->route, row->target, "200", "ok"}};
  riders->tail = (struct core_db_rider){
      .stmt = "insert_audit_ride", .nparams = 9, .params = ride->params};
}

struct list_cls {
  const struct core_audit_filter *f;
  struct core_arena *arena;
  struct core_audit_row **items;
  unsigned *n;
  int64_t *total;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  return core_db_list_audit(c, lc->f, lc->arena, lc->items, lc->n, lc->total);
}

enum core_ec
core_audit_list(const struct core_audit_filter *f, struct core_arena *arena,
                struct core_audit_row **items, unsigned *n, int64_t *total)
{
  struct list_cls lc = {f, arena, items, n, total};
  return core_db_run_tx("audit_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
