#include "core_db.h"
#include "core_log.h"
#include "core_migrate.h"
#include "core_modules.h"
#include "core_mem.h"
#include "ops_pgctl.h"
#include "cli.h"
#include "core_pii.h"
#include "core_pii_batch.h"
#include "wms_modules.h"

#include <stdio.h>
#include <stdlib.h>

bool
cli_db_acquire(const struct core_config *cfg, char **conninfo, bool *started)
{
  *started = false;
  if (cfg->database_url != NULL) {
    *conninfo = core_xstrdup(cfg->database_url);
    return true;
  }
  struct ops_pgctl pc;
  bool ok = ops_pgctl_init(&pc, cfg) == CORE_EC_OK &&
            ops_pgctl_start(&pc, started) == CORE_EC_OK;
  if (ok)
    *conninfo = ops_pgctl_conninfo(&pc);
  ops_pgctl_clear(&pc);
  return ok;
}

/*
 * A key file made just now (it was missing) next to a database that holds
 * sealed data: the real key file is lost or elsewhere. The new one is
 * removed again, so nothing is sealed with a key that opens nothing old.
 */
static bool
key_matches(const struct core_config *cfg)
{
  bool sealed = false;
  if (!core_pii_created() || core_pii_batch_sealed_any(&sealed) != CORE_EC_OK ||
      !sealed)
    return true;
  char *path = core_pii_default_path(cfg->key_file, cfg->data_dir);
  fprintf(stderr,
          "depot: the key file %s was missing, but the database holds "
          "personal data encrypted with a key file: restore that key file "
          "(or point DEPOT_KEY_FILE at it); nothing was changed\n",
          path);
  free(path);
  core_pii_discard_created();
  core_db_close();
  return false;
}

bool
cli_db_connect(const struct core_config *cfg, const char *conninfo,
               unsigned pool_size, const struct core_sql_file *extra)
{
  unsigned applied = 0, more = 0;
  if (core_migrate_run(conninfo, &applied) != CORE_EC_OK)
    return false;
  if (extra != NULL && core_migrate_procs(conninfo, extra, &more) != CORE_EC_OK)
    return false;
  if (applied + more > 0)
    CORE_INFO("applied %u migration and procedure files", applied + more);
  /* Intake seals and every read opens personal data: the key file first
     (made at the first start, core_pii.h). */
  if (!cli_key_open(cfg, true))
    return false;
  core_modules_register();
  wms_modules_register();
  core_db_sync_commit(cfg->sync_replica);
  enum core_ec ec =
      core_db_open(conninfo, pool_size, (unsigned)cfg->statement_timeout_ms);
  if (ec != CORE_EC_OK)
    CORE_ERROR("could not open the database pool: %s", core_ec_name(ec));
  return ec == CORE_EC_OK && key_matches(cfg);
}

bool
cli_key_open(const struct core_config *cfg, bool create)
{
  char *path = core_pii_default_path(cfg->key_file, cfg->data_dir);
  enum core_ec ec = core_pii_open(path, create);
  if (ec == CORE_EC_PII_NO_KEY)
    fprintf(stderr,
            "depot: the key file %s is missing: personal data and backups "
            "cannot be read without it; restore it from its own backup, or "
            "point DEPOT_KEY_FILE at it\n",
            path);
  else if (ec != CORE_EC_OK)
    fprintf(stderr, "depot: the key file %s cannot be used (%s)\n", path,
            core_ec_name(ec));
  free(path);
  return ec == CORE_EC_OK;
}

void
cli_db_release(const struct core_config *cfg, bool started)
{
  if (!started || cfg->database_url != NULL)
    return;
  struct ops_pgctl pc;
  if (ops_pgctl_init(&pc, cfg) == CORE_EC_OK)
    ops_pgctl_stop(&pc);
  ops_pgctl_clear(&pc);
}

/* db commands manage only the embedded cluster, never a configured server. */
static bool
embedded_or_complain(const struct core_config *cfg)
{
  if (cfg->database_url == NULL)
    return true;
  fprintf(stderr, "depot db: DEPOT_DATABASE_URL is set; depot does not manage "
                  "that server\n");
  return false;
}

int
cli_db_start(struct core_config *cfg, const struct cli_args *args)
{
  if (!embedded_or_complain(cfg))
    return 2;
  struct ops_pgctl pc;
  bool started = false;
  bool ok = ops_pgctl_init(&pc, cfg) == CORE_EC_OK &&
            ops_pgctl_start(&pc, &started) == CORE_EC_OK;
  if (ok)
    printf("database %s (data %s, socket in %s)\n",
           started ? "started" : "already running", pc.pgdata, pc.sockdir);
  ops_pgctl_clear(&pc);
  return ok ? 0 : 1;
}

int
cli_db_stop(struct core_config *cfg, const struct cli_args *args)
{
  if (!embedded_or_complain(cfg))
    return 2;
  struct ops_pgctl pc;
  bool ok = ops_pgctl_init(&pc, cfg) == CORE_EC_OK;
  bool was_running = ok && ops_pgctl_state(&pc) == OPS_PGCTL_RUNNING;
  ok = ok && ops_pgctl_stop(&pc) == CORE_EC_OK;
  if (ok)
    printf("database %s\n", was_running ? "stopped" : "was not running");
  ops_pgctl_clear(&pc);
  return ok ? 0 : 1;
}

int
cli_db_status(struct core_config *cfg, const struct cli_args *args)
{
  if (!embedded_or_complain(cfg))
    return 2;
  struct ops_pgctl pc;
  if (ops_pgctl_init(&pc, cfg) != CORE_EC_OK) {
    ops_pgctl_clear(&pc);
    return 1;
  }
  int rc = 0;
  switch (ops_pgctl_state(&pc)) {
    case OPS_PGCTL_RUNNING:
      printf("running (data %s, socket in %s)\n", pc.pgdata, pc.sockdir);
      break;
    case OPS_PGCTL_STOPPED:
      printf("stopped (data %s)\n", pc.pgdata);
      rc = 3;
      break;
    case OPS_PGCTL_ABSENT:
      printf("not created yet (would be %s)\n", pc.pgdata);
      rc = 4;
      break;
  }
  ops_pgctl_clear(&pc);
  return rc;
}

bool
cli_db_open(const struct core_config *cfg, bool *started)
{
  return cli_db_open_with(cfg, NULL, started);
}

bool
cli_db_open_with(const struct core_config *cfg,
                 const struct core_sql_file *extra, bool *started)
{
  char *conninfo = NULL;
  if (!cli_db_acquire(cfg, &conninfo, started))
    return false;
  bool ok = cli_db_connect(cfg, conninfo, 2, extra);
  free(conninfo);
  if (!ok)
    cli_db_close(cfg, *started);
  return ok;
}

void
cli_db_close(const struct core_config *cfg, bool started)
{
  core_db_close();
  cli_db_release(cfg, started);
}
