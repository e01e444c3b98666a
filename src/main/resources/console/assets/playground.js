// Playground: a pasted or freshly minted token, decoded, and the decision `keyless explain` makes for it.
import { api, checksTable, clear, h, policyTrace, pretty } from './dom.js';

function field(id, label, control) {
  return h('div', {}, h('label', { for: id }, label), control);
}

export async function renderPlayground(main) {
  const trust = (await api('trust')).json;
  const roles = (trust.awsAccounts || []).flatMap((a) => (a.roles || []).map((r) => r.arn));
  const providers = (trust.gcpProjects || []).flatMap((p) => (p.pools || []).flatMap((pool) => (pool.providers || []).map((x) => x.audience)));
  const accounts = (trust.gcpProjects || []).flatMap((p) => (p.serviceAccounts || []).map((s) => s.email));

  const token = h('textarea', { id: 'pg-token', name: 'token', rows: 5, spellcheck: 'false', autocomplete: 'off' });
  const mintForm = h('form', { id: 'mint-form', class: 'card', 'aria-labelledby': 'mint-title' },
    h('h2', { id: 'mint-title' }, 'Mint a job token'),
    h('div', { class: 'row' },
      field('m-project', 'Project path', h('input', { id: 'm-project', name: 'projectPath', type: 'text', value: 'mygroup/myrepo', required: true })),
      field('m-ref', 'Ref', h('input', { id: 'm-ref', name: 'ref', type: 'text', value: 'main', required: true })),
      field('m-reftype', 'Ref type', h('select', { id: 'm-reftype', name: 'refType' }, h('option', { value: 'branch' }, 'branch'), h('option', { value: 'tag' }, 'tag'))),
      field('m-env', 'Environment', h('input', { id: 'm-env', name: 'environment', type: 'text' })),
      field('m-source', 'Pipeline source', h('select', { id: 'm-source', name: 'pipelineSource' },
        ['push', 'web', 'schedule', 'merge_request_event', 'trigger', 'api', 'pipeline', 'parent_pipeline'].map((s) => h('option', { value: s }, s)))),
      field('m-aud', 'Audience', h('input', { id: 'm-aud', name: 'audience', type: 'text', value: 'sts.amazonaws.com', required: true }))),
    h('div', { class: 'check-inline' }, h('input', { id: 'm-protected', type: 'checkbox', name: 'protected' }),
      h('label', { for: 'm-protected' }, 'Protected ref')),
    h('button', { type: 'submit', id: 'mint-button' }, 'Mint token'),
    h('p', { id: 'mint-error', class: 'error', role: 'alert' }));

  const targetAws = h('input', { id: 't-aws', type: 'radio', name: 'target', value: 'aws', checked: true });
  const targetGcp = h('input', { id: 't-gcp', type: 'radio', name: 'target', value: 'gcp' });
  const role = h('select', { id: 'pg-role', name: 'roleArn' }, roles.map((r) => h('option', { value: r }, r)));
  const provider = h('select', { id: 'pg-provider', name: 'audience' }, providers.map((p) => h('option', { value: p }, p)));
  const sa = h('select', { id: 'pg-sa', name: 'serviceAccount' }, h('option', { value: '' }, '(none: exchange only)'),
    accounts.map((s) => h('option', { value: s }, s)));
  const decideForm = h('form', { id: 'decide-form', class: 'card', 'aria-labelledby': 'decide-title' },
    h('h2', { id: 'decide-title' }, 'Token and target'),
    h('label', { for: 'pg-token' }, 'Job token (JWT)'), token,
    h('fieldset', {}, h('legend', {}, 'Target'),
      h('div', { class: 'check-inline' }, targetAws, h('label', { for: 't-aws' }, 'AWS role')),
      h('div', { class: 'check-inline' }, targetGcp, h('label', { for: 't-gcp' }, 'GCP provider and service account'))),
    h('div', { class: 'row' },
      field('pg-role', 'AWS role', role),
      field('pg-provider', 'GCP provider (audience)', provider),
      field('pg-sa', 'Service account', sa)),
    h('button', { type: 'submit', id: 'decide-button' }, 'Decide'),
    h('p', { id: 'decide-error', class: 'error', role: 'alert' }));
  const result = h('section', { id: 'result', 'aria-live': 'polite' });

  clear(main);
  main.append(h('h1', {}, 'Playground'),
    h('p', { class: 'muted' }, 'The decision below is the one keyless explain prints, made against the live configuration. Nothing is exchanged.'),
    mintForm, decideForm, result);

  mintForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const err = document.getElementById('mint-error');
    err.textContent = '';
    const r = await api('playground/mint', {
      projectPath: document.getElementById('m-project').value, ref: document.getElementById('m-ref').value,
      refType: document.getElementById('m-reftype').value, environment: document.getElementById('m-env').value,
      pipelineSource: document.getElementById('m-source').value, audience: document.getElementById('m-aud').value,
      protected: document.getElementById('m-protected').checked,
    });
    if (r.ok) {
      token.value = r.json.token;
      token.focus();
    } else {
      err.textContent = r.json.error || ('refused: ' + r.status);
    }
  });

  decideForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const err = document.getElementById('decide-error');
    err.textContent = '';
    const body = { token: token.value.trim() };
    if (targetGcp.checked) {
      body.audience = provider.value;
      body.serviceAccount = sa.value;
    } else {
      body.roleArn = role.value;
    }
    const r = await api('playground/explain', body);
    clear(result);
    if (!r.ok) {
      err.textContent = r.json.error || ('refused: ' + r.status);
      return;
    }
    renderResult(result, r.json);
  });
}

function renderResult(result, out) {
  const report = out.report || {};
  const allowed = report.decision === 'allowed';
  result.append(h('div', { class: 'card' },
    h('h2', {}, 'Decision'),
    h('p', { id: 'pg-decision', class: 'decision-banner ' + (allowed ? 'allowed' : 'denied') },
      (allowed ? 'ALLOWED' : 'DENIED') + ' — ' + (report.reason || '')),
    h('p', { class: 'muted' }, report.exchange || ''),
    checksTable(report.checks || []),
    policyTrace(report.detail) || (report.detail ? h('details', {}, h('summary', {}, 'Detail (JSON)'), h('pre', {}, pretty(report.detail))) : null)));
  result.append(h('div', { class: 'card' },
    h('h2', {}, 'Token'),
    h('h3', {}, 'Header'), h('pre', { id: 'pg-header' }, out.header ? pretty(out.header) : (out.headerError || '')),
    h('h3', {}, 'Claims'), h('pre', { id: 'pg-claims' }, out.claims ? pretty(out.claims) : (out.claimsError || ''))));
  const commands = h('div', { class: 'card' }, h('h2', {}, 'Copy as command'));
  for (const [name, line] of Object.entries(out.commands || {})) {
    const id = 'cmd-' + name;
    const pre = h('pre', { id }, line);
    const button = h('button', { type: 'button', class: 'secondary', 'aria-controls': id }, 'Copy ' + name + ' command');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(line);
        button.textContent = 'Copied';
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(pre);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = 'Selected: press Ctrl+C';
      }
    });
    commands.append(h('h3', {}, name), pre, button);
  }
  result.append(commands);
}
