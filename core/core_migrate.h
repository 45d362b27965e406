#ifndef CORE_MIGRATE_H
#define CORE_MIGRATE_H
/*
 * Schema migrations: the embedded sql/migrations files are applied in name
 * order, each in its own transaction, and recorded in schema_migrations
 * with a checksum; then the sql/procs files whose text changed are
 * (re)loaded. A session-level advisory lock serializes servers that start
 * together. An applied migration whose text changed since is an error:
 * migrations are append-only.
 */
#include "core_ec.h"

/*
 * Migrates the database at @a conninfo (in). @a applied (out) receives the
 * number of migrations and procedure files applied by this call.
 * Progress goes to the log. Returns CORE_EC_OK, CORE_EC_DB_UNAVAILABLE or
 * CORE_EC_DB_ERROR (logged with the file at fault).
 */
enum core_ec core_migrate_run(const char *conninfo, unsigned *applied);

/*
 * Applies only the migrations whose file name sorts before @a before (in,
 * e.g. "0400"), and no procedure file: a database as an older release
 * left it, for tests of a later migration's conversion (depot migrate
 * --before). @a applied (out) as core_migrate_run; returns as it.
 */
enum core_ec core_migrate_before(const char *conninfo, const char *before,
                                 unsigned *applied);

struct core_sql_file;

/*
 * Loads the procedure files @a files (in: a table as in core_sql.h) into
 * the database at @a conninfo (in) as core_migrate_run loads sql/procs:
 * each file whose text changed since it was last loaded, recorded in
 * schema_procs. For SQL that is not part of the schema (the demo's,
 * sql/demo). @a applied (out) counts the files loaded. Returns as
 * core_migrate_run.
 */
enum core_ec core_migrate_procs(const char *conninfo,
                                const struct core_sql_file *files,
                                unsigned *applied);

#endif
