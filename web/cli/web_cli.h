#ifndef WEB_CLI_H
#define WEB_CLI_H
/*
 * The `depot` command line: depot <command> [subcommand] [flags].
 * Exit status 0 on success, 1 when the work failed, 2 for a usage error
 * (unknown command or flag, bad value), printed as one line.
 */
#include "core_config.h"

#include <stdbool.h>

enum { WEB_CLI_MAX_EXTRA = 8 };

/* Command-specific flags and their values, after the common settings. */
struct web_cli_args {
  const char *names[WEB_CLI_MAX_EXTRA];
  const char *values[WEB_CLI_MAX_EXTRA];
  unsigned n;
};

/* The value given for extra flag @a name, or NULL. */
const char *web_cli_arg(const struct web_cli_args *args, const char *name);

/* Runs the command line @a argv (in); returns the exit status. */
int web_cli_main(int argc, char **argv);

/*
 * Resolves the database for a command: @a cfg's URL, or the embedded
 * cluster, started if needed (then @a started is set and the caller stops
 * it again with web_cli_db_release). @a conninfo (out) is heap, caller
 * frees. Returns false (logged) on failure.
 */
bool web_cli_db_acquire(const struct core_config *cfg, char **conninfo,
                        bool *started);

/* Stops the embedded cluster if @a started says this process started it. */
void web_cli_db_release(const struct core_config *cfg, bool started);

/* The commands, each in web_cli_<name>.c. */
int web_cli_serve(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_migrate(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_db_start(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_db_stop(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_db_status(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_demo_seed(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_gs1_parse(struct core_config *cfg, const struct web_cli_args *args);
int web_cli_checkdigit(struct core_config *cfg,
                       const struct web_cli_args *args);
int web_cli_scan_frame(struct core_config *cfg,
                       const struct web_cli_args *args);
int web_cli_scan_listen(struct core_config *cfg,
                        const struct web_cli_args *args);
int web_cli_scan_ports(struct core_config *cfg,
                       const struct web_cli_args *args);
int web_cli_barcode_encode(struct core_config *cfg,
                           const struct web_cli_args *args);
int web_cli_barcode_decode(struct core_config *cfg,
                           const struct web_cli_args *args);

#endif
