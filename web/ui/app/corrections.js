/*
 * Stock corrections (#/corrections?warehouse=&sku=&bin=&lot=, linked from
 * the stock page): an adjustment (reason, lot, expiry), a move between
 * bins, a transfer to another warehouse, and the transfers on their way
 * with their receipt. Every change is reviewed first: the page reads the
 * current figures from the API and shows them before and after, and
 * "Confirm" sends the change with an idempotency key made at the review
 * (a second click or a retry applies it once). After it the figures are
 * read again and shown as they now are.
 */
import { api, uuid } from '../lib/api.js';
import { t, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, options, act, field } from './common.js';

const REASONS = ['count_correction', 'damaged', 'found', 'lost', 'expired', 'other'];

/* The stock of @sku in warehouse @wh: totals and bins (zeros when none). */
async function figures(wh, sku) {
  const q = new URLSearchParams({ warehouse: wh, sku, detail: 'bins', limit: '50' });
  const r = await api('GET', '/api/v1/stock?' + q.toString());
  const s = r.items.find((x) => x.sku === sku && x.warehouse === wh);
  return s || { on_hand: 0, reserved: 0, available: 0, in_transit: 0, bins: [] };
}

/* Units of the figures @f in bin @bin of lot @lot (no lot: the lot-less units). */
function inBin(f, bin, lot) {
  return (f.bins || []).filter((b) => b.bin === bin && (b.lot || '') === (lot || ''))
    .reduce((n, b) => n + Number(b.on_hand), 0);
}

function input(id, attrs) {
  return el('input', { id, autocomplete: 'off', ...(attrs || {}) });
}

function whSelect(id, ws, selected) {
  return el('select', { id, translate: 'no' }, options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), selected));
}

function adjustForm(p, ws, review) {
  const f = {
    wh: whSelect('ad-wh', ws, p.get('warehouse')),
    sku: input('ad-sku', { value: p.get('sku') || '', translate: 'no', required: true }),
    bin: input('ad-bin', { value: p.get('bin') || '', translate: 'no', required: true }),
    delta: input('ad-delta', { type: 'number', step: '1', required: true }),
    reason: el('select', { id: 'ad-reason' }, REASONS.map((r) => el('option', { value: r }, t('corrections.reason.' + r)))),
    note: input('ad-note', { maxlength: 150 }),
    lot: input('ad-lot', { value: p.get('lot') || '', maxlength: 20, translate: 'no' }),
    expiry: input('ad-expiry', { type: 'date' }),
    /* Units in only (opening stock, found): their cost; blank, the moving average. */
    cost: input('ad-cost', { type: 'number', min: '0', step: '0.0001', inputmode: 'decimal' }),
  };
  return el('form', {
    class: 'panel', id: 'adjust-form',
    onsubmit: (e) => {
      e.preventDefault();
      review(async () => {
        const wh = f.wh.value;
        const sku = f.sku.value.trim();
        const bin = f.bin.value.trim().toUpperCase();
        const lot = f.lot.value.trim();
        const d = Number(f.delta.value);
        const before = await figures(wh, sku);
        const body = { warehouse: wh, bin, sku, qty_delta: d, reason: f.reason.value + (f.note.value.trim() ? ': ' + f.note.value.trim() : '') };
        if (lot) body.lot = lot;
        if (f.expiry.value) body.expiry = f.expiry.value;
        if (f.cost.value.trim() && d > 0) body.unit_cost = f.cost.value.trim();
        return {
          title: t('corrections.adjust_confirm', { sku, delta: (d > 0 ? '+' : '') + fmtNumber(d) }),
          rows: [[t('corrections.bin_on_hand', { bin: bin + (lot ? ' · ' + lot : '') }), inBin(before, bin, lot), inBin(before, bin, lot) + d,
            (a) => inBin(a, bin, lot)],
          [t('corrections.wh_on_hand', { wh }), before.on_hand, before.on_hand + d, (a) => a.on_hand],
          [t('corrections.wh_available', { wh }), before.available, before.available + d, (a) => a.available]],
          send: (key) => api('POST', '/api/v1/stock/adjustments', { ...body, idempotency_key: key }),
          after: () => figures(wh, sku),
        };
      });
    },
  }, el('h2', {}, t('corrections.adjust')),
  field('ad-wh', 'corrections.warehouse', f.wh), field('ad-sku', 'corrections.sku', f.sku), field('ad-bin', 'corrections.bin', f.bin),
  field('ad-delta', 'corrections.delta', f.delta), field('ad-reason', 'corrections.reason', f.reason), field('ad-note', 'corrections.note', f.note),
  el('div', { class: 'row' }, field('ad-lot', 'corrections.lot', f.lot), field('ad-expiry', 'corrections.expiry', f.expiry)),
  field('ad-cost', 'corrections.unit_cost', f.cost),
  el('button', { type: 'submit', id: 'ad-review', class: 'primary' }, t('corrections.review')));
}

function moveForm(p, ws, review) {
  const f = {
    wh: whSelect('mv-wh', ws, p.get('warehouse')),
    sku: input('mv-sku', { value: p.get('sku') || '', translate: 'no', required: true }),
    from: input('mv-from', { value: p.get('bin') || '', translate: 'no', required: true }),
    to: input('mv-to', { translate: 'no', required: true }),
    qty: input('mv-qty', { type: 'number', min: '1', step: '1', required: true }),
    lot: input('mv-lot', { value: p.get('lot') || '', maxlength: 20, translate: 'no' }),
  };
  return el('form', {
    class: 'panel', id: 'move-form',
    onsubmit: (e) => {
      e.preventDefault();
      review(async () => {
        const wh = f.wh.value;
        const sku = f.sku.value.trim();
        const from = f.from.value.trim().toUpperCase();
        const to = f.to.value.trim().toUpperCase();
        const lot = f.lot.value.trim();
        const q = Number(f.qty.value);
        const before = await figures(wh, sku);
        const body = { warehouse: wh, sku, from_bin: from, to_bin: to, qty: q };
        if (lot) body.lot = lot;
        return {
          title: t('corrections.move_confirm', { sku, qty: fmtNumber(q), from, to }),
          rows: [[t('corrections.bin_on_hand', { bin: from }), inBin(before, from, lot), inBin(before, from, lot) - q, (a) => inBin(a, from, lot)],
            [t('corrections.bin_on_hand', { bin: to }), inBin(before, to, lot), inBin(before, to, lot) + q, (a) => inBin(a, to, lot)],
            [t('corrections.wh_on_hand', { wh }), before.on_hand, before.on_hand, (a) => a.on_hand]],
          send: (key) => api('POST', '/api/v1/stock/moves', { ...body, idempotency_key: key }),
          after: () => figures(wh, sku),
        };
      });
    },
  }, el('h2', {}, t('corrections.move')),
  field('mv-wh', 'corrections.warehouse', f.wh), field('mv-sku', 'corrections.sku', f.sku),
  el('div', { class: 'row' }, field('mv-from', 'corrections.from_bin', f.from), field('mv-to', 'corrections.to_bin', f.to)),
  el('div', { class: 'row' }, field('mv-qty', 'corrections.qty', f.qty), field('mv-lot', 'corrections.lot', f.lot)),
  el('button', { type: 'submit', id: 'mv-review', class: 'primary' }, t('corrections.review')));
}

function transferForm(p, ws, review) {
  const other = ws.find((w) => w.code !== p.get('warehouse'));
  const f = {
    from: whSelect('tr-from', ws, p.get('warehouse')),
    /* Typed, not chosen: a lead sees only their own warehouses, and sends to others. */
    to: input('tr-to', { value: other ? other.code : '', list: 'tr-to-list', translate: 'no', required: true, maxlength: 32 }),
    sku: input('tr-sku', { value: p.get('sku') || '', translate: 'no', required: true }),
    bin: input('tr-bin', { value: p.get('bin') || '', translate: 'no' }),
    qty: input('tr-qty', { type: 'number', min: '1', step: '1', required: true }),
    lot: input('tr-lot', { value: p.get('lot') || '', maxlength: 20, translate: 'no' }),
    /* What moving them costs: part of their cost at the destination. */
    freight: input('tr-freight', { type: 'number', min: '0', step: '0.01', inputmode: 'decimal' }),
  };
  return el('form', {
    class: 'panel', id: 'transfer-form',
    onsubmit: (e) => {
      e.preventDefault();
      review(async () => {
        const from = f.from.value;
        const to = f.to.value.trim().toUpperCase();
        const sku = f.sku.value.trim();
        const q = Number(f.qty.value);
        /* The destination's figures only when the caller may read them. */
        const [a, b] = await Promise.all([figures(from, sku), figures(to, sku).catch(() => null)]);
        const body = { sku, from_warehouse: from, to_warehouse: to, qty: q };
        if (f.bin.value.trim()) body.from_bin = f.bin.value.trim().toUpperCase();
        if (f.lot.value.trim()) body.lot = f.lot.value.trim();
        if (Number(f.freight.value) > 0) body.freight = Number(f.freight.value).toFixed(2);
        return {
          title: t('corrections.transfer_confirm', { sku, qty: fmtNumber(q), from, to }),
          rows: [[t('corrections.wh_on_hand', { wh: from }), a.on_hand, a.on_hand - q, (x) => x[0].on_hand],
            ...(b ? [[t('corrections.wh_in_transit', { wh: to }), b.in_transit, b.in_transit + q, (x) => x[1].in_transit]] : [])],
          send: (key) => api('POST', '/api/v1/stock/transfers', { ...body, idempotency_key: key }),
          after: () => Promise.all([figures(from, sku), b ? figures(to, sku) : null]),
        };
      });
    },
  }, el('h2', {}, t('corrections.transfer')),
  el('div', { class: 'row' }, field('tr-from', 'corrections.from_wh', f.from), field('tr-to', 'corrections.to_wh', f.to)),
  el('datalist', { id: 'tr-to-list' }, ws.map((w) => el('option', { value: w.code }, w.name))),
  field('tr-sku', 'corrections.sku', f.sku),
  el('div', { class: 'row' }, field('tr-bin', 'corrections.from_bin_opt', f.bin), field('tr-lot', 'corrections.lot', f.lot)),
  el('div', { class: 'row' }, field('tr-qty', 'corrections.qty', f.qty), field('tr-freight', 'corrections.freight', f.freight)),
  el('button', { type: 'submit', id: 'tr-review', class: 'primary' }, t('corrections.review')));
}

function transferRows(items, review) {
  return items.map((x) => {
    const bin = input('rc-bin-' + x.id, { translate: 'no', class: 'rc-bin' });
    return row({ dataset: { id: x.id, state: x.state }, tabindex: '-1' },
      code('#' + x.id), code(x.sku + (x.lot ? ' · ' + x.lot : '')), { num: x.qty }, code(x.from_warehouse), code(x.to_warehouse),
      el('span', { class: 'num tr-freight' }, Number(x.freight) > 0 ? fmtNumber(Number(x.freight)) : ''),
      el('span', { class: 'pill transfer-' + x.state }, t('corrections.transfer_state.' + x.state)),
      x.created_at ? fmtDate(x.created_at) : '', x.received_at ? fmtDate(x.received_at) : '',
      x.state === 'in_transit'
        ? el('span', { class: 'row' },
          el('label', { for: 'rc-bin-' + x.id, class: 'sr-only' }, t('corrections.receive_bin')), bin,
          el('button', {
            type: 'button', class: 'receive', dataset: { id: x.id },
            onclick: () => review(async () => {
              const [b] = await Promise.all([figures(x.to_warehouse, x.sku)]);
              const to = bin.value.trim().toUpperCase();
              return {
                title: t('corrections.receive_confirm', { id: x.id, sku: x.sku, qty: fmtNumber(x.qty), wh: x.to_warehouse }),
                rows: [[t('corrections.wh_in_transit', { wh: x.to_warehouse }), b.in_transit, b.in_transit - x.qty, (a) => a.in_transit],
                  [t('corrections.wh_on_hand', { wh: x.to_warehouse }), b.on_hand, b.on_hand + x.qty, (a) => a.on_hand]],
                send: () => api('POST', '/api/v1/stock/transfers/' + x.id + '/receive', to ? { to_bin: to } : {}),
                after: () => figures(x.to_warehouse, x.sku),
                focus: x.id,
              };
            }),
          }, t('corrections.receive')))
        : '');
  });
}

/* The review: before and after as the page works them out; after the change, what the API says. */
function confirmPanel(plan, now) {
  const head = now ? ['corrections.figure', 'corrections.before', 'corrections.expected', 'corrections.now'] : ['corrections.figure', 'corrections.before', 'corrections.after'];
  return table('cr-figures', head, plan.rows.map(([what, before, after, read], i) => row({ dataset: { i } },
    what, { num: before }, { num: after }, ...(now ? [{ num: read(now) }] : []))));
}

/* #/corrections */
export async function show(root, p, env) {
  const ws = await api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items);
  const box = el('section', { class: 'panel confirm', id: 'cr-confirm', hidden: true, tabindex: '-1' });
  const transfers = el('section', { id: 'cr-transfers' });
  let lastButton = null;
  const mine = (env.me && env.me.warehouses) || [];
  const drawTransfers = async (focusId) => {
    const wh = p.get('warehouse') || (mine.length > 1 ? mine[0] : '');
    const q = wh ? '?warehouse=' + encodeURIComponent(wh) : '';
    const list = await api('GET', '/api/v1/stock/transfers' + q);
    mount(transfers, el('h2', {}, t('corrections.transfers')),
      table('transfers', ['corrections.id', 'corrections.sku', 'corrections.qty', 'corrections.from_wh', 'corrections.to_wh',
        'corrections.freight', 'corrections.state', 'corrections.created', 'corrections.received', ''], transferRows(list.items.slice().sort((a, b) => b.id - a.id), review)),
      list.items.length ? null : el('p', { class: 'muted' }, t('corrections.no_transfers')));
    if (focusId) {
      const tr = transfers.querySelector(`tr[data-id="${focusId}"]`);
      if (tr) tr.focus();
    }
  };
  /* Builds the plan, shows it, and sends it on "Confirm". */
  function review(build) {
    lastButton = document.activeElement;
    act(env, async () => {
      const plan = await build();
      const key = uuid();
      const go = el('button', {
        type: 'button', id: 'cr-go', class: 'primary',
        onclick: () => act(env, async () => {
          go.disabled = true;
          try {
            await plan.send(key);
          } catch (e) {
            go.disabled = false;
            throw e;
          }
          const now = await plan.after();
          mount(box, el('h2', {}, plan.title),
            el('p', { class: 'ok', id: 'cr-done', role: 'status', tabindex: '-1' }, t('corrections.done')),
            confirmPanel(plan, now),
            el('button', { type: 'button', id: 'cr-close', onclick: () => { box.hidden = true; if (lastButton) lastButton.focus(); } }, t('corrections.close')));
          await drawTransfers(plan.focus);
          if (!plan.focus) $('#cr-done', box).focus();
        }),
      }, t('corrections.confirm'));
      mount(box, el('h2', {}, plan.title), el('p', { class: 'muted' }, t('corrections.review_hint')), confirmPanel(plan, null),
        el('div', { class: 'row actions' }, go,
          el('button', { type: 'button', id: 'cr-cancel', onclick: () => { box.hidden = true; if (lastButton) lastButton.focus(); } }, t('corrections.cancel'))));
      box.hidden = false;
      box.focus();
    });
  }
  mount(root, el('h1', {}, t('corrections.title')),
    el('p', {}, el('a', { href: href('stock', { warehouse: p.get('warehouse'), sku: p.get('sku'), detail: 'bins' }), id: 'back-stock' }, t('corrections.back'))),
    box,
    el('div', { class: 'corrections' }, adjustForm(p, ws, review), moveForm(p, ws, review), transferForm(p, ws, review)),
    transfers);
  await drawTransfers();
}
