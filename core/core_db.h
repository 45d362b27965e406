#ifndef CORE_DB_H
#define CORE_DB_H
/*
 * PostgreSQL access: one process-wide pool of libpq connections, named
 * statements prepared on every (re)connect, and a transaction runner that
 * retries serialization failures and deadlocks. A lost server turns into
 * CORE_EC_DB_UNAVAILABLE; the pool reconnects by itself once it is back.
 */
#include "core_ec.h"

#include <libpq-fe.h>
#include <stdbool.h>

/* Result of one statement: the row count, or a failure class. */
enum core_qs {
  CORE_QS_HARD = -2, /* failed; retrying will not help */
  CORE_QS_SOFT = -1, /* serialization failure or deadlock: retry the tx */
  CORE_QS_NONE = 0,  /* no row (also: unique violation, see core_db_query) */
  CORE_QS_ONE = 1,
};

/* A named statement; the SQL uses $n parameters only. */
struct core_db_stmt {
  const char *name;
  const char *sql;
};

enum core_db_iso {
  CORE_DB_READ_COMMITTED,
  CORE_DB_REPEATABLE_READ,
  CORE_DB_SERIALIZABLE,
};

struct core_db_conn;

/*
 * Adds the statements of @a stmts (in, static storage, ended by a NULL
 * name) to those prepared on every connection. Call before core_db_open.
 */
void core_db_register(const struct core_db_stmt *set);

/*
 * Opens the pool of @a size connections to @a conninfo (in, copied);
 * @a statement_timeout_ms bounds every statement. Connects one connection
 * at once so that a statement that no longer matches the schema fails
 * here. Returns CORE_EC_OK, CORE_EC_DB_UNAVAILABLE or CORE_EC_DB_ERROR.
 */
enum core_ec core_db_open(const char *conninfo, unsigned size,
                          unsigned statement_timeout_ms);

/*
 * Opens a second pool, of @a size connections to the read replica
 * @a conninfo (in, copied), for reads routed there
 * (core_db_read_from_replica). Call after core_db_open. A replica that
 * does not answer yet is no failure: the pool connects when it does.
 * Returns CORE_EC_OK, CORE_EC_DB_UNAVAILABLE or CORE_EC_DB_ERROR.
 */
enum core_ec core_db_open_replica(const char *conninfo, unsigned size,
                                  unsigned statement_timeout_ms);

/*
 * DEPOT_SYNC_REPLICA (docs/scale.md): with @a on, every connection of the
 * primary pool sets synchronous_commit = on, so a commit returns only once
 * the synchronous standby named by the primary's synchronous_standby_names
 * has flushed it (statements that set it off for their own transaction,
 * the audit and the session's WAL position, stay off). Call before
 * core_db_open.
 */
void core_db_sync_commit(bool on);

/* Whether core_db_sync_commit turned it on. */
bool core_db_is_sync_commit(void);

/*
 * Opens the office pool (web_office.h): @a size more connections to the
 * primary, for the office threads' acquires (core_db_office_thread), whose
 * backends run at nice @a nice (1-19; 0 leaves them as they are) when the
 * server is on this machine and the OS lets us (logged once otherwise).
 * Call after core_db_open. Returns as core_db_open.
 */
enum core_ec core_db_open_office(unsigned size, int nice);

/* Marks the calling thread an office thread (@a on) or not. */
void core_db_office_thread(bool on);

/* Whether a replica pool is open. */
bool core_db_has_replica(void);

/*
 * Routes the calling thread's next acquires to the replica (@a on) or
 * back to the primary. A routed read that cannot get a replica connection,
 * or whose transaction fails there, runs on the primary instead.
 */
void core_db_read_from_replica(bool on);

/*
 * Whether the thread's routed read ran on the replica only (false when
 * not routed, or when it fell back to the primary).
 */
bool core_db_read_on_replica(void);

/*
 * A connection of the replica pool itself, without falling back (for
 * measuring its replay). As core_db_acquire; CORE_EC_DB_UNAVAILABLE when
 * no replica is configured.
 */
enum core_ec core_db_replica_acquire(struct core_db_conn **out);

/*
 * After a failure on @a c (in, still acquired): when it is a replica
 * connection, sends the thread's further acquires to the primary and
 * returns true (release @a c and run the read again); else false.
 */
bool core_db_fall_back(const struct core_db_conn *c);

/* Closes every connection; no acquire may be in progress. */
void core_db_close(void);

/*
 * Takes a connection for the calling thread, waiting up to a few seconds
 * for a free one. Returns CORE_EC_OK with @a out set, CORE_EC_DB_BUSY when
 * none became free, or CORE_EC_DB_UNAVAILABLE when the server is down.
 */
enum core_ec core_db_acquire(struct core_db_conn **out);

/* Returns @a c (owned by the caller until now) to the pool. */
void core_db_release(struct core_db_conn *c);

/* The libpq handle of @a c, for COPY and other direct use (borrowed). */
PGconn *core_db_pg(struct core_db_conn *c);

/*
 * Runs prepared statement @a name with @a nparams text parameters
 * @a params (in; NULL entries are SQL NULL). On success @a res (out, may
 * be NULL) receives the result, owned by the caller (PQclear). Returns the
 * number of rows returned or affected; CORE_QS_NONE for a unique
 * violation (so inserts are idempotent); SOFT for 40001/40P01; HARD
 * otherwise (the SQLSTATE is in core_db_sqlstate).
 */
enum core_qs core_db_query(struct core_db_conn *c, const char *name,
                           int nparams, const char *const *params,
                           PGresult **res);

/* SQLSTATE of the last failed statement on @a c, or "" (borrowed). */
const char *core_db_sqlstate(const struct core_db_conn *c);

/* Whether the last failure on @a c was a unique violation (23505). */
bool core_db_was_unique_violation(const struct core_db_conn *c);

/*
 * A transaction body. Runs inside BEGIN..COMMIT on @a c. Returns the last
 * core_qs; on CORE_QS_HARD it sets @a ec (out) when the failure is a
 * domain error (e.g. CORE_EC_NOT_FOUND), else leaves it for the runner.
 */
typedef enum core_qs (*core_db_tx_fn)(struct core_db_conn *c, void *cls,
                                      enum core_ec *ec);

/*
 * Runs @a fn(@a cls) in a transaction at @a iso, retrying it on SOFT
 * results and on a connection found dead at its first statement. @a name
 * (in) labels it in the log. Returns CORE_EC_OK after COMMIT, else the
 * error (rolled back): the body's own, DB_BUSY after too many retries,
 * DB_UNAVAILABLE or DB_ERROR.
 */
enum core_ec core_db_run_tx(const char *name, enum core_db_iso iso,
                            core_db_tx_fn fn, void *cls);

/*
 * As core_db_run_tx for a body of exactly one statement, sent without
 * BEGIN and COMMIT (the statement is its own transaction: two round trips
 * fewer). A retried attempt may follow one whose reply was lost after the
 * statement committed, so the statement must be safe to run twice.
 */
enum core_ec core_db_run_one(const char *name, core_db_tx_fn fn, void *cls);

/*
 * Statements that ride along with the transactions of one request, so
 * that checks and records which belong to the request's change cost no
 * round trip of their own and share its fate.
 *
 * The lead runs first in the thread's next transaction, sent in one round
 * trip with BEGIN and the body's first statement; it refuses by raising
 * (see CORE_DB_SQLSTATE_FORBIDDEN), which aborts the transaction before the
 * body's statement runs. Once it has passed it is not sent again.
 *
 * The tail is sent in one round trip with COMMIT of the thread's first
 * transaction that wrote something (its SQL must insert nothing when
 * txid_current_if_assigned() is NULL); @a landed says it committed.
 */
struct core_db_rider {
  const char *stmt; /* prepared statement name; NULL: none */
  int nparams;
  const char *const *params;
  bool landed;
};

struct core_db_riders {
  struct core_db_rider lead, tail;
};

/* The SQLSTATE of a lead's refusal: the runner answers WAREHOUSE_FORBIDDEN. */
#define CORE_DB_SQLSTATE_FORBIDDEN "DP403"

/*
 * The SQLSTATE of a schema rule's refusal (a trigger or check function,
 * e.g. sql/procs/owner.sql): its HINT is the registry name of the error
 * (core_ec.def), which the transaction runner answers with.
 */
#define CORE_DB_SQLSTATE_REFUSED "DP400"

/*
 * Makes @a r (borrowed until the next call; NULL for none) the riders of
 * the calling thread's transactions.
 */
void core_db_ride(struct core_db_riders *r);

/* Whether the server answers a trivial query right now. */
bool core_db_ping(void);

#endif
