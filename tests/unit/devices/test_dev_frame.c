/*
 * Scanner framing: every stream of the shared scanner_streams/ (directory
 * in argv[1]) against expected.tsv, fed whole, byte by byte, with the
 * read_chunks schedule and in random chunkings; then the rules one by one.
 */
#include "dev_frame.h"
#include "fixture_tsv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *streams_dir;

/* Events collected as text: "S<aim>|<scan>" or "E<code>", one per line. */
struct collect {
  char text[65536];
  size_t len;
  unsigned scans, errors;
  bool utf8_invalid;
};

static void
collect_event(void *cls, const struct dev_frame_event *ev)
{
  struct collect *c = cls;
  size_t room = sizeof c->text - c->len;
  int n;
  if (ev->kind == DEV_FRAME_SCAN) {
    n = snprintf(c->text + c->len, room, "S%s|%.*s\n", ev->aim, (int)ev->len,
                 ev->data);
    c->scans++;
    c->utf8_invalid = c->utf8_invalid || !ev->utf8_valid;
  } else {
    n = snprintf(c->text + c->len, room, "E%d\n", (int)ev->error);
    c->errors++;
  }
  c->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* Feeds @a data in chunks of the sizes in @a sizes (0-terminated), rest at
 * once. */
static void
run(const struct dev_frame_config *cfg, const char *data, size_t len,
    const size_t *sizes, struct collect *out)
{
  static struct dev_frame f;
  memset(out, 0, sizeof *out);
  dev_frame_init(&f, cfg, collect_event, out);
  size_t off = 0;
  for (const size_t *s = sizes; s != NULL && *s != 0 && off < len; s++) {
    size_t take = *s < len - off ? *s : len - off;
    dev_frame_feed(&f, data + off, take, 0);
    off += take;
  }
  dev_frame_feed(&f, data + off, len - off, 0);
  dev_frame_finish(&f);
}

static const char *
run_str(const struct dev_frame_config *cfg, const char *data, size_t len,
        const size_t *sizes)
{
  static struct collect c;
  run(cfg, data, len, sizes, &c);
  return c.text;
}

static struct dev_frame_config
config_of(const char *framing, const char *terms, const char *max)
{
  struct dev_frame_config cfg = {.max_len = (size_t)atol(max)};
  cfg.mode = strcmp(framing, "STX_ETX") == 0    ? DEV_FRAME_STX_ETX
             : strcmp(framing, "HID_BOOT") == 0 ? DEV_FRAME_HID_BOOT
                                                : DEV_FRAME_LINE;
  if (cfg.mode != DEV_FRAME_STX_ETX)
    assert_true(dev_frame_parse_terminators(terms, &cfg.terminators));
  return cfg;
}

/* The expected events of @a file from expected.tsv, in collect's format. */
static void
expected_of(const char *file, char *out, size_t cap)
{
  char path[1024], line[4096], scan[4096];
  snprintf(path, sizeof path, "%s/expected.tsv", streams_dir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t len = 0;
  out[0] = '\0';
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[4] = {0};
    if (fixture_split(line, cols, 4) < 4 || strcmp(cols[0], file) != 0)
      continue;
    size_t n = fixture_unescape(cols[3], scan, sizeof scan);
    len += (size_t)snprintf(out + len, cap - len, "S%s|%.*s\n", cols[2], (int)n,
                            scan);
  }
  fclose(f);
}

static size_t
read_file(const char *name, char *buf, size_t cap)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", streams_dir, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t n = fread(buf, 1, cap, f);
  fclose(f);
  return n;
}

static void
check_chunkings(const char *file, const struct dev_frame_config *cfg,
                const char *chunks, const char *want)
{
  static char data[65536];
  size_t len = read_file(file, data, sizeof data);
  size_t sizes[4200] = {0};
  assert_string_equal(run_str(cfg, data, len, NULL), want);
  for (size_t i = 0; i < len && i < 4096; i++)
    sizes[i] = 1;
  assert_string_equal(run_str(cfg, data, len, sizes), want);
  size_t k = 0;
  for (const char *p = chunks; *p != '\0' && k < 64;
       p += strcspn(p, ","), p += *p == ',')
    sizes[k++] = (size_t)atol(p);
  sizes[k] = 0;
  assert_string_equal(run_str(cfg, data, len, sizes), want);
  srand(42);
  for (int round = 0; round < 200; round++) {
    for (k = 0; k < 4199; k++)
      sizes[k] = 1 + (size_t)rand() % 9;
    sizes[k] = 0;
    assert_string_equal(run_str(cfg, data, len, sizes), want);
  }
}

static void
every_fixture_stream_in_every_chunking(void **state)
{
  char path[1024], line[1024], want[16384];
  snprintf(path, sizeof path, "%s/streams.tsv", streams_dir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  int streams = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[6] = {0};
    if (fixture_split(line, cols, 6) < 4)
      continue;
    struct dev_frame_config cfg = config_of(cols[1], cols[2], cols[3]);
    expected_of(cols[0], want, sizeof want);
    assert_true(want[0] != '\0');
    check_chunkings(cols[0], &cfg, cols[4] != NULL ? cols[4] : "", want);
    streams++;
  }
  fclose(f);
  print_message("scanner_streams: %d/%d pass\n", streams, streams);
  assert_true(streams >= 4);
}

static void
crlf_is_one_terminator_even_across_reads(void **state)
{
  struct dev_frame_config cfg = {.mode = DEV_FRAME_LINE};
  assert_true(dev_frame_parse_terminators("cr,lf,crlf", &cfg.terminators));
  size_t one[] = {4, 0};
  assert_string_equal(run_str(&cfg, "ABC\r\nD\n\nE\r", 11, one),
                      "S|ABC\nS|D\nS|E\n");
  /* Only CR LF: a lone CR is data. */
  assert_true(dev_frame_parse_terminators("crlf", &cfg.terminators));
  assert_string_equal(run_str(&cfg, "A\rB\r\nC\r", 7, one), "S|A\rB\n");
  assert_true(dev_frame_parse_terminators("tab", &cfg.terminators));
  assert_string_equal(run_str(&cfg, "A\tB\r\t", 5, NULL), "S|A\nS|B\r\n");
  assert_true(dev_frame_parse_terminators("ETX,lf", &cfg.terminators));
  assert_string_equal(run_str(&cfg,
                              "A\x03"
                              "B\n",
                              4, NULL),
                      "S|A\nS|B\n");
  assert_false(dev_frame_parse_terminators("cr,xx", &cfg.terminators));
  assert_false(dev_frame_parse_terminators("", &cfg.terminators));
}

static void
noise_is_dropped_and_separators_are_data(void **state)
{
  static struct collect c;
  struct dev_frame_config cfg = {.mode = DEV_FRAME_LINE,
                                 .terminators = DEV_FRAME_T_CR};
  run(&cfg,
      "\x11]d2A\x00\x1d"
      "B\x1e\x04\xff\x13\r",
      13, NULL, &c);
  assert_string_equal(c.text, "S]d2|]d2A\x1d"
                              "B\x1e\x04\n");
  static struct dev_frame f;
  dev_frame_init(&f, &cfg, collect_event, &c);
  dev_frame_feed(&f, "\x00X\x11\r", 4, 0);
  assert_int_equal(f.stats.noise, 2);
  assert_int_equal(f.stats.scans, 1);
}

static void
overlong_scans_are_reported_and_skipped(void **state)
{
  static struct collect c;
  struct dev_frame_config cfg = {
      .mode = DEV_FRAME_LINE, .terminators = DEV_FRAME_T_LF, .max_len = 4};
  size_t ones[40];
  for (int i = 0; i < 39; i++)
    ones[i] = 1;
  ones[39] = 0;
  run(&cfg, "ABCD\nABCDEFGH\nXY\n", 17, ones, &c);
  assert_string_equal(c.text, "S|ABCD\nE0\nS|XY\n");
  cfg.mode = DEV_FRAME_STX_ETX;
  run(&cfg,
      "\x02"
      "ABCDE\x03\x02XY\x03",
      11, NULL, &c);
  assert_string_equal(c.text, "E0\nS|XY\n");
}

static void
stx_frames_drop_what_lies_outside(void **state)
{
  struct dev_frame_config cfg = {.mode = DEV_FRAME_STX_ETX};
  assert_string_equal(run_str(&cfg,
                              "zz\x03\x02"
                              "AB\x02"
                              "CD\x03\r\x02"
                              "EF",
                              14, NULL),
                      "E1\nS|CD\n");
}

static void
utf8_split_across_reads_is_reassembled(void **state)
{
  static struct collect c;
  struct dev_frame_config cfg = {.mode = DEV_FRAME_LINE,
                                 .terminators = DEV_FRAME_T_CR};
  size_t split[] = {2, 1, 1, 0};
  run(&cfg, "K\xc3\xb6\xe2\x82\xac\r", 7, split, &c);
  assert_string_equal(c.text, "S|K\xc3\xb6\xe2\x82\xac\n");
  assert_false(c.utf8_invalid);
  run(&cfg, "K\xc3(\r\xed\xa0\x80\r", 8, split, &c);
  assert_true(c.utf8_invalid);
}

static void
gap_mode_ends_frames_on_silence(void **state)
{
  static struct collect c;
  static struct dev_frame f;
  struct dev_frame_config cfg = {.mode = DEV_FRAME_GAP, .gap_ms = 50};
  memset(&c, 0, sizeof c);
  dev_frame_init(&f, &cfg, collect_event, &c);
  dev_frame_feed(&f, "AB", 2, 1000);
  dev_frame_feed(&f, "C", 1, 1040);
  dev_frame_tick(&f, 1080);
  assert_int_equal(c.scans, 0);
  dev_frame_tick(&f, 1090);
  dev_frame_feed(&f, "DE", 2, 1100);
  dev_frame_feed(&f, "F", 1, 1200);
  dev_frame_finish(&f);
  assert_string_equal(c.text, "S|ABC\nS|DE\nS|F\n");
}

static void
prefix_and_suffix_are_stripped_and_fragments_dropped(void **state)
{
  struct dev_frame_config cfg = {.mode = DEV_FRAME_LINE,
                                 .terminators = DEV_FRAME_T_CR,
                                 .prefix = "P:",
                                 .suffix = "#"};
  assert_string_equal(run_str(&cfg, "P:]C1AB#\rQ:X\rP:#\rtail", 22, NULL),
                      "S]C1|]C1AB\nS|Q:X\n");
}

static void
hid_reports_decode_through_the_framer(void **state)
{
  struct dev_frame_config cfg = {.mode = DEV_FRAME_HID_BOOT,
                                 .terminators = DEV_FRAME_T_CR};
  static const uint8_t r[][8] = {
      {0x02, 0, 0x04, 0, 0, 0, 0, 0}, /* A */
      {0x02, 0, 0, 0, 0, 0, 0, 0},    /* modifier only */
      {0, 0, 0x04, 0x05, 0, 0, 0, 0}, /* a (new), b */
      {0, 0, 0x05, 0, 0, 0, 0, 0},    /* b still down */
      {0, 0, 1, 1, 1, 1, 1, 1},       /* ErrorRollOver */
      {0x10, 0, 0x30, 0, 0, 0, 0, 0}, /* Ctrl+] = GS */
      {0x01, 0, 0x07, 0, 0, 0, 0, 0}, /* Ctrl+D = EOT */
      {0x04, 0, 0x62, 0, 0, 0, 0, 0}, /* Alt + keypad 0 */
      {0x04, 0, 0x5e, 0, 0, 0, 0, 0}, /* 6 */
      {0x04, 0, 0x5d, 0, 0, 0, 0, 0}, /* 5 -> 'A' on release */
      {0, 0, 0x2d, 0, 0, 0, 0, 0},    /* - */
      {0x20, 0, 0x2d, 0, 0, 0, 0, 0}, /* _ : same key, no new press */
      {0, 0, 0x28, 0, 0, 0, 0, 0},    /* Enter */
  };
  size_t odd[] = {3, 5, 7, 11, 13, 0};
  assert_string_equal(run_str(&cfg, (const char *)r, sizeof r, odd),
                      "S|Aab\x1d\x04"
                      "A-\n");
}

int
main(int argc, char **argv)
{
  streams_dir = argc > 1 ? argv[1] : ".";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_fixture_stream_in_every_chunking),
      cmocka_unit_test(crlf_is_one_terminator_even_across_reads),
      cmocka_unit_test(noise_is_dropped_and_separators_are_data),
      cmocka_unit_test(overlong_scans_are_reported_and_skipped),
      cmocka_unit_test(stx_frames_drop_what_lies_outside),
      cmocka_unit_test(utf8_split_across_reads_is_reassembled),
      cmocka_unit_test(gap_mode_ends_frames_on_silence),
      cmocka_unit_test(prefix_and_suffix_are_stripped_and_fragments_dropped),
      cmocka_unit_test(hid_reports_decode_through_the_framer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
