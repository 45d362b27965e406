#ifndef DEV_CHECKDIGIT_H
#define DEV_CHECKDIGIT_H
/*
 * GS1 mod-10 check digits: GTIN-8/12/13/14, SSCC-18, GLN-13 — and any
 * other GS1 key of digits whose last digit is a mod-10 check digit.
 */
#include <stdbool.h>
#include <stddef.h>

enum dev_checkdigit_kind {
  DEV_CHECKDIGIT_GTIN8,
  DEV_CHECKDIGIT_GTIN12,
  DEV_CHECKDIGIT_GTIN13,
  DEV_CHECKDIGIT_GTIN14,
  DEV_CHECKDIGIT_SSCC18,
  DEV_CHECKDIGIT_GLN13,
};

enum dev_checkdigit_result {
  DEV_CHECKDIGIT_VALID,
  DEV_CHECKDIGIT_BAD_CHECK_DIGIT,
  DEV_CHECKDIGIT_BAD_FORMAT, /* wrong length for the kind, or a non-digit */
};

/*
 * The check digit ('0'..'9') that completes the @a len digits at
 * @a digits (in; all must be digits, len >= 1). Returns '\0' if a byte is
 * not a digit.
 */
char dev_checkdigit_compute(const char *digits, size_t len);

/*
 * Checks @a code (in, NUL-terminated) as a key of @a kind. When the format
 * is right, @a correct (out, may be NULL) receives the digit that makes
 * it valid.
 */
enum dev_checkdigit_result dev_checkdigit_check(const char *code,
                                                enum dev_checkdigit_kind kind,
                                                char *correct);

/*
 * Whether @a code is a valid GTIN of any length (8, 12, 13 or 14 digits).
 * @a gtin14 (out, 15 bytes, may be NULL) receives it zero-padded to 14.
 */
bool dev_checkdigit_is_gtin(const char *code, char *gtin14);

/*
 * Expands the UPC-E number @a upce (in: 8 digits, number system 0 or 1,
 * six data digits, check digit) to its UPC-A form @a upca (out, 13 bytes:
 * 12 digits and NUL). The check digit is copied, not verified. Returns
 * false for another length, a non-digit or another number system.
 */
bool dev_checkdigit_upce_expand(const char *upce, char *upca);

/* Digit count of @a kind (8, 12, 13, 14 or 18). */
size_t dev_checkdigit_length(enum dev_checkdigit_kind kind);

#endif
