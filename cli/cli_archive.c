#include "core_mem.h"
#include "core_part.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

/* One line per month archived, as it is done. */
static void
progress(void *cls, const struct core_part_month *m)
{
  (void)cls;
  printf("archived %s %s: %lld rows -> %s\n", m->table, m->month, m->rows,
         m->file);
  fflush(stdout);
}

int
cli_archive(struct core_config *cfg, const struct cli_args *args)
{
  const char *before = cli_arg(args, "--before");
  /* --out, else the server's setting (DEPOT_ARCHIVE_DIR, else <data
   * dir>/archive): the screen and the CLI write to the same place. The
   * directory is made by core_part_archive. */
  char *dir = cli_arg(args, "--out") != NULL
                  ? core_xstrdup(cli_arg(args, "--out"))
                  : core_part_dir_for(cfg);
  char *conninfo = NULL;
  bool started;
  if (!cli_db_acquire(cfg, &conninfo, &started)) {
    free(dir);
    return 1;
  }
  if (cli_arg(args, "--list") != NULL) {
    char *doc = NULL;
    enum core_ec ec = core_part_status(conninfo, &doc);
    free(conninfo);
    free(dir);
    cli_db_release(cfg, started);
    if (ec != CORE_EC_OK)
      return cli_fail_json(core_ec_name(ec), core_ec_hint(ec));
    printf("%s\n", doc);
    free(doc);
    return 0;
  }
  unsigned months = 0;
  enum core_ec ec =
      core_part_archive(conninfo, before, dir, progress, NULL, &months);
  free(conninfo);
  free(dir);
  cli_db_release(cfg, started);
  if (ec != CORE_EC_OK) {
    int rc = cli_fail_json(core_ec_name(ec), core_ec_hint(ec));
    return ec == CORE_EC_ARCHIVE_MONTH_INVALID ? 2 : rc;
  }
  printf("archive: %u month%s archived\n", months, months == 1 ? "" : "s");
  return 0;
}
