/*
 * The one way the UI talks to Depot: JSON over fetch with the session
 * cookie, the CSRF token on every change request, and errors as ApiError
 * (the server's {"error":{code,message,field,params}}: params are the
 * refusal's named figures, for the words of error.<code> in the catalogs)
 * or NetworkError (no reply).
 */
const SESSION = 'depot.session';

export class ApiError extends Error {
  constructor(status, code, message, field, params) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.params = params || {};
  }
}

export class NetworkError extends Error {}

/* The stored session: {csrf, user: {username, role, warehouses}} or null. */
export function session() {
  try {
    return JSON.parse(localStorage.getItem(SESSION));
  } catch (e) {
    return null;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (s && method !== 'GET') headers['X-CSRF-Token'] = s.csrf;
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.status === 204) return null;
  const j = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (j && j.error) || {};
    throw new ApiError(res.status, e.code || 'http_' + res.status, e.message, e.field, e.params);
  }
  return j;
}

function keep(reply) {
  const s = { csrf: reply.csrf_token, user: reply.user };
  localStorage.setItem(SESSION, JSON.stringify(s));
  return s;
}

export async function login(username, password) {
  return keep(await api('POST', '/api/v1/auth/login', { username, password }));
}

export async function badgeLogin(badge, pin) {
  return keep(await api('POST', '/api/v1/auth/badge', { badge, pin }));
}

/* Ends the session on the server (every tab) and forgets it here. */
export async function logout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } finally {
    localStorage.removeItem(SESSION);
  }
}

export function forget() {
  localStorage.removeItem(SESSION);
}

/* Where a user of @role starts: a 3PL client has only its portal. */
export function homeOf(role) {
  if (role === 'client') return '/portal/';
  return role === 'picker' ? '/floor/' : '/app/';
}

/* A version 4 UUID; crypto.randomUUID needs a secure context, this does not. */
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' +
    h.slice(16, 20) + '-' + h.slice(20);
}
