#ifndef CORE_SQL_H
#define CORE_SQL_H
/*
 * The SQL files of sql/, compiled into the binary by cmake/EmbedSql.cmake.
 * Both tables are sorted by file name and end with a {NULL, NULL} entry.
 */

struct core_sql_file {
  const char *name; /* e.g. "0001-warehouses.sql" */
  const char *text;
};

extern const struct core_sql_file core_sql_migrations[];
extern const struct core_sql_file core_sql_procs[];

#endif
