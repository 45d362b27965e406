// A real `depot serve` for browser tests: its own embedded PostgreSQL
// cluster under $DEPOT_TEST_TMP, the admin created with `depot user add`,
// a free 127.0.0.1 port, and Debian's chromium driven by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const ADMIN = { username: 'admin', password: 'e2e admin password' };
const bin = process.env.DEPOT_BIN || 'build/depot';
const tmp = process.env.DEPOT_TEST_TMP || '/tmp';
export const artifacts = process.env.DEPOT_E2E_ARTIFACTS || 'build/test-artifacts';

function depot(args, env, input) {
  const r = spawnSync(bin, args, { env: { ...process.env, DEPOT_LOG_LEVEL: 'warn', ...env }, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`depot ${args.join(' ')}: ${r.status} ${r.stdout} ${r.stderr}`);
  return r.stdout;
}

export async function startServer(name) {
  const dataDir = join(tmp, 'e2e-' + name);
  /* A run that was killed may have left its cluster running. */
  spawnSync(bin, ['db', 'stop', '--data-dir', dataDir], { env: { ...process.env, DEPOT_LOG_LEVEL: 'error' } });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const env = { DEPOT_DATA_DIR: dataDir };
  depot(['db', 'start', '--data-dir', dataDir], {});
  depot(['user', 'add', '--username', ADMIN.username, '--role', 'admin', '--password-stdin'], env, ADMIN.password + '\n');
  const child = spawn(bin, ['serve'], {
    env: { ...process.env, ...env, DEPOT_LISTEN: '127.0.0.1:0', DEPOT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('depot serve did not start: ' + out)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/[\d.]+:\d+)\//.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (c) => reject(new Error('depot serve exited ' + c + ': ' + out)));
  });
  child.stdout.resume();
  const server = {
    base,
    env,
    token: null,
    addUser(username, role, warehouse, password, badge, pin) {
      const args = ['user', 'add', '--username', username, '--role', role, '--password-stdin'];
      if (warehouse) args.push('--warehouse', warehouse);
      if (badge) args.push('--badge', badge);
      depot(args, env, password + '\n' + (badge ? pin + '\n' : ''));
    },
    async call(method, path, body, token) {
      const headers = { Accept: 'application/json' };
      if (token || server.token) headers.Authorization = 'Bearer ' + (token || server.token);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    async ok(method, path, body, token) {
      const r = await server.call(method, path, body, token);
      if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    },
    async login(username, password) {
      return (await server.ok('POST', '/api/v1/auth/login', { username, password })).token;
    },
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      const check = spawnSync(bin, ['check', 'stock'], { env: { ...process.env, ...env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
      depot(['db', 'stop', '--data-dir', dataDir], {});
      if (check.status !== 0) throw new Error('depot check stock: ' + check.stdout + check.stderr);
    },
  };
  server.token = await server.login(ADMIN.username, ADMIN.password);
  return server;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.DEPOT_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
}
