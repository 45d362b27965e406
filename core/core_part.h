#ifndef CORE_PART_H
#define CORE_PART_H
/*
 * Partitioned history (issue 25 item 3, migration 0400, sql/procs/part.sql):
 * stock moves and the audit log are partitioned by UTC month. Partitions
 * are made three months ahead (core_part_upkeep: nightly, and by every
 * migrate, so at each server start); `depot archive` takes old months out
 * (core_part_archive).
 */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;
struct core_config;
struct core_outcome;

/* Registers the upkeep statement (core_modules_register). */
void core_part_register(void);

/*
 * Makes the partitions of this month and the next three, and a month of
 * its own for rows that landed in DEFAULT; safe with N nodes (advisory
 * lock: a node that does not get it does nothing). @a made (out): the
 * partitions made, -1 when another node held the lock. Returns CORE_EC_OK
 * or a database error.
 */
enum core_ec core_part_upkeep(int64_t *made);

/* One archived month, reported by core_part_archive's callback. */
struct core_part_month {
  const char *table; /* stock_move, audit_log */
  const char *month; /* YYYY-MM */
  const char *file;  /* where its rows went (CSV with a header) */
  long long rows;    /* rows written */
};

/*
 * Archives every month wholly before @a before (in, "YYYY-MM") of every
 * partitioned table, on its own connection to @a conninfo (in): stock
 * moves are summarized into opening balances, each month is detached in
 * one transaction, its rows are written with COPY (CSV, header) to
 * @a dir (in) as <partition>.csv and synced, then the detached table is
 * dropped. A month detached by a run that stopped before its file was
 * written is written by the next run; an archived month is never archived
 * twice. @a dir is made (0700) when missing, and the files are named by
 * its absolute path. One run at a time, whoever starts it (the CLI or the
 * server: a session advisory lock); a second one is refused. @a progress
 * (in, may be NULL) is called after each month with @a cls. @a months
 * (out): months archived. Returns CORE_EC_OK,
 * CORE_EC_ARCHIVE_MONTH_INVALID, CORE_EC_ARCHIVE_MONTH_OPEN,
 * CORE_EC_ARCHIVE_IN_PROGRESS, CORE_EC_ARCHIVE_PENDING (months before
 * @a before hold undelivered outbox messages or pending webhook
 * deliveries: nothing changed), CORE_EC_ARCHIVE_WRITE_FAILED,
 * CORE_EC_DB_UNAVAILABLE or CORE_EC_DB_ERROR.
 */
enum core_ec
core_part_archive(const char *conninfo, const char *before, const char *dir,
                  void (*progress)(void *cls, const struct core_part_month *m),
                  void *cls, unsigned *months);

/*
 * What is partitioned, on its own connection to @a conninfo (in): per
 * table its time and distribution columns, its month partitions and the
 * months archived (part_status), as JSON text in @a doc (out, heap: the
 * caller frees). Returns CORE_EC_OK, CORE_EC_DB_UNAVAILABLE or
 * CORE_EC_DB_ERROR.
 */
enum core_ec core_part_status(const char *conninfo, char **doc);

/*
 * Where archived months go for @a cfg (in): DEPOT_ARCHIVE_DIR
 * (--archive-dir) when set, else <data dir>/archive. Returns a heap string
 * (the caller frees).
 */
char *core_part_dir_for(const struct core_config *cfg);

/*
 * Sets the server's archive directory and database to @a dir and
 * @a conninfo (in, copied; NULL clears), for core_part_archive_here. Called
 * once before serving.
 */
void core_part_serve(const char *dir, const char *conninfo);

/* The directory set by core_part_serve (borrowed), or NULL. */
const char *core_part_dir(void);

/*
 * core_part_archive on the server's own database and directory (set by
 * core_part_serve): a connection of its own, so the run is bounded by no
 * statement timeout and holds none of the pools' connections. Returns as
 * core_part_archive, or CORE_EC_INTERNAL when nothing was set.
 */
enum core_ec core_part_archive_here(
    const char *before,
    void (*progress)(void *cls, const struct core_part_month *m), void *cls,
    unsigned *months);

/*
 * The back office's overview (part_overview, sql/procs/part.sql): per
 * partitioned table its months with rows and size, DEFAULT's rows, months
 * ahead and the months taken out, as JSON text in @a doc (out, in
 * @a arena). Returns CORE_EC_OK or a database error.
 */
enum core_ec core_part_overview(struct core_arena *arena, const char **doc);

/*
 * The replay rule of POST /api/v1/admin/archive (idem_replay): for key
 * @a key (in, NULL: none) and request @a request (in, canonical JSON
 * text). @a out (out, strings in @a arena) holds the first answer when
 * @a out->replayed. Returns CORE_EC_OK, CORE_EC_IDEMPOTENCY_CONFLICT or a
 * database error.
 */
enum core_ec core_part_archive_replay(const char *key, const char *request,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

/*
 * Keeps answer @a response (in, JSON text) of @a request under @a key
 * (NULL: none). When a racing request with the same key recorded first,
 * @a out holds its answer, replayed; else @a response. Returns as
 * core_part_archive_replay.
 */
enum core_ec core_part_archive_record(const char *key, const char *request,
                                      const char *response,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

#endif
