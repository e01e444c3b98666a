// Building blocks of the console pages. Every value from a token, a request or the audit log goes
// into the page as a text node (textContent): never as HTML, so a claim like
// "<img src=x onerror=alert(1)>" is shown, not run.

const ALLOWED_ATTRS = new Set(['id', 'class', 'href', 'type', 'for', 'name', 'value', 'role', 'scope',
  'aria-label', 'aria-live', 'aria-current', 'aria-describedby', 'aria-labelledby', 'aria-expanded', 'aria-controls', 'tabindex',
  'autocomplete', 'placeholder', 'required', 'checked', 'selected', 'rows', 'data-request-id', 'data-status',
  'data-decisive', 'data-decisive-condition', 'hidden', 'title', 'colspan', 'min', 'max', 'inputmode', 'spellcheck']);

/** An element with attributes (no event handlers, no style) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (!ALLOWED_ATTRS.has(name)) throw new Error('attribute not allowed: ' + name);
    if (name === 'href' && !String(value).startsWith('/console/')) throw new Error('only console links');
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let csrf = '';
export function setCsrf(value) { csrf = value; }

/** The console API: same origin, the session cookie, the CSRF header on changes; 401 goes to sign-in. */
export async function api(path, body) {
  const init = { credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-Keyless-CSRF'] = csrf;
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/console/api/' + path, init);
  if (response.status === 401) {
    window.location.assign('/console/signin');
    throw new Error('signed out');
  }
  let json = {};
  try { json = await response.json(); } catch (e) { json = {}; }
  return { status: response.status, ok: response.ok, json };
}

export function badge(word) {
  const w = String(word || '').toLowerCase();
  const cls = ['allow', 'allowed', 'pass', 'passed'].includes(w) ? 'allow'
    : ['deny', 'denied', 'fail', 'failed', 'error'].includes(w) ? 'deny' : 'other';
  return h('span', { class: 'badge ' + cls }, String(word || ''));
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

export function table(caption, headers, rows) {
  const t = h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
  return h('div', { class: 'table-wrap' }, t);
}

/** A check's status in one vocabulary: explain says pass/fail, the GCP decision passed/failed. */
export function status(s) {
  const w = String(s || '').toLowerCase();
  if (w === 'passed' || w === 'pass') return 'pass';
  if (w === 'failed' || w === 'fail') return 'fail';
  return w.replace('_', ' ');
}

/**
 * The check list of a decision with the decisive check marked: the first failed check, the one the
 * server decided at (explain and the STS stop at the first failure).
 */
export function checksTable(checks, decisiveName) {
  let decisiveDone = false;
  const rows = (checks || []).map((c) => {
    const st = status(c.status);
    const decisive = !decisiveDone && st === 'fail' && (!decisiveName || decisiveName === c.name);
    if (decisive) decisiveDone = true;
    return h('tr', { class: decisive ? 'decisive' : null, 'data-status': st, 'data-decisive': decisive ? 'true' : null },
      h('td', {}, c.name, decisive ? ' (decisive)' : ''),
      h('td', {}, badge(st)),
      h('td', {}, c.expected),
      h('td', {}, c.actual));
  });
  return table('Checks', ['Check', 'Result', 'Expected', 'Actual'], rows);
}

/** IAM's trace of the trust policy: each statement's conditions, policy values vs request values. */
export function policyTrace(explanation) {
  if (!explanation || !Array.isArray(explanation.statements)) return null;
  const rows = [];
  for (const s of explanation.statements) {
    for (const c of s.conditions || []) {
      const failing = s.effect === 'Allow' && c.result === false;
      rows.push(h('tr', { class: failing ? 'decisive' : null, 'data-decisive-condition': failing ? 'true' : null },
        h('td', {}, s.sid ? s.sid : 'statement ' + s.index),
        h('td', {}, c.operator),
        h('td', {}, c.key),
        h('td', {}, (c.policyValues || []).join(', ')),
        h('td', {}, c.keyMissing ? '(absent)' : (c.requestValues || []).join(', ')),
        h('td', {}, badge(c.result ? 'pass' : 'fail'))));
    }
  }
  return h('section', {},
    h('h3', {}, 'Trust policy conditions'),
    explanation.summary ? h('p', {}, explanation.summary) : null,
    table('Trust policy conditions', ['Statement', 'Operator', 'Key', 'Expected (policy)', 'Actual (request)', 'Result'], rows));
}
