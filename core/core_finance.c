#include "core_finance.h"

#include "core_db.h"

#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"fin_period_close", CORE_PROC_SELECT "fin_period_close($1, $2, $3)"},
    {"fin_rate_set", CORE_PROC_SELECT "fin_rate_set($1::jsonb, $2, $3)"},
    {"fin_entry_add", CORE_PROC_SELECT "fin_entry_add($1::jsonb, $2, $3)"},
    {"fin_account_put",
     CORE_PROC_SELECT "fin_account_put($1, $2::jsonb, $3, $4)"},
    {"fin_bill_add", CORE_PROC_SELECT "fin_bill_add($1::jsonb, $2, $3)"},
    {"fin_bill_approve",
     CORE_PROC_SELECT "fin_bill_approve($1::bigint, $2::jsonb, $3, $4)"},
    {"fin_bill_pay",
     CORE_PROC_SELECT "fin_bill_pay($1::bigint, $2::jsonb, $3, $4)"},
    {"fin_bill_settings_put",
     CORE_PROC_SELECT "fin_bill_settings_put($1::jsonb, $2, $3)"},
    {"fin_bill_doc", "SELECT fin_bill_doc($1::bigint)::text"},
    {"fin_bill_list", "SELECT fin_bill_list($1, $2, $3::date, $4::bigint,"
                      " $5::int)::text"},
    {"fin_overview", "SELECT fin_overview()::text"},
    {"fin_order_margin", "SELECT fin_order_margin($1)::text"},
    {NULL, NULL},
};

void
core_finance_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_finance_run(const char *op, const char *arg, const char *req,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *user = core_proc_num(arena, who->user_id, true);
  if (strcmp(op, "close") == 0) {
    const char *p[] = {arg, user, who->request_id};
    return core_proc_run("fin_period_close", "fin_period_close", 3, p, arena,
                         out);
  }
  if (strcmp(op, "approve") == 0 || strcmp(op, "pay") == 0) {
    const char *stmt = op[0] == 'a' ? "fin_bill_approve" : "fin_bill_pay";
    const char *p[] = {arg, req, user, who->request_id};
    return core_proc_run(stmt, stmt, 4, p, arena, out);
  }
  if (strcmp(op, "account") == 0) {
    const char *p[] = {arg, req, user, who->request_id};
    return core_proc_run("fin_account_put", "fin_account_put", 4, p, arena,
                         out);
  }
  const char *stmt = strcmp(op, "rate") == 0       ? "fin_rate_set"
                     : strcmp(op, "entry") == 0    ? "fin_entry_add"
                     : strcmp(op, "bill") == 0     ? "fin_bill_add"
                     : strcmp(op, "settings") == 0 ? "fin_bill_settings_put"
                                                   : NULL;
  if (stmt == NULL) {
    *out = (struct core_outcome){.ec = CORE_EC_INTERNAL};
    return CORE_EC_INTERNAL;
  }
  const char *p[] = {req, user, who->request_id};
  return core_proc_run(stmt, stmt, 3, p, arena, out);
}

enum core_ec
core_finance_overview(struct core_arena *arena, const char **doc)
{
  return core_proc_text("fin_overview", 0, NULL, arena, doc);
}

enum core_ec
core_finance_margin(int64_t order, struct core_arena *arena, const char **doc)
{
  const char *p[] = {core_proc_num(arena, order, false)};
  return core_proc_text("fin_order_margin", 1, p, arena, doc);
}

enum core_ec
core_finance_bill(int64_t id, struct core_arena *arena, const char **doc)
{
  const char *p[] = {core_proc_num(arena, id, false)};
  return core_proc_text("fin_bill_doc", 1, p, arena, doc);
}

enum core_ec
core_finance_bills(const struct core_finance_bill_filter *f, int64_t before,
                   int64_t limit, struct core_arena *arena, const char **items)
{
  const char *p[] = {f->status, f->supplier, f->due_before,
                     core_proc_num(arena, before, false),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("fin_bill_list", 5, p, arena, items);
}
