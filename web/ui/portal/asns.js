/*
 * 入库预报: the client's advance shipping notices (GET /api/v1/asns: its
 * own POs' only), each opening to its cartons and lines; and a new one
 * for one of its open inbound POs, by form (POST /api/v1/asns) or by a
 * CSV file (POST /api/v1/asns/import), whose refusal names every bad row
 * (error.params.rows) so the client fixes the file and sends it again.
 */
import { api, ApiError } from '../lib/api.js';
import { t, has, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { href, code, table, row, fmtDay } from '../app/common.js';

const PAGE = 20;
const OPEN = ['approved', 'sent', 'partially_received'];
/* The template's columns: the header row the import reads, and a sample. */
const TEMPLATE = 'sscc,sku,qty,lot,expiry\r\n';

function word(prefix, v) {
  return has(prefix + v) ? t(prefix + v) : code(v);
}

function cartonsOf(a) {
  return el('div', { class: 'scroll' }, table('asn-cartons-' + a.id, ['portal.asn.sscc', 'portal.stock.sku',
    'portal.stock.name', 'portal.order.qty', 'portal.asn.lot', 'portal.asn.expiry', 'portal.asn.received'],
  a.cartons.flatMap((c) => c.lines.map((l) => row({ dataset: { sscc: c.sscc, sku: l.sku } },
    code(c.sscc), code(l.sku), code(l.name), { num: l.qty }, code(l.lot || ''), l.expiry ? fmtDay(l.expiry) : '',
    c.received_at ? fmtDate(c.received_at) : '')))));
}

export async function show(box, p) {
  const q = new URLSearchParams({ limit: PAGE });
  for (const k of ['q', 'cursor']) if (p.get(k)) q.set(k, p.get(k));
  const page = await api('GET', '/api/v1/asns?' + q);
  const search = el('input', { id: 'asns-q', value: p.get('q') || '', maxlength: 64,
    placeholder: t('portal.asns.q_hint') });
  const body = el('tbody', {});
  for (const a of page.items) {
    const detail = el('tr', { class: 'detail', hidden: true, id: 'asn-detail-' + a.id },
      el('td', { colspan: 8 }, cartonsOf(a)));
    body.append(row({ dataset: { id: a.id, reference: a.reference } },
      el('button', { type: 'button', class: 'asn-open', 'aria-expanded': 'false',
        onclick: (e) => {
          detail.hidden = !detail.hidden;
          e.currentTarget.setAttribute('aria-expanded', String(!detail.hidden));
        } }, code(a.reference)),
      code(a.po_number), code(a.warehouse), a.ship_date ? fmtDay(a.ship_date) : '',
      { num: a.carton_count }, { num: a.units }, word('portal.asn.state.', a.state),
      a.created_at ? fmtDate(a.created_at) : ''), detail);
  }
  mount(box,
    el('h1', {}, t('portal.asns.title')),
    el('div', { class: 'actions' },
      el('a', { class: 'button', href: href('asn-new'), id: 'asns-new' }, t('portal.asns.new'))),
    el('form', {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('asns', { q: search.value.trim() });
      },
    }, el('label', { for: 'asns-q' }, t('portal.search'), search),
    el('button', { type: 'submit', id: 'asns-apply' }, t('portal.search'))),
    page.items.length
      ? el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'asns-list' },
        el('thead', {}, el('tr', {}, ['portal.asn.reference', 'portal.asn.po', 'portal.stock.warehouse',
          'portal.asn.ship_date', 'portal.asn.cartons', 'portal.asn.units', 'portal.asn.state',
          'portal.orders.created'].map((k) => el('th', {}, t(k))))), body))
      : el('p', { class: 'muted', id: 'asns-empty' }, t('portal.empty')),
    el('div', { class: 'pager' },
      p.get('cursor') ? el('a', { href: href('asns', { q: p.get('q') }), id: 'asns-first' }, t('portal.first_page')) : null,
      page.next ? el('a', { href: href('asns', { q: p.get('q'), cursor: page.next }), id: 'asns-next' },
        t('portal.next_page')) : null));
}

/* One carton line of the form: SSCC, SKU of the PO, qty, lot, expiry. */
function lineRow(po, i) {
  const inp = (cls, attrs, label) => el('td', {}, el('input', { class: cls, id: cls + '-' + i,
    'aria-label': t(label), placeholder: t(label), ...attrs }));
  return el('tr', { class: 'line-row' },
    inp('al-sscc', { maxlength: 18, inputmode: 'numeric', required: true }, 'portal.asn.sscc'),
    el('td', {}, el('select', { class: 'al-sku', id: 'al-sku-' + i, translate: 'no', 'aria-label': t('portal.stock.sku') },
      po.lines.map((l) => el('option', { value: l.sku }, l.sku + ' · ' + l.name)))),
    inp('al-qty', { type: 'number', min: 1, value: 1, required: true }, 'portal.order.qty'),
    inp('al-lot', { maxlength: 20 }, 'portal.asn.lot'),
    inp('al-expiry', { type: 'date' }, 'portal.asn.expiry'));
}

/* The cartons of the form's lines, grouped by SSCC in their order. */
function formCartons(body) {
  const by = new Map();
  for (const tr of body.querySelectorAll('tr')) {
    const v = (c) => tr.querySelector('.' + c).value.trim();
    const line = { sku: v('al-sku'), qty: Number(v('al-qty')) };
    if (v('al-lot')) line.lot = v('al-lot');
    if (v('al-expiry')) line.expiry = v('al-expiry');
    const sscc = v('al-sscc');
    if (!by.has(sscc)) by.set(sscc, { sscc, lines: [] });
    by.get(sscc).lines.push(line);
  }
  return [...by.values()];
}

/* The per-row report of a refused file: line, column, why. */
function report(e) {
  const rows = (e.params && e.params.rows) || [];
  return el('div', { id: 'asn-report' },
    el('p', { class: 'error', id: 'asn-report-head' }, t('portal.asn.report', { n: fmtNumber(rows.length) })),
    el('div', { class: 'scroll' }, table('asn-report-rows', ['portal.asn.line', 'portal.asn.column', 'portal.asn.problem'],
      rows.map((r) => row({ class: 'report', dataset: { line: r.line, field: r.field || '', code: r.code } },
        { num: r.line }, code(r.field || ''),
        el('span', {}, has('error.' + r.code) ? t('error.' + r.code, r.params) : code(r.code), ' ',
          el('span', { class: 'muted', translate: 'no' }, r.message || '')))))));
}

function templateLink() {
  const url = URL.createObjectURL(new Blob(['\ufeff' + TEMPLATE], { type: 'text/csv' }));
  return el('a', { href: url, download: 'asn-template.csv', id: 'asn-template', class: 'button' }, t('portal.asn.template'));
}

export async function showNew(box, p, env) {
  const pos = (await api('GET', '/api/v1/purchase-orders?limit=100')).items.filter((x) => OPEN.includes(x.state));
  if (!pos.length) {
    mount(box, el('p', {}, el('a', { href: href('asns') }, t('portal.back'))),
      el('h1', {}, t('portal.asns.new')), el('p', { class: 'muted', id: 'asn-no-po' }, t('portal.asn.no_po')));
    return;
  }
  const poSel = el('select', { id: 'asn-po', translate: 'no' }, pos.map((x) => el('option', { value: x.id },
    x.number + ' · ' + x.warehouse + ' · ' + x.lines.map((l) => l.sku + ' ' + l.open).join(', '))));
  const po = () => pos.find((x) => String(x.id) === poSel.value);
  const body = el('tbody', {}, lineRow(po(), 0));
  let n = 1;
  poSel.addEventListener('change', () => mount(body, lineRow(po(), n++)));
  const out = el('div', { id: 'asn-out' });
  const head = () => {
    const h = { purchase_order: Number(poSel.value), reference: $('#asn-ref').value.trim() };
    if ($('#asn-date').value) h.ship_date = $('#asn-date').value;
    return h;
  };
  const send = async (button, path, payload) => {
    env.showError(null);
    mount(out);
    button.disabled = true;
    try {
      await api('POST', path, payload);
      location.hash = href('asns', { q: payload.reference });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'asn_rows_invalid') mount(out, report(e));
      else env.showError(e);
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  };
  const file = el('input', { type: 'file', id: 'asn-file', accept: '.csv,text/csv' });
  const byForm = el('div', { id: 'asn-by-form' },
    el('div', { class: 'scroll' }, el('table', { class: 'grid lines-form', id: 'asn-lines' },
      el('thead', {}, el('tr', {}, ['portal.asn.sscc', 'portal.stock.sku', 'portal.order.qty', 'portal.asn.lot',
        'portal.asn.expiry'].map((k) => el('th', {}, t(k))))), body)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'asn-add-line', onclick: () => body.append(lineRow(po(), n++)) },
        t('portal.add_line')),
      el('button', { type: 'button', class: 'primary', id: 'asn-submit',
        onclick: (e) => send(e.currentTarget, '/api/v1/asns', { ...head(), cartons: formCartons(body) }) },
      t('portal.asn.create'))));
  const byFile = el('div', { id: 'asn-by-file', hidden: true },
    el('p', { class: 'muted' }, t('portal.asn.csv_help')),
    el('div', { class: 'actions' }, templateLink(),
      el('label', { for: 'asn-file' }, t('portal.asn.file'), ' ', file),
      el('button', { type: 'button', class: 'primary', id: 'asn-upload',
        onclick: async (e) => {
          const b = e.currentTarget;
          if (!file.files.length) {
            mount(out, el('p', { class: 'error', id: 'asn-no-file' }, t('portal.asn.choose_file')));
            return;
          }
          send(b, '/api/v1/asns/import', { ...head(), csv: await file.files[0].text() });
        } }, t('portal.asn.upload'))));
  const tab = (id, on, off) => el('button', { type: 'button', id, 'aria-pressed': id === 'asn-tab-form' ? 'true' : 'false',
    onclick: (e) => {
      on.hidden = false;
      off.hidden = true;
      for (const b of e.currentTarget.parentNode.children) b.setAttribute('aria-pressed', String(b === e.currentTarget));
    } }, t(id === 'asn-tab-form' ? 'portal.asn.by_form' : 'portal.asn.by_file'));
  mount(box,
    el('p', {}, el('a', { href: href('asns') }, t('portal.back'))),
    el('h1', {}, t('portal.asns.new')),
    el('div', { class: 'panel form' },
      el('label', { for: 'asn-po' }, t('portal.asn.po'), poSel),
      el('label', { for: 'asn-ref' }, t('portal.asn.reference'), el('input', { id: 'asn-ref', maxlength: 64, required: true })),
      el('label', { for: 'asn-date' }, t('portal.asn.ship_date'), el('input', { id: 'asn-date', type: 'date' }))),
    el('div', { class: 'tabs' }, tab('asn-tab-form', byForm, byFile), tab('asn-tab-file', byFile, byForm)),
    byForm, byFile, out);
}
