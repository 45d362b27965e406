#include "core_proc.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_log.h"

#include <inttypes.h>
#include <string.h>

enum core_qs
core_proc_query(struct core_db_conn *c, const char *stmt, int n,
                const char *const *params, struct core_arena *arena,
                struct core_outcome *out, enum core_ec *ec)
{
  const char *error = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT_NULL("out_error", &error),
      CORE_DB_RS_TEXT_NULL("out_field", &out->field),
      CORE_DB_RS_TEXT_NULL("out_detail", &out->detail),
      CORE_DB_RS_TEXT_NULL("out_doc", &out->doc),
      CORE_DB_RS_BOOL_NULL("out_replayed", &out->replayed),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(c, stmt, n, params, rs, arena);
  if (qs == CORE_QS_ONE) {
    if (error != NULL) {
      if (!core_ec_parse(error, &out->ec)) {
        CORE_ERROR("%s refused with unregistered code %s", stmt, error);
        out->ec = CORE_EC_INTERNAL;
      }
      *ec = out->ec;
      qs = CORE_QS_HARD;
    }
  } else if (qs == CORE_QS_NONE) {
    CORE_ERROR("%s returned no row", stmt);
    *ec = CORE_EC_INTERNAL;
    qs = CORE_QS_HARD;
  }
  return qs;
}

struct run_cls {
  const char *stmt;
  int n;
  const char *const *params;
  struct core_arena *arena;
  struct core_outcome *out;
};

static enum core_qs
run_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct run_cls *rc = cls;
  memset(rc->out, 0, sizeof *rc->out);
  return core_proc_query(c, rc->stmt, rc->n, rc->params, rc->arena, rc->out,
                         ec);
}

enum core_ec
core_proc_run(const char *tx, const char *stmt, int n,
              const char *const *params, struct core_arena *arena,
              struct core_outcome *out)
{
  struct run_cls rc = {stmt, n, params, arena, out};
  memset(out, 0, sizeof *out);
  enum core_ec ec = core_db_run_tx(tx, CORE_DB_READ_COMMITTED, run_tx, &rc);
  if (ec != CORE_EC_OK)
    out->ec = ec;
  return ec;
}

const char *
core_proc_num(struct core_arena *arena, int64_t v, bool zero_null)
{
  if (v == 0 && zero_null)
    return NULL;
  return core_arena_printf(arena, "%" PRId64, v);
}

struct text_cls {
  const char *stmt;
  int n;
  const char *const *params;
  struct core_arena *arena;
  const char **text;
};

static enum core_qs
text_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct text_cls *tc = cls;
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, tc->stmt, tc->n, tc->params, &r);
  if (qs == CORE_QS_ONE && !PQgetisnull(r, 0, 0)) {
    *tc->text = core_arena_strdup(tc->arena, PQgetvalue(r, 0, 0));
  } else if (qs >= 0) {
    *ec = CORE_EC_NOT_FOUND;
    qs = CORE_QS_HARD;
  }
  PQclear(r);
  return qs;
}

enum core_ec
core_proc_text(const char *stmt, int n, const char *const *params,
               struct core_arena *arena, const char **text)
{
  struct text_cls tc = {stmt, n, params, arena, text};
  return core_db_run_tx(stmt, CORE_DB_READ_COMMITTED, text_tx, &tc);
}
