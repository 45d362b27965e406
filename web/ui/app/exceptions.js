/*
 * The exceptions desk (#/exceptions?warehouse=&kind=&state=&age=&cursor=&id=):
 * what the floor could not finish (short picks, weight mismatches, damaged
 * units, orders cancelled after picking, count shortages), newest first,
 * and beside the list the chosen one with its order, units and tote or
 * bin, and a button for each resolution the API offers (`actions` of the
 * exception: reallocate, cancel_order, putback to a scanned bin, scrap,
 * acknowledge). Each resolution carries an idempotency key made when the
 * detail is drawn, so a double click resolves once.
 */
import { api, uuid } from '../lib/api.js';
import { t, fmtDate, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, options, act, field } from './common.js';

const PAGE = 50;
const KINDS = ['short_pick', 'weight_mismatch', 'damaged', 'cancelled_after_pick', 'count_shortage', 'channel_writeback', 'waybill_cancel', 'stock_push'];
const STATES = ['open', 'resolved'];
/* "Older than" choices of the age filter, in hours. */
const AGES = [1, 4, 24, 72];
/* Resolutions that cannot be undone ask first. */
const CONFIRM = ['cancel_order', 'scrap'];

function hoursOld(x) {
  return (Date.now() - new Date(x.created_at).getTime()) / 3600000;
}

/* The age of @x in words: minutes, hours or days. */
function age(x) {
  const h = hoursOld(x);
  if (h < 1) return t('exceptions.age_min', { n: fmtNumber(Math.max(0, Math.floor(h * 60))) });
  if (h < 48) return t('exceptions.age_h', { n: fmtNumber(Math.floor(h)) });
  return t('exceptions.age_d', { n: fmtNumber(Math.floor(h / 24)) });
}

function filters(p, ws) {
  const wh = el('select', { id: 'ex-wh', translate: 'no' }, options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), p.get('warehouse'), 'exceptions.any_warehouse'));
  const kind = el('select', { id: 'ex-kind' }, el('option', { value: '' }, t('exceptions.any_kind')),
    KINDS.map((k) => el('option', { value: k, selected: p.get('kind') === k }, t('exceptions.kind.' + k))));
  const state = el('select', { id: 'ex-state' }, el('option', { value: 'any' }, t('exceptions.any_state')),
    STATES.map((s) => el('option', { value: s, selected: (p.get('state') || 'open') === s }, t('exceptions.state.' + s))));
  const older = el('select', { id: 'ex-age' }, el('option', { value: '' }, t('exceptions.any_age')),
    AGES.map((h) => el('option', { value: String(h), selected: p.get('age') === String(h) }, t('exceptions.older_than', { n: fmtNumber(h) }))));
  return el('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('exceptions', { warehouse: wh.value, kind: kind.value, state: state.value, age: older.value });
    },
  }, el('label', { for: 'ex-wh' }, t('exceptions.warehouse'), ' ', wh), el('label', { for: 'ex-kind' }, t('exceptions.kind'), ' ', kind),
  el('label', { for: 'ex-state' }, t('exceptions.state'), ' ', state), el('label', { for: 'ex-age' }, t('exceptions.age'), ' ', older),
  el('button', { type: 'submit', id: 'ex-apply' }, t('exceptions.apply')));
}

/* Where the units are: a tote for units picked, else a bin or location. */
function placeKey(x) {
  if (x.kind === 'cancelled_after_pick') return 'exceptions.tote';
  if (x.kind === 'short_pick' || x.kind === 'count_shortage') return 'exceptions.bin';
  return 'exceptions.location';
}

function listRows(items, p, selected) {
  return items.map((x) => row({ dataset: { id: x.id, state: x.state, kind: x.kind }, class: String(x.id) === String(selected) ? 'selected' : null, tabindex: '-1' },
    el('a', { href: href('exceptions', { ...base(p), id: x.id }), class: 'ex-open', translate: 'no' }, '#' + x.id),
    el('span', { title: fmtDate(x.created_at) }, age(x)), code(x.warehouse),
    el('span', { class: 'pill kind-' + x.kind }, t('exceptions.kind.' + x.kind)),
    x.order_id ? el('a', { href: href('order', { id: x.order_id }), translate: 'no' }, x.order) : '',
    code(x.sku), x.qty === null || x.qty === undefined ? '' : { num: x.qty }, code(x.location),
    el('span', { class: 'pill ex-' + x.state }, t('exceptions.state.' + x.state))));
}

function base(p) {
  const b = {};
  for (const k of ['warehouse', 'kind', 'state', 'age']) b[k] = p.get(k);
  return b;
}

function facts(x) {
  const fact = (key, value, id) => el('p', { id }, el('b', {}, t(key)), ' ', value);
  return el('div', { class: 'facts' },
    fact('exceptions.kind', el('span', { class: 'pill' }, t('exceptions.kind.' + x.kind))),
    fact('exceptions.state', el('span', { class: 'pill ex-' + x.state, id: 'ex-detail-state', dataset: { state: x.state } }, t('exceptions.state.' + x.state))),
    fact('exceptions.warehouse', code(x.warehouse)),
    x.order_id ? fact('exceptions.order', el('a', { href: href('order', { id: x.order_id }), id: 'ex-order', translate: 'no' }, x.order)) : null,
    x.sku ? fact('exceptions.units', code(x.sku + (x.lot ? ' · ' + x.lot : '') + (x.qty ? ' × ' + fmtNumber(x.qty) : ''), { id: 'ex-units' })) : null,
    x.location ? fact(placeKey(x), code(x.location, { id: 'ex-place' })) : null,
    x.picklist ? fact('exceptions.picklist', code('PL-' + x.picklist)) : null,
    x.carton ? fact('exceptions.carton', code(x.carton)) : null,
    fact('exceptions.created', el('span', {}, fmtDate(x.created_at), ' · ', code(x.created_by || ''))),
    x.resolved_at ? fact('exceptions.resolved', el('span', {}, fmtDate(x.resolved_at), ' · ', code(x.resolved_by || ''))) : null,
    x.resolution ? fact('exceptions.resolution', code(x.resolution, { id: 'ex-resolution' })) : null,
    fact('exceptions.detail', code(x.detail, { class: 'muted' })));
}

/* The order's state and lines, when the caller may read orders. */
function orderPart(o) {
  if (!o) return null;
  return el('section', { id: 'ex-order-part' },
    el('h3', {}, t('exceptions.order'), ' ', code(o.external_id), ' ',
      el('span', { class: 'pill state-' + o.state, id: 'ex-order-state', dataset: { state: o.state } }, t('state.' + o.state))),
    table('ex-order-lines', ['exceptions.sku', 'exceptions.name', 'exceptions.qty', 'exceptions.allocated', 'exceptions.backordered'],
      o.lines.map((l) => row({}, code(l.sku), code(l.name), { num: l.qty }, { num: l.allocated }, { num: l.backordered }))));
}

function actionsPart(x, env, done) {
  if (!x.actions || x.actions.length === 0) return null;
  const key = uuid();
  const note = el('input', { id: 'ex-note', maxlength: 500 });
  const bin = x.actions.includes('putback')
    ? el('input', { id: 'ex-bin', autocomplete: 'off', translate: 'no', required: true })
    : null;
  const run = (action) => act(env, async () => {
    if (CONFIRM.includes(action) && !confirm(t('exceptions.confirm.' + action, { id: x.id }))) return;
    const body = { action, idempotency_key: key };
    if (note.value.trim()) body.note = note.value.trim();
    if (action === 'putback') {
      if (!bin.value.trim()) {
        bin.focus();
        return;
      }
      body.bin = bin.value.trim();
    }
    const r = await api('POST', '/api/v1/exceptions/' + x.id + '/resolve', body);
    await done(r, t('exceptions.done.' + action, { id: x.id }));
  });
  return el('form', {
    class: 'panel ex-actions', id: 'ex-actions',
    onsubmit: (e) => {
      e.preventDefault();
      run(x.actions.includes('putback') ? 'putback' : x.actions[0]);
    },
  },
  el('h3', {}, t('exceptions.resolve')),
  bin ? field('ex-bin', 'exceptions.putback_bin', bin) : null,
  field('ex-note', 'exceptions.note', note),
  el('div', { class: 'row actions' }, x.actions.map((a) => el('button', {
    type: a === 'putback' ? 'submit' : 'button', id: 'ex-do-' + a,
    class: a === 'cancel_order' || a === 'scrap' ? 'danger' : (a === x.actions[0] ? 'primary' : null),
    onclick: a === 'putback' ? null : () => run(a),
  }, t('exceptions.action.' + a)))));
}

async function detail(box, x, env, done, notice) {
  const o = x.order_id ? await api('GET', '/api/v1/orders/' + x.order_id).catch(() => null) : null;
  mount(box,
    el('h2', { id: 'ex-detail-title', tabindex: '-1' }, t('exceptions.detail_title', { id: x.id })),
    notice ? el('p', { class: 'ok', id: 'ex-notice', role: 'status' }, notice) : null,
    facts(x), orderPart(o), actionsPart(x, env, done));
  const input = $('#ex-bin', box);
  if (input) input.focus();
}

/* #/exceptions */
export async function show(root, p, env) {
  const ws = await api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items);
  /* A user limited to several warehouses lists one at a time (the API asks which). */
  const mine = (env.me && env.me.warehouses) || [];
  if (!p.get('warehouse') && mine.length > 1) p.set('warehouse', mine[0]);
  const selected = p.get('id');
  let kept = null;
  const draw = async (notice) => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    for (const k of ['warehouse', 'kind', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
    const st = p.get('state') || 'open';
    if (st !== 'any') q.set('state', st);
    if (p.get('age')) q.set('min_age_hours', p.get('age'));
    const page = await api('GET', '/api/v1/exceptions?' + q.toString());
    const items = page.items;
    const chosen = items.find((x) => String(x.id) === String(selected)) || (kept && String(kept.id) === String(selected) ? kept : null);
    const side = el('section', { class: 'panel', id: 'ex-detail' });
    mount(root, el('h1', {}, t('exceptions.title'), ' ', el('span', { class: 'pill warn', id: 'ex-count' }, fmtNumber(items.length))),
      filters(p, ws),
      el('div', { class: 'desk' },
        el('section', { id: 'ex-list' },
          table('exceptions', ['exceptions.id', 'exceptions.age', 'exceptions.warehouse', 'exceptions.kind', 'exceptions.order',
            'exceptions.sku', 'exceptions.qty', 'exceptions.location', 'exceptions.state'], listRows(items, p, selected)),
          items.length ? null : el('p', { class: 'muted', id: 'ex-empty' }, t('exceptions.none')),
          el('div', { class: 'pager' },
            p.get('cursor') ? el('a', { href: href('exceptions', base(p)), id: 'ex-first' }, t('exceptions.first_page')) : null,
            page.next ? el('a', { href: href('exceptions', { ...base(p), cursor: page.next }), id: 'ex-next' }, t('exceptions.next_page')) : null)),
        chosen ? side : null));
    if (chosen) {
      await detail(side, chosen, env, async (r, msg) => {
        kept = r;
        await draw(msg);
      }, notice);
      /* Focus stays on what was acted on: its row, else the detail. */
      if (notice) {
        const tr = root.querySelector(`#exceptions tbody tr[data-id="${chosen.id}"]`);
        (tr || $('#ex-detail-title', root)).focus();
      }
    }
  };
  await draw();
}
