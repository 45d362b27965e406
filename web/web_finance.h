#ifndef WEB_FINANCE_H
#define WEB_FINANCE_H
/*
 * Shared by the finance handlers (web/handlers/web_finance_*): input
 * checks the report filters do not make, and the run of a finance
 * procedure (core_finance.h) with its reply.
 */
#include "web_request.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * Checks that query parameter @a name, when given, is 1 to @a max digits;
 * else queues 400 bad_query_param into @a ret and returns false.
 */
bool web_finance_digits_or_reply(struct web_request *req, const char *name,
                                 size_t max, enum MHD_Result *ret);

/*
 * Checks that @a code (field @a field) is three capital letters (ISO 4217);
 * else queues 422 out_of_range into @a ret and returns false.
 */
bool web_finance_currency_or_reply(struct web_request *req, const char *field,
                                   const char *code, enum MHD_Result *ret);

/*
 * Runs finance operation @a op (core_finance_run) with @a arg and request
 * @a doc (taken: freed here) as the caller; replies with @a created for
 * a first result.
 */
enum MHD_Result web_finance_run(struct web_request *req, const char *op,
                                const char *arg, json_t *doc, unsigned created);

#endif
