#include "dev_label.h"

#include "dev_checkdigit.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

bool
dev_label_kind_parse(const char *name, enum dev_label_kind *out)
{
  static const char *const names[] = {"bin", "sku", "sscc"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (enum dev_label_kind)i;
      return true;
    }
  return false;
}

/* A growing ZPL buffer; 'ok' turns false for good once it overflows. */
struct zpl {
  char *p;
  size_t cap, len;
  bool ok;
};

static void
put(struct zpl *z, const char *fmt, ...)
{
  if (!z->ok)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(z->p + z->len, z->cap - z->len, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= z->cap - z->len)
    z->ok = false;
  else
    z->len += (size_t)n;
}

/*
 * Field data after ^FH: '_' starts a hex pair, so '^', '~' and '_'
 * (command prefixes and the escape itself) and every byte outside
 * printable ASCII are written as _XX. UTF-8 passes through byte-wise and
 * is decoded by the printer under ^CI28.
 */
static void
put_field(struct zpl *z, const char *text)
{
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
    if (*c < 0x20 || *c >= 0x7f || *c == '^' || *c == '~' || *c == '_')
      put(z, "_%02X", *c);
    else
      put(z, "%c", *c);
  }
}

/* Code 128 field data: '>' starts an invocation code, so a literal one is "><".
 */
static void
put_code128(struct zpl *z, const char *code)
{
  for (const char *c = code; *c; c++) {
    if (*c == '>')
      put(z, "><");
    else
      put_field(z, (char[2]){*c, '\0'});
  }
}

static bool
fail(char *err, size_t errlen, const char *msg)
{
  snprintf(err, errlen, "%s", msg);
  return false;
}

static bool
printable_code(const char *code)
{
  for (const unsigned char *c = (const unsigned char *)code; *c; c++)
    if (*c < 0x20 || *c >= 0x7f)
      return false;
  return true;
}

bool
dev_label_check(const struct dev_label *l, char *err, size_t errlen)
{
  size_t n = l->code != NULL ? strlen(l->code) : 0;
  if (n == 0)
    return fail(err, errlen, "the label needs a code");
  if (n > DEV_LABEL_MAX_CODE)
    return fail(err, errlen, "code longer than 64 characters");
  if (!printable_code(l->code))
    return fail(err, errlen, "code must be printable ASCII");
  if (l->caption != NULL && strlen(l->caption) > DEV_LABEL_MAX_CAPTION)
    return fail(err, errlen, "caption longer than 120 bytes");
  if (l->copies < 1 || l->copies > 999)
    return fail(err, errlen, "copies must be 1..999");
  if (l->kind == DEV_LABEL_SSCC &&
      dev_checkdigit_check(l->code, DEV_CHECKDIGIT_SSCC18, NULL) !=
          DEV_CHECKDIGIT_VALID)
    return fail(err, errlen,
                "an SSCC is 18 digits ending in a valid check digit");
  return true;
}

static void
put_barcode(struct zpl *z, const struct dev_label *l)
{
  char gtin14[15];
  switch (l->kind) {
    case DEV_LABEL_BIN:
      put(z, "^FO50,40^BY3^BCN,160,N,N,N^FH^FD");
      put_code128(z, l->code);
      put(z, "^FS^FO50,220^A0N,90,90^FH^FD");
      put_field(z, l->code);
      put(z, "^FS");
      return;
    case DEV_LABEL_SKU:
      if (strlen(l->code) == 13 && dev_checkdigit_is_gtin(l->code, gtin14)) {
        /* ^BE takes the 12 data digits and adds the check digit itself. */
        put(z, "^FO80,40^BY3^BEN,160,Y,N^FD%.12s^FS", l->code);
      } else {
        put(z, "^FO50,40^BY2^BCN,160,Y,N,N^FH^FD");
        put_code128(z, l->code);
        put(z, "^FS");
      }
      return;
    case DEV_LABEL_SSCC:
      /* >; starts subset C, >8 is FNC1: a GS1-128 symbol of (00)+SSCC. */
      put(z, "^FO40,40^BY3^BCN,200,N,N,N^FD>;>800%s^FS", l->code);
      put(z, "^FO40,255^A0N,40,40^FD(00) %s^FS", l->code);
      return;
  }
}

bool
dev_label_zpl(const struct dev_label *label, char *out, size_t cap, size_t *len,
              char *err, size_t errlen)
{
  if (!dev_label_check(label, err, errlen))
    return false;
  struct zpl z = {out, cap, 0, cap > 0};
  put(&z, "^XA^CI28^PW812^LL406^LH0,0");
  put_barcode(&z, label);
  if (label->caption != NULL && label->caption[0] != '\0') {
    put(&z, "^FO50,330^A0N,40,40^FB712,1,0,L^FH^FD");
    put_field(&z, label->caption);
    put(&z, "^FS");
  }
  put(&z, "^PQ%d^XZ\n", label->copies);
  if (!z.ok)
    return fail(err, errlen, "label buffer too small");
  *len = z.len;
  return true;
}

/* Text lines at x=40 from @a y down, @a step dots apart; NULLs skipped. */
static int
put_lines(struct zpl *z, const char *const *lines, size_t n, int y, int size,
          int step)
{
  for (size_t i = 0; i < n; i++) {
    if (lines[i] == NULL || lines[i][0] == '\0')
      continue;
    put(z, "^FO40,%d^A0N,%d,%d^FB730,1,0,L^FH^FD", y, size, size);
    put_field(z, lines[i]);
    put(z, "^FS");
    y += step;
  }
  return y;
}

static bool
check_ship(const struct dev_ship_label *l, char *err, size_t errlen)
{
  size_t n = l->tracking_no != NULL ? strlen(l->tracking_no) : 0;
  if (n == 0 || n > DEV_LABEL_MAX_CODE || !printable_code(l->tracking_no))
    return fail(err, errlen, "the label needs a printable tracking number");
  if (l->sscc == NULL || dev_checkdigit_check(l->sscc, DEV_CHECKDIGIT_SSCC18,
                                              NULL) != DEV_CHECKDIGIT_VALID)
    return fail(err, errlen,
                "an SSCC is 18 digits ending in a valid check digit");
  return true;
}

bool
dev_label_ship_zpl(const struct dev_ship_label *l, char *out, size_t cap,
                   size_t *len, char *err, size_t errlen)
{
  if (!check_ship(l, err, errlen))
    return false;
  struct zpl z = {out, cap, 0, cap > 0};
  put(&z, "^XA^CI28^PW812^LL1218^LH0,0");
  put(&z, "^FO40,30^A0N,30,30^FDFROM^FS");
  put_lines(&z, l->from, sizeof l->from / sizeof l->from[0], 65, 30, 34);
  put(&z, "^FO20,210^GB772,3,3^FS^FO40,230^A0N,30,30^FDTO^FS");
  put_lines(&z, l->to, sizeof l->to / sizeof l->to[0], 270, 45, 52);
  put(&z, "^FO20,590^GB772,3,3^FS^FO40,610^A0N,60,60^FH^FD");
  put_field(&z, l->carrier != NULL ? l->carrier : "");
  put(&z, "^FS^FO40,690^BY3^BCN,160,Y,N,N^FH^FD");
  put_code128(&z, l->tracking_no);
  put(&z, "^FS^FO40,900^BY2^BCN,120,N,N,N^FD>;>800%s^FS", l->sscc);
  put(&z, "^FO40,1030^A0N,30,30^FD(00) %s^FS", l->sscc);
  put(&z, "^FO40,1080^A0N,40,40^FH^FD");
  put_field(&z, l->order != NULL ? l->order : "");
  put(&z, "   %d/%d   %d.%03d kg^FS", l->carton, l->cartons, l->weight_g / 1000,
      l->weight_g % 1000);
  put(&z, "^PQ1^XZ\n");
  if (!z.ok)
    return fail(err, errlen, "label buffer too small");
  *len = z.len;
  return true;
}

/* A text field of @a size dots at (@a x, @a y), wrapped in @a w dots on
   up to @a lines lines; nothing for an empty text. */
static void
put_text(struct zpl *z, int x, int y, int size, int w, int lines,
         const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  put(z, "^FO%d,%d^A0N,%d,%d^FB%d,%d,4,L^FH^FD", x, y, size, size, w, lines);
  put_field(z, text);
  put(z, "^FS");
}

bool
dev_label_waybill_zpl(const struct dev_waybill_label *l, char *out, size_t cap,
                      size_t *len, char *err, size_t errlen)
{
  size_t n = l->waybill_no != NULL ? strlen(l->waybill_no) : 0;
  if (n == 0 || n > DEV_LABEL_MAX_CODE || !printable_code(l->waybill_no))
    return fail(err, errlen, "the waybill needs a printable waybill number");
  struct zpl z = {out, cap, 0, cap > 0};
  /* 100 x 180 mm at 8 dots/mm. Top: carrier, sort code (大头笔) and
     bagging centre (集包地); the number as Code 128; the recipient; the
     sender; the number again for the courier's stub; the parcel. */
  put(&z, "^XA^CI28^PW800^LL1440^LH0,0");
  put_text(&z, 30, 20, 44, 440, 1, l->carrier);
  put_text(&z, 480, 28, 30, 300, 1, l->route_code);
  put(&z, "^FO10,80^GB780,3,3^FS");
  put_text(&z, 30, 100, 90, 740, 1, l->routing);
  put_text(&z, 30, 205, 40, 740, 1, l->consolidation);
  put(&z, "^FO10,260^GB780,3,3^FS^FO60,280^BY3^BCN,150,Y,N,N^FH^FD");
  put_code128(&z, l->waybill_no);
  put(&z, "^FS^FO10,480^GB780,3,3^FS^FO30,500^A0N,44,44^FD\xE6\x94\xB6^FS");
  put_text(&z, 100, 500, 40, 680, 1, l->to_name);
  put_text(&z, 100, 550, 36, 680, 1, l->to_phone);
  put_text(&z, 100, 600, 34, 680, 3, l->to_address);
  put(&z, "^FO10,740^GB780,3,3^FS^FO30,760^A0N,36,36^FD\xE5\xAF\x84^FS");
  put_text(&z, 100, 760, 30, 680, 1, l->from_name);
  put_text(&z, 100, 800, 30, 680, 1, l->from_phone);
  put_text(&z, 100, 840, 28, 680, 2, l->from_address);
  put(&z, "^FO10,920^GB780,3,3^FS^FO60,945^BY2^BCN,100,Y,N,N^FH^FD");
  put_code128(&z, l->waybill_no);
  put(&z, "^FS^FO10,1100^GB780,3,3^FS");
  put_text(&z, 30, 1120, 30, 740, 2, l->order);
  put(&z, "^FO30,1200^A0N,30,30^FD%d/%d   %d.%03d kg^FS", l->carton, l->cartons,
      l->weight_g / 1000, l->weight_g % 1000);
  put(&z, "^PQ1^XZ\n");
  if (!z.ok)
    return fail(err, errlen, "label buffer too small");
  *len = z.len;
  return true;
}

/* One page of a slip: lines [@a from, @a to) of @a s. */
static void
put_slip_page(struct zpl *z, const struct dev_slip *s, size_t from, size_t to,
              int page, int pages)
{
  put(z, "^XA^CI28^PW812^LL1218^LH0,0^FO40,30^A0N,45,45^FH^FD");
  put_field(z, s->title != NULL ? s->title : "");
  put(z, "^FS^FO40,90^A0N,32,32^FH^FD");
  put_field(z, s->order != NULL ? s->order : "");
  put(z, "   ");
  put_field(z, s->date != NULL ? s->date : "");
  put(z, "^FS^FO40,130^A0N,32,32^FH^FD");
  put_field(z, s->ship_to != NULL ? s->ship_to : "");
  put(z, "^FS^FO20,175^GB772,3,3^FS");
  int y = 195;
  for (size_t i = from; i < to; i++, y += 52) {
    put(z, "^FO40,%d^A0N,30,30^FB560,1,0,L^FH^FD", y);
    put_field(z, s->lines[i].sku != NULL ? s->lines[i].sku : "");
    put(z, " ");
    put_field(z, s->lines[i].name != NULL ? s->lines[i].name : "");
    put(z, "^FS^FO620,%d^A0N,30,30^FB150,1,0,R^FDx %ld^FS", y, s->lines[i].qty);
  }
  put(z, "^FO20,1150^GB772,3,3^FS^FO40,1165^A0N,30,30^FD%d ctn   %d/%d^FS",
      s->cartons, page, pages);
  put(z, "^PQ1^XZ\n");
}

bool
dev_label_slip_zpl(const struct dev_slip *s, char *out, size_t cap, size_t *len,
                   char *err, size_t errlen)
{
  struct zpl z = {out, cap, 0, cap > 0};
  size_t per = DEV_SLIP_LINES_PER_PAGE;
  int pages = s->nlines == 0 ? 1 : (int)((s->nlines + per - 1) / per);
  for (int p = 0; p < pages; p++) {
    size_t from = (size_t)p * per;
    size_t to = from + per < s->nlines ? from + per : s->nlines;
    put_slip_page(&z, s, from, to, p + 1, pages);
  }
  if (!z.ok)
    return fail(err, errlen, "slip buffer too small");
  *len = z.len;
  return true;
}

static bool
split_target(const char *target, char *host, size_t hostcap, char *port,
             size_t portcap)
{
  const char *colon = strrchr(target, ':');
  size_t hlen = colon != NULL ? (size_t)(colon - target) : strlen(target);
  if (hlen == 0 || hlen >= hostcap)
    return false;
  memcpy(host, target, hlen);
  host[hlen] = '\0';
  snprintf(port, portcap, "%s", colon != NULL ? colon + 1 : "9100");
  return port[0] != '\0';
}

/* Waits until @a fd is ready for @a events; false on timeout or error. */
static bool
wait_fd(int fd, short events, int timeout_ms)
{
  struct pollfd p = {.fd = fd, .events = events};
  int r;
  do
    r = poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r == 1 && (p.revents & (POLLERR | POLLNVAL)) == 0;
}

static int
connect_timeout(const struct addrinfo *a, int timeout_ms)
{
  int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  a->ai_protocol);
  if (fd < 0)
    return -1;
  if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
    return fd;
  int soerr = errno;
  if (soerr == EINPROGRESS) {
    /* A refused connect wakes poll with POLLERR; SO_ERROR says why. */
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int r;
    do
      r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    socklen_t sl = sizeof soerr;
    if (r == 0)
      soerr = ETIMEDOUT;
    else if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
      soerr = errno;
    if (soerr == 0)
      return fd;
  }
  close(fd);
  errno = soerr;
  return -1;
}

static bool
write_all(int fd, const char *data, size_t len, int timeout_ms)
{
  while (len > 0) {
    if (!wait_fd(fd, POLLOUT, timeout_ms))
      return false;
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0)
      return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

bool
dev_label_send(const char *target, const char *data, size_t len, int timeout_ms,
               char *err, size_t errlen)
{
  char host[256], port[16];
  if (!split_target(target, host, sizeof host, port, sizeof port)) {
    snprintf(err, errlen, "printer must be HOST or HOST:PORT");
    return false;
  }
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
  int rc = getaddrinfo(host, port, &hints, &res);
  if (rc != 0) {
    snprintf(err, errlen, "printer %s: %s", target, gai_strerror(rc));
    return false;
  }
  int fd = -1;
  for (struct addrinfo *a = res; a != NULL && fd < 0; a = a->ai_next)
    fd = connect_timeout(a, timeout_ms);
  int cerr = errno;
  freeaddrinfo(res);
  if (fd < 0) {
    snprintf(err, errlen, "printer %s: %s", target, strerror(cerr));
    return false;
  }
  bool ok = write_all(fd, data, len, timeout_ms);
  if (!ok)
    snprintf(err, errlen, "printer %s: send failed: %s", target,
             strerror(errno));
  close(fd);
  return ok;
}
