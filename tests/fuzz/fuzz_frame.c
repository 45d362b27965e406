/*
 * libFuzzer target for scanner framing. The first input byte picks the
 * configuration, the next eight a chunking; the rest is the stream. The
 * events must be the same fed whole and fed in those chunks.
 */
#include "dev_frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A running hash of the events plus their count. */
struct digest {
  uint64_t h;
  unsigned n;
};

static void
mix(struct digest *d, const void *p, size_t n)
{
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++)
    d->h = (d->h ^ s[i]) * 1099511628211u; /* FNV-1a */
}

static void
on_event(void *cls, const struct dev_frame_event *ev)
{
  struct digest *d = cls;
  if (ev->kind == DEV_FRAME_SCAN && (ev->len == 0 || ev->data == NULL))
    abort(); /* empty scans are never emitted */
  mix(d, &ev->kind, sizeof ev->kind);
  if (ev->kind == DEV_FRAME_SCAN) {
    mix(d, ev->data, ev->len);
    mix(d, ev->aim, sizeof ev->aim);
  } else {
    mix(d, &ev->error, sizeof ev->error);
  }
  d->n++;
}

static struct digest
run(const struct dev_frame_config *cfg, const uint8_t *data, size_t size,
    const uint8_t *chunks)
{
  static struct dev_frame f;
  struct digest d = {14695981039346656037u, 0};
  dev_frame_init(&f, cfg, on_event, &d);
  size_t off = 0;
  for (int i = 0; chunks != NULL && off < size; i = (i + 1) % 8) {
    size_t take = (size_t)(chunks[i] % 16) + 1;
    take = take < size - off ? take : size - off;
    dev_frame_feed(&f, data + off, take, 0);
    off += take;
  }
  dev_frame_feed(&f, data + off, size - off, 0);
  dev_frame_finish(&f);
  return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 9)
    return 0;
  uint8_t sel = data[0];
  struct dev_frame_config cfg = {
      .mode = (enum dev_frame_mode)(sel % 5),
      .terminators = (unsigned)(sel >> 2) % 31 + 1,
      .max_len = (sel & 0x80) != 0 ? 8 : 0,
  };
  if ((sel & 0x40) != 0) {
    strcpy(cfg.prefix, "]C");
    strcpy(cfg.suffix, "\x1d");
  }
  struct digest whole = run(&cfg, data + 9, size - 9, NULL);
  struct digest chunked = run(&cfg, data + 9, size - 9, data + 1);
  if (whole.h != chunked.h || whole.n != chunked.n)
    abort(); /* output depends on the chunking */
  return 0;
}
