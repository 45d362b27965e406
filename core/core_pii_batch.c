#include "core_pii_batch.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_mem.h"
#include "core_pii.h"
#include "core_pii_doc.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One select and one set-based update per table; the update takes the
 * batch as parallel arrays (unnest), so a batch is two round trips.
 * Rows are locked by the select (FOR UPDATE): an address fix or an intake
 * on the same row waits for the batch's commit.
 */
static const struct core_db_stmt stmts[] = {
    {"pii_customer_batch",
     "SELECT c.id::text AS id_text, c.email, c.phone, pii_b64(c.pii)"
     " FROM customer c"
     " WHERE (c.pii_kv IS NULL OR c.pii_kv < $1::smallint)"
     " AND c.id > $2::bigint ORDER BY c.id LIMIT $3::int FOR UPDATE"},
    /* A plain email whose index another row holds (two spellings of one
       address) keeps no index rather than failing the batch. */
    {"pii_customer_seal",
     "UPDATE customer c SET email = '', phone = '',"
     " pii = pii_bytes(u.pii, 'base64'),"
     " email_bidx = CASE WHEN u.eb IS NULL THEN c.email_bidx"
     "   WHEN EXISTS (SELECT 1 FROM customer x WHERE x.email_bidx ="
     "   pii_bytes(u.eb, 'hex') AND x.id <> c.id) THEN NULL"
     "   ELSE pii_bytes(u.eb, 'hex') END,"
     " phone_bidx = CASE WHEN u.pb IS NULL THEN c.phone_bidx"
     "   ELSE pii_bytes(u.pb, 'hex') END, pii_kv = $5::smallint"
     " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])"
     " u(id, pii, eb, pb) WHERE c.id = u.id"},
    {"pii_order_batch",
     "SELECT o.id::text AS id_text, o.ship_to::text, pii_b64(o.ship_to_pii)"
     " FROM sales_order o"
     " WHERE (o.pii_kv IS NULL OR o.pii_kv < $1::smallint)"
     " AND o.id > $2::bigint ORDER BY o.id LIMIT $3::int FOR UPDATE"},
    {"pii_order_seal",
     "UPDATE sales_order o SET ship_to = u.ship_to::jsonb,"
     " ship_to_pii = pii_bytes(u.pii, 'base64'), pii_kv = $4::smallint"
     " FROM unnest($1::bigint[], $2::text[], $3::text[]) u(id, ship_to, pii)"
     " WHERE o.id = u.id"},
    {"pii_store_batch",
     "SELECT s.id::text AS id_text, s.webhook_secret,"
     " pii_b64(s.webhook_secret_pii) FROM store s"
     " WHERE (s.pii_kv IS NULL OR s.pii_kv < $1::smallint)"
     " AND s.id > $2::bigint ORDER BY s.id LIMIT $3::int FOR UPDATE"},
    {"pii_store_seal",
     "UPDATE store s SET webhook_secret = '',"
     " webhook_secret_pii = pii_bytes(u.pii, 'base64'), pii_kv = $3::smallint"
     " FROM unnest($1::bigint[], $2::text[]) u(id, pii) WHERE s.id = u.id"},
    {"pii_pending",
     "SELECT (SELECT count(*) FROM customer WHERE pii_kv IS NULL"
     " OR pii_kv < $1::smallint) + (SELECT count(*) FROM sales_order"
     " WHERE pii_kv IS NULL OR pii_kv < $1::smallint) + (SELECT count(*)"
     " FROM store WHERE pii_kv IS NULL OR pii_kv < $1::smallint)"},
    {"pii_sealed_any",
     "SELECT EXISTS (SELECT 1 FROM customer WHERE pii IS NOT NULL)"
     " OR EXISTS (SELECT 1 FROM store WHERE webhook_secret_pii IS NOT NULL)"
     " OR EXISTS (SELECT 1 FROM sales_order WHERE ship_to_pii IS NOT NULL)"},
    {NULL, NULL},
};

void
core_pii_batch_register(void)
{
  core_db_register(stmts);
}

/* A growing text array literal {"a","b",NULL}: values are base64, hex,
   digits or JSON (escaped). */
struct arr {
  char *s;
  size_t len, cap;
};

static void
arr_add(struct arr *a, const char *v)
{
  size_t need = a->len + (v != NULL ? 2 * strlen(v) : 4) + 8;
  if (need > a->cap) {
    a->cap = need * 2;
    a->s = core_xrealloc(a->s, a->cap);
  }
  char sep = a->len == 0 ? '{' : ',';
  a->s[a->len++] = sep;
  if (v == NULL) {
    memcpy(a->s + a->len, "NULL", 4);
    a->len += 4;
  } else {
    a->s[a->len++] = '"';
    for (; *v != '\0'; v++) {
      if (*v == '"' || *v == '\\')
        a->s[a->len++] = '\\';
      a->s[a->len++] = *v;
    }
    a->s[a->len++] = '"';
  }
  a->s[a->len] = '\0';
}

static const char *
arr_text(struct arr *a)
{
  return a->len == 0 ? "{}" : (strcat(a->s, "}"), a->s);
}

/* The state of one table's run. */
struct run {
  const char *table;
  char kv[8], after[24], limit[8];
  struct core_arena *arena;
  struct arr col[4];
  int rows;
};

static void
run_reset(struct run *r)
{
  for (int i = 0; i < 4; i++) {
    free(r->col[i].s);
    r->col[i] = (struct arr){0};
  }
  r->rows = 0;
}

/* The plaintext of a sealed blob @a b64 (or NULL for none). */
static enum core_ec
open_old(const char *b64, struct core_arena *arena, json_t **out)
{
  *out = NULL;
  if (b64 == NULL)
    return CORE_EC_OK;
  const char *plain = NULL;
  enum core_ec ec = core_pii_open_b64(b64, arena, &plain, NULL);
  if (ec == CORE_EC_OK)
    *out = json_loads(plain, 0, NULL);
  return ec;
}

static const char *
val(PGresult *res, int row, int col)
{
  return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* Seals customer row @a i of @a res into the batch's arrays. */
static enum core_ec
add_customer(struct run *r, PGresult *res, int i)
{
  json_t *old = NULL;
  enum core_ec ec = open_old(val(res, i, 3), r->arena, &old);
  const char *email = PQgetvalue(res, i, 1), *phone = PQgetvalue(res, i, 2);
  if (old != NULL) {
    const char *e = json_string_value(json_object_get(old, "email"));
    const char *p = json_string_value(json_object_get(old, "phone"));
    email = e != NULL ? e : "";
    phone = p != NULL ? p : "";
  }
  const char *b64 = NULL, *eb = NULL, *pb = NULL;
  if (ec == CORE_EC_OK)
    ec = core_pii_seal_customer(email, phone, r->arena, &b64, &eb, &pb);
  json_decref(old);
  arr_add(&r->col[1], b64);
  arr_add(&r->col[2], eb);
  arr_add(&r->col[3], pb);
  return ec;
}

/* Seals order row @a i: the address lines leave ship_to for the blob. */
static enum core_ec
add_order(struct run *r, PGresult *res, int i)
{
  json_t *old = NULL;
  enum core_ec ec = open_old(val(res, i, 2), r->arena, &old);
  json_t *to = json_loads(PQgetvalue(res, i, 1), 0, NULL);
  if (!json_is_object(to)) {
    json_decref(to);
    to = json_object();
  }
  const char *b64 = NULL;
  if (ec == CORE_EC_OK)
    ec = core_pii_seal_address(to, old, r->arena, &b64);
  char *text = json_dumps(to, JSON_COMPACT);
  arr_add(&r->col[1], text != NULL ? text : "{}");
  arr_add(&r->col[2], b64);
  free(text);
  json_decref(to);
  json_decref(old);
  return ec;
}

/* Seals store row @a i's webhook secret. */
static enum core_ec
add_store(struct run *r, PGresult *res, int i)
{
  const char *secret = PQgetvalue(res, i, 1), *b64 = NULL;
  enum core_ec ec = CORE_EC_OK;
  if (val(res, i, 2) != NULL)
    ec = core_pii_open_b64(val(res, i, 2), r->arena, &secret, NULL);
  if (ec == CORE_EC_OK && secret[0] != '\0')
    ec = core_pii_seal_b64(secret, strlen(secret), r->arena, &b64);
  arr_add(&r->col[1], b64);
  return ec;
}

/* One batch of table r->table, in the transaction the runner opened. */
static enum core_qs
batch_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct run *r = cls;
  run_reset(r);
  char sel[32], upd[32];
  snprintf(sel, sizeof sel, "pii_%s_batch", r->table);
  snprintf(upd, sizeof upd, "pii_%s_seal", r->table);
  const char *p[] = {r->kv, r->after, r->limit};
  PGresult *res = NULL;
  enum core_qs qs = core_db_query(c, sel, 3, p, &res);
  int n = qs > 0 ? PQntuples(res) : 0;
  for (int i = 0; i < n && *ec == CORE_EC_OK; i++) {
    arr_add(&r->col[0], PQgetvalue(res, i, 0));
    if (strcmp(r->table, "customer") == 0)
      *ec = add_customer(r, res, i);
    else if (strcmp(r->table, "order") == 0)
      *ec = add_order(r, res, i);
    else
      *ec = add_store(r, res, i);
  }
  if (n > 0)
    snprintf(r->after, sizeof r->after, "%s", PQgetvalue(res, n - 1, 0));
  PQclear(res);
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  r->rows = n;
  if (qs <= 0 || n == 0)
    return qs;
  int np = strcmp(r->table, "customer") == 0 ? 4
           : strcmp(r->table, "order") == 0  ? 3
                                             : 2;
  const char *u[5];
  for (int i = 0; i < np; i++)
    u[i] = arr_text(&r->col[i]);
  u[np] = r->kv;
  res = NULL;
  qs = core_db_query(c, upd, np + 1, u, &res);
  PQclear(res);
  return qs < 0 ? qs : CORE_QS_ONE;
}

/* Runs table @a table to its end. */
static enum core_ec
run_table(struct run *r, const char *table, core_pii_progress_fn progress,
          void *cls, int64_t *total)
{
  r->table = table;
  snprintf(r->after, sizeof r->after, "0");
  int64_t done = 0;
  enum core_ec ec = CORE_EC_OK;
  do {
    r->arena = core_arena_new();
    ec = core_db_run_tx("pii_batch", CORE_DB_READ_COMMITTED, batch_tx, r);
    core_arena_free(r->arena);
    done += ec == CORE_EC_OK ? r->rows : 0;
    if (ec == CORE_EC_OK && r->rows > 0 && progress != NULL)
      progress(table, done, cls);
  } while (ec == CORE_EC_OK && r->rows > 0);
  run_reset(r);
  *total += done;
  return ec;
}

enum core_ec
core_pii_batch_run(int batch, core_pii_progress_fn progress, void *cls,
                   int64_t *total)
{
  *total = 0;
  if (!core_pii_ready())
    return CORE_EC_PII_NO_KEY;
  struct run r = {0};
  snprintf(r.kv, sizeof r.kv, "%u", core_pii_version());
  snprintf(r.limit, sizeof r.limit, "%d",
           batch < 1 ? 500 : (batch > 5000 ? 5000 : batch));
  static const char *const tables[] = {"store", "customer", "order"};
  enum core_ec ec = CORE_EC_OK;
  for (int i = 0; i < 3 && ec == CORE_EC_OK; i++)
    ec = run_table(&r, tables[i], progress, cls, total);
  return ec;
}

struct pending_cls {
  int64_t *out;
};

static enum core_qs
pending_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct pending_cls *pc = cls;
  char kv[8];
  snprintf(kv, sizeof kv, "%u", core_pii_version());
  const char *p[] = {kv};
  PGresult *res = NULL;
  (void)ec;
  enum core_qs qs = core_db_query(c, "pii_pending", 1, p, &res);
  if (qs == CORE_QS_ONE)
    *pc->out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  return qs;
}

enum core_ec
core_pii_batch_pending(int64_t *out)
{
  struct pending_cls pc = {out};
  return core_db_run_one("pii_pending", pending_tx, &pc);
}

struct any_cls {
  bool *out;
};

static enum core_qs
any_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct any_cls *ac = cls;
  PGresult *res = NULL;
  (void)ec;
  enum core_qs qs = core_db_query(c, "pii_sealed_any", 0, NULL, &res);
  if (qs == CORE_QS_ONE)
    *ac->out = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
  PQclear(res);
  return qs;
}

enum core_ec
core_pii_batch_sealed_any(bool *out)
{
  struct any_cls ac = {out};
  *out = false;
  return core_db_run_one("pii_sealed_any", any_tx, &ac);
}
