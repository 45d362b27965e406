/*
 * depot key rotate, and the sealing of what is left plain at server start
 * (issue 20, item 4): both run core_pii_batch over every table with
 * personal data, printing progress.
 */
#include "cli.h"
#include "core_log.h"
#include "core_pii.h"
#include "core_pii_batch.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

enum { BATCH = 500 };

/* Progress of `depot key rotate`: one line per batch on stdout. */
static void
print_progress(const char *table, int64_t done, void *cls)
{
  (void)cls;
  printf("key: %s %" PRId64 " rows sealed\n", table, done);
  fflush(stdout);
}

/* Progress at server start: the log, every 20 batches and the last. */
static void
log_progress(const char *table, int64_t done, void *cls)
{
  (void)cls;
  if (done % (BATCH * 20) == 0 || done % BATCH != 0)
    CORE_INFO("sealing personal data: %s %" PRId64 " rows", table, done);
}

bool
cli_key_seal_pending(void)
{
  int64_t pending = 0, total = 0;
  enum core_ec ec = core_pii_batch_pending(&pending);
  if (ec == CORE_EC_OK && pending > 0) {
    CORE_INFO("sealing %" PRId64 " rows of personal data with key version %u",
              pending, core_pii_version());
    ec = core_pii_batch_run(BATCH, log_progress, NULL, &total);
  }
  if (ec != CORE_EC_OK)
    CORE_ERROR("could not seal personal data: %s", core_ec_name(ec));
  else if (total > 0)
    CORE_INFO("sealed %" PRId64 " rows of personal data", total);
  return ec == CORE_EC_OK;
}

int
cli_key_seal(struct core_config *cfg, const struct cli_args *args)
{
  (void)args;
  bool started = false;
  if (!cli_db_open(cfg, &started))
    return 1;
  int64_t total = 0;
  enum core_ec ec = core_pii_batch_run(BATCH, print_progress, NULL, &total);
  if (ec == CORE_EC_OK)
    printf("key seal: done, %" PRId64 " rows sealed with key version %u\n",
           total, core_pii_version());
  else
    fprintf(stderr, "key seal: failed (%s)\n", core_ec_name(ec));
  cli_db_close(cfg, started);
  return ec == CORE_EC_OK ? 0 : 1;
}

int
cli_key_rotate(struct core_config *cfg, const struct cli_args *args)
{
  (void)args;
  bool started = false;
  if (!cli_db_open(cfg, &started))
    return 1;
  unsigned v = 0;
  int64_t total = 0, pending = 0;
  enum core_ec ec = core_pii_add_version(&v);
  if (ec == CORE_EC_OK) {
    printf("key rotate: key version %u added to the key file; back the key "
           "file up again\n",
           v);
    ec = core_pii_batch_pending(&pending);
  }
  if (ec == CORE_EC_OK) {
    printf("key rotate: %" PRId64 " rows to re-encrypt\n", pending);
    ec = core_pii_batch_run(BATCH, print_progress, NULL, &total);
  }
  if (ec == CORE_EC_OK)
    printf("key rotate: done, %" PRId64 " rows under key version %u\n", total,
           v);
  else
    fprintf(stderr, "key rotate: failed (%s); run it again to finish\n",
            core_ec_name(ec));
  cli_db_close(cfg, started);
  return ec == CORE_EC_OK ? 0 : 1;
}
