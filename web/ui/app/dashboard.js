/* The dashboard: orders by state, each count a link to its filtered list. */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, mount } from '../lib/dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/* A horizontal bar per state, drawn as inline SVG (no chart library). */
function chart(byState) {
  const states = Object.keys(byState);
  const max = Math.max(1, ...Object.values(byState));
  const row = 26;
  const s = svg('svg', { class: 'chart', viewBox: `0 0 600 ${states.length * row}`, role: 'img', 'aria-label': t('dash.chart') });
  states.forEach((st, i) => {
    const w = Math.round((byState[st] / max) * 400);
    s.append(svg('text', { x: 0, y: i * row + 18, class: 'chart-label' }, t('state.' + st)));
    s.append(svg('rect', { x: 150, y: i * row + 4, width: Math.max(w, 1), height: row - 8, class: 'bar bar-' + st }));
    s.append(svg('text', { x: 160 + w, y: i * row + 18, class: 'chart-value' }, fmtNumber(byState[st])));
  });
  return s;
}

export async function show(root) {
  const d = await api('GET', '/api/v1/dashboard');
  const cards = Object.entries(d.orders_by_state).map(([st, n]) =>
    el('a', { class: 'card state-' + st, id: 'count-' + st, href: '#/orders?state=' + st },
      el('span', { class: 'card-n' }, fmtNumber(n)),
      el('span', { class: 'card-label' }, t('state.' + st))));
  mount(root,
    el('h1', {}, t('dash.title')),
    el('div', { class: 'totals' },
      el('p', {}, t('dash.orders_total'), ' ', el('b', { id: 'orders-total' }, fmtNumber(d.orders_total))),
      el('p', {}, t('dash.orders_today'), ' ', el('b', { id: 'orders-today' }, fmtNumber(d.orders_today)))),
    el('h2', {}, t('dash.by_state')),
    el('div', { class: 'cards' }, cards),
    chart(d.orders_by_state));
}
