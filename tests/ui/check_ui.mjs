// Lint of the web UI sources (web/ui, web/i18n), run by CTest (lint_ui):
//  1. both catalogs have the same keys, no empty message, the same {placeholders};
//  2. every key the UI names (t('k'), data-i18n*="k", or a string literal
//     shaped like a key of a catalog namespace) exists in both catalogs;
//  3. nothing user-visible is hard-coded (the rule of docs/ui.md):
//     - HTML: no letter in a text node, no literal placeholder/title/
//       aria-label/alt attribute (use data-i18n-*);
//     - JS: no letter in a string literal given as a child to el()/svg()
//       (arguments after the attributes), assigned to textContent,
//       innerText, innerHTML, placeholder or title, or passed to alert()/
//       confirm(); no CJK character in any JS string at all;
//  4. the floor terminal's JavaScript stays under 100 KB;
//  5. every error code of core/core_ec.def has error.<code> in both catalogs.
// Exit 1 with one line per finding.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] || new URL('../..', import.meta.url).pathname;
const uiDir = join(root, 'web/ui');
const problems = [];
const bad = (file, msg) => problems.push(`${relative(root, file)}: ${msg}`);
const LETTER = /\p{L}/u;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/u;

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// 1. Catalogs.
const cats = {};
for (const lang of ['en', 'zh-CN']) {
  const f = join(root, 'web/i18n', lang + '.json');
  cats[lang] = JSON.parse(readFileSync(f, 'utf8'));
}
const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
for (const [a, b] of [['en', 'zh-CN'], ['zh-CN', 'en']]) {
  for (const k of Object.keys(cats[a])) {
    if (!(k in cats[b])) bad(join(root, 'web/i18n', b + '.json'), `missing key "${k}" (present in ${a})`);
    else if (a === 'en' && holes(cats.en[k]) !== holes(cats['zh-CN'][k])) {
      bad(join(root, 'web/i18n/zh-CN.json'), `"${k}" placeholders differ from en`);
    }
    if (String(cats[a][k]).trim() === '') bad(join(root, 'web/i18n', a + '.json'), `empty message "${k}"`);
  }
}
// 1b. Every error code of the registry (core/core_ec.def) has its words in
// both catalogs, error.<code>, so the UI never shows the server's English.
const ecDef = join(root, 'core/core_ec.def');
for (const m of readFileSync(ecDef, 'utf8').matchAll(/^CORE_EC\(\w+, (\w+),/gm)) {
  for (const lang of ['en', 'zh-CN']) {
    if (!(('error.' + m[1]) in cats[lang])) bad(join(root, 'web/i18n', lang + '.json'), `no "error.${m[1]}" for the registry's code ${m[1]}`);
  }
}
const namespaces = new Set(Object.keys(cats.en).map((k) => k.split('.')[0]));
const known = (k) => k in cats.en && k in cats['zh-CN'];
const needKey = (file, k) => { if (!known(k)) bad(file, `unknown catalog key "${k}"`); };
const needPrefix = (file, p) => {
  if (!Object.keys(cats.en).some((k) => k.startsWith(p))) bad(file, `no catalog key starts with "${p}"`);
};

// A small JS tokenizer: strings, templates, comments, regexes are enough.
function tokens(src) {
  const out = [];
  let i = 0;
  let prev = null;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { i = src.indexOf('\n', i); if (i < 0) break; continue; }
    if (src.startsWith('/*', i)) { i = src.indexOf('*/', i) + 2; continue; }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let val = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') { val += src[j + 1]; j += 2; continue; }
        if (c === '`' && src.startsWith('${', j)) {
          let depth = 1;
          j += 2;
          while (j < src.length && depth > 0) { if (src[j] === '{') depth++; if (src[j] === '}') depth--; j++; }
          val += '\u0000';
          continue;
        }
        val += src[j++];
      }
      out.push(prev = { type: 'str', val, line: src.slice(0, i).split('\n').length });
      i = j + 1;
      continue;
    }
    if (c === '/' && (!prev || (prev.type === 'punct' && !')]}'.includes(prev.val)))) {
      let j = i + 1;
      let cls = false;
      while (j < src.length && (src[j] !== '/' || cls)) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') cls = true;
        else if (src[j] === ']') cls = false;
        j++;
      }
      j++;
      while (/[a-z]/.test(src[j] || '')) j++;
      out.push(prev = { type: 'regex', val: src.slice(i, j) });
      i = j;
      continue;
    }
    const m = /^[A-Za-z_$][\w$]*|^\d[\w.]*/.exec(src.slice(i, i + 64));
    if (m) { out.push(prev = { type: 'id', val: m[0] }); i += m[0].length; continue; }
    out.push(prev = { type: 'punct', val: c });
    i++;
  }
  return out;
}

// Arguments of the call whose '(' is at tokens[k]: arrays of tokens.
function args(tk, k) {
  const list = [[]];
  let depth = 0;
  for (let i = k; i < tk.length; i++) {
    const v = tk[i].type === 'punct' ? tk[i].val : null;
    if (v === '(' || v === '[' || v === '{') { depth++; if (depth === 1) continue; }
    if (v === ')' || v === ']' || v === '}') { depth--; if (depth === 0) break; }
    if (v === ',' && depth === 1) { list.push([]); continue; }
    list[list.length - 1].push(tk[i]);
  }
  return list;
}

function checkJs(file) {
  const tk = tokens(readFileSync(file, 'utf8'));
  for (let i = 0; i < tk.length; i++) {
    const x = tk[i];
    if (x.type === 'str') {
      if (CJK.test(x.val)) bad(file, `line ${x.line}: Chinese text in a string: use the catalogs`);
      const key = /^([a-z_]+)\.[a-z_.]*$/.exec(x.val);
      if (key && namespaces.has(key[1])) {
        const next = tk[i + 1];
        if (x.val.endsWith('.') || (next && next.val === '+')) needPrefix(file, x.val);
        else needKey(file, x.val);
      }
    }
    const call = x.type === 'id' && tk[i + 1] && tk[i + 1].val === '(' && (!tk[i - 1] || tk[i - 1].val !== '.');
    if (call && (x.val === 'el' || x.val === 'svg')) {
      const a = args(tk, i + 1);
      for (const arg of a.slice(2)) {
        if (arg.length === 1 && arg[0].type === 'str' && LETTER.test(arg[0].val.replace(/\u0000/g, ''))) {
          bad(file, `line ${arg[0].line}: hard-coded text "${arg[0].val}" given to ${x.val}(): use t()`);
        }
      }
    }
    if (call && (x.val === 'alert' || x.val === 'confirm')) {
      const a = args(tk, i + 1)[0];
      if (a.length === 1 && a[0].type === 'str' && LETTER.test(a[0].val)) bad(file, `line ${a[0].line}: hard-coded text in ${x.val}()`);
    }
    if (x.type === 'id' && ['textContent', 'innerText', 'innerHTML', 'placeholder', 'title'].includes(x.val) &&
        tk[i + 1] && tk[i + 1].val === '=' && tk[i + 2] && tk[i + 2].val !== '=') {
      const y = tk[i + 2];
      if (y.type === 'str' && LETTER.test(y.val)) bad(file, `line ${y.line}: hard-coded text assigned to ${x.val}: use t()`);
    }
  }
}

function checkHtml(file) {
  const src = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const body = src.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '<$1></$1>');
  for (const m of body.matchAll(/>([^<]+)</g)) {
    if (LETTER.test(m[1])) bad(file, `hard-coded text "${m[1].trim()}": use data-i18n`);
  }
  for (const m of body.matchAll(/\s(placeholder|title|aria-label|alt)="([^"]*)"/g)) {
    if (LETTER.test(m[2])) bad(file, `literal ${m[1]}="${m[2]}": use data-i18n-${m[1]}`);
  }
  for (const m of body.matchAll(/\sdata-i18n(?:-[a-z-]+)?="([^"]+)"/g)) needKey(file, m[1]);
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(src)) bad(file, 'inline script (the CSP forbids it)');
  if (/\sstyle="/.test(src) || /\son[a-z]+="/.test(src)) bad(file, 'inline style or event handler attribute');
}

const files = walk(uiDir);
for (const f of files) {
  if (f.endsWith('.js')) checkJs(f);
  else if (f.endsWith('.html')) checkHtml(f);
  if (/https?:\/\//.test(readFileSync(f, 'utf8').replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''))) {
    bad(f, 'names another origin (no CDN, no third-party requests)');
  }
}

// 5. The floor's service worker keeps every file the floor loads.
const sw = readFileSync(join(uiDir, 'floor/sw.js'), 'utf8');
for (const f of files) {
  const url = '/ui/' + relative(uiDir, f);
  const floorFile = /^\/ui\/(floor\/(?!sw\.js|index\.html)|lib\/)/.test(url);
  if (floorFile && !sw.includes(`'${url}'`)) bad(join(uiDir, 'floor/sw.js'), `FILES lacks ${url}`);
}
for (const lang of Object.keys(cats)) {
  if (!sw.includes(`'/ui/i18n/${lang}.json'`)) bad(join(uiDir, 'floor/sw.js'), `FILES lacks /ui/i18n/${lang}.json`);
}

// 4. The floor's JavaScript: its own modules and the shared library.
const floorJs = files.filter((f) => f.endsWith('.js') && /\/(floor|lib)\//.test(f))
  .reduce((n, f) => n + statSync(f).size, 0);
if (floorJs >= 100 * 1024) bad(join(uiDir, 'floor'), `floor JavaScript is ${floorJs} bytes (limit 100 KB)`);

for (const p of problems) console.log(p);
console.log(`lint_ui: ${files.length} files, ${Object.keys(cats.en).length} keys, floor JS ${floorJs} bytes`);
console.log(`${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`);
process.exit(problems.length === 0 ? 0 : 1);
