#include "core_db.h"
#include "core_log.h"
#include "web_cli.h"
#include "web_server.h"

#include <signal.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { GRACE_MS = 30000 };

static unsigned
default_threads(void)
{
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  /*
   * Handlers block on PostgreSQL, so a few threads per core keep the
   * cores busy while others wait on the database.
   */
  return (unsigned)(cores > 0 ? cores : 1) * 4;
}

/* Serves until SIGINT or SIGTERM, which every other thread has blocked. */
static int
serve_until_signal(const struct core_config *cfg, unsigned threads)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct web_server_opts opts = {cfg->listen, threads, (size_t)cfg->body_limit};
  struct web_server *srv;
  if (web_server_start(&opts, &srv) != CORE_EC_OK)
    return 1;
  printf("depot: serving http://%.*s:%u/ with %u threads (pid %ld)\n",
         (int)(strrchr(cfg->listen, ':') - cfg->listen), cfg->listen,
         web_server_port(srv), threads, (long)getpid());
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  CORE_INFO("received signal %d: finishing requests in flight", sig);
  web_server_stop(srv, GRACE_MS);
  return 0;
}

int
web_cli_serve(struct core_config *cfg, const struct web_cli_args *args)
{
  char *conninfo = NULL;
  bool started;
  if (!web_cli_db_acquire(cfg, &conninfo, &started))
    return 1;
  unsigned threads =
      cfg->threads > 0 ? (unsigned)cfg->threads : default_threads();
  int rc = 1;
  unsigned pool =
      cfg->db_pool_size > 0 ? (unsigned)cfg->db_pool_size : threads + 2;
  if (web_cli_db_open(cfg, conninfo, pool)) {
    rc = serve_until_signal(cfg, threads);
  }
  core_db_close();
  free(conninfo);
  web_cli_db_release(cfg, started);
  CORE_INFO("stopped");
  return rc;
}
