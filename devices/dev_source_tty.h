#ifndef DEV_SOURCE_TTY_H
#define DEV_SOURCE_TTY_H
/* Terminal devices through termios: raw, 8N1, non-blocking. */
#include <stddef.h>

/*
 * Opens the terminal @a path (in) at @a baud (a standard rate; others are
 * refused) and puts it in raw mode. Returns the descriptor (non-blocking,
 * caller closes) or -1 with the reason in @a err (out, @a errlen bytes).
 */
int dev_source_tty_open(const char *path, int baud, char *err, size_t errlen);

#endif
