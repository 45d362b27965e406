/*
 * Customers (issue 20): the list (#/customers?q=&tag=&segment=&store=)
 * with the RFM segments and their counts, a segment's CSV, the list as
 * filtered as CSV or Excel (GET /api/v1/customers/export), and one
 * customer (#/customer?id=…): totals, tags, notes, language and
 * do-not-contact, addresses, a timeline of orders, returns, tickets and
 * notes, and merging a duplicate. Phones and emails come masked from the
 * server for roles without customers.read_pii; nothing is unmasked here.
 */
import { api } from '../lib/api.js';
import { t, fmtMoney, fmtNumber, fmtDate } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, href, code, table, row, act, options, fmtPercent } from './common.js';

export const SEGMENTS = ['champions', 'loyal', 'at_risk', 'hibernating', 'new', 'others'];
const WRITERS = ['admin', 'back_office'];

function segmentName(s) {
  return s ? t('crm.segment.' + s) : '–';
}

function tags(list) {
  return el('span', { class: 'tags' }, (list || []).map((x) => el('span', { class: 'pill', translate: 'no' }, x)));
}

/* The segment cards: counts, each a link to the list filtered by it. */
function segmentCards(seg, p) {
  return el('div', { class: 'cards', id: 'segments' }, (seg.segments || []).map((s) =>
    el('a', {
      class: 'card seg-' + s.segment + (p.get('segment') === s.segment ? ' on' : ''),
      href: href('customers', { segment: s.segment, store: p.get('store') }),
      dataset: { segment: s.segment, count: s.customers },
    }, el('span', { class: 'card-n' }, fmtNumber(s.customers)), el('span', { class: 'card-label' }, segmentName(s.segment)))));
}

function filters(p) {
  const q = el('input', { id: 'cust-q', type: 'search', value: p.get('q') || '', placeholder: t('crm.search') });
  const tag = el('input', { id: 'cust-tag', value: p.get('tag') || '', maxlength: 32 });
  const seg = el('select', { id: 'cust-segment' },
    options(SEGMENTS.map((s) => [s, segmentName(s)]), p.get('segment'), 'crm.any'));
  const store = el('input', { id: 'cust-store', value: p.get('store') || '', maxlength: 32 });
  return el('form', {
    class: 'filters', id: 'cust-filters',
    onsubmit: (e) => {
      e.preventDefault();
      location.hash = href('customers', { q: q.value.trim(), tag: tag.value.trim(), segment: seg.value, store: store.value.trim().toUpperCase() });
    },
  }, el('label', {}, t('crm.search_label'), ' ', q), el('label', {}, t('crm.tag'), ' ', tag),
  el('label', {}, t('crm.segment'), ' ', seg), el('label', {}, t('crm.store'), ' ', store),
  el('button', { type: 'submit', id: 'cust-apply' }, t('crm.apply')));
}

/* #/customers */
export async function show(root, p, env) {
  const qs = new URLSearchParams();
  for (const k of ['q', 'tag', 'segment', 'store', 'cursor']) if (p.get(k)) qs.set(k, p.get(k));
  const segQs = p.get('store') ? '?store=' + encodeURIComponent(p.get('store')) : '';
  const [list, seg] = await Promise.all([
    api('GET', '/api/v1/customers?' + qs.toString()),
    api('GET', '/api/v1/customers/segments' + segQs),
  ]);
  const writer = WRITERS.includes(env.me.role);
  const segment = p.get('segment');
  const refresh = el('button', {
    type: 'button', id: 'seg-refresh', hidden: !writer,
    onclick: () => act(env, async () => {
      await api('POST', '/api/v1/customers/segments/refresh');
      await show(root, p, env);
    }),
  }, t('crm.refresh_segments'));
  const exportLink = segment ? el('a', {
    id: 'seg-export', class: 'button', download: segment + '.csv',
    href: `/api/v1/customers/segments/${encodeURIComponent(segment)}/export.csv${segQs}`,
  }, t('crm.export_segment')) : null;
  /* The list as it is filtered, as a file (masked as the list is). */
  const file = new URLSearchParams(qs);
  file.delete('cursor');
  const listFile = (fmt) => el('a', {
    id: 'cust-export-' + fmt, class: 'button', download: 'customers.' + fmt,
    href: '/api/v1/customers/export?' + new URLSearchParams([...file, ['format', fmt]]).toString(),
  }, t('crm.export_' + fmt));
  mount(root, el('h1', {}, t('crm.customers')),
    el('h2', {}, t('crm.segments')),
    el('p', { class: 'muted' }, t('crm.segments_at', { at: seg.refreshed_at ? fmtDate(seg.refreshed_at) : '–' })),
    segmentCards(seg, p),
    el('div', { class: 'actions row' }, refresh, exportLink, listFile('csv'), listFile('xlsx')),
    filters(p),
    table('customers', ['crm.name', 'crm.email', 'crm.phone', 'crm.tags', 'crm.segment', 'crm.orders'],
      list.items.map((c) => row({ dataset: { id: c.id } },
        el('a', { href: href('customer', { id: c.id }), translate: 'no' }, c.name || '#' + c.id),
        code(c.email), code(c.phone), tags(c.tags), segmentName(c.segment), { num: c.orders }))),
    list.next ? el('p', { class: 'pager' }, el('a', {
      id: 'cust-next',
      href: href('customers', { q: p.get('q'), tag: p.get('tag'), segment, store: p.get('store'), cursor: list.next }),
    }, t('crm.next_page'))) : null);
}

function totals(x) {
  const spend = (x.spend || []).map((s) => fmtMoney(s.amount, s.currency)).join(' · ') || '–';
  const facts = [
    ['crm.total_orders', fmtNumber(x.orders)], ['crm.total_units', fmtNumber(x.units)], ['crm.total_spend', spend],
    ['crm.first_order', x.first_order_at ? fmtDate(x.first_order_at) : '–'],
    ['crm.last_order', x.last_order_at ? fmtDate(x.last_order_at) : '–'],
    ['crm.returns', fmtNumber(x.returns)], ['crm.return_rate', fmtPercent(x.return_rate)],
  ];
  return el('div', { class: 'facts', id: 'cust-totals' },
    facts.map(([k, v]) => el('p', { dataset: { k } }, el('b', {}, t(k)), ' ', el('span', { class: 'num' }, v))));
}

/* Orders, returns, tickets and notes, newest first. */
function timeline(d) {
  const items = [
    ...d.orders.map((o) => ({ at: o.created_at, kind: 'order', node: el('a', { href: href('order', { id: o.id }), translate: 'no' }, o.store + ' ' + o.external_id), extra: t('state.' + o.state) + ' · ' + fmtMoney(o.total, o.currency) })),
    ...(d.rmas || []).map((r) => ({ at: r.created_at, kind: 'rma', node: code(r.number), extra: r.state })),
    ...d.feedback.map((f) => ({ at: f.created_at, kind: 'feedback', node: el('a', { href: href('ticket', { id: f.id }), translate: 'no' }, f.number), extra: t('crm.kind.' + f.kind) + ' · ' + t('crm.state.' + f.state) })),
    ...d.notes.map((n) => ({ at: n.created_at, kind: 'note', node: code(n.body), extra: n.author || '' })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  return el('ul', { id: 'cust-timeline', class: 'timeline' }, items.map((i) => el('li', { class: 'tl-' + i.kind, dataset: { kind: i.kind } },
    el('span', { class: 'muted' }, fmtDate(i.at)), ' ', el('b', {}, t('crm.tl.' + i.kind)), ' ', i.node, ' ', code(i.extra))));
}

function editForm(c, id, env, reload) {
  const v = (x) => $('#' + x).value.trim();
  return el('form', {
    class: 'panel', id: 'cust-edit',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('PATCH', '/api/v1/customers/' + id, {
          name: v('ce-name') || undefined,
          tags: v('ce-tags').split(/[,，]/).map((x) => x.trim()).filter((x) => x),
          preferred_language: $('#ce-lang').value,
          do_not_contact: $('#ce-dnc').checked,
        });
        await reload();
      });
    },
  }, el('h2', {}, t('crm.edit')),
  field('ce-name', 'crm.name', el('input', { id: 'ce-name', value: c.name, maxlength: 200 })),
  field('ce-tags', 'crm.tags_hint', el('input', { id: 'ce-tags', value: (c.tags || []).join(', ') })),
  field('ce-lang', 'crm.language', el('select', { id: 'ce-lang' },
    options([['', t('crm.lang_unknown')], ['zh-CN', t('crm.lang_zh')], ['en', t('crm.lang_en')]], c.preferred_language))),
  el('label', { class: 'check' }, el('input', { id: 'ce-dnc', type: 'checkbox', checked: !!c.do_not_contact }), ' ', t('crm.do_not_contact')),
  el('button', { type: 'submit', class: 'primary', id: 'cust-save' }, t('crm.save')));
}

function noteForm(id, env, reload) {
  return el('form', {
    class: 'panel', id: 'cust-note-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        await api('PATCH', '/api/v1/customers/' + id, { note: $('#cust-note').value.trim() });
        await reload();
      });
    },
  }, el('h2', {}, t('crm.notes')),
  field('cust-note', 'crm.new_note', el('textarea', { id: 'cust-note', required: true, maxlength: 4000, rows: 3 })),
  el('button', { type: 'submit', id: 'cust-note-add' }, t('crm.add_note')));
}

function mergeForm(id, env) {
  return el('form', {
    class: 'panel', id: 'cust-merge-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const into = Number($('#cust-merge-into').value);
        if (!window.confirm(t('crm.merge_confirm', { from: id, into }))) return;
        const d = await api('POST', `/api/v1/customers/${id}/merge`, { into });
        location.hash = href('customer', { id: d.customer.id });
      });
    },
  }, el('h2', {}, t('crm.merge')), el('p', { class: 'muted' }, t('crm.merge_hint')),
  field('cust-merge-into', 'crm.merge_into', el('input', { id: 'cust-merge-into', type: 'number', min: 1, required: true })),
  el('button', { type: 'submit', id: 'cust-merge' }, t('crm.merge_button')));
}

function addresses(list) {
  return el('ul', { id: 'cust-addresses' }, list.map((a) => el('li', {},
    code([a.name, a.line1, a.line2, a.city, a.region, a.postcode, a.country_code].filter((x) => x).join(' ')),
    a.phone ? code(' · ' + a.phone) : null)));
}

/* #/customer?id=… */
export async function showDetail(root, p, env) {
  const id = p.get('id');
  const reload = () => showDetail(root, p, env);
  const d = await api('GET', '/api/v1/customers/' + encodeURIComponent(id));
  const c = d.customer;
  const writer = WRITERS.includes(env.me.role);
  mount(root,
    el('p', {}, el('a', { href: href('customers'), id: 'back-customers' }, t('crm.customers'))),
    el('h1', {}, t('crm.customer'), ' ', code(c.name || '#' + c.id, { id: 'cust-title' })),
    c.merged_into ? el('p', { class: 'warn', id: 'cust-merged' }, t('crm.merged_into'), ' ',
      el('a', { href: href('customer', { id: c.merged_into }) }, '#' + c.merged_into)) : null,
    c.erased ? el('p', { class: 'warn' }, t('crm.erased')) : null,
    el('div', { class: 'facts', id: 'cust-facts' },
      el('p', {}, el('b', {}, t('crm.email')), ' ', code(c.email, { id: 'cust-email' })),
      el('p', {}, el('b', {}, t('crm.phone')), ' ', code(c.phone, { id: 'cust-phone' })),
      el('p', {}, el('b', {}, t('crm.segment')), ' ', el('span', { id: 'cust-segment' }, segmentName(d.segment))),
      el('p', {}, el('b', {}, t('crm.tags')), ' ', tags(c.tags)),
      el('p', {}, el('b', {}, t('crm.language')), ' ', c.preferred_language || '–'),
      c.do_not_contact ? el('p', { class: 'warn-text', id: 'cust-dnc' }, t('crm.do_not_contact')) : null),
    el('h2', {}, t('crm.totals')), totals(d.totals),
    el('div', { class: 'cols2' },
      el('div', {},
        writer && !c.merged_into ? editForm(c, id, env, reload) : null,
        writer && !c.merged_into ? noteForm(id, env, reload) : null,
        writer && !c.merged_into ? mergeForm(id, env) : null),
      el('div', {},
        el('h2', {}, t('crm.timeline')), timeline(d),
        el('p', {}, el('a', { href: href('feedback', { customer: id }), id: 'cust-new-ticket' }, t('crm.new_ticket'))),
        el('h2', {}, t('crm.addresses')), addresses(d.addresses))));
}
