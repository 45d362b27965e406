/*
 * The login page: badge + PIN (floor) or username + password, then home by
 * role and device: a picker always goes to the floor terminal; any other
 * role goes there too on a handheld (narrower than 600 px, or a touch-only
 * pointer on a screen that narrow: the back office serves 768 px and up)
 * or when this terminal chose it, else to the back office. The
 * choice is kept per terminal (localStorage depot.device, set by the
 * floor's "back office" button) and sent as the depot_device cookie so
 * that GET / sends the next visit to the same place.
 */
import { login, badgeLogin, homeOf, session, ApiError } from './lib/api.js';
import { initialLang, loadLang, setLang, otherLang, t } from './lib/i18n.js';
import { $ } from './lib/dom.js';

function showError(e) {
  const p = $('#error');
  p.hidden = false;
  if (e instanceof ApiError && e.code === 'too_many_requests') p.textContent = t('login.throttled');
  else if (e instanceof ApiError) p.textContent = t('login.failed');
  else p.textContent = t('error.network');
}

/* 'floor' or 'desk': this terminal's choice, else what its screen suggests. */
function device() {
  const chosen = localStorage.getItem('depot.device');
  if (chosen === 'floor' || chosen === 'desk') return chosen;
  const handheld = window.innerWidth < 600 || matchMedia('(pointer: coarse) and (max-width: 600px)').matches;
  return handheld ? 'floor' : 'desk';
}

/* Where @user starts on this terminal. */
function startOf(user) {
  const d = device();
  document.cookie = 'depot_device=' + d + '; path=/; max-age=31536000; samesite=lax';
  return user.role !== 'picker' && user.role !== 'client' && d === 'floor' ? '/floor/' : homeOf(user.role);
}

async function submit(ev, fn) {
  ev.preventDefault();
  try {
    const s = await fn();
    location.assign(startOf(s.user));
  } catch (e) {
    showError(e);
  }
}

async function main() {
  await loadLang(initialLang());
  $('#lang').addEventListener('click', () => setLang(otherLang()));
  $('#badge-form').addEventListener('submit', (ev) =>
    submit(ev, () => badgeLogin($('#badge').value.trim(), $('#pin').value)));
  $('#password-form').addEventListener('submit', (ev) =>
    submit(ev, () => login($('#username').value.trim(), $('#password').value)));
  const s = session();
  if (s && s.user) {
    /* Still signed in? The server decides; a dead session stays here. */
    try {
      const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
      if (res.ok) location.assign(startOf(s.user));
    } catch (e) { /* offline: stay on the form */ }
  }
}

main();
