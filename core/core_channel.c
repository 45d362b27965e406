#include "core_channel.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_pii.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The window starts a second after the cursor (TOP's times are whole
   seconds), or a day back for a first pull; it spans at most a day (TOP's
   limit) and ends a second ago, so a trade modified this second is left
   to the next pull. */
#define WINDOW_FROM                                                            \
  "coalesce(a.cursor_at + interval '1 second',"                                \
  " date_trunc('second', now()) - interval '1 day')"

static const struct core_db_stmt stmts[] = {
    {"channel_auth_save",
     CORE_PROC_SELECT "channel_auth_save($1, $2::jsonb, $3, $4, $5,"
                      " $6::smallint)"},
    {"channel_auth_get", CORE_PROC_SELECT "channel_auth_get($1)"},
    {"channel_pull_now", CORE_PROC_SELECT "channel_pull_now($1)"},
    {"channel_lease",
     "WITH due AS (SELECT x.store_id FROM channel_account x"
     "  JOIN store s ON s.id = x.store_id AND s.active"
     "  WHERE x.next_pull_at <= now() AND x.token_pii IS NOT NULL"
     "  AND (x.token_expires_at IS NULL OR x.token_expires_at > now()"
     "   OR x.refresh_pii IS NOT NULL)"
     "  AND (x.lease_until IS NULL OR x.lease_until < now())"
     "  ORDER BY x.next_pull_at LIMIT 1 FOR UPDATE OF x SKIP LOCKED)"
     " UPDATE channel_account a SET lease_until = now() + interval '2 minutes'"
     " FROM due, store s WHERE a.store_id = due.store_id AND s.id = a.store_id"
     " RETURNING a.store_id, s.code, s.channel, a.app_key,"
     " (extract(epoch FROM a.lease_until) * 1000000)::bigint AS lease,"
     " pii_b64(a.secret_pii) AS secret, pii_b64(a.token_pii) AS token,"
     " pii_b64(a.refresh_pii) AS refresh,"
     " coalesce(extract(epoch FROM a.token_expires_at), 0)::bigint AS expires,"
     " a.sign_method, a.base_url, a.page_size,"
     " extract(epoch FROM " WINDOW_FROM ")::bigint AS from_s,"
     " extract(epoch FROM least(" WINDOW_FROM " + interval '1 day'"
     "  - interval '1 second', date_trunc('second', now())"
     "  - interval '1 second'))::bigint AS to_s"},
    /* The pull's lease renewed while it goes on (web/web_channels.c, every
       30 s): only while it is still this pull's (the lease's end as it was
       given is the token), so a pull that lost it stops. */
    {"channel_pull_renew",
     "UPDATE channel_account SET lease_until = now() + interval '2 minutes'"
     " WHERE store_id = $1::bigint"
     " AND (extract(epoch FROM lease_until) * 1000000)::bigint = $2::bigint"
     " RETURNING (extract(epoch FROM lease_until) * 1000000)::bigint AS lease"},
    {"channel_pull_done",
     "UPDATE channel_account SET lease_until = NULL, last_pull_at = now(),"
     " cursor_at = CASE WHEN $2::boolean THEN to_timestamp($3::bigint)"
     "  ELSE cursor_at END,"
     " last_ok_at = CASE WHEN $2::boolean THEN now() ELSE last_ok_at END,"
     " last_error = $5,"
     " pulled_today = CASE WHEN pulled_day = (now() AT TIME ZONE"
     "  'Asia/Shanghai')::date THEN pulled_today ELSE 0 END + $4::int,"
     " errors_today = CASE WHEN pulled_day = (now() AT TIME ZONE"
     "  'Asia/Shanghai')::date THEN errors_today ELSE 0 END"
     "  + CASE WHEN $5 = '' THEN 0 ELSE 1 END,"
     " pulled_day = (now() AT TIME ZONE 'Asia/Shanghai')::date,"
     " pulled_total = pulled_total + $4::int,"
     " next_pull_at = CASE WHEN $2::boolean AND to_timestamp($3::bigint)"
     "  < now() - interval '1 minute' THEN now()"
     "  ELSE now() + pull_seconds * interval '1 second' END,"
     " updated_at = now()"
     " WHERE store_id = $1::bigint"
     " AND (extract(epoch FROM lease_until) * 1000000)::bigint = $6::bigint"},
    {"channel_writeback_lease",
     "UPDATE channel_writeback w SET attempts = w.attempts + 1,"
     " next_attempt_at = now() + interval '60 seconds'"
     " FROM channel_account a, store s, sales_order o"
     " WHERE a.store_id = w.store_id AND s.id = w.store_id"
     " AND o.id = w.order_id AND w.id IN ("
     "  SELECT x.id FROM channel_writeback x"
     "  WHERE x.state = 'pending' AND x.next_attempt_at <= now()"
     "  AND NOT EXISTS (SELECT 1 FROM channel_writeback y"
     "   WHERE y.order_id = x.order_id AND y.id < x.id"
     "   AND y.state = 'pending')"
     "  ORDER BY x.next_attempt_at, x.id LIMIT $1 FOR UPDATE SKIP LOCKED)"
     " RETURNING w.id, w.attempts, s.channel, a.app_key,"
     " pii_b64(a.secret_pii) AS secret, pii_b64(a.token_pii) AS token,"
     " pii_b64(a.refresh_pii) AS refresh,"
     " coalesce(extract(epoch FROM a.token_expires_at), 0)::bigint AS expires,"
     " a.sign_method, a.base_url, a.page_size, o.external_id,"
     " coalesce((SELECT nullif(cr.platform_codes->>s.channel, '')"
     "  FROM carrier cr WHERE cr.code = w.carrier),"
     "  (SELECT m.platform_code FROM channel_carrier_code m"
     "  WHERE m.channel = s.channel AND m.carrier = w.carrier),"
     "  w.carrier) AS carrier,"
     " w.waybill, array_to_json(w.sub_ids)::text AS subs,"
     " array_to_json(w.sub_qtys)::text AS qtys,"
     " NOT EXISTS (SELECT 1 FROM channel_writeback z"
     "  WHERE z.order_id = w.order_id AND z.id <> w.id"
     "  AND z.state = 'sent') AS first"},
    {"channel_token_save",
     "UPDATE channel_account SET token_pii = pii_bytes($2, 'base64'),"
     " refresh_pii = coalesce(pii_bytes($3, 'base64'), refresh_pii),"
     " token_expires_at = CASE WHEN $4::bigint > 0 THEN to_timestamp($4)"
     "  ELSE NULL END, pii_kv = $5::smallint, updated_at = now()"
     " WHERE store_id = $1::bigint"},
    {"channel_writeback_done",
     "SELECT channel_writeback_done($1::bigint, $2::boolean, $3::boolean, $4)"},
    {NULL, NULL},
};

void
core_channel_register(void)
{
  core_db_register(stmts);
}

/* @a plain sealed into @a out (NULL stays NULL); false on no key. */
static bool
seal(const char *plain, struct core_arena *arena, const char **out,
     enum core_ec *ec)
{
  *out = NULL;
  if (plain == NULL)
    return true;
  *ec = core_pii_seal_b64(plain, strlen(plain), arena, out);
  return *ec == CORE_EC_OK;
}

enum core_ec
core_channel_auth_save(const char *store, const char *doc, const char *secret,
                       const char *token, const char *refresh,
                       struct core_arena *arena, struct core_outcome *out)
{
  const char *s = NULL, *t = NULL, *r = NULL;
  enum core_ec ec = CORE_EC_OK;
  if (!seal(secret, arena, &s, &ec) || !seal(token, arena, &t, &ec) ||
      !seal(refresh, arena, &r, &ec)) {
    *out = (struct core_outcome){.ec = ec};
    return ec;
  }
  const char *p[] = {
      store, doc, s, t, r, core_arena_printf(arena, "%u", core_pii_version())};
  return core_proc_run("channel_auth_save", "channel_auth_save", 6, p, arena,
                       out);
}

enum core_ec
core_channel_auth_get(const char *store, struct core_arena *arena,
                      struct core_outcome *out)
{
  const char *p[] = {store};
  return core_proc_run("channel_auth_get", "channel_auth_get", 1, p, arena,
                       out);
}

enum core_ec
core_channel_pull_now(const char *store, struct core_arena *arena,
                      struct core_outcome *out)
{
  const char *p[] = {store};
  return core_proc_run("channel_pull_now", "channel_pull_now", 1, p, arena,
                       out);
}

/* Opens sealed @a b64 into @a out; NULL when absent or it does not open. */
static void
open_sealed(const char *b64, struct core_arena *arena, const char **out)
{
  *out = NULL;
  if (b64 != NULL && core_pii_open_b64(b64, arena, out, NULL) != CORE_EC_OK)
    *out = NULL;
}

bool
core_channel_creds_read(PGresult *r, int i, struct core_arena *arena,
                        struct core_channel_creds *c, const char *what)
{
  const char *secret = NULL, *token = NULL, *refresh = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("refresh", &refresh),
      CORE_DB_RS_INT64("expires", &c->expires_at),
      CORE_DB_RS_TEXT("channel", &c->channel),
      CORE_DB_RS_TEXT("app_key", &c->app_key),
      CORE_DB_RS_TEXT_NULL("secret", &secret),
      CORE_DB_RS_TEXT_NULL("token", &token),
      CORE_DB_RS_TEXT("sign_method", &c->sign_method),
      CORE_DB_RS_TEXT("base_url", &c->base_url),
      CORE_DB_RS_INT("page_size", &c->page_size),
      CORE_DB_RS_END,
  };
  if (!core_db_result_row(r, i, rs, arena, what))
    return false;
  open_sealed(secret, arena, &c->secret);
  open_sealed(token, arena, &c->token);
  open_sealed(refresh, arena, &c->refresh);
  return true;
}

struct lease_cls {
  struct core_arena *arena;
  struct core_channel_job *job;
  bool *got;
};

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "channel_lease", 0, NULL, &r);
  if (qs < 0)
    return qs;
  *lc->got = false;
  if (PQntuples(r) == 1) {
    struct core_channel_job *j = lc->job;
    struct core_db_rspec rs[] = {
        CORE_DB_RS_INT64("store_id", &j->store_id),
        CORE_DB_RS_TEXT("code", &j->store),
        CORE_DB_RS_INT64("from_s", &j->from),
        CORE_DB_RS_INT64("to_s", &j->to),
        CORE_DB_RS_INT64("lease", &j->lease),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, 0, rs, lc->arena, "channel_lease") ||
        !core_channel_creds_read(r, 0, lc->arena, &j->creds, "channel_lease")) {
      PQclear(r);
      *ec = CORE_EC_INTERNAL;
      return CORE_QS_HARD;
    }
    *lc->got = true;
  }
  PQclear(r);
  return qs;
}

enum core_ec
core_channel_lease(struct core_arena *arena, struct core_channel_job *job,
                   bool *got)
{
  struct lease_cls lc = {arena, job, got};
  *got = false;
  return core_db_run_tx("channel_lease", CORE_DB_READ_COMMITTED, lease_tx, &lc);
}

struct done_cls {
  int n;
  const char *const *p;
  const char *stmt;
};

static enum core_qs
exec_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  (void)ec;
  struct done_cls *d = cls;
  return core_db_query(c, d->stmt, d->n, d->p, NULL);
}

/* At most 500 bytes of @a s with control characters replaced. */
static void
clean(const char *s, char out[501])
{
  size_t j = 0;
  for (; s != NULL && *s != '\0' && j < 500; s++)
    out[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
  /* Never end inside a UTF-8 sequence. */
  while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80)
    j--;
  if (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0xC0)
    j--;
  out[j] = '\0';
}

enum core_ec
core_channel_pull_done(const struct core_channel_job *job, bool ok, int pulled,
                       const char *error)
{
  char id[24], to[24], n[16], err[501], lease[24];
  snprintf(id, sizeof id, "%lld", (long long)job->store_id);
  snprintf(to, sizeof to, "%lld", (long long)job->to);
  snprintf(n, sizeof n, "%d", pulled);
  snprintf(lease, sizeof lease, "%lld", (long long)job->lease);
  clean(error, err);
  const char *p[] = {id, ok ? "true" : "false", to, n, err, lease};
  struct done_cls d = {6, p, "channel_pull_done"};
  return core_db_run_tx("channel_pull_done", CORE_DB_READ_COMMITTED, exec_tx,
                        &d);
}

struct renew_cls {
  struct core_channel_job *job;
  bool *held;
};

static enum core_qs
renew_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  (void)ec;
  struct renew_cls *rc = cls;
  char id[24], lease[24];
  snprintf(id, sizeof id, "%lld", (long long)rc->job->store_id);
  snprintf(lease, sizeof lease, "%lld", (long long)rc->job->lease);
  const char *p[] = {id, lease};
  int64_t next = 0;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("lease", &next),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "channel_pull_renew", 2, p, rs, NULL);
  if (qs < 0)
    return qs;
  *rc->held = qs == CORE_QS_ONE;
  if (*rc->held)
    rc->job->lease = next;
  return qs;
}

enum core_ec
core_channel_pull_renew(struct core_channel_job *job, bool *held)
{
  struct renew_cls rc = {job, held};
  *held = false;
  return core_db_run_tx("channel_pull_renew", CORE_DB_READ_COMMITTED, renew_tx,
                        &rc);
}

enum core_ec
core_channel_token_save(int64_t store_id, const char *token,
                        const char *refresh, int64_t expires_at)
{
  struct core_arena *a = core_arena_new();
  const char *t = NULL, *r = NULL;
  enum core_ec ec = CORE_EC_OK;
  if (seal(token, a, &t, &ec) && seal(refresh, a, &r, &ec)) {
    const char *p[] = {core_arena_printf(a, "%lld", (long long)store_id), t, r,
                       core_arena_printf(a, "%lld", (long long)expires_at),
                       core_arena_printf(a, "%u", core_pii_version())};
    struct done_cls d = {5, p, "channel_token_save"};
    ec = core_db_run_tx("channel_token_save", CORE_DB_READ_COMMITTED, exec_tx,
                        &d);
  }
  core_arena_free(a);
  return ec;
}

struct wb_cls {
  unsigned max;
  struct core_arena *arena;
  struct core_channel_writeback **out;
  unsigned *n;
};

/* The JSON array texts @a subs and @a qtys (its units, same order) into
   @a w's sub_ids and sub_qty; a line without its units counts 0. */
static void
read_subs(const char *subs, const char *qtys, struct core_arena *arena,
          struct core_channel_writeback *w)
{
  json_t *a = json_loads(subs != NULL ? subs : "[]", 0, NULL);
  json_t *q = json_loads(qtys != NULL ? qtys : "[]", 0, NULL);
  size_t n = json_array_size(a);
  w->sub_ids = core_arena_alloc(arena, sizeof *w->sub_ids * (n + 1));
  w->sub_qty = core_arena_alloc(arena, sizeof *w->sub_qty * (n + 1));
  w->n_sub = 0;
  for (size_t i = 0; i < n; i++) {
    const char *v = json_string_value(json_array_get(a, i));
    if (v != NULL) {
      w->sub_qty[w->n_sub] =
          (long long)json_integer_value(json_array_get(q, i));
      w->sub_ids[w->n_sub++] = core_arena_strdup(arena, v);
    }
  }
  json_decref(a);
  json_decref(q);
}

static enum core_qs
wb_lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct wb_cls *wc = cls;
  const char *p[] = {core_arena_printf(wc->arena, "%u", wc->max)};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "channel_writeback_lease", 1, p, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  struct core_channel_writeback *w =
      core_arena_alloc(wc->arena, sizeof *w * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    const char *subs = NULL, *qtys = NULL;
    struct core_db_rspec rs[] = {
        CORE_DB_RS_INT64("id", &w[i].id),
        CORE_DB_RS_INT("attempts", &w[i].attempts),
        CORE_DB_RS_TEXT("external_id", &w[i].order),
        CORE_DB_RS_TEXT("carrier", &w[i].carrier),
        CORE_DB_RS_TEXT("waybill", &w[i].waybill),
        CORE_DB_RS_TEXT_NULL("subs", &subs),
        CORE_DB_RS_TEXT_NULL("qtys", &qtys),
        CORE_DB_RS_BOOL("first", &w[i].first),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, wc->arena, "channel_writeback_lease") ||
        !core_channel_creds_read(r, i, wc->arena, &w[i].creds,
                                 "channel_writeback_lease")) {
      PQclear(r);
      *ec = CORE_EC_INTERNAL;
      return CORE_QS_HARD;
    }
    read_subs(subs, qtys, wc->arena, &w[i]);
  }
  PQclear(r);
  *wc->out = w;
  *wc->n = (unsigned)n;
  return qs;
}

enum core_ec
core_channel_writeback_lease(unsigned max, struct core_arena *arena,
                             struct core_channel_writeback **out, unsigned *n)
{
  struct wb_cls wc = {max, arena, out, n};
  *n = 0;
  return core_db_run_tx("channel_writeback_lease", CORE_DB_READ_COMMITTED,
                        wb_lease_tx, &wc);
}

enum core_ec
core_channel_writeback_done(int64_t id, bool ok, bool final, const char *error)
{
  char idt[24], err[501];
  snprintf(idt, sizeof idt, "%lld", (long long)id);
  clean(error, err);
  const char *p[] = {idt, ok ? "true" : "false", final ? "true" : "false", err};
  struct done_cls d = {4, p, "channel_writeback_done"};
  return core_db_run_tx("channel_writeback_done", CORE_DB_READ_COMMITTED,
                        exec_tx, &d);
}
