#include "core_store.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_pii.h"

#include <stdio.h>
#include <string.h>

/* taobao, jd, pinduoduo, douyin: marketplaces pulled through a platform
   connector (channels/, issue 27); taobao and jd have one so far. */
const char *const core_store_channels[] = {
    "shopify", "woocommerce", "csv",       "api",    "manual",
    "taobao",  "jd",          "pinduoduo", "douyin", NULL};

static const struct core_db_stmt stmts[] = {
    {"store_insert",
     "INSERT INTO store (code, name, channel, warehouse_id, webhook_secret,"
     " currency, price_tolerance, carrier, ship_within_hours,"
     " webhook_secret_pii, pii_kv)"
     " SELECT $1, $2, $3, w.id, '', $6, $7::numeric, $8, $9::int,"
     " pii_bytes($5, 'base64'), $10::smallint"
     " FROM warehouse w WHERE w.code = $4 RETURNING id"},
    {"store_doc", "SELECT doc::text FROM store_doc WHERE code = $1"},
    /* Stock owners (issue 23): a store sells one owner's goods. */
    {"store_set_owner",
     "UPDATE store SET owner_id = owner_id_of($2) WHERE code = $1"},
    {"store_list",
     "SELECT coalesce(json_agg(doc ORDER BY code), '[]')::text FROM store_doc"
     " WHERE ($1::text IS NULL"
     " OR doc->>'warehouse' = ANY (string_to_array($1, ',')))"
     " AND ($2::text IS NULL OR owner_id = (SELECT owner_id_of($2)))"},
    {"store_secret",
     "SELECT channel, webhook_secret, pii_b64(webhook_secret_pii) AS pii"
     " FROM store WHERE code = $1 AND active"},
    {"store_price",
     "INSERT INTO store_price (store_id, sku_id, price)"
     " SELECT s.id, k.id, $3::numeric FROM store s, sku k"
     " WHERE s.code = $1 AND k.code = $2"
     " ON CONFLICT (store_id, sku_id) DO UPDATE SET price = excluded.price"},
    {"store_price_ids", "SELECT (SELECT id FROM store WHERE code = $1),"
                        " (SELECT id FROM sku WHERE code = $2)"},
    {"store_patch",
     "UPDATE store SET name = coalesce($2, name),"
     " warehouse_id = coalesce((SELECT id FROM warehouse WHERE code = $3),"
     "   warehouse_id),"
     " webhook_secret = CASE WHEN $4::text IS NULL THEN webhook_secret"
     "   ELSE '' END,"
     " webhook_secret_pii = CASE WHEN $4::text IS NULL THEN webhook_secret_pii"
     "   ELSE pii_bytes($4, 'base64') END,"
     " pii_kv = CASE WHEN $4::text IS NULL THEN pii_kv ELSE $15::smallint END,"
     " currency = coalesce($5, currency),"
     " price_tolerance = coalesce($6::numeric, price_tolerance),"
     " carrier = coalesce($7, carrier), active = coalesce($8::boolean, active),"
     " sync_url = coalesce($9, sync_url),"
     " sync_percent = coalesce($10::int, sync_percent),"
     " sync_buffer = coalesce($11::bigint, sync_buffer),"
     " allow_merge = coalesce($12::boolean, allow_merge),"
     " events_url = coalesce($13, events_url),"
     " ship_within_hours = coalesce($14::int, ship_within_hours)"
     " WHERE code = $1 AND ($3::text IS NULL OR"
     "   EXISTS (SELECT 1 FROM warehouse WHERE code = $3))"},
    {"store_exists", "SELECT 1 FROM store WHERE code = $1"},
    {NULL, NULL},
};

void
core_store_register(void)
{
  core_db_register(stmts);
}

/*
 * The webhook secret @a secret (may be NULL: unchanged) as stored: sealed
 * base64, or "" to clear it. Sets @a ec on failure (no keyring).
 */
static const char *
sealed_secret(const char *secret, struct core_arena *arena, enum core_ec *ec)
{
  const char *b64 = "";
  if (secret == NULL || secret[0] == '\0')
    return secret;
  *ec = core_pii_seal_b64(secret, strlen(secret), arena, &b64);
  return b64;
}

/* One text cell of one row, or NONE. */
static enum core_qs
one(struct core_db_conn *c, const char *stmt, int n, const char *const *p,
    struct core_arena *arena, const char **out)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, p, &r);
  if (qs == CORE_QS_ONE && out != NULL)
    *out = core_arena_strdup(arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  return qs;
}

/* Makes store @a code owner @a owner's (NULL: unchanged); unknown_owner. */
static enum core_qs
set_owner(struct core_db_conn *c, const char *code, const char *owner)
{
  if (owner == NULL)
    return CORE_QS_ONE;
  const char *p[] = {code, owner};
  return core_db_query(c, "store_set_owner", 2, p, NULL);
}

struct cls {
  const struct core_store *s;
  const char *code, *sku, *price;
  const char *warehouses; /* list filter, comma-separated; NULL: all */
  const char *owner;      /* list filter, an owner code; NULL: all */
  struct core_arena *arena;
  const char **out, **out2;
};

static enum core_qs
create_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const struct core_store *s = x->s;
  const char *p[] = {
      s->code,
      s->name,
      core_store_channels[s->channel],
      s->warehouse,
      sealed_secret(s->webhook_secret, x->arena, ec),
      s->currency,
      s->price_tolerance,
      s->carrier,
      core_arena_printf(x->arena, "%lld", (long long)s->ship_within_hours),
      core_arena_printf(x->arena, "%u", core_pii_version())};
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  enum core_qs qs = one(c, "store_insert", 10, p, x->arena, NULL);
  if (qs == CORE_QS_NONE) {
    /* No row: the warehouse is unknown, or (unique violation) the code. */
    *ec = core_db_was_unique_violation(c) ? CORE_EC_ALREADY_EXISTS
                                          : CORE_EC_UNKNOWN_WAREHOUSE;
    return CORE_QS_HARD;
  }
  if (qs >= 0)
    qs = set_owner(c, s->code, s->owner);
  const char *p2[] = {s->code};
  return qs < 0 ? qs : one(c, "store_doc", 1, p2, x->arena, x->out);
}

enum core_ec
core_store_create(const struct core_store *s, struct core_arena *arena,
                  const char **doc)
{
  struct cls x = {.s = s, .arena = arena, .out = doc};
  return core_db_run_tx("store_create", CORE_DB_READ_COMMITTED, create_tx, &x);
}

static enum core_qs
get_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const char *p[] = {x->code};
  const char *pl[] = {x->warehouses, x->owner};
  enum core_qs qs = x->code != NULL
                        ? one(c, "store_doc", 1, p, x->arena, x->out)
                        : one(c, "store_list", 2, pl, x->arena, x->out);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_store_get(const char *code, struct core_arena *arena, const char **doc)
{
  struct cls x = {.code = code, .arena = arena, .out = doc};
  return core_db_run_tx("store_get", CORE_DB_READ_COMMITTED, get_tx, &x);
}

enum core_ec
core_store_list(const char *warehouses, const char *owner,
                struct core_arena *arena, const char **items)
{
  struct cls x = {
      .warehouses = warehouses, .owner = owner, .arena = arena, .out = items};
  return core_db_run_tx("store_list", CORE_DB_READ_COMMITTED, get_tx, &x);
}

static enum core_qs
secret_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const char *p[] = {x->code};
  const char *sealed = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("channel", x->out),
      CORE_DB_RS_TEXT("webhook_secret", x->out2),
      CORE_DB_RS_TEXT_NULL("pii", &sealed),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, "store_secret", 1, p, rs, x->arena);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNKNOWN_STORE;
    return CORE_QS_HARD;
  }
  /* Sealed (migration 0160): opened here, never in SQL. */
  if (qs == CORE_QS_ONE && sealed != NULL) {
    *ec = core_pii_open_b64(sealed, x->arena, x->out2, NULL);
    if (*ec != CORE_EC_OK)
      return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_store_secret(const char *code, struct core_arena *arena,
                  const char **channel, const char **secret)
{
  struct cls x = {.code = code, .arena = arena, .out = channel, .out2 = secret};
  return core_db_run_tx("store_secret", CORE_DB_READ_COMMITTED, secret_tx, &x);
}

static enum core_qs
price_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const char *p[] = {x->code, x->sku, x->price};
  enum core_qs qs = core_db_query(c, "store_price", 3, p, NULL);
  if (qs != CORE_QS_NONE)
    return qs;
  PGresult *r = NULL;
  qs = core_db_query(c, "store_price_ids", 2, p, &r);
  if (qs == CORE_QS_ONE)
    *ec = PQgetisnull(r, 0, 0) ? CORE_EC_UNKNOWN_STORE : CORE_EC_UNKNOWN_SKU;
  PQclear(r);
  return CORE_QS_HARD;
}

enum core_ec
core_store_set_price(const char *code, const char *sku, const char *price)
{
  struct cls x = {.code = code, .sku = sku, .price = price};
  return core_db_run_tx("store_price", CORE_DB_READ_COMMITTED, price_tx, &x);
}

struct patch_cls {
  const char *code;
  const struct core_store_patch *p;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
patch_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct patch_cls *x = v;
  const struct core_store_patch *p = x->p;
  const char *pct =
      p->sync_percent < 0
          ? NULL
          : core_arena_printf(x->arena, "%lld", (long long)p->sync_percent);
  const char *buf =
      p->sync_buffer < 0
          ? NULL
          : core_arena_printf(x->arena, "%lld", (long long)p->sync_buffer);
  const char *hours = p->ship_within_hours < 0
                          ? NULL
                          : core_arena_printf(x->arena, "%lld",
                                              (long long)p->ship_within_hours);
  const char *params[] = {
      x->code,
      p->name,
      p->warehouse,
      sealed_secret(p->webhook_secret, x->arena, ec),
      p->currency,
      p->price_tolerance,
      p->carrier,
      p->active < 0 ? NULL
      : p->active   ? "t"
                    : "f",
      p->sync_url,
      pct,
      buf,
      p->allow_merge < 0 ? NULL
      : p->allow_merge   ? "t"
                         : "f",
      p->events_url,
      hours,
      core_arena_printf(x->arena, "%u", core_pii_version())};
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  enum core_qs qs = core_db_query(c, "store_patch", 15, params, NULL);
  if (qs == CORE_QS_NONE) {
    const char *p1[] = {x->code};
    qs = core_db_query(c, "store_exists", 1, p1, NULL);
    if (qs >= 0) {
      *ec = qs == CORE_QS_NONE ? CORE_EC_NOT_FOUND : CORE_EC_UNKNOWN_WAREHOUSE;
      return CORE_QS_HARD;
    }
  }
  if (qs >= 0)
    qs = set_owner(c, x->code, p->owner);
  const char *p2[] = {x->code};
  return qs < 0 ? qs : one(c, "store_doc", 1, p2, x->arena, x->doc);
}

enum core_ec
core_store_patch(const char *code, const struct core_store_patch *p,
                 struct core_arena *arena, const char **doc)
{
  struct patch_cls x = {code, p, arena, doc};
  return core_db_run_tx("store_patch", CORE_DB_READ_COMMITTED, patch_tx, &x);
}
