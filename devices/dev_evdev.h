#ifndef DEV_EVDEV_H
#define DEV_EVDEV_H
/*
 * Linux evdev keyboard events (struct input_event, as read from
 * /dev/input/eventN) to the characters a scanner in keyboard mode types.
 * Key presses and releases keep a synthetic USB boot report up to date,
 * which dev_hid decodes, so evdev and raw HID scanners share one keymap
 * and one set of rules (Shift, Ctrl+] = GS, Alt+keypad, Enter = '\r').
 * Auto-repeat and non-key events are ignored.
 */
#include "dev_hid.h"

#include <stddef.h>
#include <stdint.h>

#include <linux/input.h>

/* Decoder state (caller-owned; dev_evdev_init before use). */
struct dev_evdev {
  unsigned char partial[sizeof(struct input_event)]; /* event split by reads */
  size_t have;
  uint8_t report[DEV_HID_REPORT]; /* modifiers, 0, six keys down */
  struct dev_hid hid;
};

/* Resets @a e (out) to "no keys down". */
void dev_evdev_init(struct dev_evdev *e);

/*
 * Decodes @a len bytes of input_event records at @a data (in; a record
 * may straddle calls) into @a out (out; needs 7 bytes per whole record).
 * Returns the number of characters written.
 */
size_t dev_evdev_feed(struct dev_evdev *e, const uint8_t *data, size_t len,
                      char *out);

#endif
