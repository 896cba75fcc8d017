// DOM helpers shared by every page. Built with DOM calls only (never innerHTML with data), so nothing the
// API returns can become markup or script.
import { t } from './i18n.js';

const main = document.getElementById('main');

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function render(...children) {
  main.replaceChildren();
  append(main, children);
}

export function alertBox(message, kind = '') {
  return h('div', { class: `alert ${kind}`, role: kind === 'ok' ? 'status' : 'alert' }, message);
}

let idCounter = 0;
export const uid = (prefix) => `${prefix}-${++idCounter}`;

export function labelled(labelText, control, extra) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, extra);
}

export function select(options, value, attrs = {}) {
  const el = h('select', attrs, options.map(([v, text]) => h('option', { value: v }, text)));
  if (value !== undefined) el.value = value;
  return el;
}

/**
 * A table in a box of its own width: on a narrow screen the table scrolls sideways inside it (a keyboard
 * user can too: the box takes focus), never the page.
 */
export function table(headers, rows, attrs = {}) {
  const inner = h('table', attrs, h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))), h('tbody', {}, rows));
  return h('div', { class: `table-wrap${/\bnoprint\b/.test(attrs.class ?? '') ? ' noprint' : ''}`, tabindex: '0', role: 'region', 'aria-label': headers.join(', ') }, inner);
}

export function statusBadge(status) {
  const kind = status === 'active' ? 'ok' : status === 'draft' ? 'warn' : '';
  return h('span', { class: `badge ${kind}` }, t(`status.${status}`));
}

/** A modal question (native <dialog>: focus kept inside, Esc cancels); resolves true only on the confirming button. */
export function confirmAction(message, confirmLabel, title = t('sync.confirmTitle')) {
  return new Promise((resolve) => {
    let done = false;
    // Answered: the dialog leaves the page at once (not only at its 'close' event), and the answer is given once.
    const finish = (confirmed) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(confirmed);
    };
    const no = h('button', { type: 'button', class: 'secondary', id: 'confirm-no', onclick: () => finish(false) }, t('cancel'));
    const dialog = h(
      'dialog',
      { id: 'confirm-dialog', 'aria-labelledby': 'confirm-h', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-h' }, title),
      h('p', { id: 'confirm-text' }, message),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'confirm-yes', onclick: () => finish(true) }, confirmLabel), no),
    );
    // Esc closes the dialog: that is a no.
    dialog.addEventListener('close', () => finish(false));
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/** Replaces what the element holds by the children (null, undefined and false are left out, never "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
