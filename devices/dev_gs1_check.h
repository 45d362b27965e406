#ifndef DEV_GS1_CHECK_H
#define DEV_GS1_CHECK_H
/*
 * Checks shared by every GS1 syntax (element string, bracketed HRI,
 * Digital Link): one value against its AI's table row, and a whole
 * message against the association rules.
 */
#include "dev_gs1.h"

/*
 * Fills @a err (out, may be NULL) with @a ec, @a ai (in, may be NULL),
 * @a offset and a printf-style message. Returns @a ec.
 */
enum dev_gs1_ec dev_gs1_check_fail(struct dev_gs1_error *err,
                                   enum dev_gs1_ec ec, const char *ai,
                                   size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Checks @a el (in,out: ai, value, offset and spec set) against its
 * spec: length, character set, check digit, dates (century from
 * @a ref_year). On success fills el->date and el->decimal.
 */
enum dev_gs1_ec dev_gs1_check_element(struct dev_gs1_element *el, int ref_year,
                                      struct dev_gs1_error *err);

/*
 * Checks the elements of @a r (in) against the req/ex rules of the AI
 * table and for AIs repeated with different values.
 */
enum dev_gs1_ec dev_gs1_check_associations(const struct dev_gs1_result *r,
                                           struct dev_gs1_error *err);

#endif
