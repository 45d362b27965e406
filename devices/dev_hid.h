#ifndef DEV_HID_H
#define DEV_HID_H
/*
 * USB HID boot-keyboard reports (8 bytes: modifiers, reserved, six key
 * usages) to the characters a scanner in keyboard mode types, US layout.
 * A character is produced when a usage appears that was not in the
 * previous report; Shift is modifier bit 0x02/0x20; Ctrl (0x01/0x10) with
 * a key of '@'..'_' or a letter gives the control character (Ctrl+] is GS,
 * Ctrl+^ RS, Ctrl+D EOT); Alt (0x04/0x40) with keypad digits types the
 * character of that decimal code when Alt is released. Enter is '\r'.
 * Modifier-only and ErrorRollOver (all slots 0x01) reports type nothing.
 */
#include <stddef.h>
#include <stdint.h>

enum { DEV_HID_REPORT = 8 };

/* Decoder state (caller-owned; dev_hid_init before use). */
struct dev_hid {
  uint8_t partial[DEV_HID_REPORT]; /* a report split across reads */
  size_t have;
  uint8_t prev[6];   /* key usages of the previous report */
  unsigned alt_code; /* Alt+keypad digits typed so far */
  unsigned alt_digits;
};

/* Resets @a h (out) to "no keys down". */
void dev_hid_init(struct dev_hid *h);

/*
 * The character of key @a usage with @a modifiers, ignoring Ctrl/Alt;
 * '\0' for keys that type nothing (or are unknown).
 */
char dev_hid_char(uint8_t usage, uint8_t modifiers);

/*
 * Decodes one report @a r (in, 8 bytes) into @a out (out, at least 7
 * bytes). Returns the number of characters written.
 */
size_t dev_hid_report(struct dev_hid *h, const uint8_t *r, char *out);

/*
 * Decodes @a len bytes of back-to-back reports at @a data (in; a report
 * may straddle calls) into @a out (out; needs 7 bytes per whole report
 * the bytes complete). Returns the number of characters written.
 */
size_t dev_hid_feed(struct dev_hid *h, const uint8_t *data, size_t len,
                    char *out);

#endif
