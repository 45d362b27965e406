#include "core_channel_stock.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

#include <stdio.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    /* Due rows of any store, SKIP LOCKED: two nodes never push one row;
       the lease (five minutes) covers a batch of platform calls. */
    {"channel_stock_lease",
     "WITH leased AS ("
     " UPDATE outbox o SET attempts = o.attempts + 1,"
     " next_attempt_at = now() + interval '300 seconds'"
     " WHERE (o.id, o.created_at) IN (SELECT x.id, x.created_at FROM outbox x"
     /* Due rows come from outbox_pending (migration 0440), whatever their
        month; the row itself is skipped while another transaction holds
        it (as core_outbox.c's lease). */
     "  WHERE (x.id, x.created_at) IN (SELECT q.outbox_id, q.created_at"
     "   FROM outbox_pending q"
     "   WHERE q.kind = 'channel_stock' AND q.next_attempt_at <= now()"
     /* A store the seller has not authorised (no access token: the
        demo's) or that is inactive keeps its rows queued, uncalled. */
     "   AND EXISTS (SELECT 1 FROM channel_account ca JOIN store cs"
     "    ON cs.id = ca.store_id WHERE ca.store_id = q.store_id"
     "    AND ca.token_pii IS NOT NULL AND cs.active)"
     "   ORDER BY q.next_attempt_at, q.outbox_id"
     "   LIMIT $1 FOR UPDATE SKIP LOCKED)"
     "  AND x.delivered_at IS NULL FOR UPDATE OF x SKIP LOCKED)"
     " RETURNING o.id, o.store_id, o.sku_id, o.attempts)"
     " SELECT l.id, l.attempts, s.code, m.platform_sku, m.platform_item_id,"
     " m.platform_sku_id,"
     " coalesce(channel_stock_figure(m.sku_id, m.qty, m.store_id), 0) AS qty,"
     " s.channel, a.app_key, pii_b64(a.secret_pii) AS secret,"
     " pii_b64(a.token_pii) AS token, pii_b64(a.refresh_pii) AS refresh,"
     " coalesce(extract(epoch FROM a.token_expires_at), 0)::bigint AS expires,"
     " a.sign_method, a.base_url, a.page_size"
     " FROM leased l JOIN store s ON s.id = l.store_id"
     " JOIN channel_account a ON a.store_id = l.store_id"
     " LEFT JOIN store_sku_map m ON m.store_id = l.store_id"
     " AND m.sku_id = l.sku_id AND m.platform_item_id <> ''"
     " ORDER BY l.store_id, l.id, m.platform_sku"},
    {"channel_stock_done",
     "SELECT channel_stock_done($1::bigint, $2::boolean, $3::jsonb, $4)"},
    {NULL, NULL},
};

void
core_channel_stock_register(void)
{
  core_db_register(stmts);
}

struct lease_cls {
  unsigned max;
  struct core_arena *arena;
  struct core_channel_stock_batch **out;
  unsigned *n;
};

/* Row @a i of @a r into @a row; false on a bad row. */
static bool
read_row(PGresult *r, int i, struct core_arena *arena,
         struct core_channel_stock_row *row, const char **store)
{
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &row->outbox_id),
      CORE_DB_RS_INT("attempts", &row->attempts),
      CORE_DB_RS_TEXT("code", store),
      CORE_DB_RS_TEXT_NULL("platform_sku", &row->platform_sku),
      CORE_DB_RS_TEXT_NULL("platform_item_id", &row->item_id),
      CORE_DB_RS_TEXT_NULL("platform_sku_id", &row->sku_id),
      CORE_DB_RS_INT64("qty", &row->qty),
      CORE_DB_RS_END,
  };
  return core_db_result_row(r, i, rs, arena, "channel_stock_lease");
}

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  const char *p[] = {core_arena_printf(lc->arena, "%u", lc->max)};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "channel_stock_lease", 1, p, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_channel_stock_batch *b =
      core_arena_alloc(lc->arena, sizeof *b * (size_t)(rows + 1));
  struct core_channel_stock_row *all =
      core_arena_alloc(lc->arena, sizeof *all * (size_t)(rows + 1));
  unsigned nb = 0;
  for (int i = 0; i < rows; i++) {
    const char *store = NULL;
    if (!read_row(r, i, lc->arena, &all[i], &store)) {
      PQclear(r);
      *ec = CORE_EC_INTERNAL;
      return CORE_QS_HARD;
    }
    /* Rows come ordered by store: a new store opens a batch. */
    if (nb == 0 || strcmp(b[nb - 1].store, store) != 0) {
      memset(&b[nb], 0, sizeof b[nb]);
      b[nb].store = store;
      b[nb].rows = &all[i];
      if (!core_channel_creds_read(r, i, lc->arena, &b[nb].creds,
                                   "channel_stock_lease")) {
        PQclear(r);
        *ec = CORE_EC_INTERNAL;
        return CORE_QS_HARD;
      }
      nb++;
    }
    b[nb - 1].n++;
  }
  PQclear(r);
  *lc->out = b;
  *lc->n = nb;
  return qs;
}

enum core_ec
core_channel_stock_lease(unsigned max, struct core_arena *arena,
                         struct core_channel_stock_batch **out, unsigned *n)
{
  struct lease_cls lc = {max, arena, out, n};
  *n = 0;
  return core_db_run_tx("channel_stock_lease", CORE_DB_READ_COMMITTED, lease_tx,
                        &lc);
}

struct done_cls {
  const char *const *p;
};

static enum core_qs
done_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  (void)ec;
  struct done_cls *d = cls;
  return core_db_query(c, "channel_stock_done", 4, d->p, NULL);
}

enum core_ec
core_channel_stock_done(int64_t outbox_id, bool ok, const char *pushed,
                        const char *error)
{
  char id[24], err[301];
  snprintf(id, sizeof id, "%lld", (long long)outbox_id);
  /* Control characters out: the text lands on the exceptions desk. */
  size_t j = 0;
  for (const char *s = error; s != NULL && *s != '\0' && j < 300; s++)
    err[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
  while (j > 0 && ((unsigned char)err[j - 1] & 0xC0) == 0x80)
    j--;
  if (j > 0 && ((unsigned char)err[j - 1] & 0xC0) == 0xC0)
    j--;
  err[j] = '\0';
  const char *p[] = {id, ok ? "true" : "false", pushed != NULL ? pushed : "[]",
                     err};
  struct done_cls d = {p};
  return core_db_run_tx("channel_stock_done", CORE_DB_READ_COMMITTED, done_tx,
                        &d);
}
