// End-to-end tests of the floor terminal's flows beyond picking, in a real
// browser (Debian's chromium via playwright-core) against a real `depot
// serve`: home with task counts, receive by GS1 scan then put away, pack
// and ship at a station (a wrong item refused, a weight mismatch shown), a
// blind cycle count, a move, replenishment, a station scanner's scan over
// SSE driving a flow, and the camera fallback. Screenshots at 360×640 go
// to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, launch, artifacts } from './harness.mjs';
import { englishOnly, visibleTexts } from './i18n.mjs';

const PW = 'e2e floor password';
const GS1_TEA = '(01)06901234567892(17)281231(10)L42';
let srv;
let browser;
let po;
let countId;

async function setupData() {
  await srv.ok('POST', '/api/v1/warehouses', { code: 'W1', name: '株洲中心仓' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'RCV', type: 'receiving', name: '收货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'STO', type: 'reserve', name: '存储区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/zones', { code: 'P', type: 'pick', name: '拣货区' });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'R-01', zone: 'RCV' });
  for (let i = 1; i <= 4; i++) await srv.ok('POST', '/api/v1/warehouses/W1/bins', { code: 'S-0' + i, zone: 'STO', pick_sequence: 100 + i });
  await srv.ok('POST', '/api/v1/warehouses/W1/bins/generate',
    { zone: 'P', aisles: 'A', racks: '1-6', levels: '1', positions: '1', pattern: '{aisle}-{rack:02}' });
  await srv.ok('POST', '/api/v1/products', { sku: 'SKU-1', name: '醴陵瓷杯', weight_kg: '0.25', barcodes: [{ code: 'BC-1' }] });
  await srv.ok('POST', '/api/v1/products', { sku: 'SKU-2', name: '湘绣手帕', weight_kg: '0.05', barcodes: [{ code: 'BC-2' }] });
  await srv.ok('POST', '/api/v1/products', {
    sku: 'TEA', name: '安化黑茶', weight_kg: '0.5', lot_tracked: true, expiry_tracked: true, barcodes: [{ code: '6901234567892' }],
  });
  const stock = [['A-01', 'SKU-1', 50], ['A-02', 'SKU-2', 50], ['S-01', 'SKU-1', 100], ['S-02', 'SKU-2', 100], ['A-05', 'SKU-2', 7]];
  for (const [bin, sku, n] of stock) await srv.ok('POST', '/api/v1/stock/adjustments', { warehouse: 'W1', bin, sku, qty_delta: n });
  await srv.ok('POST', '/api/v1/carriers', {
    code: 'EXP', name: '顺丰', transit_days: 2,
    tracking: { prefix: 'EX', digits: 9, check_digit: 'mod10', first: 1, last: 5000 },
    rates: [{ zone: 'domestic', max_weight_g: 30000, price: '15.00' }],
  });
  await srv.ok('POST', '/api/v1/carton-types', { code: 'BOX-M', name: '中号箱', tare_g: 100 });
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1' });
  await srv.ok('POST', '/api/v1/stores', { code: 'API1', name: '抖音小店', channel: 'api', warehouse: 'W1', currency: 'CNY', carrier: 'EXP' });
  await srv.ok('POST', '/api/v1/warehouses/W1/totes', { prefix: 'T', from: 1, to: 50 });
  await srv.ok('POST', '/api/v1/suppliers', { code: 'SUP1', name: '安化茶厂', skus: [{ sku: 'TEA', cost: '10.00' }, { sku: 'SKU-2', cost: '3.00' }] });
  po = await srv.ok('POST', '/api/v1/purchase-orders', { supplier: 'SUP1', warehouse: 'W1', lines: [{ sku: 'TEA', qty: 10 }, { sku: 'SKU-2', qty: 5 }] });
  for (const step of ['submit', 'approve', 'send']) await srv.ok('POST', `/api/v1/purchase-orders/${po.id}/${step}`);
  countId = (await srv.ok('POST', '/api/v1/warehouses/W1/counts', { bins: ['A-05'], threshold: 0 })).id;
  await srv.ok('POST', '/api/v1/warehouses/W1/replenishment-rules', { sku: 'SKU-2', bin: 'A-02', min: 60, max: 80 });
  srv.addUser('p1', 'picker', 'W1', PW);
  srv.addUser('p2', 'picker', 'W1', PW);
  srv.addUser('lead', 'warehouse_lead', 'W1', PW);
}

async function stockIn(sku, bin) {
  const r = await srv.ok('GET', `/api/v1/stock?sku=${sku}&warehouse=W1&detail=bins`);
  const bins = (r.items[0] && r.items[0].bins) || [];
  return bins.filter((b) => b.bin === bin).reduce((n, b) => n + b.on_hand, 0);
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name + '.png') });
}

/* A floor page of @username at 360×640, logged in, at home. */
async function floorAs(username) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-US', hasTouch: true });
  const page = await ctx.newPage();
  const errors = [];
  const consoleErrors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.errors = errors;
  page.consoleErrors = consoleErrors;
  await page.goto(srv.base + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PW);
  await page.click('#password-form button[type=submit]');
  await page.waitForURL(/\/(floor|app)\//);
  if (!page.url().includes('/floor/')) await page.goto(srv.base + '/floor/');
  await page.waitForSelector('#start-pick');
  return { ctx, page };
}

async function scan(page, code) {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/* Waits for the screen's step, then for the flash of the scan before it to be gone or shown. */
const step = (page, action) => page.waitForSelector(`#big[data-action=${action}]`);
/* Waits until the flash is of @kind and says @re (an earlier flash may still show). */
async function flash(page, kind, re) {
  await page.waitForFunction(([k, src]) => {
    const f = document.querySelector('#flash');
    return f && !f.hidden && f.classList.contains(k) && new RegExp(src).test(f.textContent);
  }, [kind, re.source], { timeout: 10000 }).catch(() => {});
  assert.match(await page.textContent('#flash'), re);
  assert.ok(await page.$('#flash.' + kind), 'the flash is ' + kind);
}

/* This device's station: chosen once, remembered. */
async function chooseStation(page) {
  await page.click('#start-station');
  await page.click('#stations [data-code=ST1]');
  await page.waitForSelector('#start-station:has-text("ST1")');
  await page.waitForSelector('body[data-station=live]');
}

before(async () => {
  srv = await startServer('floor');
  browser = await launch();
  await setupData();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('home: my tasks with counts of pick lists, receiving, putaway, counts and replenishment', async () => {
  const { ctx, page } = await floorAs('lead');
  await page.waitForSelector('#receive-count:text("1")');
  assert.equal(await page.textContent('#pick-count'), '0');
  assert.equal(await page.textContent('#putaway-count'), '0');
  assert.equal(await page.textContent('#count-count'), '1');
  assert.equal(await page.textContent('#replen-count'), '1');
  for (const id of ['pick', 'receive', 'putaway', 'count', 'replen', 'pack', 'move', 'lookup']) {
    const box = await page.locator('#start-' + id).boundingBox();
    assert.ok(box.height >= 48 && box.width >= 48, id + ' is a big enough target');
  }
  await shot(page, 'floor-20-home-tasks');
  await page.click('#lang');
  await page.waitForSelector('#start-receive:has-text("收货")');
  await page.waitForSelector('#start-count:has-text("盘点")');
  await shot(page, 'floor-28-home-zh-CN');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors, []);
  await ctx.close();
});

test('receive: a GS1 scan gives lot and expiry, over-receipt is refused, then put away by scan', async () => {
  const { ctx, page } = await floorAs('p1');
  /* A picker receives but does not read purchasing: no PO count, and no refused request for one. */
  await page.waitForSelector('#putaway-count:text("0")');
  assert.equal(await page.$('#receive-count'), null);
  assert.deepEqual(page.consoleErrors, []);
  await page.click('#start-receive');
  await step(page, 'scan_po');
  await shot(page, 'floor-21-receive-scan-po');
  await scan(page, 'NOT-A-PO');
  await flash(page, 'error', /NOT-A-PO is not a purchase order/);
  await scan(page, po.number);
  await step(page, 'scan_item');
  assert.equal(await page.textContent('#big'), po.number);
  assert.match(await page.textContent('#po-lines'), /TEA 10 open/);
  await scan(page, GS1_TEA);
  await step(page, 'confirm_qty');
  assert.match(await page.textContent('.facts'), /L42/);
  assert.match(await page.textContent('.facts'), /2028-12-31/);
  for (let i = 0; i < 3; i++) await page.click('#qty-plus');
  assert.equal(await page.textContent('#qty-value'), '4');
  /* What arrived, for 3PL billing per carton or pallet: one carton unless
   * the clerk says otherwise. */
  assert.equal(await page.inputValue('#package-level'), 'carton');
  assert.equal(await page.inputValue('#packages'), '1');
  await page.selectOption('#package-level', 'pallet');
  await page.fill('#packages', '2');
  await shot(page, 'floor-22-receive-count');
  const sent = page.waitForRequest((r) => r.url().endsWith('/receipts'));
  await page.click('#confirm');
  const body = (await sent).postDataJSON();
  assert.equal(body.lines[0].code, GS1_TEA);
  assert.equal(body.package_level, 'pallet');
  assert.equal(body.packages, 2);
  assert.match(body.idempotency_key, /^[0-9a-f-]{36}$/);
  await flash(page, 'ok', /Received 4 × TEA/);
  await step(page, 'scan_item');
  assert.match(await page.textContent('#po-lines'), /TEA 6 open/);
  /* Six handkerchiefs on a line of five: more than 5 % over, refused. */
  await scan(page, 'BC-2');
  await step(page, 'confirm_qty');
  for (let i = 0; i < 5; i++) await page.click('#qty-plus');
  await page.click('#confirm');
  await flash(page, 'error', /Too many SKU-2: only 5 open/);
  await page.click('#cancel');
  await step(page, 'scan_item');
  await page.click('#to-putaway');
  await page.waitForSelector('#flow[data-flow=putaway] #big[data-action=scan_item]');
  assert.equal(await page.textContent('#big'), 'TEA');
  await scan(page, 'BC-1');
  await flash(page, 'error', /Wrong item: expected TEA/);
  await scan(page, GS1_TEA);
  await step(page, 'scan_bin');
  await shot(page, 'floor-23-putaway-scan-bin');
  await scan(page, 'S-03');
  await flash(page, 'ok', /4 × TEA put away to S-03/);
  await step(page, 'none');
  const r = await srv.ok('GET', '/api/v1/stock?sku=TEA&warehouse=W1&detail=bins');
  const s03 = r.items[0].bins.find((b) => b.bin === 'S-03');
  assert.equal(s03.on_hand, 4);
  assert.equal(s03.lot, 'L42');
  assert.equal(await stockIn('TEA', 'R-01'), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test("receive: an ASN reference finds its PO, a notified carton's SSCC receives it in one scan", async () => {
  await srv.ok('POST', '/api/v1/asns', {
    purchase_order: po.id, reference: 'DN-77', cartons: [{ sscc: '106141410000000019', lines: [{ sku: 'SKU-2', qty: 5 }] }],
  });
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-receive');
  await step(page, 'scan_po');
  await scan(page, 'DN-77');
  await step(page, 'scan_item');
  assert.equal(await page.textContent('#big'), po.number);
  await page.click('#po-done');
  await step(page, 'scan_po');
  const before = await stockIn('SKU-2', 'R-01');
  await scan(page, '(00)106141410000000019');
  await flash(page, 'ok', new RegExp('Carton received on ' + po.number));
  assert.match(await page.textContent('#received'), /Received: 5 units · putaway tasks: 1/);
  assert.equal(await stockIn('SKU-2', 'R-01'), before + 5);
  await ctx.close();
});

/* An order of @qty SKU-1 picked into tote @tote through the API by p2. */
async function pickedOrder(qty, tote) {
  const o = await srv.ok('POST', '/api/v1/orders', {
    store: 'API1', external_id: 'PACK-' + tote, currency: 'CNY',
    customer: { name: '王五', phone: '13800000000' },
    ship_to: { name: '王五', line1: '天元区黄河南路 1 号', city: '株洲市', postcode: '412007', country_code: 'CN' },
    lines: [{ sku: 'SKU-1', qty, unit_price: '19.90' }],
  });
  await srv.ok('POST', '/api/v1/waves', { warehouse: 'W1', store: 'API1', batch_size: 1 });
  const p2 = await srv.login('p2', PW);
  let v = await srv.ok('POST', '/api/v1/picklists/next', { warehouse: 'W1' }, p2);
  const key = () => String(Math.random());
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: v.task.bin, idempotency_key: key() }, p2);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: 'BC-1', qty, idempotency_key: key() }, p2);
  v = await srv.ok('POST', `/api/v1/picklists/${v.picklist}/scan`, { code: tote, idempotency_key: key() }, p2);
  assert.equal(v.action, 'done');
  return o;
}

test('pack at a station: scan the tote, a carton, every item (a wrong one refused), weigh, close, reprint, ship', async () => {
  /* The station's label printer: a TCP listener keeping what it gets. */
  const got = [];
  const printer = net.createServer((sock) => {
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => got.push(Buffer.concat(chunks).toString('latin1')));
  });
  await new Promise((r) => printer.listen(0, '127.0.0.1', r));
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1', printer: '127.0.0.1:' + printer.address().port });
  const o = await pickedOrder(2, 'T005');
  const { ctx, page } = await floorAs('p1');
  await chooseStation(page);
  await page.click('#start-pack');
  await step(page, 'scan_tote');
  await shot(page, 'floor-24-pack-scan-tote');
  await scan(page, 'T005');
  await step(page, 'carton');
  await page.click('#carton-types [data-code=BOX-M]');
  await step(page, 'scan_item');
  assert.equal(await page.textContent('#big'), 'SKU-1');
  await scan(page, 'BC-2');
  await flash(page, 'error', /Wrong item: not in order PACK-T005, expected SKU-1/);
  await shot(page, 'floor-25-pack-wrong-item');
  await scan(page, 'BC-1');
  await page.waitForSelector('#pack-items:has-text("1 of 2 packed")');
  await scan(page, 'BC-1');
  await step(page, 'weigh');
  await page.fill('#weight', '2000');
  await page.click('#close-carton');
  await flash(page, 'error', /Weight off: expected 600 g ± 30 g, weighed 2,000 g/);
  await page.fill('#weight', '610');
  await page.click('#close-carton');
  await flash(page, 'ok', /Carton closed: tracking number EX/);
  await step(page, 'ship');
  await shot(page, 'floor-26-pack-ship');
  /* Printed at close (label and packing slip); a reprint sends the label again. */
  for (let i = 0; i < 100 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(got.length, 1);
  await page.click('#reprint-label');
  await flash(page, 'ok', /queued for printing again/);
  for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  const cartons = (await srv.ok('GET', '/api/v1/print-jobs?station=ST1')).items;
  const label = await (await fetch(srv.base + `/api/v1/cartons/${cartons[0].carton}/label.zpl`,
    { headers: { Authorization: 'Bearer ' + srv.token } })).text();
  assert.equal(got.length, 2);
  assert.equal(got[1], label);
  assert.ok(got[0].startsWith(label));
  await srv.ok('POST', '/api/v1/stations', { code: 'ST1', warehouse: 'W1' });
  await new Promise((r) => printer.close(r));
  await page.click('#ship');
  await flash(page, 'ok', /Shipped: EX/);
  await step(page, 'scan_tote');
  const after = await srv.ok('GET', '/api/v1/orders/' + o.id);
  assert.equal(after.state, 'shipped');
  assert.equal(await stockIn('SKU-1', 'T005'), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('cycle count is blind: the counter never sees the expected quantity', async () => {
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-count');
  await step(page, 'scan_bin');
  assert.equal(await page.textContent('#big'), 'A-05');
  await scan(page, 'A-04');
  await flash(page, 'error', /Wrong bin: expected A-05/);
  await scan(page, 'A-05');
  await step(page, 'scan_items');
  for (let i = 0; i < 6; i++) await scan(page, 'BC-2');
  await page.waitForSelector('#tally:has-text("counted 6")');
  const seen = await page.textContent('#screen');
  assert.doesNotMatch(seen, /\b7\b/, 'the expected 7 is never shown: ' + seen);
  await shot(page, 'floor-27-count-blind');
  await page.click('#bin-done');
  await flash(page, 'ok', /Bin A-05 counted/);
  await step(page, 'none');
  const lead = await srv.ok('GET', '/api/v1/counts/' + countId);
  const line = lead.lines.find((l) => l.bin === 'A-05' && l.sku === 'SKU-2');
  assert.equal(line.counted, 6);
  assert.equal(line.expected, 7);
  assert.equal(line.state, 'needs_approval');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('several open counts: the counter chooses one, oldest first', async () => {
  const a = (await srv.ok('POST', '/api/v1/warehouses/W1/counts', { bins: ['A-03'] })).id;
  const b = (await srv.ok('POST', '/api/v1/warehouses/W1/counts', { bins: ['A-04', 'A-06'] })).id;
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-count');
  await step(page, 'choose');
  assert.deepEqual(await page.locator('#counts button').allTextContents(),
    [`Count ${a} · bins left: 1`, `Count ${b} · bins left: 2`]);
  await shot(page, 'floor-27b-count-choose');
  await page.click('#count-' + b);
  await step(page, 'scan_bin');
  assert.equal(await page.textContent('#big'), 'A-04');
  assert.match(await page.textContent('#progress'), new RegExp(`Count ${b} `));
  /* Closed by the lead, the screens after this one see no open count. */
  for (const id of [a, b]) await srv.ok('POST', '/api/v1/counts/' + id + '/close');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('move: from bin, item, to bin by scan; the stock moves once', async () => {
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-move');
  await step(page, 'scan_from');
  await scan(page, 'S-01');
  await step(page, 'scan_item');
  await scan(page, 'BC-1');
  await step(page, 'scan_to');
  await scan(page, 'BC-1');
  await page.waitForSelector('#qty-value:text("2")');
  const sent = page.waitForRequest((r) => r.url().endsWith('/stock/moves'));
  await scan(page, 'S-04');
  await flash(page, 'ok', /Moved 2 × SKU-1: S-01 → S-04/);
  const req = await sent;
  assert.equal(await stockIn('SKU-1', 'S-04'), 2);
  /* The same confirmation sent again moves nothing. */
  const again = await srv.call('POST', '/api/v1/stock/moves', req.postDataJSON());
  assert.equal(again.status, 200);
  assert.equal(await stockIn('SKU-1', 'S-04'), 2);
  await step(page, 'scan_from');
  await ctx.close();
});

test('a confirmation whose reply is lost is sent again with the same key and applied once', async () => {
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-move');
  await step(page, 'scan_from');
  await scan(page, 'S-01');
  await step(page, 'scan_item');
  await scan(page, 'BC-1');
  await step(page, 'scan_to');
  const keys = [];
  let lose = true;
  await page.route('**/api/v1/stock/moves', async (route) => {
    keys.push(route.request().postDataJSON().idempotency_key);
    const res = await route.fetch(); /* the server applies it… */
    if (lose) {
      lose = false;
      await route.abort('connectionreset'); /* …and the reply is lost */
    } else {
      await route.fulfill({ response: res });
    }
  });
  await scan(page, 'A-04');
  await flash(page, 'error', /No connection: scan or press again to retry/);
  assert.equal(await stockIn('SKU-1', 'A-04'), 1, 'the server applied the move');
  await step(page, 'scan_to');
  await scan(page, 'A-04');
  await flash(page, 'ok', /Moved 1 × SKU-1: S-01 → A-04/);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'the retry carries the same key');
  assert.equal(await stockIn('SKU-1', 'A-04'), 1, 'and moves nothing more');
  await ctx.close();
});

test('replenish: reserve bin, item, pick bin by scan confirm the task', async () => {
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-replen');
  await step(page, 'scan_from');
  assert.equal(await page.textContent('#big'), 'S-02');
  await scan(page, 'S-02');
  await step(page, 'scan_item');
  await scan(page, 'BC-2');
  await step(page, 'scan_to');
  assert.equal(await page.textContent('#big'), 'A-02');
  await scan(page, 'A-03');
  await flash(page, 'error', /Wrong bin: expected A-02/);
  await scan(page, 'A-02');
  await flash(page, 'ok', /Replenished 30 × SKU-2 into A-02/);
  await step(page, 'none');
  assert.equal(await stockIn('SKU-2', 'A-02'), 80);
  await ctx.close();
});

test("a station scanner's scans arrive over SSE and drive the flow on screen", async () => {
  const { ctx, page } = await floorAs('p1');
  await chooseStation(page);
  await page.click('#start-move');
  await step(page, 'scan_from');
  const station = (code) => srv.ok('POST', '/api/v1/stations/ST1/scans', { code, device: 'gun-1' });
  await station('S-04');
  await step(page, 'scan_item');
  /* Two scans at once: handled in the order they were read. */
  await station('BC-1');
  await station('A-06');
  await flash(page, 'ok', /Moved 1 × SKU-1: S-04 → A-06/);
  assert.equal(await stockIn('SKU-1', 'A-06'), 1);
  /* Remembered on the device: a reload listens again. */
  await page.reload();
  await page.waitForSelector('body[data-station=live]');
  await ctx.close();
});

test('camera fallback: a photo of a barcode is decoded and handled as a scan', async () => {
  const png = await fetch(srv.base + '/api/v1/barcodes/code128.png?text=A-02&scale=3', { headers: { Authorization: 'Bearer ' + srv.token } });
  assert.equal(png.status, 200);
  const buffer = Buffer.from(await png.arrayBuffer());
  const { ctx, page } = await floorAs('p1');
  await page.click('#start-lookup');
  await page.waitForSelector('#big:text("?")');
  await page.setInputFiles('#camera-file', { name: 'photo.png', mimeType: 'image/png', buffer });
  await page.waitForSelector('#lookup-kind:text("Bin")');
  assert.equal(await page.textContent('#big'), 'A-02');
  await page.setInputFiles('#camera-file', { name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from('not a photo') });
  await flash(page, 'error', /No barcode found/);
  await ctx.close();
});

/* Visible text still in English on a Chinese screen (data marked translate="no" aside). */
async function leftInEnglish(page) {
  const texts = await visibleTexts(page, { extras: false });
  const banned = englishOnly();
  /* Codes inside a message (SKU-2, PO…-00001) are data, not words. */
  return texts.filter((s) => banned.test(s.replace(/\b[A-Z][A-Z0-9]*-[A-Z0-9-]+\b/g, '')));
}

test('in Chinese, the flow screens and their errors have no English left', async () => {
  const { ctx, page } = await floorAs('p2');
  await page.click('#lang');
  await page.waitForSelector('#start-receive:has-text("收货")');
  assert.deepEqual(await leftInEnglish(page), []);
  await page.click('#start-receive');
  await step(page, 'scan_po');
  await scan(page, 'XQ-42');
  await page.waitForSelector('#flash.error');
  assert.deepEqual(await leftInEnglish(page), []);
  await scan(page, po.number);
  await step(page, 'scan_item');
  await scan(page, 'BC-2');
  await step(page, 'confirm_qty');
  for (let i = 0; i < 9; i++) await page.click('#qty-plus');
  await page.click('#confirm');
  await page.waitForSelector('#flash.error');
  assert.match(await page.textContent('#flash'), /超收/);
  assert.deepEqual(await leftInEnglish(page), []);
  await shot(page, 'floor-29-receive-zh-CN');
  await page.click('#cancel');
  for (const [id, action] of [['count', 'none'], ['move', 'scan_from'], ['replen', 'none'], ['putaway', 'scan_item']]) {
    await page.click('#home');
    await page.click('#start-' + id);
    await step(page, action);
    assert.deepEqual(await leftInEnglish(page), [], id);
  }
  await page.click('#home');
  await page.click('#start-station');
  await page.waitForSelector('#stations');
  assert.deepEqual(await leftInEnglish(page), []);
  await ctx.close();
});
