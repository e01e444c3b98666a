// Decisions: the audit log, newest first, polled twice a second; a request id opens the decision with
// every check the server made, the decisive one highlighted.
import { api, append, badge, checksTable, clear, h, policyTrace, pretty, table } from './dom.js';

const KINDS = ['AWS_ASSUME_ROLE_WITH_WEB_IDENTITY', 'AWS_GET_CALLER_IDENTITY', 'GCP_TOKEN_EXCHANGE', 'GCP_INTROSPECT',
  'GCP_GENERATE_ACCESS_TOKEN', 'GCP_GENERATE_ID_TOKEN', 'TOKEN_MINTED', 'CI_API', 'GCP_IAM_CONFIG', 'IAM_CHANGE', 'KEY_ROTATED'];
// Twice a second: a new exchange is listed well within 2 s even when a poll is slow.
const POLL_MS = 500;
const SVG = 'http://www.w3.org/2000/svg';

function field(id, label, control) {
  return h('div', {}, h('label', { for: id }, label), control);
}

function select(id, options) {
  return h('select', { id, name: id }, options.map(([value, text]) => h('option', { value }, text)));
}

export async function renderDecisions(main) {
  const params = new URLSearchParams(window.location.search);
  const requested = params.get('request');
  const search = h('input', { id: 'search', name: 'request', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. 4f1c2a…', value: requested || '' });
  const searchForm = h('form', { id: 'search-form', class: 'card', role: 'search' },
    h('label', { for: 'search' }, 'Request id (or a part of it)'),
    h('div', { class: 'row' }, h('div', {}, search), h('div', {}, h('button', { type: 'submit' }, 'Open decision'))));
  const filters = h('form', { id: 'filters', class: 'card', 'aria-label': 'Filters' },
    h('div', { class: 'row' },
      field('f-outcome', 'Outcome', select('f-outcome', [['', 'All'], ['allowed', 'Allowed'], ['denied', 'Denied']])),
      field('f-kind', 'Kind', select('f-kind', [['', 'All kinds'], ...KINDS.map((k) => [k, k])])),
      field('f-role', 'Role or service account', h('input', { id: 'f-role', name: 'role', type: 'text' })),
      field('f-subject', 'Subject', h('input', { id: 'f-subject', name: 'subject', type: 'text' })),
      field('f-project', 'Project path', h('input', { id: 'f-project', name: 'project', type: 'text' })),
      field('f-minutes', 'Time', select('f-minutes', [['', 'Any time'], ['15', 'Last 15 minutes'], ['60', 'Last hour'],
        ['1440', 'Last day']]))));
  const detail = h('section', { id: 'detail', 'aria-live': 'polite' });
  const chart = h('section', { class: 'card chart', id: 'chart' });
  const status = h('p', { id: 'live-status', class: 'muted', 'aria-live': 'polite' }, 'Loading…');
  const list = h('section', { id: 'list' });
  clear(main);
  append(main, [h('h1', {}, 'Decisions'), searchForm, detail, chart, filters, status, list]);

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = search.value.trim();
    if (!id) return;
    const url = new URL(window.location.href);
    url.searchParams.set('request', id);
    window.history.pushState({}, '', url);
    openDecision(detail, id);
  });
  filters.addEventListener('change', () => refresh(true));
  filters.addEventListener('input', () => refresh(true));
  filters.addEventListener('submit', (event) => { event.preventDefault(); refresh(true); });
  list.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-request-id]');
    if (!link) return;
    event.preventDefault();
    const id = link.getAttribute('data-request-id');
    search.value = id;
    window.history.pushState({}, '', link.getAttribute('href'));
    openDecision(detail, id);
  });
  window.addEventListener('popstate', () => {
    const id = new URLSearchParams(window.location.search).get('request');
    if (id) openDecision(detail, id); else clear(detail);
  });

  let lastKey = '';
  let busy = false;
  async function refresh(force) {
    if (busy) return;
    busy = true;
    try {
      const q = new URLSearchParams();
      for (const [id, name] of [['f-outcome', 'outcome'], ['f-kind', 'kind'], ['f-role', 'role'], ['f-subject', 'subject'],
        ['f-project', 'project'], ['f-minutes', 'minutes']]) {
        const v = document.getElementById(id).value.trim();
        if (v) q.set(name, v);
      }
      const r = await api('decisions?' + q.toString());
      const events = r.json.events || [];
      const key = q.toString() + '|' + events.map((e) => e.requestId + e.kind).join(',');
      if (force || key !== lastKey) {
        lastKey = key;
        renderList(list, events);
      }
      status.textContent = events.length + ' decisions shown · updated ' + new Date().toLocaleTimeString();
    } finally {
      busy = false;
    }
  }

  await refresh(true);
  await drawChart(chart);
  if (requested) await openDecision(detail, requested);
  window.setInterval(() => refresh(false), POLL_MS);
  window.setInterval(() => drawChart(chart), 10_000);
}

function renderList(list, events) {
  clear(list);
  if (events.length === 0) {
    list.append(h('p', { class: 'muted' }, 'No decision matches.'));
    return;
  }
  const rows = events.map((e) => h('tr', { 'data-request-id': e.requestId },
    h('td', {}, h('time', {}, e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))),
    h('td', {}, badge(e.decision)),
    h('td', {}, e.kind),
    h('td', {}, e.role || ''),
    h('td', {}, e.subject || ''),
    h('td', {}, h('a', { href: '/console/decisions?request=' + encodeURIComponent(e.requestId), 'data-request-id': e.requestId },
      e.requestId))));
  list.append(table('Decisions, newest first', ['Time', 'Decision', 'Kind', 'Role or service account', 'Subject', 'Request id'], rows));
}

async function openDecision(detail, id) {
  clear(detail);
  detail.append(h('p', { class: 'muted' }, 'Opening ' + id + '…'));
  const r = await api('decision?id=' + encodeURIComponent(id));
  clear(detail);
  const ids = r.json.requestIds || [];
  if (ids.length === 0) {
    detail.append(h('p', { class: 'error', role: 'alert' }, 'No decision with request id ' + id + '.'));
    return;
  }
  if (ids.length > 1) {
    detail.append(h('p', {}, 'Several requests start with ' + id + ':'),
      h('ul', {}, ids.map((x) => h('li', {}, h('a', { href: '/console/decisions?request=' + encodeURIComponent(x), 'data-request-id': x }, x)))));
    return;
  }
  // Focus moves to the opened decision, so a keyboard user lands on what they asked for.
  const card = h('article', { class: 'card', id: 'decision', 'aria-labelledby': 'decision-title', tabindex: '-1' });
  card.append(h('h2', { id: 'decision-title' }, 'Request ' + ids[0]));
  for (const e of r.json.events || []) card.append(renderEvent(e));
  detail.append(card);
  card.focus();
}

function renderEvent(e) {
  const x = e.explanation && typeof e.explanation === 'object' ? e.explanation : null;
  const section = h('section', { class: 'event' });
  section.append(h('h3', {}, e.kind + ' ', badge(e.decision)));
  const dl = h('dl', { class: 'fields' });
  for (const name of ['time', 'reason', 'message', 'role', 'subject', 'issuer', 'audience', 'sessionName', 'clientAddress',
    'userAgent', 'jti', 'tokenSha256']) {
    if (e[name] !== undefined && e[name] !== '') dl.append(h('dt', {}, name), h('dd', {}, String(e[name])));
  }
  section.append(dl);
  if (x && Array.isArray(x.checks)) {
    section.append(h('h3', {}, 'Checks'), checksTable(x.checks, x.check || x.decisiveCheck));
  } else if (x && (x.check || x.decisiveCheck)) {
    section.append(h('p', { class: 'decisive', 'data-decisive': 'true' }, 'Decisive check: ' + (x.check || x.decisiveCheck)
      + (x.detail ? ' — ' + x.detail : '')));
  }
  const trace = policyTrace(x);
  if (trace) section.append(trace);
  if (x) {
    const rest = Object.assign({}, x);
    delete rest.checks;
    delete rest.statements;
    const details = h('details', {}, h('summary', {}, 'Stored explanation (JSON)'), h('pre', {}, pretty(rest)));
    section.append(details);
  } else if (typeof e.explanation === 'string') {
    section.append(h('pre', {}, e.explanation));
  }
  return section;
}

async function drawChart(container) {
  const r = await api('chart');
  const minutes = r.json.minutes || [];
  const max = Math.max(1, ...minutes.map((m) => m.allowed + m.denied));
  const allowed = minutes.reduce((a, m) => a + m.allowed, 0);
  const denied = minutes.reduce((a, m) => a + m.denied, 0);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 600 90');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Allowed and denied exchanges per minute over the last hour: ' + allowed + ' allowed, '
    + denied + ' denied');
  const w = 600 / Math.max(1, minutes.length);
  minutes.forEach((m, i) => {
    const ha = (m.allowed / max) * 80;
    const hd = (m.denied / max) * 80;
    for (const [cls, height, y, n] of [['allowed', ha, 85 - ha, m.allowed], ['denied', hd, 85 - ha - hd, m.denied]]) {
      if (height <= 0) continue;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('class', cls);
      rect.setAttribute('x', String(i * w + 1));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(Math.max(1, w - 2)));
      rect.setAttribute('height', String(height));
      const title = document.createElementNS(SVG, 'title');
      title.textContent = m.minute.substring(11, 16) + ' UTC: ' + n + ' ' + cls;
      rect.append(title);
      svg.append(rect);
    }
  });
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('class', 'axis');
  axis.setAttribute('x1', '0'); axis.setAttribute('x2', '600'); axis.setAttribute('y1', '85.5'); axis.setAttribute('y2', '85.5');
  svg.append(axis);
  clear(container);
  container.append(h('h2', {}, 'Last hour'),
    h('p', { class: 'legend' }, h('span', { class: 'swatch allowed' }), 'allowed ' + allowed,
      h('span', { class: 'swatch denied' }), 'denied ' + denied, ' · per minute'),
    svg);
}
