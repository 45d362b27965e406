/*
 * Cycle count, blind: the counter sees the bins to count (GET
 * /api/v1/counts/{id}/tasks), never what the system expects. Scan the
 * bin, scan every item in it (each scan adds its pack; the figure can be
 * corrected), then "Bin done" sends one entry per item (POST
 * /api/v1/counts/{id}/entries, each with its own idempotency key, kept
 * for a retry) and closes the bin (POST …/bins/{bin}/done).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { feedback } from './feedback.js';
import { screen, button, resolve, itemOf, errText, commit, nothing, stepper } from './flow.js';

let ctx = null;
let count = null;  /* the blind doc: {id, bins[{bin, state}]} */
let bin = null;    /* the bin being counted */
let tally = [];    /* [{sku, lot, qty, sent}] counted in the bin */
let focus = 0;     /* index of the tally row the stepper edits */

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

/* Open counts of the warehouse with bins left; for the home count too. */
export async function load(wh) {
  const all = (await api('GET', '/api/v1/warehouses/' + encodeURIComponent(wh) + '/counts')).items;
  return all.filter((c) => c.state === 'open' && c.bins.some((b) => b.state === 'pending'))
    .map((c) => ({ id: c.id, bins: c.bins.filter((b) => b.state === 'pending').length }));
}

export async function start(c) {
  ctx = c;
  count = null;
  bin = null;
  tally = [];
  let open;
  try {
    open = await load(ctx.warehouse);
  } catch (e) {
    feedback('error', () => errText(e, {}));
    return;
  }
  if (open.length > 1) {
    choose(open);
    return;
  }
  await take(open.length === 1 ? open[0].id : null);
}

/* Several counts are open: the counter picks one, oldest first. */
function choose(open) {
  const oldest = [...open].sort((a, b) => a.id - b.id);
  screen({
    flow: 'count', step: 'choose', verb: t('count.choose'), big: fmtNumber(open.length),
    body: el('div', { class: 'actions', id: 'counts' }, oldest.map((c) => button('count-' + c.id,
      t('count.option', { id: c.id, n: fmtNumber(c.bins) }), () => take(c.id)))),
    actions: [button('home', t('common.home'), () => ctx.home())],
  });
}

/* Works on count @id (null: none open). */
async function take(id) {
  if (id !== null) {
    try {
      count = await api('GET', '/api/v1/counts/' + id + '/tasks');
    } catch (e) {
      feedback('error', () => errText(e, {}));
      return;
    }
  }
  render();
}

function pendingBins() {
  return count ? count.bins.filter((b) => b.state === 'pending') : [];
}

function tallyList() {
  return el('ul', { class: 'rows', id: 'tally' }, tally.map((x, i) => el('li', { class: i === focus ? 'current' : '' },
    el('b', { translate: 'no' }, x.sku + (x.lot ? ' · ' + x.lot : '')), ' ', t('count.counted', { n: fmtNumber(x.qty) }))));
}

export function render() {
  if (ctx === null) return;
  const bins = pendingBins();
  if (bins.length === 0) {
    nothing('count', t('count.none'), () => ctx.home());
    return;
  }
  const top = t('count.progress', { id: count.id, n: fmtNumber(bins.length) });
  const home = button('home', t('common.home'), () => ctx.home());
  if (bin === null) {
    screen({ flow: 'count', step: 'scan_bin', top, verb: t('pick.go_to'), big: bins[0].bin, hint: t('count.scan_bin'), actions: [home] });
    return;
  }
  const row = tally[focus];
  screen({
    flow: 'count', step: 'scan_items', top, verb: t('count.count_in'), big: bin,
    hint: t('count.scan_items'),
    body: [tallyList(), row ? stepper(() => row.qty, (n) => { row.qty = n; row.sent = false; tallyRefresh(); }, null) : null],
    actions: [button('bin-done', t('count.bin_done'), binDone, 'primary'), home],
  });
}

function tallyRefresh() {
  const old = document.getElementById('tally');
  if (old) old.replaceWith(tallyList());
}

async function scanBin(code) {
  const want = pendingBins().find((b) => b.bin === code.toUpperCase());
  if (!want) {
    feedback('error', () => t('scan_err.wrong_bin', { bin: pendingBins()[0].bin }));
    return;
  }
  bin = want.bin;
  tally = [];
  focus = 0;
  feedback('ok', () => t('pick.ok'));
  render();
}

async function scanItem(code) {
  if (code.toUpperCase() === bin) return;
  const it = itemOf(await resolve(code, ctx.warehouse));
  if (it === null) {
    feedback('error', () => t('count.not_item', { code }));
    return;
  }
  let i = tally.findIndex((x) => x.sku === it.sku && x.lot === it.lot);
  if (i < 0) {
    tally.push({ sku: it.sku, lot: it.lot, qty: 0 });
    i = tally.length - 1;
  }
  tally[i].qty += it.pack;
  focus = i;
  feedback('ok', () => t('count.plus', { n: fmtNumber(it.pack), sku: it.sku }));
  render();
}

/* Sends what was counted in the bin, then closes the bin. */
async function binDone() {
  try {
    for (const x of tally) {
      if (x.sent) continue;
      const body = { bin, sku: x.sku, qty: x.qty };
      if (x.lot) body.lot = x.lot;
      await commit('/api/v1/counts/' + count.id + '/entries', body);
      x.sent = true;
    }
    count = await api('POST', '/api/v1/counts/' + count.id + '/bins/' + encodeURIComponent(bin) + '/done');
    feedback('ok', () => t('count.bin_counted', { bin }));
    bin = null;
    tally = [];
    render();
  } catch (e) {
    feedback('error', () => errText(e, { bin }));
  }
}

export async function scanned(code) {
  if (count === null || pendingBins().length === 0) return;
  try {
    if (bin === null) await scanBin(code);
    else await scanItem(code);
  } catch (e) {
    feedback('error', () => errText(e, { bin }));
  }
}
