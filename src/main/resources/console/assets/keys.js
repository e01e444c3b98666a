// Keys: the issuer's key ring as a JWKS cacher sees it, the sealing keys, rotation with a confirmation.
import { api, clear, h, table } from './dom.js';

export async function renderKeys(main, session) {
  const r = await api('keys');
  const k = r.json;
  clear(main);
  main.append(h('h1', {}, 'Keys'));
  main.append(h('h2', {}, 'Issuer signing keys'),
    h('p', {}, 'The JWKS is served with Cache-Control ', h('code', {}, k.jwksCacheControl),
      ': a relying party that fetched it at ' + k.now + ' keeps that copy for ' + k.jwksMaxAgeSeconds + ' s.'),
    table('Issuer keys', ['Key id', 'Alg', 'State', 'Created', 'Signs from', 'Unpublished after', 'What a JWKS cacher sees'],
      (k.issuerKeys || []).map((x) => h('tr', {}, h('td', {}, h('code', {}, x.kid)), h('td', { class: 'nowrap' }, x.alg), h('td', { class: 'nowrap' }, x.state),
        h('td', {}, x.created), h('td', {}, x.activated), h('td', {}, x.unpublishAfter || '—'), h('td', {}, x.cacheNote)))));
  main.append(h('h2', {}, 'Credential sealing keys'),
    table('Sealing keys', ['Id', 'Created', 'Age (days)', 'State'],
      (k.sealingKeys || []).map((x) => h('tr', {}, h('td', {}, String(x.id)), h('td', {}, x.created), h('td', {}, String(x.ageDays)),
        h('td', {}, x.active ? 'active' : x.retired ? 'retired ' + x.retired : 'opens older tokens')))));

  const which = h('select', { id: 'rotate-keys', name: 'keys' },
    h('option', { value: 'issuer' }, 'Issuer signing key'), h('option', { value: 'sealing' }, 'Credential sealing key'));
  const now = h('input', { id: 'rotate-now', type: 'checkbox', name: 'now' });
  const start = h('button', { type: 'button', id: 'rotate-start', class: 'danger' }, 'Rotate…');
  const confirm = h('div', { id: 'rotate-confirm', class: 'card confirm', hidden: true, role: 'group', 'aria-labelledby': 'confirm-text' },
    h('p', { id: 'confirm-text' }, ''),
    h('button', { type: 'button', id: 'rotate-confirm-button', class: 'danger' }, 'Yes, rotate'),
    h('button', { type: 'button', id: 'rotate-cancel', class: 'secondary' }, 'Cancel'));
  const result = h('p', { id: 'rotate-result', role: 'status' });
  const section = h('section', { class: 'card' }, h('h2', {}, 'Rotate'),
    h('p', { class: 'muted' }, session.role === 'admin' ? 'You are signed in as an administrator.'
      : 'Rotation needs an administrator sign-in; this session is read-only.'),
    h('label', { for: 'rotate-keys' }, 'Which keys'), which,
    h('div', { class: 'check-inline' }, now, h('label', { for: 'rotate-now' }, 'Activate at once (compromised key)')),
    start, confirm, result);
  main.append(section);
  start.addEventListener('click', () => {
    confirm.querySelector('#confirm-text').textContent = 'Rotate the ' + which.options[which.selectedIndex].text.toLowerCase()
      + (now.checked ? ', activating the new key at once' : ', publishing the new key before it signs') + '?';
    confirm.hidden = false;
    confirm.querySelector('#rotate-confirm-button').focus();
  });
  confirm.querySelector('#rotate-cancel').addEventListener('click', () => { confirm.hidden = true; start.focus(); });
  confirm.querySelector('#rotate-confirm-button').addEventListener('click', async () => {
    confirm.hidden = true;
    const res = await api('keys/rotate', { confirm: true, keys: which.value, now: now.checked });
    result.textContent = res.ok ? 'Done: ' + res.json.result : 'Refused (' + res.status + '): ' + (res.json.error || '');
    result.className = res.ok ? '' : 'error';
    if (res.ok) window.setTimeout(() => renderKeys(main, session), 800);
  });
}
