/*
 * depot demo seed --orders N --skus N --bins N: the demo at benchmark
 * scale (sql/demo/demo_scale.sql), in batches each committed on its own
 * with a progress bar on stderr, then ANALYZE. Additive and idempotent:
 * everything goes to warehouse and store SCALE.
 */
#include "core_arena.h"
#include "core_db.h"
#include "core_pii.h"
#include "core_webhook.h"
#include "cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BATCH = 20000, MAX_COUNT = 10000000 };

static const struct core_db_stmt stmts[] = {
    {"scale_base", "SELECT demo_scale_base()"},
    {"scale_skus", "SELECT demo_scale_skus($1::int, $2::int)"},
    {"scale_bins", "SELECT demo_scale_bins($1::int, $2::int)"},
    {"scale_stock", "SELECT demo_scale_stock($1::int, $2::int, $3::int)"},
    {"scale_orders", "SELECT demo_scale_orders($1::int, $2::int, $3::int)"},
    {"demo_history", "SELECT demo_history($1::int, $2::int)"},
    {"demo_shipments", "SELECT demo_shipments($1::int)"},
    {"demo_ledger_history", "SELECT demo_ledger_history($1::int, $2::int)"},
    {"demo_sales_history", "SELECT demo_sales_history()"},
    {"demo_returns", "SELECT demo_returns()"},
    {"demo_kits", "SELECT demo_kits()"},
    {"demo_staff_history", "SELECT demo_staff_history($1::int)"},
    {"demo_purchase_history", "SELECT demo_purchase_history($1::int, $2::int)"},
    {"demo_crm", "SELECT demo_crm()"},
    {"demo_webhooks", "SELECT demo_webhooks($1, $2::smallint)"},
    {"demo_finance", "SELECT demo_finance()"},
    {"demo_books", "SELECT demo_books()"},
    {"demo_owners", "SELECT demo_owners()"},
    {"demo_invoices", "SELECT demo_invoices()"},
    {"demo_portal", "SELECT demo_portal()"},
    {"demo_billing", "SELECT demo_billing()"},
    /* A seeding step is a batch, not a request: the server's statement
       timeout (meant for the MHD threads) would only make it flaky on a
       busy machine. */
    {"demo_step_timeout",
     "SELECT set_config('statement_timeout', '300s', true)"},
    {NULL, NULL},
};

void
cli_demo_scale_register(void)
{
  core_db_register(stmts);
}

struct step {
  const char *stmt;
  int n;
  const char *p[3];
};

static enum core_qs
step_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct step *s = cls;
  enum core_qs qs = core_db_query(c, "demo_step_timeout", 0, NULL, NULL);
  if (qs < 0)
    return qs;
  return core_db_query(c, s->stmt, s->n, s->p, NULL);
}

static bool
run_step(const char *stmt, int n, const char *a, const char *b, const char *c)
{
  struct step s = {stmt, n, {a, b, c}};
  enum core_ec ec = core_db_run_tx(stmt, CORE_DB_READ_COMMITTED, step_tx, &s);
  if (ec != CORE_EC_OK)
    fprintf(stderr, "\ndemo scale: %s failed: %s\n", stmt, core_ec_name(ec));
  return ec == CORE_EC_OK;
}

static void
progress(const char *what, long done, long total)
{
  int pct = total > 0 ? (int)(done * 100 / total) : 100;
  if (isatty(STDERR_FILENO))
    fprintf(stderr, "\r  %-7s %9ld/%-9ld [%.*s%*s] %3d%%", what, done, total,
            pct / 4, "#########################", 25 - pct / 4, "", pct);
  else if (done == total || pct % 25 == 0)
    fprintf(stderr, "  %s: %ld/%ld (%d%%)\n", what, done, total, pct);
  if (done == total && isatty(STDERR_FILENO))
    fputc('\n', stderr);
}

/* Runs @a stmt over [1, total] in batches; @a extra is its third param. */
static bool
batches(const char *what, const char *stmt, long total, long extra)
{
  char x[24];
  snprintf(x, sizeof x, "%ld", extra);
  for (long from = 1; from <= total; from += BATCH) {
    long to = from + BATCH - 1 < total ? from + BATCH - 1 : total;
    char a[24], b[24];
    snprintf(a, sizeof a, "%ld", from);
    snprintf(b, sizeof b, "%ld", to);
    if (!run_step(stmt, extra > 0 ? 3 : 2, a, b, x))
      return false;
    progress(what, to, total);
  }
  return true;
}

/* A count flag: absent gives @a dflt; false (printed) when it is bad. */
static bool
count_arg(const struct cli_args *args, const char *flag, long dflt, long *out)
{
  const char *v = cli_arg(args, flag);
  char *end = NULL;
  *out = v != NULL ? strtol(v, &end, 10) : dflt;
  if ((v != NULL && *end != '\0') || *out < 1 || *out > MAX_COUNT) {
    fprintf(stderr, "depot demo seed: %s takes 1..%d\n", flag, MAX_COUNT);
    return false;
  }
  return true;
}

int
cli_demo_scale(const struct cli_args *args)
{
  long orders, skus, bins;
  if (!count_arg(args, "--orders", 10000, &orders) ||
      !count_arg(args, "--skus", 1000, &skus) ||
      !count_arg(args, "--bins", 1000, &bins))
    return 2;
  printf("demo scale: %ld SKUs, %ld bins, %ld orders in warehouse SCALE\n",
         skus, bins, orders);
  fflush(stdout);
  bool ok = run_step("scale_base", 0, NULL, NULL, NULL) &&
            batches("SKUs", "scale_skus", skus, 0) &&
            batches("bins", "scale_bins", bins, 0) &&
            batches("stock", "scale_stock", skus, bins) &&
            batches("orders", "scale_orders", orders, skus);
  if (ok) {
    struct core_db_conn *c;
    if (core_db_acquire(&c) == CORE_EC_OK) {
      PQclear(PQexec(core_db_pg(c), "ANALYZE"));
      core_db_release(c);
    }
    printf("demo scale: done\n");
  }
  return ok ? 0 : 1;
}

bool
cli_demo_history(int days, int per_day)
{
  char d[16], n[16];
  snprintf(d, sizeof d, "%d", days);
  snprintf(n, sizeof n, "%d", per_day);
  if (!run_step("demo_history", 2, d, n, NULL))
    return false;
  printf("  %d days of order history (delivered, shipped, cancelled)\n", days);
  return true;
}

bool
cli_demo_ledger_history(int days, int pairs)
{
  char d[16], n[16];
  snprintf(d, sizeof d, "%d", days);
  snprintf(n, sizeof n, "%d", pairs);
  /* Purchasing: about one PO every other day over the same months. */
  char pos[16];
  snprintf(pos, sizeof pos, "%d", days / 2);
  if (!run_step("demo_ledger_history", 2, d, n, NULL) ||
      !run_step("demo_sales_history", 0, NULL, NULL, NULL) ||
      !run_step("demo_purchase_history", 2, d, pos, NULL))
    return false;
  printf("  %d days of stock ledger history (receipts, shipments, returns, "
         "adjustments, scrap, transfers), the order history's sales and "
         "purchase orders (received, late, short, open) for the reports\n",
         days);
  return true;
}

bool
cli_demo_returns(void)
{
  if (!run_step("demo_returns", 0, NULL, NULL, NULL))
    return false;
  printf("  returns in every state (authorised, received, restocked and "
         "refunded, rejected, one without an RMA)\n");
  return true;
}

bool
cli_demo_kits(void)
{
  if (!run_step("demo_kits", 0, NULL, NULL, NULL))
    return false;
  printf("  a gift set kit (a teapot and four cups) and the Tmall store's "
         "platform codes for it and a 6-pack of cups, with an order of "
         "each\n");
  return true;
}

bool
cli_demo_shipments(int each)
{
  char n[16];
  snprintf(n, sizeof n, "%d", each);
  if (!run_step("demo_shipments", 1, n, NULL, NULL))
    return false;
  printf("  shipments with tracking numbers for the latest shipped and "
         "delivered orders\n");
  return true;
}

bool
cli_demo_staff_history(int days)
{
  char d[16];
  snprintf(d, sizeof d, "%d", days);
  if (!run_step("demo_staff_history", 1, d, NULL, NULL))
    return false;
  printf("  %d days of floor work per person for the staff report\n", days);
  return true;
}

bool
cli_demo_crm(void)
{
  if (!run_step("demo_crm", 0, NULL, NULL, NULL))
    return false;
  printf("  customers with tags and notes, feedback tickets and RFM "
         "segments\n");
  return true;
}

bool
cli_demo_webhooks(void)
{
  struct core_arena *a = core_arena_new();
  const char *sealed = NULL;
  const char *secret = core_webhook_secret_new(a);
  bool ok =
      core_pii_seal_b64(secret, strlen(secret), a, &sealed) == CORE_EC_OK &&
      run_step("demo_webhooks", 2, sealed,
               core_arena_printf(a, "%u", core_pii_version()), NULL);
  core_arena_free(a);
  if (ok)
    printf("  an example event webhook subscription (inactive)\n");
  return ok;
}

bool
cli_demo_owners(void)
{
  if (!run_step("demo_owners", 0, NULL, NULL, NULL))
    return false;
  printf("  two 3PL clients (HUAXIN, SHANYE) with their products, stores and "
         "stock in a zone of their own\n");
  if (!run_step("demo_portal", 0, NULL, NULL, NULL))
    return false;
  printf("  the client portal: SHANYE's tea lots with expiry dates, an inbound "
         "PO with an ASN, three orders\n");
  return true;
}

bool
cli_demo_billing(void)
{
  if (!run_step("demo_billing", 0, NULL, NULL, NULL))
    return false;
  printf("  3PL billing: price lists of HUAXIN and SHANYE, last month's "
         "receipts, shipments and services of HUAXIN and its issued "
         "statement\n");
  return true;
}

bool
cli_demo_finance(void)
{
  if (!run_step("demo_finance", 0, NULL, NULL, NULL))
    return false;
  printf("  finance: opening capital in a closed month, exchange rates, "
         "platform fees per store\n");
  return true;
}

bool
cli_demo_books(void)
{
  if (!run_step("demo_books", 0, NULL, NULL, NULL))
    return false;
  printf("  books: supplier bills (one on hold, one to approve, two approved "
         "and paid) and a TMALL platform settlement\n");
  return true;
}

bool
cli_demo_invoices(void)
{
  if (!run_step("demo_invoices", 0, NULL, NULL, NULL))
    return false;
  printf("  invoices: three TMALL invoices, a special VAT invoice for JD and "
         "one credit note (红字发票)\n");
  return true;
}
