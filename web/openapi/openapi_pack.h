#ifndef OPENAPI_PACK_H
#define OPENAPI_PACK_H
/*
 * Reply schemas read from a handler's web_reply_pack() calls: the
 * json_pack format ("{s:s, s:I, s:o}") with its literal keys gives the
 * reply's shape exactly, where the handler builds the reply itself.
 */
#include "openapi_lex.h"

#include <jansson.h>

/*
 * Adds to @a out (in,out: "<status>" -> schema, several shapes of one
 * status as anyOf) the replies of every web_reply_pack(req, MHD_HTTP_x,
 * "format", ...) in @a t (in) whose keys are all literals, provided that
 * handler @a name (in) answers only that way: each of its returns is a
 * web_reply_pack, an error reply or the verdict of an *_or_reply helper.
 * Otherwise adds nothing (its other replies have shapes not read here).
 */
void openapi_pack_replies(const struct openapi_toks *t, const char *name,
                          json_t *out);

#endif
