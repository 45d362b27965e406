#ifndef CORE_REPLICA_H
#define CORE_REPLICA_H
/*
 * Where a replica-safe read goes (issue 25 item 2, docs/scale.md): to the
 * streaming read replica (core_db_open_replica) while its replay lags less
 * than the limit and, after a session's change, once it has replayed that
 * change; else to the primary. The replica's replay position and lag are
 * measured by one query on it, at most every CORE_REPLICA_CACHE_MS (a read
 * waiting for its session's change asks again, bounded).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { CORE_REPLICA_CACHE_MS = 100 };

/* The replica as last measured. */
struct core_replica_state {
  bool configured;     /* a replica pool is open */
  bool up;             /* it answered the last measurement */
  long long lag_ms;    /* replay lag; 0 when it has replayed all it got */
  uint64_t replay_lsn; /* WAL position replayed */
  long long probe_us;  /* what the last measurement cost, microseconds */
  long long age_ms;    /* how old the measurement is */
};

/* Why a read went where it went. */
enum core_replica_route {
  CORE_REPLICA_USE,     /* the replica serves it */
  CORE_REPLICA_NONE,    /* no replica configured */
  CORE_REPLICA_DOWN,    /* the replica does not answer */
  CORE_REPLICA_LAGGING, /* its lag is above the limit */
  CORE_REPLICA_BEHIND,  /* it had not replayed the session's change in time */
};

/*
 * Sets the lag limit @a max_lag_ms and the read-your-writes wait
 * @a ryw_wait_ms. Call once at start, before serving.
 */
void core_replica_configure(unsigned max_lag_ms, unsigned ryw_wait_ms);

/* Fills @a out with the replica's state, measured anew when stale. */
void core_replica_state(struct core_replica_state *out);

/*
 * Chooses the target of a replica-safe read by a caller whose last change
 * committed by WAL position @a session_lsn (in, "%X/%X"; NULL or "": none).
 * May wait up to the read-your-writes limit for the replica to replay it.
 */
enum core_replica_route core_replica_choose(const char *session_lsn);

/* The route's name for log lines: "replica", "lagging", ... (static). */
const char *core_replica_route_name(enum core_replica_route r);

/* Parses WAL position @a text ("16/B374D848") into @a out; false if bad. */
bool core_replica_lsn_parse(const char *text, uint64_t *out);

/* Formats @a lsn as PostgreSQL does into @a buf (of @a len bytes). */
void core_replica_lsn_format(uint64_t lsn, char *buf, size_t len);

#endif
