/*
 * The source loop: poll, read, frame; on a vanished port report it,
 * close, and retry by name. FILE sources end at EOF; terminals never do
 * (a pty whose other end closed reads EIO, which counts as unplugged).
 */
#include "dev_source.h"

#include "dev_source_serial.h"
#include "dev_source_tty.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { READ_CHUNK = 4096 };

uint64_t
dev_source_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Passes framer events on as source events. */
static void
frame_event(void *cls, const struct dev_frame_event *ev)
{
  struct dev_source *s = cls;
  struct dev_source_event out = {.kind = ev->kind == DEV_FRAME_SCAN
                                             ? DEV_SOURCE_SCAN
                                             : DEV_SOURCE_FRAME_ERROR,
                                 .frame = ev};
  s->emit(s->cls, &out);
}

/* Opens the device or file; sets s->fd (and s->port). */
static bool
connect_source(struct dev_source *s, char *err, size_t errlen)
{
  const char *path = s->cfg.path;
  switch (s->cfg.kind) {
    case DEV_SOURCE_FILE:
      s->fd =
          strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
      if (s->fd < 0)
        snprintf(err, errlen, "could not open \"%s\": %s", path,
                 strerror(errno));
      break;
    case DEV_SOURCE_TTY:
      s->fd = dev_source_tty_open(path, s->cfg.baud, err, errlen);
      break;
    case DEV_SOURCE_SERIAL:
      if (!dev_source_serial_open(path, s->cfg.baud, &s->port, &s->fd, err,
                                  errlen))
        s->fd = -1;
      break;
    case DEV_SOURCE_EVDEV:
      s->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      if (s->fd < 0)
        snprintf(err, errlen, "could not open \"%s\": %s", path,
                 strerror(errno));
      else
        (void)ioctl(s->fd, EVIOCGRAB, 1); /* fails harmlessly on pipes */
      break;
    case DEV_SOURCE_AUTO:
      if (!dev_source_serial_open(path, s->cfg.baud, &s->port, &s->fd, err,
                                  errlen))
        s->fd = dev_source_tty_open(path, s->cfg.baud, err, errlen);
      break;
  }
  s->connected = s->fd >= 0;
  return s->connected;
}

static void
disconnect(struct dev_source *s)
{
  dev_frame_finish(&s->frame);
  if (s->port != NULL)
    dev_source_serial_close(s->port);
  else if (s->fd >= 0)
    close(s->fd);
  s->port = NULL;
  s->fd = -1;
  s->connected = false;
}

bool
dev_source_open(struct dev_source *s, const struct dev_source_config *cfg,
                void (*emit)(void *cls, const struct dev_source_event *ev),
                void *cls, char *err, size_t errlen)
{
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  s->cfg.path[sizeof s->cfg.path - 1] = '\0';
  if (s->cfg.baud == 0)
    s->cfg.baud = 9600;
  if (s->cfg.reconnect_ms == 0)
    s->cfg.reconnect_ms = 500;
  if (s->cfg.kind == DEV_SOURCE_EVDEV)
    s->cfg.frame.mode = DEV_FRAME_EVDEV;
  s->emit = emit;
  s->cls = cls;
  s->fd = -1;
  dev_frame_init(&s->frame, &s->cfg.frame, frame_event, s);
  return connect_source(s, err, errlen);
}

/* The port went away: report, close, schedule the first retry. */
static void
lost(struct dev_source *s, const char *why)
{
  char msg[DEV_SOURCE_PATH_MAX + 128];
  snprintf(msg, sizeof msg, "lost \"%s\": %s", s->cfg.path, why);
  disconnect(s);
  s->retry_at_ms = dev_source_now_ms() + s->cfg.reconnect_ms;
  struct dev_source_event ev = {.kind = DEV_SOURCE_DISCONNECTED,
                                .message = msg};
  s->emit(s->cls, &ev);
}

/* While disconnected: sleep until the next retry (at most timeout). */
static void
retry(struct dev_source *s, int timeout_ms)
{
  uint64_t now = dev_source_now_ms();
  if (now < s->retry_at_ms) {
    uint64_t wait = s->retry_at_ms - now;
    if (timeout_ms >= 0 && wait > (uint64_t)timeout_ms)
      wait = (uint64_t)timeout_ms;
    poll(NULL, 0, (int)wait);
    if (dev_source_now_ms() < s->retry_at_ms)
      return;
  }
  char err[200];
  dev_frame_init(&s->frame, &s->cfg.frame, frame_event, s);
  if (!connect_source(s, err, sizeof err)) {
    s->retry_at_ms = dev_source_now_ms() + s->cfg.reconnect_ms;
    return;
  }
  struct dev_source_event ev = {.kind = DEV_SOURCE_CONNECTED};
  s->emit(s->cls, &ev);
}

/* Reads once; feeds the framer. Returns the byte count, 0 at EOF, -1. */
static ssize_t
read_some(struct dev_source *s, char *buf)
{
  if (s->port != NULL) {
    enum sp_return r = sp_nonblocking_read(s->port, buf, READ_CHUNK);
    return r >= 0 ? (ssize_t)r : -1;
  }
  return read(s->fd, buf, READ_CHUNK);
}

enum dev_source_status
dev_source_poll(struct dev_source *s, int timeout_ms)
{
  if (!s->connected) {
    if (s->cfg.kind == DEV_SOURCE_FILE)
      return DEV_SOURCE_EOF;
    retry(s, timeout_ms);
    return DEV_SOURCE_OK;
  }
  struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
  int r = poll(&pfd, 1, timeout_ms);
  if (r == 0 || (r < 0 && errno == EINTR)) {
    dev_frame_tick(&s->frame, dev_source_now_ms());
    return DEV_SOURCE_OK;
  }
  char buf[READ_CHUNK];
  ssize_t n = read_some(s, buf);
  if (n > 0) {
    dev_frame_feed(&s->frame, buf, (size_t)n, dev_source_now_ms());
    return DEV_SOURCE_OK;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR) &&
      (pfd.revents & (POLLHUP | POLLERR)) == 0)
    return DEV_SOURCE_OK;
  /* evdev devices never read 0: that is a recording (pipe, file) ending. */
  if (s->cfg.kind == DEV_SOURCE_FILE ||
      (s->cfg.kind == DEV_SOURCE_EVDEV && n == 0)) {
    disconnect(s);
    return DEV_SOURCE_EOF;
  }
  lost(s, n == 0 || errno == EAGAIN ? "hangup" : strerror(errno));
  return DEV_SOURCE_OK;
}

void
dev_source_close(struct dev_source *s)
{
  disconnect(s);
}
