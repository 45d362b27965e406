#include "dev_source_tty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static speed_t
speed_of(int baud)
{
  static const struct {
    int baud;
    speed_t speed;
  } rates[] = {{1200, B1200},     {2400, B2400},     {4800, B4800},
               {9600, B9600},     {19200, B19200},   {38400, B38400},
               {57600, B57600},   {115200, B115200}, {230400, B230400},
               {460800, B460800}, {921600, B921600}};
  for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
    if (rates[i].baud == baud)
      return rates[i].speed;
  }
  return B0;
}

int
dev_source_tty_open(const char *path, int baud, char *err, size_t errlen)
{
  speed_t speed = speed_of(baud);
  if (speed == B0) {
    snprintf(err, errlen, "unsupported baud rate %d", baud);
    return -1;
  }
  int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "could not open \"%s\": %s", path, strerror(errno));
    return -1;
  }
  struct termios t;
  if (tcgetattr(fd, &t) != 0) {
    snprintf(err, errlen, "\"%s\" is not a terminal: %s", path,
             strerror(errno));
    close(fd);
    return -1;
  }
  /* Raw bytes, 8N1, receiver on, modem lines ignored, no flow control. */
  cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
  t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  cfsetispeed(&t, speed);
  cfsetospeed(&t, speed);
  if (tcsetattr(fd, TCSANOW, &t) != 0) {
    snprintf(err, errlen, "could not configure \"%s\": %s", path,
             strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}
