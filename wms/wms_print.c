#include "wms_print.h"

#include "core_pii_doc.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"
#include "wms_pack.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    /* The lease moves next_try_at past its end: a dead worker's job is
     * due again then. */
    {"print_lease",
     "UPDATE print_job SET attempts = attempts + 1,"
     " next_try_at = now() + $2::int * interval '1 millisecond'"
     " WHERE id IN (SELECT id FROM print_job WHERE state = 'queued'"
     "  AND next_try_at <= now() ORDER BY next_try_at, id"
     "  LIMIT $1::int FOR UPDATE SKIP LOCKED)"
     " RETURNING id, printer, payload, attempts"},
    {"print_printed", "UPDATE print_job SET state = 'printed',"
                      " printed_at = now(), last_error = ''"
                      " WHERE id = $1 AND state = 'queued'"},
    {"print_failed",
     "UPDATE print_job SET last_error = $2,"
     " state = CASE WHEN attempts >= $3::int THEN 'failed' ELSE 'queued' END,"
     " next_try_at = now() + least($4::bigint * power(2, least(attempts - 1,"
     " 20)), 3600000) * interval '1 millisecond'"
     " WHERE id = $1 AND state = 'queued'"},
    {"print_reprint", CORE_PROC_SELECT "wms_print_reprint($1, $2, $3, $4)"},
    {"print_slip", CORE_PROC_SELECT "wms_print_slip($1, $2, $3, $4, $5)"},
    {"print_labels", CORE_PROC_SELECT "wms_print_queue_labels($1, $2, $3, $4)"},
    {"print_list",
     "SELECT wms_print_list($1, $2, string_to_array($3, ','), $4, $5,"
     " $6::int)::text"},
    {NULL, NULL},
};

void
wms_print_register(void)
{
  core_db_register(stmts);
}

struct lease_cls {
  const char *const *p;
  struct core_arena *arena;
  struct wms_print_job **out;
  unsigned *n;
};

static enum core_qs
lease_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lease_cls *lc = cls;
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "print_lease", 2, lc->p, &r);
  if (qs < 0)
    return qs;
  int n = PQntuples(r);
  struct wms_print_job *j = core_arena_alloc(lc->arena, sizeof *j * (n + 1u));
  for (int i = 0; i < n; i++) {
    struct core_db_rspec rs[] = {
        CORE_DB_RS_INT64("id", &j[i].id),
        CORE_DB_RS_TEXT("printer", &j[i].printer),
        CORE_DB_RS_TEXT("payload", &j[i].payload),
        CORE_DB_RS_INT("attempts", &j[i].attempts),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, lc->arena, "print_lease")) {
      PQclear(r);
      return CORE_QS_HARD;
    }
    /* A carton label's job is stored sealed (core_pii_seal_text). */
    if (core_pii_open_text(j[i].payload, lc->arena, &j[i].payload) !=
        CORE_EC_OK) {
      PQclear(r);
      *ec = CORE_EC_PII_BAD_KEY;
      return CORE_QS_HARD;
    }
    /* Text holds no NUL, so the length is the string's. */
    j[i].len = strlen(j[i].payload);
  }
  PQclear(r);
  *lc->out = j;
  *lc->n = (unsigned)n;
  return qs;
}

enum core_ec
wms_print_lease(unsigned max, int lease_ms, struct core_arena *arena,
                struct wms_print_job **out, unsigned *n)
{
  char m[16], l[16];
  snprintf(m, sizeof m, "%u", max);
  snprintf(l, sizeof l, "%d", lease_ms);
  const char *p[] = {m, l};
  *n = 0;
  struct lease_cls lc = {p, arena, out, n};
  return core_db_run_tx("print_lease", CORE_DB_READ_COMMITTED, lease_tx, &lc);
}

static enum core_qs
done_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const char *const *p = cls;
  if (p[1] == NULL)
    return core_db_query(c, "print_printed", 1, p, NULL);
  return core_db_query(c, "print_failed", 4, p, NULL);
}

enum core_ec
wms_print_done(const struct wms_print_job *j, bool ok, const char *error,
               int max_attempts, int base_ms)
{
  char id[24], max[16], base[16];
  snprintf(id, sizeof id, "%" PRId64, j->id);
  snprintf(max, sizeof max, "%d", max_attempts);
  snprintf(base, sizeof base, "%d", base_ms);
  const char *p[] = {id, ok ? NULL : (error != NULL ? error : ""), max, base};
  return core_db_run_tx("print_done", CORE_DB_READ_COMMITTED, done_tx,
                        (void *)p);
}

enum core_ec
wms_print_reprint(int64_t carton, const char *station,
                  const char *idempotency_key,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  struct core_outcome *out)
{
  const char *p[] = {core_proc_num(arena, carton, false), station,
                     idempotency_key, core_proc_num(arena, who->user_id, true)};
  return core_proc_run("print_reprint", "print_reprint", 4, p, arena, out);
}

enum core_ec
wms_print_slip(int64_t ship, const char *station, const char *idempotency_key,
               const struct core_stock_actor *who, struct core_arena *arena,
               struct core_outcome *out)
{
  const char *zpl = NULL;
  memset(out, 0, sizeof *out);
  enum core_ec ec = wms_shipment_slip(ship, arena, &zpl);
  if (ec != CORE_EC_OK) {
    out->ec = ec;
    return ec;
  }
  const char *p[] = {core_proc_num(arena, ship, false), station,
                     idempotency_key, core_proc_num(arena, who->user_id, true),
                     zpl};
  return core_proc_run("print_slip", "print_slip", 5, p, arena, out);
}

enum core_ec
wms_print_list(const char *station, const char *wh, const char *allowed,
               const char *state, int64_t before, int64_t limit,
               struct core_arena *arena, const char **items)
{
  const char *p[] = {station,
                     wh,
                     allowed,
                     state,
                     core_proc_num(arena, before, true),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("print_list", 6, p, arena, items);
}

enum core_ec
wms_print_labels(const char *station, const char *zpl,
                 const char *idempotency_key,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *p[] = {station, zpl, idempotency_key,
                     core_proc_num(arena, who->user_id, true)};
  return core_proc_run("print_labels", "print_labels", 4, p, arena, out);
}
