#include "core_returns.h"

#include "core_db.h"

#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"rma_create", CORE_PROC_SELECT "rma_create($1, $2::jsonb, $3, $4, $5)"},
    {"rma_receive", CORE_PROC_SELECT "rma_receive($1, $2::jsonb, $3, $4, $5)"},
    {"rma_dispose", CORE_PROC_SELECT "rma_dispose($1, $2::jsonb, $3, $4, $5)"},
    {"rma_refund",
     CORE_PROC_SELECT "rma_refund_add($1, $2::jsonb, $3, $4, $5)"},
    {"rma_step", CORE_PROC_SELECT "rma_step($1, $2, $3, $4, $5)"},
    {"rma_replace",
     CORE_PROC_SELECT "rma_replace($1, $2, $3::jsonb, $4, $5, $6)"},
    {"rma_get", CORE_PROC_SELECT "rma_get($1)"},
    {"rma_list", "SELECT rma_list($1::jsonb)::text"},
    {"rma_lookup", "SELECT rma_lookup($1, $2)::text"},
    {"rma_open_summary", "SELECT rma_open_summary($1)::text"},
    {"rma_channel_refund",
     CORE_PROC_SELECT "rma_channel_refund($1, $2::jsonb, $3, $4)"},
    {NULL, NULL},
};

void
core_returns_register(void)
{
  core_db_register(stmts);
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, false);
}

static const char *
user(struct core_arena *arena, const struct core_stock_actor *who)
{
  return core_proc_num(arena, who->user_id, true);
}

enum core_ec
core_returns_create(int64_t order, const char *req, const char *key,
                    const struct core_stock_actor *who,
                    struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, order), req, key, user(arena, who),
                     who->request_id};
  return core_proc_run("rma_create", "rma_create", 5, p, arena, out);
}

/* The statement of operation @a op; NULL for an unknown one. */
static const char *
act_stmt(const char *op)
{
  static const char *const ops[] = {"receive", "dispose", "refund"};
  static const char *const names[] = {"rma_receive", "rma_dispose",
                                      "rma_refund"};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (strcmp(ops[i], op) == 0)
      return names[i];
  }
  return NULL;
}

enum core_ec
core_returns_act(int64_t id, const char *op, const char *req, const char *key,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *stmt = act_stmt(op);
  if (stmt == NULL) {
    *out = (struct core_outcome){.ec = CORE_EC_INTERNAL};
    return CORE_EC_INTERNAL;
  }
  const char *p[] = {num(arena, id), req, key, user(arena, who),
                     who->request_id};
  return core_proc_run(stmt, stmt, 5, p, arena, out);
}

enum core_ec
core_returns_replace(int64_t id, const char *kind, const char *req,
                     const char *key, const struct core_stock_actor *who,
                     struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id),   kind,           req, key,
                     user(arena, who), who->request_id};
  return core_proc_run("rma_replace", "rma_replace", 6, p, arena, out);
}

enum core_ec
core_returns_step(int64_t id, const char *step, const char *note,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  struct core_outcome *out)
{
  const char *p[] = {num(arena, id), step, note, user(arena, who),
                     who->request_id};
  return core_proc_run("rma_step", "rma_step", 5, p, arena, out);
}

enum core_ec
core_returns_get(int64_t id, struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, id)};
  return core_proc_run("rma_get", "rma_get", 1, p, arena, out);
}

enum core_ec
core_returns_list(const char *filter, struct core_arena *arena,
                  const char **items)
{
  const char *p[] = {filter};
  return core_proc_text("rma_list", 1, p, arena, items);
}

enum core_ec
core_returns_lookup(const char *code, const char *warehouses,
                    struct core_arena *arena, const char **doc)
{
  const char *p[] = {code, warehouses};
  return core_proc_text("rma_lookup", 2, p, arena, doc);
}

enum core_ec
core_returns_summary(const char *warehouses, struct core_arena *arena,
                     const char **doc)
{
  const char *p[] = {warehouses};
  return core_proc_text("rma_open_summary", 1, p, arena, doc);
}

enum core_ec
core_returns_channel_refund(const char *store, const char *doc,
                            const struct core_stock_actor *who,
                            struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, doc, user(arena, who), who->request_id};
  return core_proc_run("rma_channel_refund", "rma_channel_refund", 4, p, arena,
                       out);
}
