#include "wms_route_sim.h"

#include "core_mem.h"

#include <stdlib.h>
#include <string.h>

/* The demo pick zone (cli/cli_demo_inventory.c): aisles A-F, racks 1-10,
 * levels 1-3, bins in serpentine pick sequence. */
enum { AISLES = 6, RACKS = 10, LEVELS = 3, BINS = AISLES * RACKS * LEVELS };
enum { BAY_CM = 120, GOLDEN_MIN = 1, GOLDEN_MAX = 2 };

struct wms_route_layout
wms_route_sim_demo_layout(void)
{
  return (struct wms_route_layout){.n_aisles = AISLES,
                                   .aisle_spacing_cm = 300,
                                   .aisle_length_cm = RACKS * BAY_CM,
                                   .depot_x_cm = 1350,
                                   .depot_offset_cm = 200,
                                   .back_cross = true,
                                   .middle_cross = false};
}

struct bin {
  struct wms_route_stop at;
  int level;
  int seq;     /* serpentine pick sequence */
  int64_t far; /* cm from the depot, one way */
};

static uint64_t
next_rand(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static void
make_bins(const struct wms_route_layout *l, struct bin *b)
{
  for (int a = 0; a < AISLES; a++) {
    for (int r = 0; r < RACKS; r++) {
      int rack = a % 2 == 0 ? r : RACKS - 1 - r;
      for (int v = 0; v < LEVELS; v++) {
        struct bin *x = &b[a * RACKS * LEVELS + rack * LEVELS + v];
        x->at = (struct wms_route_stop){a, (2 * rack + 1) * BAY_CM / 2};
        x->level = v + 1;
        x->seq = a * RACKS * LEVELS + r * LEVELS + v;
        int64_t dx = (int64_t)a * l->aisle_spacing_cm - l->depot_x_cm;
        x->far = l->depot_offset_cm + (dx < 0 ? -dx : dx) + x->at.y_cm;
      }
    }
  }
}

/* qsort has no context argument: per thread, like wms_route.c. */
static _Thread_local const struct bin *sort_bins;

/* Nearest the depot first, golden levels first within a bay. */
static int
cmp_slot(const void *pa, const void *pb)
{
  const struct bin *a = &sort_bins[*(const int *)pa];
  const struct bin *b = &sort_bins[*(const int *)pb];
  bool ga = a->level >= GOLDEN_MIN && a->level <= GOLDEN_MAX;
  bool gb = b->level >= GOLDEN_MIN && b->level <= GOLDEN_MAX;
  if (a->far != b->far)
    return a->far < b->far ? -1 : 1;
  if (ga != gb)
    return ga ? -1 : 1;
  return a->seq - b->seq;
}

static _Thread_local const struct bin *sort_seq_bins;
static _Thread_local const int *sort_seq_slot;

/* Stops (SKUs) in the pick sequence of their bins. */
static int
cmp_seq(const void *pa, const void *pb)
{
  int a = sort_seq_bins[sort_seq_slot[*(const int *)pa]].seq;
  int b = sort_seq_bins[sort_seq_slot[*(const int *)pb]].seq;
  return a - b;
}

/* Bin-code order: aisle, then rack from the front, as the codes sort. */
static int
cmp_name(const void *pa, const void *pb)
{
  const struct wms_route_stop *a = pa;
  const struct wms_route_stop *b = pb;
  if (a->aisle != b->aisle)
    return a->aisle - b->aisle;
  return (a->y_cm > b->y_cm) - (a->y_cm < b->y_cm);
}

/* Metres of the tour that visits @a st (n, in) sorted by bin code. */
static double
by_name_metres(const struct wms_route_layout *l,
               const struct wms_route_stop *st, size_t n)
{
  struct wms_route_stop sorted[64];
  size_t order[64];
  memcpy(sorted, st, sizeof *st * n);
  qsort(sorted, n, sizeof *sorted, cmp_name);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  return (double)wms_route_length(l, sorted, order, n) / 100.0;
}

/* Walks list @a skus (n) with SKU k in bin @a slot[k], adding metres per
 * method to @a metres and the bin-code order's to @a by_name. */
static void
walk(const struct wms_route_layout *l, const struct bin *bins, const int *slot,
     int *skus, size_t n, double *metres, double *by_name, unsigned *worse)
{
  sort_seq_bins = bins;
  sort_seq_slot = slot;
  qsort(skus, n, sizeof *skus, cmp_seq);
  struct wms_route_stop st[64];
  size_t order[64];
  for (size_t i = 0; i < n; i++)
    st[i] = bins[slot[skus[i]]].at;
  int64_t len[WMS_ROUTE_N_METHODS];
  for (int m = 0; m < WMS_ROUTE_N_METHODS; m++) {
    len[m] = wms_route_plan(l, (enum wms_route_method)m, st, n, order);
    metres[m] += (double)len[m] / 100.0;
  }
  *by_name += by_name_metres(l, st, n);
  if (worse != NULL && (len[WMS_ROUTE_OPTIMAL] > len[WMS_ROUTE_S_SHAPE] ||
                        len[WMS_ROUTE_OPTIMAL] > len[WMS_ROUTE_LARGEST_GAP]))
    (*worse)++;
}

/* A SKU drawn with weight 1 / (rank + 1). */
static int
draw(const double *cum, int n, uint64_t *rng)
{
  double u = (double)(next_rand(rng) % 1000000007u) / 1000000007.0;
  double x = u * cum[n - 1];
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (cum[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

bool
wms_route_sim_run(const struct wms_route_sim_cfg *cfg,
                  struct wms_route_sim_result *out)
{
  if (cfg->skus == 0 || cfg->skus > BINS || cfg->min_stops == 0 ||
      cfg->max_stops < cfg->min_stops || cfg->max_stops > 60 ||
      cfg->max_stops > cfg->skus || cfg->seed == 0)
    return false;
  memset(out, 0, sizeof *out);
  struct wms_route_layout l = wms_route_sim_demo_layout();
  struct bin bins[BINS];
  make_bins(&l, bins);
  int n = (int)cfg->skus;
  int *before = core_xmalloc(sizeof *before * BINS);
  int *after = core_xmalloc(sizeof *after * BINS);
  double *cum = core_xmalloc(sizeof *cum * (size_t)n);
  uint64_t rng = cfg->seed;
  for (int i = 0; i < BINS; i++)
    before[i] = after[i] = i;
  for (int i = BINS - 1; i > 0; i--) {
    int j = (int)(next_rand(&rng) % (uint64_t)(i + 1));
    int t = before[i];
    before[i] = before[j];
    before[j] = t;
  }
  sort_bins = bins;
  qsort(after, BINS, sizeof *after, cmp_slot);
  for (int k = 0; k < n; k++)
    cum[k] = (k > 0 ? cum[k - 1] : 0) + 1.0 / (k + 1);
  for (unsigned li = 0; li < cfg->lists; li++) {
    unsigned span = cfg->max_stops - cfg->min_stops + 1;
    size_t k = cfg->min_stops + (size_t)(next_rand(&rng) % span);
    int skus[64], copy[64];
    size_t have = 0;
    while (have < k) {
      int s = draw(cum, n, &rng);
      bool dup = false;
      for (size_t i = 0; i < have && !dup; i++)
        dup = skus[i] == s;
      if (!dup)
        skus[have++] = s;
    }
    memcpy(copy, skus, sizeof skus[0] * k);
    walk(&l, bins, before, skus, k, out->metres, &out->metres_by_name,
         &out->optimal_worse);
    walk(&l, bins, after, copy, k, out->metres_slotted,
         &out->metres_by_name_slotted, &out->optimal_worse);
    out->stops += (unsigned)k;
  }
  free(cum);
  free(after);
  free(before);
  return true;
}
