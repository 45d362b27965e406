/*
 * The feedback desk (issue 20): tickets (#/feedback?state=&kind=&store=
 * &assignee=&sku=&overdue=&customer=) with their SLA colour (overdue red,
 * due soon amber, on time green, done grey), a new ticket, and one ticket
 * (#/ticket?id=…): replies and internal notes, the state steps the server
 * allows (it enforces the rules; refusals show their code's words), the
 * assignee and the severity. A marketplace's review export (CSV, UTF-8 or
 * GBK) uploads into review tickets (POST /api/v1/feedback/import, sent as
 * base64: the server reads the bytes, whatever their encoding), and a
 * complaint about an order opens its return in one step
 * (POST /api/v1/feedback/{id}/return), then links to it.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act, options } from './common.js';

const STATES = ['open', 'in_progress', 'resolved', 'closed', 'reopened'];
const KINDS = ['complaint', 'review', 'inquiry', 'suggestion'];
const SEVERITIES = ['low', 'normal', 'high', 'urgent'];
const WRITERS = ['admin', 'back_office'];
const REASONS = ['damaged_in_transit', 'wrong_item', 'not_as_described', 'size_colour', 'changed_mind', 'quality_defect', 'missing_parts', 'other'];

/* The bytes of file @f as base64 (in slices: no argument list too long). */
async function base64(f) {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/* The review import: store and file in, the counts and refused lines out. */
function importForm(p, env) {
  const out = el('div', { id: 'fb-import-result', role: 'status' });
  return el('form', {
    class: 'panel', id: 'fb-import',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const store = $('#fb-import-store').value.trim().toUpperCase();
        const r = await api('POST', '/api/v1/feedback/import', { store, file: await base64($('#fb-import-file').files[0]) });
        mount(out, el('p', { id: 'fb-import-summary', dataset: { new: r.new, duplicates: r.duplicates, refused: r.refused.length } },
          t('crm.import_done', { rows: fmtNumber(r.rows), new: fmtNumber(r.new), dup: fmtNumber(r.duplicates), bad: fmtNumber(r.refused.length) }), ' ',
          el('a', { href: href('feedback', { kind: 'review', store }), id: 'fb-import-show' }, t('crm.import_show'))),
        r.refused.length ? el('ul', { id: 'fb-import-refused' }, r.refused.map((x) =>
          el('li', {}, t('crm.import_line', { line: x.line }), ' ', code(x.field), ': ', t('error.' + x.error)))) : null);
      });
    },
  }, el('h2', {}, t('crm.import_reviews')), el('p', { class: 'muted' }, t('crm.import_hint')),
  el('div', { class: 'row' },
    field('fb-import-store', 'crm.store', el('input', { id: 'fb-import-store', required: true, maxlength: 32, value: p.get('store') || '' })),
    field('fb-import-file', 'crm.import_file', el('input', { id: 'fb-import-file', type: 'file', required: true, accept: '.csv,text/csv' }))),
  el('button', { type: 'submit', class: 'primary', id: 'fb-import-go' }, t('crm.import_go')), out);
}

function choices(list, prefix, selected, anyKey) {
  return options(list.map((x) => [x, t(prefix + x)]), selected, anyKey);
}

function sla(f) {
  return el('span', { class: 'pill sla-' + f.sla, dataset: { sla: f.sla } }, t('crm.sla.' + f.sla), ' ', fmtDate(f.due_at));
}

function filters(p) {
  const state = el('select', { id: 'fb-f-state' }, choices(STATES, 'crm.state.', p.get('state'), 'crm.any'));
  const kind = el('select', { id: 'fb-f-kind' }, choices(KINDS, 'crm.kind.', p.get('kind'), 'crm.any'));
  const store = el('input', { id: 'fb-f-store', value: p.get('store') || '', maxlength: 32 });
  const sku = el('input', { id: 'fb-f-sku', value: p.get('sku') || '', maxlength: 64 });
  const assignee = el('input', { id: 'fb-f-assignee', value: p.get('assignee') || '', maxlength: 64 });
  const overdue = el('input', { id: 'fb-f-overdue', type: 'checkbox', checked: p.get('overdue') === 'true' });
  return el('form', {
    class: 'filters', id: 'fb-filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('feedback', {
        state: state.value, kind: kind.value, store: store.value.trim().toUpperCase(), sku: sku.value.trim(),
        assignee: assignee.value.trim(), overdue: overdue.checked ? 'true' : '', customer: p.get('customer'),
      });
    },
  }, el('label', {}, t('crm.state'), ' ', state), el('label', {}, t('crm.kind'), ' ', kind),
  el('label', {}, t('crm.store'), ' ', store), el('label', {}, t('crm.sku'), ' ', sku),
  el('label', {}, t('crm.assignee'), ' ', assignee),
  el('label', { class: 'check' }, overdue, ' ', t('crm.overdue_only')),
  el('button', { type: 'submit', id: 'fb-apply' }, t('crm.apply')));
}

function newForm(p, env) {
  const v = (id) => $('#' + id).value.trim();
  return el('form', {
    class: 'panel', id: 'fb-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const b = { store: v('fb-store').toUpperCase(), kind: $('#fb-kind').value, severity: $('#fb-severity').value, text: v('fb-text') };
        if (v('fb-customer')) b.customer = Number(v('fb-customer'));
        if (v('fb-order')) b.order = Number(v('fb-order'));
        if (v('fb-sku')) b.sku = v('fb-sku');
        if (v('fb-rating')) b.rating = Number(v('fb-rating'));
        b.idempotency_key = 'fb-' + Date.now() + '-' + Math.random().toString(36).slice(2);
        const d = await api('POST', '/api/v1/feedback', b);
        location.hash = href('ticket', { id: d.id });
      });
    },
  }, el('h2', {}, t('crm.new_ticket')),
  el('div', { class: 'row' },
    field('fb-store', 'crm.store', el('input', { id: 'fb-store', required: true, maxlength: 32, value: p.get('store') || '' })),
    field('fb-kind', 'crm.kind', el('select', { id: 'fb-kind' }, choices(KINDS, 'crm.kind.', 'complaint'))),
    field('fb-severity', 'crm.severity', el('select', { id: 'fb-severity' }, choices(SEVERITIES, 'crm.severity.', 'normal')))),
  el('div', { class: 'row' },
    field('fb-customer', 'crm.customer_id', el('input', { id: 'fb-customer', type: 'number', min: 1, value: p.get('customer') || '' })),
    field('fb-order', 'crm.order_id', el('input', { id: 'fb-order', type: 'number', min: 1 })),
    field('fb-sku', 'crm.sku', el('input', { id: 'fb-sku', maxlength: 64 })),
    field('fb-rating', 'crm.rating', el('input', { id: 'fb-rating', type: 'number', min: 1, max: 5 }))),
  field('fb-text', 'crm.text', el('textarea', { id: 'fb-text', required: true, maxlength: 4000, rows: 3 })),
  el('button', { type: 'submit', class: 'primary', id: 'fb-create' }, t('crm.create_ticket')));
}

/* #/feedback */
export async function show(root, p, env) {
  const qs = new URLSearchParams();
  for (const k of ['state', 'kind', 'store', 'sku', 'assignee', 'overdue', 'customer', 'cursor']) if (p.get(k)) qs.set(k, p.get(k));
  const [list, late] = await Promise.all([
    api('GET', '/api/v1/feedback?' + qs.toString()),
    api('GET', '/api/v1/feedback?overdue=true&limit=500'),
  ]);
  const writer = WRITERS.includes(env.me.role);
  mount(root, el('h1', {}, t('crm.feedback_desk')),
    el('div', { class: 'cards' }, el('a', { class: 'card sla-card-overdue', id: 'fb-overdue', href: href('feedback', { overdue: 'true' }), dataset: { count: late.items.length } },
      el('span', { class: 'card-n' }, fmtNumber(late.items.length)), el('span', { class: 'card-label' }, t('crm.overdue')))),
    filters(p),
    table('tickets', ['crm.number', 'crm.kind', 'crm.severity', 'crm.state', 'crm.store', 'crm.customer', 'crm.due', 'crm.assignee'],
      list.items.map((f) => row({ dataset: { id: f.id, number: f.number } },
        el('a', { href: href('ticket', { id: f.id }), translate: 'no' }, f.number), t('crm.kind.' + f.kind),
        t('crm.severity.' + f.severity), t('crm.state.' + f.state), code(f.store),
        f.customer ? el('a', { href: href('customer', { id: f.customer.id }), translate: 'no' }, f.customer.name || '#' + f.customer.id) : '',
        sla(f), code(f.assignee)))),
    list.next ? el('p', { class: 'pager' }, el('a', { id: 'fb-next', href: href('feedback', { ...Object.fromEntries(qs), cursor: list.next }) }, t('crm.next_page'))) : null,
    writer ? newForm(p, env) : null,
    writer ? importForm(p, env) : null);
}

/* A complaint about an order opens its return (RMA) in one step. */
function returnForm(f, env, reload) {
  const sel = (id, list, prefix, v) => el('select', { id }, options(list.map((x) => [x, t(prefix + x)]), v));
  return el('form', {
    class: 'panel', id: 'fb-return-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('POST', `/api/v1/feedback/${f.id}/return`, {
          lines: [{ sku: $('#fb-ret-sku').value.trim(), qty: Number($('#fb-ret-qty').value), reason: $('#fb-ret-reason').value }],
          resolution: $('#fb-ret-resolution').value,
          idempotency_key: 'fbrma-' + f.id + '-' + Date.now(),
        });
        await reload();
      });
    },
  }, el('h2', {}, t('crm.open_return')), el('p', { class: 'muted' }, t('crm.open_return_hint')),
  el('div', { class: 'row' },
    field('fb-ret-sku', 'crm.sku', el('input', { id: 'fb-ret-sku', required: true, maxlength: 64, value: f.sku || '' })),
    field('fb-ret-qty', 'returns.qty', el('input', { id: 'fb-ret-qty', type: 'number', min: 1, value: 1, required: true })),
    field('fb-ret-reason', 'returns.reason', sel('fb-ret-reason', REASONS, 'returns.reason.', 'damaged_in_transit')),
    field('fb-ret-resolution', 'returns.resolution', sel('fb-ret-resolution', ['refund', 'exchange', 'reship'], 'returns.resolution.', 'refund'))),
  el('button', { type: 'submit', class: 'primary', id: 'fb-return-go' }, t('crm.open_return')));
}

function replyForm(f, env, reload) {
  return el('form', {
    class: 'panel', id: 'fb-reply-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('POST', `/api/v1/feedback/${f.id}/reply`, {
          text: $('#fb-reply-text').value.trim(), internal: $('#fb-internal').checked,
          idempotency_key: 'fbr-' + Date.now() + '-' + Math.random().toString(36).slice(2),
        });
        await reload();
      });
    },
  }, field('fb-reply-text', 'crm.reply_text', el('textarea', { id: 'fb-reply-text', required: true, maxlength: 4000, rows: 3 })),
  el('label', { class: 'check' }, el('input', { id: 'fb-internal', type: 'checkbox' }), ' ', t('crm.internal_note')),
  el('button', { type: 'submit', class: 'primary', id: 'fb-reply-send' }, t('crm.reply')));
}

function steps(f, env, reload) {
  const patch = (b) => act(env, async () => {
    await api('PATCH', '/api/v1/feedback/' + f.id, b);
    await reload();
  });
  const who = el('input', { id: 'fb-assignee', value: f.assignee || '', maxlength: 64 });
  const sev = el('select', { id: 'fb-sev' }, choices(SEVERITIES, 'crm.severity.', f.severity));
  return el('div', { class: 'panel', id: 'fb-steps' },
    el('div', { class: 'actions row' }, (f.next || []).map((s) =>
      el('button', { type: 'button', id: 'fb-to-' + s, onclick: () => patch({ state: s }) }, t('crm.to.' + s)))),
    el('div', { class: 'row' },
      field('fb-assignee', 'crm.assignee', who),
      el('button', { type: 'button', id: 'fb-assign', onclick: () => patch({ assignee: who.value.trim() }) }, t('crm.assign'))),
    el('div', { class: 'row' },
      field('fb-sev', 'crm.severity', sev),
      el('button', { type: 'button', id: 'fb-sev-set', onclick: () => patch({ severity: sev.value }) }, t('crm.save'))));
}

/* #/ticket?id=… */
export async function showDetail(root, p, env) {
  const reload = () => showDetail(root, p, env);
  const f = await api('GET', '/api/v1/feedback/' + encodeURIComponent(p.get('id')));
  const writer = WRITERS.includes(env.me.role);
  mount(root,
    el('p', {}, el('a', { href: href('feedback'), id: 'back-feedback' }, t('crm.feedback_desk'))),
    el('h1', {}, t('crm.ticket'), ' ', code(f.number, { id: 'fb-title' })),
    el('div', { class: 'facts', id: 'fb-facts' },
      el('p', {}, el('b', {}, t('crm.state')), ' ', el('span', { id: 'fb-state', dataset: { state: f.state } }, t('crm.state.' + f.state))),
      el('p', {}, el('b', {}, t('crm.kind')), ' ', t('crm.kind.' + f.kind)),
      el('p', {}, el('b', {}, t('crm.severity')), ' ', t('crm.severity.' + f.severity)),
      el('p', {}, el('b', {}, t('crm.due')), ' ', sla(f)),
      el('p', {}, el('b', {}, t('crm.store')), ' ', code(f.store)),
      f.customer ? el('p', {}, el('b', {}, t('crm.customer')), ' ',
        el('a', { href: href('customer', { id: f.customer.id }), translate: 'no' }, f.customer.name || '#' + f.customer.id),
        ' ', code(f.customer.phone)) : null,
      f.order ? el('p', {}, el('b', {}, t('crm.order_id')), ' ', el('a', { href: href('order', { id: f.order.id }), translate: 'no' }, f.order.external_id)) : null,
      f.sku ? el('p', {}, el('b', {}, t('crm.sku')), ' ', code(f.sku)) : null,
      f.rma ? el('p', {}, el('b', {}, t('crm.return')), ' ', el('a', { href: href('rma', { id: f.rma.id }), id: 'fb-rma', translate: 'no' }, f.rma.number),
        ' ', t('returns.state.' + f.rma.state)) : null,
      f.rating ? el('p', {}, el('b', {}, t('crm.rating')), ' ', fmtNumber(f.rating)) : null,
      el('p', {}, el('b', {}, t('crm.assignee')), ' ', code(f.assignee || '–'))),
    el('blockquote', { id: 'fb-text-shown' }, code(f.text)),
    el('h2', {}, t('crm.replies')),
    el('ul', { id: 'fb-replies', class: 'timeline' }, f.replies.map((r) => el('li', { class: r.internal ? 'internal' : 'public', dataset: { internal: r.internal } },
      el('span', { class: 'muted' }, fmtDate(r.created_at)), ' ', el('b', {}, r.internal ? t('crm.internal_note') : t('crm.reply')), ' ',
      code(r.author || ''), ': ', code(r.body)))),
    writer ? steps(f, env, reload) : null,
    writer && f.state !== 'closed' ? replyForm(f, env, reload) : null,
    writer && f.kind === 'complaint' && f.order && !f.rma && f.state !== 'closed' ? returnForm(f, env, reload) : null);
}
