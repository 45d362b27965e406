/*
 * The dashboard: sales today / 7 / 30 days (cards, a 30-day chart, by
 * store), orders by state (each count a link to its filtered list),
 * unprocessed and late orders, low stock, picks per hour and the
 * receiving backlog, the open returns (dash_returns.js). Each section is drawn only when the API's reply has
 * its field, so an older server still gets the orders-by-state part.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtMoney, fmtDate, currentLang } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';
import { svg, bars, href, code, table, row, fmtDay } from './common.js';
import { returnsSummary, returnsCard } from './dash_returns.js';

/* A horizontal bar per state, drawn as inline SVG (no chart library). */
function stateChart(byState) {
  const states = Object.keys(byState);
  const max = Math.max(1, ...Object.values(byState));
  const h = 26;
  const s = svg('svg', { class: 'chart', id: 'state-chart', viewBox: `0 0 600 ${states.length * h}`, role: 'img', 'aria-label': t('dash.chart') });
  states.forEach((st, i) => {
    const w = Math.round((byState[st] / max) * 400);
    s.append(svg('text', { x: 0, y: i * h + 18, class: 'chart-label' }, t('state.' + st)));
    s.append(svg('rect', { x: 150, y: i * h + 4, width: Math.max(w, 1), height: h - 8, class: 'bar bar-' + st }));
    s.append(svg('text', { x: 160 + w, y: i * h + 18, class: 'chart-value' }, fmtNumber(byState[st])));
  });
  return s;
}

/* Amounts in several currencies, one per line. */
function amounts(list) {
  if (!list || list.length === 0) return el('span', { class: 'amount' }, fmtNumber(0));
  return list.map((a) => el('span', { class: 'amount' }, fmtMoney(a.amount, a.currency)));
}

function salesCards(sales) {
  const card = (key, p) => el('div', { class: 'card sales', id: 'sales-' + key },
    el('span', { class: 'card-label' }, t('dash.sales_' + key)),
    el('span', { class: 'card-money' }, amounts(p && p.amounts)),
    el('span', { class: 'card-sub' }, t('dash.orders_n', { n: fmtNumber((p && p.orders) || 0) })));
  return el('div', { class: 'cards sales-cards' }, card('today', sales.today), card('d7', sales.d7), card('d30', sales.d30));
}

/* The 30 days as bars of the first currency's amount (orders when none). */
function salesChart(byDay) {
  const currency = (byDay.find((d) => d.amounts && d.amounts.length) || { amounts: [{ currency: '' }] }).amounts[0].currency;
  const amountOf = (d) => {
    const a = (d.amounts || []).find((x) => x.currency === currency);
    return a ? Number(a.amount) : 0;
  };
  const dayLabel = new Intl.DateTimeFormat(currentLang(), { month: 'numeric', day: 'numeric' });
  const items = byDay.map((d) => ({
    label: dayLabel.format(new Date(d.day + 'T00:00:00')),
    title: fmtDay(d.day) + ' · ' + t('dash.orders_n', { n: fmtNumber(d.orders) }),
    value: currency ? amountOf(d) : d.orders,
  }));
  return bars(items, {
    id: 'sales-chart', label: 'dash.sales_chart', every: 5,
    fmt: currency ? (v) => fmtMoney(v, currency) : fmtNumber,
  });
}

function byStore(list) {
  const cell = (p, cur) => (p ? el('span', {}, fmtMoney(p.amount, cur), el('br'), el('small', {}, t('dash.orders_n', { n: fmtNumber(p.orders) }))) : '');
  return table('sales-by-store', ['dash.store', 'dash.sales_today', 'dash.sales_d7', 'dash.sales_d30'],
    list.map((s) => row({ dataset: { store: s.store } },
      el('a', { href: href('orders', { store: s.store }), translate: 'no' }, s.store + (s.name ? ' · ' + s.name : '')),
      cell(s.today, s.currency), cell(s.d7, s.currency), cell(s.d30, s.currency))));
}

function late(l) {
  return el('section', { class: 'panel', id: 'late' },
    el('h2', {}, t('dash.late'), ' ', el('span', { class: 'pill warn', id: 'late-count' }, fmtNumber(l.count))),
    l.items && l.items.length
      ? table('late-orders', ['dash.order', 'dash.store', 'dash.state', 'dash.due'],
        l.items.map((o) => row({ dataset: { id: o.id } },
          el('a', { href: href('order', { id: o.id }), translate: 'no' }, o.external_id), code(o.store),
          el('span', { class: 'pill state-' + o.state }, t('state.' + o.state)), o.due_at ? fmtDate(o.due_at) : '')))
      : el('p', { class: 'muted' }, t('dash.none_late')));
}

function lowStock(l) {
  return el('section', { class: 'panel', id: 'low' },
    el('h2', {}, el('a', { href: href('stock') }, t('dash.low_stock')), ' ', el('span', { class: 'pill warn', id: 'low-count' }, fmtNumber(l.count))),
    l.items && l.items.length
      ? table('low-items', ['dash.warehouse', 'dash.sku', 'dash.available', 'dash.reorder_point'],
        l.items.map((s) => row({}, code(s.warehouse),
          el('a', { href: href('product', { sku: s.sku }), translate: 'no' }, s.sku + (s.name ? ' · ' + s.name : '')),
          { num: s.available }, { num: s.reorder_point })))
      : el('p', { class: 'muted' }, t('dash.none_low')));
}

function pickRate(hours) {
  const hour = new Intl.DateTimeFormat(currentLang(), { hour: 'numeric' });
  const total = hours.reduce((n, h) => n + h.lines, 0);
  return el('section', { class: 'panel', id: 'pick-rate' },
    el('h2', {}, t('dash.pick_rate'), ' ', el('span', { class: 'pill' }, t('dash.lines_24h', { n: fmtNumber(total) }))),
    bars(hours.map((h) => ({ label: hour.format(new Date(h.hour)), value: h.lines,
      title: fmtDate(h.hour) + ' · ' + t('dash.units_n', { n: fmtNumber(h.units) }) })),
    { id: 'pick-chart', label: 'dash.pick_chart', every: 3, height: 140 }));
}

function backlog(b) {
  const item = (id, key, n) => el('p', { id }, el('b', { class: 'big' }, fmtNumber(n)), ' ', t(key));
  return el('section', { class: 'panel', id: 'backlog' },
    el('h2', {}, t('dash.receiving')),
    item('backlog-pos', 'dash.backlog_pos', b.purchase_orders),
    item('backlog-units', 'dash.backlog_units', b.units_open),
    item('backlog-putaway', 'dash.backlog_putaway', b.putaway_tasks),
    item('backlog-putaway-units', 'dash.backlog_putaway_units', b.putaway_units));
}

export async function show(root, p, env) {
  /* A user limited to several warehouses sees one (the API asks which). */
  const mine = (env && env.me && env.me.warehouses) || [];
  const [d, rs] = await Promise.all([
    api('GET', '/api/v1/dashboard' + (mine.length > 1 ? '?warehouse=' + encodeURIComponent(mine[0]) : '')),
    returnsSummary(mine.length > 1 ? mine[0] : null)]);
  const cards = Object.entries(d.orders_by_state).map(([st, n]) =>
    el('a', { class: 'card state-' + st, id: 'count-' + st, href: '#/orders?state=' + st },
      el('span', { class: 'card-n' }, fmtNumber(n)),
      el('span', { class: 'card-label' }, t('state.' + st))));
  const s = d.sales;
  const side = [d.late ? late(d.late) : null, d.low_stock ? lowStock(d.low_stock) : null,
    d.receiving_backlog ? backlog(d.receiving_backlog) : null, returnsCard(rs)].filter((x) => x);
  mount(root,
    el('h1', {}, t('dash.title')),
    el('div', { class: 'totals' },
      el('p', {}, t('dash.orders_total'), ' ', el('b', { id: 'orders-total' }, fmtNumber(d.orders_total))),
      el('p', {}, t('dash.orders_today'), ' ', el('b', { id: 'orders-today' }, fmtNumber(d.orders_today))),
      d.unprocessed !== undefined
        ? el('p', {}, t('dash.unprocessed'), ' ', el('b', { id: 'unprocessed', class: d.unprocessed ? 'warn-text' : '' }, fmtNumber(d.unprocessed)))
        : null,
      d.late ? el('p', {}, t('dash.late'), ' ', el('b', { id: 'late-total', class: d.late.count ? 'warn-text' : '' }, fmtNumber(d.late.count))) : null,
      d.exceptions_open ? el('p', {}, el('a', { href: href('exceptions', { state: 'open' }), id: 'exceptions-open' },
        t('dash.exceptions_open'), ' ', el('b', { id: 'exceptions-open-n', class: d.exceptions_open.count ? 'warn-text' : '' }, fmtNumber(d.exceptions_open.count)))) : null,
      d.feedback_overdue ? el('p', {}, el('a', { href: href('feedback', { overdue: 'true' }), id: 'feedback-overdue' },
        t('dash.feedback_overdue'), ' ', el('b', { id: 'feedback-overdue-n', class: d.feedback_overdue.count ? 'warn-text' : '' }, fmtNumber(d.feedback_overdue.count)))) : null),
    s ? salesCards(s) : null,
    s || d.pick_rate ? el('div', { class: 'dash-cols' },
      s && s.by_day ? el('section', { class: 'panel' }, el('h2', {}, t('dash.sales_30d')), salesChart(s.by_day)) : null,
      d.pick_rate ? pickRate(d.pick_rate) : null) : null,
    el('h2', {}, t('dash.by_state')),
    el('div', { class: 'cards' }, cards),
    side.length ? el('div', { class: 'cols dash-side' }, side) : null,
    el('div', { class: 'dash-cols' },
      s && s.by_store && s.by_store.length ? el('section', {}, el('h2', {}, t('dash.by_store')), byStore(s.by_store)) : null,
      el('section', {}, el('h2', {}, t('dash.chart')), stateChart(d.orders_by_state))));
}
