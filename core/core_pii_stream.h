#ifndef CORE_PII_STREAM_H
#define CORE_PII_STREAM_H
/*
 * Encrypted backups (issue 20, item 4): pg_dump's output through
 * libsodium's secretstream (XChaCha20-Poly1305 in 64 KiB chunks, the last
 * one tagged FINAL, so truncation is detected), under the backup key of
 * the key file's current version (core_pii_backup_key).
 *
 * File: "DEPOTBK1", 2 bytes key version (big endian), the 24-byte stream
 * header, then chunks of 4 bytes length (big endian) and ciphertext. The
 * first 10 bytes are every chunk's additional data.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdio.h>

/* The first bytes of an encrypted backup. */
#define CORE_PII_STREAM_MAGIC "DEPOTBK1"

/*
 * Encrypts everything readable from @a in_fd (in, read to EOF) into
 * @a out (in, written). CORE_EC_PII_NO_KEY without a keyring;
 * CORE_EC_INTERNAL on a read or write error (errno set).
 */
enum core_ec core_pii_stream_encrypt(int in_fd, FILE *out);

/*
 * Decrypts @a in (in, positioned at the start) into @a out_fd (in, -1:
 * check only). Returns CORE_EC_OK for a whole, authentic stream;
 * CORE_EC_INVALID_VALUE when @a in is not an encrypted Depot backup;
 * CORE_EC_PII_NO_KEY when the key file lacks its key version (in
 * @a version, out); CORE_EC_PII_BAD_KEY when it does not authenticate
 * (another key file, or a damaged or truncated file); CORE_EC_INTERNAL
 * on a write error (the reader went away).
 */
enum core_ec core_pii_stream_decrypt(FILE *in, int out_fd, unsigned *version);

#endif
