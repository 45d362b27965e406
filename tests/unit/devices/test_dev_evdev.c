/*
 * evdev keyboard scanners: recorded struct input_event streams, written
 * through a pipe in odd-sized pieces, read by the same source and framing
 * code a /dev/input/eventN device uses.
 */
#include "dev_evdev.h"
#include "dev_source.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

/* A recording being built. */
struct rec {
  struct input_event ev[4096];
  size_t n;
};

static void
event(struct rec *r, uint16_t type, uint16_t code, int32_t value)
{
  assert_true(r->n < sizeof r->ev / sizeof r->ev[0]);
  struct input_event e = {.type = type, .code = code, .value = value};
  e.time.tv_usec = (long)r->n;
  r->ev[r->n++] = e;
}

/* Press and release @a code (with MSC_SCAN and SYN as real keyboards do). */
static void
tap(struct rec *r, uint16_t code)
{
  event(r, EV_MSC, MSC_SCAN, 0x70000 + code);
  event(r, EV_KEY, code, 1);
  event(r, EV_SYN, SYN_REPORT, 0);
  event(r, EV_KEY, code, 0);
  event(r, EV_SYN, SYN_REPORT, 0);
}

static void
with(struct rec *r, uint16_t mod, uint16_t code)
{
  event(r, EV_KEY, mod, 1);
  tap(r, code);
  event(r, EV_KEY, mod, 0);
}

static uint16_t
code_of(char c)
{
  static const char *const letters = "abcdefghijklmnopqrstuvwxyz";
  static const uint16_t lcodes[] = {
      KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
      KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
      KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};
  static const uint16_t dcodes[] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                    KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
  if (c >= '0' && c <= '9')
    return dcodes[c - '0'];
  const char *l = strchr(letters, c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (l != NULL)
    return lcodes[l - letters];
  return c == '-' ? KEY_MINUS : c == ']' ? KEY_RIGHTBRACE : KEY_SPACE;
}

/* Types @a s as a keyboard would: Shift for capitals. */
static void
type(struct rec *r, const char *s)
{
  for (; *s != '\0'; s++) {
    if (*s >= 'A' && *s <= 'Z')
      with(r, KEY_LEFTSHIFT, code_of(*s));
    else
      tap(r, code_of(*s));
  }
}

static void
record_two_scans(struct rec *r)
{
  r->n = 0;
  type(r, "]C1");
  type(r, "0107031234567017");
  with(r, KEY_RIGHTCTRL, KEY_RIGHTBRACE); /* GS */
  type(r, "10AB");
  event(r, EV_KEY, KEY_7, 1); /* held: repeats must not type */
  event(r, EV_KEY, KEY_7, 2);
  event(r, EV_KEY, KEY_7, 2);
  event(r, EV_KEY, KEY_7, 0);
  tap(r, KEY_ENTER);
  type(r, "bin-");
  event(r, EV_KEY, KEY_LEFTALT, 1); /* Alt+0 6 5 = 'A' */
  tap(r, KEY_KP0);
  tap(r, KEY_KP6);
  tap(r, KEY_KP5);
  event(r, EV_KEY, KEY_LEFTALT, 0);
  tap(r, KEY_KPENTER);
  type(r, "partial");
}

struct seen {
  char scans[4][64];
  unsigned n;
};

static void
on_event(void *cls, const struct dev_source_event *ev)
{
  struct seen *s = cls;
  if (ev->kind == DEV_SOURCE_SCAN && s->n < 4)
    snprintf(s->scans[s->n++], sizeof s->scans[0], "%.*s", (int)ev->frame->len,
             ev->frame->data);
}

static void
recorded_events_through_a_pipe_become_scans(void **state)
{
  static struct rec r;
  record_two_scans(&r);
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t writer = fork();
  if (writer == 0) {
    close(fds[0]);
    const char *p = (const char *)r.ev;
    size_t len = r.n * sizeof r.ev[0];
    for (size_t off = 0, k = 5; off < len; off += k, k = k % 61 + 7) {
      size_t take = len - off < k ? len - off : k;
      if (write(fds[1], p + off, take) != (ssize_t)take)
        _exit(1);
      if (off % 5 == 0)
        usleep(100);
    }
    _exit(0);
  }
  close(fds[1]);
  static struct dev_source src;
  static struct seen seen;
  memset(&seen, 0, sizeof seen);
  struct dev_source_config cfg = {
      .kind = DEV_SOURCE_EVDEV,
      .frame = {.terminators = DEV_FRAME_T_CR},
  };
  snprintf(cfg.path, sizeof cfg.path, "/dev/fd/%d", fds[0]);
  char err[256];
  assert_true(dev_source_open(&src, &cfg, on_event, &seen, err, sizeof err));
  int polls = 0;
  while (dev_source_poll(&src, 200) == DEV_SOURCE_OK && polls++ < 10000)
    ;
  dev_source_close(&src);
  close(fds[0]);
  int status;
  waitpid(writer, &status, 0);
  assert_int_equal(WEXITSTATUS(status), 0);
  assert_int_equal(seen.n, 2);
  assert_string_equal(seen.scans[0], "]C10107031234567017\x1d"
                                     "10AB7");
  assert_string_equal(seen.scans[1], "bin-A");
}

static void
decoding_does_not_depend_on_read_sizes(void **state)
{
  static struct rec r;
  record_two_scans(&r);
  const uint8_t *p = (const uint8_t *)r.ev;
  size_t len = r.n * sizeof r.ev[0];
  static char whole[8192], bytes[8192];
  struct dev_evdev e;
  dev_evdev_init(&e);
  size_t a = dev_evdev_feed(&e, p, len, whole);
  dev_evdev_init(&e);
  size_t b = 0;
  for (size_t i = 0; i < len; i++)
    b += dev_evdev_feed(&e, p + i, 1, bytes + b);
  assert_int_equal(a, b);
  assert_memory_equal(whole, bytes, a);
  assert_memory_equal(whole, "]C1", 3);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(recorded_events_through_a_pipe_become_scans),
      cmocka_unit_test(decoding_does_not_depend_on_read_sizes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
