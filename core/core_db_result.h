#ifndef CORE_DB_RESULT_H
#define CORE_DB_RESULT_H
/*
 * Typed result specs: the output twin of core_json_spec. A statement's
 * reader lists the columns it expects (name, type, destination) instead
 * of reading cells by position and comparing them to "t" or feeding them
 * to strtoll. Each column is found by name and its type checked against
 * the spec whenever a row is read, so a statement whose columns drift
 * (renamed, reordered, retyped) fails loudly at its first use instead of
 * reading the wrong cell. Modelled on GNUnet's GNUNET_PQ_ResultSpec.
 */
#include "core_db.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* What a column holds and what its destination points to. */
enum core_db_rtype {
  CORE_DB_RT_TEXT,   /* text/varchar/json/jsonb -> const char ** (arena copy) */
  CORE_DB_RT_INT64,  /* int2/int4/int8 -> int64_t * */
  CORE_DB_RT_INT,    /* int2/int4 (int8 within range) -> int * */
  CORE_DB_RT_BOOL,   /* bool -> bool * */
  CORE_DB_RT_DOUBLE, /* float4/float8/numeric -> double * */
};

/* One expected column. */
struct core_db_rspec {
  const char *name; /* column name in the result; NULL ends the array */
  enum core_db_rtype type;
  void *dst;     /* out: where the value goes; see enum core_db_rtype */
  bool nullable; /* SQL NULL allowed: then NULL / 0 / false is stored */
  bool *is_null; /* out, optional: whether the cell was NULL */
};

/* clang-format off */
#define CORE_DB_RS_TEXT(n, d) {(n), CORE_DB_RT_TEXT, (d), false, NULL}
#define CORE_DB_RS_TEXT_NULL(n, d) {(n), CORE_DB_RT_TEXT, (d), true, NULL}
#define CORE_DB_RS_INT64(n, d) {(n), CORE_DB_RT_INT64, (d), false, NULL}
#define CORE_DB_RS_INT64_NULL(n, d, isnull) \
  {(n), CORE_DB_RT_INT64, (d), true, (isnull)}
#define CORE_DB_RS_INT(n, d) {(n), CORE_DB_RT_INT, (d), false, NULL}
#define CORE_DB_RS_BOOL(n, d) {(n), CORE_DB_RT_BOOL, (d), false, NULL}
#define CORE_DB_RS_BOOL_NULL(n, d) {(n), CORE_DB_RT_BOOL, (d), true, NULL}
#define CORE_DB_RS_DOUBLE(n, d) {(n), CORE_DB_RT_DOUBLE, (d), false, NULL}
#define CORE_DB_RS_END {NULL, CORE_DB_RT_TEXT, NULL, false, NULL}
/* clang-format on */

/*
 * Reads row @a row of @a r (in, borrowed) into the destinations of
 * @a spec (in, ended by CORE_DB_RS_END). Text is copied into @a arena
 * (in, owns the copies; may be NULL when @a spec reads no text). @a stmt
 * (in) names the statement in the log.
 * Returns true when every column was found with a fitting type and no
 * unexpected NULL; false otherwise (logged as our bug; the destinations
 * may be partly written), which callers turn into CORE_EC_INTERNAL.
 */
bool core_db_result_row(const PGresult *r, int row,
                        const struct core_db_rspec *spec,
                        struct core_arena *arena, const char *stmt);

/*
 * Runs prepared statement @a stmt with @a n text parameters @a params on
 * @a c and, when it returns exactly one row, reads it through @a spec
 * (text into @a arena). Returns the statement's core_qs (the result is
 * cleared here), or CORE_QS_HARD when the row does not fit @a spec.
 */
enum core_qs core_db_result_one(struct core_db_conn *c, const char *stmt, int n,
                                const char *const *params,
                                const struct core_db_rspec *spec,
                                struct core_arena *arena);

#endif
