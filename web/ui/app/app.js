/*
 * The back office shell: hash routes (#/dashboard, #/orders?state=…,
 * #/order?id=…, #/waves, #/purchasing, #/po?id=…, #/suppliers,
 * #/supplier?code=…, #/products, #/product?sku=…, #/stock, #/planner, #/slotting,
 * #/stores, #/skumap?store=…, #/channel?store=…, #/users, #/audit, #/settings, #/printing, #/reports?report=…, #/returns, #/rma?id=…,
 * #/customers, #/customer?id=…, #/feedback, #/ticket?id=…, #/webhooks, #/webhook?id=…, #/finance?tab=…, #/payables?tab=…,
 * #/bill?id=…, #/receivables?tab=…, #/settlement?id=…, #/invoices?tab=…, #/invoice?id=…, #/owners, #/owner?code=…,
 * #/owner-billing?code=…, #/statement?owner=…&id=…), the
 * signed-in user, language switch and
 * logout.
 */
import { api, session, logout, forget, ApiError } from '../lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t, has } from '../lib/i18n.js';
import { $, el, mount } from '../lib/dom.js';
import * as dashboard from './dashboard.js';
import * as orders from './orders.js';
import * as planner from './planner.js';
import * as slotting from './slotting.js';
import * as waves from './waves.js';
import * as purchasing from './purchasing.js';
import * as suppliers from './suppliers.js';
import * as products from './products.js';
import * as stock from './stock.js';
import * as stores from './stores.js';
import * as skumap from './skumap.js';
import * as channel from './channel.js';
import * as users from './users.js';
import * as audit from './audit.js';
import * as settings from './settings.js';
import * as printing from './printing.js';
import * as exceptions from './exceptions.js';
import * as counts from './counts.js';
import * as corrections from './corrections.js';
import * as shipments from './shipments.js';
import * as reports from './reports.js';
import * as returns from './returns.js';
import * as customers from './customers.js';
import * as feedback from './feedback.js';
import * as webhooks from './webhooks.js';
import * as finance from './finance.js';
import * as payables from './payables.js';
import * as receivables from './receivables.js';
import * as invoices from './invoices.js';
import * as owners from './owners.js';
import * as billing from './billing.js';

/* Route name → page; a detail page lights the nav entry of its list. */
const pages = {
  dashboard, orders, planner, slotting, waves, purchasing, suppliers, products, stock, stores, users, audit, settings, printing,
  order: { show: orders.showDetail, nav: 'orders' },
  po: { show: purchasing.showDetail, nav: 'purchasing' },
  supplier: { show: suppliers.showDetail, nav: 'suppliers' },
  product: { show: products.showDetail, nav: 'products' },
  skumap: { show: skumap.show, nav: 'stores' },
  channel: { show: channel.show, nav: 'stores' },
  exceptions, counts, shipments, reports, returns,
  rma: { show: returns.showDetail, nav: 'returns' },
  count: { show: counts.showDetail, nav: 'counts' },
  corrections: { show: corrections.show, nav: 'stock' },
  shipment: { show: shipments.showDetail, nav: 'shipments' },
  user: { show: users.showDetail, nav: 'users' },
  customers, feedback, finance, payables,
  bill: { show: payables.showDetail, nav: 'payables' },
  receivables,
  settlement: { show: receivables.showDetail, nav: 'receivables' },
  invoices,
  invoice: { show: invoices.showDetail, nav: 'invoices' },
  customer: { show: customers.showDetail, nav: 'customers' },
  ticket: { show: feedback.showDetail, nav: 'feedback' },
  webhooks,
  webhook: { show: webhooks.showDetail, nav: 'webhooks' },
  owners,
  owner: { show: owners.showDetail, nav: 'owners' },
  'owner-billing': { show: billing.show, nav: 'owners' },
  statement: { show: billing.showStatement, nav: 'owners' },
};
let me = null;
const NAV_ROLES = {
  'nav-orders': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-stores': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-purchasing': ['admin', 'back_office', 'viewer'],
  'nav-suppliers': ['admin', 'back_office', 'viewer'],
  'nav-users': ['admin'],
  'nav-audit': ['admin'],
  'nav-webhooks': ['admin'],
  'nav-settings': ['admin'],
  'nav-printing': ['admin', 'warehouse_lead'],
  'nav-slotting': ['admin', 'warehouse_lead'],
  'nav-exceptions': ['admin', 'warehouse_lead'],
  'nav-counts': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-shipments': ['admin', 'warehouse_lead'],
  'nav-returns': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-reports': ['admin', 'back_office', 'viewer', 'warehouse_lead', 'finance'],
  'nav-customers': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-feedback': ['admin', 'back_office', 'warehouse_lead', 'viewer'],
  'nav-finance': ['admin', 'finance'],
  'nav-payables': ['admin', 'finance'],
  'nav-receivables': ['admin', 'finance'],
  'nav-invoices': ['admin', 'finance'],
  'nav-owners': ['admin', 'back_office', 'warehouse_lead', 'viewer', 'finance'],
};

/* Shows error @e above the page (the server's code, translated). */
export function showError(e) {
  const p = $('#error');
  if (!e) {
    p.hidden = true;
    return;
  }
  p.hidden = false;
  if (e instanceof ApiError) {
    /* The desk's own wording, else the registry's words for the code (every
     * code has them, with its params), never the server's English. */
    const key = 'api_err.' + e.code;
    if (has(key)) p.textContent = t(key, e.params);
    else if (has('error.' + e.code)) p.textContent = t('error.' + e.code, e.params);
    else p.textContent = t('api_err.other', { code: e.code, message: e.message });
  } else {
    p.textContent = t('error.network');
  }
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const [name, query] = hash.split('?');
  const page = pages[name] || dashboard;
  const nav = page.nav || (pages[name] ? name : 'dashboard');
  for (const a of document.querySelectorAll('.nav a')) a.classList.toggle('on', a.id === 'nav-' + nav);
  /* On a phone the menu is a sideways row (app.css): keep this page's link
   * in sight without moving the page. */
  const on = document.querySelector('.nav a.on');
  const row = on && on.parentElement;
  if (row && row.scrollWidth > row.clientWidth) row.scrollLeft = on.offsetLeft - (row.clientWidth - on.offsetWidth) / 2;
  showError(null);
  /*
   * Each visit draws into a box of its own: a page still loading when the
   * user moves on finishes into a detached box and never covers the next.
   */
  const box = el('div', { class: 'route' });
  mount($('#page'), box);
  page.show(box, new URLSearchParams(query || ''), { me, showError }).catch((e) => {
    if (box.isConnected) showError(e);
  });
}

async function main() {
  const s = session();
  await loadLang(initialLang(s && s.user && s.user.username));
  try {
    me = (await api('GET', '/api/v1/auth/me')).user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) forget();
    location.assign('/login');
    return;
  }
  /* A 3PL client's place is its portal (the API refuses it the rest). */
  if (me.role === 'client') {
    location.replace('/portal/');
    return;
  }
  $('#who').textContent = me.username;
  /* Entries the role cannot open are hidden (the server refuses them anyway). */
  for (const [id, roles] of Object.entries(NAV_ROLES)) {
    const a = $('#' + id);
    if (a && !roles.includes(me.role)) a.hidden = true;
  }
  /* Skip link: focus the page without touching the hash (the router's). */
  $('#skip').addEventListener('click', (e) => {
    e.preventDefault();
    $('#page').focus();
  });
  $('#lang').addEventListener('click', async () => {
    await setLang(otherLang(), me.username);
    route();
  });
  $('#logout').addEventListener('click', async () => {
    try {
      await logout();
    } catch (e) { /* forgotten here anyway */ }
    location.assign('/login');
  });
  window.addEventListener('hashchange', route);
  route();
}

main();
