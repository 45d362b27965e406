// 3PL billing (issue 23 item 4) in the back office, on the demo business
// (`depot demo seed`: months of dated ledger history, shipments, and the
// 3PL clients' price lists). On an owner's 计费 tab the back office edits the
// price list (storage price, per carton and per pallet, a packaging price,
// a new value-added service, the day it takes effect), sees the rule
// list's history and a second list for the same day refused, computes the
// statement of a past month, opens it, drills into
// a line's facts and finds its downloads, and records a value-added
// service on an order's page; each effect is checked through
// the API: the new version of the price list, the issued statement whose
// lines are qty x price to the cent and add up to its total, the facts of
// a line, a second statement of the month refused, the order's service.
// English and Chinese, at 1280×800 and 360×640. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, launch, artifacts } from './harness.mjs';

const PW = 'e2e billing password';
const bin = process.env.DEPOT_BIN || 'build/depot';
let srv;
let browser;

function seedDemo() {
  const r = spawnSync(bin, ['demo', 'seed'], { env: { ...process.env, ...srv.env, DEPOT_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('demo seed: ' + r.stdout + r.stderr);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

/* Signed in at desk size, then the size under test. */
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
  await page.waitForSelector('#nav-owners');
  await page.setViewportSize(viewport);
  return { ctx, page };
}

const go = (page, hash) => page.evaluate((h) => { location.hash = h; }, hash);

/* The page is not wider than the viewport (no sideways scrolling). */
async function fits(page, vp) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= vp.width + 1, `the page is ${w}px wide at ${vp.width}px`);
}

/* YYYY-MM of the month @back months before this one. */
function monthBack(back) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - back);
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0');
}

const cents = (x) => Math.round(Number(x) * 100);

before(async () => {
  srv = await startServer('billing');
  browser = await launch();
  seedDemo();
  srv.addUser('office', 'back_office', null, PW);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 1280, height: 800 }],
  ['en-US', { width: 360, height: 640 }], ['zh-CN', { width: 360, height: 640 }]];

for (const [i, [locale, vp]] of RUNS.entries()) {
  test(`a price list set on the billing tab prices a statement computed there (${locale}, ${vp.width}x${vp.height})`, async () => {
    /* The company's own stock has the demo's months of dated history; each
     * run bills another past month of it. */
    const owner = 'SELF';
    /* Oldest month first: each run's list takes effect on the first day
     * of the month it bills, after the months billed before. */
    const month = monthBack(4 - i);
    const { ctx, page } = await desk('office', locale, vp);
    await go(page, '#/owner?code=' + owner);
    await page.waitForSelector('#owner-tab-billing');
    await page.click('#owner-tab-billing');
    await page.waitForSelector('#bill-rules');
    const zh = locale === 'zh-CN';
    assert.equal((await page.textContent('#owner-tab-billing')).trim(), zh ? '计费' : 'Billing');
    const before = (await srv.ok('GET', '/api/v1/owners/' + owner + '/billing-rules')).version;
    const storage = (0.01 * (i + 1)).toFixed(2);
    await page.selectOption('#br-mode', 'unit_day');
    await page.fill('#br-storage', storage);
    await page.fill('#br-in-unit', '0.30');
    await page.fill('#br-in-sscc', '5');
    await page.fill('#br-in-carton', '1.5');
    await page.fill('#br-in-pallet', String(8 + i));
    await page.fill('#br-effective', month + '-01');
    await page.fill('#br-out-order', '2.5');
    await page.fill('#br-out-line', '0.5');
    await page.fill('#br-out-unit', '0.2');
    await page.fill('#br-pk-M', '1.25');
    await page.click('#bill-service-add');
    const last = page.locator('#bill-services .bill-service').last();
    await last.locator('.sv-code').fill('photo_' + i);
    await last.locator('.sv-name').fill(zh ? '拍照' : 'Photos');
    await last.locator('.sv-price').fill('0.8');
    await fits(page, vp);
    await page.click('#bill-rules-save');
    await page.waitForSelector('#bill-notice, #error:not([hidden])');
    assert.ok(await page.isVisible('#bill-notice'), 'saved: ' + (await page.textContent('#error')));
    /* (Screenshots only once a step is done: a full-page shot resizes the
     * viewport, and the app redraws its route on a resize.) */
    await shot(page, `billing-rules-${locale}-${vp.width}`);
    const rules = await srv.ok('GET', '/api/v1/owners/' + owner + '/billing-rules');
    assert.equal(rules.version, before + 1);
    assert.equal(rules.effective_from, month + '-01');
    assert.equal(rules.rules.inbound.per_carton, 1.5);
    assert.equal(rules.rules.inbound.per_pallet, 8 + i);
    /* The rule list shows every version, this one in effect. */
    await page.waitForSelector(`#bill-history tr[data-version="${rules.version}"][data-state="in_effect"]`);
    assert.equal(await page.locator('#bill-history tbody tr').count(), rules.history.length);
    if (i > 0) await page.waitForSelector(`#bill-history tr[data-version="${rules.version - 1}"][data-state="superseded"]`);
    /* Another list for the same day is refused, in the page's words, and
     * changes nothing. */
    await page.fill('#br-effective', month + '-01');
    await page.fill('#br-storage', '9');
    await page.click('#bill-rules-save');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error'), zh ? /该日期已有/ : /already takes effect/);
    assert.equal((await srv.ok('GET', '/api/v1/owners/' + owner + '/billing-rules')).history.length, rules.history.length);
    assert.equal(Number(rules.rules.storage.price), Number(storage));
    assert.equal(rules.rules.storage.mode, 'unit_day');
    assert.deepEqual(rules.rules.packaging.find((p) => p.carton_type === 'M'), { carton_type: 'M', price: 1.25 });
    assert.ok(rules.rules.services.some((s) => s.code === 'photo_' + i && Number(s.price) === 0.8));
    /* Compute the month's statement. */
    await page.fill('#bill-month', month);
    await page.click('#bill-compute-go');
    await page.waitForSelector('#bill-issued-link');
    const list = await srv.ok('GET', '/api/v1/owners/' + owner + '/statements');
    const item = list.items.find((s) => s.month === month);
    assert.ok(item, 'the statement of ' + month + ' is listed');
    const st = await srv.ok('GET', `/api/v1/owners/${owner}/statements/${item.id}`);
    assert.equal(st.rules_version, rules.version);
    assert.ok(st.lines.length > 0, 'the month had stock and moves');
    const storageLine = st.lines.find((l) => l.kind === 'storage');
    assert.ok(storageLine);
    assert.equal(Number(storageLine.unit_price), Number(storage));
    let sum = 0;
    for (const l of st.lines) {
      assert.equal(cents(l.amount), Math.round(Number(l.qty) * Math.round(Number(l.unit_price) * 10000) / 100));
      sum += cents(l.amount);
    }
    assert.equal(sum, cents(st.total));
    /* Open it: its total, a line's facts, its downloads. */
    await page.click('#bill-issued-link');
    await page.waitForSelector('#statement-lines');
    assert.equal(await page.getAttribute('#statement-total', 'data-total'), String(st.total));
    assert.equal((await page.textContent('#statement-month')).trim(), month);
    await page.click('#facts-open-' + storageLine.n);
    await page.waitForSelector('#facts-' + storageLine.n);
    const facts = await srv.ok('GET', `/api/v1/owners/${owner}/statements/${item.id}/lines/${storageLine.n}/facts`);
    assert.equal(await page.locator(`#facts-${storageLine.n} tbody tr`).count(), facts.items.length);
    const pdfHref = await page.getAttribute('#statement-pdf', 'href');
    assert.match(pdfHref, zh ? /statement\.pdf\?lang=zh-CN$/ : /statement\.pdf\?lang=en$/);
    const pdf = await page.evaluate(async (h) => { const r = await fetch(h); return r.status + ' ' + (await r.text()).slice(0, 4); }, pdfHref);
    assert.equal(pdf, '200 %PDF');
    await fits(page, vp);
    await shot(page, `billing-statement-${locale}-${vp.width}`);
    /* A second statement of the month is refused, in the page's words. */
    await go(page, '#/owner-billing?code=' + owner);
    await page.waitForSelector('#bill-compute');
    await page.fill('#bill-month', month);
    await page.click('#bill-compute-go');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error'), zh ? /已出具/ : /issued already/);
    const again = await srv.ok('GET', '/api/v1/owners/' + owner + '/statements');
    assert.equal(again.items.filter((s) => s.month === month).length, 1);
    /* A value-added service of the new list, recorded on an order's page. */
    const orders = await srv.ok('GET', '/api/v1/orders?state=shipped&owner=SELF&limit=5');
    const oid = orders.items[i].id;
    await go(page, '#/order?id=' + oid);
    await page.waitForSelector('#service-form');
    await page.selectOption('#svc-service', 'photo_' + i);
    await page.fill('#svc-qty', '3');
    await page.fill('#svc-note', zh ? '商品拍照' : 'product photos');
    await page.click('#service-add');
    await page.waitForSelector(`#services-list tr[data-service="photo_${i}"]`);
    const svc = await srv.ok('GET', `/api/v1/orders/${oid}/services`);
    assert.deepEqual(svc.items.filter((s) => s.service === 'photo_' + i).map((s) => [s.qty, s.name]), [[3, zh ? '拍照' : 'Photos']]);
    await fits(page, vp);
    await shot(page, `billing-order-services-${locale}-${vp.width}`);
    assert.deepEqual(page.errors.filter((e) => !/status of 409/.test(e)), []);
    await ctx.close();
  });
}
