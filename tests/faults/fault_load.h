#ifndef FAULT_LOAD_H
#define FAULT_LOAD_H
/*
 * The scan load of the fault tests: a small business (one warehouse, ten
 * SKUs in bins, totes, orders waved one to a list), handhelds that pick by
 * scan and record every scan they sent with what came back, and the checks
 * that prove nothing was lost or applied twice.
 */
#include "api_harness.h"

#include <stdatomic.h>
#include <stdbool.h>

enum { FAULT_MAX_HANDHELDS = 64, FAULT_MAX_SCANS = 4096 };

/* One scan a handheld sent, and its last answer. */
struct fault_sent {
  char path[64];
  char body[160];
  long status; /* 0: no reply */
  char *reply; /* the body of a 200, heap */
};

struct fault_handheld {
  struct api_server who; /* its session; port follows a restarted server */
  int index;
  bool retry;  /* resend the same scan on no reply or 503 until answered */
  int resends; /* scans sent again (same key) after no reply or a 503 */
  atomic_int *saw_503, *bad_503; /* outage answers, and ones not shaped */
  int n;
  struct fault_sent scans[FAULT_MAX_SCANS];
};

/* Sets up the business on @a s with @a orders orders waved 1 per list. */
void fault_setup(const struct api_server *s, int orders);

/*
 * Logs @a n pickers in through @a s; @a env_db ("DEPOT_DATABASE_URL=…" or
 * "DEPOT_DATA_DIR=…") reaches the database for `depot user add`.
 */
void fault_add_handhelds(const struct api_server *s, const char *env_db, int n,
                         struct fault_handheld *units);

/* A handheld's loop (pthread start routine, @a cls a fault_handheld). */
void *fault_run(void *cls);

/*
 * After the fault: every acknowledged scan is stored once (database
 * @a conninfo) and, re-sent, answers the same; scans without an answer,
 * re-sent with their keys, apply at most once; pick moves equal task
 * progress. Returns the acknowledged and unanswered counts.
 */
void fault_check(const char *conninfo, struct fault_handheld *units, int n,
                 int *acked, int *lost);

/* Frees what the handhelds recorded. */
void fault_clear(struct fault_handheld *units, int n);

#endif
