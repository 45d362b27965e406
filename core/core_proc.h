#ifndef CORE_PROC_H
#define CORE_PROC_H
/*
 * The one way fulfilment and purchasing talk to their PL/pgSQL
 * procedures. Each such procedure returns (out_error, out_field,
 * out_detail, out_doc, out_replayed); a named error means a refusal, which
 * this runner turns into the error code and rolls back, so a refused scan
 * or receipt writes nothing.
 */
#include "core_db.h"
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * The contract's column list, written only here: a statement run by
 * core_proc_run/core_proc_query is CORE_PROC_SELECT "<procedure>(...)".
 * Procedures name refusals with registry wire names (core/core_ec.def);
 * tests/lint/check_error_names.mjs checks every name they can return.
 */
#define CORE_PROC_SELECT                                                       \
  "SELECT out_error, out_field, out_detail, out_doc::text, out_replayed FROM "

struct core_arena;

/* What a floor operation answered; strings live in the caller's arena. */
struct core_outcome {
  enum core_ec ec;
  const char *field;  /* input to blame, or NULL */
  const char *detail; /* what was expected, for the terminal; or NULL */
  const char *doc;    /* JSON text: what to do next; may be set on refusal */
  bool replayed;      /* the stored answer of an earlier identical scan */
};

/*
 * Runs prepared statement @a stmt (whose columns follow the convention
 * above) with @a n text parameters @a params in one transaction labelled
 * @a tx. Returns CORE_EC_OK, the refusal (with @a out filled), or a
 * database error. @a out is always initialised.
 */
enum core_ec core_proc_run(const char *tx, const char *stmt, int n,
                           const char *const *params, struct core_arena *arena,
                           struct core_outcome *out);

/*
 * The same inside a transaction the caller runs: reads the row of
 * @a stmt into @a out and returns CORE_QS_HARD with @a ec set on refusal.
 */
enum core_qs core_proc_query(struct core_db_conn *c, const char *stmt, int n,
                             const char *const *params,
                             struct core_arena *arena, struct core_outcome *out,
                             enum core_ec *ec);

/*
 * Runs @a stmt, which returns one text cell (a JSON document), into
 * @a text (out, in @a arena). NOT_FOUND when the cell is NULL.
 */
enum core_ec core_proc_text(const char *stmt, int n, const char *const *params,
                            struct core_arena *arena, const char **text);

/* @a v as decimal text in @a arena; NULL when @a v is 0 and @a zero_null. */
const char *core_proc_num(struct core_arena *arena, int64_t v, bool zero_null);

#endif
