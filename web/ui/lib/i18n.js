/*
 * Message catalogs and locale formatting. Every user-visible string comes
 * from /ui/i18n/<lang>.json through t(key) or a data-i18n* attribute (see
 * docs/ui.md for the rule the i18n test enforces).
 */
const LANGS = ['zh-CN', 'en'];
const STORE = 'depot.lang';
let lang = 'en';
let catalog = {};

/* The language to start with: the user's, the device's, else the browser's. */
export function initialLang(user) {
  const saved = (user && localStorage.getItem(STORE + ':' + user)) ||
    localStorage.getItem(STORE);
  if (LANGS.includes(saved)) return saved;
  const prefs = navigator.languages || [navigator.language || 'en'];
  for (const p of prefs) {
    if (p.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (p.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function currentLang() {
  return lang;
}

export function otherLang() {
  return lang === 'en' ? 'zh-CN' : 'en';
}

/* Loads catalog @l, then translates the document. */
export async function loadLang(l) {
  const res = await fetch('/ui/i18n/' + l + '.json');
  catalog = await res.json();
  lang = l;
  document.documentElement.lang = l;
  translate(document);
}

/* Switches to @l and remembers it for this device and for @user. */
export async function setLang(l, user) {
  localStorage.setItem(STORE, l);
  if (user) localStorage.setItem(STORE + ':' + user, l);
  await loadLang(l);
}

/* The message @key with {name} placeholders filled from @vars. */
export function t(key, vars) {
  let s = Object.prototype.hasOwnProperty.call(catalog, key) ? catalog[key] : key;
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  }
  return s;
}

/* Whether the catalog has @key. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalog, key);
}

/* Fills data-i18n (text), data-i18n-placeholder, -title and -aria-label. */
export function translate(root) {
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of root.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
  for (const e of root.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

export function fmtMoney(amount, currency) {
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(Number(amount));
}

export function fmtDate(iso) {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
