// End-to-end tests of after-sales (issue 19, item 6) on the demo data
// (`depot demo seed`): in the back office a return is created from a
// shipped order's page (only returnable quantities offered, a reason per
// line) and found through the API with its lines; on the floor terminal at
// 360×640 a picker scans the parcel, the item and its condition, and the
// API shows the line received and the returns bin one unit fuller, then
// the unit goes to quarantine; a refund (refused above what was paid),
// closing, and confirming a return that came without an RMA; an exchange
// and a reship from the RMA page (free orders linked both ways); the
// dashboard's open-returns card and its drill-down; receiving and
// disposing offline on the floor, sent when the network returns. In English
// and Chinese, at 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e returns password';
const bin = process.env.DEPOT_BIN || 'build/depot';
let srv;
let browser;
let candidates = []; /* shipped ZZ1 orders with a returnable, untracked SKU: [{order, number, sku}] */
const created = [];  /* RMAs made in the back office: [{id, number, sku, order}] */

function seedDemo() {
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('depot demo seed: ' + r.stdout + r.stderr);
}

/* Shipped orders of ZZ1 with no RMA yet and a returnable SKU without lots. */
async function findCandidates() {
  const out = [];
  const page = await srv.ok('GET', '/api/v1/orders?state=shipped&limit=100');
  for (const o of page.items) {
    if (out.length >= 7) break;
    const l = await srv.ok('GET', '/api/v1/returns/lookup?code=' + encodeURIComponent(o.external_id));
    if (l.order !== o.id || l.rma || l.warehouse !== 'ZZ1') continue;
    for (const r of l.returnable) {
      if (r.returnable < 1) continue;
      const p = await srv.ok('GET', '/api/v1/products/' + encodeURIComponent(r.sku));
      if (p.lot_tracked || p.serial_tracked || p.expiry_tracked) continue;
      out.push({ order: o.id, number: o.external_id, sku: r.sku });
      break;
    }
  }
  return out;
}

async function stockIn(sku, binCode) {
  const r = await srv.ok('GET', `/api/v1/stock?sku=${encodeURIComponent(sku)}&warehouse=ZZ1&detail=bins`);
  const bins = (r.items[0] && r.items[0].bins) || [];
  return bins.filter((b) => b.bin === binCode).reduce((n, b) => n + b.on_hand, 0);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

/* Signed in at desk size (a phone-sized login goes to the floor), then the size under test. */
async function desk(username, locale, viewport) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL('**/app/');
  await page.waitForSelector('#nav-returns');
  await page.setViewportSize(viewport);
  return { ctx, page };
}

async function floorAs(username, locale) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale, hasTouch: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL(/\/(floor|app)\//);
  if (!page.url().includes('/floor/')) await page.goto(srv.base + '/floor/');
  await page.waitForSelector('#start-returns');
  return { ctx, page };
}

async function scan(page, code) {
  await page.fill('#scan', code);
  await page.press('#scan', 'Enter');
}

const step = (page, action) => page.waitForSelector(`#big[data-action=${action}]`);

before(async () => {
  srv = await startServer('returns');
  browser = await launch();
  seedDemo();
  srv.addUser('office', 'back_office', null, PW);
  srv.addUser('rpicker', 'picker', 'ZZ1', PW);
  candidates = await findCandidates();
  assert.ok(candidates.length >= 6, 'the demo has shipped orders to return: ' + candidates.length);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 1280, height: 800 }],
  ['en-US', { width: 360, height: 640 }], ['zh-CN', { width: 360, height: 640 }]];

for (const [i, [locale, vp]] of RUNS.entries()) {
  test(`back office creates a return from a shipped order (${locale}, ${vp.width}x${vp.height})`, async () => {
    const c = candidates[i];
    const { ctx, page } = await desk('office', locale, vp);
    await page.evaluate((id) => { location.hash = '#/order?id=' + id; }, c.order);
    await page.click('#order-return');
    /* The form opens for that order, offering only what may come back. */
    await page.waitForSelector('#rma-new-form');
    assert.equal((await page.textContent('#rma-new-order')).trim(), c.number);
    const row = `#rma-new-lines tr[data-sku="${c.sku}"]`;
    const max = Number(await page.getAttribute(row + ' .rma-qty', 'max'));
    assert.ok(max >= 1, 'the returnable quantity is offered');
    await page.fill(row + ' .rma-qty', '1');
    await page.selectOption(row + ' .rma-reason', 'wrong_item');
    const label = await page.textContent(row + ' .rma-reason option[value=wrong_item]');
    assert.equal(label, locale === 'zh-CN' ? '发错货' : 'Wrong item');
    await page.click('#rma-create');
    await page.waitForSelector('#rma-number');
    const number = (await page.textContent('#rma-number')).trim();
    await page.waitForSelector('#rma-timeline tr[data-code=created]');
    const ev = await page.textContent('#rma-timeline tr[data-code=created] .event-note');
    assert.ok(ev.includes(number), 'the timeline says the return was created: ' + ev);
    if (locale === 'zh-CN') assert.match(ev, /创建退货单/);
    await shot(page, `returns-detail-${locale}-${vp.width}`);
    /* Through the API: the RMA exists with the line and its reason. */
    const list = await srv.ok('GET', '/api/v1/returns?q=' + encodeURIComponent(number));
    const m = list.items.find((x) => x.number === number);
    assert.ok(m, 'the list has ' + number);
    assert.equal(m.order, c.order);
    assert.equal(m.state, 'authorized');
    const doc = await srv.ok('GET', '/api/v1/returns/' + m.id);
    assert.equal(doc.lines.length, 1);
    assert.equal(doc.lines[0].sku, c.sku);
    assert.equal(doc.lines[0].qty, 1);
    assert.equal(doc.lines[0].reason, 'wrong_item');
    /* The list shows it too, with its age. */
    await page.evaluate((n) => { location.hash = '#/returns?q=' + encodeURIComponent(n); }, number);
    await page.waitForSelector(`#rmas tr[data-number="${number}"]`);
    await shot(page, `returns-list-${locale}-${vp.width}`);
    /* The order's timeline words the return (event.rma_created), never its code. */
    await page.evaluate((id) => { location.hash = '#/order?id=' + id; }, c.order);
    await page.waitForSelector('#timeline');
    const notes = await page.$$eval('#timeline .event-note', (xs) => xs.map((x) => x.textContent));
    assert.ok(notes.some((x) => x.includes(number)), 'the order timeline names ' + number + ': ' + notes.join(' | '));
    assert.deepEqual(page.errors, []);
    created.push({ id: m.id, number, sku: c.sku, order: c.order });
    await ctx.close();
  });
}

for (const [i, locale] of ['en-US', 'zh-CN'].entries()) {
  test(`floor receives a returned item into the returns bin and quarantines it (${locale}, 360x640)`, async () => {
    const r = created[i];
    assert.ok(r, 'a return from the back office');
    const before = await stockIn(r.sku, 'RET-01');
    const { ctx, page } = await floorAs('rpicker', locale);
    await page.click('#start-returns');
    await step(page, 'scan_parcel');
    await scan(page, r.number);
    await step(page, 'scan_item');
    await scan(page, r.sku);
    await step(page, 'condition');
    const label = await page.textContent('#cond-sellable');
    assert.equal(label, locale === 'zh-CN' ? '可售' : 'Sellable');
    await page.click('#cond-sellable');
    await step(page, 'scan_item');
    await shot(page, `returns-floor-${locale}`);
    const doc = await srv.ok('GET', '/api/v1/returns/' + r.id);
    assert.equal(doc.lines[0].received, 1, 'the line shows the unit received');
    assert.equal(doc.receipts.length, 1);
    assert.equal(doc.receipts[0].condition, 'sellable');
    assert.equal(await stockIn(r.sku, 'RET-01'), before + 1, 'the returns bin gained the unit');
    /* Disposition: to quarantine. */
    await page.click('#rma-dispose');
    await step(page, 'scan_bin');
    await page.click('#rma-quarantine');
    await step(page, 'scan_parcel');
    const after = await srv.ok('GET', '/api/v1/returns/' + r.id);
    assert.equal(after.disposals.length, 1);
    assert.equal(after.disposals[0].action, 'quarantine');
    assert.equal(await stockIn(r.sku, 'RET-01'), before, 'the unit left the returns bin');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('an order number without a return offers receiving without RMA', async () => {
  const c = candidates[4];
  const { ctx, page } = await floorAs('rpicker', 'en-US');
  await page.click('#start-returns');
  await step(page, 'scan_parcel');
  await scan(page, c.number);
  await step(page, 'no_rma');
  await page.click('#rma-unannounced');
  await step(page, 'scan_item');
  const list = await srv.ok('GET', '/api/v1/returns?q=' + encodeURIComponent(c.number));
  assert.ok(list.items.some((x) => x.order === c.order && x.origin === 'unannounced'), 'an unannounced RMA was opened');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('back office refunds a received return within what was paid, then closes it (en-US, 1280x800)', async () => {
  const r = created[0];
  assert.ok(r, 'a return received on the floor');
  const { ctx, page } = await desk('office', 'en-US', { width: 1280, height: 800 });
  await page.evaluate((id) => { location.hash = '#/rma?id=' + id; }, r.id);
  await page.waitForSelector('#rma-refund-form');
  /* More than paid: refused, said in words from the catalog. */
  await page.fill('#rf-amount', '99999');
  await page.click('#rf-submit');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /More than was paid/);
  assert.equal((await srv.ok('GET', '/api/v1/returns/' + r.id)).refunds.length, 0, 'nothing was refunded');
  await page.fill('#rf-amount', '1.00');
  await page.selectOption('#rf-method', 'store_credit');
  await page.click('#rf-submit');
  await page.waitForSelector('#rma-notice');
  await page.waitForSelector('#rma-timeline tr[data-code=refunded]');
  const doc = await srv.ok('GET', '/api/v1/returns/' + r.id);
  assert.equal(doc.refunds.length, 1);
  assert.equal(Number(doc.refunds[0].amount), 1);
  assert.equal(doc.refunds[0].method, 'store_credit');
  await page.click('#rma-close');
  await page.waitForSelector('#rma-state [data-state=closed]');
  assert.equal((await srv.ok('GET', '/api/v1/returns/' + r.id)).state, 'closed');
  await shot(page, 'returns-refunded-closed');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('back office confirms a return that arrived without an RMA (zh-CN, 360x640)', async () => {
  const c = candidates[4];
  const list = await srv.ok('GET', '/api/v1/returns?q=' + encodeURIComponent(c.number));
  const m = list.items.find((x) => x.order === c.order && x.origin === 'unannounced');
  assert.ok(m, 'the floor opened an unannounced RMA');
  assert.equal(m.review_needed, true);
  const { ctx, page } = await desk('office', 'zh-CN', { width: 360, height: 640 });
  await page.evaluate(() => { location.hash = '#/returns?state=open'; });
  await page.waitForSelector(`#rmas tr[data-number="${m.number}"]`);
  assert.match(await page.textContent(`#rmas tr[data-number="${m.number}"]`), /待确认/);
  await page.click(`#rmas tr[data-number="${m.number}"] .rma-link`);
  await page.waitForSelector('#rma-review');
  await page.click('#rma-authorize');
  await page.waitForSelector('#rma-notice');
  assert.equal((await srv.ok('GET', '/api/v1/returns/' + m.id)).review_needed, false, 'confirmed');
  assert.equal(await page.$('#rma-review'), null, 'no longer to confirm');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/* Exchange (issue 19, item 5): a free order of other goods, linked both ways. */
test('back office exchanges a return for a free linked order (en-US, 1280x800)', async () => {
  const r = created[2];
  assert.ok(r, 'a return from the back office');
  const { ctx, page } = await desk('office', 'en-US', { width: 1280, height: 800 });
  await page.evaluate((id) => { location.hash = '#/rma?id=' + id; }, r.id);
  await page.waitForSelector('#rma-exchange-form');
  await page.fill('#ex-sku-0', r.sku);
  await page.fill('#ex-qty-0', '1');
  await page.click('#ex-exchange');
  await page.waitForSelector('#rma-replacement-order');
  const number = (await page.textContent('#rma-replacement-order')).trim();
  assert.equal(number, r.number + '-X');
  await page.waitForSelector('#rma-timeline tr[data-code=exchange]');
  assert.match(await page.textContent('#rma-timeline tr[data-code=exchange] .event-note'), /Exchange order/);
  await shot(page, 'returns-exchange-en-1280');
  /* Through the API: a zero-price order for the same customer, allocated as any. */
  const doc = await srv.ok('GET', '/api/v1/returns/' + r.id);
  assert.equal(doc.exchange_kind, 'exchange');
  const o = await srv.ok('GET', '/api/v1/orders/' + doc.exchange_order);
  const orig = await srv.ok('GET', '/api/v1/orders/' + r.order);
  assert.equal(o.total, '0.00');
  assert.equal(o.rma.id, r.id);
  assert.equal(o.store, orig.store);
  assert.equal(o.customer && o.customer.id, orig.customer && orig.customer.id);
  assert.equal(o.ship_to.name, orig.ship_to.name);
  /* Zero prices are accepted; the demo's history orders have no street
     line, so their replacement holds for it as any such order would. */
  assert.deepEqual(o.holds.map((h) => h.reason).filter((r) => r !== 'address_incomplete'), []);
  assert.ok(['allocated', 'backordered', 'on_hold'].includes(o.state), 'taken in like any order: ' + o.state);
  assert.equal(o.lines[0].sku, r.sku);
  /* The order links back to its return. */
  await page.click('#rma-replacement-order');
  await page.waitForSelector('#order-rma');
  assert.equal((await page.textContent('#order-rma')).trim(), r.number);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('back office reships a return\'s lines (zh-CN, 360x640)', async () => {
  const r = created[3];
  assert.ok(r, 'a return from the back office');
  const { ctx, page } = await desk('office', 'zh-CN', { width: 360, height: 640 });
  await page.evaluate((id) => { location.hash = '#/rma?id=' + id; }, r.id);
  await page.waitForSelector('#ex-reship');
  assert.equal((await page.textContent('#ex-reship')).trim(), '补发退货商品');
  await page.click('#ex-reship');
  await page.waitForSelector('#rma-replacement-order');
  assert.equal((await page.textContent('#rma-replacement-order')).trim(), r.number + '-R');
  assert.match(await page.textContent('#rma-notice'), /补发订单已创建/);
  await shot(page, 'returns-reship-zh-360');
  const doc = await srv.ok('GET', '/api/v1/returns/' + r.id);
  assert.equal(doc.exchange_kind, 'reship');
  const o = await srv.ok('GET', '/api/v1/orders/' + doc.exchange_order);
  assert.deepEqual(o.lines.map((l) => [l.sku, l.qty, l.unit_price]), [[r.sku, 1, '0.00']]);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/* Dashboard card (issue 19, item 6): open returns by state, oldest age, drill-down. */
for (const [locale, vp] of [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 360, height: 640 }]]) {
  test(`the dashboard counts open returns and drills down to the list (${locale}, ${vp.width}x${vp.height})`, async () => {
    const s = await srv.ok('GET', '/api/v1/returns/summary');
    assert.ok(s.open >= 1, 'the demo and the tests left open returns');
    const { ctx, page } = await desk('office', locale, vp);
    await page.evaluate(() => { location.hash = '#/dashboard'; });
    await page.waitForSelector('#returns-card');
    assert.equal((await page.textContent('#returns-open-n')).trim(), String(s.open));
    assert.match(await page.textContent('#returns-card h2'), locale === 'zh-CN' ? /未完结退货/ : /Open returns/);
    assert.equal(await page.getAttribute('#returns-oldest [data-age]', 'data-age'), String(s.oldest.age_days));
    await shot(page, `returns-dashboard-${locale}-${vp.width}`);
    await page.click('#returns-authorized');
    await page.waitForSelector('#rmas');
    assert.match(page.url(), /state=authorized/);
    const states = await page.$$eval('#rmas tbody tr', (xs) => xs.map((x) => x.dataset.state));
    assert.ok(states.length >= 1 && states.length <= 20);
    assert.ok(states.every((x) => x === 'authorized'), 'only authorized returns: ' + states.join(','));
    const first = await srv.ok('GET', '/api/v1/returns?state=authorized&limit=20');
    assert.equal(states.length, first.items.length);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

/* Offline (issue 19, item 6): receipts and disposals wait in the floor's queue like picks. */
test('floor receives and disposes offline; the queue is sent when the network returns (en-US, 360x640)', async () => {
  const c = candidates[5];
  const m = await srv.ok('POST', '/api/v1/returns', { order: c.order, lines: [{ sku: c.sku, qty: 1, reason: 'other' }],
    idempotency_key: 'e2e-offline-rma' });
  const { ctx, page } = await floorAs('rpicker', 'en-US');
  await page.click('#start-returns');
  await step(page, 'scan_parcel');
  await scan(page, m.number);
  await step(page, 'scan_item');
  await ctx.setOffline(true);
  await scan(page, c.sku);
  await step(page, 'condition');
  await page.click('#cond-sellable');
  await step(page, 'scan_item');
  await page.waitForSelector('#queue[data-count="1"]');
  assert.equal((await srv.ok('GET', '/api/v1/returns/' + m.id)).lines[0].received, 0, 'nothing sent yet');
  /* The next step goes on from what is queued: dispose of the unit. */
  await page.click('#rma-dispose');
  await step(page, 'scan_bin');
  await page.click('#rma-quarantine');
  await step(page, 'scan_parcel');
  await page.waitForSelector('#queue[data-count="2"]');
  await shot(page, 'returns-floor-offline');
  await ctx.setOffline(false);
  await page.waitForSelector('#queue[data-count="0"]', { state: 'attached', timeout: 20000 });
  const doc = await srv.ok('GET', '/api/v1/returns/' + m.id);
  assert.equal(doc.lines[0].received, 1, 'the receipt was replayed');
  assert.deepEqual(doc.disposals.map((d) => [d.sku, d.qty, d.action]), [[c.sku, 1, 'quarantine']]);
  assert.equal(doc.state, 'received');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
