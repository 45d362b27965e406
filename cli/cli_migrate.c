#include "core_migrate.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

int
cli_migrate(struct core_config *cfg, const struct cli_args *args)
{
  char *conninfo = NULL;
  bool started;
  if (!cli_db_acquire(cfg, &conninfo, &started))
    return 1;
  unsigned applied = 0;
  const char *before = cli_arg(args, "--before");
  enum core_ec ec = before != NULL
                        ? core_migrate_before(conninfo, before, &applied)
                        : core_migrate_run(conninfo, &applied);
  free(conninfo);
  cli_db_release(cfg, started);
  if (ec != CORE_EC_OK)
    return 1;
  if (applied == 0)
    printf("nothing to do: the schema is up to date\n");
  else
    printf("applied %u migration and procedure file%s\n", applied,
           applied == 1 ? "" : "s");
  return 0;
}
