/*
 * The back office shell: hash routes (#/dashboard, #/orders?state=…,
 * #/planner), the signed-in user, language switch and logout.
 */
import { api, session, logout, forget, ApiError } from '../lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t, has } from '../lib/i18n.js';
import { $, el, mount } from '../lib/dom.js';
import * as dashboard from './dashboard.js';
import * as orders from './orders.js';
import * as planner from './planner.js';

const pages = { dashboard, orders, planner };
let me = null;

/* Shows error @e above the page (the server's code, translated). */
export function showError(e) {
  const p = $('#error');
  if (!e) {
    p.hidden = true;
    return;
  }
  p.hidden = false;
  if (e instanceof ApiError) {
    const key = 'api_err.' + e.code;
    p.textContent = has(key) ? t(key) : t('api_err.other', { code: e.code, message: e.message });
  } else {
    p.textContent = t('error.network');
  }
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const [name, query] = hash.split('?');
  const page = pages[name] || dashboard;
  for (const a of document.querySelectorAll('.nav a')) a.classList.toggle('on', a.id === 'nav-' + name);
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
  $('#who').textContent = me.username;
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
