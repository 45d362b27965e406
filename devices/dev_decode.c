#include "dev_decode.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef bool (*decode_fn)(const unsigned char *, int, int,
                          struct dev_zxing_result *, size_t *, char *, size_t);

static bool
write_all(int fd, const void *p, size_t len)
{
  const char *c = p;
  while (len > 0) {
    ssize_t k = write(fd, c, len);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return false;
    c += k;
    len -= (size_t)k;
  }
  return true;
}

/* The child: decodes, then writes ok, count and each result to @a fd. */
static void
child(int fd, decode_fn fn, const unsigned char *gray, int w, int h)
{
  struct dev_zxing_result r[DEV_ZXING_MAX_RESULTS];
  size_t n = 0;
  char err[160] = "";
  uint8_t ok = fn(gray, w, h, r, &n, err, sizeof err) ? 1 : 0;
  bool sent = write_all(fd, &ok, 1) && write_all(fd, err, sizeof err) &&
              write_all(fd, &n, sizeof n);
  for (size_t i = 0; sent && i < n; i++)
    sent = write_all(fd, r[i].format, sizeof r[i].format) &&
           write_all(fd, r[i].symbology, sizeof r[i].symbology) &&
           write_all(fd, &r[i].len, sizeof r[i].len) &&
           write_all(fd, r[i].text, r[i].len);
  _exit(sent ? 0 : 1);
}

/* Reads exactly @a len bytes before @a deadline (ms since the epoch). */
static bool
read_all(int fd, void *p, size_t len, int64_t deadline)
{
  char *c = p;
  while (len > 0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t left = deadline - (now.tv_sec * 1000 + now.tv_nsec / 1000000);
    struct pollfd pfd = {fd, POLLIN, 0};
    if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
      return false;
    ssize_t k = read(fd, c, len);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return false;
    c += k;
    len -= (size_t)k;
  }
  return true;
}

/* Reads the child's answer into @a out; false if it did not come whole. */
static bool
read_answer(int fd, struct dev_zxing_result *out, size_t *n, bool *ok,
            char *err, size_t errlen, int64_t deadline)
{
  uint8_t flag;
  char cerr[160];
  size_t count;
  if (!read_all(fd, &flag, 1, deadline) ||
      !read_all(fd, cerr, sizeof cerr, deadline) ||
      !read_all(fd, &count, sizeof count, deadline) ||
      count > DEV_ZXING_MAX_RESULTS)
    return false;
  *ok = flag == 1;
  snprintf(err, errlen, "%.159s", cerr);
  for (*n = 0; *n < count; (*n)++) {
    struct dev_zxing_result *r = &out[*n];
    if (!read_all(fd, r->format, sizeof r->format, deadline) ||
        !read_all(fd, r->symbology, sizeof r->symbology, deadline) ||
        !read_all(fd, &r->len, sizeof r->len, deadline) ||
        r->len > DEV_ZXING_MAX_TEXT * 4 ||
        (r->text = malloc(r->len + 1)) == NULL ||
        !read_all(fd, r->text, r->len, deadline)) {
      return false;
    }
    r->text[r->len] = '\0';
  }
  return true;
}

/* One isolated attempt; false with @a died when the child failed. */
static bool
attempt(decode_fn fn, const unsigned char *gray, int w, int h,
        struct dev_zxing_result *out, size_t *n, bool *died, char *err,
        size_t errlen)
{
  int fds[2];
  *n = 0;
  *died = false;
  if (pipe(fds) != 0) {
    snprintf(err, errlen, "no pipe: %s", strerror(errno));
    return false;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(fds[1], fn, gray, w, h);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    snprintf(err, errlen, "cannot start the decoder: %s", strerror(errno));
    return false;
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t deadline =
      now.tv_sec * 1000 + now.tv_nsec / 1000000 + DEV_DECODE_TIMEOUT_MS;
  bool ok = false;
  bool whole = read_answer(fds[0], out, n, &ok, err, errlen, deadline);
  close(fds[0]);
  if (!whole)
    kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!whole) {
    for (size_t i = 0; i < *n; i++)
      dev_zxing_result_clear(&out[i]);
    *n = 0;
    *died = true;
    snprintf(err, errlen, "the barcode decoder %s on this image",
             WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL
                 ? "crashed"
                 : "ran out of time");
  }
  return whole && ok;
}

bool
dev_decode_image(const unsigned char *gray, int width, int height,
                 struct dev_zxing_result *out, size_t *n, char *err,
                 size_t errlen)
{
  bool died;
  if (attempt(dev_zxing_decode, gray, width, height, out, n, &died, err,
              errlen))
    return true;
  if (!died)
    return false;
  return attempt(dev_zxing_decode_one, gray, width, height, out, n, &died, err,
                 errlen);
}
