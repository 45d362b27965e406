#include "dev_datamatrix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  FNC1 = 232,
  PAD = 129,
  UPPER_SHIFT = 235,
  MAX_DATA = 174, /* 48x48 */
  MAX_ECC = 68,
  MAX_MAP = 44 * 44,
};

/* ECC 200 square symbols with a single Reed-Solomon block. */
static const struct {
  uint8_t size, region, regions, data, ecc;
} sizes[] = {
    {10, 8, 1, 3, 5},     {12, 10, 1, 5, 7},    {14, 12, 1, 8, 10},
    {16, 14, 1, 12, 12},  {18, 16, 1, 18, 14},  {20, 18, 1, 22, 18},
    {22, 20, 1, 30, 20},  {24, 22, 1, 36, 24},  {26, 24, 1, 44, 28},
    {32, 14, 2, 62, 36},  {36, 16, 2, 86, 42},  {40, 18, 2, 114, 48},
    {44, 20, 2, 144, 56}, {48, 22, 2, 174, 68},
};

/* ASCII encodation with FNC1 first; returns the count or -1 if too long. */
static int
codewords(const char *s, uint8_t *cw)
{
  int n = 0;
  cw[n++] = FNC1;
  for (size_t i = 0; s[i] != '\0'; i++) {
    unsigned char c = (unsigned char)s[i];
    if (n + (c >= 128 ? 2 : 1) > MAX_DATA)
      return -1;
    if (c >= '0' && c <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      cw[n++] = (uint8_t)(130 + (c - '0') * 10 + (s[i + 1] - '0'));
      i++;
    } else if (c == 0x1d) {
      cw[n++] = FNC1;
    } else if (c < 128) {
      cw[n++] = (uint8_t)(c + 1);
    } else {
      cw[n++] = UPPER_SHIFT;
      cw[n++] = (uint8_t)(c - 127);
    }
  }
  return n;
}

static uint8_t
gf_mul(uint8_t a, uint8_t b)
{
  unsigned r = 0, x = a;
  for (; b != 0; b >>= 1) {
    if (b & 1)
      r ^= x;
    x <<= 1;
    if (x & 0x100)
      x ^= 0x12d;
  }
  return (uint8_t)r;
}

/* Appends @a k Reed-Solomon codewords to the @a n data codewords. */
static void
reed_solomon(uint8_t *cw, int n, int k)
{
  uint8_t gen[MAX_ECC + 1] = {1}, ecc[MAX_ECC] = {0}, a = 1;
  for (int i = 1; i <= k; i++) {
    a = gf_mul(a, 2); /* alpha^i */
    gen[i] = gf_mul(gen[i - 1], a);
    for (int j = i - 1; j > 0; j--)
      gen[j] ^= gf_mul(gen[j - 1], a);
  }
  for (int i = 0; i < n; i++) {
    uint8_t f = cw[i] ^ ecc[0];
    for (int j = 0; j < k - 1; j++)
      ecc[j] = ecc[j + 1] ^ gf_mul(f, gen[j + 1]);
    ecc[k - 1] = gf_mul(f, gen[k]);
  }
  memcpy(cw + n, ecc, (size_t)k);
}

/* Annex F placement: map[r*ncol+c] = 10*codeword + bit (1 = MSB), or 1. */
struct place {
  int nrow, ncol;
  short map[MAX_MAP];
};

static void
module(struct place *p, int row, int col, int chr, int bit)
{
  if (row < 0) {
    row += p->nrow;
    col += 4 - ((p->nrow + 4) % 8);
  }
  if (col < 0) {
    col += p->ncol;
    row += 4 - ((p->ncol + 4) % 8);
  }
  p->map[row * p->ncol + col] = (short)(10 * chr + bit);
}

static void
utah(struct place *p, int row, int col, int chr)
{
  static const int8_t d[8][2] = {{-2, -2}, {-2, -1}, {-1, -2}, {-1, -1},
                                 {-1, 0},  {0, -2},  {0, -1},  {0, 0}};
  for (int b = 0; b < 8; b++)
    module(p, row + d[b][0], col + d[b][1], chr, b + 1);
}

/* The four corner shapes, as (row, col) with negatives from the far edge. */
static void
corner(struct place *p, int which, int chr)
{
  static const int8_t c[4][8][2] = {
      {{-1, 0}, {-1, 1}, {-1, 2}, {0, -2}, {0, -1}, {1, -1}, {2, -1}, {3, -1}},
      {{-3, 0}, {-2, 0}, {-1, 0}, {0, -4}, {0, -3}, {0, -2}, {0, -1}, {1, -1}},
      {{-3, 0}, {-2, 0}, {-1, 0}, {0, -2}, {0, -1}, {1, -1}, {2, -1}, {3, -1}},
      {{-1, 0}, {-1, -1}, {0, -3}, {0, -2}, {0, -1}, {1, -3}, {1, -2}, {1, -1}},
  };
  for (int b = 0; b < 8; b++) {
    int r = c[which][b][0], col = c[which][b][1];
    module(p, r < 0 ? p->nrow + r : r, col < 0 ? p->ncol + col : col, chr,
           b + 1);
  }
}

static void
place_all(struct place *p)
{
  int chr = 1, row = 4, col = 0, nrow = p->nrow, ncol = p->ncol;
  memset(p->map, 0, sizeof p->map);
  do {
    if (row == nrow && col == 0)
      corner(p, 0, chr++);
    if (row == nrow - 2 && col == 0 && ncol % 4 != 0)
      corner(p, 1, chr++);
    if (row == nrow - 2 && col == 0 && ncol % 8 == 4)
      corner(p, 2, chr++);
    if (row == nrow + 4 && col == 2 && ncol % 8 == 0)
      corner(p, 3, chr++);
    do {
      if (row < nrow && col >= 0 && p->map[row * ncol + col] == 0)
        utah(p, row, col, chr++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < ncol);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < ncol && p->map[row * ncol + col] == 0)
        utah(p, row, col, chr++);
      row += 2;
      col -= 2;
    } while (row < nrow && col >= 0);
    row += 3;
    col += 1;
  } while (row < nrow || col < ncol);
  if (p->map[nrow * ncol - 1] == 0) {
    p->map[nrow * ncol - 1] = 1;
    p->map[nrow * ncol - ncol - 2] = 1;
  }
}

/* Draws finder and timing patterns and the mapped data into @a dark. */
static void
draw(unsigned char *dark, int side, int margin, int region,
     const struct place *p, const uint8_t *cw)
{
  int full = side + 2 * margin;
  for (int y = 0; y < side; y++) {
    for (int x = 0; x < side; x++) {
      int ry = y % (region + 2), rx = x % (region + 2);
      bool on;
      if (rx == 0 || ry == region + 1)
        on = true; /* solid L of each region */
      else if (ry == 0)
        on = rx % 2 == 0;
      else if (rx == region + 1)
        on = ry % 2 == 1;
      else {
        int row = (y / (region + 2)) * region + ry - 1;
        int col = (x / (region + 2)) * region + rx - 1;
        short v = p->map[row * p->ncol + col];
        on = v == 1 || (v >= 10 && ((cw[v / 10 - 1] >> (8 - v % 10)) & 1));
      }
      dark[(size_t)(y + margin) * full + x + margin] = on;
    }
  }
}

bool
dev_datamatrix_encode_gs1(const char *data, int margin,
                          struct dev_zxing_matrix *out, char *err,
                          size_t errlen)
{
  /* Local, not static: server threads encode concurrently (~4 KB). */
  struct place p;
  uint8_t cw[MAX_DATA + MAX_ECC];
  int n = codewords(data, cw);
  size_t s = 0;
  while (n >= 0 && s < sizeof sizes / sizeof sizes[0] && sizes[s].data < n)
    s++;
  if (n < 0 || s == sizeof sizes / sizeof sizes[0]) {
    snprintf(err, errlen, "data too long for a %dx%d GS1 DataMatrix", 48, 48);
    return false;
  }
  for (int i = n; i < sizes[s].data; i++) {
    int r = 129 + (149 * (i + 1)) % 253 + 1;
    cw[i] = (uint8_t)(i == n ? PAD : r <= 254 ? r : r - 254);
  }
  reed_solomon(cw, sizes[s].data, sizes[s].ecc);
  p.nrow = p.ncol = sizes[s].region * sizes[s].regions;
  place_all(&p);
  int side = sizes[s].size, full = side + 2 * margin;
  out->width = out->height = full;
  out->dark = calloc((size_t)full * (size_t)full, 1);
  if (out->dark == NULL)
    abort();
  draw(out->dark, side, margin, sizes[s].region, &p, cw);
  return true;
}
