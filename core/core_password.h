#ifndef CORE_PASSWORD_H
#define CORE_PASSWORD_H
/*
 * Secrets: argon2id password and PIN hashing (libargon2, parameters in
 * core_password.c only), random tokens and constant-time comparison.
 * Nothing here logs a secret.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stddef.h>

enum {
  CORE_PASSWORD_MIN = 10,       /* bytes; shorter passwords are weak_password */
  CORE_PASSWORD_MAX = 1024,     /* bytes; bounds the hashing work per request */
  CORE_PASSWORD_HASH_MAX = 160, /* encoded hash length, with NUL */
  CORE_PIN_MIN = 4,
  CORE_PIN_MAX = 8,
  CORE_TOKEN_HEX = 64, /* 256 random bits as hex */
};

/*
 * Checks that @a password (in) is acceptable: CORE_PASSWORD_MIN..MAX bytes
 * of UTF-8. Returns CORE_EC_OK or CORE_EC_WEAK_PASSWORD.
 */
enum core_ec core_password_check(const char *password);

/* Whether @a pin (in) is CORE_PIN_MIN..MAX ASCII digits. */
bool core_password_pin_ok(const char *pin);

/*
 * Hashes @a secret (in) with argon2id and a fresh random salt into
 * @a encoded (out, CORE_PASSWORD_HASH_MAX bytes, "$argon2id$..."). Returns
 * CORE_EC_OK or CORE_EC_INTERNAL (logged without the secret).
 */
enum core_ec core_password_hash(const char *secret,
                                char encoded[CORE_PASSWORD_HASH_MAX]);

/*
 * Whether @a secret (in) matches @a encoded (in); libargon2 compares in
 * constant time. A NULL @a encoded still spends the time of one
 * verification (against a dummy hash) and returns false, so that an
 * unknown username takes as long as a wrong password.
 */
bool core_password_verify(const char *secret, const char *encoded);

/*
 * Fills @a out (out, CORE_TOKEN_HEX + 1 bytes) with 256 bits from the
 * kernel CSPRNG as lower-case hex. Returns CORE_EC_OK or CORE_EC_INTERNAL.
 */
enum core_ec core_password_token(char out[CORE_TOKEN_HEX + 1]);

/* Constant-time equality of the NUL-terminated @a a and @a b (in). */
bool core_password_equal(const char *a, const char *b);

#endif
