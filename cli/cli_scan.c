/*
 * depot scan frame|listen|ports. frame: raw scanner bytes on stdin to one
 * JSON object per line on stdout, {"scan":…,"aim":…} or {"error":{…}},
 * through the same framing code a port uses. listen: the same from a
 * serial port (or pty, or file), with {"event":"disconnected"|"connected"}
 * lines when it goes away and comes back. ports: the serial ports.
 */
#include "dev_frame.h"
#include "dev_source.h"
#include "dev_source_serial.h"
#include "cli.h"
#include "cli_scan_forward.h"

#include <signal.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Prints one event as a JSON line; bytes that are not UTF-8 go as hex. */
static void
print_event(void *cls, const struct dev_frame_event *ev)
{
  json_t *o;
  if (ev->kind == DEV_FRAME_ERROR) {
    o = json_pack("{s:{s:s, s:s}}", "error", "code",
                  ev->error == DEV_FRAME_OVERLONG ? "overlong" : "aborted",
                  "message", ev->message);
  } else {
    json_t *aim = ev->aim[0] != '\0' ? json_string(ev->aim) : json_null();
    if (ev->utf8_valid) {
      o = json_pack("{s:s%, s:o}", "scan", ev->data, ev->len, "aim", aim);
    } else {
      char *hex = malloc(ev->len * 2 + 1);
      for (size_t i = 0; i < ev->len; i++)
        snprintf(hex + 2 * i, 3, "%02x", (unsigned char)ev->data[i]);
      o = json_pack("{s:n, s:s, s:o}", "scan", "scan_hex", hex, "aim", aim);
      free(hex);
    }
  }
  char *text = json_dumps(o, JSON_COMPACT);
  printf("%s\n", text);
  fflush(stdout);
  free(text);
  json_decref(o);
}

/* Names match ignoring case, with '_' as '-' (STX_ETX as in the fixtures). */
static bool
same_name(const char *name, const char *given)
{
  for (; *name != '\0'; name++, given++) {
    char g = *given == '_' ? '-' : *given;
    if (g >= 'A' && g <= 'Z')
      g = (char)(g + 32);
    if (g != *name)
      return false;
  }
  return *given == '\0';
}

/* Fills @a cfg from the command's flags; false (printed) on a bad one. */
static bool
config_from_args(const struct cli_args *args, struct dev_frame_config *cfg)
{
  static const struct {
    const char *name;
    enum dev_frame_mode mode;
    const char *terms;
  } modes[] = {{"line", DEV_FRAME_LINE, "cr,lf,crlf"},
               {"stx-etx", DEV_FRAME_STX_ETX, "etx"},
               {"hid-boot", DEV_FRAME_HID_BOOT, "enter"},
               {"gap", DEV_FRAME_GAP, "cr"},
               {"evdev", DEV_FRAME_EVDEV, "enter"}};
  const char *framing = cli_arg(args, "--framing");
  const char *terms = cli_arg(args, "--terminators");
  const char *max_len = cli_arg(args, "--max-len");
  const char *gap = cli_arg(args, "--gap-ms");
  const char *prefix = cli_arg(args, "--prefix");
  const char *suffix = cli_arg(args, "--suffix");
  size_t m = 0;
  size_t nmodes = sizeof modes / sizeof modes[0];
  while (m < nmodes && framing != NULL && !same_name(modes[m].name, framing))
    m++;
  memset(cfg, 0, sizeof *cfg);
  if (m == nmodes) {
    fprintf(stderr, "depot scan frame: --framing must be line, stx-etx, "
                    "hid-boot, evdev or gap\n");
    return false;
  }
  cfg->mode = modes[m].mode;
  if (terms != NULL && strcmp(terms, "none") == 0)
    cfg->mode = DEV_FRAME_GAP;
  else if (!dev_frame_parse_terminators(terms != NULL ? terms : modes[m].terms,
                                        &cfg->terminators)) {
    fprintf(stderr, "depot scan frame: bad --terminators \"%s\"\n", terms);
    return false;
  }
  char *end = NULL;
  long v = max_len != NULL ? strtol(max_len, &end, 10) : 0;
  long g = gap != NULL ? strtol(gap, &end, 10) : 0;
  if (v < 0 || v > DEV_FRAME_MAX_LEN || g < 0 || g > 60000 ||
      (end != NULL && *end != '\0')) {
    fprintf(stderr,
            "depot scan frame: --max-len must be 1..%d and --gap-ms "
            "0..60000\n",
            DEV_FRAME_MAX_LEN);
    return false;
  }
  cfg->max_len = (size_t)v;
  cfg->gap_ms = (unsigned)g;
  if ((prefix != NULL && strlen(prefix) > DEV_FRAME_MAX_AFFIX) ||
      (suffix != NULL && strlen(suffix) > DEV_FRAME_MAX_AFFIX)) {
    fprintf(stderr, "depot scan frame: --prefix/--suffix at most %d bytes\n",
            DEV_FRAME_MAX_AFFIX);
    return false;
  }
  snprintf(cfg->prefix, sizeof cfg->prefix, "%s", prefix ? prefix : "");
  snprintf(cfg->suffix, sizeof cfg->suffix, "%s", suffix ? suffix : "");
  return true;
}

int
cli_scan_frame(struct core_config *core, const struct cli_args *args)
{
  struct dev_frame_config cfg;
  if (!config_from_args(args, &cfg))
    return 2;
  static struct dev_frame f;
  dev_frame_init(&f, &cfg, print_event, NULL);
  char buf[4096];
  for (;;) {
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    int timeout = cfg.mode == DEV_FRAME_GAP ? (int)f.cfg.gap_ms : -1;
    int r = poll(&pfd, 1, timeout);
    if (r < 0 && errno == EINTR)
      continue;
    if (r == 0) {
      dev_frame_tick(&f, now_ms());
      continue;
    }
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    dev_frame_feed(&f, buf, (size_t)n, now_ms());
  }
  dev_frame_finish(&f);
  if (cli_arg(args, "--stats") != NULL)
    printf("{\"stats\":{\"scans\":%lu,\"errors\":%lu,\"noise\":%lu,"
           "\"discarded\":%lu}}\n",
           f.stats.scans, f.stats.errors, f.stats.noise, f.stats.discarded);
  return 0;
}

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal(int sig)
{
  stop_requested = 1;
}

/* @a cls: the forwarder of --station, or NULL to print only. */
static void
print_source_event(void *cls, const struct dev_source_event *ev)
{
  struct cli_forward *fwd = cls;
  if (ev->kind == DEV_SOURCE_SCAN || ev->kind == DEV_SOURCE_FRAME_ERROR) {
    print_event(NULL, ev->frame);
    if (fwd != NULL && ev->kind == DEV_SOURCE_SCAN && ev->frame->utf8_valid)
      cli_forward_scan(fwd, ev->frame->data, ev->frame->len);
    return;
  }
  json_t *o = json_pack("{s:s}", "event",
                        ev->kind == DEV_SOURCE_CONNECTED ? "connected"
                                                         : "disconnected");
  if (ev->message != NULL)
    json_object_set_new(o, "message", json_string(ev->message));
  char *text = json_dumps(o, JSON_COMPACT);
  printf("%s\n", text);
  fflush(stdout);
  free(text);
  json_decref(o);
}

/* Fills the source part of @a cfg from the flags; false (printed) if bad. */
static bool
source_from_args(const struct cli_args *args, struct dev_source_config *cfg)
{
  static const char *const backends[] = {"file", "tty", "serial", "auto",
                                         "evdev"};
  const char *port = cli_arg(args, "--port");
  const char *backend = cli_arg(args, "--backend");
  const char *baud = cli_arg(args, "--baud");
  const char *retry = cli_arg(args, "--reconnect-ms");
  if (port == NULL || strlen(port) >= sizeof cfg->path) {
    fprintf(stderr, "depot scan listen: --port PATH is required\n");
    return false;
  }
  snprintf(cfg->path, sizeof cfg->path, "%s", port);
  cfg->kind = strcmp(port, "-") == 0 ? DEV_SOURCE_FILE : DEV_SOURCE_AUTO;
  for (int i = 0; backend != NULL && i < 5; i++) {
    if (strcmp(backend, backends[i]) == 0) {
      cfg->kind = (enum dev_source_kind)i;
      backend = NULL;
    }
  }
  char *end = NULL;
  long b = baud != NULL ? strtol(baud, &end, 10) : 9600;
  long r = retry != NULL ? strtol(retry, &end, 10) : 500;
  if (backend != NULL || b <= 0 || b > 4000000 || r <= 0 || r > 600000 ||
      (end != NULL && *end != '\0')) {
    fprintf(stderr, "depot scan listen: --backend must be auto, tty, serial, "
                    "evdev or file; --baud and --reconnect-ms positive "
                    "numbers\n");
    return false;
  }
  cfg->baud = (int)b;
  cfg->reconnect_ms = (unsigned)r;
  return true;
}

/*
 * --station ID [--server URL] [--device ID]: forward to the server, with
 * the key from DEPOT_API_KEY (not a flag: flags show in ps). Returns
 * false (printed) on bad flags; @a on says whether forwarding is on.
 */
static bool
forward_from_args(const struct cli_args *args, struct cli_forward *fwd,
                  bool *on)
{
  const char *station = cli_arg(args, "--station");
  *on = station != NULL;
  if (!*on)
    return true;
  const char *server = cli_arg(args, "--server");
  char err[160];
  if (!cli_forward_init(fwd, server != NULL ? server : "http://127.0.0.1:8080",
                        station, cli_arg(args, "--device"),
                        getenv("DEPOT_API_KEY"), err, sizeof err)) {
    fprintf(stderr, "depot scan listen: %s\n", err);
    return false;
  }
  return true;
}

/* At the end: a last few tries for what is still queued. */
static int
drain(struct cli_forward *fwd)
{
  for (int i = 0; i < 50 && cli_forward_flush(fwd) > 0; i++)
    usleep(100000);
  size_t left = fwd->count;
  printf("{\"forwarded\":%lu,\"unsent\":%zu}\n", fwd->sent, left);
  cli_forward_clear(fwd);
  return left == 0 ? 0 : 1;
}

int
cli_scan_listen(struct core_config *core, const struct cli_args *args)
{
  static struct dev_source_config cfg;
  static struct dev_source src;
  static struct cli_forward fwd;
  bool forwarding;
  if (!config_from_args(args, &cfg.frame) || !source_from_args(args, &cfg) ||
      !forward_from_args(args, &fwd, &forwarding))
    return 2;
  char err[512];
  if (!dev_source_open(&src, &cfg, print_source_event, forwarding ? &fwd : NULL,
                       err, sizeof err)) {
    fprintf(stderr, "depot scan listen: %s\n", err);
    return 1;
  }
  struct sigaction sa = {.sa_handler = on_stop_signal};
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  while (!stop_requested && dev_source_poll(&src, 100) == DEV_SOURCE_OK) {
    if (forwarding)
      cli_forward_flush(&fwd);
  }
  dev_source_close(&src);
  return forwarding ? drain(&fwd) : 0;
}

static void
print_port(void *cls, const struct dev_source_serial_info *p)
{
  json_t *o = json_pack("{s:s?, s:s?, s:s}", "port", p->name, "description",
                        p->description, "transport", p->transport);
  if (p->usb_vid >= 0) {
    char id[16];
    snprintf(id, sizeof id, "%04x:%04x", (unsigned)p->usb_vid & 0xffffu,
             (unsigned)p->usb_pid & 0xffffu);
    json_object_set_new(o, "usb_id", json_string(id));
    json_object_set_new(o, "manufacturer", json_string(p->usb_manufacturer));
    json_object_set_new(o, "product", json_string(p->usb_product));
    json_object_set_new(o, "serial", json_string(p->usb_serial));
  }
  json_array_append_new(cls, o);
}

int
cli_scan_ports(struct core_config *core, const struct cli_args *args)
{
  json_t *ports = json_array();
  char err[256];
  bool ok = dev_source_serial_list(print_port, ports, err, sizeof err);
  json_t *o = ok ? json_pack("{s:b, s:o}", "ok", 1, "ports", ports)
                 : json_pack("{s:b, s:{s:s, s:s}}", "ok", 0, "error", "code",
                             "ports_unavailable", "message", err);
  if (!ok)
    json_decref(ports);
  char *text = json_dumps(o, JSON_COMPACT);
  printf("%s\n", text);
  free(text);
  json_decref(o);
  return ok ? 0 : 1;
}
