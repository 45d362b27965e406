#include "core_webhook.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_pii.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"webhook_save", CORE_PROC_SELECT
     "webhook_save($1::bigint, $2::jsonb, $3, $4::smallint, $5::bigint)"},
    {"webhook_get", CORE_PROC_SELECT "webhook_get($1::bigint)"},
    {"webhook_delete", CORE_PROC_SELECT "webhook_delete($1::bigint)"},
    {"webhook_redeliver",
     CORE_PROC_SELECT "webhook_redeliver($1::bigint, $2::bigint)"},
    {"webhook_list", "SELECT webhook_list()::text"},
    {"webhook_deliveries",
     "SELECT webhook_deliveries($1::bigint, $2::jsonb)::text"},
    /* The lease moves next_attempt_at 15 s on, past the 10 s one POST may
       take (web/web_events.c leases one delivery at a time): a node that
       dies mid-POST leaves the delivery to another one then, and a live
       node's delivery is never taken. A delivery waits
       while an earlier event of its resource is pending for the same
       subscription (in order per resource). */
    {"webhook_lease",
     "UPDATE webhook_delivery d SET attempts = d.attempts + 1,"
     " next_attempt_at = now() + interval '15 seconds',"
     " last_attempt_at = now()"
     " FROM webhook w WHERE w.id = d.webhook_id"
     /* With its month (event_at, migration 0440): the update goes to one
        partition. */
     " AND (d.id, d.event_at) IN ("
     "  SELECT x.id, x.event_at FROM webhook_delivery x"
     "  JOIN webhook xw ON xw.id = x.webhook_id AND xw.active"
     "  WHERE x.status = 'pending' AND x.next_attempt_at <= now()"
     "  AND NOT EXISTS (SELECT 1 FROM webhook_delivery p"
     "   WHERE p.webhook_id = x.webhook_id AND p.status = 'pending'"
     "   AND p.resource_kind = x.resource_kind"
     "   AND p.resource_id = x.resource_id AND p.event_id < x.event_id)"
     "  ORDER BY x.next_attempt_at, x.id LIMIT $1"
     "  FOR UPDATE OF x SKIP LOCKED)"
     " RETURNING d.id, d.event_id, d.event_at::text AS event_at,"
     " d.attempts, w.url,"
     " pii_b64(w.secret_pii) AS secret, event_body(d.event_id) AS body"},
    {"webhook_delivered",
     "UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(),"
     " last_status = $2::int, last_body = $3 WHERE id = $1::bigint"
     " AND event_at = $4::timestamptz"},
    {"webhook_again",
     "UPDATE webhook_delivery SET last_status = $2::int, last_body = $3,"
     " status = CASE WHEN now() >= expires_at THEN 'failed' ELSE status END,"
     " next_attempt_at = now() + least(interval '1 second' * power(2,"
     " least(greatest(attempts - 1, 0), 12)), interval '1 hour')"
     " WHERE id = $1::bigint AND event_at = $4::timestamptz"},
    {NULL, NULL},
};

void
core_webhook_register(void)
{
  core_db_register(stmts);
}

const char *
core_webhook_secret_new(struct core_arena *arena)
{
  unsigned char raw[CORE_WEBHOOK_SECRET_BYTES];
  char hex[2 * CORE_WEBHOOK_SECRET_BYTES + 1];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return core_arena_printf(arena, "whsec_%s", hex);
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, true);
}

enum core_ec
core_webhook_save(int64_t id, const char *doc, const char *secret, int64_t user,
                  struct core_arena *arena, struct core_outcome *out)
{
  const char *sealed = NULL;
  if (secret != NULL) {
    enum core_ec ec = core_pii_seal_b64(secret, strlen(secret), arena, &sealed);
    if (ec != CORE_EC_OK) {
      *out = (struct core_outcome){.ec = ec};
      return ec;
    }
  }
  const char *p[] = {num(arena, id), doc, sealed,
                     core_arena_printf(arena, "%u", core_pii_version()),
                     num(arena, user)};
  return core_proc_run("webhook_save", "webhook_save", 5, p, arena, out);
}

enum core_ec
core_webhook_get(int64_t id, struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id)};
  return core_proc_run("webhook_get", "webhook_get", 1, p, arena, out);
}

enum core_ec
core_webhook_delete(int64_t id, struct core_arena *arena,
                    struct core_outcome *out)
{
  const char *p[] = {num(arena, id)};
  return core_proc_run("webhook_delete", "webhook_delete", 1, p, arena, out);
}

enum core_ec
core_webhook_list(struct core_arena *arena, const char **items)
{
  return core_proc_text("webhook_list", 0, NULL, arena, items);
}

enum core_ec
core_webhook_deliveries(int64_t id, const char *filter,
                        struct core_arena *arena, const char **items)
{
  const char *p[] = {num(arena, id), filter};
  return core_proc_text("webhook_deliveries", 2, p, arena, items);
}

enum core_ec
core_webhook_redeliver(int64_t id, int64_t delivery, struct core_arena *arena,
                       struct core_outcome *out)
{
  const char *p[] = {num(arena, id), num(arena, delivery)};
  return core_proc_run("webhook_redeliver", "webhook_redeliver", 2, p, arena,
                       out);
}

struct lease_cls {
  unsigned max;
  struct core_arena *arena;
  struct core_webhook_msg **out;
  unsigned *n;
};

/* Reads leased row @a i into @a m, opening the sealed secret. */
static bool
read_msg(PGresult *r, int i, struct core_arena *arena,
         struct core_webhook_msg *m)
{
  const char *sealed = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &m->id),
      CORE_DB_RS_INT64("event_id", &m->event),
      CORE_DB_RS_TEXT("event_at", &m->event_at),
      CORE_DB_RS_INT("attempts", &m->attempts),
      CORE_DB_RS_TEXT("url", &m->url),
      CORE_DB_RS_TEXT_NULL("secret", &sealed),
      CORE_DB_RS_TEXT("body", &m->body),
      CORE_DB_RS_END,
  };
  if (!core_db_result_row(r, i, rs, arena, "webhook_lease"))
    return false;
  m->secret = NULL;
  /* A secret that does not open (another key file) sends nothing: the
     delivery fails its attempts and says why in its last_body. */
  if (sealed != NULL &&
      core_pii_open_b64(sealed, arena, &m->secret, NULL) != CORE_EC_OK)
    m->secret = NULL;
  return true;
}

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  const char *p[] = {core_arena_printf(lc->arena, "%u", lc->max)};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "webhook_lease", 1, p, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  struct core_webhook_msg *m =
      core_arena_alloc(lc->arena, sizeof *m * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    if (!read_msg(r, i, lc->arena, &m[i])) {
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
core_webhook_lease(unsigned max, struct core_arena *arena,
                   struct core_webhook_msg **out, unsigned *n)
{
  struct lease_cls lc = {max, arena, out, n};
  *n = 0;
  return core_db_run_tx("webhook_lease", CORE_DB_READ_COMMITTED, lease_tx, &lc);
}

struct done_cls {
  const struct core_webhook_msg *m;
  bool ok;
  char status[24];
  const char *excerpt;
};

static enum core_qs
done_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct done_cls *dc = cls;
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)dc->m->id);
  /* By (id, event_at): the update goes to the delivery's month only. */
  const char *p[] = {id, dc->status[0] != '\0' ? dc->status : NULL, dc->excerpt,
                     dc->m->event_at};
  return core_db_query(c, dc->ok ? "webhook_delivered" : "webhook_again", 4, p,
                       NULL);
}

enum core_ec
core_webhook_done(const struct core_webhook_msg *m, bool ok, long status,
                  const char *excerpt)
{
  struct done_cls dc = {.m = m, .ok = ok, .excerpt = ""};
  if (status > 0)
    snprintf(dc.status, sizeof dc.status, "%ld", status);
  /* At most 200 bytes of printable ASCII: an answer may be anything. */
  char clean[201];
  size_t j = 0;
  for (const char *s = excerpt; s != NULL && *s != '\0' && j < 200; s++)
    clean[j++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
  clean[j] = '\0';
  dc.excerpt = clean;
  return core_db_run_tx("webhook_done", CORE_DB_READ_COMMITTED, done_tx, &dc);
}
