#ifndef API_STEPS_H
#define API_STEPS_H
/*
 * cmocka steps for API scenarios: send a request and assert its status
 * (and error code). Include after <cmocka.h> and api_harness.h.
 */
#include "api_harness.h"

#include <string.h>

/* Sends; asserts @a status; returns the body (caller decrefs). */
static inline json_t *
api_step(const struct api_server *s, const char *method, const char *path,
         const char *body, long status)
{
  json_t *j = api_expect(s, method, path, body, status);
  assert_non_null(j);
  return j;
}

/* As api_step, dropping the body. */
static inline void
api_step_ok(const struct api_server *s, const char *method, const char *path,
            const char *body, long status)
{
  json_decref(api_step(s, method, path, body, status));
}

/* As api_step, and the reply is the error @a code. */
static inline void
api_step_code(const struct api_server *s, const char *method, const char *path,
              const char *body, long status, const char *code)
{
  json_t *j = api_step(s, method, path, body, status);
  assert_string_equal(api_json_error_code(j), code);
  json_decref(j);
}

#endif
