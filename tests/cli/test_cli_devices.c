/*
 * The device commands of the depot binary (DEPOT_BIN) against every case
 * of the shared fixtures (directory in argv[1]): gs1 parse, checkdigit.
 * Input goes through stdin ("-") so raw bytes such as GS arrive intact.
 */
#include "fixture_tsv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static const char *fixtures;

/*
 * Runs depot with @a args (NULL-terminated), @a in (len bytes) as stdin;
 * stdout into @a out (NUL-terminated). Returns the exit status.
 */
static int
run_depot(const char *const *args, const char *in, size_t len, char *out,
          size_t cap)
{
  FILE *tin = tmpfile();
  fwrite(in, 1, len, tin);
  fflush(tin);
  rewind(tin);
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fileno(tin), 0);
    dup2(fds[1], 1);
    close(fds[0]);
    const char *argv[16] = {"depot"};
    int n = 1;
    for (const char *const *a = args; *a != NULL && n < 15; a++)
      argv[n++] = *a;
    argv[n] = NULL;
    execv(getenv("DEPOT_BIN"), (char *const *)argv);
    _exit(127);
  }
  close(fds[1]);
  fclose(tin);
  size_t used = 0;
  while (used + 1 < cap) {
    ssize_t k = read(fds[0], out + used, cap - used - 1);
    if (k <= 0)
      break;
    used += (size_t)k;
  }
  out[used] = '\0';
  close(fds[0]);
  int status = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Like run_depot, but stdin is a pipe written @a step bytes at a time. */
static int
run_depot_trickle(const char *const *args, const char *in, size_t len,
                  size_t step, char *out, size_t cap)
{
  int fin[2], fout[2];
  assert_int_equal(pipe(fin), 0);
  assert_int_equal(pipe(fout), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fin[0], 0);
    dup2(fout[1], 1);
    close(fin[1]);
    close(fout[0]);
    const char *argv[16] = {"depot"};
    int n = 1;
    for (const char *const *a = args; *a != NULL && n < 15; a++)
      argv[n++] = *a;
    argv[n] = NULL;
    execv(getenv("DEPOT_BIN"), (char *const *)argv);
    _exit(127);
  }
  close(fin[0]);
  close(fout[1]);
  for (size_t off = 0; off < len; off += step) {
    size_t k = len - off < step ? len - off : step;
    assert_int_equal(write(fin[1], in + off, k), (ssize_t)k);
    usleep(2000);
  }
  close(fin[1]);
  size_t used = 0;
  while (used + 1 < cap) {
    ssize_t k = read(fout[0], out + used, cap - used - 1);
    if (k <= 0)
      break;
    used += (size_t)k;
  }
  out[used] = '\0';
  close(fout[0]);
  int status = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static FILE *
open_fixture(const char *name)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", fixtures, name);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  return f;
}

static void
gs1_parse_passes_every_fixture_case(void **state)
{
  FILE *f = open_fixture("gs1_cases.tsv");
  char line[4096], input[4096], out[16384], why[256];
  int cases = 0, failed = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[5];
    if (fixture_split(line, cols, 5) < 4)
      continue;
    size_t n = fixture_unescape(cols[2], input, sizeof input);
    const char *args[] = {"gs1", "parse", "-", NULL};
    int rc = run_depot(args, input, n, out, sizeof out);
    json_t *got = json_loads(out, 0, NULL);
    bool ok = got != NULL && fixture_gs1_matches(got, cols[3], why, sizeof why);
    bool want_ok = json_is_true(json_object_get(got, "ok"));
    if (!ok || rc != (want_ok ? 0 : 1)) {
      print_message("%s: rc %d, %s\n", cols[0], rc, ok ? "exit status" : why);
      failed++;
    }
    json_decref(got);
    cases++;
  }
  fclose(f);
  print_message("gs1_cases via CLI: %d/%d pass\n", cases - failed, cases);
  assert_int_equal(failed, 0);
}

static void
checkdigit_passes_every_fixture_case(void **state)
{
  FILE *f = open_fixture("checkdigit_cases.tsv");
  char line[1024], out[4096], kind[16];
  int cases = 0, failed = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[6] = {0};
    if (fixture_split(line, cols, 6) < 4)
      continue;
    snprintf(kind, sizeof kind, "%s", cols[1]);
    for (char *p = kind; *p != '\0'; p++)
      *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    const char *args[] = {"checkdigit", cols[2], "--kind", kind, NULL};
    int rc = run_depot(args, "", 0, out, sizeof out);
    json_t *got = json_loads(out, 0, NULL);
    const char *code = json_string_value(
        json_object_get(json_object_get(got, "error"), "code"));
    const char *digit =
        json_string_value(json_object_get(got, "correct_check_digit"));
    bool ok = strcmp(cols[3], "VALID") == 0
                  ? rc == 0 && json_is_true(json_object_get(got, "ok"))
                  : rc == 1 && code != NULL && strcasecmp(code, cols[3]) == 0;
    if (ok && strcmp(cols[3], "BAD_CHECK_DIGIT") == 0)
      ok = digit != NULL && strcmp(digit, cols[4]) == 0;
    if (!ok) {
      print_message("%s: rc %d, output %s", cols[0], rc, out);
      failed++;
    }
    json_decref(got);
    cases++;
  }
  fclose(f);
  print_message("checkdigit via CLI: %d/%d pass\n", cases - failed, cases);
  assert_int_equal(failed, 0);
  assert_true(cases >= 15);
}

static void
checkdigit_infers_the_kind_from_the_length(void **state)
{
  char out[4096];
  const char *a1[] = {"checkdigit", "009501101530000038", NULL};
  assert_int_equal(run_depot(a1, "", 0, out, sizeof out), 0);
  assert_non_null(strstr(out, "\"kind\":\"sscc18\""));
  const char *a2[] = {"checkdigit", "12345", NULL};
  assert_int_equal(run_depot(a2, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "bad_format"));
  const char *a3[] = {"checkdigit", "40123455", "--kind", "isbn", NULL};
  assert_int_equal(run_depot(a3, "", 0, out, sizeof out), 2);
  const char *a4[] = {"checkdigit", NULL};
  assert_int_equal(run_depot(a4, "", 0, out, sizeof out), 2);
}

static void
gs1_parse_takes_the_input_as_an_argument(void **state)
{
  char out[4096];
  const char *a1[] = {"gs1", "parse", "(01)07031234567017(3103)001250", NULL};
  assert_int_equal(run_depot(a1, "", 0, out, sizeof out), 0);
  assert_non_null(strstr(out, "\"decimals\":{\"3103\":\"1.250\"}"));
  assert_non_null(strstr(out, "\"net_weight\":{\"value\":\"1.250\""));
  const char *a2[] = {"gs1", "parse", "]C0123", NULL};
  assert_int_equal(run_depot(a2, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "\"code\":\"not_gs1\""));
  const char *a3[] = {"gs1", "parse", NULL};
  assert_int_equal(run_depot(a3, "", 0, out, sizeof out), 2);
  const char *a4[] = {"gs1", "parse", "a", "b", NULL};
  assert_int_equal(run_depot(a4, "", 0, out, sizeof out), 2);
}

/* The scans expected.tsv lists for @a file, as the CLI prints them. */
static void
expected_lines(const char *file, char *out, size_t cap)
{
  FILE *f = open_fixture("scanner_streams/expected.tsv");
  char line[4096], scan[4096];
  size_t len = 0;
  out[0] = '\0';
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[4] = {0};
    if (fixture_split(line, cols, 4) < 4 || strcmp(cols[0], file) != 0)
      continue;
    size_t n = fixture_unescape(cols[3], scan, sizeof scan);
    json_t *o =
        json_pack("{s:s%, s:o}", "scan", scan, n, "aim",
                  cols[2][0] != '\0' ? json_string(cols[2]) : json_null());
    char *text = json_dumps(o, JSON_COMPACT);
    len += (size_t)snprintf(out + len, cap - len, "%s\n", text);
    free(text);
    json_decref(o);
  }
  fclose(f);
}

static void
scan_frame_passes_every_fixture_stream(void **state)
{
  FILE *f = open_fixture("scanner_streams/streams.tsv");
  char line[1024], want[16384], out[16384], data[65536], path[1024];
  int streams = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[6] = {0};
    if (fixture_split(line, cols, 6) < 4)
      continue;
    /* The fixture's own spelling: LINE, STX_ETX, HID_BOOT; CR,LF,CRLF. */
    const char *framing = cols[1];
    const char *args[] = {"scan",      "frame",         "--framing",
                          framing,     "--terminators", cols[2],
                          "--max-len", cols[3],         NULL};
    snprintf(path, sizeof path, "%s/scanner_streams/%s", fixtures, cols[0]);
    FILE *bin = fopen(path, "rb");
    assert_non_null(bin);
    size_t n = fread(data, 1, sizeof data, bin);
    fclose(bin);
    expected_lines(cols[0], want, sizeof want);
    assert_int_equal(run_depot(args, data, n, out, sizeof out), 0);
    assert_string_equal(out, want);
    /* Reads of 1 and of 7 bytes through a pipe print the same. */
    assert_int_equal(run_depot_trickle(args, data, n, 1, out, sizeof out), 0);
    assert_string_equal(out, want);
    assert_int_equal(run_depot_trickle(args, data, n, 7, out, sizeof out), 0);
    assert_string_equal(out, want);
    streams++;
  }
  fclose(f);
  print_message("scanner_streams via CLI: %d/%d pass\n", streams, streams);
  assert_true(streams >= 4);
}

static void
scan_frame_reports_overlong_scans_and_bad_flags(void **state)
{
  char out[4096];
  const char *a1[] = {"scan",      "frame", "--framing", "line",
                      "--max-len", "3",     "--stats",   NULL};
  assert_int_equal(run_depot(a1, "ABCD\rXY\r\xc3\r", 10, out, sizeof out), 0);
  assert_string_equal(out, "{\"error\":{\"code\":\"overlong\",\"message\":"
                           "\"scan longer than the maximum length: skipped to "
                           "its end\"}}\n{\"scan\":\"XY\",\"aim\":null}\n"
                           "{\"scan\":null,\"scan_hex\":\"c3\",\"aim\":null}\n"
                           "{\"stats\":{\"scans\":2,\"errors\":1,"
                           "\"noise\":0,\"discarded\":4}}\n");
  const char *a2[] = {"scan", "frame", "--framing", "serial", NULL};
  assert_int_equal(run_depot(a2, "", 0, out, sizeof out), 2);
  const char *a3[] = {"scan", "frame", "--terminators", "cr,nl", NULL};
  assert_int_equal(run_depot(a3, "", 0, out, sizeof out), 2);
  const char *a4[] = {"scan", "frame", "--max-len", "9x", NULL};
  assert_int_equal(run_depot(a4, "", 0, out, sizeof out), 2);
  const char *a5[] = {"scan", "frame", "--terminators", "none", NULL};
  assert_int_equal(run_depot(a5, "A\rB", 3, out, sizeof out), 0);
  assert_string_equal(out, "{\"scan\":\"A\\rB\",\"aim\":null}\n");
}

static void
scan_ports_lists_ports_as_json(void **state)
{
  char out[8192];
  const char *a[] = {"scan", "ports", NULL};
  assert_int_equal(run_depot(a, "", 0, out, sizeof out), 0);
  json_t *j = json_loads(out, 0, NULL);
  assert_non_null(j);
  assert_true(json_is_true(json_object_get(j, "ok")));
  assert_true(json_is_array(json_object_get(j, "ports")));
  json_decref(j);
}

/* socat's pty pair stands in for a scanner; depot listens on one end. */
static void
scan_listen_reports_unplug_and_replug_until_sigterm(void **state)
{
  char dir[] = "/tmp/depot-cli-pty-XXXXXX", a[128], b[128], ea[160], eb[160];
  assert_non_null(mkdtemp(dir));
  snprintf(a, sizeof a, "%s/scanner", dir);
  snprintf(b, sizeof b, "%s/host", dir);
  snprintf(ea, sizeof ea, "pty,raw,echo=0,link=%s", a);
  snprintf(eb, sizeof eb, "pty,raw,echo=0,link=%s", b);
  pid_t socat = 0;
  for (int round = 0; round < 2; round++) {
    socat = fork();
    if (socat == 0) {
      execlp("socat", "socat", ea, eb, (char *)NULL);
      _exit(127);
    }
    for (int i = 0; i < 500 && (access(a, F_OK) != 0 || access(b, F_OK) != 0);
         i++)
      usleep(10000);
    if (round == 1)
      break;
    int out[2];
    assert_int_equal(pipe(out), 0);
    pid_t depot = fork();
    if (depot == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(getenv("DEPOT_BIN"), "depot", "scan", "listen", "--port", b,
            "--reconnect-ms", "50", "--framing", "line", (char *)NULL);
      _exit(127);
    }
    close(out[1]);
    usleep(300000);
    int fd = open(a, O_WRONLY | O_NOCTTY);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "]C1SCAN1\r", 9), 9);
    close(fd);
    usleep(300000);
    kill(socat, SIGTERM);
    waitpid(socat, NULL, 0);
    usleep(300000);
    /* Plug back in: the loop's second round starts socat again. */
    socat = fork();
    if (socat == 0) {
      execlp("socat", "socat", ea, eb, (char *)NULL);
      _exit(127);
    }
    for (int i = 0; i < 500 && access(a, F_OK) != 0; i++)
      usleep(10000);
    usleep(500000);
    fd = open(a, O_WRONLY | O_NOCTTY);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "SCAN2\n", 6), 6);
    close(fd);
    usleep(300000);
    kill(depot, SIGTERM);
    int status;
    waitpid(depot, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char text[4096];
    ssize_t n = read(out[0], text, sizeof text - 1);
    close(out[0]);
    text[n > 0 ? n : 0] = '\0';
    const char *s1 = strstr(text, "{\"scan\":\"]C1SCAN1\",\"aim\":\"]C1\"}");
    const char *d = strstr(text, "\"event\":\"disconnected\"");
    const char *c = strstr(text, "{\"event\":\"connected\"}");
    const char *s2 = strstr(text, "{\"scan\":\"SCAN2\",\"aim\":null}");
    if (s1 == NULL || d == NULL || c == NULL || s2 == NULL || s1 > d || d > c ||
        c > s2)
      fail_msg("unexpected output:\n%s", text);
    round = 2;
  }
  kill(socat, SIGTERM);
  waitpid(socat, NULL, 0);
  unlink(a);
  unlink(b);
  rmdir(dir);
}

static void
barcode_encode_then_decode_reads_gs1(void **state)
{
  char out[8192], png[] = "/tmp/depot-cli-XXXXXX.png";
  int fd = mkstemps(png, 4);
  assert_true(fd >= 0);
  close(fd);
  const char *enc[] = {
      "barcode", "encode", "--format",
      "gs1-128", "--text", "(01)07031234567017(10)L1(3103)001250",
      "--out",   png,      NULL};
  assert_int_equal(run_depot(enc, "", 0, out, sizeof out), 0);
  const char *dec[] = {"barcode", "decode", png, NULL};
  assert_int_equal(run_depot(dec, "", 0, out, sizeof out), 0);
  assert_non_null(strstr(out, "\"symbology\":\"]C1\""));
  assert_non_null(strstr(out, "\"decimals\":{\"3103\":\"1.250\"}"));
  const char *bad[] = {"barcode", "encode", "--format",
                       "gs1-128", "--text", "(01)07031234567018",
                       "--out",   png,      NULL};
  assert_int_equal(run_depot(bad, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "invalid_gs1"));
  const char *fmt[] = {"barcode", "encode", "--format", "pdf417", "--text",
                       "X",       "--out",  png,        NULL};
  assert_int_equal(run_depot(fmt, "", 0, out, sizeof out), 2);
  FILE *f = fopen(png, "w");
  fputs("not an image", f);
  fclose(f);
  assert_int_equal(run_depot(dec, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "bad_image"));
  unlink(png);
}

static void
label_commands_write_zpl_and_refuse_bad_codes(void **state)
{
  (void)state;
  char out[8192], path[] = "/tmp/depot-label-XXXXXX.zpl";
  int fd = mkstemps(path, 4);
  assert_true(fd >= 0);
  close(fd);
  const char *to_stdout[] = {"label",     "bin",    "A-01-02-03",
                             "--caption", "拣货区", NULL};
  assert_int_equal(run_depot(to_stdout, "", 0, out, sizeof out), 0);
  assert_int_equal(strncmp(out, "^XA", 3), 0);
  assert_non_null(strstr(out, "^FDA-01-02-03^FS"));
  const char *to_file[] = {"label",    "sscc", "106141411234567897",
                           "--copies", "4",    "--out",
                           path,       NULL};
  assert_int_equal(run_depot(to_file, "", 0, out, sizeof out), 0);
  assert_non_null(strstr(out, "\"ok\":true"));
  FILE *f = fopen(path, "r");
  char zpl[1024] = "";
  assert_non_null(fgets(zpl, sizeof zpl, f));
  fclose(f);
  assert_non_null(strstr(zpl, ">;>800106141411234567897"));
  assert_non_null(strstr(zpl, "^PQ4^XZ"));
  const char *bad[] = {"label", "sscc", "106141411234567890", NULL};
  assert_int_equal(run_depot(bad, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "\"code\":\"invalid_label\""));
  const char *nowhere[] = {"label",     "sku",         "SKU-1",
                           "--printer", "127.0.0.1:1", NULL};
  assert_int_equal(run_depot(nowhere, "", 0, out, sizeof out), 1);
  assert_non_null(strstr(out, "printer_unreachable"));
  const char *both[] = {"label", "sku",       "SKU-1",     "--out",
                        path,    "--printer", "127.0.0.1", NULL};
  assert_int_equal(run_depot(both, "", 0, out, sizeof out), 2);
  unlink(path);
}

int
main(int argc, char **argv)
{
  fixtures = argc > 1 ? argv[1] : ".";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(gs1_parse_passes_every_fixture_case),
      cmocka_unit_test(checkdigit_passes_every_fixture_case),
      cmocka_unit_test(checkdigit_infers_the_kind_from_the_length),
      cmocka_unit_test(gs1_parse_takes_the_input_as_an_argument),
      cmocka_unit_test(scan_frame_passes_every_fixture_stream),
      cmocka_unit_test(scan_frame_reports_overlong_scans_and_bad_flags),
      cmocka_unit_test(scan_ports_lists_ports_as_json),
      cmocka_unit_test(barcode_encode_then_decode_reads_gs1),
      cmocka_unit_test(label_commands_write_zpl_and_refuse_bad_codes),
      cmocka_unit_test(scan_listen_reports_unplug_and_replug_until_sigterm),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
