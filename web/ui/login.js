/* The login page: badge + PIN (floor) or username + password, then home by role. */
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

async function submit(ev, fn) {
  ev.preventDefault();
  try {
    const s = await fn();
    location.assign(homeOf(s.user.role));
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
      if (res.ok) location.assign(homeOf(s.user.role));
    } catch (e) { /* offline: stay on the form */ }
  }
}

main();
