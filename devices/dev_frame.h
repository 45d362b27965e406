#ifndef DEV_FRAME_H
#define DEV_FRAME_H
/*
 * Scanner framing: a push parser fed whatever a port read returned, in
 * any chunking, that emits one event per scan (or per framing error).
 * Modes: terminated lines (CR, LF, CR LF, TAB, ETX in any combination;
 * CR LF is one terminator even across reads), STX…ETX frames, an
 * inter-character gap (no terminator), and USB HID boot-keyboard reports
 * (dev_hid.h; Enter ends a scan) or Linux evdev key events (dev_evdev.h). Line
 * noise (0x00, XON 0x11, XOFF 0x13, 0xFF) is dropped and counted; GS, RS and
 * EOT are data. Buffers are bounded: a scan over max_len bytes is reported and
 * skipped up to its terminator. Output is identical for any split of the same
 * bytes, except in gap mode, where the caller's timestamps decide.
 */
#include "dev_evdev.h"
#include "dev_hid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
  DEV_FRAME_MAX_LEN = 8192, /* hard cap on one scan (bytes) */
  DEV_FRAME_MAX_AFFIX = 16, /* prefix/suffix to strip (bytes) */
  DEV_FRAME_GAP_MS = 50,    /* default gap that ends a frame */
};

enum dev_frame_mode {
  DEV_FRAME_LINE,
  DEV_FRAME_STX_ETX,
  DEV_FRAME_GAP,
  DEV_FRAME_HID_BOOT,
  DEV_FRAME_EVDEV, /* struct input_event records (dev_evdev.h) */
};

/* Terminators of LINE (and HID_BOOT, EVDEV) mode, as bits. */
enum dev_frame_term {
  DEV_FRAME_T_CR = 1 << 0,
  DEV_FRAME_T_LF = 1 << 1,
  DEV_FRAME_T_CRLF = 1 << 2, /* CR only when LF follows */
  DEV_FRAME_T_TAB = 1 << 3,
  DEV_FRAME_T_ETX = 1 << 4,
};

struct dev_frame_config {
  enum dev_frame_mode mode;
  unsigned terminators; /* enum dev_frame_term bits; LINE, HID_BOOT */
  size_t max_len;       /* 1..DEV_FRAME_MAX_LEN; 0 = the maximum */
  unsigned gap_ms;      /* GAP: idle time ending a frame; 0 = default */
  char prefix[DEV_FRAME_MAX_AFFIX + 1]; /* stripped when present */
  char suffix[DEV_FRAME_MAX_AFFIX + 1];
};

enum dev_frame_event_kind { DEV_FRAME_SCAN, DEV_FRAME_ERROR };

enum dev_frame_error {
  DEV_FRAME_OVERLONG, /* more than max_len bytes before the terminator */
  DEV_FRAME_ABORTED,  /* STX inside an open frame: partial frame dropped */
};

/* One scan or error; pointers valid only during the callback. */
struct dev_frame_event {
  enum dev_frame_event_kind kind;
  const char *data; /* SCAN: the scan, AIM id included; not NUL-ended */
  size_t len;
  char aim[4];                /* SCAN: "]C1" etc. or "" */
  bool utf8_valid;            /* SCAN: whether data is well-formed UTF-8 */
  enum dev_frame_error error; /* ERROR */
  const char *message;        /* ERROR: static text */
};

/* Counters since init. */
struct dev_frame_stats {
  unsigned long scans, errors;
  unsigned long noise;     /* noise bytes dropped */
  unsigned long discarded; /* other bytes dropped: outside frames, overlong
                              or unterminated scans */
};

/* Parser state (caller-owned, about 8 KiB; dev_frame_init before use). */
struct dev_frame {
  struct dev_frame_config cfg;
  void (*emit)(void *cls, const struct dev_frame_event *ev);
  void *cls;
  struct dev_frame_stats stats;
  char buf[DEV_FRAME_MAX_LEN];
  size_t len;
  bool in_frame;   /* STX_ETX: after STX */
  bool skipping;   /* overlong: dropping up to the terminator */
  bool pending_cr; /* CRLF only: a CR waiting for its LF */
  bool after_cr;   /* a CR ended a scan: an LF next is part of it */
  uint64_t last_ms;
  struct dev_hid hid;
  struct dev_evdev evdev;
};

/*
 * Sets up @a f (out) with @a cfg (in, copied); @a emit (in) is called
 * with @a cls for every event, from within feed/tick/finish.
 */
void dev_frame_init(struct dev_frame *f, const struct dev_frame_config *cfg,
                    void (*emit)(void *cls, const struct dev_frame_event *ev),
                    void *cls);

/*
 * Feeds @a len bytes at @a data (in) read at time @a now_ms (any
 * monotonic milliseconds; used in GAP mode only).
 */
void dev_frame_feed(struct dev_frame *f, const void *data, size_t len,
                    uint64_t now_ms);

/* GAP mode: ends the frame if nothing arrived for gap_ms before @a now_ms. */
void dev_frame_tick(struct dev_frame *f, uint64_t now_ms);

/*
 * End of stream: in GAP mode the open frame is a scan; elsewhere an
 * unterminated fragment is dropped (counted as discarded).
 */
void dev_frame_finish(struct dev_frame *f);

/*
 * Parses a terminator list @a list (in): comma-separated cr, lf, crlf,
 * tab, etx, enter (= cr), any (= cr,lf,crlf,tab), case-insensitive.
 * Returns false for an unknown name or an empty list.
 */
bool dev_frame_parse_terminators(const char *list, unsigned *out);

#endif
