/*
 * The floor terminal: home ("my tasks"), the pick flow, the scan field
 * that catches a keyboard-wedge scan wherever focus is, the language
 * switch, the offline badge and logout.
 */
import { api, session, logout, forget, ApiError } from '../lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { feedback, clearFeedback, retranslate } from './feedback.js';
import * as pick from './pick.js';
import * as lookup from './lookup.js';
import * as queue from './queue.js';

let me = null;
let warehouse = null;

const ctx = { home, badge, get warehouse() { return warehouse; } };

/* The "N waiting" badge of the offline queue. */
async function badge() {
  const n = await queue.count();
  const b = $('#queue');
  b.hidden = n === 0;
  b.textContent = t('sync.waiting', { n: fmtNumber(n) });
  b.dataset.count = String(n);
}

async function myTasks() {
  const waves = await api('GET', '/api/v1/waves?warehouse=' + encodeURIComponent(warehouse));
  let open = 0;
  let mine = 0;
  for (const w of waves.items) {
    for (const p of w.picklists) {
      if (p.state === 'open') open += 1;
      else if (p.state !== 'done' && p.picker === me.username) mine += 1;
    }
  }
  return { open, mine };
}

function chooseWarehouse(list) {
  mount($('#screen'), el('section', { class: 'home' },
    el('h1', {}, t('floor.choose_warehouse')),
    list.map((w) => el('button', { type: 'button', class: 'task', onclick: () => { warehouse = w.code; home(); } },
      el('b', {}, w.code), ' ', w.name))));
}

async function home() {
  clearFeedback();
  pick.stop();
  lookup.stop();
  if (!warehouse) {
    const ws = me.warehouses || [];
    if (ws.length === 1) warehouse = ws[0];
    else {
      const all = await api('GET', '/api/v1/warehouses');
      const allowed = all.items.filter((w) => ws.length === 0 || ws.includes(w.code));
      if (allowed.length === 1) warehouse = allowed[0].code;
      else return chooseWarehouse(allowed);
    }
  }
  let counts = null;
  try {
    counts = await myTasks();
  } catch (e) { /* offline: the button still works once back */ }
  const n = counts ? counts.mine + counts.open : null;
  mount($('#screen'), el('section', { class: 'home' },
    el('h1', {}, t('floor.my_tasks')),
    el('p', { class: 'where' }, t('floor.warehouse', { code: warehouse })),
    el('button', { type: 'button', class: 'task', id: 'start-pick', onclick: () => pick.start(ctx) },
      el('span', { class: 'task-name' }, counts && counts.mine > 0 ? t('floor.resume_pick') : t('floor.pick')),
      el('span', { class: 'count', id: 'pick-count' }, n === null ? '…' : fmtNumber(n))),
    el('button', { type: 'button', class: 'task', id: 'start-lookup', onclick: () => lookup.start(ctx) },
      el('span', { class: 'task-name' }, t('floor.lookup')))));
}

/*
 * A keyboard-wedge scanner types the code and Enter. Keys typed while
 * focus is elsewhere (a button, the page) are gathered into the scan
 * field, so a scan is never lost to focus.
 */
function wireScanner() {
  const input = $('#scan');
  document.addEventListener('keydown', (e) => {
    const tag = e.target && e.target.tagName;
    if (e.target === input || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.key === 'Enter' && input.value !== '') {
      e.preventDefault();
      $('#scan-form').requestSubmit();
    } else if (e.key.length === 1) {
      e.preventDefault();
      input.value += e.key;
      input.focus();
    }
  });
  $('#scan-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    input.value = '';
    input.focus();
    if (code === '') return;
    if (lookup.active()) await lookup.scanned(code);
    else if (pick.active()) await pick.scanned(code);
    else feedback('info', () => t('floor.start_first'));
  });
  input.focus();
}

async function signOut() {
  if ((await queue.count()) > 0 && !confirm(t('floor.logout_with_queue'))) return;
  try {
    await logout();
  } catch (e) { /* the session is forgotten here anyway */ }
  pick.forgetSaved();
  location.assign('/login');
}

/* The service worker that lets the terminal load offline (secure contexts only). */
function keepOffline() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/floor/sw.js', { scope: '/floor/' }).catch(() => {});
  }
}

async function main() {
  keepOffline();
  const s = session();
  await loadLang(initialLang(s && s.user && s.user.username));
  try {
    me = (await api('GET', '/api/v1/auth/me')).user || s.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forget();
      location.assign('/login');
      return;
    }
    if (!s) return location.assign('/login');
    me = s.user; /* offline start: trust what we stored */
  }
  $('#who').textContent = me.username;
  $('#lang').addEventListener('click', async () => {
    await setLang(otherLang(), me.username);
    if (pick.active()) pick.render();
    else if (lookup.active()) lookup.render();
    else await home();
    retranslate();
    badge();
  });
  $('#logout').addEventListener('click', signOut);
  pick.init(ctx);
  wireScanner();
  window.addEventListener('online', () => pick.replay());
  setInterval(async () => { if (navigator.onLine && (await queue.count()) > 0) pick.replay(); }, 5000);
  await badge();
  await home();
  if ((await queue.count()) > 0) pick.replay();
}

main();
