#ifndef CORE_USER_ADMIN_H
#define CORE_USER_ADMIN_H
/*
 * An admin changes an account: role, warehouses, active (PATCH
 * /api/v1/users/{name}), and resets its password or PIN (POST
 * /api/v1/users/{name}/password). Disabling or resetting ends the user's
 * sessions, as `depot user disable` and `depot user passwd` do.
 */
#include "core_ec.h"
#include "core_user.h"

#include <stdbool.h>
#include <stdint.h>

/* What to change; NULL / negative members stay as they are. */
struct core_user_change {
  const char *role; /* a role name, or NULL */
  bool set_warehouses;
  const char *warehouses[CORE_USER_MAX_WAREHOUSES]; /* with set_warehouses */
  unsigned nwarehouses;                             /* 0: all warehouses */
  int active;                                       /* 1, 0, or -1: keep */
};

/*
 * Applies @a ch (in) to @a username (in) in one transaction; disabling
 * ends its sessions, and @a ended (out) is how many. Returns CORE_EC_OK,
 * CORE_EC_NOT_FOUND (no such user; or a warehouse, with @a bad_warehouse
 * (out) true) or a database error.
 */
enum core_ec core_user_change(const char *username,
                              const struct core_user_change *ch, int64_t *ended,
                              bool *bad_warehouse);

/*
 * Resets the password (@a pin false) or the badge PIN (@a pin true) of
 * @a username (in) to @a secret (in, may be NULL: one is generated and
 * written to @a out, at least 17 bytes), ends its sessions (@a ended,
 * out) and lifts its login throttle. Returns CORE_EC_OK,
 * CORE_EC_WEAK_PASSWORD, CORE_EC_INVALID_VALUE (a PIN not 4-8 digits),
 * CORE_EC_NOT_FOUND, CORE_EC_USER_HAS_NO_BADGE or a database error.
 */
enum core_ec core_user_reset(const char *username, bool pin, const char *secret,
                             char *out, int64_t *ended);

void core_user_admin_register(void);

#endif
