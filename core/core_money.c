#include "core_money.h"

#include <ctype.h>
#include <stdio.h>

bool
core_money_cents(const char *s, int64_t *cents)
{
  if (s == NULL)
    return false;
  bool neg = *s == '-';
  if (neg)
    s++;
  int64_t whole = 0;
  int digits = 0;
  for (; isdigit((unsigned char)*s); s++, digits++) {
    if (whole > INT64_MAX / 1000)
      return false; /* room left for the cents */
    whole = whole * 10 + (*s - '0');
  }
  int64_t frac = 0;
  int places = 0;
  if (*s == '.')
    for (s++; isdigit((unsigned char)*s); s++, places++) {
      if (places == 2)
        return false;
      frac = frac * 10 + (*s - '0');
    }
  if (*s != '\0' || digits + places == 0)
    return false;
  if (places == 1)
    frac *= 10;
  *cents = (neg ? -1 : 1) * (whole * 100 + frac);
  return true;
}

const char *
core_money_text(int64_t cents, char *buf)
{
  uint64_t a = cents < 0 ? -(uint64_t)cents : (uint64_t)cents;
  snprintf(buf, 24, "%s%llu.%02llu", cents < 0 ? "-" : "",
           (unsigned long long)(a / 100), (unsigned long long)(a % 100));
  return buf;
}
