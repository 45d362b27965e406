#ifndef DEV_SOURCE_H
#define DEV_SOURCE_H
/*
 * Byte sources for scanners: one small interface (open, poll for scans,
 * close) over a file or stdin, a terminal opened with termios (pseudo
 * terminals, simple USB CDC ports), or a serial port through
 * libserialport. Bytes go through dev_frame; scans and framing errors
 * come out of a callback, as do connection changes: a port that vanishes
 * (unplugged, EIO/ENXIO, hangup) is reported, closed, and reopened by its
 * name every reconnect_ms until it returns.
 */
#include "dev_frame.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sp_port;

enum dev_source_kind {
  DEV_SOURCE_FILE,   /* a file, or stdin for path "-": ends at EOF */
  DEV_SOURCE_TTY,    /* termios: raw 8N1 at the given baud rate */
  DEV_SOURCE_SERIAL, /* libserialport: 8N1, no flow control */
  DEV_SOURCE_AUTO,   /* libserialport if it knows the port, else termios
                        (libserialport 0.1 refuses pseudo-terminals) */
  DEV_SOURCE_EVDEV,  /* /dev/input/eventN, grabbed so keystrokes reach no
                        one else; frame mode EVDEV; a pipe or file of
                        recorded events ends at EOF */
};

enum { DEV_SOURCE_PATH_MAX = 256 };

struct dev_source_config {
  enum dev_source_kind kind;
  char path[DEV_SOURCE_PATH_MAX];
  int baud;              /* all but FILE; 0 = 9600 */
  unsigned reconnect_ms; /* 0 = 500; all but FILE */
  struct dev_frame_config frame;
};

enum dev_source_event_kind {
  DEV_SOURCE_SCAN,        /* frame: the scan */
  DEV_SOURCE_FRAME_ERROR, /* frame: the framing error */
  DEV_SOURCE_DISCONNECTED,
  DEV_SOURCE_CONNECTED, /* after a disconnect only */
};

/* One event; pointers valid only during the callback. */
struct dev_source_event {
  enum dev_source_event_kind kind;
  const struct dev_frame_event *frame; /* SCAN, FRAME_ERROR */
  const char *message;                 /* DISCONNECTED: why */
};

enum dev_source_status {
  DEV_SOURCE_OK,  /* keep polling */
  DEV_SOURCE_EOF, /* a FILE source has ended */
};

/* A source (caller-owned, about 9 KiB). */
struct dev_source {
  struct dev_source_config cfg;
  void (*emit)(void *cls, const struct dev_source_event *ev);
  void *cls;
  int fd;               /* -1 while disconnected */
  struct sp_port *port; /* SERIAL only */
  bool connected;
  uint64_t retry_at_ms;
  struct dev_frame frame;
};

/*
 * Opens @a s (out) as @a cfg (in, copied) says; @a emit (in) receives
 * every event with @a cls. Returns false, with the reason in @a err
 * (out, @a errlen bytes), when the source cannot be opened now.
 */
bool dev_source_open(struct dev_source *s, const struct dev_source_config *cfg,
                     void (*emit)(void *cls, const struct dev_source_event *ev),
                     void *cls, char *err, size_t errlen);

/*
 * Waits up to @a timeout_ms for bytes, reads what is there and emits the
 * resulting events; while disconnected, retries the port by name.
 * Returns DEV_SOURCE_EOF once a FILE source has ended.
 */
enum dev_source_status dev_source_poll(struct dev_source *s, int timeout_ms);

/* Closes @a s (in,out); an unterminated partial scan is dropped. */
void dev_source_close(struct dev_source *s);

/* Monotonic milliseconds (for dev_frame timestamps and retries). */
uint64_t dev_source_now_ms(void);

#endif
