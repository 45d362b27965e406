#ifndef WEB_QUERY_H
#define WEB_QUERY_H
/*
 * Query-string parameters. The router has already refused names a route
 * does not list; these read and check the values.
 */
#include "web_request.h"

#include <stdbool.h>
#include <stdint.h>

/* Page window of a list endpoint. */
struct web_page {
  int64_t limit;  /* 1..500, default 50 */
  int64_t offset; /* 0.., default 0 */
};

/*
 * Reads ?limit= and ?offset= into @a page (out). On a bad value queues a
 * 400 bad_query_param naming the parameter and returns false.
 */
bool web_query_page_or_reply(struct web_request *req, struct web_page *page,
                             enum MHD_Result *ret);

/* Window of a keyset-paged list. */
struct web_cursor {
  int64_t limit;     /* 1..1000, default 50 */
  const char *after; /* decoded ?cursor= (the last key seen), or NULL */
};

/*
 * Reads ?limit= and ?cursor= into @a cur (out; strings in the request
 * arena). On a bad value queues 400 bad_query_param and returns false.
 */
bool web_query_cursor_or_reply(struct web_request *req, struct web_cursor *cur,
                               enum MHD_Result *ret);

/*
 * Reads ?@a name= as a boolean ("true"/"false"/"1"/"0") into @a out (left
 * alone when absent). Queues 400 and returns false on another value.
 */
bool web_query_bool_or_reply(struct web_request *req, const char *name,
                             int *out, enum MHD_Result *ret);

/*
 * Reads ?@a name= as an integer in [@a lo, @a hi] into @a out (left alone
 * when absent). Queues 400 bad_query_param and returns false if bad.
 */
bool web_query_int_or_reply(struct web_request *req, const char *name,
                            int64_t lo, int64_t hi, int64_t *out,
                            enum MHD_Result *ret);

/*
 * The value of ?@a name= (borrowed from MHD, valid for the request), or
 * NULL when absent or empty.
 */
const char *web_query_text(struct web_request *req, const char *name);

#endif
