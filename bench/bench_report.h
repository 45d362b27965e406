#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

/* latest.json and the table printed at the end of a run. */

#include "bench.h"

/** Fills c->out's "machine": cores, CPU model, RAM. */
void bench_report_machine(struct bench_ctx *c);

/**
 * Records /proc/loadavg under c->out's machine.@a key: the machine is
 * shared, and other work on it shows in every figure.
 */
void bench_report_load(struct bench_ctx *c, const char *key);

/**
 * Prints the figures of c->out as a table on stdout and writes c->out to
 * @a path (pretty, keys in order).
 * @return false (logged) if the file cannot be written
 */
bool bench_report_write(struct bench_ctx *c, const char *path);

#endif
