#ifndef CORE_USER_H
#define CORE_USER_H
/*
 * User accounts: create, change password, disable, list. Passwords and
 * PINs are hashed here (core_password) before anything reaches SQL.
 */
#include "core_ec.h"
#include "core_perm.h"

#include <stdbool.h>

struct core_arena;

enum { CORE_USER_NAME_MAX = 64, CORE_USER_MAX_WAREHOUSES = 16 };

/* A user to create; all strings borrowed from the caller. */
struct core_user_new {
  const char *username;
  enum core_role role;
  const char *warehouses[CORE_USER_MAX_WAREHOUSES]; /* codes; none: all */
  unsigned nwarehouses;
  const char *password;
  const char *badge; /* NULL: no badge */
  const char *pin;   /* with badge: 4-8 digits */
  const char *owner; /* role client only: the stock owner's code */
};

/* A user as listed; strings owned by an arena. */
struct core_user {
  const char *username;
  const char *role;
  const char *warehouses; /* comma-separated, "" for all */
  bool has_badge;
  bool active;
  const char *created_at;
  const char *owner; /* role client: its stock owner's code; else NULL */
};

/*
 * Whether @a name (in) is an acceptable username: 1..64 bytes of UTF-8
 * without control characters.
 */
bool core_user_name_ok(const char *name);

/*
 * Creates @a u (in). Returns CORE_EC_OK; CORE_EC_INVALID_VALUE (bad
 * username, badge or PIN); CORE_EC_WEAK_PASSWORD; CORE_EC_ALREADY_EXISTS
 * (username or badge taken); CORE_EC_NOT_FOUND (a warehouse does not
 * exist); or a database error.
 */
enum core_ec core_user_add(const struct core_user_new *u);

/*
 * Sets the password of @a username (in) to @a password (in), ends the
 * user's sessions and lifts its login throttle. Returns CORE_EC_OK,
 * CORE_EC_WEAK_PASSWORD, CORE_EC_NOT_FOUND or a database error.
 */
enum core_ec core_user_passwd(const char *username, const char *password);

/*
 * Disables @a username and ends its sessions. Returns CORE_EC_OK,
 * CORE_EC_NOT_FOUND or a database error.
 */
enum core_ec core_user_disable(const char *username);

/*
 * Lifts the login throttle of @a username (in): failed logins so far stop
 * counting, from every address. CORE_EC_NOT_FOUND if there is no such
 * user.
 */
enum core_ec core_user_unlock(const char *username);

/* Lists all users into @a items (out, @a n of them, in @a arena). */
enum core_ec core_user_list(struct core_arena *arena, struct core_user **items,
                            unsigned *n);

#endif
