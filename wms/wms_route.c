#include "wms_route.h"

#include "core_mem.h"

#include <stdlib.h>
#include <string.h>

static const char *const method_names[WMS_ROUTE_N_METHODS] = {
    "sequence", "s_shape", "largest_gap", "optimal"};

const char *
wms_route_method_name(enum wms_route_method m)
{
  return (unsigned)m < WMS_ROUTE_N_METHODS ? method_names[m] : NULL;
}

bool
wms_route_method_parse(const char *name, enum wms_route_method *m)
{
  for (int i = 0; name != NULL && i < WMS_ROUTE_N_METHODS; i++) {
    if (strcmp(name, method_names[i]) == 0) {
      *m = (enum wms_route_method)i;
      return true;
    }
  }
  return false;
}

/* A point of the plane: x in cm from aisle 0's line, y along the aisles. */
struct pt {
  int64_t x;
  int64_t y;
};

static struct pt
stop_pt(const struct wms_route_layout *l, const struct wms_route_stop *s)
{
  return (struct pt){(int64_t)s->aisle * l->aisle_spacing_cm, s->y_cm};
}

static int64_t
absdiff(int64_t a, int64_t b)
{
  return a > b ? a - b : b - a;
}

/* Shortest walk between two points of the aisle grid. The depot lies on
 * the front cross-aisle (y = 0), so the same formula serves it. */
static int64_t
pt_dist(const struct wms_route_layout *l, struct pt a, struct pt b)
{
  if (a.x == b.x)
    return absdiff(a.y, b.y);
  int64_t best = a.y + b.y;
  int64_t len = l->aisle_length_cm;
  if (l->back_cross && 2 * len - a.y - b.y < best)
    best = 2 * len - a.y - b.y;
  if (l->middle_cross) {
    int64_t mid = len / 2;
    int64_t v = absdiff(a.y, mid) + absdiff(b.y, mid);
    if (v < best)
      best = v;
  }
  return best + absdiff(a.x, b.x);
}

int64_t
wms_route_dist(const struct wms_route_layout *l, const struct wms_route_stop *a,
               const struct wms_route_stop *b)
{
  return pt_dist(l, stop_pt(l, a), stop_pt(l, b));
}

int64_t
wms_route_length(const struct wms_route_layout *l,
                 const struct wms_route_stop *stops, const size_t *order,
                 size_t n)
{
  if (n == 0)
    return 0;
  struct pt depot = {l->depot_x_cm, 0};
  struct pt at = depot;
  int64_t sum = 2 * (int64_t)l->depot_offset_cm;
  for (size_t i = 0; i < n; i++) {
    struct pt p = stop_pt(l, &stops[order[i]]);
    sum += pt_dist(l, at, p);
    at = p;
  }
  return sum + pt_dist(l, at, depot);
}

/* Sorting stop indices by (aisle, y, index); qsort has no context
 * argument, so the stops are per thread (the server routes in several). */
static _Thread_local const struct wms_route_stop *sort_stops;

static int
cmp_stop(const void *pa, const void *pb)
{
  const struct wms_route_stop *a = &sort_stops[*(const size_t *)pa];
  const struct wms_route_stop *b = &sort_stops[*(const size_t *)pb];
  if (a->aisle != b->aisle)
    return a->aisle < b->aisle ? -1 : 1;
  if (a->y_cm != b->y_cm)
    return a->y_cm < b->y_cm ? -1 : 1;
  size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
  return ia < ib ? -1 : ia > ib;
}

static size_t *
sorted_idx(const struct wms_route_stop *stops, size_t n)
{
  size_t *idx = core_xmalloc(sizeof *idx * (n > 0 ? n : 1));
  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  sort_stops = stops;
  qsort(idx, n, sizeof *idx, cmp_stop);
  return idx;
}

/* S-shape: aisles with picks left to right, up the first, down the next;
 * an odd last aisle is entered from the front and left the same way. */
static void
s_shape(const struct wms_route_stop *stops, size_t n, size_t *order)
{
  size_t *idx = sorted_idx(stops, n);
  size_t out = 0, i = 0;
  int k = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && stops[idx[j]].aisle == stops[idx[i]].aisle)
      j++;
    for (size_t t = 0; t < j - i; t++)
      order[out++] = k % 2 == 0 ? idx[i + t] : idx[j - 1 - t];
    k++;
    i = j;
  }
  free(idx);
}

/* The split of one aisle's stops idx[i..j) at its largest gap: stops
 * before the returned index are taken from the front. */
static size_t
gap_split(const struct wms_route_layout *l, const struct wms_route_stop *st,
          const size_t *idx, size_t i, size_t j)
{
  int64_t best = st[idx[i]].y_cm; /* everything from the back */
  size_t split = i;
  for (size_t t = i; t < j; t++) {
    int64_t next = t + 1 < j ? st[idx[t + 1]].y_cm : l->aisle_length_cm;
    if (next - st[idx[t]].y_cm > best) {
      best = next - st[idx[t]].y_cm;
      split = t + 1;
    }
  }
  return split;
}

/* Largest gap: the outer aisles with picks are traversed; the others are
 * entered from the back up to their largest gap on the way out and from
 * the front on the way back. */
static void
largest_gap(const struct wms_route_layout *l, const struct wms_route_stop *st,
            size_t n, size_t *order)
{
  size_t *idx = sorted_idx(st, n);
  size_t *start = core_xmalloc(sizeof *start * (n + 1));
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || st[idx[i]].aisle != st[idx[i - 1]].aisle)
      start[m++] = i;
  }
  start[m] = n;
  size_t out = 0;
  for (size_t t = start[0]; t < start[1]; t++)
    order[out++] = idx[t];
  if (m > 1) {
    for (size_t a = 1; a + 1 < m; a++) {
      size_t split = gap_split(l, st, idx, start[a], start[a + 1]);
      for (size_t t = start[a + 1]; t > split; t--)
        order[out++] = idx[t - 1];
    }
    for (size_t t = start[m]; t > start[m - 1]; t--)
      order[out++] = idx[t - 1];
    for (size_t a = m - 2; a >= 1; a--) {
      size_t split = gap_split(l, st, idx, start[a], start[a + 1]);
      for (size_t t = start[a]; t < split; t++)
        order[out++] = idx[t];
    }
  }
  free(start);
  free(idx);
}

/* --- Ratliff–Rosenthal ------------------------------------------------
 * Columns are the aisles from the leftmost to the rightmost required x
 * (stops and the depot); a depot between aisle lines is a column of its
 * own that cannot be walked along. The state after a column describes
 * the partial tour left of it by its two ends a (front) and b (back):
 * each absent, of even or of odd degree, and whether they are joined.
 * Transitions are derived, not tabled: for each horizontal (0-2 edges on
 * the front, 0-2 on the back) and vertical configuration the small graph
 * {a, b, a', b'} is checked by union-find for parity and for components
 * left behind. */

enum vcfg { V_NONE, V_FULL, V_DOUBLE, V_BOTTOM, V_TOP, V_GAP, V_N };
enum { ST_EMPTY = 18, N_ST = 19 };

struct point {
  int64_t y;
  bool depot;
  size_t first, count; /* stops idx[first .. first + count) */
};

struct column {
  int64_t x;
  bool walkable;
  struct point *pts;
  size_t npts, gap; /* gap: the largest interior gap follows pts[gap] */
};

static int64_t
vcost(const struct column *c, int64_t len, enum vcfg v)
{
  size_t k = c->npts;
  switch (v) {
    case V_NONE:
      return k == 0 ? 0 : -1;
    case V_FULL:
      return c->walkable ? len : -1;
    case V_DOUBLE:
      return c->walkable ? 2 * len : -1;
    case V_BOTTOM:
      return k > 0 ? 2 * c->pts[k - 1].y : -1;
    case V_TOP:
      return k > 0 && c->walkable ? 2 * (len - c->pts[0].y) : -1;
    case V_GAP:
      if (k < 2 || !c->walkable)
        return -1;
      return 2 * (len - (c->pts[c->gap + 1].y - c->pts[c->gap].y));
    default:
      return -1;
  }
}

static bool
touches_a(enum vcfg v)
{
  return v == V_FULL || v == V_DOUBLE || v == V_BOTTOM || v == V_GAP;
}

static bool
touches_b(enum vcfg v)
{
  return v == V_FULL || v == V_DOUBLE || v == V_TOP || v == V_GAP;
}

static int
uf_find(int *uf, int x)
{
  while (uf[x] != x)
    x = uf[x];
  return x;
}

static void
uf_join(int *uf, int a, int b)
{
  uf[uf_find(uf, a)] = uf_find(uf, b);
}

/* A left end of class @a p (0 absent, 1 even, 2 odd) with @a h edges to
 * the right ends even, or is refused (absent ends start nothing). */
static bool
end_ok(int p, int h)
{
  return p == 0 ? h == 0 : p == 2 ? h == 1 : h != 1;
}

/* The state after the next column, or -1 if the step is not allowed. */
static int
step(int s, int ha, int hb, enum vcfg v, bool back)
{
  int pa = 0, pb = 0, conn = 0;
  if (s == ST_EMPTY) {
    if (ha != 0 || hb != 0)
      return -1;
  } else {
    pa = s / 6;
    pb = (s / 2) % 3;
    conn = s % 2;
  }
  if ((!back && hb != 0) || !end_ok(pa, ha) || !end_ok(pb, hb))
    return -1;
  int uf[4] = {0, 1, 2, 3};
  if (pa != 0 && pb != 0 && conn != 0)
    uf_join(uf, 0, 1);
  if (ha > 0)
    uf_join(uf, 0, 2);
  if (hb > 0)
    uf_join(uf, 1, 3);
  if (v == V_FULL || v == V_DOUBLE)
    uf_join(uf, 2, 3);
  bool a2 = ha > 0 || touches_a(v), b2 = hb > 0 || touches_b(v);
  int ends[2] = {pa, pb};
  for (int e = 0; e < 2; e++) {
    int r = uf_find(uf, e);
    if (ends[e] != 0 &&
        !((a2 && uf_find(uf, 2) == r) || (b2 && uf_find(uf, 3) == r)))
      return -1; /* a component left behind */
  }
  int odd = v == V_FULL ? 1 : 0;
  int na = a2 ? ((ha + odd) % 2 != 0 ? 2 : 1) : 0;
  int nb = b2 ? ((hb + odd) % 2 != 0 ? 2 : 1) : 0;
  if (na == 0 && nb == 0)
    return -1;
  int nc = na != 0 && nb != 0 && uf_find(uf, 2) == uf_find(uf, 3);
  return na * 6 + nb * 2 + nc;
}

static bool
final_ok(int s)
{
  if (s == ST_EMPTY)
    return false;
  int pa = s / 6, pb = (s / 2) % 3, conn = s % 2;
  return pa != 2 && pb != 2 && (pa == 0 || pb == 0 || conn != 0);
}

/* The choice that reached a state: previous state and configurations. */
struct choice {
  int8_t prev, ha, hb, v;
};

struct plan {
  struct column *cols;
  size_t ncols;
  struct choice *ch; /* ncols * N_ST */
  int last;          /* final state */
  int64_t cost;
};

/* Runs the dynamic programme over p->cols; false if no tour exists. */
static bool
dp_run(const struct wms_route_layout *l, struct plan *p)
{
  int64_t *cost = core_xmalloc(sizeof *cost * N_ST * 2);
  int64_t *cur = cost, *nxt = cost + N_ST;
  const int64_t inf = INT64_MAX / 4;
  p->ch = core_xcalloc(p->ncols * N_ST, sizeof *p->ch);
  for (int s = 0; s < N_ST; s++)
    cur[s] = s == ST_EMPTY ? 0 : inf;
  for (size_t c = 0; c < p->ncols; c++) {
    int64_t w = c > 0 ? p->cols[c].x - p->cols[c - 1].x : 0;
    for (int s = 0; s < N_ST; s++)
      nxt[s] = inf;
    for (int s = 0; s < N_ST; s++) {
      if (cur[s] >= inf)
        continue;
      for (int h = 0; h < 9; h++) {
        for (int v = 0; v < V_N; v++) {
          int64_t vc = vcost(&p->cols[c], l->aisle_length_cm, (enum vcfg)v);
          int ns = vc < 0 ? -1 : step(s, h / 3, h % 3, v, l->back_cross);
          if (ns < 0 || cur[s] + vc + (h / 3 + h % 3) * w >= nxt[ns])
            continue;
          nxt[ns] = cur[s] + vc + (h / 3 + h % 3) * w;
          p->ch[c * N_ST + (size_t)ns] = (struct choice){
              (int8_t)s, (int8_t)(h / 3), (int8_t)(h % 3), (int8_t)v};
        }
      }
    }
    int64_t *t = cur;
    cur = nxt;
    nxt = t;
  }
  p->last = -1;
  for (int s = 0; s < N_ST; s++) {
    if (final_ok(s) && cur[s] < inf && (p->last < 0 || cur[s] < p->cost)) {
      p->last = s;
      p->cost = cur[s];
    }
  }
  free(cost);
  return p->last >= 0;
}

/* The multigraph of the chosen tour, walked as an Euler circuit. */
struct graph {
  size_t nnodes, nedges, cap;
  size_t *eu, *ev; /* edge ends */
  size_t *base;    /* per column: node of a; points follow; then b */
};

static void
add_edges(struct graph *g, size_t u, size_t v, int times)
{
  for (int i = 0; i < times; i++) {
    if (g->nedges == g->cap) {
      g->cap = g->cap * 2 + 16;
      g->eu = core_xrealloc(g->eu, sizeof *g->eu * g->cap);
      g->ev = core_xrealloc(g->ev, sizeof *g->ev * g->cap);
    }
    g->eu[g->nedges] = u;
    g->ev[g->nedges] = v;
    g->nedges++;
  }
}

/* Segment s of column c joins chain node s to s + 1 (a, points, b). */
static int
seg_times(const struct column *c, enum vcfg v, size_t s)
{
  size_t k = c->npts;
  switch (v) {
    case V_FULL:
      return 1;
    case V_DOUBLE:
      return 2;
    case V_BOTTOM:
      return s < k ? 2 : 0;
    case V_TOP:
      return s >= 1 ? 2 : 0;
    case V_GAP:
      return s != c->gap + 1 ? 2 : 0;
    default:
      return 0;
  }
}

static void
build_graph(const struct plan *p, struct graph *g)
{
  g->base = core_xmalloc(sizeof *g->base * p->ncols);
  for (size_t c = 0; c < p->ncols; c++) {
    g->base[c] = g->nnodes;
    g->nnodes += p->cols[c].npts + 2;
  }
  int s = p->last;
  for (size_t c = p->ncols; c-- > 0;) {
    const struct choice *ch = &p->ch[c * N_ST + (size_t)s];
    const struct column *col = &p->cols[c];
    for (size_t k = 0; k <= col->npts; k++)
      add_edges(g, g->base[c] + k, g->base[c] + k + 1,
                seg_times(col, (enum vcfg)ch->v, k));
    if (c > 0) {
      add_edges(g, g->base[c - 1], g->base[c], ch->ha);
      add_edges(g, g->base[c - 1] + p->cols[c - 1].npts + 1,
                g->base[c] + col->npts + 1, ch->hb);
    }
    s = ch->prev;
  }
}

/* Hierholzer from @a start; @a walk (out) gets the circuit's nodes. */
static size_t
euler(const struct graph *g, size_t start, size_t *walk)
{
  size_t *head = core_xmalloc(sizeof *head * g->nnodes);
  size_t *next = core_xmalloc(sizeof *next * 2 * (g->nedges + 1));
  bool *used = core_xcalloc(g->nedges + 1, 1);
  size_t *stack = core_xmalloc(sizeof *stack * (g->nedges + 2));
  const size_t none = (size_t)-1;
  for (size_t i = 0; i < g->nnodes; i++)
    head[i] = none;
  for (size_t e = 0; e < g->nedges; e++) {
    next[2 * e] = head[g->eu[e]];
    head[g->eu[e]] = 2 * e;
    next[2 * e + 1] = head[g->ev[e]];
    head[g->ev[e]] = 2 * e + 1;
  }
  size_t sp = 0, nw = 0;
  stack[sp++] = start;
  while (sp > 0) {
    size_t u = stack[sp - 1];
    while (head[u] != none && used[head[u] / 2])
      head[u] = next[head[u]];
    if (head[u] == none) {
      walk[nw++] = u;
      sp--;
      continue;
    }
    size_t h = head[u], e = h / 2;
    used[e] = true;
    stack[sp++] = h % 2 == 0 ? g->ev[e] : g->eu[e];
  }
  free(head);
  free(next);
  free(used);
  free(stack);
  return nw;
}

/* Columns of the stops (sorted as @a idx) and the depot. */
static size_t
make_columns(const struct wms_route_layout *l, const struct wms_route_stop *st,
             const size_t *idx, size_t n, struct column **out)
{
  int64_t sp = l->aisle_spacing_cm, dx = l->depot_x_cm;
  bool on_line = dx % sp == 0 && dx >= 0 && dx / sp < l->n_aisles;
  int64_t lo = dx, hi = dx;
  for (size_t i = 0; i < n; i++) {
    int64_t x = (int64_t)st[i].aisle * sp;
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
  }
  int64_t first = lo >= 0 ? (lo + sp - 1) / sp : 0;
  size_t cap = (size_t)((hi - first * sp) / sp + 2);
  struct column *cols = core_xcalloc(cap, sizeof *cols);
  struct point *pts = core_xcalloc(n + 1, sizeof *pts);
  size_t nc = 0, np = 0, i = 0;
  bool depot_done = false;
  for (int64_t a = first; a * sp <= hi || !depot_done; a++) {
    if (!depot_done && !on_line && dx < a * sp) {
      cols[nc++] = (struct column){dx, false, &pts[np], 1, 0};
      pts[np++] = (struct point){0, true, 0, 0};
      depot_done = true;
    }
    if (a * sp > hi || a >= l->n_aisles)
      continue;
    struct column *c = &cols[nc++];
    *c = (struct column){a * sp, true, &pts[np], 0, 0};
    if (on_line && a * sp == dx) {
      pts[np++] = (struct point){0, true, i, 0};
      c->npts++;
      depot_done = true;
    }
    for (; i < n && st[idx[i]].aisle == a; i++) {
      if (c->npts == 0 || pts[np - 1].y != st[idx[i]].y_cm) {
        pts[np++] = (struct point){st[idx[i]].y_cm, false, i, 0};
        c->npts++;
      }
      pts[np - 1].count++;
    }
    for (size_t k = 0; k + 1 < c->npts; k++) {
      if (c->pts[k + 1].y - c->pts[k].y >
          c->pts[c->gap + 1].y - c->pts[c->gap].y)
        c->gap = k;
    }
  }
  *out = cols;
  return nc;
}

/* The exact tour without a middle cross-aisle; order as stop indices. */
static void
optimal_single(const struct wms_route_layout *l,
               const struct wms_route_stop *st, size_t n, size_t *order)
{
  size_t *idx = sorted_idx(st, n);
  struct plan p = {0};
  p.ncols = make_columns(l, st, idx, n, &p.cols);
  size_t out = 0;
  if (dp_run(l, &p)) {
    struct graph g = {0};
    build_graph(&p, &g);
    size_t start = 0;
    for (size_t c = 0; c < p.ncols; c++) {
      for (size_t k = 0; k < p.cols[c].npts; k++) {
        if (p.cols[c].pts[k].depot)
          start = g.base[c] + k + 1;
      }
    }
    size_t *walk = core_xmalloc(sizeof *walk * (g.nedges + 2));
    size_t nw = euler(&g, start, walk);
    bool *seen = core_xcalloc(g.nnodes, 1);
    for (size_t w = 0; w < nw; w++) {
      if (seen[walk[w]])
        continue;
      seen[walk[w]] = true;
      for (size_t c = 0; c < p.ncols; c++) {
        size_t k = walk[w] - g.base[c];
        if (walk[w] < g.base[c] || k < 1 || k > p.cols[c].npts)
          continue;
        const struct point *pt = &p.cols[c].pts[k - 1];
        for (size_t t = 0; t < pt->count; t++)
          order[out++] = idx[pt->first + t];
      }
    }
    free(seen);
    free(walk);
    free(g.eu);
    free(g.ev);
    free(g.base);
  }
  /* Stops no edge reached: all at the depot (nothing to walk), or an
   * aisle outside the layout; they keep their place in the sort. */
  bool *placed = core_xcalloc(n, 1);
  for (size_t i = 0; i < out; i++)
    placed[order[i]] = true;
  for (size_t i = 0; i < n; i++) {
    if (!placed[idx[i]])
      order[out++] = idx[i];
  }
  free(placed);
  free(p.ch);
  if (p.ncols > 0)
    free(p.cols[0].pts);
  free(p.cols);
  free(idx);
}

/* 2-opt on a closed tour from the depot: reverses order[i..j] while a
 * reversal shortens it, at most @a passes times over all pairs. */
static void
two_opt(const struct wms_route_layout *l, const struct wms_route_stop *st,
        size_t n, size_t *order, int passes)
{
  struct pt depot = {l->depot_x_cm, 0};
  for (int pass = 0; pass < passes; pass++) {
    bool better = false;
    for (size_t i = 0; i + 1 < n; i++) {
      struct pt a = i == 0 ? depot : stop_pt(l, &st[order[i - 1]]);
      struct pt b = stop_pt(l, &st[order[i]]);
      for (size_t j = i + 1; j < n; j++) {
        struct pt c = stop_pt(l, &st[order[j]]);
        struct pt d = j + 1 == n ? depot : stop_pt(l, &st[order[j + 1]]);
        if (pt_dist(l, a, c) + pt_dist(l, b, d) >=
            pt_dist(l, a, b) + pt_dist(l, c, d))
          continue;
        for (size_t x = i, y = j; x < y; x++, y--) {
          size_t t = order[x];
          order[x] = order[y];
          order[y] = t;
        }
        b = stop_pt(l, &st[order[i]]);
        better = true;
      }
    }
    if (!better)
      break;
  }
}

/* Keeps in @a best whichever of @a best and @a cand is shorter. */
static void
keep_shorter(const struct wms_route_layout *l, const struct wms_route_stop *st,
             size_t n, size_t *best, int64_t *best_len, const size_t *cand)
{
  int64_t len = wms_route_length(l, st, cand, n);
  if (len < *best_len) {
    *best_len = len;
    memcpy(best, cand, sizeof *best * n);
  }
}

int64_t
wms_route_plan(const struct wms_route_layout *l, enum wms_route_method m,
               const struct wms_route_stop *stops, size_t n, size_t *order)
{
  if (n == 0)
    return 0;
  switch (m) {
    case WMS_ROUTE_S_SHAPE:
      s_shape(stops, n, order);
      break;
    case WMS_ROUTE_LARGEST_GAP:
      largest_gap(l, stops, n, order);
      break;
    case WMS_ROUTE_OPTIMAL: {
      struct wms_route_layout single = *l;
      single.middle_cross = false;
      optimal_single(&single, stops, n, order);
      if (!l->middle_cross)
        break;
      size_t *cand = core_xmalloc(sizeof *cand * (n > 0 ? n : 1));
      int64_t len = wms_route_length(l, stops, order, n);
      s_shape(stops, n, cand);
      keep_shorter(l, stops, n, order, &len, cand);
      largest_gap(l, stops, n, cand);
      keep_shorter(l, stops, n, order, &len, cand);
      two_opt(l, stops, n, order, n <= 200 ? 50 : 5);
      free(cand);
      break;
    }
    default:
      for (size_t i = 0; i < n; i++)
        order[i] = i;
      break;
  }
  return wms_route_length(l, stops, order, n);
}
