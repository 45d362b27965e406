#include "core_db.h"

#include "core_log.h"
#include "core_mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum {
  MAX_STMT_SETS = 64,
  ACQUIRE_WAIT_MS = 5000,
  REPLICA_WAIT_MS = 200, /* a busy replica pool: the primary serves sooner */
  RECONNECT_HOLDOFF_MS = 500, /* fail fast while the server is known down */
  TX_ATTEMPTS = 6,
};

struct pool;

struct core_db_conn {
  struct pool *pool; /* the pool this connection belongs to */
  PGconn *pg;
  bool in_use;
  bool fresh; /* connected for this acquire: a failure is not staleness */
  /* The BEGIN of the running transaction, not sent yet: it goes with the
   * transaction's first statement (and the lead), in one round trip. */
  const char *begin_pending;
  bool begin_lost; /* that round trip found the connection dead */
  bool forbidden;  /* the lead refused the transaction */
  /* A rule of the schema refused a statement (SQLSTATE DP400, the code's
   * name as HINT): the attempt answers this code. CORE_EC_OK: none. */
  enum core_ec refused;
  char sqlstate[6];
};

/* The riders of this thread's transactions (core_db_ride). */
static _Thread_local struct core_db_riders *riders;

/*
 * Reads routed to the replica (core_db_read_from_replica): where this
 * thread's next acquire goes, and whether any acquire or statement since
 * had to go to the primary instead.
 */
static _Thread_local bool want_replica;
static _Thread_local bool fell_back;

/* An office thread (web_office.c): its acquires take the office pool. */
static _Thread_local bool office_thread;

/* A pool of connections to one server: the primary, or the read replica. */
struct pool {
  const char *label; /* "database" or "replica", in log lines */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct core_db_conn *conns;
  unsigned size; /* 0: not open */
  char *conninfo;
  unsigned timeout_ms;
  long long down_until_ms; /* monotonic; 0 when not known down */
  bool logged_down;
  int nice; /* > 0: its backends run at this nice (the office pool) */
  bool logged_nice;
};

static struct pool primary = {.label = "database",
                              .mu = PTHREAD_MUTEX_INITIALIZER,
                              .cv = PTHREAD_COND_INITIALIZER};
/* DEPOT_SYNC_REPLICA: the primary's sessions commit synchronously. */
static bool sync_commit;

static struct pool replica = {.label = "read replica",
                              .mu = PTHREAD_MUTEX_INITIALIZER,
                              .cv = PTHREAD_COND_INITIALIZER};

/* The primary again, for the office's threads (core_db_open_office). */
static struct pool office = {.label = "database (office)",
                             .mu = PTHREAD_MUTEX_INITIALIZER,
                             .cv = PTHREAD_COND_INITIALIZER};

/* The statements prepared on every connection of both pools. */
static struct {
  const struct core_db_stmt *sets[MAX_STMT_SETS];
  unsigned nsets;
} stmts;

static long long
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
core_db_register(const struct core_db_stmt *set)
{
  if (stmts.nsets >= MAX_STMT_SETS) {
    CORE_BREAK(stmts.nsets < MAX_STMT_SETS);
    return;
  }
  stmts.sets[stmts.nsets++] = set;
}

void
core_db_sync_commit(bool on)
{
  sync_commit = on;
}

bool
core_db_is_sync_commit(void)
{
  return sync_commit;
}

void
core_db_ride(struct core_db_riders *r)
{
  riders = r;
}

static struct core_db_rider *
pending_lead(void)
{
  if (riders == NULL || riders->lead.stmt == NULL || riders->lead.landed)
    return NULL;
  return &riders->lead;
}

static struct core_db_rider *
pending_tail(void)
{
  if (riders == NULL || riders->tail.stmt == NULL || riders->tail.landed)
    return NULL;
  return &riders->tail;
}

static enum core_qs begin_now(struct core_db_conn *c);
static enum core_qs command(struct core_db_conn *c, const char *sql);

PGconn *
core_db_pg(struct core_db_conn *c)
{
  /* Direct use inside a transaction must find it begun. */
  if (c->begin_pending != NULL)
    (void)begin_now(c);
  return c->pg;
}

const char *
core_db_sqlstate(const struct core_db_conn *c)
{
  return c->sqlstate;
}

bool
core_db_was_unique_violation(const struct core_db_conn *c)
{
  return strcmp(c->sqlstate, "23505") == 0;
}

/* Prepares every registered statement; false (logged) on the first error. */
static bool
prepare_all(PGconn *pg)
{
  for (unsigned s = 0; s < stmts.nsets; s++) {
    for (const struct core_db_stmt *st = stmts.sets[s]; st->name != NULL;
         st++) {
      PGresult *r = PQprepare(pg, st->name, st->sql, 0, NULL);
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok)
        CORE_ERROR("could not prepare statement %s: %s", st->name,
                   PQresultErrorMessage(r));
      PQclear(r);
      if (!ok)
        return false;
    }
  }
  return true;
}

/*
 * Sets per-session limits; the MHD thread never waits on an unbounded query.
 * JIT is off: the reports' estimates over 100k-row rollups pass its cost
 * threshold and it spent ~0.7 s compiling a query that runs in 0.3 s
 * (make bench, 100k tier); our statements are short, it never pays off.
 * With DEPOT_SYNC_REPLICA the primary's sessions commit with
 * synchronous_commit = on whatever a role or database default says: a
 * commit returns once the synchronous standby has flushed it (remote
 * flush; docs/scale.md says why not remote_apply). statement_timeout does
 * not bound that wait (PostgreSQL ends the statement's timer before the
 * commit), so a commit waits for as long as no standby acknowledges.
 */
static bool
configure(const struct pool *pool, PGconn *pg)
{
  char sql[256];
  snprintf(sql, sizeof sql,
           "SET statement_timeout = %u; SET idle_in_transaction_session_timeout"
           " = %u; SET TIME ZONE 'UTC'; SET jit = off%s",
           pool->timeout_ms, pool->timeout_ms * 2,
           sync_commit && pool != &replica ? "; SET synchronous_commit = on"
                                           : "");
  PGresult *r = PQexec(pg, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok)
    CORE_ERROR("could not configure session: %s", PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

static void
note_down(struct pool *pool, const char *why)
{
  pthread_mutex_lock(&pool->mu);
  pool->down_until_ms = now_ms() + RECONNECT_HOLDOFF_MS;
  bool first = !pool->logged_down;
  pool->logged_down = true;
  pthread_mutex_unlock(&pool->mu);
  if (first)
    CORE_WARN("%s unavailable: %s", pool->label, why);
}

static void
note_up(struct pool *pool)
{
  pthread_mutex_lock(&pool->mu);
  bool was_down = pool->logged_down;
  pool->logged_down = false;
  pool->down_until_ms = 0;
  pthread_mutex_unlock(&pool->mu);
  if (was_down)
    CORE_INFO("%s reachable again", pool->label);
}

/* Says @a why once per pool: the office pool then runs at normal priority. */
static void
nice_not_set(struct pool *pool, const char *why)
{
  pthread_mutex_lock(&pool->mu);
  bool first = !pool->logged_nice;
  pool->logged_nice = true;
  pthread_mutex_unlock(&pool->mu);
  if (first)
    CORE_WARN("%s: backends keep their priority: %s", pool->label, why);
}

/*
 * Runs @a pg's backend process at the pool's nice, so that the floor's
 * backends win the CPU when both want it (PostgreSQL has no priorities of
 * its own; this is the operating system's, as pg_prioritize does). Only
 * for a server on this machine: a Unix socket and a process named
 * postgres, never a pid of some other host's numbering.
 */
static void
renice_backend(struct pool *pool, PGconn *pg)
{
  const char *host = PQhost(pg);
  if (host == NULL || host[0] != '/') {
    nice_not_set(pool, "the database is not reached by a local socket");
    return;
  }
  int pid = PQbackendPID(pg);
  char path[64], comm[32] = "";
  snprintf(path, sizeof path, "/proc/%d/comm", pid);
  FILE *f = fopen(path, "r");
  if (f != NULL) {
    if (fgets(comm, sizeof comm, f) == NULL)
      comm[0] = '\0';
    fclose(f);
  }
  if (strcmp(comm, "postgres\n") != 0) {
    nice_not_set(pool, "the backend's process is not visible here");
    return;
  }
  if (setpriority(PRIO_PROCESS, (id_t)pid, pool->nice) != 0) {
    char why[128];
    snprintf(why, sizeof why, "setpriority: %s", strerror(errno));
    nice_not_set(pool, why);
  }
}

/* (Re)connects @a c; returns the error class on failure. */
static enum core_ec
connect_conn(struct core_db_conn *c)
{
  if (c->pg != NULL) {
    PQfinish(c->pg);
    c->pg = NULL;
  }
  struct pool *pool = c->pool;
  PGconn *pg = PQconnectdb(pool->conninfo);
  if (PQstatus(pg) != CONNECTION_OK) {
    char why[256];
    snprintf(why, sizeof why, "%s", PQerrorMessage(pg));
    why[strcspn(why, "\n")] = '\0';
    PQfinish(pg);
    note_down(pool, why);
    return CORE_EC_DB_UNAVAILABLE;
  }
  if (!configure(pool, pg) || !prepare_all(pg)) {
    /* A server shutting down accepts, then drops us while we prepare:
     * that is an outage (503), not a statement that no longer fits. */
    bool lost = PQstatus(pg) != CONNECTION_OK;
    PQfinish(pg);
    if (lost)
      note_down(pool, "connection lost while preparing statements");
    return lost ? CORE_EC_DB_UNAVAILABLE : CORE_EC_DB_ERROR;
  }
  if (pool->nice > 0)
    renice_backend(pool, pg);
  c->pg = pg;
  c->fresh = true;
  note_up(pool);
  return CORE_EC_OK;
}

static void
pool_open(struct pool *pool, const char *conninfo, unsigned size,
          unsigned statement_timeout_ms)
{
  pool->conninfo = core_xstrdup(conninfo);
  pool->size = size == 0 ? 1 : size;
  pool->timeout_ms = statement_timeout_ms;
  pool->conns = core_xcalloc(pool->size, sizeof *pool->conns);
  for (unsigned i = 0; i < pool->size; i++)
    pool->conns[i].pool = pool;
}

static enum core_ec acquire_from(struct pool *pool, unsigned wait_ms,
                                 struct core_db_conn **out);

enum core_ec
core_db_open(const char *conninfo, unsigned size, unsigned statement_timeout_ms)
{
  pool_open(&primary, conninfo, size, statement_timeout_ms);
  struct core_db_conn *c;
  enum core_ec ec = acquire_from(&primary, ACQUIRE_WAIT_MS, &c);
  if (ec == CORE_EC_OK)
    core_db_release(c);
  return ec;
}

enum core_ec
core_db_open_replica(const char *conninfo, unsigned size,
                     unsigned statement_timeout_ms)
{
  pool_open(&replica, conninfo, size, statement_timeout_ms);
  struct core_db_conn *c;
  enum core_ec ec = acquire_from(&replica, ACQUIRE_WAIT_MS, &c);
  if (ec == CORE_EC_OK)
    core_db_release(c);
  return ec;
}

enum core_ec
core_db_open_office(unsigned size, int nice)
{
  if (primary.size == 0 || size == 0)
    return CORE_EC_INTERNAL;
  office.nice = nice;
  pool_open(&office, primary.conninfo, size, primary.timeout_ms);
  struct core_db_conn *c;
  enum core_ec ec = acquire_from(&office, ACQUIRE_WAIT_MS, &c);
  if (ec == CORE_EC_OK)
    core_db_release(c);
  return ec;
}

void
core_db_office_thread(bool on)
{
  office_thread = on;
}

bool
core_db_has_replica(void)
{
  return replica.size > 0;
}

static void
pool_close(struct pool *pool)
{
  for (unsigned i = 0; i < pool->size; i++) {
    if (pool->conns[i].pg != NULL)
      PQfinish(pool->conns[i].pg);
  }
  free(pool->conns);
  free(pool->conninfo);
  pool->conns = NULL;
  pool->conninfo = NULL;
  pool->size = 0;
}

void
core_db_close(void)
{
  pool_close(&replica);
  pool_close(&office);
  pool_close(&primary);
  stmts.nsets = 0;
}

/* Waits for a free slot of @a pool; NULL after @a wait_ms. */
static struct core_db_conn *
take_slot(struct pool *pool, unsigned wait_ms)
{
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  long long ns = until.tv_nsec + (long long)(wait_ms % 1000) * 1000000;
  until.tv_sec += wait_ms / 1000 + ns / 1000000000;
  until.tv_nsec = ns % 1000000000;
  pthread_mutex_lock(&pool->mu);
  struct core_db_conn *found = NULL;
  while (found == NULL) {
    /* Prefer a connected slot so reconnects happen only when needed. */
    for (unsigned i = 0; i < pool->size; i++) {
      struct core_db_conn *c = &pool->conns[i];
      if (!c->in_use && (found == NULL || (found->pg == NULL && c->pg != NULL)))
        found = c;
    }
    if (found != NULL)
      break;
    if (pthread_cond_timedwait(&pool->cv, &pool->mu, &until) != 0)
      break;
  }
  if (found != NULL)
    found->in_use = true;
  pthread_mutex_unlock(&pool->mu);
  return found;
}

static void
give_slot(struct core_db_conn *c)
{
  struct pool *pool = c->pool;
  pthread_mutex_lock(&pool->mu);
  c->in_use = false;
  pthread_cond_signal(&pool->cv);
  pthread_mutex_unlock(&pool->mu);
}

static enum core_ec
acquire_from(struct pool *pool, unsigned wait_ms, struct core_db_conn **out)
{
  struct core_db_conn *c = take_slot(pool, wait_ms);
  if (c == NULL)
    return CORE_EC_DB_BUSY;
  c->fresh = false;
  c->sqlstate[0] = '\0';
  if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
    pthread_mutex_lock(&pool->mu);
    bool holdoff = pool->down_until_ms > now_ms();
    pthread_mutex_unlock(&pool->mu);
    enum core_ec ec = holdoff ? CORE_EC_DB_UNAVAILABLE : connect_conn(c);
    if (ec != CORE_EC_OK) {
      give_slot(c);
      return ec;
    }
  }
  *out = c;
  return CORE_EC_OK;
}

enum core_ec
core_db_acquire(struct core_db_conn **out)
{
  /* A routed read takes the replica when it answers; else the primary
   * serves it (never an error because the replica is busy or gone). */
  if (want_replica && !fell_back && replica.size > 0) {
    if (acquire_from(&replica, REPLICA_WAIT_MS, out) == CORE_EC_OK)
      return CORE_EC_OK;
    fell_back = true;
  }
  if (office_thread && office.size > 0)
    return acquire_from(&office, ACQUIRE_WAIT_MS, out);
  return acquire_from(&primary, ACQUIRE_WAIT_MS, out);
}

enum core_ec
core_db_replica_acquire(struct core_db_conn **out)
{
  if (replica.size == 0)
    return CORE_EC_DB_UNAVAILABLE;
  return acquire_from(&replica, REPLICA_WAIT_MS, out);
}

bool
core_db_fall_back(const struct core_db_conn *c)
{
  if (c->pool != &replica)
    return false;
  CORE_WARN("the read replica failed a read (%s), reading the primary",
            c->sqlstate[0] != '\0' ? c->sqlstate : "connection lost");
  fell_back = true;
  return true;
}

void
core_db_read_from_replica(bool on)
{
  want_replica = on;
  fell_back = false;
}

bool
core_db_read_on_replica(void)
{
  return want_replica && !fell_back && replica.size > 0;
}

void
core_db_release(struct core_db_conn *c)
{
  if (c->pg != NULL && PQstatus(c->pg) == CONNECTION_OK &&
      PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
    /* A code path left a transaction open: a bug, but never leak it. */
    CORE_BREAK(PQtransactionStatus(c->pg) == PQTRANS_IDLE);
    PQclear(PQexec(c->pg, "ROLLBACK"));
  }
  give_slot(c);
}

/* Connection-class failures: the server went away or is shutting down. */
static bool
is_connection_loss(const struct core_db_conn *c)
{
  /* 08P01 (protocol violation) is a bug of ours, not a lost server. */
  return PQstatus(c->pg) != CONNECTION_OK ||
         (strncmp(c->sqlstate, "08", 2) == 0 &&
          strcmp(c->sqlstate, "08P01") != 0) ||
         strcmp(c->sqlstate, "57P01") == 0 ||
         strcmp(c->sqlstate, "57P02") == 0 || strcmp(c->sqlstate, "57P03") == 0;
}

/*
 * A statement stopped by statement_timeout (57014) or lock_timeout
 * (55P03): the database was too slow or too contended, not wrong.
 */
static bool
is_timeout(const struct core_db_conn *c)
{
  return strcmp(c->sqlstate, "57014") == 0 || strcmp(c->sqlstate, "55P03") == 0;
}

static enum core_qs
classify(struct core_db_conn *c, PGresult *r, const char *name)
{
  const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  snprintf(c->sqlstate, sizeof c->sqlstate, "%s", st != NULL ? st : "08006");
  if (strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0)
    return CORE_QS_SOFT;
  if (strcmp(c->sqlstate, "23505") == 0)
    return CORE_QS_NONE;
  if (strcmp(c->sqlstate, CORE_DB_SQLSTATE_REFUSED) == 0) {
    const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
    enum core_ec ec;
    if (hint != NULL && core_ec_parse(hint, &ec))
      c->refused = ec;
    else
      c->refused = CORE_EC_DB_ERROR;
    CORE_DEBUG("statement %s refused by a rule (%s): %s", name,
               hint != NULL ? hint : "?", PQresultErrorMessage(r));
    return CORE_QS_HARD;
  }
  /*
   * Connection loss is logged once, by the reconnect that fails; data
   * exceptions (22xxx) come from input and are the caller's to report.
   */
  if (strncmp(c->sqlstate, "22", 2) == 0 ||
      strcmp(c->sqlstate, CORE_DB_SQLSTATE_FORBIDDEN) == 0)
    CORE_DEBUG("statement %s refused input (%s): %s", name, c->sqlstate,
               PQresultErrorMessage(r));
  else if (!is_connection_loss(c))
    CORE_ERROR("statement %s failed (%s): %s", name, c->sqlstate,
               PQresultErrorMessage(r));
  else
    CORE_DEBUG("statement %s: connection lost (%s)", name, c->sqlstate);
  return CORE_QS_HARD;
}

/* One query of a pipeline: a prepared statement, or a plain command. */
struct pipe_q {
  const char *stmt;
  const char *sql;
  int nparams;
  const char *const *params;
  PGresult *res; /* out: NULL when the connection failed */
};

/* Reads results up to the pipeline's Sync, so pipeline mode can end. */
static void
drain_to_sync(PGconn *pg)
{
  for (int k = 0; k < 16 && PQstatus(pg) == CONNECTION_OK; k++) {
    PGresult *r = PQgetResult(pg);
    if (r == NULL)
      continue;
    bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (sync)
      return;
  }
}

/*
 * Sends @a q[0..n) and a Sync in one round trip and reads each query's
 * result. After an error the rest come back PGRES_PIPELINE_ABORTED.
 */
static void
pipe_run(struct core_db_conn *c, struct pipe_q *q, int n)
{
  for (int i = 0; i < n; i++)
    q[i].res = NULL;
  PGconn *pg = c->pg;
  if (PQenterPipelineMode(pg) != 1)
    return;
  bool sent = true;
  for (int i = 0; i < n && sent; i++)
    sent = q[i].stmt != NULL
               ? PQsendQueryPrepared(pg, q[i].stmt, q[i].nparams, q[i].params,
                                     NULL, NULL, 0) == 1
               : PQsendQueryParams(pg, q[i].sql, 0, NULL, NULL, NULL, NULL,
                                   0) == 1;
  if (sent && PQpipelineSync(pg) == 1) {
    for (int i = 0; i < n; i++) {
      q[i].res = PQgetResult(pg);
      if (q[i].res == NULL)
        break;
      PQclear(PQgetResult(pg)); /* the NULL that ends query i */
    }
    drain_to_sync(pg);
  }
  if (PQexitPipelineMode(pg) != 1 && PQstatus(pg) == CONNECTION_OK) {
    /* Never hand a connection stuck in pipeline mode back to the pool. */
    CORE_ERROR("could not leave pipeline mode: %s", PQerrorMessage(pg));
    PQfinish(pg);
    c->pg = NULL;
  }
}

/* Whether pipelined result @a r is a failure; classifies it into @a qs. */
static bool
pipe_failed(struct core_db_conn *c, PGresult *r, const char *name,
            enum core_qs *qs)
{
  if (c->pg == NULL) {
    snprintf(c->sqlstate, sizeof c->sqlstate, "08006");
    *qs = CORE_QS_HARD;
    return true;
  }
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return false;
  *qs = classify(c, r, name);
  if (*qs == CORE_QS_NONE) /* a unique violation is still a failure here */
    *qs = CORE_QS_HARD;
  return true;
}

/*
 * Sends the transaction's pending BEGIN, the lead if one is pending and
 * statement @a name (NULL: none) in one round trip. Returns the failure of
 * BEGIN or the lead; else CORE_QS_NONE with @a res (out) the statement's
 * result, the caller's.
 */
static enum core_qs
begin_with(struct core_db_conn *c, const char *name, int nparams,
           const char *const *params, PGresult **res)
{
  struct core_db_rider *lead = pending_lead();
  struct pipe_q q[3] = {{.sql = c->begin_pending}};
  int n = 1;
  if (lead != NULL)
    q[n++] = (struct pipe_q){
        .stmt = lead->stmt, .nparams = lead->nparams, .params = lead->params};
  int si = name != NULL ? n : -1;
  if (name != NULL)
    q[n++] =
        (struct pipe_q){.stmt = name, .nparams = nparams, .params = params};
  c->begin_pending = NULL;
  pipe_run(c, q, n);
  enum core_qs qs = CORE_QS_NONE;
  if (pipe_failed(c, q[0].res, "BEGIN", &qs)) {
    c->begin_lost = is_connection_loss(c);
  } else if (lead != NULL && pipe_failed(c, q[1].res, lead->stmt, &qs)) {
    c->forbidden = strcmp(c->sqlstate, CORE_DB_SQLSTATE_FORBIDDEN) == 0;
  } else if (lead != NULL) {
    lead->landed = true;
  }
  if (qs == CORE_QS_NONE && si >= 0) {
    *res = q[si].res;
    q[si].res = NULL;
  }
  for (int i = 0; i < n; i++)
    PQclear(q[i].res);
  return qs;
}

static enum core_qs
begin_now(struct core_db_conn *c)
{
  return begin_with(c, NULL, 0, NULL, NULL);
}

/*
 * Commits; a pending tail goes in the same round trip and inserts its row
 * only when the transaction wrote something.
 */
static enum core_qs
commit(struct core_db_conn *c)
{
  struct core_db_rider *tail = pending_tail();
  if (tail == NULL)
    return command(c, "COMMIT");
  c->sqlstate[0] = '\0';
  struct pipe_q q[2] = {
      {.stmt = tail->stmt, .nparams = tail->nparams, .params = tail->params},
      {.sql = "COMMIT"}};
  pipe_run(c, q, 2);
  enum core_qs qs = CORE_QS_NONE;
  if (!pipe_failed(c, q[0].res, tail->stmt, &qs) &&
      !pipe_failed(c, q[1].res, "COMMIT", &qs))
    tail->landed = atol(PQcmdTuples(q[0].res)) > 0;
  PQclear(q[0].res);
  PQclear(q[1].res);
  return qs;
}

enum core_qs
core_db_query(struct core_db_conn *c, const char *name, int nparams,
              const char *const *params, PGresult **res)
{
  c->sqlstate[0] = '\0';
  PGresult *r = NULL;
  if (c->begin_pending != NULL) {
    enum core_qs qs = begin_with(c, name, nparams, params, &r);
    if (qs < 0)
      return qs;
  } else {
    r = PQexecPrepared(c->pg, name, nparams, params, NULL, NULL, 0);
  }
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    enum core_qs qs = classify(c, r, name);
    PQclear(r);
    return qs;
  }
  long n = st == PGRES_TUPLES_OK ? PQntuples(r) : atol(PQcmdTuples(r));
  if (res != NULL)
    *res = r;
  else
    PQclear(r);
  return n > 1 ? (enum core_qs)(n > 1000000000 ? 1000000000 : n)
               : (enum core_qs)n;
}

/* Runs a plain command (BEGIN, COMMIT, ROLLBACK). */
static enum core_qs
command(struct core_db_conn *c, const char *sql)
{
  c->sqlstate[0] = '\0';
  PGresult *r = PQexec(c->pg, sql);
  enum core_qs qs = CORE_QS_NONE;
  if (PQresultStatus(r) != PGRES_COMMAND_OK)
    qs = classify(c, r, sql);
  PQclear(r);
  return qs;
}

/* One attempt at SELECT 1; @a stale (out) tells a dead pooled connection. */
static bool
ping_once(bool *stale)
{
  struct core_db_conn *c;
  *stale = false;
  if (core_db_acquire(&c) != CORE_EC_OK)
    return false;
  PGresult *r = PQexec(c->pg, "SELECT 1");
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) {
    classify(c, r, "ping");
    *stale = !c->fresh && is_connection_loss(c);
  }
  PQclear(r);
  core_db_release(c);
  return ok;
}

bool
core_db_ping(void)
{
  bool stale;
  if (ping_once(&stale))
    return true;
  /* A connection from before a server restart fails once; ask again. */
  return stale && ping_once(&stale);
}

static const char *
begin_sql(enum core_db_iso iso)
{
  switch (iso) {
    case CORE_DB_REPEATABLE_READ:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case CORE_DB_SERIALIZABLE:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case CORE_DB_READ_COMMITTED:
      break;
  }
  return "BEGIN";
}

/* Short randomized pause so retrying transactions stop colliding. */
static void
backoff(int attempt)
{
  unsigned us = (unsigned)(rand() % 2000 + 500) * (unsigned)attempt;
  usleep(us);
}

/* The outcome of one attempt, and whether another attempt may succeed. */
struct attempt {
  enum core_ec ec;
  bool retry;
};

/*
 * The outcome of a failed attempt (@a qs < 0): a serialization failure or
 * deadlock is retried, the body's own error stands, a lost connection is
 * retried only when @a retry_lost says nothing can have run twice.
 */
static struct attempt
failed(const struct core_db_conn *c, enum core_qs qs, enum core_ec body_ec,
       bool retry_lost)
{
  struct attempt a = {CORE_EC_DB_ERROR, false};
  if (qs == CORE_QS_SOFT) {
    a.ec = CORE_EC_DB_BUSY;
    a.retry = true;
  } else if (c->refused != CORE_EC_OK) {
    a.ec = c->refused;
  } else if (body_ec != CORE_EC_OK) {
    a.ec = body_ec;
  } else if (is_connection_loss(c)) {
    a.ec = CORE_EC_DB_UNAVAILABLE;
    a.retry = retry_lost;
  } else if (is_timeout(c)) {
    a.ec = CORE_EC_DB_BUSY;
  }
  return a;
}

static struct attempt
attempt_tx(struct core_db_conn *c, enum core_db_iso iso, core_db_tx_fn fn,
           void *cls)
{
  struct attempt a = {CORE_EC_OK, false};
  c->begin_pending = begin_sql(iso);
  c->begin_lost = false;
  c->forbidden = false;
  c->refused = CORE_EC_OK;
  enum core_ec body_ec = CORE_EC_OK;
  enum core_qs qs = fn(c, cls, &body_ec);
  bool began = c->begin_pending == NULL;
  c->begin_pending = NULL;
  if (qs >= 0 && !began)
    return a; /* the body sent nothing: there is nothing to commit */
  if (qs >= 0)
    qs = commit(c);
  if (qs >= 0)
    return a;
  if (c->pg != NULL && PQstatus(c->pg) == CONNECTION_OK)
    PQclear(PQexec(c->pg, "ROLLBACK"));
  if (c->forbidden)
    return (struct attempt){CORE_EC_WAREHOUSE_FORBIDDEN, false};
  if (c->begin_lost) {
    /* A pooled connection the server dropped while idle: reconnect. */
    a.retry = !c->fresh;
    a.ec = CORE_EC_DB_UNAVAILABLE;
    return a;
  }
  return failed(c, qs, body_ec, false);
}

/*
 * One attempt at a single-statement body without BEGIN and COMMIT: the
 * statement is its own transaction. A pooled connection found dead is
 * retried, as is a serialization failure or deadlock (rolled back whole).
 */
static struct attempt
attempt_one(struct core_db_conn *c, core_db_tx_fn fn, void *cls)
{
  /* Riders need a transaction to ride with. */
  if (pending_lead() != NULL || pending_tail() != NULL)
    return attempt_tx(c, CORE_DB_READ_COMMITTED, fn, cls);
  struct attempt a = {CORE_EC_OK, false};
  c->refused = CORE_EC_OK;
  enum core_ec body_ec = CORE_EC_OK;
  enum core_qs qs = fn(c, cls, &body_ec);
  if (qs >= 0)
    return a;
  return failed(c, qs, body_ec, !c->fresh);
}

/* Runs @a once() on pooled connections until it needs no retry. */
static enum core_ec
run_attempts(const char *name,
             struct attempt (*once)(struct core_db_conn *, void *), void *arg)
{
  struct attempt a = {CORE_EC_DB_BUSY, false};
  for (int i = 1; i <= TX_ATTEMPTS; i++) {
    struct core_db_conn *c;
    enum core_ec ec = core_db_acquire(&c);
    if (ec != CORE_EC_OK)
      return ec;
    a = once(c, arg);
    bool on_replica = c->pool == &replica;
    core_db_release(c);
    if (on_replica && (a.ec == CORE_EC_DB_UNAVAILABLE ||
                       a.ec == CORE_EC_DB_ERROR || a.ec == CORE_EC_DB_BUSY)) {
      /* The replica failed a routed read (gone, or a statement it cannot
       * run, such as a write): the primary answers it instead. */
      CORE_WARN("transaction %s: the read replica failed (%s), reading the "
                "primary",
                name, core_ec_name(a.ec));
      fell_back = true;
      i--;
      continue;
    }
    if (!a.retry)
      return a.ec;
    CORE_DEBUG("transaction %s: retry %d (%s)", name, i, core_ec_name(a.ec));
    if (a.ec == CORE_EC_DB_BUSY)
      backoff(i);
  }
  CORE_WARN("transaction %s: gave up after %d attempts", name, TX_ATTEMPTS);
  return a.ec;
}

/* What run_attempts passes to the transaction kinds. */
struct body {
  enum core_db_iso iso;
  core_db_tx_fn fn;
  void *cls;
};

static struct attempt
once_tx(struct core_db_conn *c, void *arg)
{
  const struct body *b = arg;
  return attempt_tx(c, b->iso, b->fn, b->cls);
}

static struct attempt
once_one(struct core_db_conn *c, void *arg)
{
  const struct body *b = arg;
  return attempt_one(c, b->fn, b->cls);
}

enum core_ec
core_db_run_tx(const char *name, enum core_db_iso iso, core_db_tx_fn fn,
               void *cls)
{
  struct body b = {iso, fn, cls};
  return run_attempts(name, once_tx, &b);
}

enum core_ec
core_db_run_one(const char *name, core_db_tx_fn fn, void *cls)
{
  struct body b = {CORE_DB_READ_COMMITTED, fn, cls};
  return run_attempts(name, once_one, &b);
}
