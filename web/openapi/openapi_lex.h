#ifndef OPENAPI_LEX_H
#define OPENAPI_LEX_H
/*
 * A C tokenizer just good enough for the OpenAPI generator (a build-time
 * tool, not part of the server): it reads web_routes.c and the handlers to
 * find the route table and the core_json_spec arrays. Comments and
 * preprocessor lines are dropped; adjacent string literals are joined, as
 * the compiler joins them.
 */
#include <stdbool.h>
#include <stddef.h>

enum openapi_tok_kind {
  OPENAPI_TOK_IDENT,
  OPENAPI_TOK_STRING, /* text holds the literal's value, unescaped */
  OPENAPI_TOK_NUMBER,
  OPENAPI_TOK_PUNCT, /* text holds the one character */
};

struct openapi_tok {
  enum openapi_tok_kind kind;
  char *text; /* heap, owned by the openapi_toks */
};

struct openapi_toks {
  struct openapi_tok *v; /* heap */
  size_t n, cap;
  char *path; /* heap: the file read, for messages */
};

/*
 * Reads and tokenizes the file at @a path (in) into @a out (out; free with
 * openapi_lex_free). Returns 0, or -1 when the file cannot be read.
 */
int openapi_lex_file(const char *path, struct openapi_toks *out);

/* Frees what openapi_lex_file allocated in @a t (in,out). */
void openapi_lex_free(struct openapi_toks *t);

/* Whether token @a i of @a t exists and is punctuation @a c. */
bool openapi_lex_punct(const struct openapi_toks *t, size_t i, char c);

/* Whether token @a i of @a t exists and is the identifier @a name. */
bool openapi_lex_ident(const struct openapi_toks *t, size_t i,
                       const char *name);

/*
 * The index just past the bracket that closes the one opening at @a i
 * ('(', '[' or '{'), or t->n when it never closes.
 */
size_t openapi_lex_skip(const struct openapi_toks *t, size_t i);

/*
 * Splits the call parentheses opening at @a open (in) into arguments:
 * argument i spans tokens [starts[i], starts[i + 1] - 1), the last ending
 * at *@a close, the ')'. At most @a max arguments; @a starts must hold
 * max + 1. Returns the number of arguments.
 */
size_t openapi_lex_args(const struct openapi_toks *t, size_t open,
                        size_t starts[], size_t max, size_t *close);

#endif
