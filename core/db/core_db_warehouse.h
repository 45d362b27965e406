#ifndef CORE_DB_WAREHOUSE_H
#define CORE_DB_WAREHOUSE_H
/*
 * Warehouse queries. Each lives in its own file (core_db_<verb>_<noun>.c)
 * next to its SQL; this header gathers their declarations.
 */
#include "core_db.h"
#include "core_warehouse.h"

/* All warehouse statements, for core_db_register. */
extern const struct core_db_stmt core_db_warehouse_stmts[];

/*
 * Inserts @a w (in; id and created_at out, strings in @a arena). Returns
 * ONE, or NONE on a duplicate code (core_db_was_unique_violation).
 */
enum core_qs core_db_insert_warehouse(struct core_db_conn *c,
                                      struct core_warehouse *w,
                                      struct core_arena *arena);

/* Reads warehouse @a code into @a out; NONE if there is none. */
enum core_qs core_db_select_warehouse(struct core_db_conn *c, const char *code,
                                      struct core_arena *arena,
                                      struct core_warehouse *out);

/*
 * One page of warehouses matching @a q (may be NULL) among the
 * comma-separated codes @a only (NULL: all), ordered by code.
 */
enum core_qs core_db_list_warehouses(struct core_db_conn *c, const char *q,
                                     const char *only, int64_t limit,
                                     int64_t offset, struct core_arena *arena,
                                     struct core_warehouse_page *page);

/* ONE if @a tz is an IANA time zone PostgreSQL knows, else NONE. */
enum core_qs core_db_timezone_exists(struct core_db_conn *c, const char *tz);

#endif
