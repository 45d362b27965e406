/*
 * SIGTERM stops accepting connections but lets a request in flight finish:
 * a POST whose body is still arriving when the signal lands completes.
 */
#include "api_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static int
connect_to(unsigned port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void
in_flight_request_finishes_after_sigterm(void **state)
{
  struct api_server srv;
  assert_true(api_server_start(&srv, "graceful_stop", false, NULL));
  const char *body = "{\"code\":\"G1\",\"name\":\"graceful\"}";
  char head[384];
  int hl = snprintf(head, sizeof head,
                    "POST /api/v1/warehouses HTTP/1.1\r\nHost: x\r\n"
                    "Authorization: Bearer %s\r\n"
                    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                    "Connection: close\r\n\r\n",
                    srv.token, strlen(body));
  int fd = connect_to(srv.port);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, head, (size_t)hl), hl);
  assert_int_equal(write(fd, body, 5), 5);
  usleep(200000);
  kill(srv.pid, SIGTERM);
  usleep(300000);
  /* The listening socket is closed: new clients are refused. */
  assert_int_equal(connect_to(srv.port), -1);
  size_t rest = strlen(body) - 5;
  assert_int_equal(write(fd, body + 5, rest), (ssize_t)rest);
  char reply[2048];
  size_t used = 0;
  ssize_t n;
  while ((n = read(fd, reply + used, sizeof reply - used - 1)) > 0)
    used += (size_t)n;
  reply[used] = '\0';
  close(fd);
  assert_non_null(strstr(reply, "HTTP/1.1 201"));
  assert_non_null(strstr(reply, "\"code\":\"G1\""));
  int status;
  waitpid(srv.pid, &status, 0);
  srv.pid = 0;
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  api_server_stop(&srv);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(in_flight_request_finishes_after_sigterm),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
