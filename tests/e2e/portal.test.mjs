// The 3PL client portal (issue 23 item 3): a client of ACME signs in on the
// login page and lands on /portal/; it sees ACME's stock with lots and
// expiry and never BETA's product; it announces an ASN by form and another
// by CSV upload (a bad file first: every bad row is listed and nothing is
// saved) and creates an order, each checked through the API as the
// company sees it. In English and Chinese, at 1280×800 and 360×640. Staff
// at /portal/ are told where to go; a client at /app/ is sent to /portal/.
// Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { assertSwitches } from './i18n.mjs';

const PW = 'e2e portal password';
const RUNS = [['en-US', { width: 1280, height: 800 }], ['zh-CN', { width: 1280, height: 800 }],
  ['en-US', { width: 360, height: 640 }], ['zh-CN', { width: 360, height: 640 }]];
let srv;
let browser;
let po;
let shipped;
let rma;
let keyNo = 0;
const key = () => 'pt-k-' + (keyNo += 1);

/* ACME's order @ext of @qty cups waved, picked into a tote, packed and
 * shipped through the API, as the floor does it; its shipment. */
async function shipOrder(ext, qty) {
  const o = await srv.ok('POST', '/api/v1/orders', {
    store: 'ACME-SHOP', external_id: ext, currency: 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: [{ sku: 'ACME-CUP', qty, unit_price: '39.90' }],
  });
  const w = await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', orders: [o.id] });
  const list = w.picklists[0];
  await srv.ok('POST', `/api/v1/picklists/${list.id}/assign`, { picker: 'admin' });
  const v = await srv.ok('GET', `/api/v1/picklists/${list.id}`);
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: v.task.bin, idempotency_key: key() });
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'ACME-CUP', qty, idempotency_key: key() });
  await srv.ok('POST', `/api/v1/picklists/${list.id}/scan`, { code: 'T001', idempotency_key: key() });
  const sh = await srv.ok('POST', '/api/v1/packing/open', { code: ext, station: 'PACK-1' });
  const c = (await srv.ok('POST', `/api/v1/shipments/${sh.id}/cartons`, { carton_type: 'BOX-P' })).cartons[0];
  await srv.ok('POST', `/api/v1/cartons/${c.id}/scan`, { code: 'ACME-CUP', qty });
  await srv.ok('POST', `/api/v1/cartons/${c.id}/close`, { weight_g: 100 + 300 * qty });
  await srv.ok('POST', `/api/v1/shipments/${sh.id}/ship`, { idempotency_key: key() });
  return { order: o, shipment: await srv.ok('GET', `/api/v1/shipments/${sh.id}`) };
}

/* An SSCC-18 with its GS1 check digit, from a serial. */
function sscc(serial) {
  const body = '0069512340' + String(serial).padStart(7, '0');
  let sum = 0;
  [...body].reverse().forEach((d, i) => { sum += Number(d) * (i % 2 === 0 ? 3 : 1); });
  return body + String((10 - (sum % 10)) % 10);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function signIn(username, password, locale, viewport, lands) {
  const ctx = await browser.newContext({ viewport, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL(lands);
  return { ctx, page };
}

async function go(page, hash, sel) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(sel);
}

async function fits(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  const v = page.viewportSize().width;
  assert.ok(w <= v, `${what} is ${w} px wide at ${v}`);
}

before(async () => {
  srv = await startServer('portal');
  browser = await launch();
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'R', type: 'reserve', name: '存储区' });
  for (const b of ['R-1', 'R-2', 'R-3']) await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: b, zone: 'R' });
  await srv.ok('POST', '/api/v1/owners', { code: 'ACME', name: '山野茶业' });
  await srv.ok('POST', '/api/v1/owners', { code: 'BETA', name: '华信电子' });
  await srv.ok('POST', '/api/v1/products', { sku: 'ACME-TEA', name: '明前龙井 250g', owner: 'ACME', lot_tracked: true, expiry_tracked: true });
  await srv.ok('POST', '/api/v1/products', { sku: 'BETA-USB', name: 'USB-C 数据线', owner: 'BETA' });
  await srv.ok('POST', '/api/v1/stores', { code: 'ACME-SHOP', name: '山野茶业旗舰店', channel: 'api', warehouse: 'W1', owner: 'ACME' });
  await srv.ok('POST', '/api/v1/stores', { code: 'BETA-SHOP', name: '华信官方店', channel: 'api', warehouse: 'W1', owner: 'BETA' });
  await srv.ok('POST', '/api/v1/stock/adjustments',
    { warehouse: 'W1', bin: 'R-1', sku: 'ACME-TEA', qty_delta: 30, lot: 'MQ2026A', expiry: '2099-05-31' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'R-2', sku: 'BETA-USB', qty_delta: 12 });
  await srv.ok('POST', '/api/v1/suppliers', { code: 'ACME-GARDEN', name: '山野茶园', owner: 'ACME' });
  po = await srv.ok('POST', '/api/v1/purchase-orders',
    { supplier: 'ACME-GARDEN', warehouse: 'W1', lines: [{ sku: 'ACME-TEA', qty: 500, unit_cost: 0 }] });
  for (const step of ['submit', 'approve', 'send']) await srv.ok('POST', `/api/v1/purchase-orders/${po.id}/${step}`);
  await srv.ok('POST', '/api/v1/users', { username: 'acme_ops', role: 'client', owner: 'ACME', password: PW });
  /* An order shipped with a tracking number, and a return of it. */
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'P-1', zone: 'P' });
  await srv.ok('POST', '/api/v1/products', { sku: 'ACME-CUP', name: '山野茶杯', weight_kg: '0.300', owner: 'ACME' });
  await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin: 'P-1', sku: 'ACME-CUP', qty_delta: 20 });
  await srv.ok('POST', '/api/v1/carriers', { code: 'PEXP', name: '顺丰', transit_days: 1, tracking: { prefix: 'SF', digits: 9, check_digit: 'mod10', first: 1, last: 999 } });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-P', tare_g: 100 });
  await srv.ok('PATCH', '/api/v1/stores/ACME-SHOP', { carrier: 'PEXP' });
  await srv.ok('POST', '/api/v1/stations', { code: 'PACK-1', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 5 });
  shipped = await shipOrder('ACME-SHIP-1', 2);
  rma = await srv.ok('POST', '/api/v1/returns', { order: shipped.order.id, resolution: 'refund',
    lines: [{ sku: 'ACME-CUP', qty: 1, reason: 'damaged_in_transit' }] });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

RUNS.forEach(([locale, viewport], i) => {
  const tag = `${locale === 'zh-CN' ? 'zh' : 'en'}-${viewport.width}`;
  test(`a client works in its portal (${tag})`, async () => {
    const { ctx, page } = await signIn('acme_ops', PW, locale, viewport, '**/portal/**');
    /* Stock: ACME's tea with its lot and expiry, never BETA's goods. */
    await page.waitForSelector('#stock-list tr[data-sku="ACME-TEA"]');
    assert.equal(await page.locator('#stock-list tr[data-sku="BETA-USB"]').count(), 0);
    assert.deepEqual(await page.locator('#stock-list tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.sku)),
      ['ACME-CUP', 'ACME-TEA']);
    assert.ok(await page.isVisible('#stock-list li[data-lot="MQ2026A"]'));
    assert.equal((await page.textContent('#nav-stock')).trim(), locale === 'zh-CN' ? '库存' : 'Stock');
    assert.equal(await page.getAttribute('#stock-export', 'href'), `/api/v1/stock/export?format=csv&lang=${locale === 'zh-CN' ? 'zh-CN' : 'en'}`);
    await fits(page, 'stock');
    await shot(page, `portal-stock-${tag}`);
    /* An ASN by form: two lines in one carton. */
    await page.click('#nav-asns');
    await page.waitForSelector('#asns-new');
    await page.click('#asns-new');
    await page.waitForSelector('#asn-lines');
    await page.fill('#asn-ref', `FORM-${tag}`);
    await page.fill('#al-sscc-0', sscc(100 + i));
    await page.fill('#al-qty-0', '6');
    await page.fill('#al-lot-0', 'MQ2026B');
    await page.fill('#al-expiry-0', '2099-06-30');
    await page.click('#asn-add-line');
    await page.fill('#al-sscc-1', sscc(100 + i));
    await page.fill('#al-qty-1', '4');
    await page.fill('#al-lot-1', 'MQ2026C');
    await page.fill('#al-expiry-1', '2099-07-31');
    await fits(page, 'the ASN form');
    await shot(page, `portal-asn-form-${tag}`);
    await page.click('#asn-submit');
    await page.waitForSelector(`#asns-list tr[data-reference="FORM-${tag}"]`);
    const byForm = (await srv.ok('GET', `/api/v1/asns?q=FORM-${tag}`)).items;
    assert.equal(byForm.length, 1);
    assert.equal(byForm[0].purchase_order, po.id);
    assert.equal(byForm[0].units, 10);
    assert.deepEqual(byForm[0].cartons.map((c) => [c.sscc, c.lines.length]), [[sscc(100 + i), 2]]);
    /* Its cartons open in the list. */
    await page.click(`#asns-list tr[data-reference="FORM-${tag}"] .asn-open`);
    await page.waitForSelector(`#asn-cartons-${byForm[0].id} tr[data-sku="ACME-TEA"]`);
    /* An ASN by CSV upload: a bad file is refused row by row, saves nothing. */
    await go(page, '#/asn-new', '#asn-tab-file');
    await page.click('#asn-tab-file');
    await page.fill('#asn-ref', `CSV-${tag}`);
    const bad = `sscc,sku,qty,lot,expiry\n${sscc(200 + i)},ACME-TEA,5,L1,2099-01-31\n123,ACME-TEA,5,,\n${sscc(210 + i)},BETA-USB,2,,\n${sscc(220 + i)},ACME-TEA,0,,\n`;
    await page.setInputFiles('#asn-file', { name: 'asn.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.click('#asn-upload');
    await page.waitForSelector('#asn-report-rows');
    assert.deepEqual(await page.locator('#asn-report-rows tbody tr').evaluateAll(
      (rs) => rs.map((r) => [Number(r.dataset.line), r.dataset.field, r.dataset.code])),
    [[3, 'sscc', 'invalid_sscc'], [4, 'sku', 'sku_not_on_po'], [5, 'qty', 'invalid_value']]);
    assert.equal((await srv.ok('GET', `/api/v1/asns?q=CSV-${tag}`)).items.length, 0);
    await fits(page, 'the ASN report');
    await shot(page, `portal-asn-report-${tag}`);
    const good = `\ufeffsscc,sku,qty,lot,expiry\r\n${sscc(200 + i)},ACME-TEA,5,L1,2099-01-31\r\n${sscc(200 + i)},ACME-TEA,3,L2,2099-02-28\r\n${sscc(230 + i)},ACME-TEA,7,MQ2026D,2099-08-31\r\n`;
    await page.setInputFiles('#asn-file', { name: 'asn.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click('#asn-upload');
    await page.waitForSelector(`#asns-list tr[data-reference="CSV-${tag}"]`);
    const byFile = (await srv.ok('GET', `/api/v1/asns?q=CSV-${tag}`)).items;
    assert.equal(byFile.length, 1);
    assert.equal(byFile[0].units, 15);
    assert.deepEqual(byFile[0].cartons.map((c) => c.sscc), [sscc(200 + i), sscc(230 + i)]);
    /* An order by form. */
    await page.click('#nav-orders');
    await page.waitForSelector('#orders-new');
    await page.click('#orders-new');
    await page.waitForSelector('#order-form');
    await page.fill('#no-number', `ACME-${tag}`);
    await page.fill('#no-name', '陈晓');
    await page.fill('#no-phone', '13800001234');
    await page.fill('#no-line1', '西湖区 龙井路 1 号');
    await page.fill('#no-city', '杭州市');
    await page.selectOption('#nl-sku-0', 'ACME-TEA');
    await page.fill('#nl-qty-0', '2');
    await page.fill('#nl-price-0', '268.00');
    await fits(page, 'the order form');
    await shot(page, `portal-order-new-${tag}`);
    await page.click('#no-submit');
    await page.waitForSelector('#order-number');
    assert.equal((await page.textContent('#order-number')).trim(), `ACME-${tag}`);
    const orders = (await srv.ok('GET', `/api/v1/orders?store=ACME-SHOP&q=ACME-${tag}`)).items;
    assert.equal(orders.length, 1);
    const o = await srv.ok('GET', `/api/v1/orders/${orders[0].id}`);
    assert.deepEqual(o.lines.map((l) => [l.sku, l.name, l.qty, l.unit_price]), [['ACME-TEA', '明前龙井 250g', 2, '268.00']]);
    assert.equal(o.ship_to.city, '杭州市');
    await shot(page, `portal-order-${tag}`);
    /* Its orders list holds its own; a shipped one shows carrier and
     * tracking number, as the API has them. */
    await page.click('#nav-orders');
    await page.waitForSelector(`#orders-list tr[data-external="ACME-${tag}"]`);
    await page.click('#orders-list tr[data-external="ACME-SHIP-1"] .order-link');
    await page.waitForSelector(`#order-shipments tr[data-shipment="${shipped.shipment.id}"]`);
    const tracking = shipped.shipment.cartons.map((c) => c.tracking_no);
    assert.ok(tracking.length === 1 && /^SF\d{10}$/.test(tracking[0]), JSON.stringify(tracking));
    assert.equal((await page.textContent(`#order-shipments tr[data-shipment="${shipped.shipment.id}"] .tracking`)).trim(),
      tracking.join(', '));
    assert.match(await page.textContent('#order-shipments'), /PEXP/);
    await fits(page, 'a shipped order');
    await shot(page, `portal-order-shipped-${tag}`);
    /* Its returns: the list and one return. */
    await page.click('#nav-returns');
    await page.waitForSelector(`#returns-list tr[data-id="${rma.id}"]`);
    await page.click(`#returns-list tr[data-id="${rma.id}"] .return-link`);
    await page.waitForSelector('#return-lines tr[data-sku="ACME-CUP"]');
    assert.equal((await page.textContent('#return-number')).trim(), rma.number);
    await fits(page, 'a return');
    await shot(page, `portal-return-${tag}`);
    assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
    await ctx.close();
  });
});

test('staff at /portal/ are shown the back office; a client at /app/ goes to /portal/', async () => {
  srv.addUser('boss', 'admin', null, PW);
  const { ctx, page } = await signIn('boss', PW, 'en-US', { width: 1280, height: 800 }, '**/app/');
  await page.goto(srv.base + '/portal/');
  await page.waitForSelector('#portal-staff #portal-to-app');
  await shot(page, 'portal-staff');
  await ctx.close();
  const c = await signIn('acme_ops', PW, 'zh-CN', { width: 1280, height: 800 }, '**/portal/**');
  await c.page.goto(srv.base + '/app/');
  await c.page.waitForURL('**/portal/**');
  await c.page.waitForSelector('#stock-list');
  /* The API, as the client: BETA's product is not found. */
  const token = await srv.login('acme_ops', PW);
  assert.equal((await srv.call('GET', '/api/v1/products/BETA-USB', undefined, token)).status, 404);
  assert.equal((await srv.call('GET', '/api/v1/stock?sku=BETA-USB', undefined, token)).json.items.length, 0);
  await c.ctx.close();
});

test('every section switches to Chinese with no English left', async () => {
  const { ctx, page } = await signIn('acme_ops', PW, 'en-US', { width: 1280, height: 800 }, '**/portal/**');
  for (const [hash, sel] of [['#/stock', '#stock-list'], ['#/orders', '#orders-list'], ['#/order-new', '#order-form'],
    ['#/asns', '#asns-list'], ['#/asn-new', '#asn-lines'], ['#/returns', '#returns-list'],
    ['#/statements', '#statements-list, #statements-empty']]) {
    await go(page, hash, sel);
    await assertSwitches(page, { main: '#page .route', back: true });
    await page.waitForSelector(sel);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});


test('monthly statements: the client reads its own, opens one with its lines and files, and never another owner\'s', async () => {
  const rules = {
    storage: { mode: 'unit_day', price: 0.02 }, inbound: { per_unit: 0.3, per_sscc: 5 },
    outbound: { per_order: 2.5, per_extra_line: 0.5, per_unit: 0.2 }, packaging: [], services: [],
  };
  await srv.ok('PUT', '/api/v1/owners/ACME/billing-rules', rules);
  await srv.ok('PUT', '/api/v1/owners/BETA/billing-rules', rules);
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const month = d.toISOString().slice(0, 7);
  const mine = await srv.ok('POST', '/api/v1/owners/ACME/statements', { month, idempotency_key: key() });
  const theirs = await srv.ok('POST', '/api/v1/owners/BETA/statements', { month, idempotency_key: key() });
  const token = await srv.login('acme_ops', PW);
  assert.equal((await srv.call('GET', `/api/v1/owners/BETA/statements/${theirs.id}`, undefined, token)).status, 404);
  for (const [locale, viewport] of [['zh-CN', { width: 360, height: 640 }], ['en-US', { width: 1280, height: 800 }]]) {
    const { ctx, page } = await signIn('acme_ops', PW, locale, viewport, '**/portal/**');
    await page.click('#nav-statements');
    await page.waitForSelector(`#statements-list tr[data-id="${mine.id}"]`);
    assert.equal(await page.locator('#statements-list tbody tr').count(), 1);
    await fits(page, 'the statements at ' + viewport.width);
    await page.click(`#statements-list tr[data-id="${mine.id}"] a.statement-link`);
    await page.waitForSelector('#statement-number');
    assert.equal(await page.textContent('#statement-number'), mine.number);
    assert.equal(Number(await page.getAttribute('#statement-total', 'data-total')), Number(mine.total));
    assert.equal(await page.locator('#statement-lines tbody tr').count(), mine.lines.length);
    const pdf = await page.getAttribute('#statement-pdf', 'href');
    assert.match(pdf, new RegExp(`/api/v1/owners/ACME/statements/${mine.id}/statement\\.pdf\\?lang=`));
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return [r.status, new Uint8Array(await r.arrayBuffer()).slice(0, 4).join(',')];
    }, pdf);
    assert.deepEqual(got, [200, [37, 80, 68, 70].join(',')]);
    await fits(page, 'a statement at ' + viewport.width);
    await shot(page, `portal-statement-${locale}-${viewport.width}`);
    /* Another owner's statement by its address: not found. */
    await page.evaluate((id) => { location.hash = '#/statement?id=' + id; }, theirs.id);
    await page.waitForSelector('#error:not([hidden])');
    assert.equal(await page.$('#statement-number'), null);
    await ctx.close();
  }
});
