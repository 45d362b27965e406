/*
 * The fix form of a held order (#/order?id=…): one part per hold reason.
 * An unknown SKU gets a product picker (search as you type), an
 * incomplete address the ship-to fields, a price off the list (or zero)
 * a new price or "accept as it is", another currency a new currency or
 * "accept". "Save and release" sends PATCH /api/v1/orders/{id}, then
 * POST …/release, and says what the release did (allocated, backordered
 * or still on hold, with the holds left).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el } from '../lib/dom.js';
import { field, act } from './common.js';

const ADDRESS = ['name', 'line1', 'line2', 'postcode', 'city', 'region', 'country_code', 'phone'];
/* The states PATCH accepts (ord_do_fix). */
const FIXABLE = ['new', 'on_hold'];

/* What a release did, from the order it answered. */
export function releaseText(o) {
  if (o.state === 'on_hold') return t('orders.release_result.on_hold', { n: fmtNumber(o.holds.length) });
  if (o.state === 'backordered') return t('orders.release_result.backordered');
  if (o.state === 'allocated') return t('orders.release_result.allocated');
  return t('orders.release_result.other', { state: t('state.' + o.state) });
}

/* The line numbers (1-based) a hold names in its field `lines[i].x`. */
function heldLines(o, reasons) {
  const out = new Set();
  for (const h of o.holds) {
    const m = /^lines\[(\d+)\]/.exec(h.field || '');
    if (reasons.includes(h.reason) && m) out.add(Number(m[1]) + 1);
  }
  return [...out];
}

/* A SKU input that lists matching products as the user types. */
function skuPicker(id, list) {
  const box = el('datalist', { id: list });
  const input = el('input', { id, list, autocomplete: 'off', maxlength: 64, translate: 'no' });
  let last = '';
  input.addEventListener('input', async () => {
    const q = input.value.trim();
    if (q.length < 2 || q === last) return;
    last = q;
    const page = await api('GET', '/api/v1/products?limit=10&q=' + encodeURIComponent(q)).catch(() => ({ items: [] }));
    box.replaceChildren(...page.items.map((p) => el('option', { value: p.sku }, p.name)));
  });
  return [input, box];
}

function skuPart(o, lines) {
  return el('fieldset', { id: 'fix-skus' }, el('legend', {}, t('orders.hold.unknown_sku')),
    lines.map((n) => {
      const l = o.lines.find((x) => x.line === n);
      return el('div', {}, el('label', { for: 'fix-sku-' + n },
          el('span', {}, t('orders.fix_sku_for', { line: fmtNumber(n), sku: l ? l.sku : '' })),
          ...skuPicker('fix-sku-' + n, 'fix-sku-list-' + n)),
        /* The store's SKU map learns the code for next time (issue 24). */
        el('label', { class: 'check', for: 'fix-save-' + n },
          el('input', { id: 'fix-save-' + n, type: 'checkbox', checked: true }), ' ',
          t('orders.fix_save_mapping', { sku: l ? l.sku : '' })));
    }));
}

function addressPart(o) {
  const a = o.ship_to || {};
  return el('fieldset', { id: 'fix-address' }, el('legend', {}, t('orders.hold.address_incomplete')),
    el('div', { class: 'fix-grid' }, ADDRESS.map((k) => field('fix-addr-' + k, 'orders.addr.' + k,
      el('input', { id: 'fix-addr-' + k, value: a[k] || '', maxlength: 200, translate: 'no' })))));
}

function pricePart(o, lines) {
  return el('fieldset', { id: 'fix-prices' }, el('legend', {}, t('orders.fix_prices')),
    lines.map((n) => {
      const l = o.lines.find((x) => x.line === n);
      return el('div', { class: 'row' },
        el('label', { for: 'fix-price-' + n },
          el('span', {}, t('orders.fix_price_for', { line: fmtNumber(n), sku: l ? l.sku : '' })),
          el('input', { id: 'fix-price-' + n, inputmode: 'decimal', value: l ? l.unit_price : '' })),
        el('label', { for: 'fix-accept-' + n, class: 'check' },
          el('input', { id: 'fix-accept-' + n, type: 'checkbox' }), ' ', t('orders.fix_accept_price')));
    }));
}

function currencyPart(o) {
  return el('fieldset', { id: 'fix-currency' }, el('legend', {}, t('orders.hold.currency_mismatch')),
    el('div', { class: 'row' },
      field('fix-cur', 'orders.fix_currency', el('input', { id: 'fix-cur', value: o.currency, maxlength: 3, translate: 'no' })),
      el('label', { for: 'fix-cur-accept', class: 'check' },
        el('input', { id: 'fix-cur-accept', type: 'checkbox' }), ' ', t('orders.fix_accept_currency'))));
}

/* The PATCH body from the form's parts (only what was changed or accepted). */
function body(form, o, skuLines, priceLines, hasAddr, hasCur) {
  const v = (id) => form.querySelector('#' + id);
  const b = {};
  const lines = [];
  for (const n of skuLines) {
    const s = v('fix-sku-' + n).value.trim();
    if (s) lines.push({ line: n, sku: s, ...(v('fix-save-' + n).checked ? { save_mapping: true } : {}) });
  }
  for (const n of priceLines) {
    const l = o.lines.find((x) => x.line === n);
    const e = { line: n };
    const price = v('fix-price-' + n).value.trim();
    if (price && (!l || price !== l.unit_price)) e.unit_price = price;
    if (v('fix-accept-' + n).checked) e.accept_price = true;
    if (Object.keys(e).length > 1) lines.push(e);
  }
  if (lines.length) b.lines = lines;
  if (hasAddr) {
    const a = {};
    for (const k of ADDRESS) {
      const x = v('fix-addr-' + k).value.trim();
      if (x && x !== ((o.ship_to || {})[k] || '')) a[k] = x;
    }
    if (Object.keys(a).length) b.ship_to = a;
  }
  if (hasCur) {
    const c = v('fix-cur').value.trim().toUpperCase();
    if (c && c !== o.currency) b.currency = c;
    if (v('fix-cur-accept').checked) b.accept_currency = true;
  }
  return b;
}

/* The fix form of order @o (null when it has no hold the form can fix). */
export function fixForm(o, env, redraw) {
  if (!FIXABLE.includes(o.state) || o.holds.length === 0) return null;
  const reasons = new Set(o.holds.map((h) => h.reason));
  const skuLines = heldLines(o, ['unknown_sku']);
  const priceLines = heldLines(o, ['price_mismatch', 'zero_price']);
  const hasAddr = reasons.has('address_incomplete');
  const hasCur = reasons.has('currency_mismatch');
  if (!skuLines.length && !priceLines.length && !hasAddr && !hasCur) return null;
  const form = el('form', {
    class: 'panel fix', id: 'fix-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = body(form, o, skuLines, priceLines, hasAddr, hasCur);
        const path = '/api/v1/orders/' + o.id;
        if (Object.keys(b).length) await api('PATCH', path, b);
        const r = await api('POST', path + '/release');
        await redraw(releaseText(r));
      });
    },
  },
  el('h2', {}, t('orders.fix_title')),
  skuLines.length ? skuPart(o, skuLines) : null,
  hasAddr ? addressPart(o) : null,
  priceLines.length ? pricePart(o, priceLines) : null,
  hasCur ? currencyPart(o) : null,
  el('button', { type: 'submit', class: 'primary', id: 'fix-release' }, t('orders.fix_release')));
  return form;
}
