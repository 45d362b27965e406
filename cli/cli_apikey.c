#include "core_arena.h"
#include "core_auth.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

int
cli_apikey_create(struct core_config *cfg, const struct cli_args *args)
{
  const char *name = cli_arg(args, "--name");
  char scopes[512] = "";
  size_t used = 0;
  for (unsigned i = 0; i < args->n; i++) {
    if (strcmp(args->names[i], "--scope") != 0)
      continue;
    if (!core_perm_scope_known(args->values[i])) {
      fprintf(stderr,
              "depot apikey create: unknown scope \"%s\" (stock:read, "
              "stock:write, catalog:read, catalog:write, orders:read, "
              "orders:write, purchasing:read, purchasing:write, supplier, "
              "asns:write, owners:read, ...)\n",
              args->values[i]);
      return 2;
    }
    used += (size_t)snprintf(scopes + used, sizeof scopes - used, "%s%s",
                             used > 0 ? "," : "", args->values[i]);
  }
  if (name == NULL || used == 0) {
    fprintf(stderr, "depot apikey create: needs --name and --scope\n");
    return 2;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  char key[CORE_AUTH_KEY_LEN + 1];
  const char *supplier = cli_arg(args, "--supplier");
  if ((supplier != NULL) != (strstr(scopes, "supplier") != NULL)) {
    fprintf(stderr, "depot apikey create: the supplier scope goes with "
                    "--supplier CODE, and only with it\n");
    return 2;
  }
  enum core_ec ec = core_auth_api_key_create(name, scopes, supplier,
                                             cli_arg(args, "--owner"), key);
  cli_db_close(cfg, started);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot apikey create: %s\n",
            ec == CORE_EC_ALREADY_EXISTS     ? "a key of this name exists"
            : ec == CORE_EC_INVALID_VALUE    ? "bad name (1-64 bytes) or scope"
            : ec == CORE_EC_UNKNOWN_SUPPLIER ? "no such supplier"
            : ec == CORE_EC_UNKNOWN_OWNER    ? "no such --owner"
                                             : core_ec_hint(ec));
    return 1;
  }
  printf("API key %s (%s); shown only now, store it safely:\n%s\n", name,
         scopes, key);
  return 0;
}

int
cli_apikey_revoke(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  enum core_ec ec = core_auth_api_key_revoke(cli_arg(args, "NAME"));
  cli_db_close(cfg, started);
  if (ec != CORE_EC_OK) {
    fprintf(stderr, "depot apikey revoke: %s\n",
            ec == CORE_EC_NOT_FOUND ? "no active key of this name"
                                    : core_ec_hint(ec));
    return 1;
  }
  printf("API key %s revoked\n", cli_arg(args, "NAME"));
  return 0;
}

int
cli_apikey_list(struct core_config *cfg, const struct cli_args *args)
{
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  struct core_arena *arena = core_arena_new();
  struct core_auth_api_key *keys;
  unsigned n;
  enum core_ec ec = core_auth_api_key_list(arena, &keys, &n);
  if (ec == CORE_EC_OK) {
    printf("%-24s %-14s %-8s %-21s %s\n", "NAME", "KEY", "STATE", "CREATED",
           "SCOPES");
    for (unsigned i = 0; i < n; i++)
      printf("%-24s %-14s %-8s %-21s %s\n", keys[i].name, keys[i].prefix,
             keys[i].revoked ? "revoked" : "active", keys[i].created_at,
             keys[i].scopes);
  } else {
    fprintf(stderr, "depot apikey list: %s\n", core_ec_hint(ec));
  }
  core_arena_free(arena);
  cli_db_close(cfg, started);
  return ec == CORE_EC_OK ? 0 : 1;
}
