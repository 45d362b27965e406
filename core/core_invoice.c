#include "core_invoice.h"

#include "core_db.h"

#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"fin_invoice_issue",
     CORE_PROC_SELECT "fin_invoice_issue($1::bigint, $2::jsonb, $3, $4)"},
    {"fin_credit_issue",
     CORE_PROC_SELECT "fin_credit_issue($1::bigint, $2::jsonb, $3, $4)"},
    {"fin_tax_settings_put",
     CORE_PROC_SELECT "fin_tax_settings_put($1::jsonb, $2, $3)"},
    {"fin_invoice_doc", "SELECT fin_invoice_doc($1::bigint)::text"},
    {"fin_invoice_list",
     "SELECT fin_invoice_list($1::jsonb, $2::bigint, $3::int)::text"},
    {"fin_tax_settings", "SELECT fin_tax_settings()::text"},
    {NULL, NULL},
};

void
core_invoice_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_invoice_run(const char *op, const char *arg, const char *req,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *user = core_proc_num(arena, who->user_id, true);
  if (strcmp(op, "issue") == 0 || strcmp(op, "credit") == 0) {
    const char *stmt = op[0] == 'i' ? "fin_invoice_issue" : "fin_credit_issue";
    const char *p[] = {arg, req, user, who->request_id};
    return core_proc_run(stmt, stmt, 4, p, arena, out);
  }
  if (strcmp(op, "tax") == 0) {
    const char *p[] = {req, user, who->request_id};
    return core_proc_run("fin_tax_settings_put", "fin_tax_settings_put", 3, p,
                         arena, out);
  }
  *out = (struct core_outcome){.ec = CORE_EC_INTERNAL};
  return CORE_EC_INTERNAL;
}

enum core_ec
core_invoice_get(int64_t id, struct core_arena *arena, const char **doc)
{
  const char *p[] = {core_proc_num(arena, id, false)};
  return core_proc_text("fin_invoice_doc", 1, p, arena, doc);
}

enum core_ec
core_invoice_list(const char *filters, int64_t before, int64_t limit,
                  struct core_arena *arena, const char **items)
{
  const char *p[] = {filters, core_proc_num(arena, before, false),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("fin_invoice_list", 3, p, arena, items);
}

enum core_ec
core_invoice_tax(struct core_arena *arena, const char **doc)
{
  return core_proc_text("fin_tax_settings", 0, NULL, arena, doc);
}
