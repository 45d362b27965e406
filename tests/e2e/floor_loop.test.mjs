// End-to-end tests that close the loop on the floor terminal (issue 18,
// items 10-17), in Debian's chromium at 360×640 against a real `depot
// serve`: packing into several cartons (add a carton, move units between
// cartons, product names, reprint of label and slip), a short that asks
// how many are really there before it holds the order, the first scan of
// a session as fast as the rest, a lead on a handheld landing on the
// floor, a look-up of every kind the API resolves, a reload offline coming
// back to the saved instruction, errors in words from the catalogs with
// the server's named parameters, and the accessibility basics (skip link,
// labels, focus). Each test checks the effect through the API; screenshots
// go to build/test-artifacts/ (floor-loop-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, launch, artifacts, ADMIN } from './harness.mjs';
import { englishOnly, visibleTexts } from './i18n.mjs';

const PW = 'e2e floor loop password';
let srv;
let browser;
let po;
let orderNo = 0;

async function setupData() {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'RCV', type: 'receiving', name: '收货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'R-01', zone: 'RCV' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins/generate',
    { zone: 'P', aisles: 'A', racks: '1-9', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  await srv.ok('POST', '/api/v1/products', { sku: 'CUP', name: '醴陵瓷杯', weight_kg: '0.25', barcodes: [{ code: 'BC-CUP' }] });
  await srv.ok('POST', '/api/v1/products', { sku: 'SCARF', name: '湘绣丝巾', weight_kg: '0.05', barcodes: [{ code: 'BC-SCARF' }] });
  await srv.ok('POST', '/api/v1/products', { sku: 'TEASET', name: '醴陵茶具套装', weight_kg: '1', barcodes: [{ code: 'BC-TEASET' }] });
  await srv.ok('POST', '/api/v1/products', { sku: 'RARE', name: '菊花石', weight_kg: '0.5', barcodes: [{ code: 'BC-RARE' }] });
  const stock = [['A-01', 'CUP', 100], ['A-02', 'SCARF', 100], ['A-03', 'TEASET', 20], ['A-04', 'RARE', 3]];
  for (const [bin, sku, n] of stock) await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin, sku, qty_delta: n });
  await srv.ok('POST', '/api/v1/carriers', {
    code: 'EXP', name: '顺丰', transit_days: 2,
    tracking: { prefix: 'EX', digits: 9, check_digit: 'mod10', first: 1, last: 5000 },
    rates: [{ zone: 'domestic', max_weight_g: 30000, price: '15.00' }],
  });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-M', name: '中号箱', tare_g: 100 });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-S', name: '小号箱', tare_g: 50 });
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY', carrier: 'EXP' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 50 });
  await srv.ok('POST', '/api/v1/suppliers', { code: 'SUP1', name: '醴陵瓷厂', skus: [{ sku: 'CUP', cost: '5.00' }] });
  po = await srv.ok('POST', '/api/v1/purchase-orders', { supplier: 'SUP1', warehouse: 'W1', lines: [{ sku: 'CUP', qty: 12 }] });
  for (const step of ['submit', 'approve', 'send']) await srv.ok('POST', `/api/v1/purchase-orders/${po.id}/${step}`);
  srv.addUser('p1', 'picker', 'W1', PW);
  srv.addUser('p2', 'picker', 'W1', PW);
  srv.addUser('p3', 'picker', 'W1', PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
  srv.addUser('lead2', 'warehouse_lead', 'W1', PW);
}

/* An order of @lines ([sku, qty]) in a wave of its own, its pick list given to @picker. */
async function waveFor(lines, picker) {
  orderNo += 1;
  const o = await srv.ok('POST', '/api/v1/orders', {
    store: 'API1', external_id: 'LOOP-' + orderNo, currency: 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: lines.map(([sku, qty]) => ({ sku, qty, unit_price: '19.90' })),
  });
  assert.equal(o.state, 'allocated');
  const wave = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'API1', batch_size: 1 });
  const list = wave.picklists[0].id;
  if (picker) await srv.ok('POST', `/api/v1/picklists/${list}/assign`, { picker });
  return { order: o, list };
}

/* Picks every task of @picker's list @list into tote @tote through the API. */
async function pickAll(picker, tote) {
  const token = await srv.login(picker, PW);
  const key = () => String(Math.random());
  let v = await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, token);
  while (v.action !== 'done') {
    const code = v.action === 'scan_bin' ? v.task.bin : v.action === 'scan_tote' ? tote : 'BC-' + v.task.sku;
    const body = { code, idempotency_key: key() };
    if (v.action === 'scan_item') body.qty = v.task.remaining;
    v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, body, token);
  }
}

async function stockIn(sku, bin) {
  const r = await srv.ok('GET', `/api/v1/stock?sku=${sku}&warehouse=W1&detail=bins`);
  const bins = (r.items[0] && r.items[0].bins) || [];
  return bins.filter((b) => b.bin === bin).reduce((n, b) => n + b.on_hand, 0);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'floor-loop-' + name + '.png') });
}

/* A new browser context at @viewport (default 360×640) with its page; errors are collected. */
async function newPage(viewport, init) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 360, height: 640 }, locale: 'en-US', hasTouch: true });
  const page = await ctx.newPage();
  if (init) await page.addInitScript(init);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return { ctx, page };
}

async function login(page, username, password) {
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', password || PW);
  await page.click('#password-form button[type=submit]');
}

/* A floor page of @username at 360×640, logged in, at home. */
async function floorAs(username, init) {
  const { ctx, page } = await newPage(null, init);
  await login(page, username);
  await page.waitForURL(/\/floor\//);
  await page.waitForSelector('#start-pick');
  return { ctx, page };
}

async function scan(page, code) {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

const step = (page, action) => page.waitForSelector(`#big[data-action=${action}]`);

async function flash(page, kind, re) {
  await page.waitForFunction(([k, src]) => {
    const f = document.querySelector('#flash');
    return f && !f.hidden && f.classList.contains(k) && new RegExp(src).test(f.textContent);
  }, [kind, re.source], { timeout: 10000 }).catch(() => {});
  assert.match(await page.textContent('#flash'), re);
  assert.ok(await page.$('#flash.' + kind), 'the flash is ' + kind);
}

async function toChinese(page) {
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
}

/* Visible text still in English on a Chinese screen (codes inside messages are data). */
async function leftInEnglish(page) {
  const texts = await visibleTexts(page, { extras: false });
  const banned = englishOnly();
  return texts.filter((s) => banned.test(s.replace(/\b[A-Z][A-Z0-9]*-[A-Z0-9-]+\b/g, '')));
}

before(async () => {
  srv = await startServer('floor-loop');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('look-up shows every kind scans/resolve answers: a pick list PL-n, a PO, a carton, a badge', async () => {
  const { list } = await waveFor([['CUP', 1]]);
  const hit = await srv.ok('POST', '/api/v1/scans/resolve', { code: 'PL-' + list, warehouse: 'W1' });
  assert.equal(hit.kind, 'picklist');
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-lookup');
  await page.waitForSelector('#big:text("?")');
  await scan(page, 'PL-' + list);
  await page.waitForSelector('#lookup-kind[data-kind=picklist]');
  assert.equal(await page.textContent('#lookup-kind'), 'Pick list');
  assert.equal(await page.textContent('#big'), 'PL-' + list);
  assert.match(await page.textContent('#screen'), /State: waiting/);
  await flash(page, 'ok', /OK/);
  await shot(page, 'lookup-picklist');
  await scan(page, po.number);
  await page.waitForSelector('#lookup-kind[data-kind=po]');
  assert.equal(await page.textContent('#lookup-kind'), 'Purchase order');
  assert.match(await page.textContent('#screen'), /Supplier 醴陵瓷厂/);
  assert.match(await page.textContent('#lookup-rows'), /CUP 12 open/);
  await toChinese(page);
  await page.waitForSelector('#lookup-kind:text("采购单")');
  assert.deepEqual(await leftInEnglish(page), []);
  await scan(page, 'PL-' + list);
  await page.waitForSelector('#lookup-kind:text("拣货单")');
  assert.match(await page.textContent('#screen'), /状态：待拣/);
  assert.deepEqual(await leftInEnglish(page), []);
  await shot(page, 'lookup-picklist-zh-CN');
  /* Every kind the resolver can answer has its name in both catalogs. */
  const src = readFileSync(new URL('../../core/core_scan.c', import.meta.url), 'utf8') +
    readFileSync(new URL('../../web/handlers/web_scans_resolve_post.c', import.meta.url), 'utf8');
  const kinds = new Set([...src.matchAll(/'kind', '(\w+)'|"kind", json_string\("(\w+)"\)|"kind", "(\w+)"/g)]
    .map((m) => m[1] || m[2] || m[3]));
  assert.ok(kinds.size >= 10, [...kinds].join());
  for (const lang of ['en', 'zh-CN']) {
    const cat = JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url), 'utf8'));
    for (const k of kinds) assert.ok(cat['lookup.kind.' + k], `${lang} lookup.kind.${k}`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/* Records when the page made its audio context and when each Enter and flash happened. */
function timing() {
  window.__t = { audio: [], enter: [], flash: [] };
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...a) {
      const t0 = performance.now();
      super(...a);
      window.__t.audio.push([t0, performance.now()]);
    }
  };
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t.enter.push(performance.now()); }, true);
  window.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const f = document.querySelector('#flash');
      if (f && !f.hidden) requestAnimationFrame(() => window.__t.flash.push(performance.now()));
    }).observe(document.querySelector('#flash'), { attributes: true, childList: true, characterData: true, subtree: true });
  });
}

test('the first scan of a session answers as fast as the rest: the audio is ready before it', async () => {
  const { ctx, page } = await floorAs('p2', timing);
  await page.click('#start-lookup');
  await page.waitForSelector('#big:text("?")');
  const times = [];
  for (const code of ['A-01', 'A-02', 'A-03']) {
    const n = await page.evaluate(() => window.__t.flash.length);
    await scan(page, code);
    await page.waitForFunction((k) => window.__t.flash.length > k, n);
    const t = await page.evaluate(() => window.__t);
    times.push(t.flash[n] - t.enter[t.enter.length - 1]);
    await page.waitForSelector('#lookup-kind[data-kind=bin]');
  }
  const t = await page.evaluate(() => window.__t);
  assert.equal(t.audio.length, 1, 'one audio context');
  assert.ok(t.audio[0][1] < t.enter[0], 'made before the first scan, not by its beep');
  console.log('# scan to flash (ms): ' + times.map((x) => x.toFixed(0)).join(', '));
  assert.ok(times[0] < Math.max(300, 3 * Math.max(times[1], times[2])), 'first scan ' + times.join());
  /* The scans did what they say: the same bin the API resolves. */
  assert.equal(await page.textContent('#big'), 'A-03');
  await ctx.close();
});

test('a lead or admin on a handheld lands on the floor terminal; at a desk on the back office; the choice is kept', async () => {
  const hand = await newPage();
  await login(hand.page, 'lead');
  await hand.page.waitForURL(/\/floor\/$/);
  await hand.page.waitForSelector('#start-pick');
  /* GET / sends this terminal to the floor too (its cookie). */
  await hand.page.goto(srv.base + '/');
  await hand.page.waitForURL(/\/floor\/$/);
  await hand.page.waitForSelector('#to-office');
  await shot(hand.page, 'lead-handheld-home');
  /* The lead chooses the back office on this terminal: kept for the next login. */
  await hand.page.click('#to-office');
  await hand.page.waitForURL(/\/app\//);
  const token = await hand.page.evaluate(() => JSON.parse(localStorage.getItem('depot.session')).csrf);
  assert.ok(token);
  await hand.page.evaluate(() => localStorage.removeItem('depot.session'));
  await login(hand.page, 'lead');
  await hand.page.waitForURL(/\/app\//);
  await hand.ctx.close();
  const admin = await newPage();
  await login(admin.page, ADMIN.username, ADMIN.password);
  await admin.page.waitForURL(/\/floor\/$/);
  await admin.page.waitForSelector('#start-pick');
  await admin.ctx.close();
  const desk = await newPage({ width: 1280, height: 800 });
  await login(desk.page, 'lead2');
  await desk.page.waitForURL(/\/app\//);
  await desk.page.goto(srv.base + '/');
  await desk.page.waitForURL(/\/app\//);
  await desk.ctx.close();
  /* The server still answers by role without the cookie. */
  const me = await srv.ok('GET', '/api/v1/auth/me', undefined, await srv.login('lead', PW));
  assert.equal(me.user.role, 'warehouse_lead');
});

test('short asks how many are really there before it holds the order, apart from pause', async () => {
  const { order, list } = await waveFor([['RARE', 3]], 'p3');
  const { ctx, page } = await floorAs('p3');
  await page.click('#start-pick');
  await step(page, 'scan_bin');
  assert.equal(await page.textContent('#big'), 'A-04');
  /* Short and pause are not side by side. */
  const s = await page.locator('#short').boundingBox();
  const p = await page.locator('#pause').boundingBox();
  assert.ok(s.y - (p.y + p.height) >= 20, 'short sits apart from pause');
  await page.click('#short');
  await page.waitForSelector('#short-ask');
  assert.match(await page.textContent('#short-ask'), /Short of RARE in A-04: 3 needed\. How many are really there\?/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'short-found');
  await shot(page, 'short-ask');
  /* Asking changed nothing; going back neither, and focus returns to the button. */
  assert.equal((await srv.ok('GET', '/api/v1/orders/' + order.id)).state, 'picking');
  await page.click('#short-cancel');
  await page.waitForSelector('#short-ask', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'short');
  /* Two are there: take those first. */
  await page.click('#short');
  await page.fill('#short-found', '2');
  await page.click('#short-confirm');
  await flash(page, 'info', /Take the 2 there first/);
  await scan(page, 'A-04');
  await step(page, 'scan_item');
  assert.equal(await page.textContent('#qty-value'), '2');
  await scan(page, 'BC-RARE');
  await step(page, 'scan_item_or_tote');
  await scan(page, 'T031');
  await step(page, 'scan_item');
  assert.equal(await stockIn('RARE', 'T031'), 2);
  /* None left for the third: in Chinese, the question, then the hold. */
  await toChinese(page);
  await page.click('#short');
  await page.waitForSelector('#short-ask:has-text("实际还有几件")');
  assert.deepEqual(await leftInEnglish(page), []);
  await shot(page, 'short-ask-zh-CN');
  await page.click('#short-confirm');
  await flash(page, 'ok', new RegExp('订单 ' + order.external_id + ' 已挂起'));
  const after = await srv.ok('GET', '/api/v1/orders/' + order.id);
  assert.equal(after.state, 'on_hold');
  const pl = await srv.ok('GET', '/api/v1/picklists/' + list);
  assert.ok(pl.tasks.some((x) => x.state === 'short'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
  /* The hold and its timeline event carry a code and params; a lead's look-up words them. */
  assert.deepEqual(after.holds.map((h) => [h.reason, h.params]), [['short_pick', { lost: 1, sku: 'RARE', bin: 'A-04' }]]);
  const events = (await srv.ok('GET', `/api/v1/orders/${order.id}/timeline`)).items;
  const ev = events[events.length - 1];
  assert.deepEqual([ev.code, ev.params], ['short_pick', { lost: 1, sku: 'RARE', bin: 'A-04' }]);
  const lead = await floorAs('lead');
  await lead.page.click('#start-lookup');
  await lead.page.waitForSelector('#big:text("?")');
  await scan(lead.page, order.external_id);
  await lead.page.waitForSelector('#lookup-holds');
  assert.match(await lead.page.textContent('#lookup-holds'), /Short pick 1 of RARE not found in bin A-04/);
  assert.match(await lead.page.textContent('#lookup-events'), /Short pick: 1 of RARE not found in bin A-04/);
  await toChinese(lead.page);
  await lead.page.waitForSelector('#lookup-holds:has-text("货位 A-04 中找不到 RARE")');
  assert.deepEqual(await leftInEnglish(lead.page), []);
  await shot(lead.page, 'lookup-held-order-zh-CN');
  await lead.ctx.close();
});

test('a reload, offline or not, comes back to the saved pick instruction, not home', async () => {
  await waveFor([['SCARF', 2]], 'p1');
  const { ctx, page } = await floorAs('p1');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/products/'));
  await page.click('#start-pick');
  await loaded;
  await step(page, 'scan_bin');
  await scan(page, 'A-02');
  await step(page, 'scan_item');
  /* Online reload: the list's instruction from the server. */
  await page.reload();
  await step(page, 'scan_item');
  assert.equal(await page.textContent('#big'), 'SCARF');
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('depot.pick')).codes || {}).SCARF);
  /* Offline: one scan queued, then a reload without network. */
  await ctx.setOffline(true);
  await scan(page, 'BC-SCARF');
  await page.waitForSelector('#queue[data-count="1"]');
  await step(page, 'scan_item_or_tote');
  await page.reload();
  await step(page, 'scan_item_or_tote');
  assert.equal(await page.textContent('#big'), 'SCARF');
  await page.waitForSelector('#queue[data-count="1"]');
  assert.equal(await page.$('#start-pick'), null, 'not the home screen');
  await shot(page, 'offline-reload');
  await ctx.setOffline(false);
  await page.waitForSelector('#queue[hidden]', { state: 'attached', timeout: 15000 });
  await scan(page, 'BC-SCARF');
  await step(page, 'scan_tote');
  await scan(page, 'T032');
  await step(page, 'done');
  assert.equal(await stockIn('SCARF', 'T032'), 2, 'picked once, through the reloads');
  await ctx.close();
});

test('accessibility: a skip link to the task, a label on every input, focus kept on the acted-on control', async () => {
  const { ctx, page } = await floorAs('lead');
  /* The skip link is the first thing Tab reaches from the top; focused, it shows. */
  const first = await page.evaluate(() => document.querySelector('a[href], button, input:not([hidden])').id);
  assert.equal(first, 'skip');
  await page.focus('#skip');
  const box = await page.locator('#skip').boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.width > 40, 'visible when focused');
  assert.equal(await page.textContent('#skip'), 'Skip to the task');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'screen');
  const unlabelled = () => page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((i) => i.labels.length === 0 && !i.getAttribute('aria-label')).map((i) => i.id || i.outerHTML));
  assert.deepEqual(await unlabelled(), []);
  assert.equal(await page.evaluate(() => document.querySelector('#scan').labels.length), 1);
  /* The lead's station, then packing: the weight field has its label. */
  await page.click('#start-station');
  await page.click('#stations [data-code=ST1]');
  await page.waitForSelector('#start-station:has-text("ST1")');
  await page.click('#lang');
  await page.waitForSelector('#skip:text("跳到任务")', { state: 'attached' });
  assert.deepEqual(await unlabelled(), []);
  await ctx.close();
});

test('errors carry their code and named params, and the Chinese terminal words them from its catalogs', async () => {
  const { list } = await waveFor([['CUP', 2]], 'p2');
  const token = await srv.login('p2', PW);
  const key = () => String(Math.random());
  await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, token);
  /* Through the API: the one error shape with params next to the message. */
  const wrong = await srv.call('POST', `/api/v1/picklists/${list}/scan`, { code: 'A-09', idempotency_key: key() }, token);
  assert.equal(wrong.status, 409);
  assert.equal(wrong.json.error.code, 'wrong_bin');
  assert.equal(wrong.json.error.params.expected, 'A-01');
  assert.equal(wrong.json.error.params.scanned, 'A-09');
  assert.match(wrong.json.error.message, /expected bin A-01/);
  await srv.ok('POST', `/api/v1/picklists/${list}/scan`, { code: 'A-01', idempotency_key: key() }, token);
  const over = await srv.call('POST', `/api/v1/picklists/${list}/scan`, { code: 'BC-CUP', qty: 5, idempotency_key: key() }, token);
  assert.equal(over.json.error.code, 'over_pick');
  assert.deepEqual([over.json.error.params.need, over.json.error.params.units], [2, 5]);
  const notOnPo = await srv.call('POST', `/api/v1/purchase-orders/${po.id}/receipts`, { lines: [{ sku: 'SCARF', qty: 1 }] });
  assert.equal(notOnPo.json.error.code, 'sku_not_on_po');
  assert.deepEqual(notOnPo.json.error.params, { sku: 'SCARF', number: po.number });
  /* On the terminal, in Chinese: one unit in hand, then Short: the server's refusal in words. */
  const { ctx, page } = await floorAs('p2');
  await toChinese(page);
  await page.click('#start-pick');
  await step(page, 'scan_item');
  await scan(page, 'BC-CUP');
  await step(page, 'scan_item_or_tote');
  const refused = page.waitForResponse((r) => r.url().endsWith('/short'));
  await page.click('#short');
  await page.click('#short-confirm');
  const r = await (await refused).json();
  assert.equal(r.error.code, 'hand_not_empty');
  assert.equal(r.error.params.in_hand, 1);
  await flash(page, 'error', /请先把手中的 1 件放入周转箱/);
  assert.deepEqual(await leftInEnglish(page), []);
  await shot(page, 'error-params-zh-CN');
  /* Every code of the registry has its words in both catalogs (the lint checks it too). */
  const def = readFileSync(new URL('../../core/core_ec.def', import.meta.url), 'utf8');
  const codes = [...def.matchAll(/^CORE_EC\(\w+, (\w+),/gm)].map((m) => m[1]);
  assert.ok(codes.length > 100);
  for (const lang of ['en', 'zh-CN']) {
    const cat = JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url), 'utf8'));
    assert.deepEqual(codes.filter((c) => !cat['error.' + c]), [], lang);
  }
  /* Nothing moved: the unit is still in hand, none in a tote. */
  assert.equal(await stockIn('CUP', 'A-01') >= 98, true);
  assert.equal((await srv.ok('GET', '/api/v1/picklists/' + list)).tasks[0].picked, 0);
  await ctx.close();
});

test('pack into several cartons: add a carton, move units between them, names shown, reprint label and slip', async () => {
  const got = [];
  const printer = net.createServer((sock) => {
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => got.push(Buffer.concat(chunks).toString('latin1')));
  });
  await new Promise((r) => printer.listen(0, '127.0.0.1', r));
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1', printer: '127.0.0.1:' + printer.address().port });
  await waveFor([['CUP', 3], ['TEASET', 1]], 'p1');
  await pickAll('p1', 'T040');
  const { ctx, page } = await floorAs('p2');
  await page.click('#start-station');
  await page.click('#stations [data-code=ST1]');
  await page.waitForSelector('body[data-station=live]');
  await page.click('#start-pack');
  await step(page, 'scan_tote');
  const opened = page.waitForResponse((r) => r.url().endsWith('/packing/open'));
  await scan(page, 'T040');
  const shipId = (await (await opened).json()).id;
  await step(page, 'carton');
  await page.click('#carton-types [data-code=BOX-M]');
  await step(page, 'scan_item');
  /* Product names next to the SKUs. */
  assert.equal(await page.textContent('#item-name'), '醴陵瓷杯');
  assert.match(await page.textContent('#pack-items'), /CUP 醴陵瓷杯 0 of 3 packed/);
  assert.match(await page.textContent('#pack-items'), /TEASET 醴陵茶具套装/);
  for (let i = 0; i < 3; i++) await scan(page, 'BC-CUP');
  await page.waitForSelector('#pack-items:has-text("3 of 3 packed")');
  /* Carton 1 is full: another carton, and one cup moves over. */
  await page.click('#add-carton');
  await step(page, 'carton');
  await page.click('#carton-types [data-code=BOX-S]');
  await step(page, 'scan_item');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scan');
  await page.click('#move-from-1');
  await step(page, 'move');
  await shot(page, 'pack-move');
  await scan(page, 'BC-SCARF');
  await flash(page, 'error', /Not in that carton: BC-SCARF/);
  await scan(page, 'BC-CUP');
  await flash(page, 'ok', /Moved into carton 2/);
  await page.click('#move-done');
  await step(page, 'scan_item');
  await scan(page, 'BC-TEASET');
  await step(page, 'weigh');
  let sh = await srv.ok('GET', '/api/v1/shipments/' + shipId);
  assert.deepEqual(sh.cartons.map((c) => c.items.map((i) => i.sku + '×' + i.qty).join(',')), ['CUP×2', 'CUP×1,TEASET×1']);
  /* In Chinese: the weighing of carton 1, no English left. */
  await page.click('#lang');
  await page.waitForSelector('#verb:has-text("称第 1 箱")');
  assert.deepEqual(await leftInEnglish(page), []);
  await shot(page, 'pack-two-cartons-zh-CN');
  await page.click('#lang');
  await page.waitForSelector('#verb:has-text("Weigh carton 1")');
  await page.fill('#weight', '600');
  await page.click('#close-carton');
  await page.waitForSelector('#verb:has-text("Weigh carton 2")');
  await page.fill('#weight', '1300');
  await page.click('#close-carton');
  await step(page, 'ship');
  sh = await srv.ok('GET', '/api/v1/shipments/' + shipId);
  assert.equal(sh.state, 'packed');
  assert.deepEqual(sh.cartons.map((c) => [c.state, c.weight_g]), [['closed', 600], ['closed', 1300]]);
  for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  const before = got.length;
  await page.click('#reprint-slip');
  await flash(page, 'ok', /Packing slip queued for printing again/);
  for (let i = 0; i < 100 && got.length < before + 1; i++) await new Promise((r) => setTimeout(r, 50));
  const slip = await (await fetch(srv.base + `/api/v1/shipments/${shipId}/packing-slip.zpl`,
    { headers: { Authorization: 'Bearer ' + srv.token } })).text();
  assert.equal(got[got.length - 1], slip);
  const beforeLabel = got.length;
  await page.click('#reprint-label');
  await flash(page, 'ok', /queued for printing again/);
  for (let i = 0; i < 100 && got.length < beforeLabel + 1; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(got.length, beforeLabel + 1, 'the label reached the printer');
  const jobs = (await srv.ok('GET', '/api/v1/print-jobs?station=ST1')).items;
  assert.ok(jobs.filter((j) => j.kind === 'reprint').length >= 2);
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1' });
  await new Promise((r) => printer.close(r));
  await page.click('#ship');
  await flash(page, 'ok', /Shipped: EX/);
  assert.equal((await srv.ok('GET', '/api/v1/shipments/' + shipId)).state, 'shipped');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('unscan through the API: idempotent, refuses what the carton does not hold, removes a carton left empty', async () => {
  await waveFor([['SCARF', 2]], 'p3');
  await pickAll('p3', 'T041');
  const token = await srv.login('p3', PW);
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: 'T041', station: 'ST1' }, token);
  let doc = await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-S', idempotency_key: 'u-c1' }, token);
  const c1 = doc.cartons[0].id;
  doc = await srv.ok('POST', `/api/v1/cartons/${c1}/scan`, { code: 'BC-SCARF', qty: 2, idempotency_key: 'u-s1' }, token);
  doc = await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-S', idempotency_key: 'u-c2' }, token);
  const c2 = doc.cartons[1].id;
  const none = await srv.call('POST', `/api/v1/cartons/${c2}/unscan`, { code: 'BC-SCARF', idempotency_key: 'u-x' }, token);
  assert.equal(none.status, 409);
  assert.equal(none.json.error.code, 'wrong_item');
  assert.deepEqual(none.json.error.params, { scanned: 'BC-SCARF', carton: 2 });
  const many = await srv.call('POST', `/api/v1/cartons/${c1}/unscan`, { code: 'BC-SCARF', qty: 3, idempotency_key: 'u-y' }, token);
  assert.equal(many.json.error.code, 'out_of_range');
  assert.deepEqual(many.json.error.params, { max: 2, units: 3 });
  doc = await srv.ok('POST', `/api/v1/cartons/${c1}/unscan`, { code: 'BC-SCARF', idempotency_key: 'u-1' }, token);
  const again = await srv.ok('POST', `/api/v1/cartons/${c1}/unscan`, { code: 'BC-SCARF', idempotency_key: 'u-1' }, token);
  assert.deepEqual(again.cartons, doc.cartons, 'the same key answers the same, once');
  assert.equal(doc.items[0].packed, 1);
  doc = await srv.ok('POST', `/api/v1/cartons/${c2}/scan`, { code: 'BC-SCARF', idempotency_key: 'u-2' }, token);
  doc = await srv.ok('POST', `/api/v1/cartons/${c1}/unscan`, { code: 'BC-SCARF', idempotency_key: 'u-3' }, token);
  assert.deepEqual(doc.cartons.map((c) => c.id), [c2], 'carton 1, left empty, is gone');
  assert.equal(doc.items[0].packed, 1);
  /* Another warehouse's lead may not touch it (the route's scope). */
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W2', name: '长沙仓' });
  srv.addUser('lead-w2', 'warehouse_lead', 'W2', PW);
  const other = await srv.call('POST', `/api/v1/cartons/${c2}/unscan`, { code: 'BC-SCARF', idempotency_key: 'u-4' }, await srv.login('lead-w2', PW));
  assert.equal(other.status, 403);
});
