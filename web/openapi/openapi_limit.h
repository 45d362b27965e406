#ifndef OPENAPI_LIMIT_H
#define OPENAPI_LIMIT_H
/*
 * Limits of spec fields as the generator reads them: integer expressions
 * of numbers, named constants (enum members, "#define NAME 123"),
 * INT64_C(), unary -, * and <<, as the specs write them.
 */
#include "openapi_lex.h"

/*
 * Remembers the integer constants of @a t (in): enum members and
 * "#define NAME 123", which specs use as limits.
 */
void openapi_limit_consts(const struct openapi_toks *t);

/*
 * Evaluates tokens [@a s, @a e) of @a t (in) into @a out (out). Returns 0,
 * or -1 when the expression is not one this reader knows (then the
 * schema states no limit rather than a guessed one).
 */
int openapi_limit_eval(const struct openapi_toks *t, size_t s, size_t e,
                       long long *out);

#endif
