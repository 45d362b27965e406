#include "dev_checkdigit.h"

#include <stdio.h>
#include <string.h>

char
dev_checkdigit_compute(const char *digits, size_t len)
{
  /* From the right: weights 3, 1, 3, 1, … on the digits before the check. */
  unsigned sum = 0;
  for (size_t i = 0; i < len; i++) {
    char c = digits[len - 1 - i];
    if (c < '0' || c > '9')
      return '\0';
    sum += (unsigned)(c - '0') * (i % 2 == 0 ? 3u : 1u);
  }
  return (char)('0' + (10 - sum % 10) % 10);
}

size_t
dev_checkdigit_length(enum dev_checkdigit_kind kind)
{
  switch (kind) {
    case DEV_CHECKDIGIT_GTIN8:
      return 8;
    case DEV_CHECKDIGIT_GTIN12:
      return 12;
    case DEV_CHECKDIGIT_GTIN13:
    case DEV_CHECKDIGIT_GLN13:
      return 13;
    case DEV_CHECKDIGIT_GTIN14:
      return 14;
    case DEV_CHECKDIGIT_SSCC18:
      return 18;
  }
  return 0;
}

enum dev_checkdigit_result
dev_checkdigit_check(const char *code, enum dev_checkdigit_kind kind,
                     char *correct)
{
  size_t len = strlen(code);
  if (len != dev_checkdigit_length(kind))
    return DEV_CHECKDIGIT_BAD_FORMAT;
  char want = dev_checkdigit_compute(code, len - 1);
  if (want == '\0' || code[len - 1] < '0' || code[len - 1] > '9')
    return DEV_CHECKDIGIT_BAD_FORMAT;
  if (correct != NULL)
    *correct = want;
  return code[len - 1] == want ? DEV_CHECKDIGIT_VALID
                               : DEV_CHECKDIGIT_BAD_CHECK_DIGIT;
}

bool
dev_checkdigit_is_gtin(const char *code, char *gtin14)
{
  size_t len = strlen(code);
  if (len != 8 && len != 12 && len != 13 && len != 14)
    return false;
  char want = dev_checkdigit_compute(code, len - 1);
  if (want == '\0' || code[len - 1] != want)
    return false;
  if (gtin14 != NULL) {
    memset(gtin14, '0', 14 - len);
    memcpy(gtin14 + 14 - len, code, len + 1);
  }
  return true;
}

bool
dev_checkdigit_upce_expand(const char *upce, char *upca)
{
  if (strlen(upce) != 8 || (upce[0] != '0' && upce[0] != '1'))
    return false;
  for (int i = 0; i < 8; i++) {
    if (upce[i] < '0' || upce[i] > '9')
      return false;
  }
  /* The last data digit says where the manufacturer code ends. */
  const char *d = upce + 1;
  char mfr[6], item[6];
  switch (d[5]) {
    case '0':
    case '1':
    case '2':
      snprintf(mfr, sizeof mfr, "%.2s%c00", d, d[5]);
      snprintf(item, sizeof item, "00%.3s", d + 2);
      break;
    case '3':
      snprintf(mfr, sizeof mfr, "%.3s00", d);
      snprintf(item, sizeof item, "000%.2s", d + 3);
      break;
    case '4':
      snprintf(mfr, sizeof mfr, "%.4s0", d);
      snprintf(item, sizeof item, "0000%c", d[4]);
      break;
    default:
      snprintf(mfr, sizeof mfr, "%.5s", d);
      snprintf(item, sizeof item, "0000%c", d[5]);
      break;
  }
  snprintf(upca, 13, "%c%s%s%c", upce[0], mfr, item, upce[7]);
  return true;
}
