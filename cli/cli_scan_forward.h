#ifndef CLI_SCAN_FORWARD_H
#define CLI_SCAN_FORWARD_H
/*
 * `depot scan listen --station ID`: each scan is POSTed to the server's
 * station endpoint, in order. A scan the server did not take (down,
 * unreachable) waits in a queue and is sent again, so a dropped network
 * loses nothing while the listener runs.
 */
#include <stdbool.h>
#include <stddef.h>

enum { CLI_FORWARD_QUEUE = 1024 };

struct cli_forward {
  char url[512];
  char auth[160]; /* "Authorization: Bearer …", or "" */
  char device[65];
  char *queue[CLI_FORWARD_QUEUE]; /* JSON bodies, oldest first; heap */
  size_t head, count;
  unsigned long sent, failed_attempts;
  unsigned long long next_try_ms;
};

/*
 * Sets @a f up for station @a station at @a server (http(s)://host:port),
 * as device @a device (may be NULL) with API key @a key (may be NULL).
 * Returns false with a message in @a err.
 */
bool cli_forward_init(struct cli_forward *f, const char *server,
                      const char *station, const char *device, const char *key,
                      char *err, size_t errlen);

/* Queues scan @a data (@a len bytes of UTF-8) and tries to send the queue. */
void cli_forward_scan(struct cli_forward *f, const char *data, size_t len);

/* Sends what is queued if it is time to try again; returns what is left. */
size_t cli_forward_flush(struct cli_forward *f);

/* Frees what is still queued. */
void cli_forward_clear(struct cli_forward *f);

#endif
