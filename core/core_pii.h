#ifndef CORE_PII_H
#define CORE_PII_H
/*
 * Personal data at rest (issue 20, item 4). Customers' phones and emails,
 * orders' ship_to address lines and phone, and stores' webhook secrets are
 * stored as libsodium XChaCha20-Poly1305 ciphertext; exact search by phone
 * or email goes through a keyed blind index (BLAKE2b keyed hash of the
 * normalized value). Nothing here is hand-rolled crypto: libsodium does
 * the AEAD, the KDF, the keyed hash and the backup stream.
 *
 * The key file (DEPOT_KEY_FILE, default <data dir>/depot.key, mode 0600)
 * holds one 32-byte master key per version, one line each: "<version>
 * <base64>". The newest version encrypts; every version decrypts. Per
 * purpose subkeys come from crypto_kdf_derive_from_key: the encryption
 * key and the backup key of each version, and the blind-index key of the
 * OLDEST version, so that rotating re-encrypts without re-indexing.
 *
 * A sealed blob is: 1 byte format (1), 2 bytes key version (big endian),
 * 24 bytes nonce, then ciphertext and tag; the first 3 bytes are also the
 * AEAD's additional data. On the wire between C and SQL a blob travels as
 * standard base64 text (decode(x, 'base64') in SQL).
 *
 * The keyring is process-wide: opened once (core_pii_open) before threads
 * start; decrypting a blob of an unknown, newer version re-reads the file
 * (a `depot key rotate` while the server runs), under a mutex.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_arena;

/* Bytes of a blind index; its hex text is twice that. */
#define CORE_PII_BIDX_LEN 32
/* Bytes a sealed blob adds to its plaintext. */
#define CORE_PII_OVERHEAD (3 + 24 + 16)
/* Bytes of a backup stream key. */
#define CORE_PII_BACKUP_KEY_LEN 32

/*
 * Opens the key file @a path (in). With @a create, a missing file is made
 * with one fresh key (mode 0600, the directory made if needed). Returns
 * CORE_EC_OK; CORE_EC_PII_NO_KEY when the file is missing and not to be
 * created; CORE_EC_PII_BAD_KEY for a file that cannot be read or parsed
 * (logged with the reason). Idempotent: a second call re-reads the file.
 */
enum core_ec core_pii_open(const char *path, bool create);

/*
 * The key file's path for @a key_file (in, may be NULL: the setting was
 * not given) and @a data_dir (in): returns a heap string the caller frees.
 */
char *core_pii_default_path(const char *key_file, const char *data_dir);

/* Whether the last core_pii_open made the key file (it was missing). */
bool core_pii_created(void);

/*
 * Removes the key file the last core_pii_open made and forgets the
 * keyring: for a database that already holds data sealed with another
 * key, where a fresh key must not start sealing next to it.
 */
void core_pii_discard_created(void);

/* Whether a keyring is loaded. */
bool core_pii_ready(void);

/* The version that encrypts now (0 when no keyring is loaded). */
unsigned core_pii_version(void);

/*
 * Appends a fresh key version to the key file (atomically: temp file,
 * fsync, rename) and reloads it. Returns the new version in @a out (out).
 */
enum core_ec core_pii_add_version(unsigned *out);

/*
 * Seals @a len bytes at @a plain (in) with the current key. Returns the
 * blob as base64 text in @a arena (@a out, out). CORE_EC_PII_NO_KEY when
 * no keyring is loaded.
 */
enum core_ec core_pii_seal_b64(const void *plain, size_t len,
                               struct core_arena *arena, const char **out);

/*
 * Opens the base64 blob @a b64 (in). Returns the plaintext, NUL-ended, in
 * @a arena (@a out, out) and its key version in @a version (out, may be
 * NULL). CORE_EC_PII_BAD_KEY when it does not authenticate under any key
 * (tampered, or another key file).
 */
enum core_ec core_pii_open_b64(const char *b64, struct core_arena *arena,
                               const char **out, unsigned *version);

/*
 * Blind index of an email: trimmed, ASCII-lowercased, keyed hash. Writes
 * 64 hex digits and a NUL to @a hex (out). Returns false (nothing written)
 * for an empty value or no keyring.
 */
bool core_pii_bidx_email(const char *email,
                         char hex[2 * CORE_PII_BIDX_LEN + 1]);

/*
 * Blind index of a phone: digits only; a "+86"/"0086"/"86"+11-digit
 * prefix is dropped so that a Chinese number matches with or without its
 * country code; another "+CC"/"00CC" number keeps its country code
 * digits. Same output and failure as core_pii_bidx_email.
 */
bool core_pii_bidx_phone(const char *phone,
                         char hex[2 * CORE_PII_BIDX_LEN + 1]);

/*
 * A keyed hash of @a len bytes at @a data (in) under the index key, as 64
 * hex digits in @a hex (out): for deterministic tags of sealed values
 * (content hashes, merge keys). False without a keyring.
 */
bool core_pii_tag(const void *data, size_t len,
                  char hex[2 * CORE_PII_BIDX_LEN + 1]);

/* Normalizes @a phone (in) into @a out (out, @a cap bytes) as above. */
void core_pii_phone_norm(const char *phone, char *out, size_t cap);

/* The masked phone, "138****5678", in @a arena. */
const char *core_pii_mask_phone(const char *phone, struct core_arena *arena);

/* The masked email, "a***@example.com", in @a arena. */
const char *core_pii_mask_email(const char *email, struct core_arena *arena);

/*
 * The backup stream key of @a version (0: the current one) into @a key
 * (out); the version used into @a used (out). CORE_EC_PII_NO_KEY when
 * that version is not in the key file.
 */
enum core_ec core_pii_backup_key(unsigned version,
                                 unsigned char key[CORE_PII_BACKUP_KEY_LEN],
                                 unsigned *used);

/* Forgets the keyring (wiping the keys from memory). */
void core_pii_close(void);

#endif
