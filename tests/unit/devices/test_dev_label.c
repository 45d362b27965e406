/* ZPL labels: field escaping, symbology choice, validation, raw-TCP send. */
#include "dev_label.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

static char zpl[4096];
static size_t zlen;
static char err[256];

static bool
make(enum dev_label_kind kind, const char *code, const char *caption,
     int copies)
{
  struct dev_label l = {kind, code, caption, copies};
  return dev_label_zpl(&l, zpl, sizeof zpl, &zlen, err, sizeof err);
}

static int
count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

static void
bin_label_is_one_format_with_code128_and_text(void **state)
{
  (void)state;
  assert_true(make(DEV_LABEL_BIN, "A-01-02-03", "Zone A", 3));
  assert_int_equal(zlen, strlen(zpl));
  assert_int_equal(strncmp(zpl, "^XA^CI28", 8), 0);
  assert_non_null(strstr(zpl, "^BCN,160,N,N,N^FH^FDA-01-02-03^FS"));
  assert_non_null(strstr(zpl, "^A0N,90,90^FH^FDA-01-02-03^FS"));
  assert_non_null(strstr(zpl, "^FDZone A^FS"));
  assert_non_null(strstr(zpl, "^PQ3^XZ\n"));
}

static void
caption_cannot_inject_zpl_commands(void **state)
{
  (void)state;
  assert_true(make(DEV_LABEL_BIN, "B1", "^XZ^XA~JR_ok\n货架", 1));
  assert_int_equal(count(zpl, "^XA"), 1);
  assert_int_equal(count(zpl, "^XZ"), 1);
  assert_null(strchr(zpl, '~'));
  assert_non_null(
      strstr(zpl, "^FH^FD_5EXZ_5EXA_7EJR_5Fok_0A_E8_B4_A7_E6_9E_B6^FS"));
}

static void
greater_than_in_code128_is_doubled_as_literal(void **state)
{
  (void)state;
  assert_true(make(DEV_LABEL_SKU, "A>B", NULL, 1));
  assert_non_null(strstr(zpl, "^FDA><B^FS"));
}

static void
gtin13_sku_gets_ean13_and_others_code128(void **state)
{
  (void)state;
  assert_true(make(DEV_LABEL_SKU, "4006381333931", "Pen", 1));
  assert_non_null(strstr(zpl, "^BEN,160,Y,N^FD400638133393^FS"));
  assert_true(make(DEV_LABEL_SKU, "4006381333932", NULL, 1));
  assert_null(strstr(zpl, "^BE"));
  assert_non_null(strstr(zpl, "^BCN,160,Y,N,N^FH^FD4006381333932^FS"));
}

static void
sscc_label_is_gs1_128_of_ai_00(void **state)
{
  (void)state;
  assert_true(make(DEV_LABEL_SSCC, "106141411234567897", NULL, 1));
  assert_non_null(strstr(zpl, "^FD>;>800106141411234567897^FS"));
  assert_non_null(strstr(zpl, "(00) 106141411234567897"));
  assert_false(make(DEV_LABEL_SSCC, "106141411234567890", NULL, 1));
  assert_non_null(strstr(err, "check digit"));
  assert_false(make(DEV_LABEL_SSCC, "10614141123456789", NULL, 1));
}

static void
bad_labels_are_refused_with_a_reason(void **state)
{
  (void)state;
  char big[200];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_false(make(DEV_LABEL_BIN, "", NULL, 1));
  assert_false(make(DEV_LABEL_BIN, NULL, NULL, 1));
  assert_false(make(DEV_LABEL_BIN, big, NULL, 1));
  assert_false(make(DEV_LABEL_BIN,
                    "A\x1d"
                    "B",
                    NULL, 1));
  assert_false(make(DEV_LABEL_BIN, "A", big, 1));
  assert_false(make(DEV_LABEL_BIN, "A", NULL, 0));
  assert_false(make(DEV_LABEL_BIN, "A", NULL, 1000));
  struct dev_label l = {DEV_LABEL_BIN, "A-01", NULL, 1};
  char tiny[40];
  assert_false(dev_label_zpl(&l, tiny, sizeof tiny, &zlen, err, sizeof err));
  assert_non_null(strstr(err, "too small"));
  enum dev_label_kind k;
  assert_true(dev_label_kind_parse("sscc", &k));
  assert_int_equal(k, DEV_LABEL_SSCC);
  assert_false(dev_label_kind_parse("pallet", &k));
}

/* A listening socket on an ephemeral 127.0.0.1 port; its port in @a port. */
static int
listener(char *port, size_t cap)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t al = sizeof a;
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(fd, 1), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
  snprintf(port, cap, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
  return fd;
}

static void
send_delivers_the_exact_bytes_to_the_printer_port(void **state)
{
  (void)state;
  char target[64];
  int lfd = listener(target, sizeof target);
  assert_true(make(DEV_LABEL_BIN, "A-01-02-03", "货架", 2));
  /* The backlog completes the connection, so send returns before accept. */
  assert_true(dev_label_send(target, zpl, zlen, 2000, err, sizeof err));
  int c = accept(lfd, NULL, NULL);
  assert_true(c >= 0);
  char got[4096];
  size_t n = 0;
  ssize_t r;
  while ((r = read(c, got + n, sizeof got - n)) > 0)
    n += (size_t)r;
  assert_int_equal(n, zlen);
  assert_memory_equal(got, zpl, zlen);
  close(c);
  close(lfd);
}

static void
send_to_a_closed_port_fails_with_a_message(void **state)
{
  (void)state;
  char target[64];
  int lfd = listener(target, sizeof target);
  close(lfd); /* nothing listens there any more */
  assert_false(dev_label_send(target, "^XA^XZ", 6, 2000, err, sizeof err));
  assert_non_null(strstr(err, "refused"));
  assert_false(dev_label_send(":9100", "^XA^XZ", 6, 2000, err, sizeof err));
  assert_non_null(strstr(err, "HOST"));
}

static void
shipping_label_escapes_addresses_and_needs_a_good_sscc(void **state)
{
  (void)state;
  struct dev_ship_label l = {
      .carrier = "顺丰速运",
      .tracking_no = "SF0000000012",
      .sscc = "106141410000000019",
      .order = "TM-100001",
      .from = {"株洲中心仓", "天元区 1 号", NULL, NULL},
      .to = {"^XZ王五", "黄河南路", NULL, "412007 株洲市 CN", NULL, NULL},
      .carton = 1,
      .cartons = 2,
      .weight_g = 1250,
  };
  static char big[8192];
  size_t n;
  char e[120];
  l.sscc = "106141410000000018";
  assert_false(dev_label_ship_zpl(&l, big, sizeof big, &n, e, sizeof e));
  assert_non_null(strstr(e, "SSCC"));
  l.sscc = "106141410000000019";
  assert_true(dev_label_ship_zpl(&l, big, sizeof big, &n, e, sizeof e));
  assert_int_equal(count(big, "^XA"), 1);
  assert_int_equal(count(big, "^XZ"), 1);
  assert_non_null(strstr(big, "^FD_5EXZ_E7_8E_8B_E4_BA_94^FS"));
  assert_non_null(strstr(big, "^BCN,160,Y,N,N^FH^FDSF0000000012^FS"));
  assert_non_null(strstr(big, ">;>800106141410000000019"));
  assert_non_null(strstr(big, "1/2   1.250 kg"));
  l.tracking_no = "";
  assert_false(dev_label_ship_zpl(&l, big, sizeof big, &n, e, sizeof e));
}

/* The platforms' 100 x 180 mm e-waybill: its number twice as Code 128,
   the sort code, masked recipient and sender escaped; no number, no label. */
static void
waybill_label_prints_the_service_number_on_100_by_180(void **state)
{
  (void)state;
  struct dev_waybill_label l = {
      .carrier = "中通快递",
      .waybill_no = "ZT7300000001",
      .routing = "杭州转 310",
      .consolidation = "杭州中转包",
      .route_code = "R-571-01",
      .to_name = "^XZ张*",
      .to_phone = "*******1234",
      .to_address = "浙江省杭州市余杭区文一西路**号",
      .from_name = "株洲仓",
      .from_phone = "13800000000",
      .from_address = "湖南省株洲市天元区黄河南路 1 号",
      .order = "6001",
      .carton = 1,
      .cartons = 1,
      .weight_g = 400,
  };
  static char big[8192];
  size_t n;
  char e[120];
  assert_true(dev_label_waybill_zpl(&l, big, sizeof big, &n, e, sizeof e));
  assert_int_equal(n, strlen(big));
  assert_non_null(strstr(big, "^XA^CI28^PW800^LL1440"));
  assert_int_equal(count(big, "^XZ"), 1);
  assert_int_equal(count(big, "^FH^FDZT7300000001^FS"), 2);
  assert_non_null(strstr(big, "R-571-01"));
  assert_non_null(strstr(big, "_5EXZ_E5_BC_A0*"));
  assert_non_null(strstr(big, "*******1234"));
  assert_non_null(strstr(big, "1/1   0.400 kg"));
  /* A field left out prints nothing, not an empty ^FD. */
  l.consolidation = NULL;
  assert_true(dev_label_waybill_zpl(&l, big, sizeof big, &n, e, sizeof e));
  assert_null(strstr(big, "^FD^FS"));
  assert_false(dev_label_waybill_zpl(&l, big, 100, &n, e, sizeof e));
  l.waybill_no = "";
  assert_false(dev_label_waybill_zpl(&l, big, sizeof big, &n, e, sizeof e));
  assert_non_null(strstr(e, "waybill number"));
}

static void
packing_slip_pages_every_eighteen_lines(void **state)
{
  (void)state;
  struct dev_slip_line lines[40];
  for (int i = 0; i < 40; i++)
    lines[i] = (struct dev_slip_line){"LL-CUP-01", "醴陵釉下五彩杯", i + 1};
  struct dev_slip s = {"天猫旗舰店", "TM-1", "张伟", "2026-11-27",
                       lines,        40,     2};
  static char big[65536];
  size_t n;
  char e[120];
  assert_true(dev_label_slip_zpl(&s, big, sizeof big, &n, e, sizeof e));
  assert_int_equal(count(big, "^XA"), 3);
  assert_int_equal(count(big, "x 40^FS"), 1);
  assert_non_null(strstr(big, "2 ctn   3/3"));
  assert_false(dev_label_slip_zpl(&s, big, 500, &n, e, sizeof e));
}

static void
svg_label_escapes_text_and_draws_bars(void **state)
{
  (void)state;
  struct dev_label l = {DEV_LABEL_SKU, "6901234567892", "<茶> & \"tea\" \x01",
                        1};
  char *svg;
  size_t n;
  char e[120];
  assert_true(dev_label_svg(&l, &svg, &n, e, sizeof e));
  assert_int_equal(strlen(svg), n);
  assert_int_equal(
      strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
  assert_non_null(strstr(svg, "&lt;茶&gt; &amp; &quot;tea&quot; </text>"));
  assert_null(strchr(svg, 0x01));
  assert_true(count(svg, "<rect ") > 20);
  free(svg);
  l = (struct dev_label){DEV_LABEL_SSCC, "106141410000000018", NULL, 1};
  assert_false(dev_label_svg(&l, &svg, &n, e, sizeof e));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bin_label_is_one_format_with_code128_and_text),
      cmocka_unit_test(caption_cannot_inject_zpl_commands),
      cmocka_unit_test(greater_than_in_code128_is_doubled_as_literal),
      cmocka_unit_test(gtin13_sku_gets_ean13_and_others_code128),
      cmocka_unit_test(sscc_label_is_gs1_128_of_ai_00),
      cmocka_unit_test(bad_labels_are_refused_with_a_reason),
      cmocka_unit_test(send_delivers_the_exact_bytes_to_the_printer_port),
      cmocka_unit_test(send_to_a_closed_port_fails_with_a_message),
      cmocka_unit_test(shipping_label_escapes_addresses_and_needs_a_good_sscc),
      cmocka_unit_test(waybill_label_prints_the_service_number_on_100_by_180),
      cmocka_unit_test(packing_slip_pages_every_eighteen_lines),
      cmocka_unit_test(svg_label_escapes_text_and_draws_bars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
