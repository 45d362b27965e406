/*
 * Pieces the back office screens share: labelled fields, tables, hash
 * links, code cells, percent format, an action runner that reports errors
 * above the page, and small inline SVG charts (no chart library).
 */
import { t, fmtNumber, currentLang } from '../lib/i18n.js';
import { el } from '../lib/dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/* An SVG element; string children are set as text (data or t() only). */
export function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/* A label (catalog key @label) around @input, for forms in panels. */
export function field(id, label, input) {
  return el('label', { for: id }, el('span', {}, t(label)), input);
}

/* '#/route?k=v…' without the empty parameters. */
export function href(route, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  return '#/' + route + (q.toString() ? '?' + q.toString() : '');
}

/* Data that must not be translated (codes, names): marked translate="no". */
export function code(text, attrs) {
  return el('span', { translate: 'no', ...(attrs || {}) }, text === null || text === undefined ? '' : String(text));
}

/* A data table: @heads are catalog keys, @rows are <tr> elements. */
export function table(id, heads, rows) {
  return el('table', { class: 'grid', id },
    el('thead', {}, el('tr', {}, heads.map((k) => el('th', {}, k ? t(k) : '')))),
    el('tbody', {}, rows));
}

/* A table row of cells; numbers right-aligned when given as {num: n}
 * ({num, fixed: 2}: always two decimals, as money). */
export function row(attrs, ...cells) {
  return el('tr', attrs || {}, cells.map((c) => {
    if (c && typeof c === 'object' && !(c instanceof Node) && 'num' in c) {
      if (c.num === null || c.num === undefined) return el('td', { class: 'num' }, '');
      return el('td', { class: 'num' }, c.fixed === undefined ? fmtNumber(c.num) : new Intl.NumberFormat(currentLang(),
        { minimumFractionDigits: c.fixed, maximumFractionDigits: c.fixed }).format(c.num));
    }
    return el('td', {}, c);
  }));
}

/* A ratio 0..1 as a percent in the current language ('' when unknown). */
export function fmtPercent(x) {
  if (x === null || x === undefined || x === '') return '';
  return new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(x));
}

/* A day (YYYY-MM-DD) in the current language. */
export function fmtDay(day) {
  if (!day) return '';
  const d = new Date(String(day).slice(0, 10) + 'T00:00:00');
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium' }).format(d);
}

/* Runs @fn, showing its error above the page instead of throwing. */
export async function act(env, fn) {
  env.showError(null);
  try {
    await fn();
  } catch (e) {
    env.showError(e);
  }
}

/* The options of a <select>: an empty "any" choice (key @anyKey) and @values. */
export function options(values, selected, anyKey) {
  const list = values.map((v) => {
    const [value, text] = Array.isArray(v) ? v : [v, v];
    return el('option', { value, selected: String(selected || '') === String(value) }, text);
  });
  return anyKey ? [el('option', { value: '' }, t(anyKey)), ...list] : list;
}

/*
 * Vertical bars: @items [{label, value, title}], @opts {id, label (aria
 * key), height, every (label every n-th bar), fmt (value text)}.
 */
export function bars(items, opts) {
  const o = { height: 160, every: 1, fmt: fmtNumber, ...opts };
  const n = Math.max(items.length, 1);
  const w = 720;
  const pad = 18; /* room for the first and last labels */
  const slot = (w - 2 * pad) / n;
  const top = 18;
  const base = o.height - 22;
  const max = Math.max(1, ...items.map((x) => Number(x.value) || 0));
  const s = svg('svg', { class: 'chart bars', id: o.id, viewBox: `0 0 ${w} ${o.height}`, role: 'img', 'aria-label': t(o.label) });
  s.append(svg('line', { x1: 0, x2: w, y1: base, y2: base, class: 'axis' }));
  items.forEach((x, i) => {
    const v = Number(x.value) || 0;
    const h = Math.round((v / max) * (base - top));
    const bx = pad + i * slot + slot * 0.15;
    s.append(svg('rect', { x: bx.toFixed(1), y: base - Math.max(h, v > 0 ? 1 : 0), width: (slot * 0.7).toFixed(1),
      height: Math.max(h, v > 0 ? 1 : 0), class: 'bar', 'data-value': v },
    svg('title', {}, (x.title || x.label) + ': ' + o.fmt(v))));
    if (n <= 12 && v > 0) s.append(svg('text', { x: (bx + slot * 0.35).toFixed(1), y: base - h - 4, class: 'chart-value', 'text-anchor': 'middle' }, o.fmt(v)));
    if (i % o.every === 0) s.append(svg('text', { x: (bx + slot * 0.35).toFixed(1), y: o.height - 6, class: 'chart-label', 'text-anchor': 'middle' }, x.label));
  });
  return s;
}

/* Horizontal bars for ratios 0..1: @items [{label, value}]. */
export function ratioBars(items, opts) {
  const row = 28;
  const s = svg('svg', { class: 'chart', id: opts.id, viewBox: `0 0 600 ${items.length * row}`, role: 'img', 'aria-label': t(opts.label) });
  items.forEach((x, i) => {
    const v = x.value === null || x.value === undefined ? null : Math.max(0, Math.min(1, Number(x.value)));
    const w = v === null ? 0 : Math.round(v * 360);
    s.append(svg('text', { x: 0, y: i * row + 19, class: 'chart-label' }, x.label));
    s.append(svg('rect', { x: 170, y: i * row + 5, width: 360, height: row - 10, class: 'track' }));
    s.append(svg('rect', { x: 170, y: i * row + 5, width: Math.max(w, 0), height: row - 10, class: 'bar' }));
    s.append(svg('text', { x: 540, y: i * row + 19, class: 'chart-value' }, v === null ? '–' : fmtPercent(v)));
  });
  return s;
}
