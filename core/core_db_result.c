#include "core_db_result.h"

#include "core_arena.h"
#include "core_log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* Type OIDs from pg_type.h (stable across PostgreSQL versions). */
enum {
  OID_BOOL = 16,
  OID_NAME = 19,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_TEXT = 25,
  OID_JSON = 114,
  OID_FLOAT4 = 700,
  OID_FLOAT8 = 701,
  OID_NUMERIC = 1700,
  OID_BPCHAR = 1042,
  OID_VARCHAR = 1043,
  OID_JSONB = 3802,
};

/* Whether a column of type @a oid can fill a destination of type @a t. */
static bool
fits(enum core_db_rtype t, Oid oid)
{
  switch (t) {
    case CORE_DB_RT_TEXT:
      return oid == OID_TEXT || oid == OID_VARCHAR || oid == OID_BPCHAR ||
             oid == OID_NAME || oid == OID_JSON || oid == OID_JSONB;
    case CORE_DB_RT_INT64:
    case CORE_DB_RT_INT:
      return oid == OID_INT8 || oid == OID_INT4 || oid == OID_INT2;
    case CORE_DB_RT_BOOL:
      return oid == OID_BOOL;
    case CORE_DB_RT_DOUBLE:
      return oid == OID_FLOAT4 || oid == OID_FLOAT8 || oid == OID_NUMERIC;
  }
  return false;
}

/* Stores SQL NULL as the destination's zero value. */
static void
store_null(const struct core_db_rspec *s)
{
  switch (s->type) {
    case CORE_DB_RT_TEXT:
      *(const char **)s->dst = NULL;
      break;
    case CORE_DB_RT_INT64:
      *(int64_t *)s->dst = 0;
      break;
    case CORE_DB_RT_INT:
      *(int *)s->dst = 0;
      break;
    case CORE_DB_RT_BOOL:
      *(bool *)s->dst = false;
      break;
    case CORE_DB_RT_DOUBLE:
      *(double *)s->dst = 0;
      break;
  }
}

/* Parses cell text @a v into the destination; false if it does not fit. */
static bool
store(const struct core_db_rspec *s, const char *v, struct core_arena *arena)
{
  char *end = NULL;
  long long n = 0;
  double d = 0;
  switch (s->type) {
    case CORE_DB_RT_DOUBLE:
      errno = 0;
      d = strtod(v, &end);
      if (errno != 0 || end == v || *end != '\0')
        return false;
      *(double *)s->dst = d;
      return true;
    case CORE_DB_RT_TEXT:
      *(const char **)s->dst = core_arena_strdup(arena, v);
      return true;
    case CORE_DB_RT_BOOL:
      *(bool *)s->dst = v[0] == 't';
      return true;
    case CORE_DB_RT_INT64:
    case CORE_DB_RT_INT:
      errno = 0;
      n = strtoll(v, &end, 10);
      if (errno != 0 || end == v || *end != '\0')
        return false;
      if (s->type == CORE_DB_RT_INT64) {
        *(int64_t *)s->dst = n;
        return true;
      }
      if (n < INT_MIN || n > INT_MAX)
        return false;
      *(int *)s->dst = (int)n;
      return true;
  }
  return false;
}

bool
core_db_result_row(const PGresult *r, int row, const struct core_db_rspec *spec,
                   struct core_arena *arena, const char *stmt)
{
  if (row < 0 || row >= PQntuples(r)) {
    CORE_ERROR("%s: no row %d", stmt, row);
    return false;
  }
  for (const struct core_db_rspec *s = spec; s->name != NULL; s++) {
    int col = PQfnumber(r, s->name);
    if (col < 0) {
      CORE_ERROR("%s: no column %s", stmt, s->name);
      return false;
    }
    if (!fits(s->type, PQftype(r, col))) {
      CORE_ERROR("%s: column %s has type oid %u", stmt, s->name,
                 (unsigned)PQftype(r, col));
      return false;
    }
    bool null = PQgetisnull(r, row, col) != 0;
    if (s->is_null != NULL)
      *s->is_null = null;
    if (null) {
      if (!s->nullable) {
        CORE_ERROR("%s: column %s is NULL", stmt, s->name);
        return false;
      }
      store_null(s);
    } else if (!store(s, PQgetvalue(r, row, col), arena)) {
      CORE_ERROR("%s: column %s holds %s", stmt, s->name,
                 PQgetvalue(r, row, col));
      return false;
    }
  }
  return true;
}

enum core_qs
core_db_result_one(struct core_db_conn *c, const char *stmt, int n,
                   const char *const *params, const struct core_db_rspec *spec,
                   struct core_arena *arena)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, stmt, n, params, &r);
  if (qs == CORE_QS_ONE && !core_db_result_row(r, 0, spec, arena, stmt))
    qs = CORE_QS_HARD;
  PQclear(r);
  return qs;
}
