#ifndef CORE_MONEY_H
#define CORE_MONEY_H
/*
 * Amounts of money as channels send them ("12.5", 12.50, "0.07") in whole
 * cents, so discounts worked out of a channel's figures add up exactly.
 */
#include <stdbool.h>
#include <stdint.h>

/* Cents of decimal text @a s ("-3", "12.5", "0.07"); false for anything
 * else (more than two decimals, letters, empty). */
bool core_money_cents(const char *s, int64_t *cents);

/* @a cents as "12.50" into @a buf (at least 24 bytes); returns @a buf. */
const char *core_money_text(int64_t cents, char *buf);

#endif
