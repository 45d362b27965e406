// Event webhooks (issue 23 item 6) in the back office: an admin subscribes
// a receiver run by this test, sees the signing secret once, and the
// receiver checks each event's Depot-Signature with that secret (node's
// own HMAC); the subscription's deliveries show, and a redeliver sends an
// event again. Checked through the API, in English and Chinese, at
// 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches as switches } from './i18n.mjs';

const PW = 'e2e webhooks password';
let srv;
let browser;
let receiver;
let port;
let secret = '';
const got = []; /* verified bodies, in arrival order */
let rejected = 0;

/* The receiver's check of Depot-Signature: t=<unix>,v1=<hex HMAC of "t.body">. */
function verified(sig, body) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig || '');
  if (!m || !secret) return false;
  const want = createHmac('sha256', secret).update(m[1] + '.' + body).digest();
  return timingSafeEqual(want, Buffer.from(m[2], 'hex'));
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function desk(username, locale) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale || 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => d.accept());
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#page .route *');
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

async function fitsWidth(page, width, name) {
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `${name} is ${w} px wide at ${width}`);
  await shot(page, name + '-' + width);
}

async function until(fn, what) {
  for (let i = 0; i < 150; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('timed out waiting for ' + what);
}

before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (!verified(req.headers['depot-signature'], body)) {
        rejected += 1;
        res.writeHead(400).end('bad signature');
        return;
      }
      got.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  port = receiver.address().port;
  srv = await startServer('webhooks');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'P-1', zone: 'P' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP-1', name: '醴陵瓷杯' });
  srv.addUser('boss', 'admin', null, PW);
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (receiver) receiver.close();
});

test('an admin subscribes in the UI, sees the secret once; signed events arrive and can be redelivered', async () => {
  const { ctx, page } = await desk('boss');
  await go(page, '#/webhooks', '#webhook-form');
  await page.fill('#wh-url', `http://127.0.0.1:${port}/depot`);
  await page.check('#wh-t-stock-changed');
  await page.fill('#wh-note', 'ERP stock feed');
  await shot(page, 'app-webhooks-new');
  await page.click('#webhook-create');
  await page.waitForSelector('#wh-secret-value');
  secret = (await page.textContent('#wh-secret-value')).trim();
  assert.match(secret, /^whsec_[0-9a-f]{48}$/);
  /* Through the API: there, with its events, and never its secret. */
  const list = await srv.ok('GET', '/api/v1/webhooks');
  const h = list.items.find((x) => x.url === `http://127.0.0.1:${port}/depot`);
  assert.ok(h, 'subscription listed');
  assert.deepEqual(h.events, ['stock.changed']);
  assert.equal(h.active, true);
  assert.equal(h.note, 'ERP stock feed');
  assert.ok(!JSON.stringify(list).includes(secret));
  /* A fact: its event reaches the receiver, signed with that secret. */
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'P-1', sku: 'CUP-1', qty_delta: 12 });
  await until(() => got.length >= 1, 'the stock event');
  assert.equal(rejected, 0);
  assert.equal(got[0].type, 'stock.changed');
  assert.equal(got[0].data.sku, 'CUP-1');
  assert.equal(got[0].data.qty, 12);
  /* The subscription's page: the delivery, delivered; redeliver it. */
  await page.click(`#webhooks tr[data-id="${h.id}"] .webhook-link`);
  await page.waitForSelector('#deliveries tbody tr');
  await until(async () => {
    await go(page, '#/webhooks', '#webhooks');
    await go(page, '#/webhook?id=' + h.id, '#deliveries tbody tr');
    return (await page.getAttribute('#deliveries tbody tr', 'data-status')) === 'delivered';
  }, 'the delivery shown delivered');
  await shot(page, 'app-webhook-deliveries');
  await page.click('#deliveries tbody tr .redeliver');
  await page.waitForSelector('#webhook-notice');
  await until(() => got.length >= 2, 'the redelivery');
  assert.equal(got[1].id, got[0].id);
  const d = await srv.ok('GET', `/api/v1/webhooks/${h.id}/deliveries`);
  assert.equal(d.items.length, 1);
  /* Switched off in the UI: the API says so. */
  await page.click('#webhook-toggle');
  await page.waitForSelector('#webhook-active[data-active=false]');
  assert.equal((await srv.ok('GET', '/api/v1/webhooks/' + h.id)).active, false);
  await switches(page, { main: '#page .route', back: true, options: false });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('360×640: the list and a subscription fit a phone, in Chinese and English; the back office cannot open them', async () => {
  const id = (await srv.ok('GET', '/api/v1/webhooks')).items[0].id;
  for (const locale of ['zh-CN', 'en-US']) {
    const { ctx, page } = await desk('boss', locale);
    await page.setViewportSize({ width: 360, height: 640 });
    await go(page, '#/webhooks', '#webhooks');
    await fitsWidth(page, 360, 'webhooks-' + locale);
    await go(page, '#/webhook?id=' + id, '#deliveries');
    await fitsWidth(page, 360, 'webhook-' + locale);
    await ctx.close();
  }
  const { ctx, page } = await desk('office');
  assert.equal(await page.isVisible('#nav-webhooks'), false);
  await ctx.close();
});

test('a subscription bound to a 3PL client gets that owner\'s events only', async () => {
  await srv.ok('POST', '/api/v1/owners', { code: 'ACME', name: '山野茶业' });
  await srv.ok('POST', '/api/v1/products', { sku: 'ACME-1', name: '明前龙井', owner: 'ACME' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'P-2', zone: 'P' });
  const { ctx, page } = await desk('boss');
  await go(page, '#/webhooks', '#webhook-form');
  await page.fill('#wh-url', `http://127.0.0.1:${port}/acme`);
  await page.check('#wh-t-stock-changed');
  await page.selectOption('#wh-owner', 'ACME');
  await page.click('#webhook-create');
  await page.waitForSelector('#wh-secret-value');
  const h = (await srv.ok('GET', '/api/v1/webhooks')).items.find((x) => x.url === `http://127.0.0.1:${port}/acme`);
  assert.equal(h.owner, 'ACME');
  await page.waitForSelector(`#webhooks tr[data-id="${h.id}"][data-owner="ACME"]`);
  await shot(page, 'app-webhooks-owner');
  /* The company's stock moves first, then ACME's: only ACME's becomes a
   * delivery of this subscription (whose secret the receiver does not
   * know: it answers 400, the delivery stays, which is all this needs). */
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'P-1', sku: 'CUP-1', qty_delta: 1 });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'P-2', sku: 'ACME-1', qty_delta: 3 });
  let d;
  await until(async () => {
    d = await srv.ok('GET', `/api/v1/webhooks/${h.id}/deliveries`);
    return d.items.length >= 1;
  }, 'ACME\'s stock event');
  assert.equal(d.items.length, 1);
  assert.equal(d.items[0].type, 'stock.changed');
  assert.equal(d.items[0].resource.kind, 'sku');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
