#include "dev_hid.h"

#include <string.h>

enum {
  MOD_CTRL = 0x11,
  MOD_SHIFT = 0x22,
  MOD_ALT = 0x44,
  KEY_ERROR_ROLLOVER = 0x01,
  KEY_KP_1 = 0x59,
  KEY_KP_0 = 0x62,
};

/* US layout: usage -> {plain, shifted}; {0, 0} types nothing. */
static const char keymap[][2] = {
    [0x04] = {'a', 'A'},   [0x05] = {'b', 'B'},   [0x06] = {'c', 'C'},
    [0x07] = {'d', 'D'},   [0x08] = {'e', 'E'},   [0x09] = {'f', 'F'},
    [0x0a] = {'g', 'G'},   [0x0b] = {'h', 'H'},   [0x0c] = {'i', 'I'},
    [0x0d] = {'j', 'J'},   [0x0e] = {'k', 'K'},   [0x0f] = {'l', 'L'},
    [0x10] = {'m', 'M'},   [0x11] = {'n', 'N'},   [0x12] = {'o', 'O'},
    [0x13] = {'p', 'P'},   [0x14] = {'q', 'Q'},   [0x15] = {'r', 'R'},
    [0x16] = {'s', 'S'},   [0x17] = {'t', 'T'},   [0x18] = {'u', 'U'},
    [0x19] = {'v', 'V'},   [0x1a] = {'w', 'W'},   [0x1b] = {'x', 'X'},
    [0x1c] = {'y', 'Y'},   [0x1d] = {'z', 'Z'},   [0x1e] = {'1', '!'},
    [0x1f] = {'2', '@'},   [0x20] = {'3', '#'},   [0x21] = {'4', '$'},
    [0x22] = {'5', '%'},   [0x23] = {'6', '^'},   [0x24] = {'7', '&'},
    [0x25] = {'8', '*'},   [0x26] = {'9', '('},   [0x27] = {'0', ')'},
    [0x28] = {'\r', '\r'}, [0x2b] = {'\t', '\t'}, [0x2c] = {' ', ' '},
    [0x2d] = {'-', '_'},   [0x2e] = {'=', '+'},   [0x2f] = {'[', '{'},
    [0x30] = {']', '}'},   [0x31] = {'\\', '|'},  [0x32] = {'#', '~'},
    [0x33] = {';', ':'},   [0x34] = {'\'', '"'},  [0x35] = {'`', '~'},
    [0x36] = {',', '<'},   [0x37] = {'.', '>'},   [0x38] = {'/', '?'},
    [0x54] = {'/', '/'},   [0x55] = {'*', '*'},   [0x56] = {'-', '-'},
    [0x57] = {'+', '+'},   [0x58] = {'\r', '\r'}, [0x59] = {'1', '1'},
    [0x5a] = {'2', '2'},   [0x5b] = {'3', '3'},   [0x5c] = {'4', '4'},
    [0x5d] = {'5', '5'},   [0x5e] = {'6', '6'},   [0x5f] = {'7', '7'},
    [0x60] = {'8', '8'},   [0x61] = {'9', '9'},   [0x62] = {'0', '0'},
    [0x63] = {'.', '.'},
};

void
dev_hid_init(struct dev_hid *h)
{
  memset(h, 0, sizeof *h);
}

char
dev_hid_char(uint8_t usage, uint8_t modifiers)
{
  if (usage >= sizeof keymap / sizeof keymap[0])
    return '\0';
  return keymap[usage][(modifiers & MOD_SHIFT) != 0 ? 1 : 0];
}

/* The character one newly pressed key types under @a mod; '\0' if none. */
static char
press(struct dev_hid *h, uint8_t usage, uint8_t mod)
{
  if ((mod & MOD_ALT) != 0 && usage >= KEY_KP_1 && usage <= KEY_KP_0) {
    unsigned digit = usage == KEY_KP_0 ? 0 : usage - KEY_KP_1 + 1u;
    if (h->alt_digits < 3)
      h->alt_code = h->alt_code * 10 + digit;
    h->alt_digits++;
    return '\0';
  }
  char c = dev_hid_char(usage, mod);
  if ((mod & MOD_CTRL) != 0) {
    char up = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    return up >= '@' && up <= '_' ? (char)(up & 0x1f) : '\0';
  }
  return c;
}

size_t
dev_hid_report(struct dev_hid *h, const uint8_t *r, char *out)
{
  const uint8_t *keys = r + 2;
  size_t n = 0;
  if (keys[0] == KEY_ERROR_ROLLOVER && keys[5] == KEY_ERROR_ROLLOVER)
    return 0; /* too many keys down: the report says nothing */
  if ((r[0] & MOD_ALT) == 0 && h->alt_digits > 0) {
    if (h->alt_code > 0 && h->alt_code < 256)
      out[n++] = (char)h->alt_code;
    h->alt_code = 0;
    h->alt_digits = 0;
  }
  for (int i = 0; i < 6; i++) {
    if (keys[i] <= KEY_ERROR_ROLLOVER || memchr(h->prev, keys[i], 6) != NULL)
      continue;
    char c = press(h, keys[i], r[0]);
    if (c != '\0')
      out[n++] = c;
  }
  memcpy(h->prev, keys, 6);
  return n;
}

size_t
dev_hid_feed(struct dev_hid *h, const uint8_t *data, size_t len, char *out)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    h->partial[h->have++] = data[i];
    if (h->have == DEV_HID_REPORT) {
      n += dev_hid_report(h, h->partial, out + n);
      h->have = 0;
    }
  }
  return n;
}
