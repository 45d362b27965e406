/*
 * The offline queue: confirmed scans that could not be sent, in IndexedDB
 * with their idempotency keys, replayed in order when the network returns
 * (see docs/ui.md, Offline). A replay answered by the server is removed;
 * one the server refuses is removed and handed back to be shown.
 */
const DB = 'depot-floor';
const STORE = 'scans';

function open() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function run(mode, fn) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req && req.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

/* Appends @scan ({key, list, code, qty, at}). */
export function enqueue(scan) {
  return run('readwrite', (s) => s.add(scan));
}

/* Every waiting scan, oldest first. */
export function pending() {
  return run('readonly', (s) => s.getAll());
}

export function remove(seq) {
  return run('readwrite', (s) => s.delete(seq));
}

export async function count() {
  return run('readonly', (s) => s.count());
}
