#include "dev_frame.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { STX = 0x02, ETX = 0x03, TAB = 0x09, LF = 0x0a, CR = 0x0d };

void
dev_frame_init(struct dev_frame *f, const struct dev_frame_config *cfg,
               void (*emit)(void *cls, const struct dev_frame_event *ev),
               void *cls)
{
  memset(f, 0, sizeof *f);
  f->cfg = *cfg;
  if (f->cfg.max_len == 0 || f->cfg.max_len > DEV_FRAME_MAX_LEN)
    f->cfg.max_len = DEV_FRAME_MAX_LEN;
  if (f->cfg.gap_ms == 0)
    f->cfg.gap_ms = DEV_FRAME_GAP_MS;
  if (f->cfg.terminators == 0)
    f->cfg.terminators = DEV_FRAME_T_CR;
  f->emit = emit;
  f->cls = cls;
  dev_hid_init(&f->hid);
  dev_evdev_init(&f->evdev);
}

static bool
is_noise(unsigned char c)
{
  return c == 0x00 || c == 0x11 || c == 0x13 || c == 0xff;
}

/* Whether the @a n bytes at @a s are well-formed UTF-8 (RFC 3629). */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t k = c < 0x80                 ? 0
               : c >= 0xc2 && c <= 0xdf ? 1
               : c >= 0xe0 && c <= 0xef ? 2
               : c >= 0xf0 && c <= 0xf4 ? 3
                                        : 9;
    if (k == 9 || n - i <= k)
      return false;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80)
        return false;
    }
    /* Overlongs, surrogates and code points past U+10FFFF. */
    if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] > 0x9f) ||
        (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] > 0x8f))
      return false;
    i += k + 1;
  }
  return true;
}

static void
error_event(struct dev_frame *f, enum dev_frame_error e, const char *msg)
{
  struct dev_frame_event ev = {
      .kind = DEV_FRAME_ERROR, .error = e, .message = msg};
  f->stats.errors++;
  f->emit(f->cls, &ev);
}

/* Ends the current scan: emits it unless empty or being skipped. */
static void
end_scan(struct dev_frame *f)
{
  const char *s = f->buf;
  size_t n = f->len;
  f->len = 0;
  if (f->skipping) {
    f->skipping = false;
    return;
  }
  size_t plen = strlen(f->cfg.prefix), slen = strlen(f->cfg.suffix);
  if (plen > 0 && n >= plen && memcmp(s, f->cfg.prefix, plen) == 0) {
    s += plen;
    n -= plen;
  }
  if (slen > 0 && n >= slen && memcmp(s + n - slen, f->cfg.suffix, slen) == 0)
    n -= slen;
  if (n == 0)
    return;
  struct dev_frame_event ev = {.kind = DEV_FRAME_SCAN, .data = s, .len = n};
  if (n >= 3 && s[0] == ']' &&
      ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= 'a' && s[1] <= 'z')) &&
      ((s[2] >= '0' && s[2] <= '9') || (s[2] >= 'A' && s[2] <= 'Z') ||
       (s[2] >= 'a' && s[2] <= 'z')))
    memcpy(ev.aim, s, 3);
  ev.utf8_valid = utf8_ok((const unsigned char *)s, n);
  f->stats.scans++;
  f->emit(f->cls, &ev);
}

/* Appends one data byte, or starts skipping an overlong scan. */
static void
push(struct dev_frame *f, char c)
{
  if (f->skipping) {
    f->stats.discarded++;
    return;
  }
  if (f->len == f->cfg.max_len) {
    f->stats.discarded += f->len + 1;
    f->len = 0;
    f->skipping = true;
    error_event(f, DEV_FRAME_OVERLONG,
                "scan longer than the maximum length: skipped to its end");
    return;
  }
  f->buf[f->len++] = c;
}

static void
line_byte(struct dev_frame *f, unsigned char c)
{
  unsigned t = f->cfg.terminators;
  bool after_cr = f->after_cr;
  f->after_cr = false;
  if (f->pending_cr) {
    f->pending_cr = false;
    if (c == LF) {
      end_scan(f);
      return;
    }
    push(f, CR);
  }
  if (after_cr && c == LF)
    return; /* the LF of a CR LF pair */
  if (c == CR && (t & DEV_FRAME_T_CR) != 0) {
    end_scan(f);
    f->after_cr = true;
  } else if (c == CR && (t & DEV_FRAME_T_CRLF) != 0) {
    f->pending_cr = true;
  } else if ((c == LF && (t & DEV_FRAME_T_LF) != 0) ||
             (c == TAB && (t & DEV_FRAME_T_TAB) != 0) ||
             (c == ETX && (t & DEV_FRAME_T_ETX) != 0)) {
    end_scan(f);
  } else {
    push(f, (char)c);
  }
}

static void
stx_byte(struct dev_frame *f, unsigned char c)
{
  if (c == STX) {
    if (f->in_frame && (f->len > 0 || f->skipping)) {
      f->stats.discarded += f->len;
      if (!f->skipping)
        error_event(f, DEV_FRAME_ABORTED,
                    "STX inside an open frame: partial frame dropped");
    }
    f->in_frame = true;
    f->len = 0;
    f->skipping = false;
  } else if (!f->in_frame) {
    f->stats.discarded++;
  } else if (c == ETX) {
    end_scan(f);
    f->in_frame = false;
  } else {
    push(f, (char)c);
  }
}

void
dev_frame_tick(struct dev_frame *f, uint64_t now_ms)
{
  if (f->cfg.mode == DEV_FRAME_GAP && (f->len > 0 || f->skipping) &&
      now_ms - f->last_ms >= f->cfg.gap_ms)
    end_scan(f);
}

/* One byte after noise removal, dispatched by mode. */
static void
frame_byte(struct dev_frame *f, unsigned char c)
{
  if (is_noise(c)) {
    f->stats.noise++;
    return;
  }
  switch (f->cfg.mode) {
    case DEV_FRAME_LINE:
    case DEV_FRAME_HID_BOOT:
    case DEV_FRAME_EVDEV:
      line_byte(f, c);
      break;
    case DEV_FRAME_STX_ETX:
      stx_byte(f, c);
      break;
    case DEV_FRAME_GAP:
      push(f, (char)c);
      break;
  }
}

void
dev_frame_feed(struct dev_frame *f, const void *data, size_t len,
               uint64_t now_ms)
{
  const unsigned char *p = data;
  if (len == 0)
    return;
  dev_frame_tick(f, now_ms);
  f->last_ms = now_ms;
  if (f->cfg.mode != DEV_FRAME_HID_BOOT && f->cfg.mode != DEV_FRAME_EVDEV) {
    for (size_t i = 0; i < len; i++)
      frame_byte(f, p[i]);
    return;
  }
  /* Decode reports/events in slices small enough for a stack buffer. */
  for (size_t i = 0; i < len; i += 64) {
    char out[64 / DEV_HID_REPORT * 7 + 7];
    size_t take = len - i < 64 ? len - i : 64;
    size_t n = f->cfg.mode == DEV_FRAME_EVDEV
                   ? dev_evdev_feed(&f->evdev, p + i, take, out)
                   : dev_hid_feed(&f->hid, p + i, take, out);
    for (size_t j = 0; j < n; j++)
      frame_byte(f, (unsigned char)out[j]);
  }
}

void
dev_frame_finish(struct dev_frame *f)
{
  if (f->cfg.mode == DEV_FRAME_GAP) {
    end_scan(f);
    return;
  }
  f->stats.discarded += f->len + (f->pending_cr ? 1 : 0);
  f->len = 0;
  f->skipping = false;
  f->pending_cr = false;
  f->in_frame = false;
}

bool
dev_frame_parse_terminators(const char *list, unsigned *out)
{
  static const struct {
    const char *name;
    unsigned bits;
  } names[] = {
      {"cr", DEV_FRAME_T_CR},
      {"lf", DEV_FRAME_T_LF},
      {"crlf", DEV_FRAME_T_CRLF},
      {"tab", DEV_FRAME_T_TAB},
      {"etx", DEV_FRAME_T_ETX},
      {"enter", DEV_FRAME_T_CR},
      {"any",
       DEV_FRAME_T_CR | DEV_FRAME_T_LF | DEV_FRAME_T_CRLF | DEV_FRAME_T_TAB},
  };
  unsigned bits = 0;
  while (*list != '\0') {
    size_t n = strcspn(list, ",");
    bool found = false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      if (strlen(names[i].name) == n &&
          strncasecmp(names[i].name, list, n) == 0) {
        bits |= names[i].bits;
        found = true;
      }
    }
    if (!found)
      return false;
    list += n + (list[n] == ',');
  }
  if (bits == 0)
    return false;
  *out = bits;
  return true;
}
