#ifndef CORE_LOG_H
#define CORE_LOG_H
/*
 * Logging to stderr, one line per event, with a UTC timestamp and a level.
 * Thread-safe: each line is written with a single write(2).
 */
#include <stdbool.h>

enum core_log_level {
  CORE_LOG_DEBUG,
  CORE_LOG_INFO,
  CORE_LOG_WARN,
  CORE_LOG_ERROR,
};

/* Lowest level that is printed (in); default CORE_LOG_INFO. */
void core_log_set_level(enum core_log_level level);

/*
 * Parses @a name (in): "debug", "info", "warn" or "error" into @a out.
 * Returns false, leaving @a out alone, for any other name.
 */
bool core_log_parse_level(const char *name, enum core_log_level *out);

/*
 * Names this process in every later line (in, copied; at most 63 bytes):
 * with several `depot serve` nodes on one database, whose line it is.
 * NULL or "" names none (the command line's tools).
 */
void core_log_set_node(const char *node);

/* The name set by core_log_set_node, or "" (borrowed). */
const char *core_log_node(void);

/* Prints one line at @a level; @a fmt is printf-style. */
void core_log(enum core_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define CORE_DEBUG(...) core_log(CORE_LOG_DEBUG, __VA_ARGS__)
#define CORE_INFO(...) core_log(CORE_LOG_INFO, __VA_ARGS__)
#define CORE_WARN(...) core_log(CORE_LOG_WARN, __VA_ARGS__)
#define CORE_ERROR(...) core_log(CORE_LOG_ERROR, __VA_ARGS__)

/*
 * CORE_BREAK marks a bug of ours, CORE_BREAK_CLIENT a misbehaving client or
 * device: both log where it happened and let the caller continue.
 */
#define CORE_BREAK(cond)                                                       \
  do {                                                                         \
    if (!(cond))                                                               \
      core_log(CORE_LOG_ERROR, "bug: %s failed at %s:%d", #cond, __FILE__,     \
               __LINE__);                                                      \
  } while (0)
#define CORE_BREAK_CLIENT(cond)                                                \
  do {                                                                         \
    if (!(cond))                                                               \
      core_log(CORE_LOG_WARN, "client: %s failed at %s:%d", #cond, __FILE__,   \
               __LINE__);                                                      \
  } while (0)

#endif
