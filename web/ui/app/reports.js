/*
 * Reports (#/reports?report=…): sales (per period, key and currency, at
 * the cost of goods when they shipped), margin per store or channel
 * (finance: revenue net of VAT less every cost the orders carried), 进销存 (stock movement per
 * warehouse, SKU and period), inventory valuation at a date, aging and
 * slow movers, lots near expiry, returns (empty until after-sales
 * records them), purchasing (spend and price variance per supplier, open
 * POs and how late they are, suppliers ranked on their performance),
 * fulfilment times, staff performance (leads and admins) and feedback
 * (tickets by kind, SKU or store: the rating trend and the share resolved
 * within the SLA; sales can also be read by the customers' segments). Each role sees
 * the tabs its permissions open. Filters in the hash, a
 * chart drawn as inline SVG like the dashboard's, a table sorted by a
 * click on its headings, every SKU and figure a link to the rows behind
 * it (product, stock, corrections), and CSV / Excel exports of the same
 * filters (GET /api/v1/reports/…?format=csv|xlsx, sheet in the language
 * shown).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { bars, href, code, options, fmtDay } from './common.js';

const REPORTS = ['sales', 'margin', 'stock-movement', 'inventory', 'aging', 'expiry', 'purchasing', 'returns', 'fulfilment', 'feedback', 'staff'];

/* Who may open each report (the API's permissions: costs are not a lead's,
 * staff figures are not the back office's). */
const OFFICE = ['admin', 'back_office', 'viewer'];
/* Finance reads the money reports (purchasing.read) and margins (finance.read). */
const MONEY = [...OFFICE, 'finance'];
const ROLES = {
  sales: MONEY, 'stock-movement': MONEY, inventory: MONEY, aging: MONEY, purchasing: MONEY,
  margin: ['admin', 'finance'],
  expiry: [...OFFICE, 'warehouse_lead'], returns: [...OFFICE, 'warehouse_lead'],
  fulfilment: [...OFFICE, 'warehouse_lead'], feedback: [...OFFICE, 'warehouse_lead'],
  staff: ['admin', 'warehouse_lead'],
};

/* The filters each report takes from the hash, in the API's names. */
const FILTERS = {
  'stock-movement': ['from', 'to', 'group', 'warehouse', 'sku', 'category'],
  inventory: ['at', 'by', 'warehouse', 'sku', 'category', 'owner'],
  sales: ['from', 'to', 'group', 'by', 'warehouse', 'store', 'sku', 'category', 'owner'],
  margin: ['from', 'to', 'group', 'by', 'warehouse', 'store'],
  aging: ['buckets', 'days', 'warehouse', 'sku', 'category', 'owner'],
  expiry: ['days', 'warehouse', 'sku', 'category', 'owner'],
  returns: ['from', 'to', 'group', 'by', 'warehouse', 'store', 'sku', 'category', 'owner'],
  staff: ['from', 'to', 'warehouse', 'user'],
  fulfilment: ['from', 'to', 'by', 'warehouse', 'store'],
  purchasing: ['view', 'from', 'to', 'group', 'warehouse', 'supplier', 'sku'],
  feedback: ['from', 'to', 'group', 'by', 'warehouse', 'store', 'sku', 'kind'],
};

/* The purchasing report's views (?view=), the first the default. */
const VIEWS = ['spend', 'variance', 'open', 'ranking'];

/* The reports a stock owner (3PL client) narrows: their SKUs are its. */
const OWNER_FILTER = ['stock-movement', 'inventory', 'sales', 'aging', 'expiry', 'returns'];

/* Table columns: [field, catalog key, kind]; kind num | money | day | text. */
const COLUMNS = {
  'stock-movement': [
    ['period', 'reports.period', 'day'], ['warehouse', 'reports.warehouse', 'text'], ['sku', 'reports.sku', 'sku'],
    ['name', 'reports.name', 'text'], ['opening', 'reports.opening', 'num'], ['received', 'reports.received', 'num'],
    ['returned', 'reports.returned', 'num'], ['shipped', 'reports.shipped', 'num'], ['adjusted', 'reports.adjusted', 'num'],
    ['transfer_in', 'reports.transfer_in', 'num'], ['transfer_out', 'reports.transfer_out', 'num'],
    ['scrapped', 'reports.scrapped', 'num'], ['supplier_returned', 'reports.supplier_returned', 'num'],
    ['closing', 'reports.closing', 'num'], ['opening_value', 'reports.opening_value', 'money'],
    ['closing_value', 'reports.closing_value', 'money'],
  ],
  inventory: [
    ['warehouse', 'reports.warehouse', 'text'], ['bin', 'reports.bin', 'text'], ['owner', 'reports.owner', 'owner'],
    ['owner_name', 'reports.owner_name', 'text'], ['sku', 'reports.sku', 'sku'], ['name', 'reports.name', 'text'],
    ['category', 'reports.category', 'text'], ['on_hand', 'reports.on_hand', 'num'], ['value', 'reports.value', 'money'],
    ['unit_cost', 'reports.unit_cost', 'money'],
  ],
  aging: [
    ['warehouse', 'reports.warehouse', 'text'], ['sku', 'reports.sku', 'sku'], ['name', 'reports.name', 'text'],
    ['on_hand', 'reports.on_hand', 'num'], ['value', 'reports.value', 'money'],
    ['age_1', 'age', 'num'], ['age_2', 'age', 'num'], ['age_3', 'age', 'num'], ['age_4', 'age', 'num'], ['age_5', 'age', 'num'],
    ['last_shipped', 'reports.last_shipped', 'day'], ['days_since_sale', 'reports.days_since_sale', 'num'],
    ['shipped_recent', 'reports.shipped_recent', 'num'], ['days_of_cover', 'reports.days_of_cover', 'num'],
    ['slow', 'reports.slow', 'flag'],
  ],
  expiry: [
    ['expiry', 'reports.expiry', 'day'], ['days_left', 'reports.days_left', 'num'], ['warehouse', 'reports.warehouse', 'text'],
    ['sku', 'reports.sku', 'sku'], ['name', 'reports.name', 'text'], ['lot', 'reports.lot', 'text'],
    ['on_hand', 'reports.on_hand', 'num'], ['bins', 'reports.bins', 'text'],
  ],
  fulfilment: [
    ['key', 'reports.key', 'key'], ['orders', 'reports.orders', 'num'], ['on_time', 'reports.on_time', 'num'],
    ['on_time_pct', 'reports.on_time_pct', 'pct'], ['p50_hours', 'reports.p50_hours', 'num'],
    ['p90_hours', 'reports.p90_hours', 'num'], ['backorders', 'reports.backorders', 'num'],
    ['oldest_backorder_hours', 'reports.oldest_backorder_hours', 'num'],
  ],
  staff: [
    ['day', 'reports.day', 'day'], ['warehouse', 'reports.warehouse', 'text'], ['username', 'reports.user', 'text'],
    ['pick_lines', 'reports.pick_lines', 'num'], ['pick_units', 'reports.pick_units', 'num'],
    ['putaway_lines', 'reports.putaway_lines', 'num'], ['receipt_lines', 'reports.receipt_lines', 'num'],
    ['receipt_units', 'reports.receipt_units', 'num'], ['replenish_lines', 'reports.replenish_lines', 'num'],
    ['move_lines', 'reports.move_lines', 'num'], ['active_hours', 'reports.active_hours', 'num'],
    ['lines_per_hour', 'reports.lines_per_hour', 'num'],
    ['wrong_bin', 'reports.wrong_bin', 'num'], ['wrong_item', 'reports.wrong_item', 'num'],
    ['wrong_lot', 'reports.wrong_lot', 'num'], ['short_picks', 'reports.short_picks', 'num'],
    ['short_units', 'reports.short_units', 'num'], ['cartons', 'reports.cartons', 'num'],
    ['weight_mismatches', 'reports.weight_mismatches', 'num'], ['count_lines', 'reports.count_lines', 'num'],
    ['count_accuracy', 'reports.count_accuracy', 'pct'],
  ],
  returns: [
    ['period', 'reports.period', 'day'], ['key', 'reports.key', 'key'], ['name', 'reports.name', 'text'],
    ['currency', 'reports.currency', 'text'], ['units_sold', 'reports.units', 'num'],
    ['returns_units', 'reports.returns_units', 'num'], ['return_rate', 'reports.return_rate', 'pct'],
    ['returns_amount', 'reports.returns_amount', 'money'],
  ],
  'purchasing-spend': [
    ['period', 'reports.period', 'day'], ['supplier', 'reports.supplier', 'supplier'], ['name', 'reports.name', 'text'],
    ['currency', 'reports.currency', 'text'], ['lines', 'reports.receipt_lines', 'num'], ['units', 'reports.units', 'num'],
    ['spend', 'reports.spend', 'money'], ['listed_units', 'reports.listed_units', 'num'],
    ['list_value', 'reports.list_value', 'money'], ['variance', 'reports.variance', 'money'],
    ['variance_pct', 'reports.variance_pct', 'pct'],
  ],
  'purchasing-variance': [
    ['supplier', 'reports.supplier', 'supplier'], ['sku', 'reports.sku', 'sku'], ['name', 'reports.name', 'text'],
    ['currency', 'reports.currency', 'text'], ['units', 'reports.units', 'num'], ['spend', 'reports.spend', 'money'],
    ['avg_cost', 'reports.avg_cost', 'money'], ['list_cost', 'reports.list_cost', 'money'],
    ['list_value', 'reports.list_value', 'money'], ['variance', 'reports.variance', 'money'],
    ['variance_pct', 'reports.variance_pct', 'pct'],
  ],
  'purchasing-open': [
    ['po', 'reports.po', 'po'], ['supplier', 'reports.supplier', 'supplier'], ['warehouse', 'reports.warehouse', 'text'],
    ['state', 'reports.state', 'state'], ['sku', 'reports.sku', 'sku'], ['name', 'reports.name', 'text'],
    ['expected_date', 'reports.expected_date', 'day'], ['days_late', 'reports.days_late', 'num'],
    ['ordered', 'reports.ordered', 'num'], ['received', 'reports.received', 'num'], ['open_qty', 'reports.open_qty', 'num'],
    ['currency', 'reports.currency', 'text'], ['open_value', 'reports.open_value', 'money'],
  ],
  'purchasing-ranking': [
    ['rank', 'reports.rank', 'num'], ['supplier', 'reports.supplier', 'supplier'], ['name', 'reports.name', 'text'],
    ['lines', 'reports.lines_due', 'num'], ['on_time_rate', 'reports.on_time_rate', 'rate'],
    ['fill_rate', 'reports.fill_rate', 'rate'], ['avg_lead_days', 'reports.avg_lead_days', 'num'],
    ['promised_lead_days', 'reports.promised_lead_days', 'num'], ['discrepancy_rate', 'reports.discrepancy_rate', 'rate'],
    ['value_purchased', 'reports.value_purchased', 'money'],
  ],
  feedback: [
    ['period', 'reports.period', 'day'], ['key', 'reports.key', 'key'], ['tickets', 'reports.tickets', 'num'],
    ['complaints', 'reports.complaints', 'num'], ['reviews', 'reports.reviews', 'num'], ['rated', 'reports.rated', 'num'],
    ['avg_rating', 'reports.avg_rating', 'num'], ['low_ratings', 'reports.low_ratings', 'num'],
    ['answered', 'reports.answered', 'num'], ['resolved', 'reports.resolved', 'num'],
    ['resolved_in_sla', 'reports.resolved_in_sla', 'num'], ['overdue_open', 'reports.overdue_open', 'num'],
    ['in_sla_pct', 'reports.in_sla_pct', 'pct'],
  ],
  sales: [
    ['period', 'reports.period', 'day'], ['key', 'reports.key', 'key'], ['name', 'reports.name', 'text'],
    ['currency', 'reports.currency', 'text'], ['orders', 'reports.orders', 'num'], ['units', 'reports.units', 'num'],
    ['revenue', 'reports.revenue', 'money'], ['discounts', 'reports.discounts', 'money'],
    ['shipping', 'reports.shipping', 'money'], ['returns_units', 'reports.returns_units', 'num'],
    ['returns_amount', 'reports.returns_amount', 'money'], ['net_revenue', 'reports.net_revenue', 'money'],
    ['cogs', 'reports.cogs', 'money'], ['cost_currency', 'reports.cost_currency', 'text'],
    ['gross_margin', 'reports.gross_margin', 'money'],
    ['margin_pct', 'reports.margin_pct', 'pct'],
  ],
  margin: [
    ['period', 'reports.period', 'day'], ['key', 'reports.key', 'key'], ['name', 'reports.name', 'text'],
    ['currency', 'reports.currency', 'text'], ['orders', 'reports.orders', 'num'],
    ['revenue', 'reports.revenue_ex', 'money'], ['discounts', 'reports.discounts', 'money'],
    ['shipping', 'reports.shipping', 'money'], ['refunds', 'reports.refunds', 'money'],
    ['cost_of_goods', 'reports.cogs', 'money'], ['returned_cost', 'reports.returned_cost', 'money'],
    ['platform_fees', 'reports.platform_fees', 'money'], ['carrier_cost', 'reports.carrier_cost', 'money'],
    ['packaging', 'reports.packaging', 'money'], ['cost_currency', 'reports.cost_currency', 'text'],
    ['margin', 'reports.margin', 'money'], ['margin_pct', 'reports.margin_pct', 'pct'],
  ],
};

const fmtMoneyPlain = (v) => new Intl.NumberFormat(currentLang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v));

/* The query of report @name from hash parameters @p (extra: format, lang). */
function query(name, p, extra) {
  const q = new URLSearchParams();
  for (const k of FILTERS[name]) if (p.get(k)) q.set(k, p.get(k));
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q.toString();
}

function tabs(name, p, mine) {
  return el('nav', { class: 'tabs', role: 'tablist', 'aria-label': t('reports.tabs') },
    mine.map((k) => el('a', {
      href: href('reports', { report: k, warehouse: p.get('warehouse') }), id: 'tab-' + k, role: 'tab',
      'aria-selected': String(k === name), class: k === name ? 'on' : '',
    }, t('reports.tab.' + k))));
}

/* The filter form; submitting it rewrites the hash (one history entry). */
function filters(name, p, ws) {
  const f = {};
  const date = (k) => (f[k] = el('input', { id: 'rp-' + k, type: 'date', value: p.get(k) || '' }));
  const text = (k) => (f[k] = el('input', { id: 'rp-' + k, value: p.get(k) || '', translate: 'no' }));
  const choice = (k, values) => (f[k] = el('select', { id: 'rp-' + k },
    options(values.map((v) => [v, t('reports.' + k + '.' + v)]), p.get(k) || values[0])));
  f.warehouse = el('select', { id: 'rp-warehouse', translate: 'no' },
    options(ws.map((w) => [w.code, w.code + ' · ' + w.name]), p.get('warehouse'), 'reports.any_warehouse'));
  const lab = (k, input) => el('label', {}, t('reports.f.' + k), ' ', input);
  const fields = name === 'purchasing'
    ? [lab('view', choice('view', VIEWS)), lab('from', date('from')), lab('to', date('to')),
      (p.get('view') || 'spend') === 'spend' ? lab('group', choice('group', ['month', 'week', 'day'])) : null,
      lab('supplier', text('supplier'))]
    : name === 'staff'
    ? [lab('from', date('from')), lab('to', date('to')), lab('user', text('user'))]
    : name === 'fulfilment'
    ? [lab('from', date('from')), lab('to', date('to')), lab('by', choice('by', ['store', 'carrier', 'warehouse'])),
      lab('store', text('store'))]
    : name === 'aging' || name === 'expiry'
    ? [name === 'aging' ? lab('buckets', text('buckets')) : null, lab('days', text('days'))]
    : name === 'inventory'
    ? [lab('at', date('at')), lab('by', choice('by', ['sku', 'category', 'warehouse', 'bin', 'owner']))]
    : name === 'feedback'
    ? [lab('from', date('from')), lab('to', date('to')), lab('group', choice('group', ['day', 'week', 'month'])),
      lab('by', choice('by', ['kind', 'sku', 'store'])), lab('store', text('store')),
      lab('kind', f.kind = el('select', { id: 'rp-kind' }, options(['complaint', 'review', 'inquiry', 'suggestion']
        .map((k) => [k, t('crm.kind.' + k)]), p.get('kind'), 'crm.any')))]
    : [lab('from', date('from')), lab('to', date('to')),
      lab('group', choice('group', name === 'sales' || name === 'margin' ? ['day', 'week', 'month'] : ['day', 'month'])),
      name === 'sales' ? lab('by', choice('by', ['store', 'channel', 'sku', 'category', 'warehouse', 'owner', 'customer_segment'])) : null,
      name === 'margin' ? lab('by', choice('by', ['store', 'channel'])) : null,
      name === 'returns' ? lab('by', choice('by', ['sku', 'store'])) : null,
      ['sales', 'returns', 'margin'].includes(name) ? lab('store', text('store')) : null];
  return el('form', {
    class: 'filters', id: 'report-filters',
    onsubmit: (e) => {
      e.preventDefault();
      const v = { report: name };
      for (const [k, input] of Object.entries(f)) v[k] = input.value.trim();
      location.hash = href('reports', v);
    },
  }, fields, lab('warehouse', f.warehouse), name === 'margin' ? null : lab('sku', text('sku')),
  ['purchasing', 'feedback', 'margin'].includes(name) ? null : lab('category', text('category')),
  OWNER_FILTER.includes(name) ? lab('owner', text('owner')) : null,
  el('button', { type: 'submit', id: 'rp-apply' }, t('reports.apply')));
}

/* A cell of row @r for column @c, linked to the rows behind it. */
function cell(name, r, [field, , kind]) {
  const v = r[field];
  if (v === null || v === undefined) return el('td', {}, '');
  if (kind === 'day') return el('td', {}, fmtDay(v));
  if (kind === 'sku') return el('td', {}, el('a', { href: href('product', { sku: v }), translate: 'no' }, v));
  if (kind === 'text') return el('td', { translate: 'no' }, String(v));
  if (kind === 'key') return el('td', { translate: 'no' }, keyLink(r, v));
  if (kind === 'flag') return el('td', { dataset: { field, value: String(v) } }, v ? el('span', { class: 'pill warn' }, t('reports.slow_yes')) : '');
  if (kind === 'pct') return el('td', { class: 'num', dataset: { field, value: String(v) } }, fmtNumber(v) + '%');
  /* Purchasing: a supplier opens its page (with its performance), a PO
   * its own, a state reads as the PO list says it. */
  if (kind === 'rate') return el('td', { class: 'num', dataset: { field, value: String(v) } }, fmtNumber(Math.round(v * 1000) / 10) + '%');
  if (kind === 'owner') return el('td', { translate: 'no' }, el('a', { href: href('owner', { code: v }) }, v));
  if (kind === 'supplier') return el('td', { translate: 'no' }, el('a', { href: href('supplier', { code: v }) }, v));
  if (kind === 'po') return el('td', { translate: 'no' }, el('a', { href: href('po', { id: r.po_id }) }, v));
  if (kind === 'state') return el('td', {}, t('purchasing.state.' + v));
  const text = kind === 'money' ? fmtMoneyPlain(v) : fmtNumber(v);
  /* A store's orders are its order list over the period. */
  if (name === 'sales') {
    const to2 = field === 'orders' && r.by === 'store' ? href('orders', { store: r.key, state: 'shipped' }) : null;
    return el('td', { class: 'num', dataset: { field, value: String(v) } }, to2 ? el('a', { href: to2 }, text) : text);
  }
  /* Tickets are the desk's list under the same key. */
  if (name === 'feedback' && ['tickets', 'overdue_open', 'complaints', 'reviews'].includes(field) && Number(v) > 0) {
    const q = { [r.by]: r.key || undefined };
    if (field === 'overdue_open') q.overdue = 'true';
    if (field === 'complaints') q.kind = 'complaint';
    if (field === 'reviews') q.kind = 'review';
    return el('td', { class: 'num', dataset: { field, value: String(v) } }, el('a', { href: href('feedback', q) }, text));
  }
  /* Units on hand are the stock list's rows; flows are the corrections';
   * a supplier's spend is its purchase orders. */
  let to = null;
  if (name.startsWith('purchasing') && r.supplier && (field === 'spend' || field === 'lines')) to = href('purchasing', { supplier: r.supplier });
  if (r.sku && (field === 'closing' || field === 'on_hand')) to = href('stock', { sku: r.sku, warehouse: r.warehouse, detail: 'bins', bin: r.bin });
  else if (name === 'stock-movement' && r.sku && field !== 'opening' && Number(v) !== 0) to = href('corrections', { sku: r.sku, warehouse: r.warehouse });
  return el('td', { class: 'num', dataset: { field, value: String(v) } }, to ? el('a', { href: to }, text) : text);
}

/* A sales row's key: a store's orders, a SKU's product, else the text. */
function keyLink(r, v) {
  if (r.by === 'store') return el('a', { href: href('orders', { store: v }) }, v);
  if (r.by === 'sku') return el('a', { href: href('product', { sku: v }) }, v);
  if (r.by === 'owner') return el('a', { href: href('owner', { code: v }) }, v);
  if (r.by === 'customer_segment') return v === 'none' ? t('reports.segment_none') : el('a', { href: href('customers', { segment: v }) }, t('crm.segment.' + v));
  if (r.by === 'kind') return t('crm.kind.' + v);
  return String(v);
}

/* The age buckets of the table being drawn (the filter, else the API's default). */
let bounds = [30, 60, 90, 180];

/* The heading of age column age_n: "0–30 days", …, "> 180 days". */
function ageLabel(f) {
  const i = Number(f.slice(4)) - 1;
  if (i > bounds.length) return '';
  if (i === bounds.length) return t('reports.age_over', { d: bounds[i - 1] });
  return t('reports.age_upto', { from: i === 0 ? 0 : bounds[i - 1] + 1, to: bounds[i] });
}

/* The table, re-sorted in place by a click on a heading. */
function grid(name, rows) {
  const cols = COLUMNS[name].filter(([f]) => (rows.length === 0 || f in rows[0])
    && !(f.startsWith('age_') && Number(f.slice(4)) > bounds.length + 1));
  let by = null;
  let asc = true;
  const body = el('tbody', {});
  const fill = () => {
    const list = by === null ? rows : [...rows].sort((a, b) => {
      const x = a[by]; const y = b[by];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
      return asc ? c : -c;
    });
    mount(body, list.map((r) => el('tr', { dataset: { bin: r.bin || '', owner: r.owner || '', warehouse: r.warehouse || '', sku: r.sku || '', key: r.key || '', currency: r.currency || '', supplier: r.supplier || '', po: r.po || '', period: r.period || '' } },
      cols.map((c) => cell(name, r, c)))));
  };
  const heads = cols.map(([f, key]) => el('th', { 'aria-sort': 'none' },
    el('button', {
      type: 'button', class: 'sort', id: 'sort-' + f,
      onclick: (e) => {
        asc = by === f ? !asc : true;
        by = f;
        for (const th of e.currentTarget.closest('tr').children) th.setAttribute('aria-sort', 'none');
        e.currentTarget.parentNode.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        fill();
      },
    }, key === 'age' ? ageLabel(f) : t(key))));
  fill();
  return el('div', { class: 'report-scroll' }, el('table', { class: 'grid', id: 'report-table' },
    el('thead', {}, el('tr', {}, heads)), body));
}

/* Per period, the units received and shipped, side by side. */
function movementChart(rows) {
  const per = new Map();
  for (const r of rows) {
    const s = per.get(r.period) || { received: 0, shipped: 0 };
    s.received += r.received + r.returned + r.transfer_in;
    s.shipped += r.shipped + r.transfer_out + r.scrapped + r.supplier_returned;
    per.set(r.period, s);
  }
  const periods = [...per.keys()].sort();
  const every = Math.max(1, Math.ceil(periods.length / 10));
  const items = (k) => periods.map((d) => ({ label: fmtDay(d), value: per.get(d)[k] }));
  return el('div', { class: 'dash-cols' },
    el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_in')),
      bars(items('received'), { id: 'chart-in', label: 'reports.chart_in', every })),
    el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_out')),
      bars(items('shipped'), { id: 'chart-out', label: 'reports.chart_out', every })));
}

/* Net revenue (the margin report: the margin) per period in each
 * currency (never added across them); a margin below 0 draws as 0. */
function salesChart(rows, field = 'net_revenue', chart = 'sales') {
  const currencies = [...new Set(rows.filter((r) => r[field] !== null).map((r) => r.currency))].sort();
  return el('div', { class: 'dash-cols' }, currencies.map((cur) => {
    const per = new Map();
    for (const r of rows.filter((x) => x.currency === cur)) per.set(r.period, (per.get(r.period) || 0) + Number(r[field]));
    const periods = [...per.keys()].sort();
    const every = Math.max(1, Math.ceil(periods.length / 10));
    return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_' + chart, { currency: cur })),
      bars(periods.map((d) => ({ label: fmtDay(d), value: Math.max(0, per.get(d)) })),
        { id: 'chart-' + chart + '-' + cur, label: 'reports.chart_' + chart + '_aria', every, fmt: fmtMoneyPlain }));
  }));
}

/* The rating trend: the average rating per period over the rows shown
 * (weighted by the rated tickets of each key). */
function ratingChart(rows) {
  const per = new Map();
  for (const r of rows) {
    const s = per.get(r.period) || { sum: 0, n: 0 };
    s.sum += Number(r.avg_rating || 0) * r.rated;
    s.n += r.rated;
    per.set(r.period, s);
  }
  const periods = [...per.keys()].sort().filter((d) => per.get(d).n > 0);
  const every = Math.max(1, Math.ceil(periods.length / 10));
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_rating')),
    bars(periods.map((d) => ({ label: fmtDay(d), value: Math.round(per.get(d).sum / per.get(d).n * 100) / 100 })),
      { id: 'chart-rating', label: 'reports.chart_rating', every }));
}

/* Units on hand per age bucket, over the rows shown. */
function ageChart(rows) {
  const items = bounds.concat([null]).map((_, i) => ({
    label: ageLabel('age_' + (i + 1)),
    value: rows.reduce((n, r) => n + (Number(r['age_' + (i + 1)]) || 0), 0),
  }));
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_age')),
    bars(items, { id: 'chart-age', label: 'reports.chart_age' }));
}

/* Totals of a sales (or margin) report, one line per currency. */
function salesTotals(rows, fields = ['orders', 'units', 'net_revenue', 'cogs', 'gross_margin']) {
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return el('div', { id: 'report-totals' }, currencies.map((cur) => {
    const mine = rows.filter((r) => r.currency === cur);
    const sum = (f) => Math.round(mine.reduce((n, r) => n + (Number(r[f]) || 0), 0) * 100) / 100;
    return el('p', { class: 'totals', dataset: { currency: cur } }, code(cur), ' ',
      fields
        .filter((f) => !['gross_margin', 'margin'].includes(f) || mine.some((r) => r[f] !== null))
        .map((f) => el('span', {}, t('reports.' + f), ' ',
        el('b', { id: 'total-' + f + '-' + cur, dataset: { value: String(sum(f)) } },
          f === 'orders' || f === 'units' ? fmtNumber(sum(f)) : fmtMoneyPlain(sum(f))), ' ')));
  }));
}

/* The largest values first, at most 12 bars. */
function valueChart(rows) {
  const top = [...rows].sort((a, b) => b.value - a.value).slice(0, 12);
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_value')),
    bars(top.map((r) => ({ label: (r.bin ? r.bin + ' ' : '') + (r.sku || r.category || r.owner_name || r.warehouse), value: Math.max(0, r.value) })),
      { id: 'chart-value', label: 'reports.chart_value', fmt: fmtMoneyPlain }));
}

/* The sums of the numeric columns, as a line above the table. */
function totals(name, rows) {
  const sum = (f) => rows.reduce((n, r) => n + (Number(r[f]) || 0), 0);
  const fields = name === 'feedback' ? [['tickets', fmtNumber], ['complaints', fmtNumber], ['answered', fmtNumber],
    ['resolved_in_sla', fmtNumber], ['overdue_open', fmtNumber]]
    : name === 'staff' ? [['pick_lines', fmtNumber], ['pick_units', fmtNumber], ['receipt_lines', fmtNumber],
    ['cartons', fmtNumber], ['count_lines', fmtNumber]]
    : name === 'inventory' || name === 'aging' ? [['on_hand', fmtNumber], ['value', fmtMoneyPlain]]
    : [['received', fmtNumber], ['shipped', fmtNumber], ['adjusted', fmtNumber], ['scrapped', fmtNumber]];
  return el('p', { class: 'totals', id: 'report-totals' }, fields.map(([f, fmt]) =>
    el('span', {}, t('reports.' + f), ' ', el('b', { id: 'total-' + f, dataset: { value: String(sum(f)) } }, fmt(sum(f))), ' ')));
}

/* Spend per period in each currency (never added across them). */
function spendChart(rows) {
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return el('div', { class: 'dash-cols' }, currencies.map((cur) => {
    const per = new Map();
    for (const r of rows.filter((x) => x.currency === cur)) per.set(r.period, (per.get(r.period) || 0) + Number(r.spend));
    const periods = [...per.keys()].sort();
    const every = Math.max(1, Math.ceil(periods.length / 10));
    return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_spend', { currency: cur })),
      bars(periods.map((d) => ({ label: fmtDay(d), value: per.get(d) })),
        { id: 'chart-spend-' + cur, label: 'reports.chart_spend_aria', every, fmt: fmtMoneyPlain }));
  }));
}

/* Each ranked supplier's share of lines on time. */
function rankChart(rows) {
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_on_time')),
    bars(rows.map((r) => ({ label: r.supplier, value: Math.round(Number(r.on_time_rate) * 1000) / 10 })),
      { id: 'chart-on-time', label: 'reports.chart_on_time' }));
}

/* Totals of a purchasing view per currency: spend and variance, or what
 * is still to come. */
function purchaseTotals(view, rows) {
  const fields = view === 'open' ? ['open_qty', 'open_value'] : ['units', 'spend', 'variance'];
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return el('div', { id: 'report-totals' }, currencies.map((cur) => {
    const mine = rows.filter((r) => r.currency === cur);
    const sum = (f) => mine.reduce((n, r) => n + (Number(r[f]) || 0), 0);
    return el('p', { class: 'totals', dataset: { currency: cur } }, code(cur), ' ', fields.map((f) => el('span', {}, t('reports.' + f), ' ',
      el('b', { id: 'total-' + f + '-' + cur, dataset: { value: String(Math.round(sum(f) * 100) / 100) } },
        f === 'units' || f === 'open_qty' ? fmtNumber(sum(f)) : fmtMoneyPlain(sum(f))), ' ')));
  }));
}

/* The body of purchasing view @view: chart, totals, table. */
function purchasing(view, rows) {
  return [
    view === 'spend' ? spendChart(rows) : view === 'ranking' ? rankChart(rows) : null,
    view === 'ranking' ? null : purchaseTotals(view, rows),
    grid('purchasing-' + view, rows),
  ];
}

/* Hours to ship at the 90th percentile per key. */
function shipChart(rows) {
  const shown = rows.filter((r) => r.p90_hours !== null);
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_ship')),
    bars(shown.map((r) => ({ label: r.key, value: r.p90_hours })), { id: 'chart-ship', label: 'reports.chart_ship' }));
}

/* Pick lines per person over the rows shown. */
function staffChart(rows) {
  const per = new Map();
  for (const r of rows) per.set(r.username, (per.get(r.username) || 0) + r.pick_lines);
  const users = [...per.keys()].sort();
  return el('section', { class: 'panel' }, el('h2', {}, t('reports.chart_staff')),
    bars(users.map((u) => ({ label: u, value: per.get(u) })), { id: 'chart-staff', label: 'reports.chart_staff' }));
}

export async function show(root, p, env) {
  const role = env && env.me ? env.me.role : 'admin';
  const mine = REPORTS.filter((k) => ROLES[k].includes(role));
  const name = mine.includes(p.get('report')) ? p.get('report') : mine[0];
  const [doc, ws] = await Promise.all([
    api('GET', '/api/v1/reports/' + name + '?' + query(name, p)),
    api('GET', '/api/v1/warehouses?limit=100').then((r) => r.items),
  ]);
  const rows = doc.rows;
  const view = VIEWS.includes(p.get('view')) ? p.get('view') : VIEWS[0];
  const hint = name === 'purchasing' ? 'purchasing-' + view : name;
  bounds = (p.get('buckets') || '30,60,90,180').split(',').map(Number);
  /* Sales rows link by what their key is. */
  for (const r of rows) if (['sales', 'margin', 'returns', 'fulfilment', 'feedback'].includes(name)) r.by = p.get('by') || (name === 'returns' ? 'sku' : name === 'feedback' ? 'kind' : 'store');
  const file = (fmt) => '/api/v1/reports/' + name + '?' + query(name, p, { format: fmt, lang: currentLang() });
  mount(root, el('h1', {}, t('reports.title')),
    tabs(name, p, mine),
    filters(name, p, ws),
    el('p', { class: 'actions' },
      el('a', { class: 'button', id: 'report-csv', href: file('csv'), download: true }, t('reports.export_csv')), ' ',
      el('a', { class: 'button', id: 'report-xlsx', href: file('xlsx'), download: true }, t('reports.export_xlsx'))),
    el('p', { class: 'muted' }, t('reports.hint.' + hint)),
    rows.length === 0 ? el('p', { class: 'muted', id: 'report-empty' }, t('reports.empty')) : name === 'purchasing' ? [
      doc.truncated ? el('p', { class: 'warn-text', id: 'report-truncated' }, t('reports.truncated', { n: fmtNumber(rows.length) })) : null,
      ...purchasing(view, rows),
    ] : [
      name === 'inventory' ? valueChart(rows) : name === 'sales' ? salesChart(rows)
        : name === 'margin' ? salesChart(rows, 'margin', 'margin')
        : name === 'aging' ? ageChart(rows) : name === 'staff' ? staffChart(rows) : name === 'fulfilment' ? shipChart(rows)
          : name === 'feedback' ? ratingChart(rows)
          : name === 'expiry' || name === 'returns' ? null : movementChart(rows),
      name === 'sales' ? salesTotals(rows)
        : name === 'margin' ? salesTotals(rows, ['orders', 'revenue', 'cost_of_goods', 'platform_fees', 'carrier_cost', 'packaging', 'margin'])
        : ['expiry', 'returns', 'fulfilment'].includes(name) ? null : totals(name, rows),
      doc.truncated ? el('p', { class: 'warn-text', id: 'report-truncated' }, t('reports.truncated', { n: fmtNumber(rows.length) })) : null,
      grid(name, rows),
    ],
    el('p', { class: 'muted' }, code(t('reports.rows_n', { n: fmtNumber(rows.length) }), { id: 'report-rows' })));
}
