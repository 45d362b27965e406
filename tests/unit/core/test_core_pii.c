/*
 * core_pii: the key file (made 0600, versions, refused when damaged), the
 * AEAD blobs (round trip, tampering and another key file refused), the
 * blind index's normalization (+86 and 0086 prefixes, email case and
 * spaces), the masks, revealing and masking a document, and the backup
 * stream (round trip; truncation, another key, a plain file refused).
 */
#include "core_arena.h"
#include "core_pii.h"
#include "core_pii_doc.h"
#include "core_pii_stream.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[] = "/tmp/test_core_pii.XXXXXX";
static char path[256];

static int
setup(void **state)
{
  if (mkdtemp(dir) == NULL)
    return -1;
  snprintf(path, sizeof path, "%s/keys/depot.key", dir);
  return core_pii_open(path, true) == CORE_EC_OK ? 0 : -1;
}

static int
teardown(void **state)
{
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  core_pii_close();
  return system(cmd) == 0 ? 0 : -1;
}

static void
key_file_is_private_and_versioned(void **state)
{
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  assert_int_equal(core_pii_version(), 1);
  char other[300];
  snprintf(other, sizeof other, "%s/missing.key", dir);
  assert_int_equal(core_pii_open(other, false), CORE_EC_PII_NO_KEY);
  FILE *f = fopen(other, "w");
  fputs("1 not-base64!\n", f);
  fclose(f);
  assert_int_equal(core_pii_open(other, false), CORE_EC_PII_BAD_KEY);
  assert_int_equal(core_pii_open(path, false), CORE_EC_OK);
}

static void
blobs_round_trip_and_refuse_tampering(void **state)
{
  struct core_arena *a = core_arena_new();
  const char *b64 = NULL, *plain = NULL, *b2 = NULL;
  assert_int_equal(core_pii_seal_b64("13912345678", 11, a, &b64), CORE_EC_OK);
  assert_int_equal(core_pii_seal_b64("13912345678", 11, a, &b2), CORE_EC_OK);
  assert_string_not_equal(b64, b2); /* a fresh nonce each time */
  assert_null(strstr(b64, "1391234"));
  unsigned v = 0;
  assert_int_equal(core_pii_open_b64(b64, a, &plain, &v), CORE_EC_OK);
  assert_string_equal(plain, "13912345678");
  assert_int_equal(v, 1);
  char *bad = core_arena_strdup(a, b64);
  size_t n = strlen(bad);
  bad[n - 6] = bad[n - 6] == 'A' ? 'B' : 'A';
  assert_int_equal(core_pii_open_b64(bad, a, &plain, NULL),
                   CORE_EC_PII_BAD_KEY);
  /* A new version encrypts; the old blob still opens. */
  unsigned nv = 0;
  assert_int_equal(core_pii_add_version(&nv), CORE_EC_OK);
  assert_int_equal(nv, 2);
  assert_int_equal(core_pii_seal_b64("x", 1, a, &b2), CORE_EC_OK);
  assert_int_equal(core_pii_open_b64(b2, a, &plain, &v), CORE_EC_OK);
  assert_int_equal(v, 2);
  assert_int_equal(core_pii_open_b64(b64, a, &plain, &v), CORE_EC_OK);
  assert_int_equal(v, 1);
  core_arena_free(a);
}

static void
blind_index_normalizes(void **state)
{
  char a[65], b[65];
  const char *same[] = {"+86 139-1234-5678", "008613912345678", "8613912345678",
                        "(139) 1234 5678"};
  assert_true(core_pii_bidx_phone("13912345678", a));
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    assert_true(core_pii_bidx_phone(same[i], b));
    assert_string_equal(a, b);
  }
  assert_true(core_pii_bidx_phone("+44 20 7946 0958", b));
  assert_string_not_equal(a, b);
  assert_false(core_pii_bidx_phone("--", b));
  assert_true(core_pii_bidx_email(" Li.Na@Example.COM ", a));
  assert_true(core_pii_bidx_email("li.na@example.com", b));
  assert_string_equal(a, b);
  /* Phone and email spaces differ even for the same text. */
  assert_true(core_pii_bidx_phone("12345", a));
  assert_true(core_pii_bidx_email("12345", b));
  assert_string_not_equal(a, b);
}

static void
masks(void **state)
{
  struct core_arena *a = core_arena_new();
  assert_string_equal(core_pii_mask_phone("13812345678", a), "138****5678");
  assert_string_equal(core_pii_mask_phone("12345", a), "****45");
  assert_string_equal(core_pii_mask_phone("", a), "");
  assert_string_equal(core_pii_mask_email("alice@example.com", a),
                      "a***@example.com");
  assert_string_equal(core_pii_mask_email("nobody", a), "***");
  core_arena_free(a);
}

static void
documents_seal_reveal_and_mask(void **state)
{
  struct core_arena *a = core_arena_new();
  const char *doc =
      "{\"customer\":{\"name\":\"李娜\",\"email\":\"ln@example.cn\","
      "\"phone\":\"13812345678\"},\"ship_to\":{\"name\":\"李娜\","
      "\"line1\":\"黄河南路 1 号\",\"line2\":\"\",\"city\":\"株洲市\","
      "\"phone\":\"13812345678\"}}";
  const char *sealed = NULL;
  assert_int_equal(core_pii_seal_intake(doc, a, &sealed), CORE_EC_OK);
  assert_null(strstr(sealed, "13812345678"));
  assert_null(strstr(sealed, "黄河南路"));
  assert_null(strstr(sealed, "ln@"));
  json_t *d = json_loads(sealed, 0, NULL);
  json_t *to = json_object_get(d, "ship_to");
  /* As SQL hands it back: the blob beside the plain members. */
  json_object_set(to, "$pii", json_object_get(d, "ship_to_pii"));
  json_t *copy = json_deep_copy(to);
  core_pii_reveal(to, true, a);
  assert_string_equal(json_string_value(json_object_get(to, "line1")),
                      "黄河南路 1 号");
  assert_null(json_object_get(to, "_enc"));
  core_pii_reveal(copy, false, a);
  assert_string_equal(json_string_value(json_object_get(copy, "phone")),
                      "138****5678");
  assert_string_equal(json_string_value(json_object_get(copy, "line1")), "");
  assert_string_equal(json_string_value(json_object_get(copy, "city")),
                      "株洲市");
  json_decref(copy);
  json_decref(d);
  core_arena_free(a);
}

/* Encrypts @a n bytes of a pattern into a temp file; returns it open. */
static FILE *
encrypted(size_t n)
{
  char src[300];
  snprintf(src, sizeof src, "%s/plain", dir);
  FILE *p = fopen(src, "wb");
  for (size_t i = 0; i < n; i++)
    fputc((int)(i * 7 % 251), p);
  fclose(p);
  int in = open(src, O_RDONLY);
  FILE *out = tmpfile();
  assert_int_equal(core_pii_stream_encrypt(in, out), CORE_EC_OK);
  close(in);
  rewind(out);
  return out;
}

static void
backup_stream_round_trips_and_refuses(void **state)
{
  size_t n = 200 * 1024 + 17;
  FILE *f = encrypted(n);
  char dst[300];
  snprintf(dst, sizeof dst, "%s/restored", dir);
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  unsigned v = 0;
  assert_int_equal(core_pii_stream_decrypt(f, out, &v), CORE_EC_OK);
  close(out);
  struct stat st;
  assert_int_equal(stat(dst, &st), 0);
  assert_int_equal((size_t)st.st_size, n);
  /* Cut short: the FINAL chunk is missing. */
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  rewind(f);
  char *buf = malloc((size_t)len);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  FILE *cut = tmpfile();
  fwrite(buf, 1, (size_t)len - 100, cut);
  rewind(cut);
  assert_int_equal(core_pii_stream_decrypt(cut, -1, &v), CORE_EC_PII_BAD_KEY);
  fclose(cut);
  /* Not a backup of ours. */
  FILE *plain = tmpfile();
  fputs("PGDMP...", plain);
  rewind(plain);
  assert_int_equal(core_pii_stream_decrypt(plain, -1, &v),
                   CORE_EC_INVALID_VALUE);
  fclose(plain);
  /* Another key file. */
  char other[300];
  snprintf(other, sizeof other, "%s/other.key", dir);
  assert_int_equal(core_pii_open(other, true), CORE_EC_OK);
  rewind(f);
  enum core_ec ec = core_pii_stream_decrypt(f, -1, &v);
  assert_true(ec == CORE_EC_PII_BAD_KEY || ec == CORE_EC_PII_NO_KEY);
  assert_int_equal(core_pii_open(path, false), CORE_EC_OK);
  free(buf);
  fclose(f);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(key_file_is_private_and_versioned),
      cmocka_unit_test(blobs_round_trip_and_refuse_tampering),
      cmocka_unit_test(blind_index_normalizes),
      cmocka_unit_test(masks),
      cmocka_unit_test(documents_seal_reveal_and_mask),
      cmocka_unit_test(backup_stream_round_trips_and_refuses),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
