#ifndef CORE_SYNC_H
#define CORE_SYNC_H
/*
 * Synchronous replication as the primary sees it (DEPOT_SYNC_REPLICA,
 * docs/scale.md), for /readyz and `depot cluster status`: the primary's
 * synchronous_standby_names, its standbys from pg_stat_replication, and
 * how many commits wait for a standby's acknowledgement right now (the
 * backends in wait event SyncRep). With a standby named and none
 * acknowledging, PostgreSQL holds every synchronous commit until one does.
 */
#include <jansson.h>
#include <stdbool.h>

/* The primary's synchronous replication. */
struct core_sync_state {
  bool measured;   /* the primary answered */
  bool visible;    /* our role may read pg_stat_replication's columns */
  char names[128]; /* synchronous_standby_names; "" when asynchronous */
  long standbys;   /* streaming standbys */
  long sync;       /* of them acknowledging synchronously (sync, quorum) */
  long waiting;    /* commits waiting for an acknowledgement */
  json_t *detail;  /* [{name, state, sync_state, flush_lag_ms}], owned */
};

/* What the state means, for /readyz (static string). */
enum core_sync_mode {
  CORE_SYNC_OFF,     /* no standby named: commits do not wait */
  CORE_SYNC_ON,      /* a named standby acknowledges */
  CORE_SYNC_BLOCKED, /* a standby is named, none acknowledges: commits wait */
  CORE_SYNC_UNKNOWN, /* the primary did not answer, or hides the columns */
};

/*
 * Measures @a out (caller-owned; release with core_sync_clear) on a
 * connection of the primary pool. Never fails: an unanswered query leaves
 * measured false.
 */
void core_sync_measure(struct core_sync_state *out);

/* The mode of @a st (in). */
enum core_sync_mode core_sync_mode_of(const struct core_sync_state *st);

/* The mode's name: "off", "on", "blocked", "unknown" (static). */
const char *core_sync_mode_name(enum core_sync_mode m);

/* Releases what @a st (in,out) owns. */
void core_sync_clear(struct core_sync_state *st);

#endif
