/*
 * History archive (issue 25 item 3), the settings' "archive" tab (admins):
 * every partitioned table (GET /api/v1/admin/partitions, generic over the
 * server's part_table: nothing here names a table) with its time column,
 * distribution key, months kept ahead, rows left in DEFAULT, each live
 * month's rows and size, and the months already taken out with their
 * files; then a month picker and "Archive months before", which first asks
 * in a dialog (it cannot be undone, and it names the server's folder the
 * files go to) and then shows what was archived. The key of one
 * confirmation is made when the dialog opens: a double click or a retry
 * after a lost reply gets the first answer (POST /api/v1/admin/archive).
 */
import { api, uuid } from '../lib/api.js';
import { t, fmtDate, fmtNumber, currentLang } from '../lib/i18n.js';
import { el, mount, $ } from '../lib/dom.js';
import { field, act, code, table, row } from './common.js';

/* The last run's answer, shown once by the next draw. */
let last = null;

/* @n bytes in the current language (kB, MB, GB). */
function fmtBytes(n) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
  let v = Number(n) || 0;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(currentLang(), { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
}

/* The file's name without its folder (the folder is shown once above). */
function baseName(path) {
  return path ? path.slice(path.lastIndexOf('/') + 1) : '';
}

/* A month's rows: counted, or PostgreSQL's estimate for a big partition. */
function rowsCell(p) {
  if (p.rows_exact) return { num: p.rows };
  return el('td', { class: 'num estimate', title: t('archive.estimated') }, '≈ ' + fmtNumber(p.rows));
}

function tablePanel(x) {
  const id = (s) => 'ar-' + x.table + '-' + s;
  return el('section', { class: 'panel part-table', id: id('panel'), dataset: { table: x.table } },
    el('h2', {}, code(x.table)),
    el('dl', { class: 'part-facts' },
      el('dt', {}, t('archive.time_column')), el('dd', {}, code(x.time_column)),
      el('dt', {}, t('archive.distribution_key')), el('dd', {}, x.distribution_key ? code(x.distribution_key) : t('archive.none')),
      el('dt', {}, t('archive.months_ahead')), el('dd', { id: id('ahead') }, fmtNumber(x.months_ahead)),
      el('dt', {}, t('archive.default_rows')), el('dd', { id: id('default') }, fmtNumber(x.default_rows), ' · ', fmtBytes(x.default_bytes))),
    el('div', { class: 'scroll' },
      table(id('months'), ['archive.month', 'archive.partition', 'archive.rows', 'archive.size'],
        x.partitions.map((p) => row({ dataset: { month: p.month } }, code(p.month), code(p.partition, { class: 'mono' }),
          rowsCell(p), fmtBytes(p.bytes))))),
    el('h3', {}, t('archive.taken_out')),
    x.archived.length === 0 ? el('p', { class: 'muted', id: id('none') }, t('archive.none_taken')) : el('div', { class: 'scroll' },
      table(id('archived'), ['archive.month', 'archive.state', 'archive.rows', 'archive.file', 'archive.when'],
        x.archived.map((a) => row({ dataset: { month: a.month, state: a.state } }, code(a.month),
          el('span', { class: 'pill' }, t(a.state === 'archived' ? 'archive.state.archived' : 'archive.state.detached')), { num: a.rows },
          code(baseName(a.file), { class: 'mono wrap', title: a.file || '' }), fmtDate(a.archived_at || a.detached_at))))));
}

function resultPanel(r) {
  return el('section', { class: 'panel', id: 'ar-result' },
    el('h2', {}, t('archive.result', { n: fmtNumber(r.archived), month: r.before })),
    r.months.length === 0 ? el('p', { class: 'muted' }, t('archive.result_none')) : el('div', { class: 'scroll' },
      table('ar-result-months', ['archive.table', 'archive.month', 'archive.rows', 'archive.file'],
        r.months.map((m) => row({ dataset: { table: m.table, month: m.month } }, code(m.table), code(m.month), { num: m.rows },
          code(m.file, { class: 'mono wrap' }))))));
}

/* The dialog that asks before anything is written; @run(key) archives. */
function confirmBox(month, dir, run) {
  const key = uuid();
  const box = el('section', {
    class: 'panel confirm', id: 'ar-confirm-box', role: 'alertdialog', 'aria-modal': 'true',
    'aria-labelledby': 'ar-confirm-title', 'aria-describedby': 'ar-confirm-text', tabindex: '-1',
  },
  el('h2', { id: 'ar-confirm-title' }, t('archive.confirm_title', { month })),
  el('p', { id: 'ar-confirm-text' }, t('archive.confirm_text', { month }), ' ',
    code(dir || t('archive.dir_unset'), { class: 'mono wrap', id: 'ar-confirm-dir' })),
  el('p', { class: 'warn-text' }, t('archive.confirm_irreversible')),
  el('div', { class: 'row actions' },
    el('button', { type: 'button', class: 'danger', id: 'ar-confirm', onclick: () => run(key) }, t('archive.confirm')),
    el('button', { type: 'button', id: 'ar-cancel', onclick: () => box.remove() }, t('archive.cancel'))));
  return box;
}

function form(doc, env, redraw) {
  const current = doc.tables.length ? doc.tables[0].current_month : '';
  const slot = el('div', { id: 'ar-dialog' });
  const run = (key) => act(env, async () => {
    const before = $('#ar-before').value;
    last = await api('POST', '/api/v1/admin/archive', { before, idempotency_key: key });
    await redraw(t('archive.done', { n: fmtNumber(last.archived) }));
  });
  return el('form', {
    class: 'panel', id: 'ar-form',
    onsubmit: (e) => {
      e.preventDefault();
      const box = confirmBox($('#ar-before').value, doc.archive_dir, run);
      mount(slot, box);
      box.focus();
    },
  },
  el('h2', {}, t('archive.run_title')),
  el('p', { class: 'muted' }, t('archive.run_hint')),
  el('div', { class: 'row' },
    field('ar-before', 'archive.before', el('input', {
      id: 'ar-before', type: 'month', required: true, pattern: '[0-9]{4}-[0-9]{2}', max: current, value: current, translate: 'no',
    }))),
  el('button', { type: 'submit', class: 'primary', id: 'ar-run' }, t('archive.run')),
  slot);
}

/* The tab's body (settings.js draws it under its tabs). */
export async function draw(env, redraw) {
  const doc = await api('GET', '/api/v1/admin/partitions');
  const result = last;
  last = null;
  return el('div', { id: 'archive' },
    el('p', { class: 'muted' }, t('archive.intro')),
    el('p', {}, t('archive.dir'), ' ', code(doc.archive_dir || t('archive.dir_unset'), { class: 'mono wrap', id: 'ar-dir' })),
    result ? resultPanel(result) : null,
    form(doc, env, redraw),
    doc.tables.map(tablePanel));
}
