#ifndef DEV_GS1_AI_H
#define DEV_GS1_AI_H
/*
 * The GS1 Application Identifier table as data (GS1 General
 * Specifications section 3 and the GS1 Barcode Syntax Dictionary): each
 * AI's value is a sequence of components, each with a character set, a
 * length range and an optional check ("linter"). Association rules
 * (req/ex) ride along as AI lists.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Character sets of AI values. */
enum dev_gs1_ai_cset {
  DEV_GS1_AI_CSET_N, /* digits */
  DEV_GS1_AI_CSET_X, /* GS1 AI encodable character set 82 */
  DEV_GS1_AI_CSET_Y, /* character set 39: A-Z 0-9 # - / */
  DEV_GS1_AI_CSET_Z, /* character set 64: base64url with '=' padding */
};

/* Checks and roles of one component (bit flags). */
enum dev_gs1_ai_flag {
  DEV_GS1_AI_OPT = 1 << 0,      /* may be absent (only at the end) */
  DEV_GS1_AI_CSUM = 1 << 1,     /* last digit is a GS1 mod-10 check digit */
  DEV_GS1_AI_DATE = 1 << 2,     /* YYMMDD */
  DEV_GS1_AI_DATE0 = 1 << 3,    /* YYMMDD, DD may be 00 (last day) */
  DEV_GS1_AI_HHMM = 1 << 4,     /* HHMM, 00..23 and 00..59 */
  DEV_GS1_AI_YESNO = 1 << 5,    /* 0 or 1 */
  DEV_GS1_AI_ZERO = 1 << 6,     /* must be 0 */
  DEV_GS1_AI_YYYYMMDD = 1 << 7, /* full date */
  DEV_GS1_AI_DEC = 1 << 8,      /* amount with implied decimals: AI's n */
  DEV_GS1_AI_HH = 1 << 9,       /* hour 00..23 */
};

enum { DEV_GS1_AI_MAX_COMPONENTS = 4 };

/* One part of an AI's value. */
struct dev_gs1_ai_component {
  uint8_t cset; /* enum dev_gs1_ai_cset */
  uint8_t min;  /* min == max: fixed length */
  uint8_t max;
  uint16_t flags; /* enum dev_gs1_ai_flag */
};

/*
 * One table row. @c ai is the AI itself, or a pattern whose last
 * character is 'n' (digit 0..maxdec: implied decimals) or 's' (any digit:
 * a sequence number). @c req lists alternative AIs of which one must be
 * present (groups separated by a space must all be satisfied); @c ex lists
 * AIs that must not be present. Patterns in req/ex match like @c ai.
 */
struct dev_gs1_ai_spec {
  const char *ai;
  const char *title;
  uint8_t maxdec;
  uint8_t ncomp;
  struct dev_gs1_ai_component comp[DEV_GS1_AI_MAX_COMPONENTS];
  const char *req;
  const char *ex;
};

/* What dev_gs1_ai_lookup found. */
enum dev_gs1_ai_match {
  DEV_GS1_AI_FOUND,
  DEV_GS1_AI_UNKNOWN,   /* no AI starts like this */
  DEV_GS1_AI_TRUNCATED, /* the data ends inside an AI that could match */
};

/*
 * Finds the AI at the start of the @a avail bytes at @a s (in). On
 * DEV_GS1_AI_FOUND, @a spec (out) points into the static table and
 * @a ai_len (out) is the AI's digit count (2..4).
 */
enum dev_gs1_ai_match dev_gs1_ai_lookup(const char *s, size_t avail,
                                        const struct dev_gs1_ai_spec **spec,
                                        size_t *ai_len);

/* Whether @a ai (in, NUL-terminated digits) matches table pattern @a pat. */
bool dev_gs1_ai_matches(const char *pat, const char *ai, uint8_t maxdec);

/*
 * Whether @a ai (in, its first two digits suffice) has a predefined
 * length, so that no separator ever follows it: first two digits
 * 00-04, 11-20, 31-36 or 41.
 */
bool dev_gs1_ai_predefined(const char *ai);

/* Sum of the minimum (@a max false) or maximum lengths of @a spec. */
size_t dev_gs1_ai_length(const struct dev_gs1_ai_spec *spec, bool max);

/* Whether byte @a c belongs to character set @a cset. */
bool dev_gs1_ai_cset_has(enum dev_gs1_ai_cset cset, unsigned char c);

#endif
