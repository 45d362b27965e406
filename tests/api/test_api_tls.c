/*
 * depot serve --tls-cert --tls-key answers over HTTPS (libmicrohttpd +
 * GnuTLS), with HSTS and a Secure session cookie. The certificate is made
 * here with the openssl command line and trusted through CURLOPT_CAINFO.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;
static char cert[512], key[512];

static int
setup(void **state)
{
  const char *tmp =
      getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp";
  snprintf(cert, sizeof cert, "%s/tls-cert.pem", tmp);
  snprintf(key, sizeof key, "%s/tls-key.pem", tmp);
  char cmd[1600];
  snprintf(cmd, sizeof cmd,
           "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
           " -nodes -days 2 -subj /CN=127.0.0.1"
           " -addext subjectAltName=IP:127.0.0.1 -keyout '%s' -out '%s'"
           " 2>/dev/null",
           key, cert);
  if (system(cmd) != 0) {
    fprintf(stderr, "could not make a certificate with openssl\n");
    return -1;
  }
  const char *args[] = {"--tls-cert", cert, "--tls-key", key, NULL};
  return api_server_start_args(&srv, "api_tls", false, NULL, args, cert) ? 0
                                                                         : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
https_answers_with_hsts(void **state)
{
  struct api_reply r;
  assert_true(api_json(&srv, "GET", "/healthz", NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.headers, "Strict-Transport-Security: max-age="));
  assert_non_null(strstr(r.headers, "Content-Security-Policy"));
  api_reply_clear(&r);
  /* The harness logged the admin in over TLS already. */
  assert_true(api_json(&srv, "GET", "/api/v1/auth/me", NULL, &r));
  assert_int_equal(r.status, 200);
  api_reply_clear(&r);
}

static void
session_cookie_is_secure(void **state)
{
  struct api_reply r;
  struct api_server anon = srv;
  anon.token[0] = '\0';
  assert_true(api_json(&anon, "POST", "/api/v1/auth/login",
                       "{\"username\":\"" API_ADMIN_USER
                       "\",\"password\":\"" API_ADMIN_PASSWORD "\"}",
                       &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.set_cookie, "; Secure"));
  assert_non_null(strstr(r.set_cookie, "HttpOnly"));
  api_reply_clear(&r);
}

static void
plain_http_to_the_tls_port_gets_no_reply(void **state)
{
  struct api_server plain = srv;
  plain.tls = false;
  struct api_reply r;
  bool got = api_json(&plain, "GET", "/healthz", NULL, &r);
  assert_true(!got || r.status != 200);
  api_reply_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(https_answers_with_hsts),
      cmocka_unit_test(session_cookie_is_secure),
      cmocka_unit_test(plain_http_to_the_tls_port_gets_no_reply),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
