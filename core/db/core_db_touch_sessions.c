#include "core_db_auth.h"

#include "core_mem.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * The session cache's batched touch (core/core_auth_cache.c): the last
 * use of each session, on the database's clock, never later than now()
 * and never moving back. Asynchronous commit as the single-session touch
 * (core_db_touch_session.c): a lost write moves the idle clock back by a
 * flush period at most. Changes no column the cache triggers watch.
 */
const char core_db_touch_sessions_sql[] =
    "WITH async AS (SELECT set_config('synchronous_commit', 'off', true))"
    " UPDATE auth_session a SET last_seen_at = greatest(a.last_seen_at,"
    " least(now(), to_timestamp(x.at)))"
    " FROM async, unnest($1::bigint[], $2::float8[]) AS x(id, at)"
    " WHERE a.id = x.id AND a.ended_at IS NULL";

/* Formats @a n values as a PostgreSQL array literal (heap, caller frees). */
static char *
array_text(unsigned n, const int64_t *ids, const double *ats)
{
  size_t cap = 2 + (size_t)n * 32, len = 0;
  char *out = core_xmalloc(cap);
  out[len++] = '{';
  for (unsigned i = 0; i < n; i++) {
    int w = ids != NULL ? snprintf(out + len, cap - len, "%s%lld",
                                   i > 0 ? "," : "", (long long)ids[i])
                        : snprintf(out + len, cap - len, "%s%.6f",
                                   i > 0 ? "," : "", ats[i]);
    len += (size_t)w;
  }
  out[len++] = '}';
  out[len] = '\0';
  return out;
}

enum core_qs
core_db_touch_sessions(struct core_db_conn *c, unsigned n, const int64_t *ids,
                       const double *ats)
{
  char *id_list = array_text(n, ids, NULL);
  char *at_list = array_text(n, NULL, ats);
  const char *params[] = {id_list, at_list};
  enum core_qs qs = core_db_query(c, "touch_sessions", 2, params, NULL);
  free(id_list);
  free(at_list);
  return qs;
}
