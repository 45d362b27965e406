#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_migrate.h"
#include "core_modules.h"
#include "core_password.h"
#include "core_user.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
cli_read_secret(char *buf, size_t len)
{
  if (fgets(buf, (int)len, stdin) == NULL)
    return false;
  size_t n = strcspn(buf, "\n");
  if (buf[n] != '\n' && !feof(stdin))
    return false; /* longer than the buffer */
  buf[n] = '\0';
  if (n > 0 && buf[n - 1] == '\r')
    buf[n - 1] = '\0';
  return true;
}

/* Fills @a u from the flags; returns 0 or 2 after printing why. */
static int
user_from_args(const struct cli_args *args, struct core_user_new *u)
{
  const char *role = cli_arg(args, "--role");
  u->username = cli_arg(args, "--username");
  u->badge = cli_arg(args, "--badge");
  u->owner = cli_arg(args, "--owner");
  if (u->username == NULL || role == NULL ||
      cli_arg(args, "--password-stdin") == NULL) {
    fprintf(stderr, "depot user add: needs --username, --role and "
                    "--password-stdin\n");
    return 2;
  }
  if (!core_perm_role_parse(role, &u->role)) {
    fprintf(stderr,
            "depot user add: unknown role \"%s\" (admin, back_office, "
            "warehouse_lead, picker, viewer, finance, client)\n",
            role);
    return 2;
  }
  for (unsigned i = 0; i < args->n; i++) {
    if (strcmp(args->names[i], "--warehouse") != 0)
      continue;
    if (u->nwarehouses >= CORE_USER_MAX_WAREHOUSES) {
      fprintf(stderr, "depot user add: at most %d --warehouse\n",
              CORE_USER_MAX_WAREHOUSES);
      return 2;
    }
    u->warehouses[u->nwarehouses++] = args->values[i];
  }
  return 0;
}

static const char *
add_error(enum core_ec ec)
{
  switch (ec) {
    case CORE_EC_WEAK_PASSWORD:
      return "the password is too short (at least 10 bytes)";
    case CORE_EC_ALREADY_EXISTS:
      return "the username or badge is taken already";
    case CORE_EC_NOT_FOUND:
      return "a --warehouse does not exist";
    case CORE_EC_CLIENT_OWNER:
      return "role client needs --owner CODE (and no --warehouse); other "
             "roles take no --owner";
    case CORE_EC_UNKNOWN_OWNER:
      return "no such --owner";
    case CORE_EC_INVALID_VALUE:
      return "bad username or badge (1-64 bytes, no control characters) or "
             "PIN (4-8 digits)";
    default:
      return core_ec_hint(ec);
  }
}

int
cli_user_add(struct core_config *cfg, const struct cli_args *args)
{
  struct core_user_new u = {0};
  int rc = user_from_args(args, &u);
  if (rc != 0)
    return rc;
  char password[CORE_PASSWORD_MAX + 2];
  char pin[32];
  if (!cli_read_secret(password, sizeof password) ||
      (u.badge != NULL && !cli_read_secret(pin, sizeof pin))) {
    fprintf(stderr,
            "depot user add: could not read the password%s from "
            "stdin\n",
            u.badge != NULL ? " and PIN" : "");
    return 2;
  }
  u.password = password;
  u.pin = u.badge != NULL ? pin : NULL;
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  enum core_ec ec = core_user_add(&u);
  cli_db_close(cfg, started);
  explicit_bzero(password, sizeof password);
  explicit_bzero(pin, sizeof pin);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot user add: %s\n", add_error(ec));
    return 1;
  }
  printf("user %s added (%s)\n", u.username, core_perm_role_name(u.role));
  return 0;
}

int
cli_user_passwd(struct core_config *cfg, const struct cli_args *args)
{
  char password[CORE_PASSWORD_MAX + 2];
  if (cli_arg(args, "--password-stdin") == NULL ||
      !cli_read_secret(password, sizeof password)) {
    fprintf(stderr, "depot user passwd: give the password on stdin with "
                    "--password-stdin\n");
    return 2;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  enum core_ec ec = core_user_passwd(cli_arg(args, "USER"), password);
  cli_db_close(cfg, started);
  explicit_bzero(password, sizeof password);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot user passwd: %s\n",
            ec == CORE_EC_NOT_FOUND ? "no such user" : add_error(ec));
    return 1;
  }
  printf("password of %s changed; its sessions ended\n", cli_arg(args, "USER"));
  return 0;
}

int
cli_user_unlock(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  enum core_ec ec = core_user_unlock(cli_arg(args, "USER"));
  cli_db_close(cfg, started);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot user unlock: %s\n",
            ec == CORE_EC_NOT_FOUND ? "no such user" : core_ec_hint(ec));
    return 1;
  }
  printf("user %s unlocked: its failed logins no longer count\n",
         cli_arg(args, "USER"));
  return 0;
}

int
cli_user_disable(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  enum core_ec ec = core_user_disable(cli_arg(args, "USER"));
  cli_db_close(cfg, started);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot user disable: %s\n",
            ec == CORE_EC_NOT_FOUND ? "no such user" : core_ec_hint(ec));
    return 1;
  }
  printf("user %s disabled; its sessions ended\n", cli_arg(args, "USER"));
  return 0;
}

int
cli_user_list(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  struct core_arena *arena = core_arena_new();
  struct core_user *users;
  unsigned n;
  enum core_ec ec = core_user_list(arena, &users, &n);
  if (ec == CORE_EC_OK) {
    printf("%-24s %-15s %-8s %-6s %s\n", "USERNAME", "ROLE", "STATE", "BADGE",
           "WAREHOUSES");
    for (unsigned i = 0; i < n; i++)
      printf("%-24s %-15s %-8s %-6s %s\n", users[i].username, users[i].role,
             users[i].active ? "active" : "disabled",
             users[i].has_badge ? "yes" : "no",
             users[i].warehouses[0] != '\0' ? users[i].warehouses : "(all)");
  } else {
    fprintf(stderr, "depot user list: %s\n", core_ec_hint(ec));
  }
  core_arena_free(arena);
  cli_db_close(cfg, started);
  return ec == CORE_EC_OK ? 0 : 1;
}
