#include "dev_evdev.h"

#include <stdbool.h>
#include <string.h>

/* Linux key code -> USB HID usage (the keys a scanner types). */
static const struct {
  uint16_t code;
  uint8_t usage;
} keys[] = {
    {KEY_A, 0x04},          {KEY_B, 0x05},         {KEY_C, 0x06},
    {KEY_D, 0x07},          {KEY_E, 0x08},         {KEY_F, 0x09},
    {KEY_G, 0x0a},          {KEY_H, 0x0b},         {KEY_I, 0x0c},
    {KEY_J, 0x0d},          {KEY_K, 0x0e},         {KEY_L, 0x0f},
    {KEY_M, 0x10},          {KEY_N, 0x11},         {KEY_O, 0x12},
    {KEY_P, 0x13},          {KEY_Q, 0x14},         {KEY_R, 0x15},
    {KEY_S, 0x16},          {KEY_T, 0x17},         {KEY_U, 0x18},
    {KEY_V, 0x19},          {KEY_W, 0x1a},         {KEY_X, 0x1b},
    {KEY_Y, 0x1c},          {KEY_Z, 0x1d},         {KEY_1, 0x1e},
    {KEY_2, 0x1f},          {KEY_3, 0x20},         {KEY_4, 0x21},
    {KEY_5, 0x22},          {KEY_6, 0x23},         {KEY_7, 0x24},
    {KEY_8, 0x25},          {KEY_9, 0x26},         {KEY_0, 0x27},
    {KEY_ENTER, 0x28},      {KEY_TAB, 0x2b},       {KEY_SPACE, 0x2c},
    {KEY_MINUS, 0x2d},      {KEY_EQUAL, 0x2e},     {KEY_LEFTBRACE, 0x2f},
    {KEY_RIGHTBRACE, 0x30}, {KEY_BACKSLASH, 0x31}, {KEY_SEMICOLON, 0x33},
    {KEY_APOSTROPHE, 0x34}, {KEY_GRAVE, 0x35},     {KEY_COMMA, 0x36},
    {KEY_DOT, 0x37},        {KEY_SLASH, 0x38},     {KEY_KPSLASH, 0x54},
    {KEY_KPASTERISK, 0x55}, {KEY_KPMINUS, 0x56},   {KEY_KPPLUS, 0x57},
    {KEY_KPENTER, 0x58},    {KEY_KP1, 0x59},       {KEY_KP2, 0x5a},
    {KEY_KP3, 0x5b},        {KEY_KP4, 0x5c},       {KEY_KP5, 0x5d},
    {KEY_KP6, 0x5e},        {KEY_KP7, 0x5f},       {KEY_KP8, 0x60},
    {KEY_KP9, 0x61},        {KEY_KP0, 0x62},       {KEY_KPDOT, 0x63},
};

/* Modifier keys and their bits in the boot report's first byte. */
static const struct {
  uint16_t code;
  uint8_t bit;
} modifiers[] = {
    {KEY_LEFTCTRL, 0x01},  {KEY_LEFTSHIFT, 0x02},  {KEY_LEFTALT, 0x04},
    {KEY_RIGHTCTRL, 0x10}, {KEY_RIGHTSHIFT, 0x20}, {KEY_RIGHTALT, 0x40},
};

void
dev_evdev_init(struct dev_evdev *e)
{
  memset(e, 0, sizeof *e);
  dev_hid_init(&e->hid);
}

/* Applies one key event to the synthetic report; false if it changed nothing.
 */
static bool
apply(struct dev_evdev *e, uint16_t code, int32_t value)
{
  uint8_t *r = e->report;
  for (size_t i = 0; i < sizeof modifiers / sizeof modifiers[0]; i++) {
    if (modifiers[i].code == code) {
      r[0] = value != 0 ? (uint8_t)(r[0] | modifiers[i].bit)
                        : (uint8_t)(r[0] & ~modifiers[i].bit);
      return true;
    }
  }
  uint8_t usage = 0;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0] && usage == 0; i++) {
    if (keys[i].code == code)
      usage = keys[i].usage;
  }
  if (usage == 0)
    return false;
  uint8_t *slot = memchr(r + 2, usage, 6);
  if (value == 0 && slot != NULL)
    *slot = 0;
  else if (value == 1 && slot == NULL) {
    slot = memchr(r + 2, 0, 6);
    if (slot == NULL)
      return false; /* seven keys down: not a scanner */
    *slot = usage;
  }
  return true;
}

size_t
dev_evdev_feed(struct dev_evdev *e, const uint8_t *data, size_t len, char *out)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    e->partial[e->have++] = data[i];
    if (e->have < sizeof(struct input_event))
      continue;
    e->have = 0;
    struct input_event ev;
    memcpy(&ev, e->partial, sizeof ev);
    /* value 2 is auto-repeat: a scanner never means it. */
    if (ev.type == EV_KEY && ev.value != 2 && apply(e, ev.code, ev.value))
      n += dev_hid_report(&e->hid, e->report, out + n);
  }
  return n;
}
