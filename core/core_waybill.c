#include "core_waybill.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"

#include <stdio.h>
#include <string.h>

/* The credential columns core_channel_creds_read takes, of account a. */
#define CREDS_COLS                                                             \
  " s.channel, a.app_key, pii_b64(a.secret_pii) AS secret,"                    \
  " pii_b64(a.token_pii) AS token, pii_b64(a.refresh_pii) AS refresh,"         \
  " coalesce(extract(epoch FROM a.token_expires_at), 0)::bigint AS expires,"   \
  " a.sign_method, a.base_url, a.page_size"

static const struct core_db_stmt stmts[] = {
    {"waybill_account_list", CORE_PROC_SELECT "waybill_account_list($1)"},
    {"waybill_account_save",
     CORE_PROC_SELECT "waybill_account_save($1, $2::jsonb)"},
    {"waybill_prepare",
     CORE_PROC_SELECT "wms_waybill_prepare($1, $2::int, $3, $4)"},
    {"waybill_forget", "SELECT wms_waybill_forget($1::bigint)"},
    {"waybill_creds", "SELECT" CREDS_COLS " FROM channel_account a JOIN store s"
                      " ON s.id = a.store_id WHERE a.store_id = $1::bigint"
                      " AND a.token_pii IS NOT NULL"},
    {"waybill_cancel_lease",
     "UPDATE carton_waybill w SET attempts = w.attempts + 1,"
     " next_attempt_at = now() + interval '60 seconds'"
     " FROM channel_account a, store s"
     " WHERE a.store_id = w.store_id AND s.id = w.store_id"
     " AND w.carton_id IN ("
     "  SELECT x.carton_id FROM carton_waybill x"
     "  WHERE x.state = 'cancelling' AND x.next_attempt_at <= now()"
     "  ORDER BY x.next_attempt_at, x.carton_id LIMIT $1"
     "  FOR UPDATE SKIP LOCKED)"
     " RETURNING w.carton_id, w.attempts, w.cp_code, w.waybill_code,"
     " coalesce((SELECT x.service FROM waybill_account x"
     "  WHERE x.store_id = w.store_id AND x.carrier = w.carrier),"
     "  '{}')::text AS service," CREDS_COLS},
    {"waybill_cancel_done",
     "SELECT waybill_cancel_done($1::bigint, $2::boolean, $3::boolean, $4)"},
    {NULL, NULL},
};

void
core_waybill_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_waybill_accounts_get(const char *store, struct core_arena *arena,
                          struct core_outcome *out)
{
  const char *p[] = {store};
  return core_proc_run("waybill_account_list", "waybill_account_list", 1, p,
                       arena, out);
}

enum core_ec
core_waybill_account_save(const char *store, const char *doc,
                          struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, doc};
  return core_proc_run("waybill_account_save", "waybill_account_save", 2, p,
                       arena, out);
}

enum core_ec
core_waybill_prepare(int64_t carton, int64_t weight_g, const char *override,
                     const char *key, struct core_arena *arena,
                     struct core_outcome *out)
{
  const char *p[] = {core_proc_num(arena, carton, false),
                     core_proc_num(arena, weight_g, false), override, key};
  return core_proc_run("waybill_prepare", "waybill_prepare", 4, p, arena, out);
}

struct exec_cls {
  const char *stmt;
  int n;
  const char *const *p;
};

static enum core_qs
exec_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  (void)ec;
  struct exec_cls *x = cls;
  return core_db_query(c, x->stmt, x->n, x->p, NULL);
}

enum core_ec
core_waybill_forget(int64_t carton)
{
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)carton);
  const char *p[] = {id};
  struct exec_cls x = {"waybill_forget", 1, p};
  return core_db_run_tx("waybill_forget", CORE_DB_READ_COMMITTED, exec_tx, &x);
}

struct creds_cls {
  const char *id;
  struct core_arena *arena;
  struct core_channel_creds *c;
  bool got;
};

static enum core_qs
creds_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct creds_cls *cc = cls;
  PGresult *r = NULL;
  const char *p[] = {cc->id};
  enum core_qs qs = core_db_query(c, "waybill_creds", 1, p, &r);
  if (qs < 0)
    return qs;
  cc->got = PQntuples(r) == 1 &&
            core_channel_creds_read(r, 0, cc->arena, cc->c, "waybill_creds");
  if (PQntuples(r) == 1 && !cc->got) {
    PQclear(r);
    *ec = CORE_EC_INTERNAL;
    return CORE_QS_HARD;
  }
  PQclear(r);
  return qs;
}

enum core_ec
core_waybill_creds(int64_t store_id, struct core_arena *arena,
                   struct core_channel_creds *c)
{
  struct creds_cls cc = {core_proc_num(arena, store_id, false), arena, c,
                         false};
  enum core_ec ec =
      core_db_run_tx("waybill_creds", CORE_DB_READ_COMMITTED, creds_tx, &cc);
  if (ec == CORE_EC_OK && (!cc.got || c->secret == NULL || c->token == NULL))
    ec = CORE_EC_CHANNEL_NOT_AUTHORISED;
  return ec;
}

struct lease_cls {
  unsigned max;
  struct core_arena *arena;
  struct core_waybill_cancel **out;
  unsigned *n;
};

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  const char *p[] = {core_arena_printf(lc->arena, "%u", lc->max)};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "waybill_cancel_lease", 1, p, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  struct core_waybill_cancel *w =
      core_arena_alloc(lc->arena, sizeof *w * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    struct core_db_rspec rs[] = {
        CORE_DB_RS_INT64("carton_id", &w[i].carton),
        CORE_DB_RS_INT("attempts", &w[i].attempts),
        CORE_DB_RS_TEXT("cp_code", &w[i].cp_code),
        CORE_DB_RS_TEXT("waybill_code", &w[i].waybill_code),
        CORE_DB_RS_TEXT("service", &w[i].service),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, lc->arena, "waybill_cancel_lease") ||
        !core_channel_creds_read(r, i, lc->arena, &w[i].creds,
                                 "waybill_cancel_lease")) {
      PQclear(r);
      *ec = CORE_EC_INTERNAL;
      return CORE_QS_HARD;
    }
  }
  PQclear(r);
  *lc->out = w;
  *lc->n = (unsigned)n;
  return qs;
}

enum core_ec
core_waybill_cancel_lease(unsigned max, struct core_arena *arena,
                          struct core_waybill_cancel **out, unsigned *n)
{
  struct lease_cls lc = {max, arena, out, n};
  *n = 0;
  return core_db_run_tx("waybill_cancel_lease", CORE_DB_READ_COMMITTED,
                        lease_tx, &lc);
}

/* At most 500 bytes of @a s, control characters replaced, whole UTF-8. */
static void
clean(const char *s, char out[501])
{
  size_t j = 0;
  for (; s != NULL && *s != '\0' && j < 500; s++)
    out[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
  while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80)
    j--;
  if (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0xC0)
    j--;
  out[j] = '\0';
}

enum core_ec
core_waybill_cancel_done(int64_t carton, bool ok, bool final, const char *error)
{
  char id[24], err[501];
  snprintf(id, sizeof id, "%lld", (long long)carton);
  clean(error, err);
  const char *p[] = {id, ok ? "true" : "false", final ? "true" : "false", err};
  struct exec_cls x = {"waybill_cancel_done", 4, p};
  return core_db_run_tx("waybill_cancel_done", CORE_DB_READ_COMMITTED, exec_tx,
                        &x);
}
