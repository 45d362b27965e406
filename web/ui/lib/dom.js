/*
 * Building DOM without HTML strings: el('p', {class: 'x'}, child, …).
 * Children are nodes or strings; a string child is set as text, never as
 * markup, and must come from t() or be data (codes, numbers).
 */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function $(sel, root) {
  return (root || document).querySelector(sel);
}

/* Replaces the children of @parent with @children. */
export function mount(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((c) => c));
}
