// The procedure contract's lint (ctest lint_error_names).
//
// PL/pgSQL procedures answer C with an error *name* as text (out_error),
// which core_proc maps through core/core_ec.def at run time. This check
// moves a misspelt name from production to the test run:
//  1. every name a procedure in sql/procs can put into out_error (a
//     literal assigned directly or by a CASE arm), or a schema rule can
//     raise as the HINT of SQLSTATE DP400, is in the registry;
//  2. every registry code is produced somewhere (such a name in SQL, or a
//     CORE_EC_* use in C outside the registry's own files), or is retired
//     (its hint starts with "retired") or listed in JUSTIFIED below;
//  3. the contract's column list is written once (core/core_proc.h).
// Usage: node check_error_names.mjs <source dir>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? '.';

// Registry codes no SQL or C produces, each with the reason it stays.
const JUSTIFIED = {
  ok: 'success, not an error',
};

const registry = new Map(); // wire name -> { name, hint }
const defText = readFileSync(join(root, 'core/core_ec.def'), 'utf8');
for (const m of defText.matchAll(
  /^CORE_EC\((\w+),\s*(\w+),\s*(\d+),\s*(\d+),\s*"((?:[^"\\]|\\.)*)"\)/gm,
)) {
  registry.set(m[2], { name: m[1], hint: m[5] });
}
const byEnum = new Map([...registry].map(([wire, v]) => [v.name, wire]));

function files(dir, ext) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'node_modules' || e === '.git') continue;
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.some((x) => p.endsWith(x))) out.push(p);
  }
  return out;
}

// Each out_error assignment: the literals right after ':=', THEN or ELSE.
const produced = new Map(); // wire name -> first place
const problems = [];
for (const f of files(join(root, 'sql/procs'), ['.sql'])) {
  const text = readFileSync(f, 'utf8').replace(/--[^\n]*/g, '');
  for (const m of text.matchAll(/\bout_error\s*:=([^;]*);/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${relative(root, f)}:${line}`;
    for (const s of m[1].matchAll(/(?:^|\bTHEN|\bELSE)\s*'([^']*)'/g)) {
      const name = s[1];
      if (!registry.has(name)) {
        problems.push(`${where}: out_error '${name}' is not in core/core_ec.def`);
      } else if (!produced.has(name)) {
        produced.set(name, where);
      }
    }
  }
  // A schema rule's refusal (SQLSTATE DP400) names its code as HINT.
  for (const m of text.matchAll(/ERRCODE\s*=\s*'DP400',\s*HINT\s*=\s*'([^']*)'/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${relative(root, f)}:${line}`;
    if (!registry.has(m[1])) {
      problems.push(`${where}: HINT '${m[1]}' is not in core/core_ec.def`);
    } else if (!produced.has(m[1])) {
      produced.set(m[1], where);
    }
  }
}

// C: every CORE_EC_<NAME> outside the registry's own files.
const cDirs = ['core', 'wms', 'web', 'devices', 'cli', 'channels'].filter((d) => {
  try {
    return statSync(join(root, d)).isDirectory();
  } catch {
    return false;
  }
});
const colList = /out_error,\s*out_field,\s*out_detail/;
for (const d of cDirs) {
  for (const f of files(join(root, d), ['.c', '.h'])) {
    const rel = relative(root, f);
    const text = readFileSync(f, 'utf8');
    if (rel !== 'core/core_proc.h' && colList.test(text)) {
      problems.push(
        `${rel}: spells out the procedure columns; use CORE_PROC_SELECT (core/core_proc.h)`,
      );
    }
    if (rel.startsWith('core/core_ec.')) continue;
    for (const m of text.matchAll(/\bCORE_EC_([A-Z0-9_]+)/g)) {
      const wire = byEnum.get(m[1]);
      if (wire !== undefined && !produced.has(wire)) produced.set(wire, rel);
    }
  }
}

const dead = [];
for (const [wire, v] of registry) {
  if (produced.has(wire) || wire in JUSTIFIED) continue;
  if (/^retired/i.test(v.hint)) continue;
  dead.push(wire);
}
for (const wire of dead) {
  problems.push(
    `core/core_ec.def: ${wire} is produced by no procedure and no C code; ` +
      'retire it (hint "retired: ...") or justify it in tests/lint/check_error_names.mjs',
  );
}

// For information: codes no test names (wire name or CORE_EC_ enum).
const testText = files(join(root, 'tests'), ['.c', '.h', '.mjs', '.sh'])
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const untested = [...registry].filter(
  ([wire, v]) =>
    wire !== 'ok' &&
    !testText.includes(`"${wire}"`) &&
    !testText.includes(`'${wire}'`) &&
    !new RegExp(`\\bCORE_EC_${v.name}\\b`).test(testText),
);
console.log(
  `not named by any test (information): ${untested.map(([w]) => w).join(' ') || 'none'}`,
);

const sqlNames = [...produced.values()].filter((w) => w.startsWith('sql/')).length;
console.log(
  `${registry.size} registry codes, ${produced.size} produced ` +
    `(${sqlNames} first seen in SQL), ${problems.length} problems`,
);
for (const p of problems) console.log(p);
process.exit(problems.length === 0 ? 0 : 1);
