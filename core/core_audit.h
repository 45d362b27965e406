#ifndef CORE_AUDIT_H
#define CORE_AUDIT_H
/*
 * The audit log: one append-only row per change request, whoever made it
 * and however it ended. The table refuses UPDATE and DELETE itself.
 */
#include "core_ec.h"

#include <stddef.h>
#include <stdint.h>

struct core_arena;
struct core_db_riders;

/* One audit row; strings borrowed (append) or in an arena (list). */
struct core_audit_row {
  int64_t id;
  const char *at;
  const char *request_id;
  const char *principal_kind; /* anonymous, user, api_key */
  const char *principal;
  const char *role;
  const char *method;
  const char *route;
  const char *target;
  unsigned status;
  const char *outcome; /* ok, denied, error */
};

/* Filters of a list; NULL fields match everything. */
struct core_audit_filter {
  const char *principal;
  const char *route;
  const char *outcome;
  const char *method;
  int64_t limit, offset;
};

/*
 * Appends @a row (in; @a row->at NULL for now). When the database is
 * unavailable the row is spooled in memory (and logged as a JSON line)
 * and written, in order, once it is back: CORE_EC_OK then too. Returns
 * another database error as it is.
 */
enum core_ec core_audit_append(const struct core_audit_row *row);

/*
 * The audit row of the change request this thread serves, riding with the
 * transaction that makes the change (see core_db_ride): the row commits
 * with the change or not at all. Recorded as outcome ok, status 200 (the
 * reply, chosen after the commit, may say 201).
 */
struct core_audit_ride {
  const char *params[9];
};

/*
 * Makes @a row (in: strings borrowed until the request ends) ride as
 * @a riders' tail (out), its parameters kept in @a ride (out).
 */
void core_audit_ride(const struct core_audit_row *row,
                     struct core_audit_ride *ride,
                     struct core_db_riders *riders);

/*
 * Writes the spooled rows the database now takes, oldest first; returns
 * how many. The server's background worker calls it and returns at once
 * when a request is already flushing; requests call it through each
 * append and ride and wait for a flush under way, so the row they write
 * lands after the spooled ones. The caller must hold no connection.
 */
size_t core_audit_flush(void);

/*
 * Lists rows matching @a f (in), newest first, into @a items (out, @a n of
 * them, in @a arena); @a total (out) counts all matching rows.
 */
enum core_ec core_audit_list(const struct core_audit_filter *f,
                             struct core_arena *arena,
                             struct core_audit_row **items, unsigned *n,
                             int64_t *total);

#endif
