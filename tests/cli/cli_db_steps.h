#ifndef CLI_DB_STEPS_H
#define CLI_DB_STEPS_H
/*
 * Steps shared by the command-line tests that migrate a database as an
 * older release left it and check what a migration made of its rows
 * (test_cli_archive, test_cli_warehouse_keys, test_cli_order_keys): run
 * `depot`, read one value with SQL, assert it.
 */
#include <stddef.h>

/*
 * Runs `depot` with @a args (NULL-terminated) and the environment
 * @a env1 (e.g. "DEPOT_DATABASE_URL=…") plus DEPOT_LOG_LEVEL=warn; its
 * output into @a out (@a len bytes). Returns the exit status, printed
 * when not 0.
 */
int cli_depot(const char *env1, const char *const *args, char *out, size_t len);

/*
 * The first cell of @a sql on @a url as heap text ("" for none or NULL),
 * or the SQLSTATE of its error prefixed by "error " (the caller asserts
 * which it expected). The caller frees it.
 */
char *cli_sql_value(const char *url, const char *sql);

/* As cli_sql_value, asserting (cmocka) that @a sql succeeded. */
char *cli_sql_ok(const char *url, const char *sql);

/* Asserts (cmocka) that @a sql on @a url answers @a want. */
void cli_sql_is(const char *url, const char *sql, const char *want);

#endif
