/*
 * After-sales (售后): the returns list (#/returns?state=&store=&q=, keyset
 * pages, age in days), a new return for an order found by its number
 * (#/returns?new=<order number>; only the quantities still returnable are
 * offered, from GET /api/v1/returns/lookup), and one RMA (#/rma?id=…) with
 * its lines, receipts, disposals, refunds, timeline, the refund form, the
 * exchange / reship form (or its replacement order) and the authorize /
 * reject / close steps its state allows.
 */
import { api, uuid } from '../lib/api.js';
import { t, has, fmtMoney, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, options, act } from './common.js';

export const RMA_STATES = ['requested', 'authorized', 'receiving', 'received', 'closed', 'rejected'];
export const REASONS = ['damaged_in_transit', 'wrong_item', 'not_as_described', 'size_colour', 'changed_mind',
  'quality_defect', 'missing_parts', 'other'];
const RESOLUTIONS = ['refund', 'exchange', 'reship'];
const METHODS = ['original', 'cash', 'store_credit'];
/*
 * The steps RMA @m allows, as rma_step has them: authorize a requested one
 * or confirm one to be reviewed (it arrived without an RMA), reject while
 * nothing came back, close once reviewed (the server checks disposal).
 */
function steps(m) {
  const out = [];
  if (m.state === 'requested' || m.review_needed) out.push('authorize');
  if (['requested', 'authorized'].includes(m.state) && !(m.receipts || []).length) out.push('reject');
  if (['authorized', 'receiving', 'received'].includes(m.state) && !m.review_needed) out.push('close');
  return out;
}
const PAGE = 20;

function statePill(s) {
  return el('span', { class: 'pill rma-' + s, dataset: { state: s } }, t('returns.state.' + s));
}

/* A code word (reason, condition, action …) in words, or the code itself. */
function word(prefix, v) {
  if (v === null || v === undefined || v === '') return '';
  return has(prefix + v) ? t(prefix + v) : code(v);
}

function filters(p, stores) {
  const st = el('select', { id: 'rma-f-state' }, el('option', { value: '' }, t('returns.any_state')),
    el('option', { value: 'open', selected: p.get('state') === 'open' }, t('returns.state.open')),
    RMA_STATES.map((s) => el('option', { value: s, selected: p.get('state') === s }, t('returns.state.' + s))));
  const store = el('select', { id: 'rma-f-store', translate: 'no' },
    options(stores.map((s) => [s.code, s.code + ' · ' + s.name]), p.get('store'), 'returns.any_store'));
  const q = el('input', { id: 'rma-f-q', value: p.get('q') || '', maxlength: 64, placeholder: t('returns.search_hint') });
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('returns', { state: st.value, store: store.value, q: q.value.trim() });
    },
  }, el('label', {}, t('returns.state'), ' ', st), el('label', {}, t('returns.store'), ' ', store),
  el('label', {}, t('returns.search'), ' ', q),
  el('button', { type: 'submit', id: 'rma-apply' }, t('returns.apply')));
}

function rmaRow(m) {
  return row({ dataset: { id: m.id, state: m.state, number: m.number } },
    el('a', { href: href('rma', { id: m.id }), class: 'rma-link', translate: 'no' }, m.number),
    el('a', { href: href('order', { id: m.order }), translate: 'no' }, m.order_number),
    code(m.store), code(m.warehouse), statePill(m.state),
    m.review_needed ? el('span', { class: 'pill warn' }, t('returns.review_needed')) : '',
    { num: m.units }, { num: m.received },
    el('span', { class: 'num' }, fmtMoney(m.refunded, m.currency)),
    el('span', { class: 'num', dataset: { age: m.age_days } }, t('returns.days', { n: fmtNumber(m.age_days) })),
    m.created_at ? fmtDate(m.created_at) : '');
}

/* The lines an order may still return, each with a quantity and a reason. */
function returnableLines(found) {
  if (!found.returnable.length || found.returnable.every((r) => r.returnable <= 0)) {
    return el('p', { class: 'muted', id: 'rma-nothing' }, t('returns.nothing_returnable'));
  }
  return table('rma-new-lines', ['returns.sku', 'returns.name', 'returns.shipped', 'returns.returned',
    'returns.returnable', 'returns.qty', 'returns.reason'],
  found.returnable.filter((r) => r.returnable > 0).map((r, i) => row({ dataset: { sku: r.sku } },
    code(r.sku), code(r.name), { num: r.shipped }, { num: r.returned }, { num: r.returnable },
    el('input', { id: 'rma-qty-' + i, class: 'rma-qty', type: 'number', min: 0, max: r.returnable, value: 0,
      'aria-label': t('returns.qty') + ' ' + r.sku, dataset: { sku: r.sku } }),
    el('select', { id: 'rma-reason-' + i, class: 'rma-reason', 'aria-label': t('returns.reason') + ' ' + r.sku },
      REASONS.map((x) => el('option', { value: x }, t('returns.reason.' + x)))))));
}

/*
 * Runs @fn (one write with a fresh idempotency key) with button @id off
 * while it is under way, so a double click sends one request.
 */
async function once(id, fn) {
  const b = $('#' + id);
  if (b) b.disabled = true;
  try {
    await fn();
  } finally {
    if (b && b.isConnected) b.disabled = false;
  }
}

async function createReturn(found, env) {
  const lines = [];
  for (const q of document.querySelectorAll('#rma-new-lines .rma-qty')) {
    const n = Number(q.value);
    if (n > 0) lines.push({ sku: q.dataset.sku, qty: n, reason: q.closest('tr').querySelector('.rma-reason').value });
  }
  if (!lines.length) {
    env.showError(null);
    mount($('#rma-new-out'), el('p', { class: 'error', id: 'rma-no-lines' }, t('returns.choose_lines')));
    return;
  }
  const body = { order: found.order, lines, resolution: $('#rma-resolution').value, idempotency_key: uuid() };
  if ($('#rma-note').value.trim()) body.note = $('#rma-note').value.trim();
  const m = await api('POST', '/api/v1/returns', body);
  location.hash = href('rma', { id: m.id });
}

/* Step 2 of the new return: the order found, its returnable lines. */
function orderForm(found, env) {
  if (!found.order) return el('p', { class: 'error', id: 'rma-not-found' }, t('returns.order_not_found'));
  return el('form', {
    id: 'rma-new-form',
    onsubmit: (e) => { e.preventDefault(); act(env, () => once('rma-create', () => createReturn(found, env))); },
  },
  el('p', {}, el('b', {}, t('returns.order')), ' ',
    el('a', { href: href('order', { id: found.order }), translate: 'no', id: 'rma-new-order' }, found.order_number),
    ' ', code(found.warehouse || '')),
  found.rma ? el('p', { class: 'muted', id: 'rma-open' }, t('returns.has_open'), ' ',
    el('a', { href: href('rma', { id: found.rma.id }), translate: 'no' }, found.rma.number)) : null,
  returnableLines(found),
  el('div', { class: 'row' },
    field('rma-resolution', 'returns.resolution', el('select', { id: 'rma-resolution' },
      RESOLUTIONS.map((x) => el('option', { value: x }, t('returns.resolution.' + x))))),
    field('rma-note', 'returns.note', el('input', { id: 'rma-note', maxlength: 200 }))),
  el('button', { type: 'submit', class: 'primary', id: 'rma-create' }, t('returns.create')),
  el('div', { id: 'rma-new-out', 'aria-live': 'polite' }));
}

function newPanel(number, env) {
  const input = el('input', { id: 'rma-order-no', required: true, maxlength: 64, value: number || '', translate: 'no' });
  const find = async () => {
    const found = await api('GET', '/api/v1/returns/lookup?code=' + encodeURIComponent(input.value.trim()));
    mount($('#rma-found'), orderForm(found, env));
  };
  const panel = el('section', { class: 'panel', id: 'rma-new' },
    el('h2', {}, t('returns.new')),
    el('form', {
      class: 'row', id: 'rma-find-form',
      onsubmit: (e) => { e.preventDefault(); act(env, find); },
    }, field('rma-order-no', 'returns.order_number', input),
    el('button', { type: 'submit', id: 'rma-find' }, t('returns.find_order'))),
    el('div', { id: 'rma-found' }));
  if (number) setTimeout(() => act(env, find), 0);
  return panel;
}

/* #/returns: the RMAs, and a new one (?new=<order number> fills it in). */
export async function show(root, p, env) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['state', 'store', 'q', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const [page, stores] = await Promise.all([
    api('GET', '/api/v1/returns?' + q.toString()),
    api('GET', '/api/v1/stores').then((r) => r.items).catch(() => []),
  ]);
  const base = { state: p.get('state'), store: p.get('store'), q: p.get('q') };
  const writes = ['admin', 'back_office'].includes(env.me && env.me.role);
  mount(root, el('h1', {}, t('returns.title')),
    writes ? newPanel(p.get('new'), env) : null,
    filters(p, stores),
    table('rmas', ['returns.number', 'returns.order', 'returns.store', 'returns.warehouse', 'returns.state', '',
      'returns.units', 'returns.received', 'returns.refunded', 'returns.age', 'returns.created'], page.items.map(rmaRow)),
    page.items.length ? null : el('p', { class: 'muted', id: 'rma-empty' }, t('returns.none')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('returns', base), id: 'rma-first-page' }, t('returns.first_page')) : null,
      page.next ? el('a', { href: href('returns', { ...base, cursor: page.next }), id: 'rma-next-page' }, t('returns.next_page')) : null));
}

function stepButtons(m, env, draw) {
  const note = el('input', { id: 'rma-step-note', maxlength: 200, placeholder: t('returns.step_note') });
  const allowed = steps(m);
  if (!allowed.length) return null;
  return el('div', { class: 'row actions' }, note, allowed.map((s) => el('button', {
    type: 'button', id: 'rma-' + s, class: s === 'authorize' ? 'primary' : (s === 'reject' ? 'danger' : ''),
    onclick: () => act(env, async () => {
      await api('POST', '/api/v1/returns/' + m.id + '/' + s, note.value.trim() ? { note: note.value.trim() } : undefined);
      await draw(t('returns.done.' + s));
    }),
  }, t('returns.step.' + s))));
}

function refundForm(m, env, draw) {
  if (m.state === 'rejected') return null;
  return el('form', {
    class: 'panel', id: 'rma-refund-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, () => once('rf-submit', async () => {
        const body = { amount: $('#rf-amount').value.trim() || '0', method: $('#rf-method').value, idempotency_key: uuid() };
        if ($('#rf-shipping').value.trim()) body.shipping_refund = $('#rf-shipping').value.trim();
        if ($('#rf-ref').value.trim()) body.reference = $('#rf-ref').value.trim();
        await api('POST', '/api/v1/returns/' + m.id + '/refund', body);
        await draw(t('returns.done.refund'));
      }));
    },
  },
  el('h2', {}, t('returns.refund')),
  el('div', { class: 'row' },
    field('rf-amount', 'returns.amount', el('input', { id: 'rf-amount', inputmode: 'decimal', required: true })),
    field('rf-shipping', 'returns.shipping_refund', el('input', { id: 'rf-shipping', inputmode: 'decimal' }))),
  el('div', { class: 'row' },
    field('rf-method', 'returns.method', el('select', { id: 'rf-method' },
      METHODS.map((x) => el('option', { value: x }, t('returns.method.' + x))))),
    field('rf-ref', 'returns.reference', el('input', { id: 'rf-ref', maxlength: 64 }))),
  el('button', { type: 'submit', class: 'primary', id: 'rf-submit' }, t('returns.refund_go')));
}

/* One line of the exchange form: a SKU and a quantity. */
function exLine(i) {
  return el('div', { class: 'row ex-line' },
    el('input', { id: 'ex-sku-' + i, class: 'ex-sku', maxlength: 64, translate: 'no', 'aria-label': t('returns.sku') }),
    el('input', { id: 'ex-qty-' + i, class: 'ex-qty', type: 'number', min: 1, value: 1, 'aria-label': t('returns.qty') }));
}

/*
 * The replacement of @m: its order once there is one; else the exchange
 * form (other goods, lines typed in) and the reship button (the return's
 * own lines again). Either makes one free order, allocated like any.
 */
function replaceForm(m, env, draw) {
  if (m.exchange_order) {
    return el('p', { id: 'rma-replacement' }, el('b', {}, t('returns.replacement')), ' ',
      el('a', { href: href('order', { id: m.exchange_order }), translate: 'no', id: 'rma-replacement-order' },
        m.exchange_order_number), ' ', word('returns.resolution.', m.exchange_kind), ' ',
      m.exchange_order_state ? el('span', { class: 'pill' }, word('state.', m.exchange_order_state)) : null);
  }
  if (m.state === 'rejected') return null;
  const post = (kind, body) => act(env, () => once('ex-' + kind, async () => {
    await api('POST', '/api/v1/returns/' + m.id + '/' + kind, { ...body, idempotency_key: uuid() });
    await draw(t('returns.done.' + kind));
  }));
  const lines = el('div', { id: 'ex-lines' }, exLine(0));
  return el('form', {
    class: 'panel', id: 'rma-exchange-form',
    onsubmit: (e) => {
      e.preventDefault();
      const got = [...document.querySelectorAll('#ex-lines .ex-line')]
        .map((r) => ({ sku: r.querySelector('.ex-sku').value.trim(), qty: Number(r.querySelector('.ex-qty').value) }))
        .filter((l) => l.sku && l.qty > 0);
      post('exchange', { lines: got });
    },
  },
  el('h2', {}, t('returns.exchange')),
  el('p', { class: 'muted' }, t('returns.exchange_hint')),
  lines,
  el('div', { class: 'row actions' },
    el('button', { type: 'button', id: 'ex-add', onclick: () => lines.append(exLine(lines.children.length)) },
      t('returns.add_line')),
    el('button', { type: 'submit', class: 'primary', id: 'ex-exchange' }, t('returns.exchange_go')),
    el('button', { type: 'button', id: 'ex-reship', onclick: () => post('reship', {}) }, t('returns.reship_go'))));
}

/* An RMA timeline event in words (returns.event.<code>), else its note. */
function eventText(e) {
  const key = 'returns.event.' + e.code;
  const v = { ...(e.params || {}) };
  if (v.amount !== undefined && v.currency) v.amount = fmtMoney(v.amount, v.currency);
  if (e.code && has(key)) return el('span', { class: 'event-note' }, t(key, v));
  return code((e.params && e.params.note) || e.code || '');
}

function sections(m) {
  const cur = m.currency;
  return [
    el('h2', {}, t('returns.lines')),
    table('rma-lines', ['returns.line', 'returns.sku', 'returns.name', 'returns.qty', 'returns.received', 'returns.reason',
      'returns.unit_price', 'returns.refunded', 'returns.days_since_ship'],
    m.lines.map((l) => row({ dataset: { sku: l.sku, received: l.received } }, { num: l.line }, code(l.sku),
      el('span', {}, code(l.name), l.unexpected ? el('span', { class: 'pill warn' }, t('returns.unexpected')) : null),
      { num: l.qty }, { num: l.received }, word('returns.reason.', l.reason),
      l.unit_price === null || l.unit_price === undefined ? '' : el('span', { class: 'num' }, fmtMoney(l.unit_price, cur)),
      l.refunded === null || l.refunded === undefined ? '' : el('span', { class: 'num' }, fmtMoney(l.refunded, cur)),
      { num: l.days_since_ship }))),
    el('h2', {}, t('returns.receipts')),
    table('rma-receipts', ['returns.when', 'returns.sku', 'returns.qty', 'returns.condition', 'returns.lot', 'returns.bin', 'returns.disposed'],
      (m.receipts || []).map((r) => row({}, r.at ? fmtDate(r.at) : '', code(r.sku), { num: r.qty },
        word('returns.condition.', r.condition), code(r.lot), code(r.bin), { num: r.disposed }))),
    el('h2', {}, t('returns.disposals')),
    table('rma-disposals', ['returns.when', 'returns.sku', 'returns.qty', 'returns.action', 'returns.bin', 'returns.putaway_task'],
      (m.disposals || []).map((d) => row({}, d.at ? fmtDate(d.at) : '', code(d.sku), { num: d.qty },
        word('returns.action.', d.action), code(d.bin), code(d.putaway_task)))),
    el('h2', {}, t('returns.refunds')),
    table('rma-refunds', ['returns.when', 'returns.amount', 'returns.shipping_refund', 'returns.method', 'returns.reference'],
      (m.refunds || []).map((r) => row({}, r.at ? fmtDate(r.at) : '', el('span', { class: 'num' }, fmtMoney(r.amount, r.currency || cur)),
        el('span', { class: 'num' }, fmtMoney(r.shipping_refund || 0, r.currency || cur)),
        word('returns.method.', r.method), code(r.reference)))),
    el('h2', {}, t('returns.timeline')),
    table('rma-timeline', ['returns.when', 'returns.from_state', 'returns.to_state', 'returns.event', 'returns.user'],
      (m.timeline || []).map((e) => row({ dataset: { code: e.code || '' } }, e.at ? fmtDate(e.at) : '',
        e.from ? word('returns.state.', e.from) : '', e.to ? statePill(e.to) : '', eventText(e), code(e.user)))),
  ];
}

/* #/rma?id=…: one return. */
export async function showDetail(root, p, env) {
  const id = encodeURIComponent(p.get('id'));
  const writes = ['admin', 'back_office'].includes(env.me && env.me.role);
  const draw = async (notice) => {
    const m = await api('GET', '/api/v1/returns/' + id);
    mount(root,
      el('p', {}, el('a', { href: href('returns'), id: 'back-returns' }, t('returns.back'))),
      el('h1', {}, t('returns.rma'), ' ', code(m.number, { id: 'rma-number' }), ' ', el('span', { id: 'rma-state' }, statePill(m.state)),
        m.review_needed ? el('span', { class: 'pill warn', id: 'rma-review' }, t('returns.review_needed')) : null),
      notice ? el('p', { class: 'ok', id: 'rma-notice' }, notice) : null,
      writes ? stepButtons(m, env, draw) : null,
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('returns.order')), ' ', el('a', { href: href('order', { id: m.order }), translate: 'no', id: 'rma-order' }, m.order_number)),
        el('p', {}, el('b', {}, t('returns.store')), ' ', code(m.store)),
        el('p', {}, el('b', {}, t('returns.warehouse')), ' ', code(m.warehouse)),
        el('p', {}, el('b', {}, t('returns.resolution')), ' ', word('returns.resolution.', m.resolution)),
        el('p', {}, el('b', {}, t('returns.origin')), ' ', word('returns.origin.', m.origin)),
        el('p', {}, el('b', {}, t('returns.refunded')), ' ', el('span', { id: 'rma-refunded' }, fmtMoney(m.refunded || 0, m.currency))),
        m.note ? el('p', {}, el('b', {}, t('returns.note')), ' ', code(m.note)) : null),
      sections(m),
      writes || m.exchange_order ? replaceForm(m, env, draw) : null,
      writes || (env.me && env.me.role === 'admin') ? refundForm(m, env, draw) : null);
  };
  await draw();
}
