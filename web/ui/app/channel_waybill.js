/*
 * A marketplace store's e-waybill accounts (电子面单, issue 27 item 4), a
 * section of its connection page (#/channel?store=…): one account per
 * carrier with the waybill service's carrier code (Cainiao cp_code), the
 * standard 100 × 180 mm template and the sender address the seller
 * subscribed (and, for JD's service, the seller's vendor code, the
 * carrier's branch or settlement code and JD's provider id, optionally
 * JD's region ids of the sender). At carton close a carrier with an active account takes its
 * number from the service instead of Depot's own range.
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { el, $ } from '../lib/dom.js';
import { field, code, table, row, act } from './common.js';

/* Per platform: the waybill service's codes of the carriers sellers
   subscribe most (Cainiao cp_code; Pinduoduo wp_code as its API pages list
   them: YTO 圆通, ZTO 中通, YUNDA 韵达, STO 申通; Douyin logistics_code),
   the label of the code and the template hint. */
const SERVICES = {
  taobao: { codes: ['ZTO', 'YTO', 'YUNDA', 'STO', 'SF', 'JTSD', 'EMS', 'POSTB'], code: 'waybill.cp_code', hint: 'waybill.template_hint' },
  pinduoduo: { codes: ['ZTO', 'YTO', 'YUNDA', 'STO'], code: 'waybill.wp_code', hint: 'waybill.template_hint_pdd', intro: 'waybill.hint_pdd', use: 'waybill.use_pdd' },
  /* Douyin's logistics_code, sent lowercased (public ERP code's list; the
     platform's own table was not found: order.logisticsCompanyList). */
  douyin: { codes: ['ZHONGTONG', 'YUANTONG', 'YUNDA', 'SHENTONG', 'SHUNFENG', 'JTEXPRESS'], code: 'waybill.logistics_code', hint: 'waybill.template_hint_dy', intro: 'waybill.hint_dy', use: 'waybill.use_dy' },
  /* JD's providerCode (京东无界电子面单); JD's service also needs the
     fields of JD_FIELDS. */
  jd: { codes: ['ZTO', 'YTO', 'YUNDA', 'STO', 'JD', 'SF'], code: 'waybill.provider_code', hint: 'waybill.template_hint_jd', intro: 'waybill.hint_jd', use: 'waybill.use_jd', jd: true },
};

/* JD's service fields: form id, key of the account's service, label,
   attributes. */
const JD_FIELDS = [
  ['wb-vendor-code', 'vendor_code', 'waybill.vendor_code', { required: true, maxlength: 40, translate: 'no' }],
  ['wb-vendor-name', 'vendor_name', 'waybill.vendor_name', { maxlength: 100 }],
  ['wb-branch', 'branch_code', 'waybill.branch_code', { maxlength: 40, translate: 'no' }],
  ['wb-settlement', 'settlement_code', 'waybill.settlement_code', { maxlength: 40, translate: 'no' }],
  ['wb-provider-id', 'provider_id', 'waybill.provider_id', { maxlength: 12, inputmode: 'numeric', pattern: '[0-9]*', translate: 'no' }],
];
/* JD's region ids of the sender (optional: JD takes the names). */
const JD_REGION_IDS = [['wb-province-id', 'province_id', 'waybill.province_id'], ['wb-city-id', 'city_id', 'waybill.city_id'],
  ['wb-district-id', 'district_id', 'waybill.district_id']];

function accountsTable(items) {
  return table('waybill-accounts', ['waybill.carrier', 'waybill.service_code', 'waybill.sender', 'waybill.active', 'waybill.issued'],
    items.map((a) => row({ dataset: { carrier: a.carrier } },
      code(a.carrier + ' ' + a.carrier_name), code(a.cp_code),
      code([a.sender.name, a.sender.mobile || a.sender.phone, a.sender.province + a.sender.city
        + (a.sender.district || '') + a.sender.detail].join(' ')),
      t(a.active ? 'waybill.on' : 'waybill.off'), { num: a.issued })));
}

/* Fills the form with the saved account of the chosen carrier, if any. */
function fill(items) {
  const a = items.find((x) => x.carrier === $('#wb-carrier').value);
  const s = (a && a.sender) || {};
  for (const [id, val] of [['wb-cp', a && a.cp_code], ['wb-template', a && a.template_url], ['wb-name', s.name],
    ['wb-mobile', s.mobile], ['wb-phone', s.phone], ['wb-province', s.province], ['wb-city', s.city],
    ['wb-district', s.district], ['wb-detail', s.detail]]) $('#' + id).value = val || '';
  if ($('#wb-vendor-code')) {
    const sv = (a && a.service) || {};
    for (const [id, k] of JD_FIELDS) $('#' + id).value = sv[k] || '';
    for (const [id, k] of JD_REGION_IDS) $('#' + id).value = s[k] || '';
  }
  $('#wb-active').checked = a ? a.active : true;
}

function accountForm(store, channel, carriers, items, env, draw) {
  const svc = SERVICES[channel] || SERVICES.taobao;
  const v = (id) => $('#' + id).value.trim();
  /* The first carrier's saved account, if it has one, fills the form. */
  const first = items.find((x) => carriers.length && x.carrier === carriers[0].code) || { sender: {} };
  const input = (id, label, attrs) => field(id, label, el('input', { id, maxlength: 200, ...(attrs || {}) }));
  return el('form', {
    class: 'panel', id: 'waybill-form',
    onsubmit: (e) => {
      e.preventDefault();
      act(env, async () => {
        const sender = {};
        for (const [id, k] of [['wb-name', 'name'], ['wb-mobile', 'mobile'], ['wb-phone', 'phone'], ['wb-province', 'province'],
          ['wb-city', 'city'], ['wb-district', 'district'], ['wb-detail', 'detail']]) if (v(id)) sender[k] = v(id);
        const body = {
          carrier: v('wb-carrier'), cp_code: v('wb-cp'), template_url: v('wb-template'), sender,
          active: $('#wb-active').checked,
        };
        if (svc.jd) {
          body.service = {};
          for (const [id, k] of JD_FIELDS) if (v(id)) body.service[k] = v(id);
          for (const [id, k] of JD_REGION_IDS) if (v(id)) sender[k] = v(id);
        }
        await api('POST', '/api/v1/stores/' + encodeURIComponent(store) + '/waybill-accounts', body);
        await draw(t('waybill.saved'));
      });
    },
  },
  el('h3', {}, t('waybill.add')),
  el('div', { class: 'row' },
    field('wb-carrier', 'waybill.carrier', el('select', { id: 'wb-carrier', onchange: () => fill(items) },
      carriers.map((c) => el('option', { value: c.code }, c.code + ' · ' + c.name)))),
    field('wb-cp', svc.code, el('input', { id: 'wb-cp', maxlength: 20, list: 'wb-cp-codes', translate: 'no', required: true, value: first.cp_code || '' })),
    el('datalist', { id: 'wb-cp-codes' }, svc.codes.map((c) => el('option', { value: c }))),
    input('wb-template', 'waybill.template', { maxlength: 500, translate: 'no', required: true, value: first.template_url || '' })),
  el('p', { class: 'hint' }, t(svc.hint)),
  svc.jd ? el('div', { class: 'row', id: 'waybill-jd' },
    JD_FIELDS.map(([id, k, label, attrs]) => input(id, label, { ...attrs, value: (first.service || {})[k] || '' }))) : null,
  svc.jd ? el('p', { class: 'hint' }, t('waybill.jd_hint')) : null,
  el('div', { class: 'row' },
    input('wb-name', 'waybill.sender_name', { required: true, value: first.sender.name || '' }),
    input('wb-mobile', 'waybill.sender_mobile', { type: 'tel', maxlength: 30, value: first.sender.mobile || '' }),
    input('wb-phone', 'waybill.sender_phone', { type: 'tel', maxlength: 30, value: first.sender.phone || '' })),
  el('div', { class: 'row' },
    input('wb-province', 'waybill.province', { required: true, value: first.sender.province || '' }),
    input('wb-city', 'waybill.city', { required: true, value: first.sender.city || '' }),
    input('wb-district', 'waybill.district', { value: first.sender.district || '' }),
    input('wb-detail', 'waybill.detail', { required: true, value: first.sender.detail || '' })),
  svc.jd ? el('div', { class: 'row' },
    JD_REGION_IDS.map(([id, k, label]) => input(id, label, { maxlength: 12, inputmode: 'numeric', pattern: '[0-9]*', translate: 'no', value: first.sender[k] || '' }))) : null,
  svc.jd ? el('p', { class: 'hint' }, t('waybill.region_ids_hint')) : null,
  el('label', { class: 'check', for: 'wb-active' }, el('input', { id: 'wb-active', type: 'checkbox', checked: first.active !== false }), ' ', t(svc.use || 'waybill.use')),
  el('p', {}, el('button', { type: 'submit', class: 'primary', id: 'waybill-save' }, t('waybill.save'))));
}

/* The section, or null for a store whose platform has no waybill service. */
export async function waybillSection(store, env, draw) {
  const w = await api('GET', '/api/v1/stores/' + encodeURIComponent(store) + '/waybill-accounts');
  if (!w.supported) return null;
  const carriers = (await api('GET', '/api/v1/carriers')).items || [];
  return el('section', { id: 'waybill' },
    el('h2', {}, t('waybill.title')),
    el('p', { class: 'hint' }, t((SERVICES[w.channel] || {}).intro || 'waybill.hint')),
    w.authorised ? null : el('p', { class: 'error', id: 'waybill-unauthorised' }, t('waybill.needs_auth')),
    w.items.length ? accountsTable(w.items) : el('p', { id: 'waybill-none' }, t('waybill.none')),
    w.items.some((a) => a.cancel_problems > 0)
      ? el('p', { class: 'error', id: 'waybill-cancel-problems' }, t('waybill.cancel_problems', {
        n: fmtNumber(w.items.reduce((s, a) => s + a.cancel_problems, 0)),
      })) : null,
    accountForm(store, w.channel, carriers, w.items, env, draw));
}
