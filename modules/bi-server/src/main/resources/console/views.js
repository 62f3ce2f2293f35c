// Small DOM helpers and the shared loading / error / not-available / empty panels.
import { t } from './i18n.js';

/** el('div', {class: 'x', onclick: fn}, child, 'text', ...): text is always set as text, never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

export function loading() {
  return el('div', { class: 'state loading', 'data-state': 'loading' }, t('state.loading'));
}

export function unavailable(service) {
  return el('div', { class: 'state unavailable', 'data-state': 'unavailable', 'data-service': service },
    t('state.unavailable', { service }));
}

/** The panel for a failed call: "not available" when the service is down, the problem's detail otherwise. */
export function failure(error, retry) {
  if (error && error.unavailable) return unavailable(error.service);
  const text = error && error.status === 403 ? t('state.forbidden') : t('state.error') + (error ? error.message : '');
  return el('div', { class: 'state error', 'data-state': 'error' }, text,
    retry ? el('div', {}, el('button', { type: 'button', class: 'secondary', onclick: retry }, t('state.retry'))) : null);
}

export function empty(text, link) {
  return el('div', { class: 'state empty', 'data-state': 'empty' }, text, link ? el('div', {}, link) : null);
}

export function table(columns, rows, attrs = {}) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : null }, c.label)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => el('td', { class: c.num ? 'num' : null, 'data-col': c.key }, c.format ? c.format(row[c.key], row) : row[c.key]))))));
}

export function field(labelKey, input) {
  return el('label', {}, t(labelKey), input);
}
