#include "core_order.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_page.h"
#include "core_pii.h"
#include "core_pii_doc.h"
#include "core_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"order_intake", CORE_PROC_SELECT "order_op_intake($1, $2::jsonb, $3, $4)"},
    {"order_doc", "SELECT doc::text FROM order_doc WHERE id = $1"},
    {"order_list",
     "SELECT d.id::text, d.doc::text FROM order_doc d"
     " JOIN store s ON s.id = d.store_id"
     " WHERE ($1::text IS NULL OR s.code = $1)"
     " AND ($2::text IS NULL OR d.external_id = $2)"
     " AND ($3::text IS NULL OR d.state = $3)"
     " AND ($4::timestamptz IS NULL OR d.created_at >= $4::timestamptz)"
     " AND ($5::timestamptz IS NULL OR d.created_at < $5::timestamptz)"
     " AND ($6::text IS NULL OR d.warehouse_id ="
     "   (SELECT id FROM warehouse WHERE code = $6))"
     " AND ($7::bigint IS NULL OR CASE WHEN $10::boolean"
     "   THEN d.id > $7::bigint ELSE d.id < $7::bigint END)"
     " AND ($9::text IS NULL OR strpos(d.external_id, $9) > 0"
     "   OR EXISTS (SELECT 1 FROM sales_order so JOIN customer c"
     "     ON c.id = so.customer_id WHERE so.id = d.id AND"
     "     (strpos(lower(c.name), lower($9)) > 0"
     "      OR c.email_bidx = pii_bytes($11, 'hex')"
     "      OR c.phone_bidx = pii_bytes($12, 'hex'))))"
     " AND ($13::text IS NULL OR s.owner_id = (SELECT owner_id_of($13)))"
     " ORDER BY CASE WHEN $10::boolean THEN d.id END,"
     " CASE WHEN NOT $10::boolean THEN d.id END DESC"
     " LIMIT $8::bigint + 1"},
    {"order_count",
     "SELECT count(*) FROM sales_order d"
     " JOIN store s ON s.id = d.store_id"
     " WHERE ($1::text IS NULL OR s.code = $1)"
     " AND ($2::text IS NULL OR d.external_id = $2)"
     " AND ($3::text IS NULL OR d.state = $3)"
     " AND ($4::timestamptz IS NULL OR d.created_at >= $4::timestamptz)"
     " AND ($5::timestamptz IS NULL OR d.created_at < $5::timestamptz)"
     " AND ($6::text IS NULL OR d.warehouse_id ="
     "   (SELECT id FROM warehouse WHERE code = $6))"
     " AND ($7::text IS NULL OR strpos(d.external_id, $7) > 0"
     "   OR EXISTS (SELECT 1 FROM customer c WHERE c.id = d.customer_id AND"
     "     (strpos(lower(c.name), lower($7)) > 0"
     "      OR c.email_bidx = pii_bytes($8, 'hex')"
     "      OR c.phone_bidx = pii_bytes($9, 'hex'))))"
     " AND ($10::text IS NULL OR s.owner_id = (SELECT owner_id_of($10)))"},
    {"order_timeline",
     "SELECT coalesce(json_agg(json_build_object('from', e.from_state, 'to',"
     " e.to_state, 'note', e.note, 'code', e.code, 'params', e.params,"
     " 'user_id', e.user_id, 'user', u.username,"
     " 'request_id', e.request_id, 'at', to_char(e.created_at AT TIME ZONE"
     " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')) ORDER BY e.id), "
     "'[]')::text,"
     " (SELECT count(*) FROM sales_order WHERE id = $1)"
     " FROM order_event e LEFT JOIN app_user u ON u.id = e.user_id"
     " WHERE e.order_id = $1"},
    {"order_cancel", CORE_PROC_SELECT "order_op_cancel($1, $2, $3)"},
    {"order_release", CORE_PROC_SELECT "order_op_release($1, $2, $3)"},
    {"order_hold", CORE_PROC_SELECT "order_op_hold($1, $2, $3, $4)"},
    {"order_fix", CORE_PROC_SELECT
     "order_op_fix($1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6)"},
    {"order_ship_to_lock",
     "SELECT ship_to::text, pii_b64(ship_to_pii) FROM sales_order"
     " WHERE id = $1 FOR UPDATE"},
    {"order_csv_profile",
     "SELECT mapping::text FROM csv_profile WHERE code = $1"},
    {NULL, NULL},
};

void
core_order_register(void)
{
  core_db_register(stmts);
}

static enum core_qs
read_doc(struct core_db_conn *c, const char *id, struct core_arena *arena,
         const char **doc)
{
  const char *p[] = {id};
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("doc", doc), CORE_DB_RS_END};
  return core_db_result_one(c, "order_doc", 1, p, rs, arena);
}

static const char *
user_text(struct core_arena *arena, const struct core_stock_actor *who)
{
  return who != NULL && who->user_id > 0
             ? core_arena_printf(arena, "%" PRId64, who->user_id)
             : NULL;
}

struct intake_cls {
  const char *store, *doc;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **out;
  bool *replayed;
};

static enum core_qs
intake_one(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct intake_cls *ic = cls;
  const char *p[] = {ic->store, ic->doc, user_text(ic->arena, ic->who),
                     ic->who->request_id};
  struct core_outcome out = {0};
  enum core_qs qs =
      core_proc_query(c, "order_intake", 4, p, ic->arena, &out, ec);
  if (qs == CORE_QS_ONE) {
    *ic->out = out.doc;
    *ic->replayed = out.replayed;
  }
  return qs;
}

/*
 * One statement: a retry after a reply lost past its commit finds the
 * order taken in and answers it as replayed.
 */
enum core_ec
core_order_intake(const char *store, const char *doc,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  const char **out, bool *replayed)
{
  *replayed = false;
  /* Phones, emails and address lines reach SQL sealed (core_pii_doc.h). */
  const char *sealed = NULL;
  enum core_ec ec = core_pii_seal_intake(doc, arena, &sealed);
  if (ec != CORE_EC_OK)
    return ec;
  struct intake_cls ic = {store, sealed, who, arena, out, replayed};
  return core_db_run_one("order_intake", intake_one, &ic);
}

struct id_cls {
  int64_t id;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **out;
  const char *note; /* hold only: why, or NULL */
};

static const char *
id_text(struct id_cls *x)
{
  return core_arena_printf(x->arena, "%" PRId64, x->id);
}

static enum core_qs
get_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct id_cls *x = cls;
  enum core_qs qs = read_doc(c, id_text(x), x->arena, x->out);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_order_get(int64_t id, struct core_arena *arena, const char **doc)
{
  struct id_cls x = {id, NULL, arena, doc, NULL};
  return core_db_run_tx("order_get", CORE_DB_READ_COMMITTED, get_tx, &x);
}

static enum core_qs
timeline_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct id_cls *x = cls;
  const char *p[] = {id_text(x)};
  const char *items = NULL;
  int64_t orders = 0;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("coalesce", &items),
      CORE_DB_RS_INT64("count", &orders),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "order_timeline", 1, p, rs, x->arena);
  if (qs == CORE_QS_ONE) {
    if (orders == 0) {
      *ec = CORE_EC_NOT_FOUND;
      qs = CORE_QS_HARD;
    } else {
      *x->out = items;
    }
  }
  return qs;
}

enum core_ec
core_order_timeline(int64_t id, struct core_arena *arena, const char **items)
{
  struct id_cls x = {id, NULL, arena, items, NULL};
  return core_db_run_tx("order_timeline", CORE_DB_READ_COMMITTED, timeline_tx,
                        &x);
}

/*
 * Runs cancel, release or hold (@a n parameters: hold also takes the
 * note); the procedure names the refusal and answers the document.
 */
static enum core_qs
close_tx(struct core_db_conn *c, struct id_cls *x, const char *stmt, int n,
         enum core_ec *ec)
{
  const char *p[] = {id_text(x), user_text(x->arena, x->who),
                     x->who->request_id, x->note};
  struct core_outcome out = {0};
  enum core_qs qs = core_proc_query(c, stmt, n, p, x->arena, &out, ec);
  if (qs == CORE_QS_ONE)
    *x->out = out.doc;
  return qs;
}

static enum core_qs
cancel_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return close_tx(c, cls, "order_cancel", 3, ec);
}

static enum core_qs
release_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return close_tx(c, cls, "order_release", 3, ec);
}

static enum core_qs
hold_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return close_tx(c, cls, "order_hold", 4, ec);
}

enum core_ec
core_order_cancel(int64_t id, const struct core_stock_actor *who,
                  struct core_arena *arena, const char **doc)
{
  struct id_cls x = {id, who, arena, doc, NULL};
  return core_db_run_tx("order_cancel", CORE_DB_READ_COMMITTED, cancel_tx, &x);
}

enum core_ec
core_order_release(int64_t id, const struct core_stock_actor *who,
                   struct core_arena *arena, const char **doc)
{
  struct id_cls x = {id, who, arena, doc, NULL};
  return core_db_run_tx("order_release", CORE_DB_READ_COMMITTED, release_tx,
                        &x);
}

enum core_ec
core_order_hold(int64_t id, const char *note,
                const struct core_stock_actor *who, struct core_arena *arena,
                const char **doc)
{
  struct id_cls x = {id, who, arena, doc, note};
  return core_db_run_tx("order_hold", CORE_DB_READ_COMMITTED, hold_tx, &x);
}

/* The blind indexes of a search text taken as an email and as a phone. */
struct bidx_pair {
  char email[2 * CORE_PII_BIDX_LEN + 1], phone[2 * CORE_PII_BIDX_LEN + 1];
};

/* Points @a pe and @a pp at @a q's indexes in @a b (NULL: none). */
static void
bidx_of(const char *q, struct bidx_pair *b, const char **pe, const char **pp)
{
  *pe = q != NULL && core_pii_bidx_email(q, b->email) ? b->email : NULL;
  *pp = q != NULL && core_pii_bidx_phone(q, b->phone) ? b->phone : NULL;
}

struct list_cls {
  const struct core_order_filter *f;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const struct core_order_filter *f = lc->f;
  const char *lim = core_arena_printf(lc->arena, "%" PRId64, f->limit);
  const char *p[] = {f->store, f->external_id,
                     f->state, f->from,
                     f->to,    f->warehouse,
                     f->after, lim,
                     f->q,     f->oldest_first ? "t" : "f",
                     NULL,     NULL,
                     f->owner};
  struct bidx_pair b;
  bidx_of(f->q, &b, &p[10], &p[11]);
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "order_list", 13, p, &r);
  if (qs >= 0)
    core_page_collect(r, f->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_order_list(const struct core_order_filter *f, struct core_arena *arena,
                const char **items, const char **next)
{
  struct list_cls lc = {f, arena, items, next};
  return core_db_run_tx("order_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}

struct count_cls {
  const struct core_order_filter *f;
  int64_t *total;
};

static enum core_qs
count_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct count_cls *cc = cls;
  const struct core_order_filter *f = cc->f;
  const char *p[] = {f->store,     f->external_id, f->state, f->from, f->to,
                     f->warehouse, f->q,           NULL,     NULL,    f->owner};
  struct bidx_pair b;
  bidx_of(f->q, &b, &p[7], &p[8]);
  PGresult *r = NULL;
  (void)ec;
  enum core_qs qs = core_db_query(c, "order_count", 10, p, &r);
  if (qs == CORE_QS_ONE)
    *cc->total = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return qs;
}

enum core_ec
core_order_count(const struct core_order_filter *f, int64_t *total)
{
  struct count_cls cc = {f, total};
  return core_db_run_one("order_count", count_tx, &cc);
}

struct profile_cls {
  const char *code;
  struct core_arena *arena;
  const char **out;
};

static enum core_qs
profile_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct profile_cls *pc = cls;
  const char *p[] = {pc->code};
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("mapping", pc->out),
                               CORE_DB_RS_END};
  enum core_qs qs =
      core_db_result_one(c, "order_csv_profile", 1, p, rs, pc->arena);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_order_csv_profile(const char *code, struct core_arena *arena,
                       const char **mapping)
{
  struct profile_cls pc = {code, arena, mapping};
  return core_db_run_tx("csv_profile", CORE_DB_READ_COMMITTED, profile_tx, &pc);
}

struct fix_cls {
  int64_t id;
  const char *ship_to, *lines, *fix;
  const struct core_stock_actor *who;
  struct core_arena *arena;
  const char **doc;
  const char **bad_field;
};

/*
 * The address change @a ship_to (JSON text) sealed over the order's
 * current sealed lines (or its plain ones, if not sealed yet), which the
 * order's row lock keeps; into @a out with _pii and _kv for ord_do_fix.
 */
static enum core_qs
seal_fix(struct core_db_conn *c, const char *id, const char *ship_to,
         struct core_arena *arena, const char **out, enum core_ec *ec)
{
  const char *p[] = {id};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "order_ship_to_lock", 1, p, &r);
  json_t *to = json_loads(ship_to, 0, NULL), *old = NULL;
  if (qs == CORE_QS_ONE && !PQgetisnull(r, 0, 1)) {
    const char *plain = NULL;
    *ec = core_pii_open_b64(PQgetvalue(r, 0, 1), arena, &plain, NULL);
    old = *ec == CORE_EC_OK ? json_loads(plain, 0, NULL) : NULL;
  } else if (qs == CORE_QS_ONE) {
    old = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
  }
  PQclear(r);
  const char *b64 = NULL;
  if (qs == CORE_QS_ONE && *ec == CORE_EC_OK && json_is_object(to))
    *ec = core_pii_seal_address(to, old, arena, &b64);
  if (qs == CORE_QS_ONE && *ec == CORE_EC_OK && json_is_object(to)) {
    json_object_set_new(to, "_pii",
                        b64 != NULL ? json_string(b64) : json_null());
    json_object_set_new(to, "_kv", json_integer(core_pii_version()));
    char *s = json_dumps(to, JSON_COMPACT);
    *out = core_arena_strdup(arena, s != NULL ? s : "{}");
    free(s);
  }
  json_decref(to);
  json_decref(old);
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  return qs == CORE_QS_NONE ? CORE_QS_ONE : qs;
}

static enum core_qs
fix_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct fix_cls *fc = cls;
  const char *id = core_arena_printf(fc->arena, "%" PRId64, fc->id);
  const char *ship_to = fc->ship_to;
  if (ship_to != NULL) {
    enum core_qs sq = seal_fix(c, id, fc->ship_to, fc->arena, &ship_to, ec);
    if (sq < 0)
      return sq;
  }
  const char *p[] = {id,
                     ship_to,
                     fc->lines,
                     fc->fix,
                     user_text(fc->arena, fc->who),
                     fc->who->request_id};
  struct core_outcome out = {0};
  enum core_qs qs = core_proc_query(c, "order_fix", 6, p, fc->arena, &out, ec);
  if (qs == CORE_QS_ONE)
    *fc->doc = out.doc;
  else if (out.field != NULL)
    *fc->bad_field = out.field;
  return qs;
}

enum core_ec
core_order_fix(int64_t id, const char *ship_to, const char *lines,
               const char *fix, const struct core_stock_actor *who,
               struct core_arena *arena, const char **doc,
               const char **bad_field)
{
  *bad_field = NULL;
  struct fix_cls fc = {id, ship_to, lines, fix, who, arena, doc, bad_field};
  return core_db_run_tx("order_fix", CORE_DB_READ_COMMITTED, fix_tx, &fc);
}
