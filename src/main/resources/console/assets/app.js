// The console shell: who is signed in, the page for this path, sign-out.
import { api, setCsrf } from './dom.js';
import { renderDecisions } from './decisions.js';
import { renderTrust } from './trust.js';
import { renderKeys } from './keys.js';
import { renderPlayground } from './playground.js';

const pages = { decisions: renderDecisions, trust: renderTrust, keys: renderKeys, playground: renderPlayground };
const titles = { decisions: 'Decisions', trust: 'Trust', keys: 'Keys', playground: 'Playground' };

async function start() {
  const session = await api('session');
  setCsrf(session.json.csrf || '');
  document.getElementById('who').textContent = 'Signed in: ' + (session.json.who || '') + ' (' + (session.json.role || '') + ')';
  const page = window.location.pathname.replace(/^\/console\//, '').replace(/\/$/, '');
  for (const link of document.querySelectorAll('.top nav a')) {
    if (link.getAttribute('href') === '/console/' + page) link.setAttribute('aria-current', 'page');
  }
  document.title = (titles[page] || 'Console') + ' · Keyless console';
  document.getElementById('signout').addEventListener('click', async () => {
    await api('signout', {});
    window.location.assign('/console/signin');
  });
  const main = document.getElementById('main');
  const render = pages[page] || renderDecisions;
  await render(main, session.json);
}

start();
