// Trust: what the server decides against now (the live views: keyless.yaml merged with what the IAM
// APIs created), each resource with where it came from, and keyless lint's findings.
import { api, append, clear, h, table } from './dom.js';

function findings(list) {
  if (!list || list.length === 0) return h('p', { class: 'muted' }, 'No lint findings.');
  return h('ul', {}, list.map((f) => h('li', { class: 'finding' },
    h('span', { class: 'badge ' + (f.severity === 'ERROR' ? 'deny' : 'other') }, f.severity), ' ', f.rule + ': ' + f.message)));
}

export async function renderTrust(main) {
  const r = await api('trust');
  const t = r.json;
  clear(main);
  main.append(h('h1', {}, 'Trust'));
  main.append(h('h2', {}, 'AWS accounts'));
  for (const a of t.awsAccounts || []) {
    const card = h('section', { class: 'card' }, h('h3', {}, 'Account ' + a.accountId + ' (condition keys: ' + a.conditionKeys + ')'));
    card.append(table('OIDC providers of ' + a.accountId, ['Provider', 'Client ids', 'Source'],
      (a.providers || []).map((p) => h('tr', {}, h('td', {}, p.arn), h('td', {}, (p.clientIds || []).join(', ')), h('td', {}, p.source)))));
    for (const role of a.roles || []) {
      card.append(h('h3', {}, 'Role ' + role.name),
        h('p', {}, h('code', {}, role.arn), ' · source: ' + role.source + ' · max session ' + role.maxSessionDuration + ' s'),
        h('div', { class: 'row align-top' },
          h('div', {}, h('h4', {}, 'Trust policy'), h('pre', {}, role.trustPolicy)),
          h('div', {}, h('h4', {}, 'Lint findings'), findings(role.findings))));
    }
    main.append(card);
  }
  main.append(h('h2', {}, 'GCP projects'));
  for (const p of t.gcpProjects || []) {
    const card = h('section', { class: 'card' }, h('h3', {}, 'Project ' + p.projectId + ' (' + p.number + ')'));
    for (const pool of p.pools || []) {
      card.append(h('h4', {}, 'Pool ' + pool.id + (pool.disabled ? ' (disabled)' : '')),
        h('p', { class: 'muted' }, 'source: ' + pool.source));
      for (const pr of pool.providers || []) {
        card.append(h('p', {}, 'Provider ' + pr.id + (pr.disabled ? ' (disabled)' : '') + ' · issuer ' + pr.issuerUri
            + ' · source: ' + pr.source),
          h('p', {}, h('code', {}, pr.audience)),
          table('Attribute mapping of ' + pr.id, ['Attribute', 'CEL'],
            Object.entries(pr.attributeMapping || {}).map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, h('code', {}, v))))),
          h('p', {}, 'Attribute condition: ', h('code', {}, pr.attributeCondition || '(none)')));
      }
    }
    card.append(h('h4', {}, 'Service accounts'));
    for (const sa of p.serviceAccounts || []) {
      const rows = [];
      for (const [role, members] of Object.entries(sa.bindings || {})) {
        for (const m of members) rows.push(h('tr', {}, h('td', {}, role), h('td', {}, m)));
      }
      card.append(h('p', {}, h('code', {}, sa.email), ' · source: ' + sa.source), table('Bindings of ' + sa.email, ['Role', 'Member'], rows));
    }
    card.append(h('h4', {}, 'Lint findings'), findings(p.findings));
    main.append(card);
  }
  main.append(h('h2', {}, 'CI API clients'),
    table('CI API clients', ['Name', 'Projects'], (t.ciClients || []).map((c) =>
      h('tr', {}, h('td', {}, c.name), h('td', {}, (c.projects || []).join(', '))))));
  append(main, [h('p', { class: 'muted' }, 'Client secrets are never shown; only their names and project globs.')]);
}
