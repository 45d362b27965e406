#include "core_audit.h"

#include "core_arena.h"
#include "core_db.h"
#include "db/core_db_auth.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

const char *
core_audit_outcome(unsigned status)
{
  if (status < 400)
    return "ok";
  if (status == 401 || status == 403 || status == 429)
    return "denied";
  return "error";
}

/*
 * The audit row commits without waiting for its WAL flush (the statement
 * sets synchronous_commit off for its own transaction): the request it
 * records was answered already, and its own changes were durable in their
 * transaction. A crash of the database machine can lose the last few
 * hundred milliseconds of audit rows, never a stock change; in exchange a
 * scan costs one flush, not two, and the row one round trip.
 */
static enum core_qs
append_one(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return core_db_insert_audit(c, cls);
}

enum core_ec
core_audit_append(const struct core_audit_row *row)
{
  return core_db_run_one("audit_append", append_one, (void *)row);
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
