#include "bench_pickpath.h"

#include "wms_route_sim.h"

/* Metres per method as {"sequence": m, …}. */
static json_t *
per_method(const double *metres)
{
  json_t *o = json_object();
  for (int m = 0; m < WMS_ROUTE_N_METHODS; m++)
    json_object_set_new(o, wms_route_method_name((enum wms_route_method)m),
                        json_real(metres[m]));
  return o;
}

bool
bench_pickpath_run(struct bench_ctx *c)
{
  /* 5-25 lines a list over 150 SKUs in the 180 demo pick bins; the seed
   * is fixed so every run walks the same lists. */
  struct wms_route_sim_cfg cfg = {1000, 5, 25, 150, 20261206u};
  struct wms_route_sim_result r;
  double t0 = bench_http_now();
  if (!wms_route_sim_run(&cfg, &r))
    return bench_fail("pick path: the simulation refused its settings");
  double secs = bench_http_now() - t0;
  double seq = r.metres[WMS_ROUTE_SEQUENCE];
  double opt = r.metres[WMS_ROUTE_OPTIMAL];
  double shorter = seq > 0 ? 100.0 * (seq - opt) / seq : 0;
  json_t *p = json_object();
  json_object_set_new(p, "lists", json_integer(cfg.lists));
  json_object_set_new(p, "stops", json_integer(r.stops));
  json_object_set_new(p, "metres", per_method(r.metres));
  json_object_set_new(p, "metres_after_slotting", per_method(r.metres_slotted));
  json_object_set_new(p, "optimal_shorter_than_sequence_pct",
                      json_real(shorter));
  double name = r.metres_by_name;
  json_object_set_new(p, "metres_by_location_name", json_real(name));
  json_object_set_new(p, "metres_by_location_name_after_slotting",
                      json_real(r.metres_by_name_slotted));
  json_object_set_new(p, "optimal_shorter_than_by_location_name_pct",
                      json_real(name > 0 ? 100.0 * (name - opt) / name : 0));
  json_object_set_new(p, "optimal_longer_than_a_heuristic_lists",
                      json_integer(r.optimal_worse));
  json_object_set_new(p, "seconds", json_real(secs));
  json_object_set_new(c->out, "pick_path", p);
  bench_note("pick path: %u lists, optimal %.0f m vs sequence %.0f m "
             "(%.1f %% shorter); after slotting %.0f m",
             cfg.lists, opt, seq, shorter, r.metres_slotted[WMS_ROUTE_OPTIMAL]);
  if (r.optimal_worse != 0)
    return bench_fail("pick path: optimal was longer than a heuristic on "
                      "%u walks",
                      r.optimal_worse);
  return true;
}
