/*
 * Byte sources against a pseudo-terminal pair from socat standing in for
 * a serial scanner: scans arrive through termios and libserialport, and
 * stopping socat (the scanner unplugged) then starting it again (plugged
 * back) is reported and survived. Also files and stdin-like sources.
 * argv[1]: the scanner_streams fixture directory.
 */
#include "dev_source.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static const char *streams_dir;
static pid_t socat = -1; /* killed at exit if a test failed midway */
static char dir[64], scanner_link[128], host_link[128];

struct seen {
  char scans[8][128];
  unsigned nscans, connected, disconnected, errors;
};

static void
on_event(void *cls, const struct dev_source_event *ev)
{
  struct seen *s = cls;
  switch (ev->kind) {
    case DEV_SOURCE_SCAN:
      if (s->nscans < 8)
        snprintf(s->scans[s->nscans], sizeof s->scans[0], "%.*s",
                 (int)ev->frame->len, ev->frame->data);
      s->nscans++;
      break;
    case DEV_SOURCE_FRAME_ERROR:
      s->errors++;
      break;
    case DEV_SOURCE_CONNECTED:
      s->connected++;
      break;
    case DEV_SOURCE_DISCONNECTED:
      assert_non_null(strstr(ev->message, host_link));
      s->disconnected++;
      break;
  }
}

/* Starts socat with the two links; waits until both exist. */
static pid_t
start_socat(void)
{
  char a[400], b[400];
  snprintf(a, sizeof a, "pty,raw,echo=0,link=%s", scanner_link);
  snprintf(b, sizeof b, "pty,raw,echo=0,link=%s", host_link);
  pid_t pid = fork();
  if (pid == 0) {
    execlp("socat", "socat", a, b, (char *)NULL);
    _exit(127);
  }
  struct stat st;
  for (int i = 0; i < 500; i++) {
    if (stat(scanner_link, &st) == 0 && stat(host_link, &st) == 0)
      return pid;
    usleep(10000);
  }
  fail_msg("socat did not create its ptys");
  return -1;
}

static void
stop_socat(pid_t pid)
{
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
  socat = -1;
}

/* Writes @a text to the scanner end in pieces of @a step bytes. */
static void
scanner_types(const char *text, size_t step)
{
  int fd = open(scanner_link, O_WRONLY | O_NOCTTY);
  assert_true(fd >= 0);
  for (size_t off = 0, len = strlen(text); off < len; off += step) {
    size_t k = len - off < step ? len - off : step;
    assert_int_equal(write(fd, text + off, k), (ssize_t)k);
    usleep(3000);
  }
  close(fd);
}

/* Polls until @a done says so or about 5 s passed. */
static bool
poll_until(struct dev_source *src, const unsigned *counter, unsigned want)
{
  for (int i = 0; i < 250 && *counter < want; i++)
    dev_source_poll(src, 20);
  return *counter >= want;
}

static void
replug_cycle(enum dev_source_kind kind)
{
  static struct dev_source src;
  static struct seen seen;
  memset(&seen, 0, sizeof seen);
  socat = start_socat();
  struct dev_source_config cfg = {
      .kind = kind,
      .baud = 115200,
      .reconnect_ms = 50,
      .frame = {.mode = DEV_FRAME_LINE,
                .terminators = DEV_FRAME_T_CR | DEV_FRAME_T_LF}};
  snprintf(cfg.path, sizeof cfg.path, "%s", host_link);
  char err[512];
  assert_true(dev_source_open(&src, &cfg, on_event, &seen, err, sizeof err));
  scanner_types("]C10107031234567017\x1d"
                "10L1\r\n",
                5);
  assert_true(poll_until(&src, &seen.nscans, 1));
  assert_string_equal(seen.scans[0], "]C10107031234567017\x1d"
                                     "10L1");
  /* Unplug in the middle of a scan: the fragment never becomes a scan. */
  scanner_types("PARTIAL", 7);
  for (int i = 0; i < 10; i++)
    dev_source_poll(&src, 20);
  stop_socat(socat);
  assert_true(poll_until(&src, &seen.disconnected, 1));
  for (int i = 0; i < 10; i++)
    dev_source_poll(&src, 20); /* retries fail while unplugged */
  assert_int_equal(seen.connected, 0);
  socat = start_socat();
  assert_true(poll_until(&src, &seen.connected, 1));
  scanner_types("BIN-07\r", 1);
  assert_true(poll_until(&src, &seen.nscans, 2));
  assert_string_equal(seen.scans[1], "BIN-07");
  assert_int_equal(seen.disconnected, 1);
  dev_source_close(&src);
  stop_socat(socat);
}

static void
termios_source_survives_unplug_and_replug(void **state)
{
  replug_cycle(DEV_SOURCE_TTY);
}

/* libserialport 0.1 refuses ptys; AUTO falls back to termios for them. */
static void
auto_source_survives_unplug_and_replug(void **state)
{
  replug_cycle(DEV_SOURCE_AUTO);
}

static void
libserialport_refuses_a_pty_with_a_reason(void **state)
{
  static struct dev_source src;
  socat = start_socat();
  struct dev_source_config cfg = {.kind = DEV_SOURCE_SERIAL};
  snprintf(cfg.path, sizeof cfg.path, "%s", host_link);
  char err[512];
  assert_false(dev_source_open(&src, &cfg, on_event, NULL, err, sizeof err));
  assert_non_null(strstr(err, "could not find port"));
  stop_socat(socat);
}

static void
file_source_reads_to_the_end(void **state)
{
  static struct dev_source src;
  static struct seen seen;
  memset(&seen, 0, sizeof seen);
  struct dev_source_config cfg = {
      .kind = DEV_SOURCE_FILE,
      .frame = {.mode = DEV_FRAME_LINE, .terminators = DEV_FRAME_T_CR}};
  snprintf(cfg.path, sizeof cfg.path, "%s/f01_cr_aim.bin", streams_dir);
  char err[256];
  assert_true(dev_source_open(&src, &cfg, on_event, &seen, err, sizeof err));
  int polls = 0;
  while (dev_source_poll(&src, 100) == DEV_SOURCE_OK && polls < 100)
    polls++;
  assert_int_equal(seen.nscans, 3);
  assert_string_equal(seen.scans[2], "BIN-01");
  assert_int_equal(dev_source_poll(&src, 0), DEV_SOURCE_EOF);
  dev_source_close(&src);
}

static void
missing_ports_fail_with_a_reason(void **state)
{
  static struct dev_source src;
  struct dev_source_config cfg = {.kind = DEV_SOURCE_TTY};
  snprintf(cfg.path, sizeof cfg.path, "%s/nothing", dir);
  char err[256];
  assert_false(dev_source_open(&src, &cfg, on_event, NULL, err, sizeof err));
  assert_non_null(strstr(err, "nothing"));
  cfg.kind = DEV_SOURCE_SERIAL;
  assert_false(dev_source_open(&src, &cfg, on_event, NULL, err, sizeof err));
  assert_non_null(strstr(err, "nothing"));
  /* A regular file is not a terminal. */
  cfg.kind = DEV_SOURCE_TTY;
  snprintf(cfg.path, sizeof cfg.path, "%s/f01_cr_aim.bin", streams_dir);
  assert_false(dev_source_open(&src, &cfg, on_event, NULL, err, sizeof err));
  cfg.baud = 12345;
  assert_false(dev_source_open(&src, &cfg, on_event, NULL, err, sizeof err));
  assert_non_null(strstr(err, "baud"));
}

int
main(int argc, char **argv)
{
  streams_dir = argc > 1 ? argv[1] : ".";
  snprintf(dir, sizeof dir, "/tmp/depot-pty-XXXXXX");
  assert_non_null(mkdtemp(dir));
  snprintf(scanner_link, sizeof scanner_link, "%s/scanner", dir);
  snprintf(host_link, sizeof host_link, "%s/host", dir);
  signal(SIGPIPE, SIG_IGN);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(termios_source_survives_unplug_and_replug),
      cmocka_unit_test(auto_source_survives_unplug_and_replug),
      cmocka_unit_test(libserialport_refuses_a_pty_with_a_reason),
      cmocka_unit_test(file_source_reads_to_the_end),
      cmocka_unit_test(missing_ports_fail_with_a_reason),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (socat > 0)
    stop_socat(socat);
  unlink(scanner_link);
  unlink(host_link);
  rmdir(dir);
  return rc;
}
