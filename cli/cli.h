#ifndef CLI_H
#define CLI_H
/*
 * The `depot` command line: depot <command> [subcommand] [flags].
 * Exit status 0 on success, 1 when the work failed, 2 for a usage error
 * (unknown command or flag, bad value), printed as one line.
 */
#include "core_config.h"
#include "core_sql.h"

#include <jansson.h>

#include <stdbool.h>

enum { CLI_MAX_EXTRA = 32 };

/* Command-specific flags and their values, after the common settings. */
struct cli_args {
  const char *names[CLI_MAX_EXTRA];
  const char *values[CLI_MAX_EXTRA];
  unsigned n;
};

/* The value given for extra flag @a name, or NULL. */
const char *cli_arg(const struct cli_args *args, const char *name);

/*
 * Prints @a o (taken: freed here) as one compact JSON line on stdout and
 * returns @a rc, so a command can end with `return cli_print_json(…)`.
 */
int cli_print_json(json_t *o, int rc);

/* Prints {"ok":false,"error":{"code","message"}} and returns 1. */
int cli_fail_json(const char *code, const char *message);

/* Runs the command line @a argv (in); returns the exit status. */
int cli_main(int argc, char **argv);

/*
 * Resolves the database for a command: @a cfg's URL, or the embedded
 * cluster, started if needed (then @a started is set and the caller stops
 * it again with cli_db_release). @a conninfo (out) is heap, caller
 * frees. Returns false (logged) on failure.
 */
bool cli_db_acquire(const struct core_config *cfg, char **conninfo,
                    bool *started);

/*
 * Migrates the database at @a conninfo (in), loads @a extra (in, may be
 * NULL: procedure files that are no part of the schema, see
 * core_migrate_procs), registers every module's statements and opens a
 * pool of @a pool_size connections. Returns false (logged) on failure;
 * close with core_db_close either way.
 */
bool cli_db_connect(const struct core_config *cfg, const char *conninfo,
                    unsigned pool_size, const struct core_sql_file *extra);

/* Stops the embedded cluster if @a started says this process started it. */
void cli_db_release(const struct core_config *cfg, bool started);

/*
 * Opens the key file of personal data and backups (DEPOT_KEY_FILE, default
 * <data dir>/depot.key), making it when missing if @a create. False
 * (printed: missing, or unusable) on failure.
 */
bool cli_key_open(const struct core_config *cfg, bool create);

/*
 * Seals the rows of personal data left plain or under an older key
 * version (cli_key.c), logging progress; false (logged) on failure.
 */
bool cli_key_seal_pending(void);

/*
 * depot key seal: seals the rows left plain (SQL seeding, data from before
 * migration 0160) now, as the server does at start.
 */
int cli_key_seal(struct core_config *cfg, const struct cli_args *args);

/* depot key rotate: a new key version, then every row re-encrypted. */
int cli_key_rotate(struct core_config *cfg, const struct cli_args *args);

struct core_arena;

/*
 * Loads the demo's catalog, ZZ1's zones and bins and opening stock
 * (cli_demo_inventory.c); the warehouses must exist.
 */
enum core_ec cli_demo_inventory(struct core_arena *arena);

/* Loads the demo's stores and orders (cli_demo_orders.c). */
enum core_ec cli_demo_orders(struct core_arena *arena);

/*
 * Loads the demo's carriers, cartons, totes, station, holidays and a wave
 * ready to pick (cli_demo_fulfil.c).
 */
enum core_ec cli_demo_fulfil(struct core_arena *arena);

/*
 * Loads the demo's suppliers and purchase orders in every state
 * (cli_demo_purchasing.c).
 */
enum core_ec cli_demo_purchasing(struct core_arena *arena);

/*
 * depot demo seed --orders N --skus N --bins N: the demo at benchmark
 * scale (cli_demo_scale.c); register before the database opens.
 */
int cli_demo_scale(const struct cli_args *args);
void cli_demo_scale_register(void);

/*
 * Adds @a days days of finished orders, up to @a per_day a day, to the
 * hand-made demo (sql/demo/demo_history.sql). False (printed) on failure.
 */
bool cli_demo_history(int days, int per_day);

/*
 * Gives up to @a each of the latest shipped and of the latest delivered
 * history orders a shipment with one closed carton, for the dock's screens
 * (sql/demo/demo_shipments.sql). False (printed) on failure.
 */
/* The demo's returns in each state (sql/demo/demo_returns.sql). */
bool cli_demo_returns(void);
/* The demo's gift set kit and Tmall SKU map (sql/demo/demo_kits.sql). */
bool cli_demo_kits(void);

bool cli_demo_shipments(int each);

/*
 * CRM for the demo (issue 20): buyers for the order history with tags and
 * notes, feedback tickets in every state, the segments computed once
 * (sql/demo/demo_crm.sql). False (printed) on failure.
 */
bool cli_demo_crm(void);

/*
 * One inactive example event subscription (sql/demo/demo_webhooks.sql),
 * its secret sealed here. False (printed) on failure.
 */
bool cli_demo_webhooks(void);

/*
 * Two 3PL clients (stock owners, issue 23) with products, stores and
 * stock (sql/demo/demo_owners.sql). False (printed) on failure.
 */
bool cli_demo_owners(void);

/*
 * 3PL billing for the demo (issue 23 item 4): price lists of both
 * clients, last month's dated history of HUAXIN and its issued statement
 * (sql/demo/demo_billing.sql). False (printed) on failure.
 */
bool cli_demo_billing(void);

/*
 * Finance for the demo: opening capital in a closed month, rates and
 * platform fees (sql/demo/demo_finance.sql). False (printed) on failure.
 */
bool cli_demo_finance(void);

/*
 * Payables and receivables for the demo: supplier bills against received
 * PO lines (one held, one to approve, two approved and paid) and a TMALL
 * platform settlement (sql/demo/demo_books.sql).
 * False (printed) on failure.
 */
bool cli_demo_books(void);

/*
 * Invoices for the demo: normal invoices for TMALL orders the demo
 * shipped, a special VAT invoice for a JD order and one credit note
 * (sql/demo/demo_invoices.sql). False (printed) on failure.
 */
bool cli_demo_invoices(void);

/*
 * Adds @a pairs back-dated in-and-out pairs of ledger moves over the last
 * @a days days (sql/demo/demo_ledger_history.sql): the reports' history,
 * quants unchanged. False (printed) on failure.
 */
bool cli_demo_ledger_history(int days, int pairs);

/*
 * Days of floor work per warehouse person of the demo (@a days in) for
 * the staff report, into its rollups only (sql/demo/demo_staff_history.sql).
 * Returns false after a message when it failed.
 */
bool cli_demo_staff_history(int days);

/* The commands, each in cli_<name>.c. */
int cli_serve(struct core_config *cfg, const struct cli_args *args);
int cli_migrate(struct core_config *cfg, const struct cli_args *args);
int cli_db_start(struct core_config *cfg, const struct cli_args *args);
/* depot db promote and depot cluster up|down|status: cli_cluster.c. */
int cli_db_promote(struct core_config *cfg, const struct cli_args *args);
int cli_cluster_up(struct core_config *cfg, const struct cli_args *args);
int cli_cluster_down(struct core_config *cfg, const struct cli_args *args);
int cli_cluster_status(struct core_config *cfg, const struct cli_args *args);
int cli_db_stop(struct core_config *cfg, const struct cli_args *args);
int cli_db_status(struct core_config *cfg, const struct cli_args *args);
int cli_check_stock(struct core_config *cfg, const struct cli_args *args);

/*
 * depot archive --before YYYY-MM [--out DIR]: takes the months wholly
 * before the cut out of the partitioned history (core_part_archive) into
 * DIR (default ./archive), one CSV per table and month, with a line each.
 * With --list: the partitions and archived months (part_status) as JSON.
 */
int cli_archive(struct core_config *cfg, const struct cli_args *args);
int cli_report(struct core_config *cfg, const struct cli_args *args);
int cli_import_orders(struct core_config *cfg, const struct cli_args *args);
/* depot import sku-map FILE --store S: a store's platform SKU map from CSV
 * (platform_sku, sku | kit, qty), all rows or none. */
int cli_import_skumap(struct core_config *cfg, const struct cli_args *args);
int cli_import_reviews(struct core_config *cfg, const struct cli_args *args);
/* depot import settlement FILE --store S --profile P [--days N]: a
 * platform payout or bill export matched to orders and posted. */
int cli_import_settlement(struct core_config *cfg, const struct cli_args *args);
int cli_demo_seed(struct core_config *cfg, const struct cli_args *args);
int cli_user_add(struct core_config *cfg, const struct cli_args *args);
int cli_user_passwd(struct core_config *cfg, const struct cli_args *args);
int cli_user_unlock(struct core_config *cfg, const struct cli_args *args);
int cli_user_disable(struct core_config *cfg, const struct cli_args *args);
int cli_user_list(struct core_config *cfg, const struct cli_args *args);
int cli_apikey_create(struct core_config *cfg, const struct cli_args *args);
int cli_apikey_revoke(struct core_config *cfg, const struct cli_args *args);
int cli_apikey_list(struct core_config *cfg, const struct cli_args *args);
int cli_backup(struct core_config *cfg, const struct cli_args *args);
int cli_restore(struct core_config *cfg, const struct cli_args *args);

/*
 * Creates the demo's people with random passwords and prints their logins
 * (cli_demo_people.c). Needs the demo warehouses. Returns CORE_EC_OK
 * or the error (logged).
 */
enum core_ec cli_demo_people_seed(void);

/*
 * The 3PL client portal's demo (issue 23 item 3): SHANYE's lots, inbound
 * PO with an ASN and orders (sql/demo/demo_portal.sql), and its client
 * login shanye.client with a random password, printed once
 * (cli_demo_people.c). Needs cli_demo_owners. Returns CORE_EC_OK or the
 * error (logged).
 */
enum core_ec cli_demo_portal_seed(void);

/*
 * Opens the database for a one-shot command: resolves it (starting the
 * embedded cluster if needed, see cli_db_acquire), applies migrations
 * and opens a small pool. @a started (out) is for cli_db_close.
 * Returns false (logged) on failure, with nothing left open.
 */
bool cli_db_open(const struct core_config *cfg, bool *started);

/* cli_db_open, loading @a extra (in) as cli_db_connect does. */
bool cli_db_open_with(const struct core_config *cfg,
                      const struct core_sql_file *extra, bool *started);

/*
 * The demo's SQL (the files of sql/demo, embedded at build time): functions
 * only `depot demo seed` calls, loaded by it and by nothing else, so they
 * are no part of a production schema.
 */
extern const struct core_sql_file cli_demo_sql[];

/* Closes what cli_db_open opened. */
void cli_db_close(const struct core_config *cfg, bool started);

/*
 * Reads one line of at most @a len - 1 bytes from stdin into @a buf
 * (out), without its newline. Returns false at end of input or if the
 * line is too long.
 */
bool cli_read_secret(char *buf, size_t len);
int cli_gs1_parse(struct core_config *cfg, const struct cli_args *args);
int cli_checkdigit(struct core_config *cfg, const struct cli_args *args);
int cli_scan_frame(struct core_config *cfg, const struct cli_args *args);
int cli_scan_listen(struct core_config *cfg, const struct cli_args *args);
int cli_scan_ports(struct core_config *cfg, const struct cli_args *args);
int cli_barcode_encode(struct core_config *cfg, const struct cli_args *args);
int cli_barcode_decode(struct core_config *cfg, const struct cli_args *args);
int cli_label_bin(struct core_config *cfg, const struct cli_args *args);
int cli_label_sku(struct core_config *cfg, const struct cli_args *args);
int cli_label_sscc(struct core_config *cfg, const struct cli_args *args);

/* depot label shipping CARTON [--pdf] [--out FILE | --printer HOST]. */
int cli_label_shipping(struct core_config *cfg, const struct cli_args *args);

#endif
