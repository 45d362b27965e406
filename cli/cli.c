#include "cli.h"

#include "core_log.h"
#include "web_version.h"

#include <stdio.h>
#include <string.h>

struct command {
  const char *name;
  const char *sub; /* NULL: no subcommand */
  int (*run)(struct core_config *cfg, const struct cli_args *args);
  const char *summary;
  const char *const *extra;    /* flags of this command only, with values */
  const char *const *switches; /* flags of this command without values */
};

static const char *const demo_extra[] = {"--orders", "--skus", "--bins", NULL};
static const char *const import_extra[] = {"FILE", "--store", "--profile",
                                           NULL};
static const char *const settlement_extra[] = {"FILE", "--store", "--profile",
                                               "--days", NULL};
static const char *const demo_switches[] = {"--if-empty", NULL};
static const char *const serve_extra[] = {"--tls-cert", "--tls-key", NULL};
static const char *const cluster_extra[] = {"--port", NULL};
static const char *const user_add_extra[] = {
    "--username", "--role", "--warehouse", "--badge", "--owner", NULL};
static const char *const pw_switches[] = {"--password-stdin", NULL};
static const char *const apikey_extra[] = {"--name", "--scope", "--supplier",
                                           "--owner", NULL};
static const char *const backup_extra[] = {"--dir", "--keep", NULL};
static const char *const restore_switches[] = {"--force", NULL};
static const char *const restore_extra[] = {"FILE", NULL};
static const char *const user_extra[] = {"USER", NULL};
static const char *const apikey_name_extra[] = {"NAME", NULL};

static const char *const gs1_extra[] = {"INPUT", NULL};
static const char *const checkdigit_extra[] = {"CODE", "--kind", NULL};

static const char *const scan_frame_extra[] = {
    "--framing", "--terminators", "--max-len", "--gap-ms",
    "--prefix",  "--suffix",      NULL};
static const char *const scan_frame_switches[] = {"--stats", NULL};
static const char *const scan_listen_extra[] = {
    "--port",         "--backend", "--baud",
    "--reconnect-ms", "--framing", "--terminators",
    "--max-len",      "--gap-ms",  "--prefix",
    "--suffix",       "--station", "--server",
    "--device",       NULL};

static const char *const barcode_encode_extra[] = {
    "--format", "--text", "--out", "--scale", "--height", "--margin", NULL};
static const char *const barcode_decode_extra[] = {"FILE", NULL};
static const char *const label_extra[] = {"CODE",  "--caption", "--copies",
                                          "--out", "--printer", NULL};
static const char *const label_switches[] = {"--pdf", "--svg", NULL};
static const char *const label_shipping_extra[] = {"CARTON", "--out",
                                                   "--printer", NULL};
static const char *const report_extra[] = {
    "NAME",     "--from",     "--to",        "--at",      "--group",
    "--by",     "--store",    "--warehouse", "--sku",     "--category",
    "--format", "--out",      "--lang",      "--buckets", "--days",
    "--user",   "--supplier", "--kind",      "--owner",   NULL};

static const char *const archive_extra[] = {"--before", "--out", NULL};
static const char *const migrate_extra[] = {"--before", NULL};
static const char *const archive_switches[] = {"--list", NULL};

static const struct command commands[] = {
    {"serve", NULL, cli_serve,
     "migrate the database, then serve HTTP until SIGTERM or SIGINT"
     " (--tls-cert FILE --tls-key FILE: HTTPS)",
     serve_extra, NULL},
    {"migrate", NULL, cli_migrate,
     "apply the schema migrations that are not applied yet (--before"
     " VERSION: only those whose file name sorts before it, no procedures;"
     " for tests of a later migration)",
     migrate_extra, NULL},
    {"db", "start", cli_db_start,
     "create (first time) and start the embedded PostgreSQL", NULL, NULL},
    {"db", "stop", cli_db_stop, "stop the embedded PostgreSQL", NULL, NULL},
    {"db", "status", cli_db_status,
     "tell whether the embedded PostgreSQL runs (exit 0 running, 3 stopped,"
     " 4 not created)",
     NULL, NULL},
    {"db", "promote", cli_db_promote,
     "promote the streaming replica of `depot cluster` to primary once the"
     " primary is lost; the nodes reconnect to it",
     NULL, NULL},
    {"cluster", "up", cli_cluster_up,
     "start a cluster on this machine: the embedded PostgreSQL, a streaming"
     " replica, two `depot serve` nodes and HAProxy on 127.0.0.1:--port"
     " (default 8090; nodes on the next two ports)",
     cluster_extra, NULL},
    {"cluster", "down", cli_cluster_down,
     "stop HAProxy, the nodes, the replica and the primary", NULL, NULL},
    {"cluster", "status", cli_cluster_status,
     "show each part of the cluster (exit 0 when all are up, 3 otherwise)",
     NULL, NULL},
    {"check", "stock", cli_check_stock,
     "verify that the stock ledger's moves add up to every quant (exit 1 on"
     " any difference)",
     NULL, NULL},
    {"archive", NULL, cli_archive,
     "take the months wholly before --before YYYY-MM out of the partitioned"
     " history (stock moves, audit log): moves summarized as opening"
     " balances, each month detached, written to --out DIR (default"
     " ./archive) as CSV and dropped; --list: the partitions and archived"
     " months as JSON",
     archive_extra, archive_switches},
    {"report", NULL, cli_report,
     "write report NAME (stock-movement: --from --to --group day|month;"
     " inventory: --at --by sku|category|warehouse|bin|owner; sales: --from "
     "--to"
     " --group day|week|month --by store|channel|sku|category|warehouse|owner|"
     "customer_segment --store; aging: --buckets 30,60,90,180 --days N;"
     " expiry: --days N; staff: --from --to --user; feedback: --from --to"
     " --group --by kind|sku|store --kind; purchasing, purchasing-variance,"
     " purchasing-ranking: --from --to --supplier, purchasing-open:"
     " --supplier; all: --warehouse --sku --category --owner) as "
     "--format csv|xlsx to "
     "--out FILE (--lang zh-CN: the"
     " sheet named in Chinese), with a progress line",
     report_extra, NULL},
    {"import", "orders", cli_import_orders,
     "import a shop's CSV order export (UTF-8 or GBK): FILE --store S"
     " [--profile depot|taobao|jd|pdd|douyin]",
     import_extra, NULL},
    {"import", "sku-map", cli_import_skumap,
     "import a store's platform SKU map (商家编码) from CSV (platform_sku,"
     " sku or kit, qty): FILE --store S",
     import_extra, NULL},
    {"import", "reviews", cli_import_reviews,
     "import a marketplace's review export (CSV, UTF-8 or GBK) as review"
     " tickets, idempotent by review id: FILE --store S",
     import_extra, NULL},
    {"import", "settlement", cli_import_settlement,
     "import a platform's payout or bill export (UTF-8 or GBK), match it to"
     " the store's orders and post it: FILE --store S --profile"
     " shopify_payouts|alipay|jd|generic [--days N: orders shipped and"
     " unpaid after N days, default 14]",
     settlement_extra, NULL},
    {"demo", "seed", cli_demo_seed,
     "load the demo business into an empty database (--if-empty: skip"
     " quietly if it holds data); with --orders N --skus N --bins N add"
     " generated data at that scale in warehouse SCALE (for benchmarks)",
     demo_extra, demo_switches},
    {"user", "add", cli_user_add,
     "create an account: --username U --role R [--warehouse CODE]..."
     " [--badge CODE] [--owner CODE, role client] --password-stdin (password, "
     "then PIN with --badge, one"
     " line each)",
     user_add_extra, pw_switches},
    {"user", "passwd", cli_user_passwd,
     "set user U's password from stdin (ends its sessions, lifts its login"
     " throttle): depot user passwd U --password-stdin",
     user_extra, pw_switches},
    {"user", "unlock", cli_user_unlock,
     "lift the login throttle of user U (failed logins stop counting): "
     "depot user unlock U",
     user_extra, NULL},
    {"user", "disable", cli_user_disable,
     "disable user U and end its sessions: depot user disable U", user_extra,
     NULL},
    {"user", "list", cli_user_list, "list the accounts", NULL, NULL},
    {"apikey", "create", cli_apikey_create,
     "create an API key: --name N --scope S [--scope S]... [--supplier CODE "
     "for scope supplier] [--owner CODE: a 3PL client's key, its own goods "
     "only]; prints it once",
     apikey_extra, NULL},
    {"apikey", "revoke", cli_apikey_revoke,
     "revoke API key N: depot apikey revoke N", apikey_name_extra, NULL},
    {"apikey", "list", cli_apikey_list,
     "list the API keys (name, first characters, scopes; never the key)", NULL,
     NULL},
    {"key", "seal", cli_key_seal,
     "encrypt the personal data rows still plain (SQL seeding, older"
     " versions), as depot serve does at start",
     NULL, NULL},
    {"key", "rotate", cli_key_rotate,
     "add a new key version to the key file and re-encrypt customers'"
     " phones, emails, addresses and webhook secrets with it, in batches",
     NULL, NULL},
    {"backup", NULL, cli_backup,
     "write an encrypted pg_dump of the database (key from the key file)"
     " into --dir (default <data-dir>/backups), keeping the newest --keep N"
     " (default 14)",
     backup_extra, NULL},
    {"restore", NULL, cli_restore,
     "restore a backup FILE into an empty database (--force: replace data)",
     restore_extra, restore_switches},
    {"gs1", "parse", cli_gs1_parse,
     "parse GS1 data (element string, AIM id, (01)… form or Digital Link)"
     " given as INPUT, or read from stdin when INPUT is - ; prints JSON",
     gs1_extra, NULL},
    {"checkdigit", NULL, cli_checkdigit,
     "check a GTIN-8/12/13/14 or SSCC-18 (--kind gtin8|gtin12|gtin13|"
     "gtin14|sscc18, else by length); prints JSON",
     checkdigit_extra, NULL},
    {"scan", "frame", cli_scan_frame,
     "frame raw scanner bytes from stdin (--framing line|stx-etx|hid-boot|"
     "evdev|gap,"
     " --terminators cr,lf,crlf,tab,etx,any,none): one JSON line per scan",
     scan_frame_extra, scan_frame_switches},
    {"scan", "listen", cli_scan_listen,
     "read scans from --port PATH (serial port, pty or file; --backend"
     " auto|tty|serial|evdev|file, --baud N) until SIGINT/SIGTERM, reopening a"
     " port that vanished; framing flags as scan frame; with --station ID"
     " [--server URL] [--device ID] each scan also goes to the station's"
     " terminals (key in DEPOT_API_KEY)",
     scan_listen_extra, NULL},
    {"scan", "ports", cli_scan_ports,
     "list the serial ports libserialport sees, as JSON", NULL, NULL},
    {"barcode", "encode", cli_barcode_encode,
     "draw --text as --format code128|ean13|qr|datamatrix|gs1-128|"
     "gs1-datamatrix into --out FILE.png or FILE.svg",
     barcode_encode_extra, NULL},
    {"barcode", "decode", cli_barcode_decode,
     "print every barcode ZXing finds in the PNG or JPEG image FILE, as JSON",
     barcode_decode_extra, NULL},
    {"label", "bin", cli_label_bin,
     "ZPL II bin label for bin CODE (Code 128), to stdout, --out FILE or"
     " --printer HOST[:PORT] (raw TCP, port 9100 by default)",
     label_extra, label_switches},
    {"label", "sku", cli_label_sku,
     "ZPL II SKU label (EAN-13 for a GTIN-13, else Code 128), --caption"
     " for the product name; output as label bin",
     label_extra, label_switches},
    {"label", "sscc", cli_label_sscc,
     "ZPL II carton/pallet label: GS1-128 of (00) and the 18-digit SSCC;"
     " output as label bin",
     label_extra, label_switches},
    {"label", "shipping", cli_label_shipping,
     "the shipping label of closed carton CARTON (id): ZPL, or --pdf; to"
     " stdout, --out FILE or (ZPL) --printer HOST[:PORT]",
     label_shipping_extra, label_switches},
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void
usage(FILE *out)
{
  fprintf(out, "usage: depot <command> [flags]\n\ncommands:\n");
  for (size_t i = 0; i < NCOMMANDS; i++) {
    char name[32];
    snprintf(name, sizeof name, "%s%s%s", commands[i].name,
             commands[i].sub ? " " : "",
             commands[i].sub ? commands[i].sub : "");
    fprintf(out, "  %-14s %s\n", name, commands[i].summary);
  }
  fprintf(out, "  %-14s %s\n  %-14s %s\n", "version", "print the version",
          "help", "print this help");
  fprintf(out, "\nflags (each also read from its environment variable):\n");
  core_config_print_help(out);
  fprintf(out, "\n'depot <command> --help' describes one command.\n");
}

static void
command_help(const struct command *c)
{
  printf("usage: depot %s%s%s [flags]\n\n%s\n", c->name, c->sub ? " " : "",
         c->sub ? c->sub : "", c->summary);
  if (c->extra != NULL || c->switches != NULL) {
    printf("\nflags of this command:");
    for (const char *const *e = c->extra; e != NULL && *e != NULL; e++)
      printf(strncmp(*e, "--", 2) == 0 ? " %s N" : " %s", *e);
    for (const char *const *e = c->switches; e != NULL && *e != NULL; e++)
      printf(" %s", *e);
    printf("\n");
  }
  printf("\ncommon flags:\n");
  core_config_print_help(stdout);
}

static bool
listed(const char *const *list, const char *name)
{
  for (const char *const *e = list; e != NULL && *e != NULL; e++) {
    if (strcmp(*e, name) == 0)
      return true;
  }
  return false;
}

const char *
cli_arg(const struct cli_args *args, const char *name)
{
  for (unsigned i = 0; i < args->n; i++) {
    if (strcmp(args->names[i], name) == 0)
      return args->values[i];
  }
  return NULL;
}

/* Splits "--flag=value" / "--flag value"; false if the value is missing. */
static bool
flag_value(int argc, char **argv, int *i, char *name, size_t nlen,
           const char **value)
{
  const char *arg = argv[*i];
  const char *eq = strchr(arg, '=');
  if (eq != NULL) {
    snprintf(name, nlen, "%.*s", (int)(eq - arg), arg);
    *value = eq + 1;
    return true;
  }
  snprintf(name, nlen, "%s", arg);
  if (*i + 1 >= argc)
    return false;
  *value = argv[++*i];
  return true;
}

/*
 * The first positional argument of @a c not given yet: entries of its
 * extra list that do not start with "--" (e.g. "CODE") name them in order.
 */
static const char *
next_positional(const struct command *c, const struct cli_args *args)
{
  for (const char *const *e = c->extra; e != NULL && *e != NULL; e++) {
    if (strncmp(*e, "--", 2) != 0 && cli_arg(args, *e) == NULL)
      return *e;
  }
  return NULL;
}

/* Parses flags from argv[first]; returns 0, or 2 after printing why. */
static int
parse_flags(const struct command *c, int argc, char **argv, int first,
            struct core_config *cfg, struct cli_args *args)
{
  char err[256];
  for (int i = first; i < argc; i++) {
    char name[64];
    const char *value = NULL;
    if (strncmp(argv[i], "--", 2) != 0) {
      const char *pos = next_positional(c, args);
      if (pos == NULL || args->n == CLI_MAX_EXTRA) {
        fprintf(stderr, "depot: unexpected argument \"%s\"\n", argv[i]);
        return 2;
      }
      args->names[args->n] = pos;
      args->values[args->n++] = argv[i];
      continue;
    }
    if (listed(c->switches, argv[i])) {
      if (args->n < CLI_MAX_EXTRA) {
        args->names[args->n] = argv[i];
        args->values[args->n++] = "";
      }
      continue;
    }
    if (!flag_value(argc, argv, &i, name, sizeof name, &value)) {
      fprintf(stderr, "depot: %s needs a value\n", argv[i]);
      return 2;
    }
    if (listed(c->extra, name)) {
      const char *const *e = c->extra;
      while (strcmp(*e, name) != 0)
        e++;
      if (args->n < CLI_MAX_EXTRA) {
        args->names[args->n] = *e;
        args->values[args->n++] = value;
      }
      continue;
    }
    if (!core_config_set_flag(cfg, name, value, err, sizeof err)) {
      fprintf(stderr, "depot: %s (see depot %s --help)\n", err, c->name);
      return 2;
    }
  }
  return 0;
}

static const struct command *
find_command(const char *name, const char *sub, bool *needs_sub)
{
  *needs_sub = false;
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strcmp(commands[i].name, name) != 0)
      continue;
    if (commands[i].sub == NULL)
      return &commands[i];
    *needs_sub = true;
    if (sub != NULL && strcmp(commands[i].sub, sub) == 0)
      return &commands[i];
  }
  return NULL;
}

static bool
wants_help(int argc, char **argv, int first)
{
  for (int i = first; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return true;
  }
  return false;
}

int
cli_main(int argc, char **argv)
{
  if (argc < 2 || strcmp(argv[1], "help") == 0 ||
      strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
    printf("depot %s (%s)\n", web_version_string, web_version_git);
    return 0;
  }
  bool needs_sub;
  const char *sub = argc > 2 ? argv[2] : NULL;
  const struct command *c = find_command(argv[1], sub, &needs_sub);
  if (c == NULL) {
    if (needs_sub)
      fprintf(stderr,
              "depot %s: expected a subcommand, got \"%s\" (see depot "
              "help)\n",
              argv[1], sub != NULL ? sub : "");
    else
      fprintf(stderr, "depot: unknown command \"%s\" (see depot help)\n",
              argv[1]);
    return 2;
  }
  int first = c->sub != NULL ? 3 : 2;
  if (wants_help(argc, argv, first)) {
    command_help(c);
    return 0;
  }
  struct core_config cfg;
  struct cli_args args = {.n = 0};
  char err[256];
  if (!core_config_init(&cfg, err, sizeof err)) {
    fprintf(stderr, "depot: %s\n", err);
    core_config_clear(&cfg);
    return 2;
  }
  int rc = parse_flags(c, argc, argv, first, &cfg, &args);
  const char *missing = rc == 0 ? next_positional(c, &args) : NULL;
  if (missing != NULL) {
    fprintf(stderr, "depot %s: missing %s (see depot %s%s%s --help)\n", c->name,
            missing, c->name, c->sub != NULL ? " " : "",
            c->sub != NULL ? c->sub : "");
    rc = 2;
  }
  if (rc == 0) {
    core_log_set_level(cfg.log_level);
    rc = c->run(&cfg, &args);
  }
  core_config_clear(&cfg);
  return rc;
}
