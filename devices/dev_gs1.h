#ifndef DEV_GS1_H
#define DEV_GS1_H
/*
 * GS1 data as scanners deliver it: element strings (FNC1 sent as GS,
 * 0x1D), with or without an AIM symbology identifier; EAN/UPC (]E0, ]E3,
 * ]E4) reported as AI 01; the bracketed human-readable form "(01)…(10)…";
 * and GS1 Digital Link URIs. Every syntax yields the same result: AIs in
 * order with their raw values, each checked against the AI table
 * (dev_gs1_ai.h): length, character set, check digit, date; plus the
 * GS1 association rules (required / excluded AIs, duplicates).
 */
#include "dev_gs1_ai.h"

#include <stdbool.h>
#include <stddef.h>

enum {
  DEV_GS1_MAX_INPUT = 4096,  /* longest input accepted (bytes) */
  DEV_GS1_MAX_ELEMENTS = 64, /* most AIs in one message */
  DEV_GS1_MAX_VALUE = 90,    /* longest AI value (AIs 91-99, 8030) */
};

/* Why parsing failed; names as in the shared fixtures' contract. */
enum dev_gs1_ec {
  DEV_GS1_OK,
  DEV_GS1_BAD_CHECK_DIGIT,
  DEV_GS1_UNKNOWN_AI,
  DEV_GS1_BAD_LENGTH,        /* value too short or long for the AI */
  DEV_GS1_MISSING_SEPARATOR, /* a field overflowed into the next AI */
  DEV_GS1_TRUNCATED,         /* data ends inside a fixed-length field */
  DEV_GS1_EMPTY_VALUE,
  DEV_GS1_EMPTY, /* nothing (after the AIM id) */
  DEV_GS1_BAD_CHARSET,
  DEV_GS1_BAD_DATE, /* invalid YYMMDD or HHMM */
  DEV_GS1_TRAILING_SEPARATOR,
  DEV_GS1_NOT_GS1,    /* AIM id of a symbology that carries no GS1 data */
  DEV_GS1_DL_INVALID, /* malformed Digital Link URI */
  DEV_GS1_INVALID_PAIRING,
  DEV_GS1_DUPLICATE_AI,
};

/* Which syntax the input was in. */
enum dev_gs1_syntax {
  DEV_GS1_SYNTAX_ELEMENT,
  DEV_GS1_SYNTAX_EAN,
  DEV_GS1_SYNTAX_HRI,
  DEV_GS1_SYNTAX_DL,
};

/* One AI with its value and what was derived from it. */
struct dev_gs1_element {
  char ai[5];
  char value[DEV_GS1_MAX_VALUE + 1]; /* raw, NUL-terminated */
  size_t offset;                     /* where the AI started in the input */
  char date[11];                     /* "YYYY-MM-DD" for date AIs, else "" */
  char decimal[24]; /* value with implied decimals applied, else "" */
  const struct dev_gs1_ai_spec *spec; /* the table row (static) */
};

/* A parsed message (caller-owned; about 9 KiB). */
struct dev_gs1_result {
  char symbology[4]; /* "]C1" etc., "" if none */
  enum dev_gs1_syntax syntax;
  size_t n;
  struct dev_gs1_element el[DEV_GS1_MAX_ELEMENTS];
};

/* Details of a failure. */
struct dev_gs1_error {
  enum dev_gs1_ec code;
  char ai[5];    /* the AI concerned, "" if none */
  size_t offset; /* byte offset in the input */
  char message[200];
};

/* Parser settings; a NULL options pointer means the defaults. */
struct dev_gs1_options {
  int ref_year;      /* year for the YY century rule; 0 = this UTC year */
  bool associations; /* check req/ex pairing rules and duplicates */
};

/*
 * Parses the @a len bytes at @a in (in; need not be NUL-terminated).
 * @a opts (in, may be NULL: this year, associations checked).
 * Returns DEV_GS1_OK and fills @a out (out), or the error code and
 * fills @a err (out, may be NULL); @a out is then unspecified.
 */
enum dev_gs1_ec dev_gs1_parse(const char *in, size_t len,
                              const struct dev_gs1_options *opts,
                              struct dev_gs1_result *out,
                              struct dev_gs1_error *err);

/* The contract name of @a ec ("BAD_CHECK_DIGIT"); static string. */
const char *dev_gs1_ec_name(enum dev_gs1_ec ec);

/*
 * The first element of @a r (in) whose AI matches @a pattern (in: an AI,
 * or a table pattern such as "310n" for any decimal position), or NULL.
 */
const struct dev_gs1_element *dev_gs1_find(const struct dev_gs1_result *r,
                                           const char *pattern);

/*
 * Writes the elements of @a r (in) as a GS1 element string to @a out
 * (out, @a cap bytes, NUL-terminated): AI and value, with a GS (FNC1)
 * after each field whose AI has no predefined length, except the last.
 * Returns the length, or 0 if it does not fit.
 */
size_t dev_gs1_to_element_string(const struct dev_gs1_result *r, char *out,
                                 size_t cap);

/*
 * Resolves a YY year to four digits by the GS1 rule: the year lies
 * within -50 .. +49 years of @a ref_year.
 */
int dev_gs1_century(int yy, int ref_year);

#endif
