#include "core_billing.h"

#include "core_arena.h"
#include "core_db.h"

#include <stdlib.h>

static const struct core_db_stmt stmts[] = {
    {"bill_rules_put",
     CORE_PROC_SELECT "bill_rules_put($1, $2::jsonb, $3, $4)"},
    {"bill_service_add",
     CORE_PROC_SELECT "bill_service_add($1::bigint, $2::jsonb, $3, $4)"},
    {"bill_statement_issue",
     CORE_PROC_SELECT "bill_statement_issue($1, $2::jsonb, $3, $4)"},
    {"bill_adjustment_add",
     CORE_PROC_SELECT "bill_adjustment_add($1, $2::bigint, $3::jsonb, $4, $5)"},
    {"bill_rules_doc", "SELECT bill_rules_doc($1)::text"},
    {"bill_services", "SELECT bill_services($1::bigint)::text"},
    {"bill_statement_get", "SELECT bill_statement_get($1, $2::bigint)::text"},
    {"bill_statement_list",
     "SELECT bill_statement_list($1, $2::bigint, $3::int)::text"},
    {"bill_line_facts",
     "SELECT bill_line_facts($1, $2::bigint, $3::int)::text"},
    {"bill_stock_nightly", "SELECT bill_stock_nightly()::text"},
    {NULL, NULL},
};

void
core_billing_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_billing_run(enum core_billing_op op, const char *key, int64_t id,
                 const char *req, const struct core_stock_actor *who,
                 struct core_arena *arena, struct core_outcome *out)
{
  const char *user = core_proc_num(arena, who->user_id, true);
  if (op == CORE_BILLING_ADJUST) {
    const char *p[] = {key, core_proc_num(arena, id, false), req, user,
                       who->request_id};
    return core_proc_run("bill_adjustment_add", "bill_adjustment_add", 5, p,
                         arena, out);
  }
  const char *stmt = op == CORE_BILLING_RULES_PUT     ? "bill_rules_put"
                     : op == CORE_BILLING_SERVICE_ADD ? "bill_service_add"
                                                      : "bill_statement_issue";
  const char *p[] = {key, req, user, who->request_id};
  return core_proc_run(stmt, stmt, 4, p, arena, out);
}

enum core_ec
core_billing_rules(const char *owner, struct core_arena *arena,
                   const char **doc)
{
  const char *p[] = {owner};
  return core_proc_text("bill_rules_doc", 1, p, arena, doc);
}

enum core_ec
core_billing_services(int64_t order, struct core_arena *arena, const char **doc)
{
  const char *p[] = {core_proc_num(arena, order, false)};
  return core_proc_text("bill_services", 1, p, arena, doc);
}

enum core_ec
core_billing_statement(const char *owner, int64_t id, struct core_arena *arena,
                       const char **doc)
{
  const char *p[] = {owner, core_proc_num(arena, id, false)};
  return core_proc_text("bill_statement_get", 2, p, arena, doc);
}

enum core_ec
core_billing_statements(const char *owner, int64_t before, int64_t limit,
                        struct core_arena *arena, const char **items)
{
  const char *p[] = {owner, core_proc_num(arena, before, false),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("bill_statement_list", 3, p, arena, items);
}

enum core_ec
core_billing_facts(const char *owner, int64_t id, int64_t n,
                   struct core_arena *arena, const char **doc)
{
  const char *p[] = {owner, core_proc_num(arena, id, false),
                     core_proc_num(arena, n, false)};
  return core_proc_text("bill_line_facts", 3, p, arena, doc);
}

enum core_ec
core_billing_nightly(int64_t *days)
{
  struct core_arena *a = core_arena_new();
  const char *t = NULL;
  enum core_ec ec = core_proc_text("bill_stock_nightly", 0, NULL, a, &t);
  if (ec == CORE_EC_OK)
    *days = strtoll(t, NULL, 10);
  core_arena_free(a);
  return ec;
}
