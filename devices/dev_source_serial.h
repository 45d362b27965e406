#ifndef DEV_SOURCE_SERIAL_H
#define DEV_SOURCE_SERIAL_H
/* Serial ports through libserialport: opening, reading, listing. */
#include <stdbool.h>
#include <stddef.h>

struct sp_port;

/* One port as dev_source_serial_list reports it (strings may be NULL). */
struct dev_source_serial_info {
  const char *name;
  const char *description;
  const char *transport; /* "native", "usb", "bluetooth" */
  int usb_vid, usb_pid;  /* -1 unless USB */
  const char *usb_manufacturer, *usb_product, *usb_serial;
};

/*
 * Opens @a path (in) for reading at @a baud, 8N1, no flow control.
 * On success stores the port in @a port (out; close with
 * dev_source_serial_close) and its descriptor in @a fd (out, for poll).
 * Returns false with the reason in @a err (out, @a errlen bytes).
 */
bool dev_source_serial_open(const char *path, int baud, struct sp_port **port,
                            int *fd, char *err, size_t errlen);

/* Closes and frees @a port (may be NULL). */
void dev_source_serial_close(struct sp_port *port);

/*
 * Calls @a each (in) with @a cls for every serial port of the system;
 * the info is valid during the call only. Returns false (reason in
 * @a err) if the ports cannot be listed.
 */
bool dev_source_serial_list(void (*each)(void *cls,
                                         const struct dev_source_serial_info *),
                            void *cls, char *err, size_t errlen);

#endif
