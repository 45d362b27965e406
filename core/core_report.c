#include "core_report.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"

#include <string.h>

/*
 * Each report's JSON statement reads one row more than it returns, so the
 * document says whether the list was cut without counting the whole.
 */
#define JSON_SQL(fn)                                                           \
  "WITH a AS (SELECT * FROM " fn "($1::jsonb) LIMIT $2::int + 1)"              \
  " SELECT json_build_object("                                                 \
  "  'rows', coalesce((SELECT json_agg(x) FROM"                                \
  "   (SELECT * FROM a LIMIT $2::int) x), '[]'::json),"                        \
  "  'truncated', (SELECT count(*) FROM a) > $2::int)::text"
#define ROWS_SQL(fn) "SELECT * FROM " fn "($1::jsonb)"

/*
 * A report's filters are one jsonb parameter whose members decide which
 * branches of its SQL matter; a generic plan (PostgreSQL's default after
 * five runs of a prepared statement on a connection) cannot fold them and
 * estimated the 100k-pair inventory-by-bin report into nested loops: 0.6 s
 * custom, over 10 s generic (make bench, 100k tier). Reports are planned
 * for their own filters every time; planning costs ~1 ms.
 */
#define CUSTOM_PLANS(scope)                                                    \
  "SELECT set_config('plan_cache_mode', 'force_custom_plan', " scope ")"

/*
 * A screen's page sorts and hashes up to ~100k rows (inventory by bin
 * sorts a warehouse's bins before reading them in order); the default
 * 4 MB spilled those to disk. Only for the JSON's own transaction: a
 * file streams, and its memory stays flat.
 */
static const struct core_db_stmt stmts[] = {
    {"report_custom_plans_tx",
     "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
     " set_config('work_mem', '16MB', true)"},
    {"report_custom_plans_on", CUSTOM_PLANS("false")},
    {"report_custom_plans_off",
     "SELECT set_config('plan_cache_mode', 'auto', false)"},
    {"report_stock_movement_json", JSON_SQL("rpt_stock_movement")},
    {"report_stock_movement_rows", ROWS_SQL("rpt_stock_movement")},
    {"report_inventory_json", JSON_SQL("rpt_inventory")},
    {"report_inventory_rows", ROWS_SQL("rpt_inventory")},
    {"report_aging_json", JSON_SQL("rpt_aging")},
    {"report_aging_rows", ROWS_SQL("rpt_aging")},
    {"report_expiry_json", JSON_SQL("rpt_expiry")},
    {"report_expiry_rows", ROWS_SQL("rpt_expiry")},
    {"report_returns_json", JSON_SQL("rpt_returns")},
    {"report_returns_rows", ROWS_SQL("rpt_returns")},
    {"report_staff_json", JSON_SQL("rpt_staff")},
    {"report_staff_rows", ROWS_SQL("rpt_staff")},
    {"report_fulfilment_json", JSON_SQL("rpt_fulfilment")},
    {"report_fulfilment_rows", ROWS_SQL("rpt_fulfilment")},
    {"report_sales_json", JSON_SQL("rpt_sales")},
    {"report_sales_rows", ROWS_SQL("rpt_sales")},
    {"report_inventory_bin_json", JSON_SQL("rpt_inventory_bins")},
    {"report_inventory_bin_rows", ROWS_SQL("rpt_inventory_bins")},
    {"report_inventory_bin_now_json", JSON_SQL("rpt_inventory_bins_now")},
    {"report_inventory_bin_now_rows", ROWS_SQL("rpt_inventory_bins_now")},
    {"report_inventory_owner_json", JSON_SQL("rpt_inventory_owners")},
    {"report_inventory_owner_rows", ROWS_SQL("rpt_inventory_owners")},
    {"report_stock_list_json", JSON_SQL("rpt_stock_list")},
    {"report_stock_list_rows", ROWS_SQL("rpt_stock_list")},
    {"report_po_list_json", JSON_SQL("rpt_po_list")},
    {"report_po_list_rows", ROWS_SQL("rpt_po_list")},
    {"report_purchasing_json", JSON_SQL("rpt_purchasing")},
    {"report_purchasing_rows", ROWS_SQL("rpt_purchasing")},
    {"report_purchase_variance_json", JSON_SQL("rpt_purchase_variance")},
    {"report_purchase_variance_rows", ROWS_SQL("rpt_purchase_variance")},
    {"report_purchase_open_json", JSON_SQL("rpt_purchase_open")},
    {"report_purchase_open_rows", ROWS_SQL("rpt_purchase_open")},
    {"report_purchase_ranking_json", JSON_SQL("rpt_purchase_ranking")},
    {"report_purchase_ranking_rows", ROWS_SQL("rpt_purchase_ranking")},
    {"report_feedback_json", JSON_SQL("rpt_feedback")},
    {"report_feedback_rows", ROWS_SQL("rpt_feedback")},
    {"report_sales_segment_json", JSON_SQL("rpt_sales_segment")},
    {"report_sales_segment_rows", ROWS_SQL("rpt_sales_segment")},
    {"report_fin_trial_balance_json", JSON_SQL("fin_trial_balance")},
    {"report_fin_trial_balance_rows", ROWS_SQL("fin_trial_balance")},
    {"report_fin_journal_json", JSON_SQL("fin_journal")},
    {"report_fin_journal_rows", ROWS_SQL("fin_journal")},
    {"report_fin_missing_costs_json", JSON_SQL("fin_missing_costs")},
    {"report_fin_missing_costs_rows", ROWS_SQL("fin_missing_costs")},
    {"report_fin_ap_aging_json", JSON_SQL("fin_payables_aging")},
    {"report_fin_ap_aging_rows", ROWS_SQL("fin_payables_aging")},
    {"report_fin_statement_json", JSON_SQL("fin_supplier_statement")},
    {"report_fin_statement_rows", ROWS_SQL("fin_supplier_statement")},
    {"report_fin_ar_aging_json", JSON_SQL("fin_receivables_aging")},
    {"report_fin_ar_aging_rows", ROWS_SQL("fin_receivables_aging")},
    {"report_fin_invoices_json", JSON_SQL("fin_invoices")},
    {"report_margin_json", JSON_SQL("rpt_margin")},
    {"report_margin_rows", ROWS_SQL("rpt_margin")},
    {"report_fin_invoices_rows", ROWS_SQL("fin_invoices")},
    {NULL, NULL},
};

const struct core_report core_reports[] = {
    {"stock-movement", "report_stock_movement_json",
     "report_stock_movement_rows", "Stock movement", "进销存"},
    {"inventory", "report_inventory_json", "report_inventory_rows",
     "Inventory valuation", "库存估值"},
    {"sales", "report_sales_json", "report_sales_rows", "Sales", "销售报表"},
    {"aging", "report_aging_json", "report_aging_rows", "Aging", "库龄分析"},
    {"expiry", "report_expiry_json", "report_expiry_rows", "Near expiry",
     "临期批次"},
    {"returns", "report_returns_json", "report_returns_rows", "Returns",
     "退货分析"},
    {"staff", "report_staff_json", "report_staff_rows", "Staff performance",
     "员工绩效"},
    {"fulfilment", "report_fulfilment_json", "report_fulfilment_rows",
     "Fulfilment", "履约时效"},
    /* by=bin of the inventory route (web_reports_inventory_get). */
    {"inventory-bin", "report_inventory_bin_json", "report_inventory_bin_rows",
     "Inventory by bin", "库位库存估值"},
    /* by=bin without a date: today's, read in report order. */
    {"inventory-bin-now", "report_inventory_bin_now_json",
     "report_inventory_bin_now_rows", "Inventory by bin", "库位库存估值"},
    /* by=owner of the inventory route (issue 23: 3PL clients' goods). */
    {"inventory-owner", "report_inventory_owner_json",
     "report_inventory_owner_rows", "Inventory by owner", "货主库存估值"},
    /* The stock and PO lists as files (GET /api/v1/stock/export,
     * GET /api/v1/purchase-orders/export). */
    {"stock", "report_stock_list_json", "report_stock_list_rows", "Stock",
     "库存"},
    {"purchase-orders", "report_po_list_json", "report_po_list_rows",
     "Purchase orders", "采购单"},
    /* One route, four views (?view=): web_reports_purchasing_get. */
    {"purchasing", "report_purchasing_json", "report_purchasing_rows",
     "Purchasing spend", "采购支出"},
    {"purchasing-variance", "report_purchase_variance_json",
     "report_purchase_variance_rows", "Price variance", "采购价差"},
    {"purchasing-open", "report_purchase_open_json",
     "report_purchase_open_rows", "Open POs", "未到货采购单"},
    {"purchasing-ranking", "report_purchase_ranking_json",
     "report_purchase_ranking_rows", "Supplier ranking", "供应商排名"},
    {"feedback", "report_feedback_json", "report_feedback_rows", "Feedback",
     "客户反馈"},
    /* by=customer_segment of the sales route (web_reports_sales_get). */
    {"sales-segment", "report_sales_segment_json", "report_sales_segment_rows",
     "Sales by segment", "客户分层销售"},
    /* Finance (issue 22): the ledger's reads (web_finance_*_get). */
    {"trial-balance", "report_fin_trial_balance_json",
     "report_fin_trial_balance_rows", "Trial balance", "科目余额表"},
    {"journal", "report_fin_journal_json", "report_fin_journal_rows", "Journal",
     "凭证明细"},
    {"missing-costs", "report_fin_missing_costs_json",
     "report_fin_missing_costs_rows", "Missing costs", "缺少成本"},
    /* Payables (issue 22 item 5). */
    {"payables-aging", "report_fin_ap_aging_json", "report_fin_ap_aging_rows",
     "Payables aging", "应付账龄"},
    {"supplier-statement", "report_fin_statement_json",
     "report_fin_statement_rows", "Supplier statement", "供应商对账单"},
    /* Receivables (issue 22 item 4). */
    {"receivables-aging", "report_fin_ar_aging_json",
     "report_fin_ar_aging_rows", "Receivables aging", "应收账龄"},
    /* Invoices (issue 22 item 3): the list as a file. */
    {"invoices", "report_fin_invoices_json", "report_fin_invoices_rows",
     "Invoices", "发票"},
    /* Margin per store or channel (issue 22 item 2). */
    {"margin", "report_margin_json", "report_margin_rows", "Margin",
     "利润分析"},
    {NULL, NULL, NULL, NULL, NULL},
};

const struct core_report *
core_report_find(const char *name)
{
  for (const struct core_report *r = core_reports; r->name != NULL; r++)
    if (strcmp(r->name, name) == 0)
      return r;
  return NULL;
}

void
core_report_register(void)
{
  core_db_register(stmts);
}

struct json_cls {
  const struct core_report *r;
  const char *filters;
  char limit[16];
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
json_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct json_cls *j = cls;
  const char *p[] = {j->filters, j->limit};
  PGresult *res = NULL;
  (void)ec;
  enum core_qs qs = core_db_query(c, "report_custom_plans_tx", 0, NULL, &res);
  PQclear(res);
  res = NULL;
  if (qs < 0)
    return qs;
  qs = core_db_query(c, j->r->json_stmt, 2, p, &res);
  if (qs == CORE_QS_ONE)
    *j->doc = core_arena_strdup(j->arena, PQgetvalue(res, 0, 0));
  PQclear(res);
  return qs;
}

enum core_ec
core_report_json(const struct core_report *r, const char *filters, int limit,
                 struct core_arena *arena, const char **doc)
{
  struct json_cls j = {.r = r, .filters = filters, .arena = arena, .doc = doc};
  snprintf(j.limit, sizeof j.limit, "%d", limit);
  return core_db_run_tx(r->json_stmt, CORE_DB_REPEATABLE_READ, json_tx, &j);
}

/*
 * Reads the results of the statement sent on @a pg to @a fn, row by row;
 * every result is consumed even after a failure, so the connection is
 * idle again when this returns.
 */
static enum core_ec
drain(PGconn *pg, const char *name, core_report_row_fn fn, void *cls)
{
  enum core_ec ec = CORE_EC_OK;
  PGresult *res;
  while ((res = PQgetResult(pg)) != NULL) {
    ExecStatusType st = PQresultStatus(res);
    if (ec == CORE_EC_OK &&
        (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK)) {
      if (!fn(cls, res))
        ec = CORE_EC_INTERNAL;
    } else if (ec == CORE_EC_OK) {
      CORE_WARN("report %s: %s", name, PQresultErrorMessage(res));
      ec = CORE_EC_DB_ERROR;
    }
    PQclear(res);
  }
  return ec;
}

enum core_ec
core_report_stream(const struct core_report *r, const char *filters,
                   core_report_row_fn fn, void *cls)
{
  struct core_db_conn *c;
  enum core_ec ec = core_db_acquire(&c);
  if (ec != CORE_EC_OK)
    return ec;
  PGconn *pg = core_db_pg(c);
  const char *p[] = {filters};
  PGresult *res = NULL;
  enum core_qs qs = core_db_query(c, "report_custom_plans_on", 0, NULL, &res);
  PQclear(res);
  if (qs < 0) {
    /* A routed read whose replica is gone: the primary streams it. */
    bool again = core_db_fall_back(c);
    core_db_release(c);
    return again ? core_report_stream(r, filters, fn, cls)
                 : CORE_EC_DB_UNAVAILABLE;
  }
  if (PQsendQueryPrepared(pg, r->rows_stmt, 1, p, NULL, NULL, 0) != 1) {
    CORE_WARN("report %s: %s", r->name, PQerrorMessage(pg));
    core_db_release(c);
    return CORE_EC_DB_UNAVAILABLE;
  }
  /* One row per result: memory never grows with the report. */
  CORE_BREAK(PQsetSingleRowMode(pg) == 1);
  ec = drain(pg, r->name, fn, cls);
  /* The connection goes back to the pool with the default again. */
  res = NULL;
  qs = core_db_query(c, "report_custom_plans_off", 0, NULL, &res);
  PQclear(res);
  if (qs < 0 && ec == CORE_EC_OK)
    ec = CORE_EC_DB_UNAVAILABLE;
  core_db_release(c);
  return ec;
}
