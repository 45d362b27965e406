#include "core_pii.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
  MAX_VERSIONS = 64,
  MASTER_LEN = crypto_kdf_KEYBYTES,
  HDR_LEN = 3,
  NONCE_LEN = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
  /* crypto_kdf subkey ids, one per purpose. */
  SUB_ENC = 1,
  SUB_INDEX = 2,
  SUB_BACKUP = 3,
};
/* The KDF context: 8 bytes, the same for every purpose (ids differ). */
static const char kdf_ctx[crypto_kdf_CONTEXTBYTES] = "depotpii";

struct key_version {
  unsigned version;
  unsigned char enc[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  unsigned char backup[CORE_PII_BACKUP_KEY_LEN];
};

/*
 * The keyring. Entries are only appended while loaded; `count` is
 * published after an entry is written, so readers need no lock. A reload
 * that finds other contents (a new file) rebuilds under the mutex.
 */
static struct {
  pthread_mutex_t mu;
  char *path;
  struct key_version keys[MAX_VERSIONS];
  _Atomic int count;
  unsigned char index_key[crypto_generichash_KEYBYTES];
  bool created; /* the last open made the file */
} ring = {.mu = PTHREAD_MUTEX_INITIALIZER};

char *
core_pii_default_path(const char *key_file, const char *data_dir)
{
  if (key_file != NULL && key_file[0] != '\0')
    return core_xstrdup(key_file);
  size_t n = strlen(data_dir) + sizeof "/depot.key";
  char *p = core_xmalloc(n);
  snprintf(p, n, "%s/depot.key", data_dir);
  return p;
}

/* Makes the directory holding @a path (one level), private to the user. */
static void
make_parent(const char *path)
{
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash == NULL || slash == dir)
    return;
  *slash = '\0';
  (void)mkdir(dir, 0700);
}

/*
 * Writes @a text to @a path atomically with mode 0600: a temp file beside
 * it, fsync, rename; so a crash never leaves half a key file. With
 * @a exclusive the temp file is linked instead of renamed, so that of two
 * processes creating the file at once one wins and the other reads it.
 */
static bool
write_file(const char *path, const char *text, bool exclusive)
{
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    CORE_ERROR("could not create key file %s: %s", tmp, strerror(errno));
    return false;
  }
  size_t len = strlen(text);
  bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (ok && exclusive) {
    ok = link(tmp, path) == 0 || errno == EEXIST;
    unlink(tmp);
  } else if (ok && rename(tmp, path) != 0) {
    ok = false;
  }
  if (!ok) {
    CORE_ERROR("could not write key file %s: %s", path, strerror(errno));
    unlink(tmp);
  }
  return ok;
}

static bool
write_private(const char *path, const char *text)
{
  return write_file(path, text, false);
}

/* One line "<version> <base64 of 32 random bytes>\n" into @a line. */
static void
fresh_line(unsigned version, char *line, size_t cap)
{
  unsigned char master[MASTER_LEN];
  crypto_kdf_keygen(master);
  char b64[sodium_base64_ENCODED_LEN(MASTER_LEN,
                                     sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, master, sizeof master,
                    sodium_base64_VARIANT_ORIGINAL);
  sodium_memzero(master, sizeof master);
  snprintf(line, cap, "%u %s\n", version, b64);
  sodium_memzero(b64, sizeof b64);
}

static const char header[] =
    "# Depot key file: the keys of customers' personal data and of backups.\n"
    "# Keep a copy APART from the database and its backups; without it\n"
    "# neither can be read. One line per key version; the newest encrypts.\n";

static bool
create_file(const char *path)
{
  char line[128], text[512];
  fresh_line(1, line, sizeof line);
  snprintf(text, sizeof text, "%s%s", header, line);
  sodium_memzero(line, sizeof line);
  make_parent(path);
  bool ok = write_file(path, text, true);
  sodium_memzero(text, sizeof text);
  if (ok)
    CORE_INFO("created key file %s (mode 0600): back it up apart from the "
              "database",
              path);
  return ok;
}

/* Derives the subkeys of @a master into @a k (version @a v). */
static void
derive(unsigned v, const unsigned char master[MASTER_LEN],
       struct key_version *k)
{
  k->version = v;
  crypto_kdf_derive_from_key(k->enc, sizeof k->enc, SUB_ENC, kdf_ctx, master);
  crypto_kdf_derive_from_key(k->backup, sizeof k->backup, SUB_BACKUP, kdf_ctx,
                             master);
}

/*
 * Parses one key line into @a k; the oldest line's master also gives the
 * index key (@a first). False for a line that is not "<n> <base64>".
 */
static bool
parse_line(char *line, struct key_version *k, bool first)
{
  char *end = NULL;
  unsigned long v = strtoul(line, &end, 10);
  if (end == line || *end != ' ' || v == 0 || v > 65535)
    return false;
  char *b64 = end + 1;
  b64[strcspn(b64, "\r\n ")] = '\0';
  unsigned char master[MASTER_LEN];
  size_t got = 0;
  if (sodium_base642bin(master, sizeof master, b64, strlen(b64), NULL, &got,
                        NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      got != MASTER_LEN)
    return false;
  derive((unsigned)v, master, k);
  if (first)
    crypto_kdf_derive_from_key(ring.index_key, sizeof ring.index_key, SUB_INDEX,
                               kdf_ctx, master);
  sodium_memzero(master, sizeof master);
  return true;
}

/* Reads the file at ring.path into the keyring; caller holds the mutex. */
static enum core_ec
load_locked(void)
{
  FILE *f = fopen(ring.path, "r");
  if (f == NULL) {
    CORE_ERROR("could not open key file %s: %s", ring.path, strerror(errno));
    return errno == ENOENT ? CORE_EC_PII_NO_KEY : CORE_EC_PII_BAD_KEY;
  }
  char line[512];
  int n = 0;
  enum core_ec ec = CORE_EC_OK;
  while (ec == CORE_EC_OK && fgets(line, sizeof line, f) != NULL) {
    if (line[0] == '#' || line[0] == '\n')
      continue;
    struct key_version k;
    if (n == MAX_VERSIONS || !parse_line(line, &k, n == 0) ||
        (n > 0 && k.version <= ring.keys[n - 1].version)) {
      CORE_ERROR("key file %s: line %d is not \"<version> <base64 key>\" in "
                 "rising order",
                 ring.path, n + 1);
      ec = CORE_EC_PII_BAD_KEY;
    } else if (n >= atomic_load(&ring.count) ||
               ring.keys[n].version != k.version) {
      ring.keys[n] = k;
    }
    sodium_memzero(&k, sizeof k);
    n++;
  }
  sodium_memzero(line, sizeof line);
  fclose(f);
  if (ec == CORE_EC_OK && n == 0) {
    CORE_ERROR("key file %s holds no key", ring.path);
    ec = CORE_EC_PII_BAD_KEY;
  }
  if (ec == CORE_EC_OK)
    atomic_store(&ring.count, n);
  return ec;
}

enum core_ec
core_pii_open(const char *path, bool create)
{
  if (sodium_init() < 0)
    return CORE_EC_PII_BAD_KEY;
  pthread_mutex_lock(&ring.mu);
  free(ring.path);
  ring.path = core_xstrdup(path);
  enum core_ec ec = CORE_EC_OK;
  ring.created = false;
  if (access(path, F_OK) != 0) {
    ring.created = create;
    if (!create) {
      CORE_ERROR("no key file at %s", path);
      ec = CORE_EC_PII_NO_KEY;
    } else if (!create_file(path)) {
      ec = CORE_EC_PII_BAD_KEY;
    }
  }
  if (ec == CORE_EC_OK) {
    atomic_store(&ring.count, 0);
    ec = load_locked();
  }
  pthread_mutex_unlock(&ring.mu);
  return ec;
}

bool
core_pii_created(void)
{
  return ring.created;
}

void
core_pii_discard_created(void)
{
  if (ring.created && ring.path != NULL)
    unlink(ring.path);
  core_pii_close();
}

bool
core_pii_ready(void)
{
  return atomic_load(&ring.count) > 0;
}

unsigned
core_pii_version(void)
{
  int n = atomic_load(&ring.count);
  return n > 0 ? ring.keys[n - 1].version : 0;
}

enum core_ec
core_pii_add_version(unsigned *out)
{
  if (!core_pii_ready())
    return CORE_EC_PII_NO_KEY;
  pthread_mutex_lock(&ring.mu);
  enum core_ec ec = load_locked();
  FILE *f = ec == CORE_EC_OK ? fopen(ring.path, "r") : NULL;
  char text[MAX_VERSIONS * 80 + 512];
  size_t len = f != NULL ? fread(text, 1, sizeof text - 200, f) : 0;
  if (f != NULL)
    fclose(f);
  if (ec == CORE_EC_OK && atomic_load(&ring.count) >= MAX_VERSIONS)
    ec = CORE_EC_PII_BAD_KEY;
  if (ec == CORE_EC_OK) {
    text[len] = '\0';
    unsigned v = core_pii_version() + 1;
    fresh_line(v, text + len, sizeof text - len);
    ec = write_private(ring.path, text) ? load_locked() : CORE_EC_PII_BAD_KEY;
    if (ec == CORE_EC_OK)
      *out = v;
  }
  sodium_memzero(text, sizeof text);
  pthread_mutex_unlock(&ring.mu);
  return ec;
}

/* The keys of @a version, or NULL. */
static const struct key_version *
find(unsigned version)
{
  int n = atomic_load(&ring.count);
  for (int i = n - 1; i >= 0; i--) {
    if (ring.keys[i].version == version)
      return &ring.keys[i];
  }
  return NULL;
}

enum core_ec
core_pii_seal_b64(const void *plain, size_t len, struct core_arena *arena,
                  const char **out)
{
  int n = atomic_load(&ring.count);
  if (n == 0)
    return CORE_EC_PII_NO_KEY;
  const struct key_version *k = &ring.keys[n - 1];
  size_t blen = len + CORE_PII_OVERHEAD;
  unsigned char *blob = core_arena_alloc(arena, blen);
  blob[0] = 1;
  blob[1] = (unsigned char)(k->version >> 8);
  blob[2] = (unsigned char)(k->version & 0xff);
  randombytes_buf(blob + HDR_LEN, NONCE_LEN);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(blob + HDR_LEN + NONCE_LEN, &clen,
                                             plain, len, blob, HDR_LEN, NULL,
                                             blob + HDR_LEN, k->enc);
  size_t b64len =
      sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
  char *b64 = core_arena_alloc(arena, b64len);
  sodium_bin2base64(b64, b64len, blob, blen, sodium_base64_VARIANT_ORIGINAL);
  *out = b64;
  return CORE_EC_OK;
}

/* The keys of @a version, re-reading the key file once when unknown. */
static const struct key_version *
find_or_reload(unsigned version)
{
  const struct key_version *k = find(version);
  if (k != NULL || ring.path == NULL)
    return k;
  pthread_mutex_lock(&ring.mu);
  if (find(version) == NULL)
    (void)load_locked();
  pthread_mutex_unlock(&ring.mu);
  return find(version);
}

enum core_ec
core_pii_open_b64(const char *b64, struct core_arena *arena, const char **out,
                  unsigned *version)
{
  size_t cap = strlen(b64) / 4 * 3 + 3, blen = 0;
  unsigned char *blob = core_arena_alloc(arena, cap);
  if (sodium_base642bin(blob, cap, b64, strlen(b64), NULL, &blen, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      blen < CORE_PII_OVERHEAD || blob[0] != 1)
    return CORE_EC_PII_BAD_KEY;
  unsigned v = ((unsigned)blob[1] << 8) | blob[2];
  const struct key_version *k = find_or_reload(v);
  if (k == NULL)
    return CORE_EC_PII_NO_KEY;
  char *plain = core_arena_alloc(arena, blen - CORE_PII_OVERHEAD + 1);
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          (unsigned char *)plain, &plen, NULL, blob + HDR_LEN + NONCE_LEN,
          blen - HDR_LEN - NONCE_LEN, blob, HDR_LEN, blob + HDR_LEN,
          k->enc) != 0)
    return CORE_EC_PII_BAD_KEY;
  plain[plen] = '\0';
  *out = plain;
  if (version != NULL)
    *version = v;
  return CORE_EC_OK;
}

bool
core_pii_tag(const void *data, size_t len, char hex[2 * CORE_PII_BIDX_LEN + 1])
{
  if (!core_pii_ready())
    return false;
  unsigned char h[CORE_PII_BIDX_LEN];
  crypto_generichash(h, sizeof h, data, len, ring.index_key,
                     sizeof ring.index_key);
  sodium_bin2hex(hex, 2 * CORE_PII_BIDX_LEN + 1, h, sizeof h);
  return true;
}

/* The keyed hash of @a kind ("e:" or "p:") and @a norm, if not empty. */
static bool
bidx(const char *kind, const char *norm, char hex[2 * CORE_PII_BIDX_LEN + 1])
{
  if (norm[0] == '\0')
    return false;
  char buf[512];
  int n = snprintf(buf, sizeof buf, "%s%s", kind, norm);
  if (n < 0 || (size_t)n >= sizeof buf)
    n = sizeof buf - 1;
  bool ok = core_pii_tag(buf, (size_t)n, hex);
  sodium_memzero(buf, sizeof buf);
  return ok;
}

bool
core_pii_bidx_email(const char *email, char hex[2 * CORE_PII_BIDX_LEN + 1])
{
  char norm[320];
  size_t n = 0;
  while (*email == ' ' || *email == '\t' || *email == '\n' || *email == '\r')
    email++;
  for (; *email != '\0' && n < sizeof norm - 1; email++)
    norm[n++] = (*email >= 'A' && *email <= 'Z') ? (char)(*email + 32) : *email;
  while (n > 0 && (norm[n - 1] == ' ' || norm[n - 1] == '\t' ||
                   norm[n - 1] == '\n' || norm[n - 1] == '\r'))
    n--;
  norm[n] = '\0';
  return bidx("e:", norm, hex);
}

void
core_pii_phone_norm(const char *phone, char *out, size_t cap)
{
  size_t n = 0;
  const char *p = phone;
  while (*p == ' ')
    p++;
  bool intl = *p == '+';
  for (; *p != '\0' && n < cap - 1; p++) {
    if (*p >= '0' && *p <= '9')
      out[n++] = *p;
  }
  out[n] = '\0';
  if (!intl && n > 2 && out[0] == '0' && out[1] == '0') {
    memmove(out, out + 2, n - 1); /* 00CC...: the international prefix */
    n -= 2;
    intl = true;
  }
  /* A Chinese mobile is 11 digits starting 1: 86 before it is the code. */
  bool cn = n == 13 && out[0] == '8' && out[1] == '6' && out[2] == '1';
  if (cn || (intl && n > 2 && out[0] == '8' && out[1] == '6'))
    memmove(out, out + 2, n - 1);
}

bool
core_pii_bidx_phone(const char *phone, char hex[2 * CORE_PII_BIDX_LEN + 1])
{
  char norm[64];
  core_pii_phone_norm(phone, norm, sizeof norm);
  return bidx("p:", norm, hex);
}

const char *
core_pii_mask_phone(const char *phone, struct core_arena *arena)
{
  size_t n = strlen(phone);
  if (n == 0)
    return "";
  if (n < 8)
    return core_arena_printf(arena, "****%s", n > 2 ? phone + n - 2 : "");
  return core_arena_printf(arena, "%.3s****%s", phone, phone + n - 4);
}

const char *
core_pii_mask_email(const char *email, struct core_arena *arena)
{
  const char *at = strchr(email, '@');
  if (email[0] == '\0')
    return "";
  if (at == NULL || at == email)
    return "***";
  return core_arena_printf(arena, "%c***%s", email[0], at);
}

enum core_ec
core_pii_backup_key(unsigned version,
                    unsigned char key[CORE_PII_BACKUP_KEY_LEN], unsigned *used)
{
  if (!core_pii_ready())
    return CORE_EC_PII_NO_KEY;
  const struct key_version *k =
      find_or_reload(version == 0 ? core_pii_version() : version);
  if (k == NULL)
    return CORE_EC_PII_NO_KEY;
  memcpy(key, k->backup, CORE_PII_BACKUP_KEY_LEN);
  *used = k->version;
  return CORE_EC_OK;
}

void
core_pii_close(void)
{
  pthread_mutex_lock(&ring.mu);
  atomic_store(&ring.count, 0);
  sodium_memzero(ring.keys, sizeof ring.keys);
  sodium_memzero(ring.index_key, sizeof ring.index_key);
  free(ring.path);
  ring.path = NULL;
  ring.created = false;
  pthread_mutex_unlock(&ring.mu);
}
