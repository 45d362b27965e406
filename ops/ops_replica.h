#ifndef OPS_REPLICA_H
#define OPS_REPLICA_H
/*
 * A streaming replica of the embedded cluster (issue 25 item 4, `depot
 * cluster`): made once with pg_basebackup -R from the running primary
 * (a replication slot keeps the WAL it has not replayed), kept in
 * <cluster home>/pg-replica and served, like the primary, on a unix socket
 * only (the primary's socket directory, port OPS_REPLICA_PORT; no TCP).
 * `depot db promote` makes it the primary once the primary is lost.
 */
#include "ops_pgctl.h"

#define OPS_REPLICA_PORT 5433
#define OPS_REPLICA_SLOT "depot_replica"
/* Its name as a standby (cluster_name, hence the walreceiver's
 * application_name): what synchronous_standby_names lists. */
#define OPS_REPLICA_NAME "depot_replica"

/* The replica's data directory for @a pc (heap, caller frees). */
char *ops_replica_pgdata(const struct ops_pgctl *pc);

/* Running, stopped, or not made yet. */
enum ops_pgctl_state ops_replica_state(const struct ops_pgctl *pc);

/*
 * Makes the replica from the running primary of @a pc when it is absent,
 * and starts it if stopped; @a made (out, may be NULL) tells whether it
 * was made now. CORE_EC_OK or CORE_EC_INTERNAL (logged, with the log file).
 */
enum core_ec ops_replica_start(const struct ops_pgctl *pc, bool *made);

/*
 * DEPOT_SYNC_REPLICA for the embedded primary of @a pc: with @a on,
 * synchronous_standby_names names the replica (ALTER SYSTEM, reloaded) and
 * this waits up to 30 s for it to acknowledge synchronously; without,
 * the setting is reset (asynchronous). CORE_EC_OK or CORE_EC_INTERNAL
 * (logged).
 */
enum core_ec ops_replica_set_sync(const struct ops_pgctl *pc, bool on);

/* Stops the replica (fast shutdown) if it runs. */
enum core_ec ops_replica_stop(const struct ops_pgctl *pc);

/*
 * Promotes the running replica to a primary (pg_ctl promote, waiting until
 * it takes writes). CORE_EC_OK or CORE_EC_INTERNAL (logged).
 */
enum core_ec ops_replica_promote(const struct ops_pgctl *pc);

/*
 * The connection string of the `depot` database listing the primary and
 * the replica with target_session_attrs=read-write: libpq connects to
 * whichever takes writes, so after a promotion servers reconnect to the
 * new primary without a restart. Heap, caller frees.
 */
char *ops_replica_conninfo_both(const struct ops_pgctl *pc);

/*
 * The connection string of the replica alone (its unix socket, port
 * OPS_REPLICA_PORT), heap: the nodes' DEPOT_REPLICA_URL, for the reads it
 * may serve (docs/scale.md).
 */
char *ops_replica_conninfo_read(const struct ops_pgctl *pc);

#endif
