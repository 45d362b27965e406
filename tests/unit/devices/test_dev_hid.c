/*
 * USB HID boot-keyboard decoding: the US keymap, Shift and Ctrl, keys held
 * across reports, ErrorRollOver, Alt+keypad codes, reports split by reads.
 */
#include "dev_hid.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void
keymap_covers_the_characters_of_barcodes(void **state)
{
  assert_int_equal(dev_hid_char(0x04, 0), 'a');
  assert_int_equal(dev_hid_char(0x04, 0x20), 'A');
  assert_int_equal(dev_hid_char(0x27, 0), '0');
  assert_int_equal(dev_hid_char(0x1f, 0x02), '@');
  assert_int_equal(dev_hid_char(0x2d, 0x02), '_');
  assert_int_equal(dev_hid_char(0x38, 0), '/');
  assert_int_equal(dev_hid_char(0x28, 0), '\r');
  assert_int_equal(dev_hid_char(0x62, 0), '0');  /* keypad */
  assert_int_equal(dev_hid_char(0x29, 0), '\0'); /* Escape */
  assert_int_equal(dev_hid_char(0xe0, 0), '\0');
}

static size_t
feed(struct dev_hid *h, const uint8_t (*r)[8], size_t n, char *out)
{
  return dev_hid_feed(h, (const uint8_t *)r, n * 8, out);
}

static void
ctrl_gives_control_characters(void **state)
{
  static const uint8_t r[][8] = {
      {0x01, 0, 0x30, 0, 0, 0, 0, 0}, /* Ctrl+] GS */
      {0x11, 0, 0x23, 0, 0, 0, 0, 0}, /* Ctrl+6 (no shift): nothing */
      {0x03, 0, 0x23, 0, 0, 0, 0, 0}, /* still held: nothing */
      {0x03, 0, 0, 0, 0, 0, 0, 0},    /* released */
      {0x03, 0, 0x23, 0, 0, 0, 0, 0}, /* Ctrl+Shift+6 = Ctrl+^ RS */
      {0x10, 0, 0x07, 0, 0, 0, 0, 0}, /* Ctrl+D EOT */
      {0x10, 0, 0x1e, 0, 0, 0, 0, 0}, /* Ctrl+1: nothing */
  };
  struct dev_hid h;
  char out[64];
  dev_hid_init(&h);
  size_t n = feed(&h, r, 7, out);
  assert_int_equal(n, 3);
  assert_memory_equal(out, "\x1d\x1e\x04", 3);
}

static void
held_keys_and_rollover_type_once(void **state)
{
  static const uint8_t r[][8] = {
      {0, 0, 0x1e, 0, 0, 0, 0, 0},    /* 1 */
      {0, 0, 0x1e, 0x1f, 0, 0, 0, 0}, /* 1 held, 2 */
      {0, 0, 1, 1, 1, 1, 1, 1},       /* rollover: ignored */
      {0, 0, 0x1f, 0, 0, 0, 0, 0},    /* 2 still held */
      {0, 0, 0, 0, 0, 0, 0, 0},       /* all up */
      {0, 0, 0x1f, 0, 0, 0, 0, 0},    /* 2 again */
  };
  struct dev_hid h;
  char out[64];
  dev_hid_init(&h);
  size_t n = feed(&h, r, 6, out);
  assert_int_equal(n, 3);
  assert_memory_equal(out, "122", 3);
}

static void
alt_keypad_codes_type_on_release(void **state)
{
  static const uint8_t r[][8] = {
      {0x04, 0, 0, 0, 0, 0, 0, 0},    /* Alt down */
      {0x04, 0, 0x62, 0, 0, 0, 0, 0}, /* 0 */
      {0x04, 0, 0x59, 0, 0, 0, 0, 0}, /* 1 */
      {0x04, 0, 0x5b, 0, 0, 0, 0, 0}, /* 3 */
      {0x00, 0, 0, 0, 0, 0, 0, 0},    /* Alt up: 013 = CR */
      {0x40, 0, 0x5a, 0, 0, 0, 0, 0}, /* right Alt 2 */
      {0x40, 0, 0x5e, 0, 0, 0, 0, 0}, /* 6 */
      {0x40, 0, 0x5f, 0, 0, 0, 0, 0}, /* 7: 267 is not a byte */
      {0x00, 0, 0x04, 0, 0, 0, 0, 0}, /* released with 'a' */
  };
  struct dev_hid h;
  char out[64];
  dev_hid_init(&h);
  size_t n = feed(&h, r, 9, out);
  assert_int_equal(n, 2);
  assert_memory_equal(out, "\ra", 2);
}

static void
reports_split_across_reads_decode_the_same(void **state)
{
  static const uint8_t r[][8] = {
      {0x02, 0, 0x0b, 0, 0, 0, 0, 0}, {0, 0, 0x08, 0, 0, 0, 0, 0},
      {0, 0, 0x0f, 0, 0, 0, 0, 0},    {0, 0, 0, 0, 0, 0, 0, 0},
      {0, 0, 0x0f, 0, 0, 0, 0, 0},    {0, 0, 0x12, 0, 0, 0, 0, 0},
  };
  const uint8_t *bytes = (const uint8_t *)r;
  for (size_t step = 1; step <= 13; step++) {
    struct dev_hid h;
    char out[64];
    size_t n = 0;
    dev_hid_init(&h);
    for (size_t off = 0; off < sizeof r; off += step)
      n += dev_hid_feed(&h, bytes + off,
                        sizeof r - off < step ? sizeof r - off : step, out + n);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "Hello", 5);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(keymap_covers_the_characters_of_barcodes),
      cmocka_unit_test(ctrl_gives_control_characters),
      cmocka_unit_test(held_keys_and_rollover_type_once),
      cmocka_unit_test(alt_keypad_codes_type_on_release),
      cmocka_unit_test(reports_split_across_reads_decode_the_same),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
