#include "core_outbox.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* What a store may offer: its share of the free stock, less its buffer.
 * kit_available (sql/procs/kits.sql) is the free units in bins of a plain
 * SKU, and for a kit the whole kits its components' free units make. */
#define OFFER                                                                  \
  "greatest(0, floor(coalesce(kit_available(o.sku_id, s.warehouse_id), 0)"     \
  " * s.sync_percent / 100.0) - s.sync_buffer)::bigint"

static const struct core_db_stmt stmts[] = {
    /* A lease of 15 s, past the 10 s a POST may take (web/web_outbox.c
       leases one message at a time, so no message waits leased behind
       another's POST): a node that dies mid-delivery leaves the message to
       any other node 15 s later, and no live node's message is taken. */
    {"outbox_lease",
     "UPDATE outbox o SET attempts = attempts + 1,"
     " next_attempt_at = now() + interval '15 seconds'"
     " FROM store s WHERE s.id = o.store_id AND (o.id, o.created_at) IN ("
     /* Due messages come from outbox_pending (migration 0440): one small
        index, whatever their month. The message itself is locked SKIP
        LOCKED too: a transaction recording it (whose trigger then waits
        for its outbox_pending row) is passed over, not waited for. */
     "  SELECT x.id, x.created_at FROM outbox x"
     "  WHERE (x.id, x.created_at) IN ("
     "   SELECT q.outbox_id, q.created_at FROM outbox_pending q"
     "   WHERE q.next_attempt_at <= now() AND q.kind <> 'channel_stock'"
     "   ORDER BY q.next_attempt_at, q.outbox_id"
     "   LIMIT $1 FOR UPDATE SKIP LOCKED)"
     "  AND x.delivered_at IS NULL FOR UPDATE OF x SKIP LOCKED)"
     " RETURNING o.id, o.created_at::text AS created_at,"
     " coalesce(CASE o.kind WHEN 'shipment' THEN s.events_url"
     " ELSE s.sync_url END, '') AS url, s.code,"
     " coalesce((SELECT code FROM sku WHERE id = o.sku_id), '') AS sku, " OFFER
     " AS available, o.attempts, o.payload::text AS payload"},
    {"outbox_delivered",
     "UPDATE outbox o SET delivered_at = now(), last_error = ''"
     " FROM store s WHERE s.id = o.store_id AND o.id = $1"
     " AND o.created_at = $3::timestamptz"
     " AND (o.kind = 'shipment' OR " OFFER " = $2::bigint)"},
    {"outbox_again",
     "UPDATE outbox SET next_attempt_at = now() + CASE WHEN $2::boolean"
     " THEN interval '0' ELSE least(interval '1 second' * power(2,"
     " least(attempts, 12)), interval '1 hour') END, last_error = $3"
     " WHERE id = $1 AND created_at = $4::timestamptz"},
    {NULL, NULL},
};

void
core_outbox_register(void)
{
  core_db_register(stmts);
}

struct lease_cls {
  unsigned max;
  struct core_arena *arena;
  struct core_outbox_msg **out;
  unsigned *n;
};

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  char max[16];
  snprintf(max, sizeof max, "%u", lc->max);
  const char *p[] = {max};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "outbox_lease", 1, p, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  struct core_outbox_msg *m =
      core_arena_alloc(lc->arena, sizeof *m * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    struct core_db_rspec rs[] = {
        CORE_DB_RS_INT64("id", &m[i].id),
        CORE_DB_RS_TEXT("created_at", &m[i].created_at),
        CORE_DB_RS_TEXT("url", &m[i].url),
        CORE_DB_RS_TEXT("code", &m[i].store),
        CORE_DB_RS_TEXT("sku", &m[i].sku),
        CORE_DB_RS_INT64("available", &m[i].available),
        CORE_DB_RS_INT("attempts", &m[i].attempts),
        CORE_DB_RS_TEXT_NULL("payload", &m[i].payload),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, lc->arena, "outbox_lease")) {
      PQclear(r);
      return CORE_QS_HARD;
    }
  }
  PQclear(r);
  *lc->out = m;
  *lc->n = (unsigned)n;
  return qs;
}

enum core_ec
core_outbox_lease(unsigned max, struct core_arena *arena,
                  struct core_outbox_msg **out, unsigned *n)
{
  struct lease_cls lc = {max, arena, out, n};
  return core_db_run_tx("outbox_lease", CORE_DB_READ_COMMITTED, lease_tx, &lc);
}

struct done_cls {
  const struct core_outbox_msg *m;
  bool ok;
  const char *error;
};

static enum core_qs
done_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct done_cls *dc = cls;
  char id[24], avail[24];
  snprintf(id, sizeof id, "%" PRId64, dc->m->id);
  snprintf(avail, sizeof avail, "%" PRId64, dc->m->available);
  enum core_qs qs = CORE_QS_NONE;
  if (dc->ok) {
    const char *p[] = {id, avail, dc->m->created_at};
    qs = core_db_query(c, "outbox_delivered", 3, p, NULL);
    if (qs != CORE_QS_NONE)
      return qs;
  }
  /* Failed, or the figure moved while it was on its way: send again. */
  const char *p2[] = {id, dc->ok ? "t" : "f", dc->ok ? "" : dc->error,
                      dc->m->created_at};
  return core_db_query(c, "outbox_again", 4, p2, NULL);
}

enum core_ec
core_outbox_done(const struct core_outbox_msg *m, bool ok, const char *error)
{
  struct done_cls dc = {m, ok, error != NULL ? error : ""};
  return core_db_run_tx("outbox_done", CORE_DB_READ_COMMITTED, done_tx, &dc);
}
