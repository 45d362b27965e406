#ifndef BENCH_PICKPATH_H
#define BENCH_PICKPATH_H
/*
 * The pick-path tier (issue 24 item 7): the same 1,000 generated pick
 * lists on the demo pick zone's layout walked by every routing method,
 * before and after slotting (wms/wms_route_sim.h, whose unit test runs
 * the same code on fewer lists). CPU only: no server, no database.
 */
#include "bench.h"

/* Writes pick_path {…} into c->out; false (logged) if the run failed. */
bool bench_pickpath_run(struct bench_ctx *c);

#endif
