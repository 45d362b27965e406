/*
 * 3PL billing (issue 23 item 4), the owner's 计费 tab
 * (#/owner-billing?code=…): its price list (计费规则: storage, inbound,
 * outbound, packaging per carton type, value-added services), its
 * statements (对账单) and "compute statement" for a month that has
 * ended; one statement (#/statement?owner=…&id=…) with its lines, each
 * line's facts on demand (the moves, days, orders, cartons or services it
 * charges for), downloads (PDF, CSV, XLSX in the page's language) and
 * adjustments billed on the next statement. The order page's value-added
 * services block is servicesBlock below.
 */
import { api } from '../lib/api.js';
import { t, has, fmtDate, fmtMoney, currentLang } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, code, table, row, act, href, options } from './common.js';

const MODES = ['unit_day', 'm3_day', 'bin_day'];

/* The tabs of one owner's pages: its record and its billing. */
export function ownerTabs(c, tab) {
  return el('p', { class: 'tabs' },
    el('a', { href: href('owner', { code: c }), id: 'owner-tab-info', class: tab === 'info' ? 'on' : '' }, t('owners.tab.info')),
    el('a', { href: href('owner-billing', { code: c }), id: 'owner-tab-billing', class: tab === 'billing' ? 'on' : '' }, t('billing.tab')));
}

/* An amount (with its currency) or a price (up to 4 decimals). */
function money(v, cur) {
  if (v === null || v === undefined) return '';
  if (cur) return fmtMoney(v, cur);
  return new Intl.NumberFormat(currentLang(), { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(Number(v));
}

function price(id, v) {
  return el('input', { id, type: 'number', min: '0', step: '0.0001', required: true, value: v === undefined || v === null ? '' : String(v), inputmode: 'decimal' });
}

/* A price that may be left empty (not charged that way). */
function optPrice(id, v) {
  return el('input', { id, type: 'number', min: '0', step: '0.0001', value: v === undefined || v === null ? '' : String(v), inputmode: 'decimal' });
}

/* The day a version takes effect, for people (2000-01-01: from the start). */
function fromText(d) {
  return !d || d === '2000-01-01' ? t('billing.from_start') : fmtDay(d);
}

function fmtDay(d) {
  return new Intl.DateTimeFormat(currentLang(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(d + 'T00:00:00Z'));
}

/* Every version of the price list: when it takes effect, its state, its
 * main rates (the rule list's history). */
function historyBlock(doc) {
  const h = doc.history || [];
  if (!h.length) return null;
  const m = (x) => money(x);
  return el('section', { class: 'panel', id: 'bill-history-panel' },
    el('h2', {}, t('billing.history')),
    table('bill-history', ['billing.h_version', 'billing.effective_from', 'billing.h_state', 'billing.storage', 'billing.inbound', 'billing.outbound'],
      h.map((v) => row({ dataset: { version: v.version, state: v.state, from: v.effective_from } },
        { num: v.version }, fromText(v.effective_from), t('billing.state.' + v.state),
        t('billing.mode.' + v.rules.storage.mode) + ' ' + m(v.rules.storage.price),
        [v.rules.inbound.per_unit, v.rules.inbound.per_sscc, v.rules.inbound.per_carton, v.rules.inbound.per_pallet]
          .filter((x) => x !== undefined && x !== null).map(m).join(' / '),
        [m(v.rules.outbound.per_order), m(v.rules.outbound.per_extra_line), m(v.rules.outbound.per_unit)].join(' / ')))));
}

/* One editable row of the services list. */
function serviceRow(s) {
  return el('div', { class: 'row bill-service' },
    el('input', { class: 'sv-code', maxlength: 32, placeholder: t('billing.service_code'), value: s.code || '', 'aria-label': t('billing.service_code') }),
    el('input', { class: 'sv-name', maxlength: 100, placeholder: t('billing.service_name'), value: s.name || '', 'aria-label': t('billing.service_name') }),
    el('input', { class: 'sv-price', type: 'number', min: '0', step: '0.0001', placeholder: t('billing.price'), value: s.price === undefined ? '' : String(s.price), 'aria-label': t('billing.price') }),
    el('button', { type: 'button', class: 'sv-drop', onclick: (e) => e.target.closest('.bill-service').remove() }, t('billing.remove')));
}

/* The price list form; saving makes a new version. */
function rulesForm(c, doc, cartonTypes, env, redraw) {
  const r = doc.rules || { storage: { mode: 'unit_day' }, inbound: {}, outbound: {}, packaging: [], services: [] };
  const pk = Object.fromEntries((r.packaging || []).map((p) => [p.carton_type, p.price]));
  const services = el('div', { id: 'bill-services' },
    (r.services && r.services.length ? r.services : [
      { code: 'labelling', name: t('billing.default.labelling') },
      { code: 'kitting', name: t('billing.default.kitting') },
      { code: 'gift_wrap', name: t('billing.default.gift_wrap') }]).map(serviceRow));
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'bill-rules',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const body = {
          storage: { mode: v('br-mode'), price: v('br-storage') },
          inbound: { per_unit: v('br-in-unit'), per_sscc: v('br-in-sscc'),
            ...(v('br-in-carton') !== '' ? { per_carton: v('br-in-carton') } : {}),
            ...(v('br-in-pallet') !== '' ? { per_pallet: v('br-in-pallet') } : {}) },
          outbound: { per_order: v('br-out-order'), per_extra_line: v('br-out-line'), per_unit: v('br-out-unit') },
          packaging: cartonTypes.filter((ct) => v('br-pk-' + ct.code) !== '')
            .map((ct) => ({ carton_type: ct.code, price: v('br-pk-' + ct.code) })),
          services: [...document.querySelectorAll('#bill-services .bill-service')]
            .map((d) => ({ code: d.querySelector('.sv-code').value.trim(), name: d.querySelector('.sv-name').value.trim(), price: d.querySelector('.sv-price').value.trim() }))
            .filter((s) => s.price !== ''),
        };
        if (v('br-effective') !== '') body.effective_from = v('br-effective');
        const out = await api('PUT', '/api/v1/owners/' + encodeURIComponent(c) + '/billing-rules', body);
        const made = out.history && out.history[0] ? out.history.reduce((a, h) => (h.version > a.version ? h : a)) : out;
        await redraw(t('billing.rules_saved_from', { version: made.version, day: fromText(made.effective_from) }));
      });
    },
  },
  el('h2', {}, t('billing.rules'), ' ',
    el('span', { class: 'muted', id: 'bill-version' }, doc.version ? t('billing.version_from', { version: doc.version, currency: doc.currency, day: fromText(doc.effective_from) }) : t('billing.no_rules'))),
  el('div', { class: 'row' },
    field('br-effective', 'billing.effective_from', el('input', { id: 'br-effective', type: 'date', min: '2000-01-01' })),
    el('p', { class: 'muted' }, t('billing.effective_hint'))),
  el('fieldset', {}, el('legend', {}, t('billing.storage')),
    el('div', { class: 'row' },
      field('br-mode', 'billing.storage_mode', el('select', { id: 'br-mode' },
        options(MODES.map((m) => [m, t('billing.mode.' + m)]), r.storage && r.storage.mode))),
      field('br-storage', 'billing.price', price('br-storage', r.storage && r.storage.price)))),
  el('fieldset', {}, el('legend', {}, t('billing.inbound')),
    el('div', { class: 'row' },
      field('br-in-unit', 'billing.per_unit', price('br-in-unit', r.inbound.per_unit)),
      field('br-in-sscc', 'billing.per_sscc', price('br-in-sscc', r.inbound.per_sscc)),
      field('br-in-carton', 'billing.per_carton', optPrice('br-in-carton', r.inbound.per_carton)),
      field('br-in-pallet', 'billing.per_pallet', optPrice('br-in-pallet', r.inbound.per_pallet))),
    el('p', { class: 'muted' }, t('billing.level_hint'))),
  el('fieldset', {}, el('legend', {}, t('billing.outbound')),
    el('div', { class: 'row' },
      field('br-out-order', 'billing.per_order', price('br-out-order', r.outbound.per_order)),
      field('br-out-line', 'billing.per_extra_line', price('br-out-line', r.outbound.per_extra_line)),
      field('br-out-unit', 'billing.per_unit', price('br-out-unit', r.outbound.per_unit)))),
  el('fieldset', {}, el('legend', {}, t('billing.packaging')),
    el('div', { class: 'row' }, cartonTypes.map((ct) =>
      el('label', { for: 'br-pk-' + ct.code },
        el('span', { translate: 'no' }, ct.code + (ct.name ? ' · ' + ct.name : '')),
        el('input', { id: 'br-pk-' + ct.code, type: 'number', min: '0', step: '0.0001', value: pk[ct.code] === undefined ? '' : String(pk[ct.code]) }))))),
  el('fieldset', {}, el('legend', {}, t('billing.services')),
    el('p', { class: 'muted' }, t('billing.services_hint')),
    services,
    el('button', { type: 'button', id: 'bill-service-add', onclick: () => services.append(serviceRow({})) }, t('billing.service_add'))),
  el('button', { type: 'submit', class: 'primary', id: 'bill-rules-save' }, t('billing.rules_save')));
}

/* The statements list with "compute statement" for a month. */
function statementsBlock(c, items, env, redraw) {
  const last = new Date();
  last.setDate(1);
  last.setMonth(last.getMonth() - 1);
  const dflt = last.getFullYear() + '-' + String(last.getMonth() + 1).padStart(2, '0');
  return el('section', { class: 'panel', id: 'bill-statements' },
    el('h2', {}, t('billing.statements')),
    el('form', {
      class: 'row', id: 'bill-compute',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          const m = $('#bill-month').value;
          const st = await api('POST', '/api/v1/owners/' + encodeURIComponent(c) + '/statements',
            { month: m, idempotency_key: 'ui-' + c + '-' + m + '-' + Date.now() });
          await redraw(t('billing.issued', { number: st.number, total: money(st.total, st.currency) }), st);
        });
      },
    },
    field('bill-month', 'billing.month', el('input', { id: 'bill-month', type: 'month', required: true, value: dflt })),
    el('button', { type: 'submit', class: 'primary', id: 'bill-compute-go' }, t('billing.compute'))),
    items.length === 0 ? el('p', { id: 'bill-none', class: 'muted' }, t('billing.none')) : null,
    table('bill-list', ['billing.number', 'billing.month', 'billing.total', 'billing.lines', 'billing.issued_at'],
      items.map((s) => row({ dataset: { id: s.id, month: s.month } },
        el('a', { href: href('statement', { owner: c, id: s.id }), class: 'statement-link' }, code(s.number)),
        code(s.month), money(s.total, s.currency), { num: s.lines }, fmtDate(s.issued_at)))));
}

/* #/owner-billing?code=… */
export async function show(root, p, env) {
  const c = p.get('code') || '';
  const staff = env.me && ['admin', 'back_office', 'finance'].includes(env.me.role);
  const draw = async (notice, issued) => {
    const e = encodeURIComponent(c);
    const [doc, list, cts] = await Promise.all([
      api('GET', '/api/v1/owners/' + e + '/billing-rules'),
      api('GET', '/api/v1/owners/' + e + '/statements?limit=100'),
      staff ? api('GET', '/api/v1/carton-types') : Promise.resolve({ items: [] })]);
    mount(root,
      el('p', {}, el('a', { href: href('owners'), id: 'back-owners' }, t('owners.back'))),
      el('h1', {}, t('billing.title'), ' ', code(c, { id: 'owner-code' })),
      ownerTabs(c, 'billing'),
      notice ? el('p', { class: 'ok', id: 'bill-notice', role: 'status' }, notice,
        issued ? [' ', el('a', { href: href('statement', { owner: c, id: issued.id }), id: 'bill-issued-link' }, t('billing.open'))] : null) : null,
      staff ? rulesForm(c, doc, cts.items || [], env, draw) : rulesView(doc),
      historyBlock(doc),
      staff ? statementsBlock(c, list.items, env, draw)
        : el('section', { class: 'panel', id: 'bill-statements' }, el('h2', {}, t('billing.statements')),
          table('bill-list', ['billing.number', 'billing.month', 'billing.total'],
            list.items.map((s) => row({}, el('a', { href: href('statement', { owner: c, id: s.id }) }, code(s.number)), code(s.month), money(s.total, s.currency))))));
  };
  await draw();
}

/* A client's read-only view of its price list. */
function rulesView(doc) {
  const r = doc.rules;
  if (!r) return el('p', { id: 'bill-version' }, t('billing.no_rules'));
  return el('section', { class: 'panel', id: 'bill-rules-view' },
    el('h2', {}, t('billing.rules')),
    el('p', {}, t('billing.storage'), ': ', t('billing.mode.' + r.storage.mode), ' ', money(r.storage.price, doc.currency)),
    el('p', {}, t('billing.effective_from'), ': ', fromText(doc.effective_from)),
    el('p', {}, t('billing.inbound'), ': ', money(r.inbound.per_unit), ' / ', money(r.inbound.per_sscc),
      r.inbound.per_carton !== undefined ? [' · ', t('billing.per_carton'), ' ', money(r.inbound.per_carton)] : null,
      r.inbound.per_pallet !== undefined ? [' · ', t('billing.per_pallet'), ' ', money(r.inbound.per_pallet)] : null),
    el('p', {}, t('billing.outbound'), ': ', money(r.outbound.per_order), ' / ', money(r.outbound.per_extra_line), ' / ', money(r.outbound.per_unit)));
}

/* The facts of one line, as a small table of whatever rows it has. */
function factsTable(doc) {
  const items = doc.items || [];
  if (!items.length) return el('p', { class: 'muted' }, t('billing.no_facts'));
  const keys = Object.keys(items[0]);
  return el('table', { class: 'grid facts-table', id: 'facts-' + doc.n },
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', {}, has('billing.fact.' + k) ? t('billing.fact.' + k) : k)))),
    el('tbody', {}, items.map((it) => el('tr', {}, keys.map((k) => el('td', {}, code(typeof it[k] === 'object' && it[k] !== null ? JSON.stringify(it[k]) : it[k])))))));
}

/* #/statement?owner=…&id=… */
export async function showStatement(root, p, env) {
  const c = p.get('owner') || '';
  const id = p.get('id') || '';
  const base = '/api/v1/owners/' + encodeURIComponent(c) + '/statements/' + encodeURIComponent(id);
  const staff = env.me && ['admin', 'back_office', 'finance'].includes(env.me.role);
  const zh = currentLang() !== 'en';
  const draw = async (notice) => {
    const st = await api('GET', base);
    const file = (ext) => base + '/statement.' + ext + '?lang=' + (zh ? 'zh-CN' : 'en');
    const v = (x) => $('#' + x).value.trim();
    mount(root,
      el('p', {}, el('a', { href: href('owner-billing', { code: c }), id: 'back-billing' }, t('billing.back'))),
      el('h1', {}, t('billing.statement'), ' ', code(st.number, { id: 'statement-number' })),
      notice ? el('p', { class: 'ok', id: 'statement-notice', role: 'status' }, notice) : null,
      el('div', { class: 'facts' },
        el('p', {}, el('b', {}, t('billing.client')), ' ', code(st.owner + ' · ' + st.owner_name)),
        el('p', {}, el('b', {}, t('billing.month')), ' ', code(st.month, { id: 'statement-month' })),
        el('p', {}, el('b', {}, t('billing.total')), ' ', el('span', { id: 'statement-total', dataset: { total: String(st.total) } }, money(st.total, st.currency))),
        el('p', {}, el('b', {}, t('billing.issued_at')), ' ', fmtDate(st.issued_at)),
        el('p', { class: 'muted' }, t('billing.immutable'))),
      el('p', { class: 'actions' },
        el('a', { class: 'button', id: 'statement-pdf', href: file('pdf'), target: '_blank' }, t('billing.download_pdf')), ' ',
        el('a', { class: 'button', id: 'statement-csv', href: file('csv'), download: true }, t('billing.download_csv')), ' ',
        el('a', { class: 'button', id: 'statement-xlsx', href: file('xlsx'), download: true }, t('billing.download_xlsx'))),
      table('statement-lines', ['billing.item', 'billing.qty', 'billing.unit_price', 'billing.amount', ''],
        st.lines.map((l) => row({ dataset: { n: l.n, kind: l.kind } },
          zh ? l.description : l.description_en, { num: Number(l.qty) }, money(l.unit_price), money(l.amount),
          el('button', {
            type: 'button', class: 'facts-open', id: 'facts-open-' + l.n,
            onclick: (e) => act(env, async () => {
              const tr = e.target.closest('tr');
              if (tr.nextSibling && tr.nextSibling.classList && tr.nextSibling.classList.contains('facts-row')) {
                tr.nextSibling.remove();
                return;
              }
              const f = await api('GET', base + '/lines/' + l.n + '/facts');
              tr.after(el('tr', { class: 'facts-row' }, el('td', { colspan: 5 }, factsTable(f))));
            }),
          }, t('billing.facts'))))),
      st.adjustments.length ? el('section', { id: 'statement-adjustments' }, el('h2', {}, t('billing.adjustments')),
        el('ul', {}, st.adjustments.map((a) => el('li', {}, money(a.amount, st.currency), ' · ', code(a.reason), ' · ',
          a.billed_on ? t('billing.billed_on', { number: a.billed_on }) : t('billing.to_next'))))) : null,
      staff ? el('form', {
        class: 'panel', id: 'adjust-form',
        onsubmit: (e) => {
          e.preventDefault();
          act(env, async () => {
            await api('POST', base + '/adjustments', { amount: v('adj-amount'), credit: $('#adj-credit').checked, reason: v('adj-reason') });
            await draw(t('billing.adjusted'));
          });
        },
      },
      el('h2', {}, t('billing.adjust')),
      el('p', { class: 'muted' }, t('billing.adjust_intro')),
      el('div', { class: 'row' },
        field('adj-amount', 'billing.amount', el('input', { id: 'adj-amount', type: 'number', min: '0.01', step: '0.01', required: true })),
        el('label', { for: 'adj-credit' }, el('input', { id: 'adj-credit', type: 'checkbox' }), ' ', t('billing.credit')),
        field('adj-reason', 'billing.reason', el('input', { id: 'adj-reason', required: true, maxlength: 500 }))),
      el('button', { type: 'submit', id: 'adjust-go' }, t('billing.adjust_save'))) : null);
  };
  await draw();
}

/* The order page's value-added services: recorded ones and a form. */
export async function servicesBlock(o, env, reload) {
  let doc;
  try {
    doc = await api('GET', '/api/v1/orders/' + o.id + '/services');
  } catch (e) {
    return null;
  }
  const can = env.me && ['admin', 'back_office', 'warehouse_lead'].includes(env.me.role);
  return el('section', { class: 'panel', id: 'order-services' },
    el('h2', {}, t('billing.services')),
    doc.items.length ? table('services-list', ['billing.service', 'billing.qty', 'billing.note', 'billing.recorded_at'],
      doc.items.map((s) => row({ dataset: { service: s.service } }, code(s.name || s.service), { num: s.qty }, code(s.note), fmtDate(s.created_at))))
      : el('p', { class: 'muted', id: 'services-none' }, t('billing.no_services')),
    can && doc.offered.length ? el('form', {
      class: 'row', id: 'service-form',
      onsubmit: (e) => {
        e.preventDefault();
        act(env, async () => {
          await api('POST', '/api/v1/orders/' + o.id + '/services', {
            service: $('#svc-service').value, qty: Number($('#svc-qty').value),
            note: $('#svc-note').value.trim() || undefined,
            idempotency_key: 'ui-svc-' + o.id + '-' + Date.now(),
          });
          await reload(t('billing.service_recorded'));
        });
      },
    },
    field('svc-service', 'billing.service', el('select', { id: 'svc-service' },
      options(doc.offered.map((s) => [s.code, s.name])))),
    field('svc-qty', 'billing.qty', el('input', { id: 'svc-qty', type: 'number', min: '1', value: '1', required: true })),
    field('svc-note', 'billing.note', el('input', { id: 'svc-note', maxlength: 500 })),
    el('button', { type: 'submit', id: 'service-add' }, t('billing.service_record'))) : null);
}
