#include "dev_source_serial.h"

#include <libserialport.h>
#include <stdio.h>

/* Formats libserialport's last error after @a what into @a err. */
static bool
fail(const char *what, const char *path, char *err, size_t errlen)
{
  char *msg = sp_last_error_message();
  snprintf(err, errlen, "could not %s \"%s\": %s", what, path,
           msg != NULL ? msg : "unknown error");
  sp_free_error_message(msg);
  return false;
}

bool
dev_source_serial_open(const char *path, int baud, struct sp_port **port,
                       int *fd, char *err, size_t errlen)
{
  struct sp_port *p = NULL;
  if (sp_get_port_by_name(path, &p) != SP_OK)
    return fail("find port", path, err, errlen);
  if (sp_open(p, SP_MODE_READ) != SP_OK) {
    fail("open", path, err, errlen);
    sp_free_port(p);
    return false;
  }
  if (sp_set_baudrate(p, baud) != SP_OK || sp_set_bits(p, 8) != SP_OK ||
      sp_set_parity(p, SP_PARITY_NONE) != SP_OK ||
      sp_set_stopbits(p, 1) != SP_OK ||
      sp_set_flowcontrol(p, SP_FLOWCONTROL_NONE) != SP_OK ||
      sp_get_port_handle(p, fd) != SP_OK) {
    fail("configure", path, err, errlen);
    sp_close(p);
    sp_free_port(p);
    return false;
  }
  *port = p;
  return true;
}

void
dev_source_serial_close(struct sp_port *port)
{
  if (port == NULL)
    return;
  sp_close(port);
  sp_free_port(port);
}

bool
dev_source_serial_list(void (*each)(void *cls,
                                    const struct dev_source_serial_info *),
                       void *cls, char *err, size_t errlen)
{
  struct sp_port **ports = NULL;
  if (sp_list_ports(&ports) != SP_OK)
    return fail("list", "serial ports", err, errlen);
  for (struct sp_port **p = ports; *p != NULL; p++) {
    enum sp_transport t = sp_get_port_transport(*p);
    struct dev_source_serial_info info = {
        .name = sp_get_port_name(*p),
        .description = sp_get_port_description(*p),
        .transport = t == SP_TRANSPORT_USB         ? "usb"
                     : t == SP_TRANSPORT_BLUETOOTH ? "bluetooth"
                                                   : "native",
        .usb_vid = -1,
        .usb_pid = -1,
    };
    if (t == SP_TRANSPORT_USB) {
      sp_get_port_usb_vid_pid(*p, &info.usb_vid, &info.usb_pid);
      info.usb_manufacturer = sp_get_port_usb_manufacturer(*p);
      info.usb_product = sp_get_port_usb_product(*p);
      info.usb_serial = sp_get_port_usb_serial(*p);
    }
    each(cls, &info);
  }
  sp_free_port_list(ports);
  return true;
}
