#include "core_pii_stream.h"

#include "core_pii.h"

#include <errno.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

enum {
  CHUNK = 64 * 1024,
  PREFIX = 10,
  ABYTES = crypto_secretstream_xchacha20poly1305_ABYTES,
  HEADER = crypto_secretstream_xchacha20poly1305_HEADERBYTES,
};

/* Reads up to @a cap bytes from @a fd, retrying short reads until EOF. */
static ssize_t
read_full(int fd, unsigned char *buf, size_t cap)
{
  size_t got = 0;
  while (got < cap) {
    ssize_t n = read(fd, buf + got, cap - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

static bool
write_full(int fd, const unsigned char *buf, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    buf += n;
    len -= (size_t)n;
  }
  return true;
}

static void
put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* Writes the file's prefix and header; sets up @a st. */
static enum core_ec
begin(FILE *out, crypto_secretstream_xchacha20poly1305_state *st,
      unsigned char prefix[PREFIX])
{
  unsigned char key[CORE_PII_BACKUP_KEY_LEN], header[HEADER];
  unsigned v = 0;
  enum core_ec ec = core_pii_backup_key(0, key, &v);
  if (ec != CORE_EC_OK)
    return ec;
  memcpy(prefix, CORE_PII_STREAM_MAGIC, 8);
  prefix[8] = (unsigned char)(v >> 8);
  prefix[9] = (unsigned char)(v & 0xff);
  crypto_secretstream_xchacha20poly1305_init_push(st, header, key);
  sodium_memzero(key, sizeof key);
  if (fwrite(prefix, 1, PREFIX, out) != PREFIX ||
      fwrite(header, 1, HEADER, out) != HEADER)
    return CORE_EC_INTERNAL;
  return CORE_EC_OK;
}

enum core_ec
core_pii_stream_encrypt(int in_fd, FILE *out)
{
  crypto_secretstream_xchacha20poly1305_state st;
  unsigned char prefix[PREFIX];
  enum core_ec ec = begin(out, &st, prefix);
  static unsigned char buf[2][CHUNK];
  static unsigned char cbuf[4 + CHUNK + ABYTES];
  /* One chunk read ahead, so the last one is known and tagged FINAL. */
  ssize_t n = ec == CORE_EC_OK ? read_full(in_fd, buf[0], CHUNK) : 0;
  int cur = 0;
  while (ec == CORE_EC_OK) {
    if (n < 0) {
      ec = CORE_EC_INTERNAL;
      break;
    }
    ssize_t next = n == CHUNK ? read_full(in_fd, buf[1 - cur], CHUNK) : 0;
    bool last = next == 0;
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &st, cbuf + 4, &clen, buf[cur], (unsigned long long)n, prefix, PREFIX,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    put32(cbuf, (uint32_t)clen);
    if (fwrite(cbuf, 1, 4 + clen, out) != 4 + clen)
      ec = CORE_EC_INTERNAL;
    if (last)
      break;
    n = next;
    cur = 1 - cur;
  }
  sodium_memzero(&st, sizeof st);
  sodium_memzero(buf, sizeof buf);
  return ec;
}

/* Reads the prefix and header of @a in; sets up @a st for its version. */
static enum core_ec
begin_pull(FILE *in, crypto_secretstream_xchacha20poly1305_state *st,
           unsigned char prefix[PREFIX], unsigned *version)
{
  unsigned char header[HEADER], key[CORE_PII_BACKUP_KEY_LEN];
  if (fread(prefix, 1, PREFIX, in) != PREFIX ||
      memcmp(prefix, CORE_PII_STREAM_MAGIC, 8) != 0 ||
      fread(header, 1, HEADER, in) != HEADER)
    return CORE_EC_INVALID_VALUE;
  *version = ((unsigned)prefix[8] << 8) | prefix[9];
  unsigned used = 0;
  enum core_ec ec = core_pii_backup_key(*version, key, &used);
  if (ec != CORE_EC_OK)
    return CORE_EC_PII_NO_KEY;
  if (crypto_secretstream_xchacha20poly1305_init_pull(st, header, key) != 0)
    ec = CORE_EC_PII_BAD_KEY;
  sodium_memzero(key, sizeof key);
  return ec;
}

enum core_ec
core_pii_stream_decrypt(FILE *in, int out_fd, unsigned *version)
{
  crypto_secretstream_xchacha20poly1305_state st;
  unsigned char prefix[PREFIX], len4[4];
  static unsigned char cbuf[CHUNK + ABYTES], pbuf[CHUNK];
  *version = 0;
  enum core_ec ec = begin_pull(in, &st, prefix, version);
  bool final = false;
  while (ec == CORE_EC_OK && !final) {
    if (fread(len4, 1, 4, in) != 4) {
      ec = CORE_EC_PII_BAD_KEY; /* truncated: no FINAL chunk */
      break;
    }
    uint32_t clen = ((uint32_t)len4[0] << 24) | ((uint32_t)len4[1] << 16) |
                    ((uint32_t)len4[2] << 8) | len4[3];
    unsigned long long plen = 0;
    unsigned char tag = 0;
    if (clen < ABYTES || clen > sizeof cbuf ||
        fread(cbuf, 1, clen, in) != clen ||
        crypto_secretstream_xchacha20poly1305_pull(&st, pbuf, &plen, &tag, cbuf,
                                                   clen, prefix, PREFIX) != 0) {
      ec = CORE_EC_PII_BAD_KEY;
      break;
    }
    final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (out_fd >= 0 && !write_full(out_fd, pbuf, (size_t)plen))
      ec = CORE_EC_INTERNAL;
  }
  /* Bytes after the FINAL chunk are not ours: refuse the file. */
  if (ec == CORE_EC_OK && fgetc(in) != EOF)
    ec = CORE_EC_PII_BAD_KEY;
  sodium_memzero(&st, sizeof st);
  sodium_memzero(pbuf, sizeof pbuf);
  return ec;
}
