#include "core_password.h"

#include "core_log.h"
#include "core_utf8.h"

#include <argon2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

/*
 * The argon2id parameters, in one place: OWASP's 2023 recommendation of
 * 19 MiB, 2 passes, 1 lane (about 20-40 ms here). The encoded hash records
 * them, so raising them later leaves old hashes verifiable.
 */
enum {
  T_COST = 2,
  M_COST_KIB = 19 * 1024,
  PARALLELISM = 1,
  SALT_LEN = 16,
  HASH_LEN = 32,
};

enum core_ec
core_password_check(const char *password)
{
  size_t n = strlen(password);
  if (n < CORE_PASSWORD_MIN || n > CORE_PASSWORD_MAX ||
      !core_utf8_valid(password, n))
    return CORE_EC_WEAK_PASSWORD;
  return CORE_EC_OK;
}

bool
core_password_pin_ok(const char *pin)
{
  size_t n = strlen(pin);
  if (n < CORE_PIN_MIN || n > CORE_PIN_MAX)
    return false;
  for (size_t i = 0; i < n; i++) {
    if (pin[i] < '0' || pin[i] > '9')
      return false;
  }
  return true;
}

static bool
random_bytes(unsigned char *buf, size_t n)
{
  size_t got = 0;
  while (got < n) {
    ssize_t k = getrandom(buf + got, n - got, 0);
    if (k <= 0)
      return false;
    got += (size_t)k;
  }
  return true;
}

enum core_ec
core_password_hash(const char *secret, char encoded[CORE_PASSWORD_HASH_MAX])
{
  unsigned char salt[SALT_LEN];
  if (!random_bytes(salt, sizeof salt)) {
    CORE_ERROR("could not read random bytes for a salt");
    return CORE_EC_INTERNAL;
  }
  int rc = argon2id_hash_encoded(T_COST, M_COST_KIB, PARALLELISM, secret,
                                 strlen(secret), salt, sizeof salt, HASH_LEN,
                                 encoded, CORE_PASSWORD_HASH_MAX);
  if (rc != ARGON2_OK) {
    CORE_ERROR("could not hash a password: %s", argon2_error_message(rc));
    return CORE_EC_INTERNAL;
  }
  return CORE_EC_OK;
}

static char dummy_hash[CORE_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A real hash of a random secret, so that dummy verifications cost the same. */
static void
make_dummy(void)
{
  char secret[CORE_TOKEN_HEX + 1];
  if (core_password_token(secret) != CORE_EC_OK ||
      core_password_hash(secret, dummy_hash) != CORE_EC_OK)
    dummy_hash[0] = '\0';
}

bool
core_password_verify(const char *secret, const char *encoded)
{
  if (encoded == NULL) {
    pthread_once(&dummy_once, make_dummy);
    if (dummy_hash[0] != '\0')
      (void)argon2id_verify(dummy_hash, secret, strlen(secret));
    return false;
  }
  return argon2id_verify(encoded, secret, strlen(secret)) == ARGON2_OK;
}

enum core_ec
core_password_token(char out[CORE_TOKEN_HEX + 1])
{
  unsigned char raw[CORE_TOKEN_HEX / 2];
  if (!random_bytes(raw, sizeof raw)) {
    CORE_ERROR("could not read random bytes for a token");
    return CORE_EC_INTERNAL;
  }
  for (size_t i = 0; i < sizeof raw; i++)
    snprintf(out + 2 * i, 3, "%02x", raw[i]);
  return CORE_EC_OK;
}

bool
core_password_equal(const char *a, const char *b)
{
  size_t na = strlen(a);
  size_t nb = strlen(b);
  unsigned char diff = (unsigned char)(na != nb);
  size_t n = na < nb ? na : nb;
  for (size_t i = 0; i < n; i++)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}
