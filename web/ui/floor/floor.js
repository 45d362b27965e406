/*
 * The floor terminal: home ("my tasks" with counts), the flows (pick,
 * receive, put away, pack, count, move, replenish, returns, look up), the scan
 * field that catches a keyboard-wedge scan wherever focus is, the
 * station's scanners (SSE) and the camera feeding the same handler, the
 * language switch, the offline badge and logout.
 */
import { api, session, logout, forget, ApiError } from '../lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t, fmtNumber } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { feedback, clearFeedback, retranslate, primeAudio } from './feedback.js';
import * as pick from './pick.js';
import * as lookup from './lookup.js';
import * as queue from './queue.js';
import * as receive from './receive.js';
import * as putaway from './putaway.js';
import * as pack from './pack.js';
import * as count from './count.js';
import * as move from './move.js';
import * as station from './station.js';
import * as returns from './returns.js';

let me = null;
let warehouse = null;

/* The flows a scan can go to; at most one is active. */
const flows = [pick, lookup, receive, putaway, pack, count, move, station, returns];
const starts = {
  receive: () => receive.start(ctx), putaway: () => putaway.start(ctx), pack: () => pack.start(ctx),
  count: () => count.start(ctx), move: () => move.start(ctx), replen: () => move.startReplen(ctx),
  returns: () => returns.start(ctx),
};

/* Leaves the flow on screen and starts flow @name. */
function go(name) {
  for (const f of flows) f.stop();
  clearFeedback();
  starts[name]();
}

const ctx = { home, badge, go, get warehouse() { return warehouse; }, get user() { return me && me.username; }, get role() { return me && me.role; } };

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
  for (const f of flows) f.stop();
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
  const [picks, rcv, puts, cnts, reps] = await Promise.allSettled([myTasks(), openPos(),
    putaway.load(warehouse), count.load(warehouse), move.load(warehouse)]);
  const counts = picks.status === 'fulfilled' ? picks.value : null;
  const n = counts ? counts.mine + counts.open : null;
  const len = (r) => (r.status === 'fulfilled' ? r.value.length : null);
  const rcvCount = READS_POS.includes(me.role) ? len(rcv) : undefined;
  const task = (id, name, onclick, k) => el('button', { type: 'button', class: 'task', id: 'start-' + id, onclick },
    el('span', { class: 'task-name' }, name),
    k === undefined ? null : el('span', { class: 'count', id: id + '-count' }, k === null ? '…' : fmtNumber(k)));
  mount($('#screen'), el('section', { class: 'home' },
    el('h1', {}, t('floor.my_tasks')),
    el('p', { class: 'where' }, t('floor.warehouse', { code: warehouse })),
    el('div', { class: 'tasks' },
      task('pick', counts && counts.mine > 0 ? t('floor.resume_pick') : t('floor.pick'), () => pick.start(ctx), n),
      task('receive', t('home.receive'), () => go('receive'), rcvCount),
      task('putaway', t('home.putaway'), () => go('putaway'), len(puts)),
      task('count', t('home.count'), () => go('count'), len(cnts)),
      task('replen', t('home.replen'), () => go('replen'), len(reps)),
      task('pack', t('home.pack'), () => go('pack')),
      task('move', t('home.move'), () => go('move')),
      RECEIVES_RETURNS.includes(me.role) ? task('returns', t('returns.floor.title'), () => go('returns')) : null,
      task('lookup', t('floor.lookup'), () => lookup.start(ctx))),
    station.homeButton(ctx),
    me.role === 'picker' ? null : el('button', { type: 'button', class: 'wide', id: 'to-office', onclick: toOffice }, t('floor.back_office'))));
}

/* A lead or admin leaves for the back office; this terminal remembers it (login.js). */
function toOffice() {
  localStorage.setItem('depot.device', 'desk');
  document.cookie = 'depot_device=desk; path=/; max-age=31536000; samesite=lax';
  location.assign('/app/');
}

/*
 * Roles that read purchase orders (po.read in core/core_perm.c); a picker
 * receives without it, by scanning the PO, so the count is not shown.
 */
const READS_POS = ['admin', 'back_office', 'warehouse_lead', 'viewer'];
/* Roles that receive customer returns (returns.receive in core/core_perm.c). */
const RECEIVES_RETURNS = ['admin', 'warehouse_lead', 'picker'];

/* Purchase orders of the warehouse waiting to be received, or null. */
async function openPos() {
  if (!READS_POS.includes(me.role)) return Promise.reject(new Error('po.read'));
  const out = [];
  for (const state of ['sent', 'partially_received']) {
    const r = await api('GET', '/api/v1/purchase-orders?limit=1000&state=' + state);
    out.push(...r.items.filter((p) => p.warehouse === warehouse));
  }
  return out;
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
    await handle(code);
  });
  input.focus();
}

let scans = Promise.resolve(); /* the scans being handled, in arrival order */

/*
 * One scan, from the keyboard, a station's scanner or the camera: to the
 * active flow, after the scans before it (a station may send two at once).
 */
function handle(raw) {
  const code = String(raw).trim();
  if (code === '') return scans;
  scans = scans.then(async () => {
    const f = flows.find((x) => x.active());
    if (f) await f.scanned(code);
    else feedback('info', () => t('floor.start_first'));
  }).catch(() => {});
  return scans;
}

async function signOut() {
  if ((await queue.count()) > 0 && !confirm(t('floor.logout_with_queue'))) return;
  try {
    await logout();
  } catch (e) { /* the session is forgotten here anyway */ }
  pick.forgetSaved();
  station.close();
  location.assign('/login');
}

/* The service worker that lets the terminal load offline (secure contexts only). */
function keepOffline() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/floor/sw.js', { scope: '/floor/' }).catch(() => {});
  }
}

/*
 * Focus stays on the acted-on control: when a step draws the screen anew,
 * the control with the same id in the new screen gets the focus back; when
 * it is gone, the scan field gets it, as after every scan.
 */
function keepFocus() {
  const screen = $('#screen');
  let last = null;
  document.addEventListener('focusin', (e) => { last = screen.contains(e.target) ? e.target.id || null : null; });
  new MutationObserver(() => {
    const a = document.activeElement;
    if (a && a !== document.body && a.isConnected) return;
    const again = last === null ? null : document.getElementById(last);
    if (again && screen.contains(again)) again.focus();
    else $('#scan').focus(); /* the control is gone: back to the scan field */
  }).observe(screen, { childList: true, subtree: true });
}

async function main() {
  keepOffline();
  keepFocus();
  primeAudio();
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
  /* A 3PL client has no floor: its place is its portal. */
  if (me.role === 'client') return location.replace('/portal/');
  $('#who').textContent = me.username;
  /* Back on the floor: the terminal's choice of the back office is forgotten. */
  if (localStorage.getItem('depot.device') === 'desk') localStorage.removeItem('depot.device');
  $('#lang').addEventListener('click', async () => {
    await setLang(otherLang(), me.username);
    const f = flows.find((x) => x.active());
    if (f) f.render();
    else await home();
    retranslate();
    badge();
  });
  $('#logout').addEventListener('click', signOut);
  pick.init(ctx);
  wireScanner();
  station.listen(handle);
  station.camera(handle);
  window.addEventListener('online', () => pick.replay());
  setInterval(async () => { if (navigator.onLine && (await queue.count()) > 0) pick.replay(); }, 5000);
  await badge();
  /* A list left on screen (a reload, offline or not) comes back at its instruction. */
  const resume = pick.savedWarehouse(me.username);
  if (resume) warehouse = resume;
  await home();
  if (resume) await pick.start(ctx);
  if ((await queue.count()) > 0) pick.replay();
}

main();
