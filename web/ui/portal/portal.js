/*
 * The 3PL client portal (/portal/, issue 23 item 3): a client (role
 * client, bound to one stock owner) reads its stock, orders with their
 * shipments, ASNs and returns, and writes orders and ASNs. Every list is
 * the server's owner-scoped one (web/web_owner.c): the portal filters
 * nothing itself. Staff are sent to the back office.
 *
 * Sections are one table, SECTIONS: a new one (statements, say) is a
 * module with show(box, params, env) and one line here plus its nav key.
 * Hash routes: #/stock, #/orders, #/order?id=, #/order-new, #/asns,
 * #/asn-new, #/returns, #/return?id=, #/statements, #/statement?id=.
 */
import { api, session, logout, forget, ApiError } from '../lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t, has } from '../lib/i18n.js';
import { $, el, mount } from '../lib/dom.js';
import * as stock from './stock.js';
import * as orders from './orders.js';
import * as asns from './asns.js';
import * as returns from './returns.js';
import * as statements from './statements.js';

/* Navigation entries, in order: route, catalog key, page. */
const SECTIONS = [
  { route: 'stock', label: 'portal.nav.stock', page: stock.show },
  { route: 'orders', label: 'portal.nav.orders', page: orders.show },
  { route: 'asns', label: 'portal.nav.asns', page: asns.show },
  { route: 'returns', label: 'portal.nav.returns', page: returns.show },
  { route: 'statements', label: 'portal.nav.statements', page: statements.show },
];
/* Routes that are not in the navigation: the section they light. */
const SUBPAGES = {
  order: { nav: 'orders', page: orders.showDetail },
  'order-new': { nav: 'orders', page: orders.showNew },
  'asn-new': { nav: 'asns', page: asns.showNew },
  return: { nav: 'returns', page: returns.showDetail },
  statement: { nav: 'statements', page: statements.showDetail },
};
let me = null;

/* Shows error @e above the page, in the catalog's words for its code. */
export function showError(e) {
  const p = $('#error');
  if (!e) {
    p.hidden = true;
    return;
  }
  p.hidden = false;
  if (e instanceof ApiError) {
    if (has('error.' + e.code)) p.textContent = t('error.' + e.code, e.params);
    else p.textContent = t('api_err.other', { code: e.code, message: e.message });
  } else {
    p.textContent = t('error.network');
  }
}

function drawNav(current) {
  mount($('#nav'), SECTIONS.map((s) => el('a', {
    href: '#/' + s.route, id: 'nav-' + s.route, class: s.route === current ? 'on' : null,
    'aria-current': s.route === current ? 'page' : null,
  }, t(s.label))));
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || 'stock';
  const [name, query] = hash.split('?');
  const sec = SECTIONS.find((s) => s.route === name);
  const sub = SUBPAGES[name];
  const page = sec ? sec.page : sub ? sub.page : SECTIONS[0].page;
  drawNav(sec ? sec.route : sub ? sub.nav : SECTIONS[0].route);
  showError(null);
  /* Each visit draws into its own box: a slow page never covers the next. */
  const box = el('div', { class: 'route' });
  mount($('#page'), box);
  page(box, new URLSearchParams(query || ''), { me, showError }).catch((e) => {
    if (box.isConnected) showError(e);
  });
}

/* A staff member at /portal/: the portal is the clients', say where to go. */
function staffHere() {
  drawNav(null);
  mount($('#page'), el('div', { class: 'panel staff', id: 'portal-staff' },
    el('h1', {}, t('portal.staff.title')),
    el('p', {}, t('portal.staff.body')),
    el('a', { href: '/app/', class: 'button', id: 'portal-to-app' }, t('portal.staff.go'))));
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
  $('#who').textContent = me.username;
  $('#owner').textContent = me.owner || '';
  $('#lang').addEventListener('click', async () => {
    await setLang(otherLang(), me.username);
    if (me.role === 'client') route();
    else staffHere();
  });
  $('#logout').addEventListener('click', async () => {
    try {
      await logout();
    } catch (e) { /* forgotten here anyway */ }
    location.assign('/login');
  });
  if (me.role !== 'client') {
    staffHere();
    return;
  }
  window.addEventListener('hashchange', route);
  route();
}

main();
