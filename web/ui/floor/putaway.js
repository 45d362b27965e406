/*
 * Put away: the warehouse's open putaway tasks (GET
 * /api/v1/putaway-tasks), one at a time: scan the item (checked here
 * against the task), then the bin: the suggested one or any other
 * (POST /api/v1/putaway-tasks/{id}/confirm with an idempotency key).
 */
import { api } from '../lib/api.js';
import { t, fmtNumber } from '../lib/i18n.js';
import { feedback } from './feedback.js';
import { screen, button, facts, resolve, itemOf, errText, commit, nothing } from './flow.js';

let ctx = null;
let tasks = [];
let task = null;      /* the task in hand */
let scannedItem = false;

export function active() {
  return ctx !== null;
}

export function stop() {
  ctx = null;
}

/* Open putaway tasks of the warehouse; for the home count too. */
export async function load(wh) {
  return (await api('GET', '/api/v1/putaway-tasks?warehouse=' + encodeURIComponent(wh))).items;
}

export async function start(c) {
  ctx = c;
  task = null;
  scannedItem = false;
  try {
    tasks = await load(ctx.warehouse);
  } catch (e) {
    feedback('error', () => errText(e, {}));
    return;
  }
  task = tasks[0] || null;
  render();
}

function left(x) {
  return x.qty - x.done;
}

export function render() {
  if (ctx === null) return;
  if (task === null) {
    nothing('putaway', t('putaway.none'), () => ctx.home());
    return;
  }
  const info = facts([[t('receive.name'), task.name], [t('pick.lot'), task.lot],
    [t('putaway.qty'), fmtNumber(left(task))], [t('putaway.from'), task.from],
    [t('putaway.suggested'), task.suggested_bin]]);
  const progress = t('putaway.progress', { n: fmtNumber(tasks.length) });
  const actions = [
    button('next-task', t('putaway.next_task'), () => { skip(); }),
    button('home', t('common.home'), () => ctx.home()),
  ];
  if (!scannedItem) {
    screen({
      flow: 'putaway', step: 'scan_item', top: progress,
      verb: t('putaway.take', { n: fmtNumber(left(task)), from: task.from }), big: task.sku,
      hint: t('putaway.scan_item'), body: info, actions,
    });
    return;
  }
  screen({
    flow: 'putaway', step: 'scan_bin', top: progress,
    verb: t('putaway.put_to'), big: task.suggested_bin || '?',
    hint: t('putaway.scan_bin'), body: info, actions,
  });
}

/* Another task first (the one in hand goes to the end of the list). */
function skip() {
  if (tasks.length > 1) tasks.push(tasks.shift());
  task = tasks[0] || null;
  scannedItem = false;
  render();
}

async function scanItem(code) {
  const it = itemOf(await resolve(code, ctx.warehouse));
  const match = it && tasks.find((x) => x.sku === it.sku && (!it.lot || !x.lot || x.lot === it.lot));
  if (!match) {
    feedback('error', () => t('scan_err.wrong_item', { sku: task.sku }));
    return;
  }
  tasks = [match, ...tasks.filter((x) => x !== match)];
  task = match;
  scannedItem = true;
  feedback('ok', () => t('pick.ok'));
  render();
}

async function scanBin(code) {
  const r = await commit('/api/v1/putaway-tasks/' + task.id + '/confirm', { bin: code, qty: left(task) });
  feedback('ok', () => t('putaway.done', { n: fmtNumber(r.done), sku: r.sku, bin: code.toUpperCase() }));
  tasks = tasks.filter((x) => x.id !== task.id);
  if (r.state !== 'done') tasks.unshift(r);
  task = tasks[0] || null;
  scannedItem = false;
  render();
}

export async function scanned(code) {
  if (task === null) return;
  try {
    if (!scannedItem) await scanItem(code);
    else await scanBin(code);
  } catch (e) {
    feedback('error', () => errText(e, { bin: code, sku: task.sku, expected: task.suggested_bin }));
  }
}
