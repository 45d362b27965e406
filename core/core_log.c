#include "core_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static enum core_log_level min_level = CORE_LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void
core_log_set_level(enum core_log_level level)
{
  min_level = level;
}

bool
core_log_parse_level(const char *name, enum core_log_level *out)
{
  for (int i = 0; i < 4; i++) {
    if (strcmp(name, level_names[i]) == 0) {
      *out = (enum core_log_level)i;
      return true;
    }
  }
  return false;
}

/* Set once at start, before the threads that log: no lock needed. */
static char node_name[64];

void
core_log_set_node(const char *node)
{
  snprintf(node_name, sizeof node_name, "%s", node != NULL ? node : "");
}

const char *
core_log_node(void)
{
  return node_name;
}

void
core_log(enum core_log_level level, const char *fmt, ...)
{
  if (level < min_level)
    return;
  char line[2048];
  struct timeval tv;
  struct tm tm;
  gettimeofday(&tv, NULL);
  gmtime_r(&tv.tv_sec, &tm);
  int n = snprintf(line, sizeof line,
                   "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s%s%s",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                   tm.tm_min, tm.tm_sec, (long)(tv.tv_usec / 1000),
                   level_names[level], node_name[0] != '\0' ? "[" : "",
                   node_name, node_name[0] != '\0' ? "] " : "");
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
  if (len > sizeof line - 2)
    len = sizeof line - 2;
  line[len++] = '\n';
  /* One write per line keeps lines from threads whole. */
  ssize_t w = write(STDERR_FILENO, line, len);
  (void)w;
}
