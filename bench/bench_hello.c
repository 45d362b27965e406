/*
 * depot_bench_hello: a bare libmicrohttpd "hello" (issue 26 item 4), the
 * floor under `GET /api/v1/auth/me`. It starts its daemon with what
 * web_server_start (web/web_server.c) gives `depot serve`: the same flags
 * (internal polling thread, epoll, ITC, suspend/resume), a thread pool of
 * the same size (DEPOT_THREADS, else 4 per core as cli_serve.c's
 * default), the same connection limit (the open-file limit raised to its
 * hard maximum, 256 kept back, at most 50,000), per-address limit
 * (DEPOT_HTTP_PER_IP, else 1,000), idle timeout (DEPOT_HTTP_TIMEOUT, else
 * 30 s) and per-connection memory (32 KiB); and it answers on the second
 * call of a request, as depot's access callback does. It answers every
 * request with a 17-byte JSON body: no routing, session, database or log.
 *
 * Usage: depot_bench_hello (listens on 127.0.0.1, a free port; prints
 * "hello: serving http://127.0.0.1:PORT/ with N threads (pid P)" and runs
 * until SIGTERM or SIGINT).
 */
#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

enum {
  CONN_POOL = 32 * 1024, /* web_server.c's CONN_POOL */
  FD_RESERVE = 256,
  MAX_CONNECTIONS = 50000,
};

static const char hello[] = "{\"hello\":\"world\"}";

/* @a name from the environment as a number in 1..@a max, else @a dflt. */
static unsigned
env_num(const char *name, unsigned dflt, unsigned max)
{
  const char *v = getenv(name);
  char *end;
  unsigned long n = v != NULL ? strtoul(v, &end, 10) : 0;
  return v != NULL && *end == '\0' && n >= 1 && n <= max ? (unsigned)n : dflt;
}

/* web_server.c's connection_room: the open-file limit raised to its hard
 * maximum, FD_RESERVE kept back. */
static unsigned
connection_room(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return 1024 - FD_RESERVE;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
      getrlimit(RLIMIT_NOFILE, &rl);
  }
  rlim_t room =
      rl.rlim_cur > 2 * FD_RESERVE ? rl.rlim_cur - FD_RESERVE : rl.rlim_cur / 2;
  return room > MAX_CONNECTIONS ? MAX_CONNECTIONS : (unsigned)room;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url,
          const char *method, const char *version, const char *upload_data,
          size_t *upload_data_size, void **con_cls)
{
  (void)cls;
  (void)url;
  (void)method;
  (void)version;
  (void)upload_data;
  static int seen;
  /* First call: the headers; as depot, answer once the body is in. */
  if (*con_cls == NULL) {
    *con_cls = &seen;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  struct MHD_Response *r = MHD_create_response_from_buffer(
      sizeof hello - 1, (void *)hello, MHD_RESPMEM_PERSISTENT);
  if (r == NULL)
    return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ret;
}

int
main(void)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned threads =
      env_num("DEPOT_THREADS", (unsigned)(cores > 0 ? cores : 1) * 4, 256);
  unsigned per_ip = env_num("DEPOT_HTTP_PER_IP", 1000, 1000000);
  unsigned timeout = env_num("DEPOT_HTTP_TIMEOUT", 30, 3600);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_OptionItem limits[] = {
      {MHD_OPTION_CONNECTION_LIMIT, connection_room(), NULL},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, NULL},
      {MHD_OPTION_CONNECTION_TIMEOUT, timeout, NULL},
      {MHD_OPTION_END, 0, NULL},
  };
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, 0, NULL, NULL, access_cb, NULL, MHD_OPTION_SOCK_ADDR, &a,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_ARRAY, limits,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_POOL, MHD_OPTION_END);
  if (d == NULL) {
    fprintf(stderr, "hello: cannot listen on 127.0.0.1\n");
    return 1;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  printf("hello: serving http://127.0.0.1:%u/ with %u threads (pid %ld)\n",
         info != NULL ? info->port : 0, threads, (long)getpid());
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  MHD_stop_daemon(d);
  return 0;
}
